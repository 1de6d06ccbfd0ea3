"""The vectorised analysis on a table that mixes every shape of series at once: one report,
two reports, reports on one day, bounds, a break, flows over unlike periods, rates per mille
and per 100,000; each series reads as it would alone, and copies of the data in other
regions raise the same flags each."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import make_indicators
from pandas.testing import assert_frame_equal

from zibo_analysis.coverage import coverage_table
from zibo_analysis.growth import growth_rates, growth_table, trend_table
from zibo_analysis.quality import quality_flags, review_flags


def rows_of(indicator, reports, **common):
    """One series: (as_of, value) or (as_of, value, extra fields) per report."""
    out = []
    for report in reports:
        as_of, value, *extra = report
        out.append(
            {"indicator_id": indicator, "region": "Zibo", "as_of": as_of, "value": value}
            | common
            | (extra[0] if extra else {})
        )
    return out


ONE = rows_of("one_report", [("2022-06-30", 12)], doc_id="d1")
TWO = rows_of(
    "two_reports", [("2021-11-10", 400, {"doc_id": "d1"}), ("2022-10-16", 520, {"doc_id": "d2"})]
)
SAME_DAY = rows_of(
    "same_day",
    [
        ("2021-06-30", 30, {"doc_id": "d1", "published": "2021-07-01"}),
        ("2021-12-31", 40, {"doc_id": "d2", "published": "2022-01-05"}),
        ("2021-12-31", 42, {"doc_id": "d3", "published": "2022-02-01"}),  # the later report
    ],
)
BOUNDED = rows_of(
    "bounded",
    [
        ("2021-11-10", 13_000, {"qualifier": "more_than", "doc_id": "d1"}),
        ("2022-10-16", 26_000, {"doc_id": "d2"}),
    ],
    unit="人",
)
BROKEN = rows_of(
    "clinics",
    [
        ("2020-01-01", 20, {"doc_id": "d1"}),
        ("2021-01-01", 24, {"doc_id": "d2"}),
        ("2022-01-01", 60, {"doc_id": "d3", "note": "Break: counts clinics from here on."}),
        ("2023-01-01", 66, {"doc_id": "d4"}),
        ("2024-01-01", 71, {"doc_id": "d5"}),
    ],
)
JOBS = rows_of(
    "urban_new_jobs",
    [
        ("2018-07-31", 49_600, {"period_start": "2018-01-01", "doc_id": "d1"}),
        ("2024-12-31", 73_900, {"period_start": "2024-01-01", "doc_id": "d2"}),
    ],
    kind="flow",
    unit="人",
    indicator_en="New urban jobs",
)
INFANT = rows_of(
    "infant_mortality",
    [
        ("2024-12-31", 2.1, {"doc_id": "d2", "mention": "2.1‰"}),
        (
            "2025-12-31",
            3.0,
            {"doc_id": "d1", "status": "target", "mention": "3‰", "published": "2024-01-15"},
        ),
        (
            "2026-12-31",
            5.0,
            {
                "doc_id": "d1",
                "status": "target",
                "unit": "percent",
                "mention": "5%",
                "published": "2024-01-15",
            },
        ),
    ],
    kind="rate",
    unit="per_mille",
    higher_is_better=False,
)
MATERNAL = rows_of(
    "maternal_mortality",
    [
        ("2024-12-31", 9.8, {"doc_id": "d2", "mention": "9.8/10万"}),
        (
            "2025-12-31",
            10.0,
            {"doc_id": "d1", "status": "target", "mention": "10/10万", "published": "2024-01-15"},
        ),
    ],
    kind="rate",
    unit="per_100k",
    higher_is_better=False,
)


@pytest.fixture(scope="module")
def mixed() -> pd.DataFrame:
    table = make_indicators(ONE + TWO + SAME_DAY + BOUNDED + BROKEN + JOBS + INFANT + MATERNAL)
    # published on its date unless said otherwise; a period recorded only for the flows
    return table.assign(
        published=table["published"].fillna(table["as_of"]),
        period_start=pd.to_datetime(table["period_start"]),
    )


def test_one_report_gives_no_change_rate_or_trend(mixed):
    for table in (growth_table(mixed), growth_rates(mixed), trend_table(mixed)):
        assert "one_report" not in set(table["indicator_id"])


def test_two_reports_compound_by_days_and_are_too_few_to_fit(mixed):
    rate = growth_rates(mixed).set_index("indicator_id").loc["two_reports"]
    assert rate["method"] == "two_point" and rate["years"] == 0.931  # 340 days
    assert rate["growth_pct"] == pytest.approx((1.3 ** (365.25 / 340) - 1) * 100)
    trend = trend_table(mixed).set_index("indicator_id").loc["two_reports"]
    assert trend["model"] == "none" and trend["reason"].startswith("2 observations")


def test_reports_on_one_day_keep_the_later_report_and_are_flagged(mixed):
    row = growth_table(mixed).set_index("indicator_id").loc["same_day"]
    assert (row["n_obs"], row["first_value"], row["last_value"], row["last_doc_id"]) == (
        2,
        30,
        42,
        "d3",
    )
    (flag,) = quality_flags(mixed, kinds=["reports_disagree"]).itertuples()
    assert (flag.indicator_id, flag.doc_ids, flag.severity) == ("same_day", ["d2", "d3"], "error")


def test_a_lower_bound_first_makes_the_change_at_most_what_is_shown(mixed):
    row = growth_table(mixed).set_index("indicator_id").loc["bounded"]
    assert (row["abs_change"], row["change_bound"]) == (13_000, "at_most")
    note = growth_rates(mixed).set_index("indicator_id").loc["bounded", "note"]
    assert note == (
        "rests on two points only; bounds (余, 近, 以上) among the figures: approximate; "
        "the true growth is at most this"
    )


def test_a_break_splits_the_rates_and_the_trend_is_fitted_after_it(mixed):
    rates = growth_rates(mixed).query("indicator_id == 'clinics'")
    assert rates["segment"].tolist() == [1, 2] and rates["n_obs"].tolist() == [2, 3]
    why = "definition changed (Break: counts clinics from here on.)"
    assert (rates["breaks"] == f"before 2022-01-01: {why}").all()
    assert rates["note"].iloc[0].endswith("no growth across a break")
    change = growth_table(mixed).set_index("indicator_id").loc["clinics"]
    assert change["abs_change"] == 51 and math.isnan(change["pct_change"])
    linear = trend_table(mixed).query("indicator_id == 'clinics' and model == 'linear'").iloc[0]
    assert linear["n_obs"] == 3 and linear["reason"] == f"after the break 2022-01-01 ({why})"
    years = np.array([0, 365, 730]) / 365.25
    assert linear["slope_per_year"] == pytest.approx(np.polyfit(years, [60, 66, 71], 1)[0])


def test_flows_over_unlike_periods_get_no_rate_and_no_trend(mixed):
    sentence = (
        "New urban jobs: January–July 2018 and the whole of 2024 cover different periods; "
        "no growth is computed between them."
    )
    rate = growth_rates(mixed).set_index("indicator_id").loc["urban_new_jobs"]
    assert rate["method"] == "none" and math.isnan(rate["change"]) and rate["note"] == sentence
    trend = trend_table(mixed).set_index("indicator_id").loc["urban_new_jobs"]
    assert (trend["model"], trend["reason"]) == ("none", sentence)


def test_rates_per_mille_and_per_100k_are_judged_in_their_own_base(mixed):
    table = coverage_table(mixed)
    columns = ["indicator_id", "unit", "value", "target", "gap_pp", "verdict"]
    assert table[columns].to_dict("records") == [
        {
            "indicator_id": "infant_mortality",
            "unit": "per_mille",
            "value": 2.1,
            "target": 3.0,
            "gap_pp": -0.9,
            "verdict": "met",
        },
        # the 5% target judges no figure in ‰: it waits for one in its own base
        {
            "indicator_id": "infant_mortality",
            "unit": "percent",
            "value": pytest.approx(math.nan, nan_ok=True),
            "target": 5.0,
            "gap_pp": pytest.approx(math.nan, nan_ok=True),
            "verdict": "no actual yet",
        },
        {
            "indicator_id": "maternal_mortality",
            "unit": "per_100k",
            "value": 9.8,
            "target": 10.0,
            "gap_pp": -0.2,
            "verdict": "met",
        },
    ]


def test_a_rate_is_out_of_range_only_beyond_the_whole_of_its_base():
    rows = make_indicators(
        rows_of("mortality", [("2024-12-31", 120.0)], kind="rate", unit="per_100k")
        + rows_of("deaths", [("2024-12-31", 1200.0)], kind="rate", unit="per_mille")
    )
    flags = quality_flags(rows, kinds=["rate_out_of_range"])
    assert flags["indicator_id"].tolist() == ["deaths"]


def test_a_break_note_between_a_flags_figures_reviews_it_and_one_after_does_not():
    rows = make_indicators(
        rows_of(
            "beds",
            [
                ("2020-12-31", 900),
                ("2021-12-31", 700),
                ("2022-12-31", 720, {"note": "Break: merged."}),
            ],
        )
        + rows_of("halls", [("2020-12-31", 90), ("2021-12-31", 80, {"note": "Break: closed two."})])
        + rows_of("halls", [("2022-12-31", 85)])
    )
    flags = quality_flags(rows, kinds=["count_went_down"])
    reviewed = review_flags(flags, rows).set_index("indicator_id")
    assert reviewed.loc["beds", "reviewed"] == False  # noqa: E712 - the note is after the fall
    assert (reviewed.loc["halls", "reviewed"], reviewed.loc["halls", "review"]) == (
        True,
        "Break: closed two.",
    )


@pytest.mark.parametrize("function", [growth_table, growth_rates, trend_table])
def test_every_series_at_once_reads_as_each_series_alone(mixed, function):
    whole = function(mixed)
    alone = [
        function(mixed[mixed["indicator_id"] == i]) for i in sorted(set(mixed["indicator_id"]))
    ]
    alone = pd.concat([a for a in alone if len(a)], ignore_index=True)

    def plain(table):  # a column empty in one series alone is NaN there, NaT in the whole
        return table.astype(object).where(table.notna(), None)

    assert_frame_equal(plain(whole), plain(alone))


def test_copies_in_other_regions_raise_the_same_flags_each(real_indicators):
    from benchmarks.analysis import replicate
    from zibo_analysis.dataset import load_catalog, load_regions, load_texts

    one = quality_flags(
        real_indicators, regions=load_regions(), articles=load_texts(), catalog=load_catalog()
    )
    three = replicate(real_indicators, load_regions(), load_texts(), 3, load_catalog())
    flags = quality_flags(
        three.indicators, regions=three.regions, articles=three.texts, catalog=three.catalog
    )
    assert len(flags) == 3 * len(one)
    copy = flags[flags["region"].str.endswith("~2")]
    assert copy["kind"].tolist() == one["kind"].tolist()
    assert copy["obs_ids"].map(len).tolist() == one["obs_ids"].map(len).tolist()
