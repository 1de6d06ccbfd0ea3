"""Trends fitted with statsmodels: OLS on time, linear and log-linear, and projections.

>>> d = pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"])
>>> round(float(fit_trend(pd.Series(d), pd.Series([10.0, 12.0, 14.0])).params["years"]), 2)
2.0
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from zibo_analysis.growth.breaks import breaks, segments
from zibo_analysis.growth.changes import (
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    MIN_POINTS_TO_FIT,
    SERIES_KEY,
    change_unit,
    observations,
)
from zibo_analysis.growth.spans import spans_sentence, unlike_spans
from zibo_analysis.growth.words import WORDS
from zibo_analysis.vocab import in_lang, value_words

TREND_COLUMNS = [
    "indicator_id",
    "indicator_en",
    "region",
    "model",
    "n_obs",
    "slope_per_year",
    "slope_low",
    "slope_high",
    "slope_unit",
    "r_squared",
    "target",
    "target_as_of",
    "reach_date",
    "reach_earliest",
    "reach_latest",
    "reason",
]
# What fit_trend imports on its first call; a report kernel imports it while it waits for
# its first notebook (report.run.warm_up), so that the first fit does not pay for it.
DEFERRED_IMPORTS = ("statsmodels.regression.linear_model",)


def fit_trend(dates: pd.Series, values: pd.Series, log: bool = False):
    """OLS of value (or log value) on time in years since the first date; a statsmodels result.

    >>> d = pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"])
    >>> round(float(fit_trend(pd.Series(d), pd.Series([10.0, 12.0, 14.0])).params["years"]), 2)
    2.0
    """
    # imported here, and from its module rather than statsmodels.api (which imports all
    # of statsmodels: 0.3 s more): only trend fits need it
    from statsmodels.regression.linear_model import OLS

    y = np.log(values.to_numpy(float)) if log else values.to_numpy(float)
    return OLS(y, _design(dates, dates.min())).fit()


def _design(dates, origin: pd.Timestamp) -> pd.DataFrame:
    """The regressors: a constant and the years since ``origin``."""
    years = (pd.to_datetime(pd.Series(dates)) - origin).dt.days.to_numpy(float) / DAYS_PER_YEAR
    return pd.DataFrame({"const": 1.0, "years": years})


def reach_level(
    result, origin: pd.Timestamp, level: float, log: bool = False, horizon_years: float = 30.0
) -> tuple:
    """When the fitted mean reaches ``level``, with a 95% interval from the mean's confidence band.

    Returns (date, earliest, latest); all three are NaT when the trend is flat or runs away
    from the level, and a date is NaT when it is not reached within the horizon.
    """
    days = np.arange(0, round(horizon_years * DAYS_PER_YEAR))
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
    flags: pd.DataFrame | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """A fitted trend for every series with ``min_points`` or more dates, and why not for the others.

    Linear (value on years) for every series; log-linear as well where all values are
    positive and the series is a count, since counts tend to grow multiplicatively.
    ``slope_per_year`` with its 95% interval, in ``slope_unit``: the series' unit per year
    for linear fits, percent growth per year for log-linear ones.
    The series is projected to ``level`` if given, else to its target where the data has one.
    Given the quality ``flags``, a series with a break is fitted after its last break only.
    A flow whose reports cover different periods (January–July and a whole year) is not
    fitted: ``reason`` says why. ``reason`` and ``slope_unit`` are written in ``lang``.
    """
    w = in_lang(WORDS, lang)
    if isinstance(min_points, bool) or not isinstance(min_points, int) or min_points < 2:
        raise ValueError(f"min_points must be a whole number, 2 or more, not {min_points!r}")
    obs = observations(indicators, indicator_ids, region)
    targets = observations(indicators, indicator_ids, region, status="target")
    needed = max(min_points, MIN_POINTS_TO_FIT)
    rows = []
    for (indicator_id, reg), series in obs.groupby(SERIES_KEY, observed=True, sort=True):
        if len(series) < 2:
            continue
        found = breaks(series, flags, lang)
        after = ""
        if found:
            series = segments(series, found)[-1]
            after = w["after_break"].format(date=f"{found[-1].as_of:%Y-%m-%d}", why=found[-1].why)
        base = {
            "indicator_id": indicator_id,
            "indicator_en": series["indicator_en"].iloc[0],
            "region": reg,
            "n_obs": len(series),
            "unit": series["unit"].iloc[0],
        }
        if unlike_spans(series):
            rows.append({**base, "model": "none", "reason": after + spans_sentence(series, lang)})
            continue
        if len(series) < needed:
            rows.append(
                {
                    **base,
                    "model": "none",
                    "reason": after
                    + w["too_few"].format(n=len(series), s="s" * (len(series) != 1), needed=needed),
                }
            )
            continue
        if series["value"].nunique() == 1:
            unit = series["unit"].iloc[0]
            rows.append(
                {
                    **base,
                    "model": "constant",
                    "slope_per_year": 0.0,
                    "slope_low": 0.0,
                    "slope_high": 0.0,
                    "slope_unit": _per_year(unit, lang),
                    "reason": after + w["constant"].format(mention=series["mention"].iloc[0]),
                }
            )
            continue
        target_rows = targets[
            (targets["indicator_id"] == indicator_id) & (targets["region"] == reg)
        ]
        goal, goal_date = (
            (level, pd.NaT)
            if level is not None
            else (
                (target_rows["value"].iloc[-1], target_rows["as_of"].iloc[-1])
                if len(target_rows)
                else (None, pd.NaT)
            )
        )
        models = [False]
        if (series["value"] > 0).all() and series["kind"].iloc[0] in (
            "stock",
            "cumulative",
            "flow",
        ):
            models.append(True)
        for log in models:
            rows.append({**base, **_trend_row(series, log, goal, goal_date, after, lang)})
    return pd.DataFrame(rows, columns=[*TREND_COLUMNS, "unit"]).drop(columns="unit")


def _per_year(unit: str, lang: str) -> str:
    """The unit of a linear slope: the series' unit of change per year."""
    word = change_unit(unit)
    return WORDS[lang]["per_year"].format(unit=value_words(word, lang) if lang == "zh" else word)


def _trend_row(
    series: pd.DataFrame,
    log: bool,
    goal: float | None,
    goal_date,
    reason: str = "",
    lang: str = "en",
) -> dict:
    result = fit_trend(series["as_of"], series["value"], log=log)
    low, high = result.conf_int(alpha=0.05).loc["years"]
    slope = result.params["years"]
    unit = series["unit"].iloc[0]
    row = {
        "model": "log-linear" if log else "linear",
        "slope_per_year": slope,
        "slope_low": low,
        "slope_high": high,
        "slope_unit": WORDS[lang]["pct_per_year"] if log else _per_year(unit, lang),
        "r_squared": result.rsquared,
        "target": goal if goal is not None else np.nan,
        "target_as_of": goal_date,
        "reason": reason.removesuffix(": ").removesuffix("："),
    }
    if log:  # report growth in percent per year, not log units
        row.update(
            slope_per_year=(math.exp(slope) - 1) * 100,
            slope_low=(math.exp(low) - 1) * 100,
            slope_high=(math.exp(high) - 1) * 100,
        )
    if goal is not None and not (log and goal <= 0):
        date, earliest, latest = reach_level(result, series["as_of"].min(), goal, log=log)
        row.update(reach_date=date, reach_earliest=earliest, reach_latest=latest)
    return row


COUNT_KINDS = ("stock", "cumulative", "flow")  # counts of something: never below zero


def most_reported(indicators: pd.DataFrame, region: str | None = None) -> str:
    """The indicator reported most often (then the latest), a count before a rate, as the
    series a page projects when none is chosen; "" when nothing is reported twice.

    >>> rows = pd.DataFrame({"indicator_id": ["a", "b", "b"], "region": "R", "status": "actual",
    ...     "kind": "stock", "as_of": pd.to_datetime(["2020-01-01", "2020-01-01", "2021-01-01"]),
    ...     "published": pd.to_datetime(["2020-01-02", "2020-01-02", "2021-01-02"])})
    >>> most_reported(rows)
    'b'
    """
    obs = observations(indicators, region=region)
    obs = obs[obs["kind"].astype(str).isin(COUNT_KINDS)]
    sizes = (
        obs.groupby(SERIES_KEY, observed=True)
        .agg(n=("as_of", "size"), last=("as_of", "max"))
        .reset_index()
    )
    sizes = sizes[sizes["n"] >= 2].sort_values(
        ["n", "last", "indicator_id"], ascending=[False, False, True]
    )
    return str(sizes["indicator_id"].iloc[0]) if len(sizes) else ""


def trend_band(series: pd.DataFrame, extend_months: float = 0.0) -> pd.DataFrame:
    """The fitted trend of a series and its 95% band, as a figure draws it.

    A count (a stock, running total or flow, every value above zero) is fitted on its logs,
    so that its band never goes below zero; anything else is fitted on its values, and the
    band is clipped to what the figure can be (a rate between 0 and the whole of its base,
    a share or ratio from 0 up). ``attrs`` says which: ``model`` (log-linear or linear) and
    ``clipped`` (whether the band was cut at a bound).

    >>> d = pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"])
    >>> s = pd.DataFrame({"as_of": d, "value": [100.0, 20.0, 110.0], "kind": "stock", "unit": "个"})
    >>> band = trend_band(s)
    >>> band.attrs["model"], bool((band["low"] > 0).all())
    ('log-linear', True)
    """
    from zibo_analysis.quantities import RATE_SCALE

    kind, unit = str(series["kind"].iloc[0]), str(series["unit"].iloc[0])
    log = kind in COUNT_KINDS and bool((series["value"] > 0).all())
    line = fitted_line(series, log=log, extend_months=extend_months)
    clipped = False
    if not log and kind != "change":
        low, high = 0.0, float(RATE_SCALE.get(unit, np.inf)) if kind == "rate" else np.inf
        clipped = bool((line["low"] < low).any() or (line["high"] > high).any())
        line = line.assign(
            low=line["low"].clip(lower=low, upper=high),
            high=line["high"].clip(lower=low, upper=high),
        )
    line.attrs.update(model="log-linear" if log else "linear", clipped=clipped)
    return line


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
    return pd.DataFrame(
        {
            "as_of": dates,
            "mean": back(frame["mean"].to_numpy()),
            "low": back(frame["mean_ci_lower"].to_numpy()),
            "high": back(frame["mean_ci_upper"].to_numpy()),
        }
    )
