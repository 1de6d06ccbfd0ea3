"""Growth rates by the conventions of sparse official series (World Bank WDI, BEA).

* Three or more reports: the least-squares growth rate, r = exp(b) - 1 where b is the
  slope of ln(value) on time in years (WDI), with its 95% interval from the fit.
* Two reports: compound growth annualised by the days between them,
  (last / first) ** (365.25 / days) - 1 (BEA), labelled as resting on two points.
* A break (see `growth.breaks`) splits a series: each part gets its own rate, none spans it.
* A flow is compared only over like periods (`growth.spans`): a part whose reports cover
  periods of different length or place in the year (January–July and a whole year) gets no
  rate, and ``note`` says why; ``periods`` lists them.

Rates (percent) move in percentage points and get no growth rate; reports under three
months apart are not annualised.

>>> rows = pd.DataFrame({"indicator_id": "x", "region": "A", "status": "actual", "kind": "stock",
...     "as_of": pd.to_datetime(["2020-01-01", "2022-01-01"]), "value": [100.0, 121.0],
...     "qualifier": "exact", "published": pd.to_datetime(["2020-01-01", "2022-01-01"]),
...     "obs_id": ["a", "b"], "doc_id": ["a", "b"], "mention": ["100个", "121个"], "unit": "个",
...     "indicator_en": "X", "indicator_zh": "甲", "note": ""})
>>> row = growth_rates(rows).iloc[0]
>>> row["method"], round(float(row["growth_pct"]), 1)
('two_point', 10.0)
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from zibo_analysis.growth.breaks import Break, breaks, describe, segments
from zibo_analysis.growth.changes import (
    DAYS_PER_YEAR,
    MIN_MONTHS_TO_ANNUALISE,
    SERIES_KEY,
    change_bound,
    change_unit,
    compound_growth,
    months_between,
    observations,
)
from zibo_analysis.growth.spans import periods_of, spans_sentence, unlike_spans
from zibo_analysis.growth.words import WORDS
from zibo_analysis.vocab import in_lang

RATE_COLUMNS = [
    "indicator_id",
    "indicator_zh",
    "indicator_en",
    "kind",
    "region",
    "unit",
    "segment",
    "segments",
    "n_obs",
    "series_n_obs",
    "first_as_of",
    "first_value",
    "first_mention",
    "first_doc_id",
    "last_as_of",
    "last_value",
    "last_mention",
    "last_doc_id",
    "years",
    "change",
    "change_unit",
    "method",
    "growth_pct",
    "growth_low",
    "growth_high",
    "breaks",
    "note",
    "first_obs_id",
    "last_obs_id",
    "periods",
]
METHODS = {
    "least_squares": "least-squares log-linear growth, 95% interval",
    "two_point": "compound growth between two reports, annualised by the days between them",
    "none": "no growth rate",
}


def growth_rates(
    indicators: pd.DataFrame,
    indicator_ids: list[str] | None = None,
    region: str | None = None,
    flags: pd.DataFrame | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """One row per part of every series with two or more reports: its first and last figure
    as printed, the yearly growth rate and its method, and the series' breaks.

    ``flags`` are quality flags (`quality.quality_flags`); those of a break kind split a
    series, as does a curation note starting "Break:". ``growth_pct``, ``growth_low`` and
    ``growth_high`` are percent per year (the interval only for least squares). ``note``,
    ``breaks`` and ``periods`` are written in ``lang`` (en or zh).
    """
    in_lang(WORDS, lang)
    obs = observations(indicators, indicator_ids, region)
    rows = []
    for _, series in obs.groupby(SERIES_KEY, observed=True, sort=True):
        if len(series) < 2:
            continue
        found = breaks(series, flags, lang)
        parts = segments(series, found)
        for number, part in enumerate(parts, start=1):
            rows.append(_segment_row(part, number, len(parts), len(series), found, lang))
    return pd.DataFrame(rows, columns=RATE_COLUMNS)


def _segment_row(
    part: pd.DataFrame, number: int, count: int, total: int, found: list[Break], lang: str
) -> dict:
    w = WORDS[lang]
    first, last = part.iloc[0], part.iloc[-1]
    method, growth, low, high, note = _growth(part, lang)
    if count > 1:
        note = w["sep"].join(filter(None, [note, w["no_growth_across"]]))
    return {
        "indicator_id": first["indicator_id"],
        "indicator_zh": first["indicator_zh"],
        "indicator_en": first["indicator_en"],
        "kind": first["kind"],
        "region": first["region"],
        "unit": first["unit"],
        "segment": number,
        "segments": count,
        "n_obs": len(part),
        "series_n_obs": total,
        "first_as_of": first["as_of"],
        "first_value": first["value"],
        "first_mention": first["mention"],
        "first_doc_id": first["doc_id"],
        "last_as_of": last["as_of"],
        "last_value": last["value"],
        "last_mention": last["mention"],
        "last_doc_id": last["doc_id"],
        "years": round((last["as_of"] - first["as_of"]).days / DAYS_PER_YEAR, 3),
        "change": np.nan if unlike_spans(part) else round(last["value"] - first["value"], 10),
        "change_unit": change_unit(first["unit"]),
        "method": method,
        "growth_pct": growth,
        "growth_low": low,
        "growth_high": high,
        "breaks": describe(found, lang),
        "note": note,
        "first_obs_id": first.get("obs_id"),
        "last_obs_id": last.get("obs_id"),
        "periods": periods_of(part, lang),
    }


def _growth(part: pd.DataFrame, lang: str = "en") -> tuple[str, float, float, float, str]:
    """(method, growth, low, high, note) for one unbroken part of a series; the note in ``lang``."""
    w = WORDS[lang]
    nan = np.nan
    first, last = part.iloc[0], part.iloc[-1]
    if len(part) < 2:
        return "none", nan, nan, nan, w["one_report"]
    if unlike_spans(part):
        return "none", nan, nan, nan, spans_sentence(part, lang)
    if first["kind"] == "change":
        return "none", nan, nan, nan, w["change_rate"]
    if first["kind"] == "rate":
        return "none", nan, nan, nan, w["rate_rate"]
    months = months_between(first["as_of"], last["as_of"])
    if months < MIN_MONTHS_TO_ANNUALISE:
        return "none", nan, nan, nan, w["close"].format(months=months)
    if (part["value"] <= 0).any():
        return "none", nan, nan, nan, w["not_positive"]
    bounds = "" if (part["qualifier"] == "exact").all() else w["bounds"]
    if len(part) == 2:
        growth = two_point_growth(
            first["value"], last["value"], (last["as_of"] - first["as_of"]).days
        )
        bound = change_bound(first["qualifier"], last["qualifier"])
        side = w.get(bound, "") if bound in ("at_least", "at_most") else ""
        return (
            "two_point",
            growth,
            nan,
            nan,
            w["sep"].join(filter(None, [w["two_points"], bounds, side])),
        )
    if part["value"].nunique() == 1:
        return "least_squares", 0.0, 0.0, 0.0, w["flat"].format(mention=first["mention"])
    growth, low, high = least_squares_growth(part["as_of"], part["value"])
    return "least_squares", growth, low, high, bounds


def two_point_growth(first: float, last: float, days: int) -> float:
    """`compound_growth` of two figures ``days`` apart (BEA's convention).

    >>> round(two_point_growth(101, 123, 340), 2)
    23.58
    """
    return compound_growth(first, last, days / DAYS_PER_YEAR)


def least_squares_growth(dates: pd.Series, values: pd.Series) -> tuple[float, float, float]:
    """The least-squares growth rate and its 95% interval, in percent per year.

    >>> d = pd.Series(pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]))
    >>> round(least_squares_growth(d, pd.Series([100.0, 110.0, 121.0]))[0], 1)
    10.0
    """
    from zibo_analysis.growth.trends import fit_trend

    result = fit_trend(
        pd.Series(dates).reset_index(drop=True), pd.Series(values).reset_index(drop=True), log=True
    )
    slope = result.params["years"]
    low, high = result.conf_int(alpha=0.05).loc["years"]
    return tuple((math.exp(x) - 1) * 100 for x in (slope, low, high))
