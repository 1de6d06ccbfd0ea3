"""Trends: straight lines fitted by least squares on time, linear and log-linear, and when
they reach a level.

The fits are closed-form, every series at once (`growth.grouped.fit_lines`); `fit_trend`
gives the same line as a statsmodels result, for one series.

>>> d = pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"])
>>> round(float(fit_trend(pd.Series(d), pd.Series([10.0, 12.0, 14.0])).params["years"]), 2)
2.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zibo_analysis.growth.breaks import break_table
from zibo_analysis.growth.changes import (
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    MIN_POINTS_TO_FIT,
    SERIES_KEY,
    change_unit,
    compared_series,
    days_between,
    observations,
)
from zibo_analysis.growth.grouped import (
    Groups,
    Lines,
    fit_lines,
    groups_from_starts,
)
from zibo_analysis.growth.spans import spans_sentences, unlike_all
from zibo_analysis.growth.words import WORDS
from zibo_analysis.vectors import fill, objects, records_frame
from zibo_analysis.vocab import in_lang, value_words

__all__ = [
    "COUNT_KINDS",
    "TREND_COLUMNS",
    "fit_trend",
    "fitted_line",
    "most_reported",
    "reach_dates",
    "reach_level",
    "default_level",
    "level_words",
    "trend_band",
    "trend_table",
]

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
HORIZON_YEARS = 30.0  # how far ahead a trend is followed to a level
CHUNK = 64  # series whose daily path to a level is evaluated at once (64 x 30 years of days)


def fit_trend(dates: pd.Series, values: pd.Series, log: bool = False):
    """OLS of value (or log value) on time in years since the first date; a statsmodels result.

    The tables fit in closed form (`growth.grouped.fit_lines`); this gives the same line as
    statsmodels' result, for a reader who wants its summary, and for the tests.

    >>> d = pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"])
    >>> round(float(fit_trend(pd.Series(d), pd.Series([10.0, 12.0, 14.0])).params["years"]), 2)
    2.0
    """
    # imported here, and from its module rather than statsmodels.api (which imports all
    # of statsmodels: 0.3 s more): only this function needs it
    from statsmodels.regression.linear_model import OLS

    y = np.log(values.to_numpy(float)) if log else values.to_numpy(float)
    return OLS(y, _design(dates, dates.min())).fit()


def _design(dates, origin: pd.Timestamp) -> pd.DataFrame:
    """The regressors: a constant and the years since ``origin``."""
    years = (pd.to_datetime(pd.Series(dates)) - origin).dt.days.to_numpy(float) / DAYS_PER_YEAR
    return pd.DataFrame({"const": 1.0, "years": years})


def reach_dates(
    lines: Lines, origins, levels, log, horizon_years: float = HORIZON_YEARS
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """When each fitted mean reaches its level, with a 95% interval from the mean's
    confidence band: three arrays of dates (NaT where a line is flat or runs away from its
    level, or does not reach it within the horizon). The path is followed day by day, as a
    reader reads a chart; ``log`` says which lines are fitted on logs."""
    n = len(lines.slope)
    origins = pd.DatetimeIndex(np.broadcast_to(np.asarray(origins, dtype="datetime64[ns]"), (n,)))
    levels = np.broadcast_to(np.asarray(levels, dtype=float), (n,))
    log = np.broadcast_to(np.asarray(log, dtype=bool), (n,))
    with np.errstate(divide="ignore", invalid="ignore"):
        target = np.where(log & (levels > 0), np.log(levels), levels)
    days = np.arange(0, round(horizon_years * DAYS_PER_YEAR))
    years = days.astype(float) / DAYS_PER_YEAR
    found = np.full((3, n), -1)
    for chunk in range(0, n, CHUNK):
        which = np.arange(chunk, min(chunk + CHUNK, n))
        mean, low, high = lines.band(np.broadcast_to(years, (len(which), len(years))), which)
        slope, goal = lines.slope[which], target[which][:, None]
        rising = slope > 0
        start = mean[:, 0]
        void = (slope == 0) | (rising & (start >= goal[:, 0])) | (~rising & (start <= goal[:, 0]))
        fast, slow = np.where(rising[:, None], high, low), np.where(rising[:, None], low, high)
        for k, path in enumerate((mean, fast, slow)):
            hits = np.where(rising[:, None], path >= goal, path <= goal)
            first = np.where(hits.any(axis=1) & ~void, np.argmax(hits, axis=1), -1)
            found[k, which] = first
    out = []
    for first in found:
        when = origins + pd.to_timedelta(np.where(first >= 0, first, 0), unit="D")
        out.append(np.where(first >= 0, when.to_numpy(), np.datetime64("NaT")))
    return tuple(out)


def reach_level(
    result,
    origin: pd.Timestamp,
    level: float,
    log: bool = False,
    horizon_years: float = HORIZON_YEARS,
) -> tuple:
    """When the fitted mean of a statsmodels result (`fit_trend`) reaches ``level``, with a
    95% interval from the mean's confidence band (`reach_dates` of one line).

    Returns (date, earliest, latest); all three are NaT when the trend is flat or runs away
    from the level, and a date is NaT when it is not reached within the horizon.
    """
    dates = reach_dates(Lines.from_statsmodels(result), [origin], [level], [log], horizon_years)
    return tuple(pd.Timestamp(d[0]) for d in dates)


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

    Vectorised: every series fitted at once in closed form (`growth.grouped.fit_lines`).
    """
    w = in_lang(WORDS, lang)
    if isinstance(min_points, bool) or not isinstance(min_points, int) or min_points < 2:
        raise ValueError(f"min_points must be a whole number, 2 or more, not {min_points!r}")
    needed = max(min_points, MIN_POINTS_TO_FIT)
    rows, series = compared_series(indicators, indicator_ids, region)
    if not len(series):
        return pd.DataFrame(columns=TREND_COLUMNS)
    # a series with breaks is fitted after its last one
    found = break_table(rows, series, flags, lang)
    last_break = found.drop_duplicates("series", keep="last")
    start = series.starts.copy()
    start[last_break["series"].to_numpy(int)] = last_break["row"].to_numpy(int)
    after = np.full(len(series), "", dtype=object)
    after[last_break["series"].to_numpy(int)] = fill(
        w["after_break"],
        date=pd.Series(last_break["as_of"]).dt.strftime("%Y-%m-%d"),
        why=last_break["why"],
    )
    tail_rows = np.zeros(len(rows), dtype=bool)
    tail_rows[np.repeat(start, series.ends - start + 1) + _ramp(series.ends - start + 1)] = True
    rows = rows[tail_rows].reset_index(drop=True)
    tail = groups_from_starts(
        np.cumsum(series.ends - start + 1) - (series.ends - start + 1), len(rows)
    )
    first = tail.starts
    value = rows["value"].to_numpy(float)
    unit = objects(rows, "unit")[first]
    kind = rows["kind"].astype(object).to_numpy()[first]
    unlike = unlike_all(rows, tail)
    few = ~unlike & (tail.sizes < needed)
    constant = (
        ~unlike & ~few & (np.minimum.reduceat(value, first) == np.maximum.reduceat(value, first))
    )
    fitted = ~unlike & ~few & ~constant
    logged = fitted & tail.all(value > 0) & np.isin(kind, COUNT_KINDS)
    reason = after.copy()
    reason[unlike] = after[unlike] + spans_sentences(rows, tail, lang, unlike)[unlike]
    s = np.where(tail.sizes != 1, "s", "")
    reason[few] = after[few] + fill(
        w["too_few"], n=tail.sizes[few], s=s[few], needed=np.full(few.sum(), needed)
    )
    reason[constant] = after[constant] + fill(
        w["constant"], mention=objects(rows, "mention")[first][constant]
    )
    reason[fitted] = (
        pd.Series(after[fitted], dtype=object).str.removesuffix(": ").str.removesuffix("：")
    )
    per_year = _per_year_all(unit, lang)
    # one row per series, a second for the log-linear fit of a count
    line = np.arange(len(tail))
    index = np.sort(np.concatenate([line, np.flatnonzero(logged)]), kind="stable")
    is_log = np.zeros(len(index), dtype=bool)
    is_log[1:] = index[1:] == index[:-1]
    kinds = np.select([unlike[index] | few[index], constant[index]], ["none", "constant"], "linear")
    model = np.where(is_log, "log-linear", kinds).astype(object)
    missing = np.full(len(index), np.nan, dtype=object)
    slope, low, high, unit_col, r2 = (missing.copy() for _ in range(5))
    target, target_as_of = missing.copy(), missing.copy()
    reach = [missing.copy() for _ in range(3)]
    is_constant = constant[index]
    slope[is_constant], low[is_constant], high[is_constant] = 0.0, 0.0, 0.0
    unit_col[is_constant] = per_year[index][is_constant]
    fit_rows = fitted[index]
    if fit_rows.any():
        goal, goal_date = _goals(indicators, indicator_ids, region, rows, tail, level)
        for log in (False, True):
            which = fit_rows & (is_log == log)
            if not which.any():
                continue
            of = index[which]  # the series of these rows
            rows_in, part = tail.subset(np.isin(line, of))
            dates = rows["as_of"].to_numpy()[rows_in]
            years = days_between(part.spread(dates[part.starts]), dates) / DAYS_PER_YEAR
            y = np.log(value[rows_in]) if log else value[rows_in]
            lines = fit_lines(part, years, y)
            b, lo, hi = lines.slope, *lines.slope_interval()
            if log:  # growth in percent per year, not log units
                b, lo, hi = ((np.exp(x) - 1) * 100 for x in (b, lo, hi))
            slope[which], low[which], high[which], r2[which] = b, lo, hi, lines.r_squared
            unit_col[which] = w["pct_per_year"] if log else per_year[of]
            target[which] = goal[of]
            target_as_of[which] = goal_date[of]
            aimed = ~np.isnan(goal[of]) & ~(log & (goal[of] <= 0))
            if aimed.any():
                origin = rows["as_of"].to_numpy()[tail.starts[of]]
                kept = Lines(*(getattr(lines, f)[aimed] for f in Lines.__dataclass_fields__))
                dates_found = reach_dates(kept, origin[aimed], goal[of][aimed], log)
                for k in range(3):
                    column = reach[k][which]
                    column[aimed] = list(pd.DatetimeIndex(dates_found[k]))
                    reach[k][which] = column
    reasons = reason[index].astype(object)
    aimed_at = pd.to_numeric(pd.Series(target), errors="coerce").to_numpy(float)
    missed = fit_rows & ~np.isnan(aimed_at) & pd.isna(pd.Series(reach[0])).to_numpy()
    reasons[missed] = [
        w["not_reached"].format(level=level_words(t), years=HORIZON_YEARS) for t in aimed_at[missed]
    ]
    columns = {
        "indicator_id": objects(rows, "indicator_id")[first][index],
        "indicator_en": objects(rows, "indicator_en")[first][index],
        "region": objects(rows, "region")[first][index],
        "model": model,
        "n_obs": tail.sizes[index],
        "slope_per_year": slope,
        "slope_low": low,
        "slope_high": high,
        "slope_unit": unit_col,
        "r_squared": r2,
        "target": target,
        "target_as_of": target_as_of,
        "reach_date": reach[0],
        "reach_earliest": reach[1],
        "reach_latest": reach[2],
        "reason": reasons,
    }
    return records_frame(columns, TREND_COLUMNS)


def level_words(level: float, signed: bool = False) -> str:
    """A derived figure as a reader reads it: in full with separators from a thousand, else
    three significant figures; ``signed`` with its + or −. The quality rules' paces use it too.

    >>> level_words(50.0), level_words(1.5), level_words(1.4e10), level_words(94171.27, signed=True)
    ('50', '1.5', '14,000,000,000', '+94,171')
    >>> level_words(-0.0334, signed=True)
    '-0.0334'
    """
    sign = "+" if signed else ""
    return f"{level:{sign},.0f}" if abs(level) >= 1000 else f"{level:{sign}.3g}"


def _ramp(sizes: np.ndarray) -> np.ndarray:
    """0, 1, ..., size - 1 for each size, one after another."""
    total = int(sizes.sum())
    return np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes)


def _goals(
    indicators, indicator_ids, region, rows: pd.DataFrame, tail: Groups, level
) -> tuple[np.ndarray, np.ndarray]:
    """Each series' goal and its date: ``level`` if given (no date), else the series' latest
    target in the data (NaN where it has none)."""
    n = len(tail)
    if level is not None:
        return np.full(n, float(level)), np.full(n, pd.NaT, dtype=object)
    targets = observations(indicators, indicator_ids, region, status="target")
    latest = targets.dropna(subset=SERIES_KEY).drop_duplicates(SERIES_KEY, keep="last")
    key = pd.DataFrame({c: objects(rows, c)[tail.starts].astype(str) for c in SERIES_KEY})
    found = key.merge(
        pd.DataFrame({c: latest[c].astype(str).to_numpy() for c in SERIES_KEY}).assign(
            goal=latest["value"].to_numpy(float), when=latest["as_of"].to_numpy()
        ),
        on=SERIES_KEY,
        how="left",
    )
    return found["goal"].to_numpy(float), found["when"].astype(object).to_numpy()


def _per_year_all(units: np.ndarray, lang: str) -> np.ndarray:
    """`_per_year` of each unit, each distinct unit worded once."""
    distinct = pd.unique(pd.Series(units, dtype=object))
    return (
        pd.Series(units, dtype=object)
        .map({u: _per_year(u, lang) for u in distinct})
        .to_numpy(dtype=object)
    )


def _per_year(unit: str, lang: str) -> str:
    """The unit of a linear slope: the series' unit of change per year."""
    word = change_unit(unit)
    return WORDS[lang]["per_year"].format(unit=value_words(word, lang) if lang == "zh" else word)


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


def default_level(indicators: pd.DataFrame, indicator_id: str, region: str | None = None) -> float:
    """The level a page projects a series to when none is given: half as much again as its
    last report, to two significant figures (123 stations: 180); NaN with no report.

    >>> rows = pd.DataFrame({"indicator_id": "a", "region": "R", "status": "actual", "kind": "stock",
    ...     "value": [101.0, 123.0], "as_of": pd.to_datetime(["2021-11-10", "2022-10-16"]),
    ...     "published": pd.to_datetime(["2021-11-10", "2022-10-16"])})
    >>> default_level(rows, "a")
    180.0
    """
    obs = observations(indicators, [indicator_id], region=region)
    if obs.empty:
        return float("nan")
    level = 1.5 * float(obs["value"].iloc[-1])
    return float(f"{level:.2g}") if level else 0.0


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
    dates = series["as_of"].to_numpy("datetime64[ns]")
    origin = dates.min()
    one = groups_from_starts(np.array([0]), len(dates))
    values = series["value"].to_numpy(float)
    lines = fit_lines(
        one,
        days_between(np.full(len(dates), origin), dates) / DAYS_PER_YEAR,
        np.log(values) if log else values,
    )
    end = pd.Timestamp(dates.max()) + pd.Timedelta(days=extend_months * DAYS_PER_MONTH)
    grid = pd.Series(pd.date_range(pd.Timestamp(origin), end, periods=60))
    years = grid.sub(pd.Timestamp(origin)).dt.days.to_numpy(float) / DAYS_PER_YEAR
    mean, low, high = lines.band(years, 0)
    back = np.exp if log else (lambda x: x)
    return pd.DataFrame({"as_of": grid, "mean": back(mean), "low": back(low), "high": back(high)})
