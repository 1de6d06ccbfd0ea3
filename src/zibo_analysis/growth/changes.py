"""Changes between the first and the last report of a series, bounds kept as bounds.

>>> from zibo_analysis.dataset import load_indicators
>>> g = growth_table(load_indicators(), indicator_ids=["famous_doctor_stations"], region="Zibo")
>>> g[["first_value", "last_value", "abs_change"]].iloc[0].tolist()
[101.0, 123.0, 22.0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zibo_analysis.coverage import LOWER_BOUNDS, UPPER_BOUNDS
from zibo_analysis.growth.breaks import break_table, describe_all
from zibo_analysis.growth.grouped import Groups, series_of
from zibo_analysis.growth.spans import periods_all, spans_sentences, unlike_all
from zibo_analysis.growth.words import WORDS
from zibo_analysis.quantities import RATE_SCALE
from zibo_analysis.vectors import exact_power, exact_round, fill, objects, records_frame
from zibo_analysis.vocab import in_lang, known_values, require

DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
SERIES_KEY = ["indicator_id", "region"]
GROWTH_COLUMNS = [
    "indicator_id",
    "indicator_zh",
    "indicator_en",
    "topic",
    "kind",
    "region",
    "unit",
    "n_obs",
    "first_as_of",
    "first_value",
    "first_qualifier",
    "first_doc_id",
    "last_as_of",
    "last_value",
    "last_qualifier",
    "last_doc_id",
    "abs_change",
    "change_unit",
    "pct_change",
    "months_elapsed",
    "pace_per_month",
    "annualised_growth_pct",
    "change_bound",
    "bound_note",
    "note",
    "breaks",
    "first_obs_id",
    "last_obs_id",
    "periods",
]
MIN_POINTS_TO_FIT = 3  # a line through fewer reports has no interval: nothing is fitted
MIN_MONTHS_TO_ANNUALISE = 3.0


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


def compared_series(
    indicators: pd.DataFrame, indicator_ids: list[str] | None = None, region: str | None = None
) -> tuple[pd.DataFrame, Groups]:
    """The `observations` of the series with two reports or more, and those series: what
    `growth_table`, `growth_rates` and `trend_table` compare.

    >>> from zibo_analysis.dataset import load_indicators
    >>> rows, series = compared_series(load_indicators(), ["famous_doctor_stations"], "Zibo")
    >>> len(series), list(rows["value"])
    (1, [101.0, 102.0, 123.0])
    """
    rows, series = series_of(observations(indicators, indicator_ids, region), SERIES_KEY)
    keep, series = series.subset(series.sizes >= 2)
    return rows[keep].reset_index(drop=True), series


def months_between(start: pd.Timestamp, end: pd.Timestamp) -> float:
    return (end - start).days / DAYS_PER_MONTH


def days_between(start, end) -> np.ndarray:
    """Whole days from each ``start`` to its ``end`` (as ``Timedelta.days`` counts them)."""
    return np.asarray(pd.TimedeltaIndex(np.asarray(end) - np.asarray(start)).days, dtype=float)


def change_unit(unit: str) -> str:
    """A change of a percentage is in percentage points; of anything else, in its own unit."""
    return "percentage_point" if unit == "percent" else unit


def change_units(units) -> np.ndarray:
    """`change_unit` of each unit."""
    unit = pd.Series(units, dtype=object).to_numpy()
    return np.where(unit == "percent", "percentage_point", unit).astype(object)


def change_bounds(first_qualifiers, last_qualifiers) -> np.ndarray:
    """Which side of each computed change the true change lies on, given the two bounds."""
    first = pd.Series(first_qualifiers, dtype=object).to_numpy()
    last = pd.Series(last_qualifiers, dtype=object).to_numpy()
    up = np.isin(last, LOWER_BOUNDS) | np.isin(first, UPPER_BOUNDS)
    down = np.isin(last, UPPER_BOUNDS) | np.isin(first, LOWER_BOUNDS)
    exact = (first == "exact") & (last == "exact")
    about = (first == "about") | (last == "about")
    choices = ["exact", "about", "either way", "at_least"]
    return np.select([exact, about, up & down, up], choices, "at_most").astype(object)


def change_bound(first_qualifier: str, last_qualifier: str) -> str:
    """Which side of the computed change the true change lies on, given the two bounds.

    >>> change_bound("exact", "more_than")  # the last value is at least what is printed
    'at_least'
    >>> change_bound("more_than", "exact")
    'at_most'
    """
    return str(change_bounds([first_qualifier], [last_qualifier])[0])


def growth_table(
    indicators: pd.DataFrame,
    indicator_ids: list[str] | None = None,
    region: str | None = None,
    flags: pd.DataFrame | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """First and last value of every series with two or more actual observations, and the change.

    ``pace_per_month`` is the absolute change per month; ``annualised_growth_pct`` the
    compound yearly growth rate. Bounds (余, 近, 以上) stay bounds: ``change_bound`` says
    whether the true change is at least, at most, or about the number shown. Given the
    quality ``flags``, a series with a break (see `growth.breaks`) keeps its first and last
    figure and their difference, but no growth, pace or percentage change: ``breaks`` says where.
    A flow is compared only over like periods (`growth.spans`): where its reports cover
    periods of different length or place in the year (January–July 2018 and the whole of
    2024), ``periods`` shows them side by side, ``note`` says why, and the change, pace,
    ``pct_change`` and ``annualised_growth_pct`` stay empty. Stocks, running totals and rates
    are compared as before. ``bound_note``, ``note``, ``breaks`` and ``periods`` are written
    in ``lang`` (en or zh).

    Vectorised: every series at once, from its first and last row (`growth.grouped`).
    """
    w = in_lang(WORDS, lang)
    rows, series = compared_series(indicators, indicator_ids, region)
    if not len(series):
        return pd.DataFrame(columns=GROWTH_COLUMNS)
    first, last = series.starts, series.ends
    found = break_table(rows, series, flags, lang)
    broken = np.zeros(len(series), dtype=bool)
    broken[found["series"].to_numpy(int)] = True
    unlike = unlike_all(rows, series)
    kind = rows["kind"].astype(object).to_numpy()[first]
    value = rows["value"].to_numpy(float)
    first_value, last_value = value[first], value[last]
    months = (
        days_between(rows["as_of"].to_numpy()[first], rows["as_of"].to_numpy()[last])
        / DAYS_PER_MONTH
    )
    change = np.where(unlike, np.nan, last_value - first_value)
    qualifier = rows["qualifier"].astype(object).to_numpy()
    bound = np.where(unlike, "exact", change_bounds(qualifier[first], qualifier[last])).astype(
        object
    )
    counted = ~broken & (kind != "change")
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(counted & (first_value != 0), change / first_value * 100, np.nan)
        pace = np.where(counted & (months > 0), change / months, np.nan)
    points = in_points(kind, rows["unit"].astype(object).to_numpy()[first])
    growing = _annualise(points, kind, months) & ~broken & ~unlike
    across = np.where(broken, w["across"], "").astype(object)
    across[unlike] = spans_sentences(rows, series, lang, unlike)[unlike]
    notes = _growth_notes(points, kind, months, w)
    notes[unlike] = ""  # the sentence about the periods says it all
    both = (notes != "") & (across != "")
    columns = {
        c: objects(rows, c)[first]
        for c in ["indicator_id", "indicator_zh", "indicator_en", "topic", "kind", "region", "unit"]
    }
    columns.update(
        n_obs=series.sizes,
        first_as_of=rows["as_of"].to_numpy()[first],
        first_value=first_value,
        first_qualifier=qualifier[first],
        first_doc_id=objects(rows, "doc_id")[first],
        last_as_of=rows["as_of"].to_numpy()[last],
        last_value=last_value,
        last_qualifier=qualifier[last],
        last_doc_id=objects(rows, "doc_id")[last],
        abs_change=exact_round(change, 10),
        change_unit=change_units(columns["unit"]),
        pct_change=pct,
        months_elapsed=exact_round(months, 2),
        pace_per_month=pace,
        annualised_growth_pct=np.where(
            growing, compound_growth(first_value, last_value, months / 12), np.nan
        ),
        change_bound=bound,
        bound_note=pd.Series(bound).map(lambda b: w.get(f"bound_{b}", "")).to_numpy(dtype=object),
        note=notes + np.where(both, w["sep"], "") + across,
        breaks=describe_all(found, len(series), lang),
        first_obs_id=objects(rows, "obs_id")[first],
        last_obs_id=objects(rows, "obs_id")[last],
        periods=periods_all(rows, series, lang),
    )
    return records_frame(columns, GROWTH_COLUMNS)


def in_points(kind, unit) -> np.ndarray:
    """Which series move in points of their unit and get no compound growth: rates, and any
    level in percent, ‰ or /10万 (a goal's completion share, 112.1% then 101.4%).

    >>> in_points(["rate", "ratio", "ratio", "change"], ["percent", "percent", "天", "percent"]).tolist()
    [True, True, False, False]
    """
    kind, unit = np.asarray(kind, dtype=object), np.asarray(unit, dtype=object)
    return (kind != "change") & ((kind == "rate") | np.isin(unit, list(RATE_SCALE)))


def _growth_notes(
    points: np.ndarray, kind: np.ndarray, months: np.ndarray, w: dict[str, str]
) -> np.ndarray:
    """`_growth_note` of each series."""
    notes = np.full(len(kind), "", dtype=object)
    close = (months < MIN_MONTHS_TO_ANNUALISE) & ~points & (kind != "change")
    notes[close] = fill(w["close"], months=months[close])
    notes[points] = w["rate_note"]
    notes[kind == "change"] = w["change_note"]
    return notes


def _annualise(points: np.ndarray, kind: np.ndarray, months: np.ndarray) -> np.ndarray:
    return ~points & (kind != "change") & (months >= MIN_MONTHS_TO_ANNUALISE)


def compound_growth(first, last, years):
    """Compound growth per year from ``first`` to ``last``, ``years`` apart, in percent:
    (last / first) ** (1 / years) - 1. NaN when there is none to compute: no time between
    them, or a figure of zero or below. The one definition of it (`growth_table` gives it
    per year from months apart, `growth_rates` from days apart, as BEA does). Each argument
    may be a number or an array (then so is the result).

    >>> round(compound_growth(100, 121, 2), 6), round(compound_growth(121, 100, 2), 4)
    (10.0, -9.0909)
    >>> compound_growth(100, 121, 0), compound_growth(0, 121, 2)
    (nan, nan)
    >>> compound_growth([100, 100], [121, 0], [2, 2]).tolist()
    [10.000000000000009, nan]
    """
    f, la, y = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (first, last, years)))
    ok = (y > 0) & (f > 0) & (la > 0)
    out = np.full(f.shape, np.nan)
    out[ok] = (exact_power(la[ok] / f[ok], 1 / y[ok]) - 1) * 100
    return float(out) if out.ndim == 0 else out


def annualised(first, last, months):
    """`compound_growth` of two figures ``months`` apart.

    >>> round(annualised(100, 121, 24), 6)
    10.0
    """
    return compound_growth(first, last, np.asarray(months, dtype=float) / 12)
