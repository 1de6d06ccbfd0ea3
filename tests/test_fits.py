"""The closed-form least squares of `growth.grouped` against statsmodels' OLS, fitted here
in the test as an independent oracle: the same slope, intercept, standard errors, 95%
intervals, R² and band, to 1e-9, for every series of a table at once."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import make_indicators
from statsmodels.regression.linear_model import OLS

from zibo_analysis.growth import growth_rates, reach_dates, trend_table
from zibo_analysis.growth.grouped import Lines, fit_lines, groups_from_starts
from zibo_analysis.growth.trends import fitted_line

TOLERANCE = {"rel": 1e-9, "abs": 1e-9}
# Three series fitted together: reports a few months apart, the first two years apart.
YEARS = [
    np.array([0.0, 0.0575, 0.9309]),  # 2021-11-10, 2021-12-01, 2022-10-16 in years
    np.array([0.0, 0.5, 1.25, 2.0, 3.5, 4.0]),
    np.array([1.0, 2.0, 3.0, 5.0]),  # not starting at zero
]
VALUES = [
    np.array([101.0, 102.0, 123.0]),
    np.array([50.2, 51.0, 55.7, 58.1, 66.0, 67.4]),
    np.array([3.2, 2.9, 2.95, 2.4]),
]


def ols(x: np.ndarray, y: np.ndarray):
    design = pd.DataFrame({"const": 1.0, "years": x})
    return OLS(y, design).fit()


@pytest.fixture(scope="module")
def lines() -> Lines:
    sizes = [len(x) for x in YEARS]
    groups = groups_from_starts(np.cumsum([0, *sizes[:-1]]), sum(sizes))
    return fit_lines(groups, np.concatenate(YEARS), np.concatenate(VALUES))


@pytest.mark.parametrize("k", range(len(YEARS)))
def test_slope_intercept_and_errors_are_statsmodels(lines, k):
    result = ols(YEARS[k], VALUES[k])
    assert lines.slope[k] == pytest.approx(result.params["years"], **TOLERANCE)
    assert lines.intercept[k] == pytest.approx(result.params["const"], **TOLERANCE)
    cov = np.asarray(result.cov_params())
    assert [lines.cov_aa[k], lines.cov_ab[k], lines.cov_bb[k]] == pytest.approx(
        [cov[0, 0], cov[0, 1], cov[1, 1]], **TOLERANCE
    )
    assert lines.r_squared[k] == pytest.approx(result.rsquared, **TOLERANCE)
    assert lines.df[k] == result.df_resid


@pytest.mark.parametrize("k", range(len(YEARS)))
def test_the_95_percent_interval_of_the_slope_is_statsmodels(lines, k):
    low, high = lines.slope_interval()
    expected_low, expected_high = ols(YEARS[k], VALUES[k]).conf_int(alpha=0.05).loc["years"]
    assert (low[k], high[k]) == pytest.approx((expected_low, expected_high), **TOLERANCE)


@pytest.mark.parametrize("k", range(len(YEARS)))
def test_the_band_of_the_mean_is_statsmodels(lines, k):
    x = np.array([0.0, 0.7, 2.5, 10.0])
    frame = (
        ols(YEARS[k], VALUES[k])
        .get_prediction(pd.DataFrame({"const": 1.0, "years": x}))
        .summary_frame(alpha=0.05)
    )
    mean, low, high = lines.band(x, k)
    assert mean == pytest.approx(frame["mean"].to_numpy(), **TOLERANCE)
    assert low == pytest.approx(frame["mean_ci_lower"].to_numpy(), **TOLERANCE)
    assert high == pytest.approx(frame["mean_ci_upper"].to_numpy(), **TOLERANCE)


def test_three_reports_leave_one_degree_of_freedom_and_student_t_of_one():
    one = fit_lines(groups_from_starts(np.array([0]), 3), YEARS[0], VALUES[0])
    assert one.df[0] == 1 and one.t[0] == pytest.approx(12.706204736, abs=1e-8)  # t(0.975, 1)


def test_a_statsmodels_result_gives_the_same_line():
    result = ols(YEARS[1], VALUES[1])
    line = Lines.from_statsmodels(result)
    assert line.slope[0] == result.params["years"] and line.t[0] == pytest.approx(2.776445105)


# -------------------------------------------------- the tables, against statsmodels --

STATIONS = make_indicators(
    [
        {"indicator_id": "stations", "region": "Zibo", "as_of": d, "value": v}
        for d, v in [("2021-11-10", 101), ("2021-12-01", 102), ("2022-10-16", 123)]
    ]
    + [
        {"indicator_id": "experts", "region": "Zibo", "as_of": d, "value": v, "unit": "名"}
        for d, v in [
            ("2021-11-10", 353),
            ("2021-12-01", 356),
            ("2022-10-16", 379),
            ("2023-06-30", 401),
        ]
    ]
)


def years_of(series: pd.DataFrame) -> np.ndarray:
    return (series["as_of"] - series["as_of"].min()).dt.days.to_numpy(float) / 365.25


@pytest.mark.parametrize("indicator", ["stations", "experts"])
def test_trend_table_slopes_are_statsmodels(indicator):
    series = STATIONS[STATIONS["indicator_id"] == indicator]
    table = trend_table(STATIONS).set_index(["indicator_id", "model"])
    linear = ols(years_of(series), series["value"].to_numpy(float))
    row = table.loc[(indicator, "linear")]
    low, high = linear.conf_int(alpha=0.05).loc["years"]
    assert [row["slope_per_year"], row["slope_low"], row["slope_high"], row["r_squared"]] == (
        pytest.approx([linear.params["years"], low, high, linear.rsquared], **TOLERANCE)
    )
    logged = ols(years_of(series), np.log(series["value"].to_numpy(float)))
    row = table.loc[(indicator, "log-linear")]
    low, high = logged.conf_int(alpha=0.05).loc["years"]
    growth = [(np.exp(v) - 1) * 100 for v in (logged.params["years"], low, high)]
    assert [row["slope_per_year"], row["slope_low"], row["slope_high"]] == pytest.approx(
        growth, **TOLERANCE
    )


def test_growth_rates_least_squares_is_statsmodels_on_logs():
    table = growth_rates(STATIONS).set_index("indicator_id")
    for indicator in ("stations", "experts"):
        series = STATIONS[STATIONS["indicator_id"] == indicator]
        result = ols(years_of(series), np.log(series["value"].to_numpy(float)))
        low, high = result.conf_int(alpha=0.05).loc["years"]
        row = table.loc[indicator]
        expected = [(np.exp(v) - 1) * 100 for v in (result.params["years"], low, high)]
        assert [row["growth_pct"], row["growth_low"], row["growth_high"]] == pytest.approx(
            expected, **TOLERANCE
        )


def first_day(values: np.ndarray, level: float, rising: bool) -> int | None:
    hits = values >= level if rising else values <= level
    return int(np.argmax(hits)) if hits.any() else None


def test_reach_dates_are_the_first_days_of_statsmodels_band():
    """The day-by-day path of statsmodels' prediction: the first day the mean (and each edge
    of its band) reaches the level."""
    series = STATIONS[STATIONS["indicator_id"] == "experts"]
    result = ols(years_of(series), series["value"].to_numpy(float))
    days = np.arange(0, round(30 * 365.25))
    frame = result.get_prediction(
        pd.DataFrame({"const": 1.0, "years": days / 365.25})
    ).summary_frame(alpha=0.05)
    origin = series["as_of"].min()
    expected = [
        origin + pd.Timedelta(days=first_day(frame[c].to_numpy(), 450.0, True))
        for c in ("mean", "mean_ci_upper", "mean_ci_lower")
    ]
    found = reach_dates(Lines.from_statsmodels(result), [origin], [450.0], [False])
    assert [pd.Timestamp(d[0]) for d in found] == expected
    assert expected[1] < expected[0] < expected[2]  # the fast edge first, the slow one last


def test_the_plotted_line_and_band_are_statsmodels():
    series = STATIONS[STATIONS["indicator_id"] == "experts"]
    line = fitted_line(series, log=True, extend_months=12)
    x = (line["as_of"] - series["as_of"].min()).dt.days.to_numpy(float) / 365.25
    frame = (
        ols(years_of(series), np.log(series["value"].to_numpy(float)))
        .get_prediction(pd.DataFrame({"const": 1.0, "years": x}))
        .summary_frame(alpha=0.05)
    )
    assert line["mean"].to_numpy() == pytest.approx(np.exp(frame["mean"].to_numpy()), **TOLERANCE)
    assert line["low"].to_numpy() == pytest.approx(
        np.exp(frame["mean_ci_lower"].to_numpy()), **TOLERANCE
    )
