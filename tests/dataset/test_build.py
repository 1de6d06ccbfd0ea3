"""The build: values parsed from quotes, every failure reported with file, line and field."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from zibo_analysis.dataset import build_indicators, load_sources

from .helpers import CATALOG, CURATION, DOC, IGNORED, ROOT, edit, problems, write_csv

# --------------------------------------------------------- good inputs --


def test_values_come_from_the_quote(data_dir):
    table = build_indicators(data_dir).set_index("indicator_id")
    assert table.loc["famous_doctor_stations", "value"] == 102
    assert table.loc["famous_doctor_station_outpatient_visits", "value"] == 128_000
    loans = table.loc["startup_combo_loans"]
    assert (loans["value"], loans["unit"], loans["qualifier"]) == (155_000_000, "yuan", "nearly")
    assert table.loc["rural_two_cancer_screening_coverage", "value"] == 91.27
    unemployment = table.loc["urban_registered_unemployment_rate"]
    assert (unemployment["value"], unemployment["mention"]) == (3.2, "3.2%")


def test_every_row_is_traceable_to_its_quote(data_dir):
    table = build_indicators(data_dir)
    text = (data_dir / "raw/000_578db123918dbc52.txt").read_text(encoding="utf-8")
    for row in table.itertuples():
        assert text[row.start : row.end] == row.quote
        assert text[row.mention_start : row.mention_end] == row.mention
    assert list(table.columns[:16]) == [
        "obs_id", "doc_id", "indicator_id", "indicator_zh", "indicator_en", "topic", "region",
        "as_of", "period_start", "value", "unit", "qualifier", "status", "quote", "start", "end",
    ]  # fmt: skip


def test_body_quote_is_chosen_over_the_bold_summary(data_dir):
    # "建成“名医基层工作站”**102**个" in the summary is page furniture; the body says 102个
    table = build_indicators(data_dir)
    row = table[table.indicator_id == "famous_doctor_stations"].iloc[0]
    assert row["start"] > 900


# ---------------------------------------------------------- bad inputs --


def test_quote_not_found_names_file_line_field(data_dir):
    edit(data_dir, "curation.csv", 2, "quote", "派出353名名医专家们")
    assert problems(data_dir) == [
        'data/curation.csv line 2, quote: "派出353名名医专家们" not found in '
        "000_578db123918dbc52.txt; copy the quote exactly from the article"
    ]


def test_quote_only_in_page_furniture_is_refused(data_dir):
    edit(data_dir, "curation.csv", 2, "quote", "建成“名医基层工作站”**102**个")
    assert "outside the body" in problems(data_dir)[0]


SITE = [
    "zhangdian-2023-08-31",
    "1处社区卫生服务中心",
    "",
    "",
    "famous_doctor_stations",
    "Zhangdian",
    "2023-12-31",
    "target",
    "",
]


def test_ambiguous_quote_asks_for_occurrence(data_dir):
    edit(data_dir, "catalog.csv", 2, "unit", "个|处")
    write_csv(data_dir / "curation.csv", CURATION + [SITE])
    (message,) = problems(data_dir)
    assert message.startswith(
        'data/curation.csv line 7, quote: "1处社区卫生服务中心" occurs 3 times in the body'
    )
    assert message.endswith("make it longer or set occurrence")


def test_occurrence_picks_one(data_dir):
    edit(data_dir, "catalog.csv", 2, "unit", "个|处")
    write_csv(data_dir / "curation.csv", CURATION + [SITE[:3] + ["3"] + SITE[4:]])
    row = build_indicators(data_dir).query("region == 'Zhangdian'").iloc[0]
    assert (row["value"], row["unit"], row["start"]) == (1, "处", 1971)
    write_csv(data_dir / "curation.csv", CURATION + [SITE[:3] + ["4"] + SITE[4:]])
    assert problems(data_dir) == [
        'data/curation.csv line 7, occurrence: 4 but "1处社区卫生服务中心" occurs 3 time(s) in the body'
    ]


def test_several_quantities_need_a_mention(data_dir):
    edit(data_dir, "curation.csv", 6, "mention", "")
    (message,) = problems(data_dir)
    assert message.startswith(
        "data/curation.csv line 6, mention: the quote holds 2 quantities (3.2%, 1.3个百分点)"
    )


def test_quote_that_cuts_the_number(data_dir):
    edit(data_dir, "curation.csv", 3, "quote", "累计开展门诊服务12.8万")
    edit(data_dir, "curation.csv", 3, "mention", "12.8万人次")
    assert 'cuts "12.8万人次" short' in problems(data_dir)[0]


def test_unknown_indicator_suggests_the_close_one(data_dir):
    edit(data_dir, "curation.csv", 2, "indicator_id", "famous_doctor_station")
    (message,) = problems(data_dir)
    assert message == ('data/curation.csv line 2, indicator_id: unknown indicator '
                       '"famous_doctor_station"; did you mean "famous_doctor_stations"?')  # fmt: skip


def test_unit_must_agree_with_catalog(data_dir):
    edit(data_dir, "catalog.csv", 2, "unit", "名")
    (message,) = problems(data_dir)
    assert 'line 2, quote: unit "个" of "102个" disagrees with data/catalog.csv line 2' in message


def test_rate_above_100_is_refused(data_dir):
    shutil.copy(ROOT / "data/raw/002_aac25bce87b931dd.txt", data_dir / "raw")
    rows = CURATION + [
        [
            "zibo-2021-11",
            "总数增长143%",
            "",
            "",
            "rural_two_cancer_screening_coverage",
            "Zibo",
            "2021-11-10",
            "actual",
            "",
        ]
    ]
    write_csv(data_dir / "curation.csv", rows)
    (message,) = problems(data_dir)
    assert (
        "line 7, indicator_id: 143% is 143 but rural_two_cancer_screening_coverage is a rate"
        in message
    )


def test_conflicting_values_for_one_fact(data_dir):
    rows = CURATION + [
        [
            DOC,
            "组织专家会诊3900余人次",
            "",
            "",
            "famous_doctor_station_outpatient_visits",
            "Zibo",
            "2021-12-01",
            "actual",
            "",
        ]
    ]
    write_csv(data_dir / "curation.csv", rows)
    (message,) = problems(data_dir)
    assert message.startswith(
        "data/curation.csv line 7, indicator_id: famous_doctor_station_outpatient_visits"
    )
    assert "3900余人次 here but 12.8万人次 on line 3" in message


def test_same_mention_curated_and_ignored(data_dir):
    write_csv(
        data_dir / "ignored.csv", IGNORED + [[DOC, "累计开展门诊服务12.8万人次", "", "", "x"]]
    )
    (message,) = problems(data_dir)
    assert (
        message.startswith("data/ignored.csv line 3, mention:")
        and "already curated on data/curation.csv line 3" in message
    )


def test_unknown_region_and_doc(data_dir):
    edit(data_dir, "curation.csv", 2, "region", "Zib")
    edit(data_dir, "curation.csv", 3, "doc_id", "zibo-2021-12-02")
    found = problems(data_dir)
    assert 'data/curation.csv line 2, region: unknown region "Zib"; did you mean "Zibo"?' in found
    assert any(
        p.startswith('data/curation.csv line 3, doc_id: unknown doc_id "zibo-2021-12-02"')
        for p in found
    )


def test_catalog_links_must_name_known_indicators(data_dir):
    rows = [r + [""] * 3 for r in CATALOG]
    rows[0][-3:] = ["numerator_id", "gap_of", "gap_direction"]
    rows[5][-3:] = ["", "urban_unemployment_rate", "below"]  # a typo of the rate's id
    rows[4][-3:] = ["famous_doctor_stations", "", ""]
    rows[3][-3:] = ["", "urban_registered_unemployment_rate", ""]  # no direction
    write_csv(data_dir / "catalog.csv", rows)
    found = problems(data_dir)
    assert (
        'data/catalog.csv line 6, gap_of: unknown indicator "urban_unemployment_rate"; did you mean '
        '"urban_registered_unemployment_rate"?' in found
    )
    assert (
        "data/catalog.csv line 4, gap_direction: must be below or above when gap_of is set" in found
    )
    assert len(found) == 2  # the numerator link on line 5 is sound


def test_all_errors_are_reported_at_once(data_dir):
    edit(data_dir, "curation.csv", 2, "quote", "不存在的引文")
    edit(data_dir, "curation.csv", 4, "indicator_id", "nope")
    edit(data_dir, "curation.csv", 5, "region", "Nowhere")
    lines = sorted(p.split(",")[0] for p in problems(data_dir))
    assert lines == [
        "data/curation.csv line 2",
        "data/curation.csv line 4",
        "data/curation.csv line 5",
    ]


def test_failed_build_leaves_previous_output(data_dir):
    env = {**os.environ, "ZIBO_ANALYSIS_ROOT": str(data_dir.parent)}
    run = [sys.executable, "-m", "zibo_analysis.cli", "data"]
    first = subprocess.run(run, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    built = (data_dir / "processed/indicators.csv").read_bytes()
    edit(data_dir, "curation.csv", 2, "quote", "不存在的引文")
    second = subprocess.run(run, env=env, capture_output=True, text=True)
    assert second.returncode == 1
    assert 'data/curation.csv line 2, quote: "不存在的引文" not found' in second.stderr
    assert "left as it was" in second.stderr
    assert (data_dir / "processed/indicators.csv").read_bytes() == built
    assert not list((data_dir / "processed").glob("*.tmp"))


# ----------------------------------------------------------- real data --


def test_real_build_is_traceable(indicators, seed_texts):
    sources = load_sources().set_index("doc_id")
    for row in indicators.itertuples():
        text = seed_texts[sources.loc[row.doc_id, "source_file"]]
        assert text[row.start : row.end] == row.quote


def test_famous_doctor_stations_series(indicators):
    series = indicators.query("indicator_id == 'famous_doctor_stations'").set_index("doc_id")[
        "value"
    ]
    assert series.to_dict() == {"zibo-2021-11": 101, "zibo-2021-12-01": 102, "zibo-2022-10": 123}


def test_prenatal_check_is_not_prenatal_screening(indicators):
    ids = indicators.set_index("mention")["indicator_id"]
    assert ids["98.90%"] != ids["98.36%"]


def test_growth_figure_is_a_change(indicators):
    row = indicators[indicators.mention == "143%"].iloc[0]
    assert row["kind"] == "change"


def test_targets_carry_their_due_date(indicators):
    row = indicators[indicators.mention == "77%以上"].iloc[0]
    assert (row["status"], row["as_of"], row["qualifier"]) == ("target", "2023-12-31", "at_least")


def test_dates_follow_the_text(indicators):
    by_mention = indicators.drop_duplicates("mention", keep=False).set_index("mention")["as_of"]
    assert by_mention["778.31万剂次"] == "2021-11-09"  # 截至11月9日
    assert by_mention["16235人"] == "2021-10-31"  # 1—10月
