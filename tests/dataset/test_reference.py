"""The reference catalog: what it holds, the checks that guard it, and rows added from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zibo_analysis.dataset import (
    CHANGE_BASES,
    KINDS,
    TOPICS,
    DataError,
    add_to_catalog,
    build_indicators,
    catalog_rows,
    check_reference,
    load_reference,
    load_synonyms,
)
from zibo_analysis.dataset.schemas import TOPIC_SCOPE
from zibo_analysis.quantities.units import REPORTED_UNITS

from .helpers import ROOT

REFERENCE = ROOT / "data/reference"
HEADER = "indicator_id,name_zh,name_en,topic,unit,kind,higher_is_better,definition,numerator_id,gap_of,gap_direction"
FULL_HEADER = (
    HEADER + ",change_of,change_base"
)  # the catalog's columns today; HEADER is an older catalog's


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of data/reference/ beside a copy of the project's catalog, to break."""
    shutil.copytree(REFERENCE, tmp_path / "data/reference")
    shutil.copy(ROOT / "data/catalog.csv", tmp_path / "data/catalog.csv")
    return tmp_path / "data/reference"


def messages(directory: Path) -> list[str]:
    return [str(i) for i in check_reference(directory, directory.parent / "catalog.csv")]


def replace_line(path: Path, start: str, new: str) -> int:
    """Replace the line beginning with ``start``; return its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    (number,) = [n for n, line in enumerate(lines) if line.startswith(start)]
    lines[number] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


# ------------------------------------------------------------ what it holds --


def test_the_shipped_reference_passes_every_check():
    assert check_reference() == []


def test_at_least_250_indicators_and_every_topic_used(reference):
    assert len(reference) >= 250
    assert set(reference["topic"]) == set(TOPICS)
    assert set(reference["kind"]) <= set(KINDS)
    assert reference["indicator_id"].is_unique and reference["name_zh"].is_unique


def test_mortality_rates_keep_their_base_and_lower_is_better(reference):
    rows = reference.set_index("indicator_id")
    assert rows.loc["infant_mortality_rate", ["name_zh", "unit", "kind"]].tolist() == [
        "婴儿死亡率",
        "per_mille",
        "rate",
    ]
    assert rows.loc["maternal_mortality_ratio", ["unit", "gho_code", "sdg_code"]].tolist() == [
        "per_100k",
        "MDG_0000000026",
        "3.1.1",
    ]
    assert not rows.loc["under5_mortality_rate", "higher_is_better"]


def test_a_change_names_the_level_it_changes_and_its_base(reference):
    row = reference.set_index("indicator_id").loc["urban_new_jobs_yoy_change"]
    assert (row["kind"], row["change_of"], row["change_base"], row["unit"]) == (
        "change",
        "urban_new_jobs",
        "same_period_last_year",
        "人",
    )


def test_per_1000_densities_are_ratios_in_the_counted_unit(reference):
    rows = reference.set_index("indicator_id")
    assert rows.loc["beds_per_1000", ["unit", "kind"]].tolist() == ["张", "ratio"]
    assert rows.loc["physicians_per_1000", ["unit", "sdg_code"]].tolist() == ["人|名", "3.c.1"]


def test_ids_shared_with_the_project_catalog_keep_its_meaning(reference):
    rows = reference.set_index("indicator_id")
    assert rows.loc["disadvantaged_placements", "name_zh"] == "就业困难人员实现就业人数"
    assert rows.loc["urban_new_jobs", ["topic", "kind"]].tolist() == ["employment", "flow"]


@pytest.mark.parametrize(
    "synonym, indicator",
    [
        ("平均住院日", "average_length_of_stay"),
        ("床位数", "health_institution_beds"),
        ("困难群体再就业人数", "disadvantaged_placements"),
        ("引进大专及以上高校毕业生", "college_talent_recruited"),
        ("医保参保人数", "medical_insurance_insured"),
        ("个人卫生支出占比", "out_of_pocket_share"),
    ],
)
def test_a_synonym_names_its_one_indicator(synonym, indicator):
    synonyms = load_synonyms()
    assert synonyms.loc[synonyms["synonym"] == synonym, "indicator_id"].tolist() == [indicator]


def test_units_are_those_the_extractor_reports():
    assert {"percent", "per_mille", "per_100k", "percentage_point", "yuan", "张", "人次"} <= REPORTED_UNITS  # fmt: skip
    assert "元" not in REPORTED_UNITS and "万人" not in REPORTED_UNITS


def test_readme_documents_every_topic_kind_and_base():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for topic, scope in TOPIC_SCOPE.items():
        assert f"| `{topic}` | {scope} |" in readme
    for value in (*KINDS, *CHANGE_BASES):
        assert f"`{value}`" in readme


# --------------------------------------------------------- what is refused --

BROKEN = {
    "duplicate-id": (
        "indicators.csv",
        "icu_beds_per_100k,",
        "beds_per_1000,每10万人口重症医学床位数,ICU beds,health_care,张,ratio,true,Beds.,,,,,,,,",
        "indicator_id: field_uniqueness (got 'beds_per_1000')",
    ),
    "unknown-kind": (
        "indicators.csv",
        "hospitals,",
        "hospitals,医院数,Hospitals,health_care,个|家|所,level,true,Hospitals.,,,,,,,,",
        "kind: must be one of stock, cumulative, flow, rate, ratio, change (got 'level')",
    ),
    "unit-with-a-scale": (
        "indicators.csv",
        "hospitals,",
        "hospitals,医院数,Hospitals,health_care,万个,stock,true,Hospitals.,,,,,,,,",
        "unit: must be units the extractor reports",
    ),
    "sdg-code-too-short": (
        "indicators.csv",
        "life_expectancy,",
        "life_expectancy,人均预期寿命,Life expectancy,public_health,岁,ratio,true,Years.,,,,,,WHOSIS_000001,3.1,",
        "sdg_code: must be empty or a code like",
    ),
    "change-without-level": (
        "indicators.csv",
        "hospitals_change,",
        "hospitals_change,医院数比上年增加,Change in hospitals,health_care,个,change,true,More.,,,,,previous_year,,,",
        "change_of: a change must name the indicator it changes",
    ),
    "level-with-a-base": (
        "indicators.csv",
        "hospitals,",
        "hospitals,医院数,Hospitals,health_care,个|家|所,stock,true,Hospitals.,,,,,previous_year,,,",
        "kind: is stock, but change_of or change_base is set; only a change has them",
    ),
    "numerator-unknown": (
        "indicators.csv",
        "pension_coverage_rate,",
        "pension_coverage_rate,基本养老保险参保率,Coverage,insurance,percent,rate,true,Share.,pension_insure,,,,,,,",
        'numerator_id: unknown indicator "pension_insure"; did you mean "pension_insured"?',
    ),
    "synonym-of-two": (
        "synonyms.csv",
        "平均住院日,",
        "床位数,average_length_of_stay",
        '"床位数" is a name of health_institution_beds, not of average_length_of_stay (data/reference/synonyms.csv line',
    ),
    "full-width-twin-of-a-name": (
        "synonyms.csv",
        "平均住院日,",
        "执业（助理）医师数,average_length_of_stay",
        '"执业（助理）医师数" is a name of licensed_physicians, not of average_length_of_stay '
        "(data/reference/indicators.csv line",
    ),
    "synonym-of-unknown": (
        "synonyms.csv",
        "平均住院日,",
        "平均住院日,average_length_of_stai",
        'indicator_id: unknown indicator "average_length_of_stai"; did you mean "average_length_of_stay"?',
    ),
    "shared-id-other-kind": (
        "indicators.csv",
        "urban_new_jobs,",
        "urban_new_jobs,城镇新增就业人数,New urban jobs,employment,人,cumulative,true,Jobs.,,,,,,,,",
        'kind: urban_new_jobs is kind "cumulative" here but "flow" in data/catalog.csv',
    ),
}


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_reference_is_reported_with_file_line_and_field(copy, name):
    file, start, new, expected = BROKEN[name]
    line = replace_line(copy / file, start, new)
    found = messages(copy)
    where = f"data/reference/{file} line {line}, "
    assert any(m.startswith(where) and expected in m for m in found), found


def test_a_header_without_rows_is_refused(copy):
    (copy / "synonyms.csv").write_text("synonym,indicator_id\n", encoding="utf-8")
    assert "data/reference/synonyms.csv line 1: has a header but no rows; add one" in messages(copy)


# ------------------------------------------------------ rows for a catalog --


def test_catalog_rows_follow_the_columns_given(reference):
    rows = catalog_rows(
        ["urban_new_jobs_yoy_change"],
        ["indicator_id", "change_of", "kind", "higher_is_better", "remark"],
        reference,
    )
    assert rows.values.tolist() == [["urban_new_jobs_yoy_change", "urban_new_jobs", "change", "true", ""]]  # fmt: skip


def small_catalog(path: Path, newline: str = "\n", bom: bool = False) -> bytes:
    text = newline.join([HEADER, "my_beds,床位(张),Beds,health_care,张,stock,true,Beds.,,,", ""])
    content = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return content


def test_add_appends_after_the_analysts_bytes_in_their_line_endings(tmp_path, reference):
    catalog = tmp_path / "data/catalog.csv"
    before = small_catalog(catalog, newline="\r\n", bom=True)
    added = add_to_catalog(
        ["life_expectancy", "pension_insured", "pension_coverage_rate"], catalog, reference
    )
    after = catalog.read_bytes()
    assert after.startswith(before)
    assert after[len(before) :].decode().split("\r\n") == [
        "life_expectancy,人均预期寿命,Life expectancy at birth,public_health,岁,ratio,true,Years a newborn "
        "would live on average if the death rates of the year held throughout life.,,,",
        "pension_insured,基本养老保险参保人数,People insured by basic pension "
        'insurance,insurance,人,stock,true,"People enrolled in basic pension insurance, employee and '
        'resident schemes together.",,,',
        "pension_coverage_rate,基本养老保险参保率,Basic pension insurance "
        "coverage,insurance,percent,rate,true,People enrolled in basic pension insurance as a share of "
        "the population that should be covered.,pension_insured,,",
        "",
    ]
    assert added["indicator_id"].tolist() == [
        "life_expectancy",
        "pension_insured",
        "pension_coverage_rate",
    ]


def test_add_ends_an_unterminated_last_line_first(tmp_path, reference):
    catalog = tmp_path / "data/catalog.csv"
    catalog.parent.mkdir()
    catalog.write_text(
        HEADER + "\nmy_beds,床位(张),Beds,health_care,张,stock,true,Beds.,,,", "utf-8"
    )
    add_to_catalog(["internet_hospitals"], catalog, reference)
    assert catalog.read_text("utf-8").splitlines()[1:] == [
        "my_beds,床位(张),Beds,health_care,张,stock,true,Beds.,,,",
        "internet_hospitals,互联网医院数,Internet hospitals,health_care,个|家|所,stock,true,Hospitals licensed to "
        "offer consultations and follow-up care online.,,,",
    ]


def test_add_to_a_header_only_or_missing_catalog(tmp_path, reference):
    header_only = tmp_path / "a/data/catalog.csv"
    header_only.parent.mkdir(parents=True)
    header_only.write_text(FULL_HEADER + "\n", "utf-8")
    add_to_catalog(["hospitals"], header_only, reference)
    missing = tmp_path / "b/data/catalog.csv"
    missing.parent.mkdir(parents=True)
    add_to_catalog(["hospitals"], missing, reference)
    assert header_only.read_text("utf-8") == missing.read_text("utf-8")
    assert missing.read_text("utf-8").splitlines()[0] == FULL_HEADER


def refused(catalog: Path, ids: list[str], reference) -> list[str]:
    before = catalog.read_bytes()
    with pytest.raises(DataError) as err:
        add_to_catalog(ids, catalog, reference)
    assert catalog.read_bytes() == before
    return [str(i) for i in err.value.issues]


def test_add_refuses_an_id_already_there_and_writes_nothing(tmp_path, reference):
    catalog = tmp_path / "data/catalog.csv"
    catalog.parent.mkdir()
    shutil.copy(ROOT / "data/catalog.csv", catalog)
    found = refused(catalog, ["hospitals", "urban_new_jobs"], reference)
    assert len(found) == 1 and found[0].startswith("data/catalog.csv line ")
    assert found[0].endswith(
        "indicator_id: urban_new_jobs is already in the catalog; its row stays as it is (edit it there, "
        "or leave urban_new_jobs out)"
    )


def test_add_refuses_an_unknown_id_with_the_closest(tmp_path, reference):
    catalog = tmp_path / "data/catalog.csv"
    small_catalog(catalog)
    (found,) = refused(catalog, ["life_expectency"], reference)
    assert found.startswith(
        'catalog add: unknown reference indicator "life_expectency"; did you mean "life_expectancy"?'
    )


def test_add_given_a_chinese_name_points_to_its_id(tmp_path, reference):
    catalog = tmp_path / "data/catalog.csv"
    small_catalog(catalog)
    assert refused(catalog, ["平均住院日", "城镇调查失业"], reference) == [
        'catalog add: "平均住院日" is the Chinese name of average_length_of_stay; give its id',
        'catalog add: unknown reference indicator "城镇调查失业"; did you mean '
        "urban_surveyed_unemployment_rate (城镇调查失业率)? (give an id such as beds_per_1000)",
    ]


def test_add_asks_for_the_count_a_rate_is_a_share_of(tmp_path, reference):
    catalog = tmp_path / "data/catalog.csv"
    small_catalog(catalog)
    assert refused(catalog, ["pension_coverage_rate"], reference) == [
        "catalog add: pension_coverage_rate: its numerator_id pension_insured is neither in "
        "data/catalog.csv nor among the ids given; add both: zibo-analysis catalog add "
        "pension_coverage_rate pension_insured"
    ]


def test_add_refuses_a_chinese_name_the_catalog_already_uses(tmp_path, reference):
    catalog = tmp_path / "data/catalog.csv"
    catalog.parent.mkdir()
    catalog.write_text(HEADER + "\nmy_rate,城镇调查失业率,Rate,employment,percent,rate,false,Rate.,,,\n", "utf-8")  # fmt: skip
    assert refused(catalog, ["urban_surveyed_unemployment_rate"], reference) == [
        'data/catalog.csv line 2, name_zh: "城镇调查失业率" is already the name of my_rate; curate with '
        "my_rate, or rename it to urban_surveyed_unemployment_rate in the catalog and the curation"
    ]


def test_add_leaves_a_catalog_with_problems_alone(tmp_path, reference):
    catalog = tmp_path / "data/catalog.csv"
    catalog.parent.mkdir()
    catalog.write_text(HEADER + "\nmy_rate,失业率,Rate,jobs,percent,rate,false,Rate.,,,\n", "utf-8")
    assert refused(catalog, ["hospitals"], reference) == [
        "data/catalog.csv line 2, topic: must be one of health_care, public_health, insurance, "
        "employment, entrepreneurship (got 'jobs')",
        "data/catalog.csv: fix these problems first; nothing was added",
    ]


def test_a_row_added_is_curated_and_built(data_dir, reference):
    add_to_catalog(["urban_new_jobs"], data_dir / "catalog.csv", reference)
    with (data_dir / "curation.csv").open("a", encoding="utf-8") as curation:
        curation.write("zibo-2021-12-01,淄博市实现城镇新增就业5.53万人,,,urban_new_jobs,Zibo,2021-10-31,actual,\n")  # fmt: skip
    table = build_indicators(data_dir).set_index("indicator_id")
    assert table.loc["urban_new_jobs", ["value", "unit", "indicator_zh", "kind"]].tolist() == [
        55300,
        "人",
        "城镇新增就业人数",
        "flow",
    ]
