"""Adding an article: candidates, review, and rows written through the checks of make data."""

from __future__ import annotations

from pathlib import Path

import pytest

from zibo_analysis.dataset import DataError, build_indicators, grouped
from zibo_analysis.dataset.curate import articles_left, load_review

from .helpers import DOC_SJZ as DOC
from .helpers import SIMPLIFIED, TRADITIONAL, add_article, add_sjz_article, with_period_start


@pytest.fixture(params=["simplified", "traditional"])
def article(request, data_dir) -> tuple[Path, str]:
    """The small data folder with the article added."""
    text = SIMPLIFIED if request.param == "simplified" else TRADITIONAL
    add_sjz_article(with_period_start(data_dir), text)
    return data_dir, text


def test_candidates_read_the_body_with_the_article_row(article):
    data, text = article
    review = load_review(DOC, data)
    rows = review.rows
    assert rows["mention"].tolist() == (
        ["48个", "1260人次", "68.2%"] if text == SIMPLIFIED else ["48個", "1260人次", "68.2%"]
    )
    assert rows["quote"].tolist() == (
        ["全市新建村卫生室48个", "培训乡村医生1260人次", "全市家庭医生签约服务覆盖率达到68.2%"]
        if text == SIMPLIFIED
        else ["全市新建村衛生室48個", "培訓鄉村醫生1260人次", "全市家庭醫生簽約服務覆蓋率達到68.2%"]
    )
    assert rows["region"].tolist() == ["Shijiazhuang"] * 3  # the sources row's id
    assert rows[["period_start", "as_of"]].values.tolist()[:2] == [["2024-01-01", "2024-10-08"]] * 2
    assert rows.loc[2, "as_of"] == "2024-09-30"
    assert rows["note"].str.startswith("pre-filled, check it (score ").all()
    assert rows["decision"].tolist() == ["todo"] * 3 and len(review.left()) == 3


def test_accepted_and_ignored_rows_are_appended_when_they_build(article):
    data, text = article
    curation_before = (data / "curation.csv").read_bytes()
    review = load_review(DOC, data)
    review.accept(2, indicator_id="rural_two_cancer_screening_coverage", note="share of women screened")  # fmt: skip
    review.ignore(1, "training counts are not in the catalog yet")
    assert review.left().index.tolist() == [0]
    assert review.check() == []
    written = review.write()
    assert (written.curation, written.ignored, written.catalog) == (1, 1, [])
    quote = "全市家庭医生签约服务覆盖率达到68.2%" if text == SIMPLIFIED else "全市家庭醫生簽約服務覆蓋率達到68.2%"  # fmt: skip
    assert (data / "curation.csv").read_bytes() == curation_before + (
        f"{DOC},{quote},68.2%,,rural_two_cancer_screening_coverage,Shijiazhuang,2024-09-30,,actual,"
        "share of women screened\n"
    ).encode()
    assert (
        (data / "ignored.csv")
        .read_text(encoding="utf-8")
        .splitlines()[-1]
        .endswith(",1260人次,,training counts are not in the catalog yet")
    )
    built = build_indicators(data).query("doc_id == @DOC")
    assert built[["indicator_id", "value", "as_of"]].values.tolist() == [
        ["rural_two_cancer_screening_coverage", 68.2, "2024-09-30"]
    ]
    assert review.rows["mention"].str.startswith("48").tolist() == [True]  # what is left


def test_nothing_is_written_when_the_rows_do_not_build(article):
    data, _ = article
    before = {name: (data / name).read_bytes() for name in ("curation.csv", "ignored.csv", "catalog.csv")}  # fmt: skip
    review = load_review(DOC, data)
    review.accept(0, indicator_id="")  # no indicator: the note proposes one
    review.accept(1, indicator_id="", as_of="2024-13-01")
    assert grouped(review.check()) == [  # in line order: the group starts on line 7
        "data/curation.csv lines 7-8, indicator_id: empty in 2 rows; each note proposes an id: add it "
        "to data/catalog.csv (`zibo-analysis catalog add ID` for reference ids) or fill indicator_id",
        "data/curation.csv line 8, as_of: 2024-13-01 is not a real date",
    ]
    with pytest.raises(DataError):
        review.write()
    assert {name: (data / name).read_bytes() for name in before} == before
    assert len(review.rows) == 3  # the rows stay, decided, to be fixed


def test_an_indicator_of_the_reference_brings_its_catalog_rows(article):
    data, _ = article
    review = load_review(DOC, data)
    review.accept(2, indicator_id="family_doctor_coverage_rate")
    written = review.write()
    assert written.catalog == ["family_doctor_coverage_rate", "family_doctor_contracts"]
    ids = [line.split(",")[0] for line in (data / "catalog.csv").read_text(encoding="utf-8").splitlines()]  # fmt: skip
    assert ids[-2:] == ["family_doctor_coverage_rate", "family_doctor_contracts"]
    assert "family_doctor_coverage_rate" in set(build_indicators(data)["indicator_id"])


def test_a_formula_in_a_note_is_neutralised_and_a_quote_never_changed(article):
    data, _ = article
    review = load_review(DOC, data)
    review.accept(2, indicator_id="rural_two_cancer_screening_coverage", note='=HYPERLINK("x")')
    review.write()
    assert (
        (data / "curation.csv")
        .read_text(encoding="utf-8")
        .splitlines()[-1]
        .endswith(',actual,"\'=HYPERLINK(""x"")"')
    )
    review.accept(0, indicator_id="rural_two_cancer_screening_coverage", quote="=全市新建")
    issues = [str(i) for i in review.check() if i.field == "quote"]
    assert issues[0].startswith(
        'data/curation.csv line 8, quote: "=全市新建" starts with "=", as a spreadsheet formula does'
    )


def test_a_field_that_is_not_a_curation_column_is_refused(article):
    data, _ = article
    review = load_review(DOC, data)
    with pytest.raises(ValueError, match="value: not a field to change"):
        review.accept(0, value="49")
    with pytest.raises(IndexError, match="no row 7"):
        review.ignore(7, "no such row")


@pytest.mark.parametrize("text", [
    "一季度，全区城镇登记失业人员同比减少0.29万人，就业困难人员再就业1180人。",
    "一季度，全區城鎮登記失業人員同比減少0.29萬人，就業困難人員再就業1180人。",
])  # fmt: skip
def test_a_decrease_comes_signed_as_the_build_signs_it(data_dir, text):
    add_article(data_dir, "q1-2024", text, "2024-04-12")
    rows = load_review("q1-2024", data_dir).rows
    assert rows["value"].tolist() == [-2900, 1180]
    assert rows[["period_start", "as_of"]].values.tolist() == [["2024-01-01", "2024-03-31"]] * 2


def test_the_articles_to_pick_from_lead_with_the_most_left(article):
    data, _ = article
    table = articles_left(data).set_index("doc_id")
    assert table.loc[DOC, ["published", "region", "left"]].tolist() == ["2024-10-08", "Shijiazhuang", 3]  # fmt: skip
    assert len(table) == 6 and table["left"].is_monotonic_decreasing


def test_an_unknown_article_says_which_are_known(data_dir):
    with pytest.raises(ValueError, match="unknown doc_id 'nope'; known: xuecheng-2025-10-16"):
        load_review("nope", data_dir)


def test_a_long_table_without_a_full_stop_gives_every_figure_its_own_row_and_quote(data_dir):
    """A bulletin's table flattened into one run of 300 clauses without 。: each figure is one
    candidate, quoted by its own clause (after the clause before it, where its own does not say
    what it counts), never by the whole run (the step is linear in the length of a sentence;
    `make bench` times it, section uncurated)."""
    from zibo_analysis.dataset.curate import candidates

    from .helpers import add_article

    clauses = [f"第{i}片区{i % 90 + 10}个" for i in range(300)]
    text = "各片区新建村卫生室：" + "，".join(clauses) + "。以上为年末数。"
    add_article(with_period_start(data_dir), "table-2024", text, "2024-12-31")
    rows = candidates("table-2024", data_dir)
    assert rows["mention"].tolist() == [f"{i % 90 + 10}个" for i in range(300)]
    assert rows["quote"].tolist()[0] == "各片区新建村卫生室：第0片区10个"
    assert all(
        q.endswith(c) and len(q) <= 2 * len(c) + 1
        for q, c in zip(rows["quote"][1:], clauses[1:], strict=True)
    )
