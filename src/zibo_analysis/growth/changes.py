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
from zibo_analysis.growth.breaks import breaks, describe
from zibo_analysis.growth.spans import periods_of, spans_sentence, unlike_spans
from zibo_analysis.growth.words import WORDS
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
    """
    w = in_lang(WORDS, lang)
    obs = observations(indicators, indicator_ids, region)
    rows = []
    for _, series in obs.groupby(SERIES_KEY, observed=True, sort=True):
        if len(series) < 2:
            continue
        first, last = series.iloc[0], series.iloc[-1]
        months = months_between(first["as_of"], last["as_of"])
        change = last["value"] - first["value"]
        bound = change_bound(first["qualifier"], last["qualifier"])
        found = breaks(series, flags, lang)
        across = w["across"] if found else ""
        unlike = unlike_spans(series)
        if unlike:
            change, months, bound = np.nan, months, "exact"
            across = spans_sentence(series, lang)
        rows.append(
            {
                "indicator_id": first["indicator_id"],
                "indicator_zh": first["indicator_zh"],
                "indicator_en": first["indicator_en"],
                "topic": first["topic"],
                "kind": first["kind"],
                "region": first["region"],
                "unit": first["unit"],
                "n_obs": len(series),
                "first_as_of": first["as_of"],
                "first_value": first["value"],
                "first_qualifier": first["qualifier"],
                "first_doc_id": first["doc_id"],
                "last_as_of": last["as_of"],
                "last_value": last["value"],
                "last_qualifier": last["qualifier"],
                "last_doc_id": last["doc_id"],
                "abs_change": round(change, 10),
                "change_unit": change_unit(first["unit"]),
                "pct_change": change / first["value"] * 100
                if first["value"] and not found and first["kind"] != "change"
                else np.nan,
                "months_elapsed": round(months, 2),
                "pace_per_month": change / months
                if months > 0 and not found and first["kind"] != "change"
                else np.nan,
                "annualised_growth_pct": annualised(first["value"], last["value"], months)
                if _annualise(first["kind"], months) and not found and not unlike
                else np.nan,
                "change_bound": bound,
                "bound_note": w.get(f"bound_{bound}", ""),
                "note": w["sep"].join(
                    filter(None, [_growth_note(first["kind"], months, w), across])
                ),
                "breaks": describe(found, lang),
                "first_obs_id": first.get("obs_id"),
                "last_obs_id": last.get("obs_id"),
                "periods": periods_of(series, lang),
            }
        )
    return pd.DataFrame(rows, columns=GROWTH_COLUMNS)


def _annualise(kind: str, months: float) -> bool:
    return kind not in ("rate", "change") and months >= MIN_MONTHS_TO_ANNUALISE


def _growth_note(kind: str, months: float, w: dict[str, str]) -> str:
    if kind == "change":
        return w["change_note"]
    if kind == "rate":
        return w["rate_note"]
    if months < MIN_MONTHS_TO_ANNUALISE:
        return w["close"].format(months=months)
    return ""


def compound_growth(first: float, last: float, years: float) -> float:
    """Compound growth per year from ``first`` to ``last``, ``years`` apart, in percent:
    (last / first) ** (1 / years) - 1. NaN when there is none to compute: no time between
    them, or a figure of zero or below. The one definition of it (`growth_table` gives it
    per year from months apart, `growth_rates` from days apart, as BEA does).

    >>> round(compound_growth(100, 121, 2), 6), round(compound_growth(121, 100, 2), 4)
    (10.0, -9.0909)
    >>> compound_growth(100, 121, 0), compound_growth(0, 121, 2)
    (nan, nan)
    """
    if years <= 0 or first <= 0 or last <= 0:
        return np.nan
    return ((last / first) ** (1 / years) - 1) * 100


def annualised(first: float, last: float, months: float) -> float:
    """`compound_growth` of two figures ``months`` apart.

    >>> round(annualised(100, 121, 24), 6)
    10.0
    """
    return compound_growth(first, last, months / 12)
