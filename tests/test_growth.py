"""Growth between reports, bounds kept as bounds, and trends fitted with statsmodels."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from conftest import make_indicators

from zibo_analysis import growth
from zibo_analysis.growth import (
    change_bound,
    fit_trend,
    growth_rates,
    growth_table,
    reach_level,
    trend_table,
)

STATIONS = [
    {
        "indicator_id": "famous_doctor_stations",
        "region": "Zibo",
        "as_of": "2021-11-10",
        "value": 101,
        "doc_id": "zibo-2021-11",
    },
    {
        "indicator_id": "famous_doctor_stations",
        "region": "Zibo",
        "as_of": "2021-12-01",
        "value": 102,
        "doc_id": "zibo-2021-12-01",
    },
    {
        "indicator_id": "famous_doctor_stations",
        "region": "Zibo",
        "as_of": "2022-10-16",
        "value": 123,
        "doc_id": "zibo-2022-10",
    },
]


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
        {
            "indicator_id": "trained",
            "region": "Zibo",
            "as_of": "2021-11-10",
            "value": 13_000,
            "qualifier": "more_than",
            "unit": "人",
        },
        {
            "indicator_id": "trained",
            "region": "Zibo",
            "as_of": "2022-10-16",
            "value": 26_000,
            "unit": "人",
        },
    ]
    (row,) = growth_table(make_indicators(rows)).itertuples()
    assert (row.abs_change, row.change_bound) == (13_000, "at_most")
    assert "at most" in row.bound_note


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("exact", "exact", "exact"),
        ("exact", "more_than", "at_least"),
        ("nearly", "exact", "at_least"),
        ("more_than", "more_than", "either way"),
        ("about", "exact", "about"),
    ],
)
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
        {
            "indicator_id": "standard_rate",
            "region": "Zibo",
            "as_of": "2021-11-10",
            "value": 94.44,
            "kind": "rate",
            "unit": "percent",
        },
        {
            "indicator_id": "standard_rate",
            "region": "Zibo",
            "as_of": "2021-12-01",
            "value": 97.16,
            "kind": "rate",
            "unit": "percent",
        },
        {
            "indicator_id": "deans",
            "region": "Zibo",
            "as_of": "2021-11-10",
            "value": 24,
            "kind": "cumulative",
        },
        {
            "indicator_id": "deans",
            "region": "Zibo",
            "as_of": "2021-12-01",
            "value": 6,
            "kind": "cumulative",
        },
    ]
    table = growth_table(make_indicators(rows)).set_index("indicator_id")
    assert table["annualised_growth_pct"].isna().all()
    assert table.loc["standard_rate", "abs_change"] == pytest.approx(2.72)
    assert table.loc["standard_rate", "change_unit"] == "percentage_point"
    assert "a rate moves in points of its own unit" in table.loc["standard_rate", "note"]
    assert "0.7 months apart" in table.loc["deans", "note"]


def test_trend_table_fits_three_points_and_explains_two():
    rows = STATIONS + [
        {"indicator_id": "specialties", "region": "Zibo", "as_of": "2021-11-10", "value": 30},
        {"indicator_id": "specialties", "region": "Zibo", "as_of": "2022-10-16", "value": 50},
    ]
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


def test_the_default_level_to_project_to_is_half_as_much_again_as_the_last_report():
    assert (
        growth.default_level(make_indicators(STATIONS), "famous_doctor_stations", "Zibo") == 180.0
    )  # 123 x 1.5
    visits = [{**r, "value": v} for r, v in zip(STATIONS, (8.42e9, 8.8e9, 9.55e9), strict=True)]
    assert growth.default_level(make_indicators(visits), "famous_doctor_stations") == 1.4e10


def test_a_level_a_line_never_reaches_says_why():
    fit = trend_table(make_indicators(STATIONS), level=50).query("model == 'linear'").iloc[0]
    assert pd.isna(fit["reach_date"])
    assert (
        fit["reason"]
        == "the line does not reach 50 within 30 years (it starts beyond it or runs away from it)"
    )
    zh = (
        trend_table(make_indicators(STATIONS), level=50, lang="zh")
        .query("model == 'linear'")
        .iloc[0]
    )
    assert zh["reason"] == "按此趋势30年内达不到50（起点已越过该水平，或趋势背离）"


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


# ------------------------------------------------------- growth rates --


def test_least_squares_growth_of_famous_doctor_stations_by_hand():
    (row,) = growth_rates(make_indicators(STATIONS)).itertuples()
    years = np.array([0, 21, 340]) / 365.25  # days after 2021-11-10
    logs = np.log([101, 102, 123])
    slope, intercept = np.polyfit(years, logs, 1)
    residual = logs - (intercept + slope * years)
    se = math.sqrt((residual @ residual) / (3 - 2) / ((years - years.mean()) ** 2).sum())
    t = scipy.stats.t.ppf(0.975, df=1)  # 12.71: three reports leave one degree of freedom
    assert (row.method, row.n_obs, row.segments) == ("least_squares", 3, 1)
    assert row.growth_pct == pytest.approx((math.exp(slope) - 1) * 100)
    assert row.growth_low == pytest.approx((math.exp(slope - t * se) - 1) * 100)
    assert row.growth_high == pytest.approx((math.exp(slope + t * se) - 1) * 100)
    assert (round(row.growth_pct, 2), round(row.growth_low, 2), round(row.growth_high, 2)) == (
        23.72,
        20.17,
        27.37,
    )
    assert (row.first_mention, row.last_mention) == ("101个", "123个")


def test_two_reports_compound_growth_by_elapsed_days():
    rows = [
        {
            "indicator_id": "techniques",
            "region": "Zibo",
            "as_of": "2021-11-10",
            "value": 400,
            "unit": "项",
        },
        {
            "indicator_id": "techniques",
            "region": "Zibo",
            "as_of": "2022-10-16",
            "value": 520,
            "unit": "项",
        },
    ]
    (row,) = growth_rates(make_indicators(rows)).itertuples()
    assert row.method == "two_point" and row.note == "rests on two points only"
    assert row.growth_pct == pytest.approx(((520 / 400) ** (365.25 / 340) - 1) * 100)
    assert np.isnan(row.growth_low) and np.isnan(row.growth_high)


def test_least_squares_recovers_a_known_rate():
    dates = ["2019-01-01", "2020-01-01", "2021-01-01", "2022-01-01"]
    rows = [
        {"indicator_id": "beds", "region": "Zibo", "as_of": d, "value": 200 * 1.1**i}
        for i, d in enumerate(dates)
    ]
    (row,) = growth_rates(make_indicators(rows)).itertuples()
    assert row.growth_pct == pytest.approx(10.0, abs=0.05)
    assert row.growth_low < row.growth_pct < row.growth_high


@pytest.mark.parametrize(
    ("kind", "dates", "note"),
    [
        ("rate", ("2021-01-01", "2022-01-01"), "a rate moves in points of its own unit"),
        ("stock", ("2021-11-10", "2021-12-01"), "0.7 months apart: too close to annualise"),
    ],
)
def test_no_growth_rate_where_none_is_meaningful(kind, dates, note):
    rows = [
        {"indicator_id": "x", "region": "Zibo", "as_of": d, "value": v, "kind": kind}
        for d, v in zip(dates, (90.0, 95.0), strict=True)
    ]
    (row,) = growth_rates(make_indicators(rows)).itertuples()
    assert row.method == "none" and np.isnan(row.growth_pct) and note in row.note


def test_a_flat_series_grows_by_nothing():
    rows = [{**r, "value": 37} for r in STATIONS]
    (row,) = growth_rates(make_indicators(rows)).itertuples()
    assert (row.growth_pct, row.growth_low, row.growth_high) == (0.0, 0.0, 0.0)
    assert "flat" in row.note


BEDS = [
    {"indicator_id": "beds", "region": "Zibo", "as_of": d, "value": v, "doc_id": f"d{i}"}
    for i, (d, v) in enumerate(
        zip(
            ("2020-01-01", "2021-01-01", "2022-01-01", "2023-01-01"),
            (100, 110, 160, 176),
            strict=True,
        )
    )
]


def _flags(kind: str, *positions: int) -> pd.DataFrame:
    return pd.DataFrame({"kind": [kind], "obs_ids": [[f"d{i}:{i}" for i in positions]]})


def test_a_break_flag_splits_the_series():
    table = growth_rates(make_indicators(BEDS), flags=_flags("populations_differ", 1, 2))
    assert table["segment"].tolist() == [1, 2] and (table["segments"] == 2).all()
    assert table[["first_value", "last_value"]].to_numpy().tolist() == [[100, 110], [160, 176]]
    assert table["growth_pct"].round(1).tolist() == [10.0, 10.0]  # a year each
    assert (table["breaks"] == "before 2022-01-01: populations differ").all()
    assert all("no growth across a break" in n for n in table["note"])


def test_a_figure_given_two_scopes_stands_alone():
    table = growth_rates(make_indicators(BEDS), flags=_flags("scope_mislabelled", 1))
    assert table["n_obs"].tolist() == [1, 1, 2]
    assert table["breaks"].iloc[0] == (
        "before 2021-01-01: scope mislabelled; before 2022-01-01: scope mislabelled"
    )


def test_a_curation_note_starting_with_break_splits_the_series():
    rows = [
        {**r, "note": "Break: counts 中医馆 from here on, 国医堂 before."} if i == 2 else r
        for i, r in enumerate(BEDS)
    ]
    table = growth_rates(make_indicators(rows))
    assert table["n_obs"].tolist() == [2, 2]
    assert (
        table["breaks"].iloc[0].startswith("before 2022-01-01: definition changed (Break: counts")
    )


def test_other_flags_and_notes_do_not_break_a_series():
    rows = [{**r, "note": "A break in the campaign; same scope."} for r in BEDS]
    table = growth_rates(make_indicators(rows), flags=_flags("jump", 1, 2))
    assert table["segments"].tolist() == [1] and table["breaks"].tolist() == [""]


def test_growth_table_gives_no_growth_across_a_break():
    (row,) = growth_table(
        make_indicators(BEDS), flags=_flags("populations_differ", 1, 2)
    ).itertuples()
    assert (row.first_value, row.last_value, row.abs_change) == (100, 176, 76)
    assert np.isnan(row.annualised_growth_pct) and np.isnan(row.pct_change)
    assert (
        row.breaks == "before 2022-01-01: populations differ" and "no growth across it" in row.note
    )
    (plain,) = growth_table(make_indicators(BEDS)).itertuples()
    assert plain.breaks == "" and plain.annualised_growth_pct > 0


def test_trend_table_fits_after_the_last_break():
    table = trend_table(make_indicators(BEDS), flags=_flags("populations_differ", 1, 2))
    (row,) = table.itertuples()
    assert (row.model, row.n_obs) == ("none", 2)
    assert row.reason.startswith("after the break 2022-01-01 (populations differ): 2 observations")


def test_real_famous_doctor_growth_rates(real_indicators):
    table = growth_rates(real_indicators, region="Zibo").set_index("indicator_id")
    stations = table.loc["famous_doctor_stations"]
    assert (stations["method"], stations["n_obs"]) == ("least_squares", 3)
    assert [round(stations[c], 2) for c in ("growth_pct", "growth_low", "growth_high")] == [
        23.72,
        20.17,
        27.37,
    ]
    experts = table.loc["famous_doctor_station_experts"]  # 336, 353, 454
    assert [round(experts[c], 1) for c in ("growth_pct", "growth_low", "growth_high")] == [
        36.1,
        -7.5,
        100.2,
    ]
    assert table.loc["famous_doctor_sending_hospitals", "growth_pct"] == 0.0  # 37 in all three
    assert table.loc["municipal_key_clinical_specialties", "method"] == "two_point"  # 30, 50


def test_real_basic_standard_rate_breaks_where_populations_differ(real_indicators):
    from zibo_analysis.dataset import load_catalog
    from zibo_analysis.quality import quality_flags

    flags = quality_flags(real_indicators, catalog=load_catalog())
    table = growth_rates(real_indicators, ["primary_institutions_basic_standard_rate"], flags=flags)
    assert table["first_mention"].tolist() == ["94.44%", "97.16%"]
    assert (table["breaks"] == "before 2021-12-01: populations differ").all()


def test_compound_growth_is_one_rule_for_the_change_table_and_the_growth_rates():
    rows = make_indicators(
        [
            {"indicator_id": "x", "region": "Zibo", "as_of": "2020-01-01", "value": 100},
            {"indicator_id": "x", "region": "Zibo", "as_of": "2022-01-01", "value": 121},
        ]
    )
    table = growth.growth_table(rows).iloc[0]
    rates = growth.growth_rates(rows).iloc[0]
    assert rates["method"] == "two_point"
    # 731 days (2020 is a leap year): a little over two years of 365.25 days
    assert round(table["annualised_growth_pct"], 4) == round(rates["growth_pct"], 4) == 9.9928
    assert growth.compound_growth(100, 121, 2) == pytest.approx(10.0)


def test_compound_growth_of_a_decrease_is_negative_and_of_nothing_is_missing():
    assert growth.compound_growth(121, 100, 2) == pytest.approx(-9.0909, abs=1e-4)
    assert math.isnan(growth.compound_growth(100, 121, 0))
    assert math.isnan(growth.compound_growth(0, 121, 2)) and math.isnan(
        growth.compound_growth(100, -1, 2)
    )


def test_a_chinese_growth_table_writes_its_notes_in_chinese():
    rates = [
        {**row, "indicator_id": "exam_rate", "kind": "rate", "unit": "percent", "value": v}
        for row, v in zip(STATIONS, [91.5, 92.0, 93.07], strict=True)
    ]
    (row,) = growth_table(make_indicators(rates), lang="zh").itertuples()
    assert row.note == "比率按自身单位的点数变动（百分比为百分点），不计算复合增长"
    (english,) = growth_table(make_indicators(rates)).itertuples()
    assert english.note == (
        "a rate moves in points of its own unit (pp for %): no compound growth is computed"
    )


def test_a_chinese_trend_table_gives_its_reason_and_unit_in_chinese():
    two = trend_table(make_indicators(STATIONS[:2]), min_points=3, lang="zh").iloc[0]
    assert two["reason"] == "仅2次观测：两点连线无从估计不确定性，至少需要3次（变化量见增长表）"
    linear = trend_table(make_indicators(STATIONS), lang="zh").set_index("model").loc["linear"]
    assert linear["slope_unit"] == "个/年"


def test_a_close_pair_of_reports_is_not_annualised_in_either_language():
    close = make_indicators(STATIONS[:2])
    (zh,) = growth_rates(close, lang="zh").itertuples()
    assert (zh.method, zh.note) == ("none", "两次报道相隔0.7个月，间隔过短，不作年化")
