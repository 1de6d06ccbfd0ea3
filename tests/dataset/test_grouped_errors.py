"""The errors of `make data` for new rows, grouped by what to do, in line order."""

from __future__ import annotations

import pytest

from zibo_analysis.dataset import DataError, build_indicators, grouped
from zibo_analysis.dataset.curation import prefilled_note

from .helpers import DOC, add_rows

NOTE = prefilled_note(0.31, "as_of: publication date; indicator: new indicator? {} ({})")


def row(quote: str, indicator: str = "", region: str = "Zibo", note: str = "") -> list[str]:
    return [DOC, quote, "", "", indicator, region, "2021-12-01", "actual", note]


def problems(data_dir) -> list[str]:
    with pytest.raises(DataError) as caught:
        build_indicators(data_dir)
    return grouped(caught.value.issues)


def test_new_rows_without_an_indicator_are_one_line_pointing_to_the_notes(data_dir):
    add_rows(data_dir, "curation.csv", [
        row("淄博共建成市级医疗质控中心46个", note=NOTE.format("quality_control_centres", "质控中心")),
        row("制定专业质控指标407个", note=NOTE.format("quality_control_indicators", "质控指标")),
        row("呼吸重症中心等“八大中心”58个", note=NOTE.format("critical_care_centres", "八大中心")),
    ])  # fmt: skip
    assert problems(data_dir) == [
        "data/curation.csv lines 7-9, indicator_id: empty in 3 rows; each note proposes an id: "
        "add it to data/catalog.csv (`zibo-analysis catalog add ID` for reference ids) or fill indicator_id"
    ]


def test_one_row_without_an_indicator_names_its_notes_proposal(data_dir):
    add_rows(
        data_dir,
        "curation.csv",
        [row("制定专业质控指标407个", note=NOTE.format("quality_control_indicators", "质控指标"))],
    )
    assert problems(data_dir) == [
        'data/curation.csv line 7, indicator_id: empty; the note proposes "quality_control_indicators": '
        "add that indicator to data/catalog.csv (`zibo-analysis catalog add ID` for an id of the "
        "reference catalog) or fill indicator_id with an id the catalog has"
    ]


def test_reference_ids_the_catalog_lacks_are_one_line_with_the_command(data_dir):
    add_rows(data_dir, "curation.csv", [
        row("淄博共建成市级医疗质控中心46个", "health_institutions"),
        row("全市已建成国医堂167个", "health_institutions"),
        row("基层适宜技术培训基地11个", "hospitals"),
    ])  # fmt: skip
    assert problems(data_dir) == [
        "data/curation.csv lines 7-9, indicator_id: indicators of the reference catalog not yet in "
        "the catalog in 3 rows (health_institutions, hospitals); add them with "
        "`zibo-analysis catalog add` and these ids"
    ]


def test_kinds_of_problems_come_in_line_order_and_a_lone_one_keeps_its_line(data_dir):
    add_rows(data_dir, "curation.csv", [
        row("全市已建成国医堂167个", "famous_doctor_stations", region="Zhangdian"),
        row("淄博共建成市级医疗质控中心46个", "famous_doctor_stations", region="张店区"),
        row("制定专业质控指标407个", "famous_doctor_stationz"),
        row("基层适宜技术培训基地11个", "famous_doctor_stations", region="淄川区"),
    ])  # fmt: skip
    lines = problems(data_dir)
    assert lines == [
        "data/curation.csv lines 8, 10, region: unknown region in 2 rows (张店区, 淄川区); add "
        "each to data/regions.csv, or name one it has",
        'data/curation.csv line 9, indicator_id: unknown indicator "famous_doctor_stationz"; did you '
        'mean "famous_doctor_stations"?',
    ]


def test_the_same_schema_problem_in_many_rows_is_one_line_with_its_values(data_dir):
    add_rows(data_dir, "curation.csv", [
        [DOC, "全市已建成国医堂167个", "", "", "famous_doctor_stations", "Zibo", "2021-12-01", "Actual", ""],
        [DOC, "淄博共建成市级医疗质控中心46个", "", "", "famous_doctor_stations", "Zibo", "2021-12-01", "goal", ""],
    ])  # fmt: skip
    assert problems(data_dir)[0] == (
        "data/curation.csv lines 7-8, status: must be one of actual, target in 2 rows (got 'Actual', got 'goal')"
    )
