"""Like for like: flows compared only over periods of the same length and place in the year,
levels implied by a stated change, a rule that checks them, bands that stay above zero, and
flags an analyst has handled."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import make_indicators

from zibo_analysis import plots, quality
from zibo_analysis.growth import (
    growth_rates,
    growth_table,
    implied_levels,
    spans_table,
    trend_band,
    trend_table,
)
from zibo_analysis.quality import quality_flags, review_flags, unmatched_reviews


def series(series_of: dict, *reports):
    """Reports of one series (``series_of``: indicator_id, indicator_en, region, kind, unit),
    each (period_start, as_of, value, mention, doc_id)."""
    return make_indicators(
        [
            {**series_of, "period_start": s, "as_of": e, "value": v, "mention": m, "doc_id": d}
            for s, e, v, m, d in reports
        ]
    ).assign(period_start=lambda t: pd.to_datetime(t["period_start"]))


def jobs(*reports):
    """New urban jobs reports: (period_start, as_of, value, mention, doc_id)."""
    return series(
        {"indicator_id": "urban_new_jobs", "indicator_en": "New urban jobs", "region": "Zibo",
         "kind": "flow", "unit": "人"},
        *reports,
    )  # fmt: skip


JAN_JUL_2018 = ("2018-01-01", "2018-07-31", 58_700, "5.87万人", "zibo-2018-08")
JAN_OCT_2021 = ("2021-01-01", "2021-10-31", 55_300, "5.53万人", "zibo-2021-12-01")
YEAR_2024 = ("2024-01-01", "2024-12-31", 73_900, "7.39万人", "zibo-2025-03")
JAN_JUL_2019 = ("2019-01-01", "2019-07-31", 61_000, "6.1万人", "zibo-2019-08")


def test_flows_of_different_periods_get_no_growth_and_say_why():
    (row,) = growth_table(jobs(JAN_JUL_2018, JAN_OCT_2021, YEAR_2024)).itertuples()
    assert (row.first_value, row.last_value) == (58_700, 73_900)  # side by side
    assert math.isnan(row.pct_change) and math.isnan(row.annualised_growth_pct)
    assert math.isnan(row.abs_change)
    assert row.periods == "January–July 2018; January–October 2021; the whole of 2024"
    assert row.note == (
        "New urban jobs: January–July 2018, January–October 2021 and the whole of 2024 cover "
        "different periods; no growth is computed between them."
    )


def test_january_to_july_with_january_to_july_is_year_on_year():
    (row,) = growth_table(jobs(JAN_JUL_2018, JAN_JUL_2019)).itertuples()
    assert row.pct_change == pytest.approx((61_000 / 58_700 - 1) * 100)
    assert row.abs_change == 2_300
    (rate,) = growth_rates(jobs(JAN_JUL_2018, JAN_JUL_2019)).itertuples()
    assert rate.method == "two_point"
    assert rate.growth_pct == pytest.approx(((61_000 / 58_700) ** (365.25 / 365) - 1) * 100)


def test_unlike_periods_get_no_growth_rate_and_no_trend():
    table = jobs(JAN_JUL_2018, JAN_JUL_2019, YEAR_2024)
    (rate,) = growth_rates(table).itertuples()
    assert (rate.method, math.isnan(rate.growth_pct)) == ("none", True)
    assert "cover different periods" in rate.note
    (trend,) = trend_table(table).itertuples()
    assert trend.model == "none" and "cover different periods" in trend.reason
    (shown,) = spans_table(table).itertuples()
    assert shown.periods == "January–July 2018; January–July 2019; the whole of 2024"


def test_a_flow_whose_period_is_not_recorded_gets_no_growth():
    table = jobs(("", "2021-12-01", 5, "5场", "a"), ("", "2022-12-01", 9, "9场", "b"))
    (row,) = growth_table(table).itertuples()
    assert math.isnan(row.pct_change)
    assert "the period of a figure is not recorded" in row.note


def test_stocks_keep_their_growth():
    table = make_indicators(
        [
            {"indicator_id": "stations", "region": "Zibo", "as_of": "2021-11-10", "value": 101},
            {"indicator_id": "stations", "region": "Zibo", "as_of": "2022-10-16", "value": 123},
        ]
    )
    (row,) = growth_table(table).itertuples()
    assert row.abs_change == 22 and not math.isnan(row.annualised_growth_pct)
    assert row.periods == ""


def test_the_band_of_a_count_never_goes_below_zero():
    dates = pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01", "2023-01-01"])
    series = pd.DataFrame(
        {"as_of": dates, "value": [9_000.0, 500.0, 12_000.0, 700.0], "kind": "stock", "unit": "人"}
    )
    band = trend_band(series, extend_months=24)
    assert band.attrs["model"] == "log-linear"
    assert (band["low"] > 0).all()


def test_the_band_of_a_rate_is_cut_at_its_bounds_and_says_so():
    dates = pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"])
    series = pd.DataFrame(
        {"as_of": dates, "value": [2.0, 60.0, 99.0], "kind": "rate", "unit": "percent"}
    )
    band = trend_band(series, extend_months=12)
    assert band.attrs == {"model": "linear", "clipped": True}
    assert band["low"].min() >= 0 and band["high"].max() <= 100


# -------------------------------------------------------- implied levels --


def level_and_change(
    level, change, unit="人", change_unit="人", base="same_period_last_year", doc="zibo-2025-03"
):
    return [
        {
            "indicator_id": "urban_new_jobs",
            "indicator_en": "New urban jobs",
            "region": "Zibo",
            "kind": "flow",
            "unit": unit,
            "period_start": "2024-01-01",
            "as_of": "2024-12-31",
            "value": level[0],
            "mention": level[1],
            "doc_id": doc,
        },
        {
            "indicator_id": "urban_new_jobs_yoy",
            "region": "Zibo",
            "kind": "change",
            "unit": change_unit,
            "period_start": "2024-01-01",
            "as_of": "2024-12-31",
            "value": change[0],
            "mention": change[1],
            "doc_id": doc,
            "change_of": "urban_new_jobs",
            "change_base": base,
        },
    ]


def table_of(rows):
    table = make_indicators(rows)
    for column in ("change_of", "change_base"):
        table[column] = table[column].fillna("") if column in table else ""
    return table.assign(period_start=lambda t: pd.to_datetime(t["period_start"]))


def test_a_level_and_its_decrease_imply_last_years_level():
    (row,) = implied_levels(
        table_of(level_and_change((73_900, "7.39万人"), (-2_900, "0.29万人")))
    ).itertuples()
    assert (row.indicator_id, row.value, row.low, row.high) == (
        "urban_new_jobs",
        76_800,
        76_700,
        76_900,
    )
    assert (row.period_start, row.as_of) == (pd.Timestamp("2023-01-01"), pd.Timestamp("2023-12-31"))


def test_a_growth_in_percent_implies_the_level_divided():
    (row,) = implied_levels(
        table_of(level_and_change((73_900, "7.39万人"), (5.0, "5%"), change_unit="percent"))
    ).itertuples()
    # 73,900 / 1.05 = 70,381, given to the hundred 7.39万 was printed to; the interval stays exact
    assert row.value == 70_400
    assert (row.low, row.high) == pytest.approx((73_850 / 1.055, 73_950 / 1.045))


def test_two_reports_against_a_stated_change():
    rows = level_and_change((73_900, "7.39万人"), (-2_900, "0.29万人"))
    earlier = {
        "indicator_id": "urban_new_jobs",
        "indicator_en": "New urban jobs",
        "region": "Zibo",
        "kind": "flow",
        "unit": "人",
        "period_start": "2023-01-01",
        "as_of": "2023-12-31",
        "value": 71_000,
        "mention": "7.1万人",
        "doc_id": "zibo-2024-02",
    }
    flags = quality_flags(table_of([*rows, earlier]), kinds=["change_disagrees"])
    (flag,) = flags.itertuples()
    assert (flag.kind, flag.severity, flag.indicator_id) == (
        "change_disagrees",
        "check",
        "urban_new_jobs",
    )
    assert "imply 76,800 for the whole of 2023" in flag.detail and "gave 7.1万人" in flag.detail


def test_a_stated_change_that_agrees_within_rounding_is_not_flagged():
    rows = level_and_change((73_900, "7.39万人"), (-2_900, "0.29万人"))
    earlier = {
        "indicator_id": "urban_new_jobs",
        "region": "Zibo",
        "kind": "flow",
        "unit": "人",
        "period_start": "2023-01-01",
        "as_of": "2023-12-31",
        "value": 76_850,
        "mention": "76850人",
        "doc_id": "zibo-2024-02",
    }
    assert quality_flags(table_of([*rows, earlier]), kinds=["change_disagrees"]).empty


# -------------------------------------------------------- reviewed flags --


def falling_series(note_on_last=""):
    return make_indicators(
        [
            {
                "indicator_id": "visits",
                "region": "Zibo",
                "as_of": d,
                "value": v,
                "kind": "cumulative",
                "doc_id": f"doc-{i}",
                "note": note_on_last if i == 2 else "",
                "curation_line": 10 + i,
            }
            for i, (d, v) in enumerate(
                [("2021-01-01", 100), ("2021-07-01", 120), ("2022-01-01", 60)]
            )
        ]
    )


def test_a_break_note_handles_the_flag_it_explains():
    table = falling_series("Break: counts one district only from here on.")
    flags = review_flags(quality_flags(table, kinds=["count_went_down"]), table)
    (flag,) = flags.itertuples()
    assert (flag.reviewed, flag.review) == (True, "Break: counts one district only from here on.")
    assert flag.reviewed_in == "data/curation.csv line 12"


def test_a_flag_nobody_looked_at_stays_open():
    table = falling_series()
    (flag,) = review_flags(quality_flags(table, kinds=["count_went_down"]), table).itertuples()
    assert (flag.reviewed, flag.review) == (False, "")


def test_a_reviewed_row_handles_its_flag_with_the_analysts_words():
    table = falling_series()
    flags = quality_flags(table, kinds=["count_went_down"])
    reviewed = pd.DataFrame(
        [
            {
                "kind": "count_went_down",
                "indicator_id": "visits",
                "region": "Zibo",
                "as_of": ["2021-07-01", "2022-01-01"],
                "note": "区县口径调整，已与卫健委核实",
                "line": 3,
            }
        ]
    )
    (flag,) = review_flags(flags, table, reviewed).itertuples()
    assert (flag.reviewed, flag.review, flag.reviewed_in) == (
        True,
        "区县口径调整，已与卫健委核实",
        "data/reviewed_flags.csv line 3",
    )
    assert unmatched_reviews(flags, reviewed).empty
    stale = reviewed.assign(as_of="2020-01-01, 2021-01-01")
    assert len(unmatched_reviews(flags, stale)) == 1


def test_a_review_whose_flag_lies_outside_the_window_or_kinds_is_not_stale():
    table = falling_series()
    reviewed = pd.DataFrame(
        [{"kind": "count_went_down", "indicator_id": "visits", "region": "Zibo",
          "as_of": ["2021-07-01", "2022-01-01"], "note": "口径调整", "line": 2}]
    )  # fmt: skip
    window = table[table["as_of"] >= "2021-12-01"]
    flags = quality_flags(window, kinds=["count_went_down"])
    assert flags.empty and len(unmatched_reviews(flags, reviewed)) == 1  # without the selection
    assert unmatched_reviews(flags, reviewed, indicators=window).empty
    other_kinds = quality_flags(table, kinds=["jump"])
    assert unmatched_reviews(other_kinds, reviewed, indicators=table, kinds=["jump"]).empty
    assert len(unmatched_reviews(other_kinds, reviewed, indicators=table)) == 1


def test_rates_read_in_their_base_by_the_quality_rules():
    rows = make_indicators(
        [
            {
                "indicator_id": "maternal_mortality",
                "region": "Zibo",
                "as_of": "2024-12-31",
                "value": 120,
                "kind": "rate",
                "unit": "per_100k",
                "mention": "120/10万",
            },
            {
                "indicator_id": "infant_mortality",
                "region": "Zibo",
                "as_of": "2024-12-31",
                "value": 1200,
                "kind": "rate",
                "unit": "per_mille",
                "mention": "1200‰",
            },
        ]
    )
    (flag,) = quality.quality_flags(rows, kinds=["rate_out_of_range"]).itertuples()
    assert flag.indicator_id == "infant_mortality"
    assert "between 0 and 1,000" in flag.detail


def test_flows_of_different_periods_are_no_jump():
    table = jobs(JAN_JUL_2018, JAN_OCT_2021, YEAR_2024)
    table.loc[2, "value"] = 300_000  # far above the pace of the rest, but over another period
    assert quality_flags(table, kinds=["jump"]).empty


def test_two_flows_ending_on_one_day_over_different_periods_do_not_disagree():
    december = ("2024-12-01", "2024-12-31", 5_100, "5100人", "zibo-2025-01")
    assert quality_flags(jobs(YEAR_2024, december), kinds=["reports_disagree"]).empty


def test_changes_over_different_periods_are_not_compared():
    table = make_indicators(
        [
            {
                "indicator_id": "jobs_yoy",
                "indicator_en": "New urban jobs, change",
                "region": "Zibo",
                "kind": "change",
                "unit": "人",
                "period_start": s,
                "as_of": e,
                "value": v,
                "mention": m,
                "doc_id": d,
            }
            for s, e, v, m, d in [
                ("2018-01-01", "2018-07-31", 2_100, "0.21万人", "a"),
                ("2024-01-01", "2024-12-31", -2_900, "0.29万人", "b"),
            ]
        ]
    ).assign(period_start=lambda t: pd.to_datetime(t["period_start"]))
    (row,) = growth_table(table).itertuples()
    assert math.isnan(row.abs_change) and math.isnan(row.pct_change)
    assert "cover different periods" in row.note


def test_a_gap_to_a_target_at_dates_is_no_period_series():
    table = make_indicators(
        [
            {
                "indicator_id": "gap",
                "region": "Zibo",
                "kind": "change",
                "unit": "percentage_point",
                "as_of": d,
                "value": v,
                "doc_id": d,
            }
            for d, v in [("2021-10-31", -1.3), ("2022-10-31", -1.1)]
        ]
    )
    (row,) = growth_table(table).itertuples()
    assert row.abs_change == pytest.approx(0.2) and math.isnan(row.pct_change)


def maternal_deaths(*reports):
    """Maternal mortality per 100,000 births: (period_start, as_of, value, mention, doc_id)."""
    return series(
        {"indicator_id": "maternal_mortality", "indicator_en": "Maternal mortality ratio",
         "region": "Luoyang", "kind": "rate", "unit": "per_100k"},
        *reports,
    )  # fmt: skip


def test_a_rate_over_half_a_year_is_not_compared_with_a_rate_over_a_year():
    table = maternal_deaths(
        ("2023-01-01", "2023-12-31", 9.8, "9.8/10万", "a"),
        ("2024-01-01", "2024-06-30", 8.6, "8.6/10万", "b"),
    )
    (row,) = growth_table(table).itertuples()
    assert math.isnan(row.abs_change) and math.isnan(row.pct_change)
    assert row.note == (
        "Maternal mortality ratio: the whole of 2023 and January–June 2024 cover different "
        "periods; no growth is computed between them."
    )
    (rate,) = growth_rates(table).itertuples()
    assert rate.method == "none"
    assert not quality_flags(table).query("indicator_id == 'maternal_mortality'").size


def test_rates_over_like_periods_or_at_dates_keep_their_change():
    years = maternal_deaths(
        ("2022-01-01", "2022-12-31", 11.2, "11.2/10万", "a"),
        ("2023-01-01", "2023-12-31", 9.8, "9.8/10万", "b"),
    )
    (row,) = growth_table(years).itertuples()
    assert row.abs_change == pytest.approx(-1.4)
    at_dates = maternal_deaths(
        ("", "2022-12-31", 11.2, "11.2/10万", "a"), ("", "2023-12-31", 9.8, "9.8/10万", "b")
    )
    (row,) = growth_table(at_dates).itertuples()
    assert row.abs_change == pytest.approx(-1.4)


def test_a_share_in_percent_of_any_kind_moves_in_points_with_no_compound_growth():
    table = series(
        {"indicator_id": "jobs_goal_done", "indicator_en": "Share of the jobs goal done",
         "region": "Luoyang", "kind": "ratio", "unit": "percent"},
        ("", "2023-12-31", 112.1, "112.1%", "a"), ("", "2024-12-31", 101.4, "101.4%", "b"),
    )  # fmt: skip
    (row,) = growth_table(table).itertuples()
    assert row.abs_change == pytest.approx(-10.7) and row.change_unit == "percentage_point"
    assert math.isnan(row.annualised_growth_pct)
    rates = growth_rates(table)
    (rate,) = rates.itertuples()
    assert (rate.method, math.isnan(rate.growth_pct)) == ("none", True)
    assert (
        plots.growth_card_lines(rates, "en")[2] == "a rate: -10.7 percentage points, no growth rate"
    )
