"""Levels implied by a stated change: 7.39万人，同比减少0.29万人 says the year before was 7.68万.

Where an article gives a level and its change on a base (catalog ``change_of`` and
``change_base``), the level at the base follows: the level minus the change (in the level's
unit, or in percentage points for a rate), or the level divided by one plus the change
(a change in percent of a count). The base is the same period a year earlier
(same_period_last_year, previous_year) or the day the change is counted from (since_date,
its ``period_start``). Each implied level carries the interval its printed figures allow.

>>> rows = pd.DataFrame({
...     "doc_id": "d", "region": "A", "status": "actual", "indicator_en": "Jobs", "indicator_zh": "就业",
...     "indicator_id": ["jobs", "jobs_yoy"], "kind": ["flow", "change"], "unit": "人",
...     "value": [73_900.0, -2_900.0], "mention": ["7.39万人", "0.29万人"], "qualifier": "exact",
...     "as_of": pd.Timestamp("2024-12-31"), "period_start": pd.Timestamp("2024-01-01"),
...     "change_of": ["", "jobs"], "change_base": ["", "same_period_last_year"], "obs_id": ["d:1", "d:9"]})
>>> row = implied_levels(rows).iloc[0]
>>> [float(row[c]) for c in ("value", "low", "high")], f"{row['period_start']:%Y-%m-%d}", f"{row['as_of']:%Y-%m-%d}"
([76800.0, 76700.0, 76900.0], '2023-01-01', '2023-12-31')
"""

from __future__ import annotations

import math

import pandas as pd

from zibo_analysis.coverage import printed_interval

__all__ = ["IMPLIED_COLUMNS", "YEAR_BASES", "implied_levels"]

YEAR_BASES = ("same_period_last_year", "previous_year")  # the same period, a year earlier
IMPLIED_COLUMNS = [
    "indicator_id", "indicator_en", "indicator_zh", "region", "period_start", "as_of", "value",
    "low", "high", "unit", "doc_id", "change_base", "level_mention", "change_mention",
    "level_obs_id", "change_obs_id",
]  # fmt: skip


def _previous(level, change) -> tuple[float, float, float] | None:
    """(value, low, high) of the level at the change's base, or None when the units do not say
    how the change applies."""
    lv, (l_lo, l_hi) = level["value"], printed_interval(level["value"], level["mention"], level["qualifier"])  # fmt: skip
    cv, (c_lo, c_hi) = change["value"], printed_interval(change["value"], change["mention"], change["qualifier"])  # fmt: skip
    same = change["unit"] == level["unit"] or (change["unit"], level["unit"]) == ("percentage_point", "percent")  # fmt: skip
    if same:
        return lv - cv, l_lo - c_hi, l_hi - c_lo
    if change["unit"] == "percent" and level["unit"] not in ("percent",) and cv > -100:
        lo = l_lo / (1 + c_hi / 100) if c_hi > -100 else math.inf
        hi = l_hi / (1 + c_lo / 100) if c_lo > -100 else math.inf
        return lv / (1 + cv / 100), lo, hi
    return None


def implied_levels(indicators: pd.DataFrame) -> pd.DataFrame:
    """One row per level an article's stated change implies: the indicator the change is of,
    the region, the base's period (``period_start`` to ``as_of``), the implied ``value`` with
    ``low`` and ``high``, and the figures it comes from. Actual figures only; a change against
    a target or a previous report implies no dated level."""
    if not {"change_of", "change_base"} <= set(indicators.columns):
        return pd.DataFrame(columns=IMPLIED_COLUMNS)
    actual = indicators[indicators["status"] == "actual"]
    changes = actual[(actual["kind"] == "change") & (actual["change_of"].fillna("") != "")
                     & actual["change_base"].isin([*YEAR_BASES, "since_date"])]  # fmt: skip
    levels = actual[actual["kind"] != "change"]
    starts = "period_start" in indicators.columns
    rows = []
    for change in changes.to_dict("records"):
        same = levels[(levels["doc_id"].astype(str) == str(change["doc_id"]))
                      & (levels["region"].astype(str) == str(change["region"]))
                      & (levels["indicator_id"].astype(str) == str(change["change_of"]))
                      & (levels["as_of"] == change["as_of"])]  # fmt: skip
        if starts:
            same = same[same["period_start"].fillna(pd.Timestamp(0)) == (
                pd.Timestamp(0) if pd.isna(change["period_start"]) else change["period_start"])]  # fmt: skip
        for level in same.to_dict("records"):
            found = _previous(level, change)
            if found is None:
                continue
            start = change.get("period_start", pd.NaT) if starts else pd.NaT
            if change["change_base"] in YEAR_BASES:
                as_of, start = level["as_of"] - pd.DateOffset(years=1), start - pd.DateOffset(years=1) if pd.notna(start) else pd.NaT  # fmt: skip
            elif pd.notna(start):
                as_of, start = start, pd.NaT  # since a date: the level on that date
            else:
                continue
            rows.append({
                "indicator_id": level["indicator_id"], "indicator_en": level["indicator_en"],
                "indicator_zh": level["indicator_zh"], "region": level["region"], "period_start": start,
                "as_of": as_of, "value": round(found[0], 6), "low": round(found[1], 6),
                "high": round(found[2], 6), "unit": level["unit"], "doc_id": level["doc_id"],
                "change_base": change["change_base"], "level_mention": level["mention"],
                "change_mention": change["mention"], "level_obs_id": level["obs_id"],
                "change_obs_id": change["obs_id"],
            })  # fmt: skip
    return pd.DataFrame(rows, columns=IMPLIED_COLUMNS)
