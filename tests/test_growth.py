"""Growth between reports, bounds kept as bounds, and trends fitted with statsmodels."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import make_indicators

from zibo_analysis.growth import change_bound, fit_trend, growth_table, reach_level, trend_table

STATIONS = [
    {"indicator_id": "famous_doctor_stations", "region": "Zibo", "as_of": "2021-11-10", "value": 101, "doc_id": "zibo-2021-11"},
    {"indicator_id": "famous_doctor_stations", "region": "Zibo", "as_of": "2021-12-01", "value": 102, "doc_id": "zibo-2021-12-01"},
    {"indicator_id": "famous_doctor_stations", "region": "Zibo", "as_of": "2022-10-16", "value": 123, "doc_id": "zibo-2022-10"},
]  # fmt: skip


def test_growth_of_famous_doctor_stations_by_hand():
    (row,) = growth_table(make_indicators(STATIONS)).itertuples()
    days = (pd.Timestamp("2022-10-16") - pd.Timestamp("2021-11-10")).days  # 340
    months = days / (365.25 / 12)
    assert (row.first_value, row.last_value, row.abs_change, row.n_obs) == (101, 123, 22, 3)
    assert row.pct_change == pytest.approx(22 / 101 * 100)
    assert row.months_elapsed == pytest.approx(round(months, 2))
    assert row.pace_per_month == pytest.approx(22 / months)
    assert row.annualised_growth_pct == pytest.approx(((123 / 101) ** (12 / months) - 1) * 100)
    assert (row.first_doc_id, row.last_doc_id, row.change_bound) == (
        "zibo-2021-11",
        "zibo-2022-10",
        "exact",
    )


def test_single_observation_has_no_growth():
    assert growth_table(make_indicators(STATIONS[:1])).empty


def test_a_bound_stays_a_bound():
    rows = [
        {"indicator_id": "trained", "region": "Zibo", "as_of": "2021-11-10", "value": 13_000, "qualifier": "more_than", "unit": "人"},
        {"indicator_id": "trained", "region": "Zibo", "as_of": "2022-10-16", "value": 26_000, "unit": "人"},
    ]  # fmt: skip
    (row,) = growth_table(make_indicators(rows)).itertuples()
    assert (row.abs_change, row.change_bound) == (13_000, "at_most")
    assert "at most" in row.bound_note


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [("exact", "exact", "exact"), ("exact", "more_than", "at_least"), ("nearly", "exact", "at_least"),
     ("more_than", "more_than", "either way"), ("about", "exact", "about")],
)  # fmt: skip
def test_change_bound(first, last, expected):
    assert change_bound(first, last) == expected


def test_trend_recovers_a_known_slope():
    rng = np.random.default_rng(7)
    dates = pd.Series(pd.date_range("2020-01-01", periods=12, freq="90D"))
    years = (dates - dates.min()).dt.days / 365.25
    values = pd.Series(50 + 8.0 * years + rng.normal(0, 0.5, len(years)))
    result = fit_trend(dates, values)
    low, high = result.conf_int(alpha=0.05).loc["years"]
    assert low < 8.0 < high and high - low < 1.0
    assert result.params["years"] == pytest.approx(8.0, abs=0.3)


def test_log_linear_trend_recovers_growth_rate():
    dates = pd.Series(pd.date_range("2020-01-01", periods=6, freq="365D"))
    years = (dates - dates.min()).dt.days / 365.25
    values = pd.Series(
        100 * 1.10**years * np.exp(np.array([0.01, -0.01, 0.005, -0.005, 0.0, 0.01]))
    )
    result = fit_trend(dates, values, log=True)
    assert math.exp(result.params["years"]) - 1 == pytest.approx(0.10, abs=0.01)


def test_projection_to_a_level_with_interval():
    dates = pd.Series(pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01", "2023-01-01"]))
    values = pd.Series([10.0, 12.1, 13.9, 16.0])  # about 2 a year
    result = fit_trend(dates, values)
    when, earliest, latest = reach_level(result, dates.min(), 20.0)
    assert pd.Timestamp("2024-10-01") < when < pd.Timestamp("2025-04-01")  # 20 = 10 + 2 * 5 years
    assert earliest < when < latest


def test_no_projection_when_the_trend_runs_away_from_the_level():
    dates = pd.Series(pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]))
    falling = fit_trend(dates, pd.Series([50.0, 45.0, 41.0]))
    assert all(pd.isna(d) for d in reach_level(falling, dates.min(), 60.0))
    rising = fit_trend(dates, pd.Series([50.0, 55.0, 61.0]))
    assert all(pd.isna(d) for d in reach_level(rising, dates.min(), 40.0))


def test_rates_and_close_reports_are_not_annualised():
    rows = [
        {"indicator_id": "standard_rate", "region": "Zibo", "as_of": "2021-11-10", "value": 94.44, "kind": "rate", "unit": "percent"},
        {"indicator_id": "standard_rate", "region": "Zibo", "as_of": "2021-12-01", "value": 97.16, "kind": "rate", "unit": "percent"},
        {"indicator_id": "deans", "region": "Zibo", "as_of": "2021-11-10", "value": 24, "kind": "cumulative"},
        {"indicator_id": "deans", "region": "Zibo", "as_of": "2021-12-01", "value": 6, "kind": "cumulative"},
    ]  # fmt: skip
    table = growth_table(make_indicators(rows)).set_index("indicator_id")
    assert table["annualised_growth_pct"].isna().all()
    assert table.loc["standard_rate", "abs_change"] == pytest.approx(2.72)
    assert table.loc["standard_rate", "change_unit"] == "percentage_point"
    assert "percentage points" in table.loc["standard_rate", "note"]
    assert "0.7 months apart" in table.loc["deans", "note"]


def test_trend_table_fits_three_points_and_explains_two():
    rows = STATIONS + [
        {"indicator_id": "specialties", "region": "Zibo", "as_of": "2021-11-10", "value": 30},
        {"indicator_id": "specialties", "region": "Zibo", "as_of": "2022-10-16", "value": 50},
    ]  # fmt: skip
    table = trend_table(make_indicators(rows)).set_index(["indicator_id", "model"])
    fit = table.loc[("famous_doctor_stations", "linear")]
    assert fit["n_obs"] == 3 and fit["slope_low"] < fit["slope_per_year"] < fit["slope_high"]
    assert ("famous_doctor_stations", "log-linear") in table.index
    reason = table.loc[("specialties", "none"), "reason"]
    assert reason.startswith("2 observations")


def test_trend_projects_to_the_series_target():
    rows = STATIONS + [
        {
            "indicator_id": "famous_doctor_stations",
            "region": "Zibo",
            "as_of": "2023-12-31",
            "value": 150,
            "status": "target",
        }
    ]
    fit = trend_table(make_indicators(rows)).query("model == 'linear'").iloc[0]
    assert fit["target"] == 150 and pd.notna(fit["reach_date"])


def test_real_famous_doctor_stations(real_indicators):
    row = growth_table(real_indicators, ["famous_doctor_stations"], region="Zibo").iloc[0]
    assert (row["first_value"], row["last_value"], row["abs_change"]) == (101, 123, 22)
    assert (str(row["first_as_of"].date()), str(row["last_as_of"].date())) == (
        "2021-11-10",
        "2022-10-16",
    )


def test_real_trends_fitted_only_where_three_reports(real_indicators):
    table = trend_table(real_indicators)
    fitted = set(table.loc[table["model"].isin(["linear", "log-linear"]), "indicator_id"])
    assert fitted == {"famous_doctor_stations", "famous_doctor_station_experts"}
    flat = table.set_index("indicator_id").loc["famous_doctor_sending_hospitals"]
    assert (flat["model"], flat["slope_per_year"]) == ("constant", 0.0)  # 37家 in all three reports
