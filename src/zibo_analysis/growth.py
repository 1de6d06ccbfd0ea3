"""Growth: how counts and rates move between reports, and fitted trends.

>>> from zibo_analysis.dataset import load_indicators
>>> g = growth_table(load_indicators(), indicator_ids=["famous_doctor_stations"], region="Zibo")
>>> g[["first_value", "last_value", "abs_change"]].iloc[0].tolist()
[101.0, 123.0, 22.0]
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from zibo_analysis.coverage import LOWER_BOUNDS, UPPER_BOUNDS
from zibo_analysis.vocab import known_values, require

DAYS_PER_MONTH = 365.25 / 12
SERIES_KEY = ["indicator_id", "region"]
GROWTH_COLUMNS = [
    "indicator_id", "indicator_zh", "indicator_en", "topic", "kind", "region", "unit", "n_obs",
    "first_as_of", "first_value", "first_qualifier", "first_doc_id",
    "last_as_of", "last_value", "last_qualifier", "last_doc_id",
    "abs_change", "change_unit", "pct_change", "months_elapsed", "pace_per_month",
    "annualised_growth_pct", "change_bound", "bound_note", "note",
]  # fmt: skip
MIN_POINTS_TO_FIT = 3  # a line through fewer reports has no interval: nothing is fitted
MIN_MONTHS_TO_ANNUALISE = 3.0
TREND_COLUMNS = [
    "indicator_id", "indicator_en", "region", "model", "n_obs", "slope_per_year",
    "slope_low", "slope_high", "slope_unit", "r_squared", "target", "target_as_of",
    "reach_date", "reach_earliest", "reach_latest", "reason",
]  # fmt: skip


def observations(
    indicators: pd.DataFrame,
    indicator_ids: list[str] | None = None,
    region: str | None = None,
    status: str = "actual",
) -> pd.DataFrame:
    """Actual observations in time order; where two reports share a date, the later report wins.

    ``region`` None or "all" keeps every region. An indicator or region the table does not
    know raises ValueError (a typo should not look like an empty result).
    """
    if region == "all":
        region = None
    if region is not None:
        require("region", [region], known_values(indicators["region"]))
    if indicator_ids:
        require("indicator", indicator_ids, known_values(indicators["indicator_id"]))
    obs = indicators[indicators["status"] == status]
    if indicator_ids:
        obs = obs[obs["indicator_id"].isin(indicator_ids)]
    if region:
        obs = obs[obs["region"] == region]
    obs = obs.sort_values(["indicator_id", "region", "as_of", "published"])
    return obs.drop_duplicates([*SERIES_KEY, "as_of"], keep="last").reset_index(drop=True)


def months_between(start: pd.Timestamp, end: pd.Timestamp) -> float:
    return (end - start).days / DAYS_PER_MONTH


def change_unit(unit: str) -> str:
    """A change of a percentage is in percentage points; of anything else, in its own unit."""
    return "percentage_point" if unit == "percent" else unit


def change_bound(first_qualifier: str, last_qualifier: str) -> str:
    """Which side of the computed change the true change lies on, given the two bounds.

    >>> change_bound("exact", "more_than")  # the last value is at least what is printed
    'at_least'
    >>> change_bound("more_than", "exact")
    'at_most'
    """
    if first_qualifier == "exact" and last_qualifier == "exact":
        return "exact"
    if "about" in (first_qualifier, last_qualifier):
        return "about"
    up = last_qualifier in LOWER_BOUNDS or first_qualifier in UPPER_BOUNDS
    down = last_qualifier in UPPER_BOUNDS or first_qualifier in LOWER_BOUNDS
    if up and down:
        return "either way"
    return "at_least" if up else "at_most"


_BOUND_NOTES = {
    "exact": "",
    "at_least": "a bound: the true change is at least this",
    "at_most": "a bound: the true change is at most this",
    "either way": "both ends are bounds pulling opposite ways: the true change may be larger or smaller",
    "about": "an approximate figure: the change is approximate",
}


def growth_table(
    indicators: pd.DataFrame,
    indicator_ids: list[str] | None = None,
    region: str | None = None,
) -> pd.DataFrame:
    """First and last value of every series with two or more actual observations, and the change.

    ``pace_per_month`` is the absolute change per month; ``annualised_growth_pct`` the
    compound yearly growth rate. Bounds (余, 近, 以上) stay bounds: ``change_bound`` says
    whether the true change is at least, at most, or about the number shown.
    """
    obs = observations(indicators, indicator_ids, region)
    rows = []
    for _, series in obs.groupby(SERIES_KEY, observed=True, sort=True):
        if len(series) < 2:
            continue
        first, last = series.iloc[0], series.iloc[-1]
        months = months_between(first["as_of"], last["as_of"])
        change = last["value"] - first["value"]
        bound = change_bound(first["qualifier"], last["qualifier"])
        rows.append({
            "indicator_id": first["indicator_id"], "indicator_zh": first["indicator_zh"],
            "indicator_en": first["indicator_en"], "topic": first["topic"], "kind": first["kind"],
            "region": first["region"], "unit": first["unit"], "n_obs": len(series),
            "first_as_of": first["as_of"], "first_value": first["value"],
            "first_qualifier": first["qualifier"], "first_doc_id": first["doc_id"],
            "last_as_of": last["as_of"], "last_value": last["value"],
            "last_qualifier": last["qualifier"], "last_doc_id": last["doc_id"],
            "abs_change": round(change, 10),
            "change_unit": change_unit(first["unit"]),
            "pct_change": change / first["value"] * 100 if first["value"] else np.nan,
            "months_elapsed": round(months, 2),
            "pace_per_month": change / months if months > 0 else np.nan,
            "annualised_growth_pct": annualised(first["value"], last["value"], months)
                if _annualise(first["kind"], months) else np.nan,
            "change_bound": bound, "bound_note": _BOUND_NOTES[bound],
            "note": _growth_note(first["kind"], months),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=GROWTH_COLUMNS)


def _annualise(kind: str, months: float) -> bool:
    return kind not in ("rate", "change") and months >= MIN_MONTHS_TO_ANNUALISE


def _growth_note(kind: str, months: float) -> str:
    if kind in ("rate", "change"):
        return "a rate moves in percentage points: no compound growth is computed"
    if months < MIN_MONTHS_TO_ANNUALISE:
        return f"reports {months:.1f} months apart: too close to annualise"
    return ""


def annualised(first: float, last: float, months: float) -> float:
    """Compound growth per year, in percent.

    >>> round(annualised(100, 121, 24), 6)
    10.0
    """
    if months <= 0 or first <= 0 or last <= 0:
        return np.nan
    return ((last / first) ** (12 / months) - 1) * 100


# ------------------------------------------------------------------ trends --


def fit_trend(dates: pd.Series, values: pd.Series, log: bool = False):
    """OLS of value (or log value) on time in years since the first date; a statsmodels result.

    >>> d = pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"])
    >>> round(float(fit_trend(pd.Series(d), pd.Series([10.0, 12.0, 14.0])).params["years"]), 2)
    2.0
    """
    import statsmodels.api as sm  # imported here: 1.4 s that only trend fits need

    y = np.log(values.to_numpy(float)) if log else values.to_numpy(float)
    return sm.OLS(y, _design(dates, dates.min())).fit()


def _design(dates, origin: pd.Timestamp) -> pd.DataFrame:
    """The regressors: a constant and the years since ``origin``."""
    years = (pd.to_datetime(pd.Series(dates)) - origin).dt.days.to_numpy(float) / 365.25
    return pd.DataFrame({"const": 1.0, "years": years})


def reach_level(
    result, origin: pd.Timestamp, level: float, log: bool = False, horizon_years: float = 30.0
) -> tuple:
    """When the fitted mean reaches ``level``, with a 95% interval from the mean's confidence band.

    Returns (date, earliest, latest); all three are NaT when the trend is flat or runs away
    from the level, and a date is NaT when it is not reached within the horizon.
    """
    days = np.arange(0, round(horizon_years * 365.25))
    dates = origin + pd.to_timedelta(days, unit="D")
    frame = result.get_prediction(_design(dates, origin)).summary_frame(alpha=0.05)
    target = math.log(level) if log else level
    slope = result.params["years"]
    rising = slope > 0
    start = frame["mean"].iloc[0]
    if slope == 0 or (rising and start >= target) or (not rising and start <= target):
        return pd.NaT, pd.NaT, pd.NaT  # flat, or the level lies behind the trend

    def first_reach(column: str) -> pd.Timestamp:
        hits = frame[column].to_numpy() >= target if rising else frame[column].to_numpy() <= target
        if not hits.any():
            return pd.NaT
        return dates[int(np.argmax(hits))]

    fast, slow = (
        ("mean_ci_upper", "mean_ci_lower") if rising else ("mean_ci_lower", "mean_ci_upper")
    )
    return first_reach("mean"), first_reach(fast), first_reach(slow)


def trend_table(
    indicators: pd.DataFrame,
    indicator_ids: list[str] | None = None,
    region: str | None = None,
    min_points: int = 3,
    level: float | None = None,
) -> pd.DataFrame:
    """A fitted trend for every series with ``min_points`` or more dates, and why not for the others.

    Linear (value on years) for every series; log-linear as well where all values are
    positive and the series is a count, since counts tend to grow multiplicatively.
    ``slope_per_year`` with its 95% interval, in ``slope_unit``: the series' unit per year
    for linear fits, percent growth per year for log-linear ones.
    The series is projected to ``level`` if given, else to its target where the data has one.
    """
    if isinstance(min_points, bool) or not isinstance(min_points, int) or min_points < 2:
        raise ValueError(f"min_points must be a whole number, 2 or more, not {min_points!r}")
    obs = observations(indicators, indicator_ids, region)
    targets = observations(indicators, indicator_ids, region, status="target")
    needed = max(min_points, MIN_POINTS_TO_FIT)
    rows = []
    for (indicator_id, reg), series in obs.groupby(SERIES_KEY, observed=True, sort=True):
        if len(series) < 2:
            continue
        base = {
            "indicator_id": indicator_id,
            "indicator_en": series["indicator_en"].iloc[0],
            "region": reg,
            "n_obs": len(series),
            "unit": series["unit"].iloc[0],
        }
        if len(series) < needed:
            rows.append({**base, "model": "none", "reason": (
                f"{len(series)} observations: a line through two points leaves nothing to estimate "
                f"its uncertainty; {needed} are needed (the growth table gives the change)")})  # fmt: skip
            continue
        if series["value"].nunique() == 1:
            unit = series["unit"].iloc[0]
            rows.append({**base, "model": "constant", "slope_per_year": 0.0, "slope_low": 0.0, "slope_high": 0.0,
                         "slope_unit": f"{change_unit(unit)} per year",
                         "reason": f"the same value ({series['mention'].iloc[0]}) in every report: flat, nothing to fit"})  # fmt: skip
            continue
        target_rows = targets[
            (targets["indicator_id"] == indicator_id) & (targets["region"] == reg)
        ]
        goal, goal_date = (level, pd.NaT) if level is not None else (
            (target_rows["value"].iloc[-1], target_rows["as_of"].iloc[-1]) if len(target_rows) else (None, pd.NaT))  # fmt: skip
        models = [False]
        if (series["value"] > 0).all() and series["kind"].iloc[0] in (
            "stock",
            "cumulative",
            "flow",
        ):
            models.append(True)
        for log in models:
            rows.append({**base, **_trend_row(series, log, goal, goal_date)})
    return pd.DataFrame(rows, columns=[*TREND_COLUMNS, "unit"]).drop(columns="unit")


def _trend_row(series: pd.DataFrame, log: bool, goal: float | None, goal_date) -> dict:
    result = fit_trend(series["as_of"], series["value"], log=log)
    low, high = result.conf_int(alpha=0.05).loc["years"]
    slope = result.params["years"]
    unit = series["unit"].iloc[0]
    row = {
        "model": "log-linear" if log else "linear",
        "slope_per_year": slope,
        "slope_low": low,
        "slope_high": high,
        "slope_unit": "% per year" if log else f"{change_unit(unit)} per year",
        "r_squared": result.rsquared,
        "target": goal if goal is not None else np.nan,
        "target_as_of": goal_date,
        "reason": "",
    }
    if log:  # report growth in percent per year, not log units
        row.update(slope_per_year=(math.exp(slope) - 1) * 100, slope_low=(math.exp(low) - 1) * 100,
                   slope_high=(math.exp(high) - 1) * 100)  # fmt: skip
    if goal is not None and not (log and goal <= 0):
        date, earliest, latest = reach_level(result, series["as_of"].min(), goal, log=log)
        row.update(reach_date=date, reach_earliest=earliest, reach_latest=latest)
    return row


def fitted_line(
    series: pd.DataFrame, log: bool = False, extend_months: float = 0.0
) -> pd.DataFrame:
    """The fitted mean and its 95% band over the series' dates, for plotting."""
    origin = series["as_of"].min()
    result = fit_trend(series["as_of"], series["value"], log=log)
    end = series["as_of"].max() + pd.Timedelta(days=extend_months * DAYS_PER_MONTH)
    dates = pd.Series(pd.date_range(origin, end, periods=60))
    frame = result.get_prediction(_design(dates, origin)).summary_frame(alpha=0.05)
    back = np.exp if log else (lambda x: x)
    return pd.DataFrame({
        "as_of": dates, "mean": back(frame["mean"].to_numpy()),
        "low": back(frame["mean_ci_lower"].to_numpy()), "high": back(frame["mean_ci_upper"].to_numpy()),
    })  # fmt: skip
