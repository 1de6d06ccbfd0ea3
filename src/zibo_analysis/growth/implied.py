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

import numpy as np
import pandas as pd

from zibo_analysis.coverage import printed_intervals, printed_steps
from zibo_analysis.vectors import exact_round, objects, records_frame

__all__ = ["IMPLIED_COLUMNS", "YEAR_BASES", "implied_levels"]

YEAR_BASES = ("same_period_last_year", "previous_year")  # the same period, a year earlier
IMPLIED_COLUMNS = [
    "indicator_id",
    "indicator_en",
    "indicator_zh",
    "region",
    "period_start",
    "as_of",
    "value",
    "low",
    "high",
    "unit",
    "doc_id",
    "change_base",
    "level_mention",
    "change_mention",
    "level_obs_id",
    "change_obs_id",
]


def _previous(level: pd.DataFrame, change: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """(value, low, high) of each level at its change's base (NaN where the units do not say
    how the change applies): the level minus the change in its own unit (or points of a
    percentage), or the level divided by one plus a change in percent."""
    lv, cv = level["value"].to_numpy(float), change["value"].to_numpy(float)
    l_lo, l_hi = printed_intervals(lv, level["mention"], level["qualifier"])
    c_lo, c_hi = printed_intervals(cv, change["mention"], change["qualifier"])
    l_unit = level["unit"].astype(str).to_numpy()
    c_unit = change["unit"].astype(str).to_numpy()
    same = (c_unit == l_unit) | ((c_unit == "percentage_point") & (l_unit == "percent"))
    share = ~same & (c_unit == "percent") & (l_unit != "percent") & (cv > -100)
    nan = np.full(len(lv), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(same, lv - cv, np.where(share, lv / (1 + cv / 100), nan))
        low = np.where(
            same,
            l_lo - c_hi,
            np.where(share, np.where(c_hi > -100, l_lo / (1 + c_hi / 100), np.inf), nan),
        )
        high = np.where(
            same,
            l_hi - c_lo,
            np.where(share, np.where(c_lo > -100, l_hi / (1 + c_lo / 100), np.inf), nan),
        )
    return value, low, high, same | share


def _as_printed(value: np.ndarray, step: np.ndarray) -> np.ndarray:
    """Each implied value to the last digit its level was printed with (84.2亿 over a 9.4%
    rise implies 77.0亿, not 7,696,526,508.2267), to six decimals where that was printed in full.

    >>> _as_printed(np.array([7_696_526_508.2267, 76_800.0]), np.array([1e7, 100.0])).tolist()
    [7700000000.0, 76800.0]
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        rounded = np.round(value / step) * step
    return np.where(step > 0, exact_round(rounded, 6), exact_round(value, 6))


def implied_levels(indicators: pd.DataFrame) -> pd.DataFrame:
    """One row per level an article's stated change implies: the indicator the change is of,
    the region, the base's period (``period_start`` to ``as_of``), the implied ``value`` with
    ``low`` and ``high``, and the figures it comes from. Actual figures only; a change against
    a target or a previous report implies no dated level.

    Vectorised: each change merged with the levels of its article, region and period."""
    if not {"change_of", "change_base"} <= set(indicators.columns):
        return pd.DataFrame(columns=IMPLIED_COLUMNS)
    actual = indicators[indicators["status"] == "actual"]
    changes = actual[
        (actual["kind"] == "change")
        & (actual["change_of"].fillna("") != "")
        & actual["change_base"].isin([*YEAR_BASES, "since_date"])
    ]
    levels = actual[actual["kind"] != "change"]
    starts = "period_start" in indicators.columns
    key = ["doc_id", "region", "indicator_id", "as_of", *(["period_start"] if starts else [])]

    def keyed(table: pd.DataFrame, indicator: str, name: str) -> pd.DataFrame:
        frame = pd.DataFrame(
            {
                "doc_id": table["doc_id"].astype(str).to_numpy(),
                "region": table["region"].astype(str).to_numpy(),
                "indicator_id": table[indicator].astype(str).to_numpy(),
                "as_of": table["as_of"].to_numpy(),
                name: np.arange(len(table)),
            }
        )
        if starts:  # an unrecorded period matches an unrecorded one
            frame["period_start"] = table["period_start"].fillna(pd.Timestamp(0)).to_numpy()
        return frame.dropna(subset=["as_of"])

    pairs = keyed(changes, "change_of", "c").merge(keyed(levels, "indicator_id", "l"), on=key)
    pairs = pairs.sort_values(["c", "l"], kind="stable")
    change, level = changes.iloc[pairs["c"].to_numpy()], levels.iloc[pairs["l"].to_numpy()]
    value, low, high, known = _previous(level, change)
    base = change["change_base"].astype(str).to_numpy()
    start = change["period_start"] if starts else pd.Series(pd.NaT, index=change.index)
    start = pd.Series(start.to_numpy("datetime64[ns]"))
    a_year = base == YEAR_BASES[0]
    a_year |= base == YEAR_BASES[1]
    year_before = pd.Series(level["as_of"].to_numpy("datetime64[ns]")) - pd.DateOffset(years=1)
    as_of = np.where(
        a_year, year_before.to_numpy(), start.to_numpy()
    )  # since a date: the level then
    start_before = (start - pd.DateOffset(years=1)).to_numpy()
    period_start = np.where(a_year, start_before, np.datetime64("NaT"))
    keep = known & (a_year | start.notna().to_numpy())
    columns = {
        "indicator_id": objects(level, "indicator_id"),
        "indicator_en": objects(level, "indicator_en"),
        "indicator_zh": objects(level, "indicator_zh"),
        "region": objects(level, "region"),
        "period_start": pd.Series(period_start).astype(object).to_numpy(),
        "as_of": pd.Series(as_of).astype(object).to_numpy(),
        "value": _as_printed(value, printed_steps(level["mention"])),
        "low": exact_round(low, 6),
        "high": exact_round(high, 6),
        "unit": objects(level, "unit"),
        "doc_id": objects(level, "doc_id"),
        "change_base": objects(change, "change_base"),
        "level_mention": objects(level, "mention"),
        "change_mention": objects(change, "mention"),
        "level_obs_id": objects(level, "obs_id"),
        "change_obs_id": objects(change, "obs_id"),
    }
    return records_frame({k: v[keep] for k, v in columns.items()}, IMPLIED_COLUMNS)
