"""What every quality rule shares: the flag's columns, one row per flag (the words are in `words`)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from zibo_analysis.growth import SERIES_KEY, days_between
from zibo_analysis.growth.grouped import Groups, groups_of

FLAG_COLUMNS = [
    "indicator_id",
    "region",
    "kind",
    "detail",
    "doc_ids",
    "as_of",
    "obs_ids",
    "severity",
]


def flag(rows: Iterable, kind: str, severity: str, detail: str) -> dict:
    """One flag on the observations ``rows`` (the first names the indicator and region);
    ``doc_ids``, ``as_of`` and ``obs_ids`` are lists, each item once (a CSV file joins them:
    `files.csv_text`)."""
    rows = list(rows)
    first = rows[0]
    return {
        "indicator_id": first["indicator_id"],
        "region": first["region"],
        "kind": kind,
        "detail": detail,
        "doc_ids": list(dict.fromkeys(str(r["doc_id"]) for r in rows)),
        "as_of": list(dict.fromkeys(f"{r['as_of']:%Y-%m-%d}" for r in rows)),
        "obs_ids": list(dict.fromkeys(str(r["obs_id"]) for r in rows)),
        "severity": severity,
    }


def in_time_order(
    actual: pd.DataFrame, kinds: tuple[str, ...] | None = None
) -> tuple[pd.DataFrame, Groups]:
    """The (indicator, region) series, optionally of some kinds only: their rows one series
    after another, each in time order (date, then publication), and their groups."""
    data = actual if kinds is None else actual[actual["kind"].isin(kinds)]
    data = data.dropna(subset=SERIES_KEY).sort_values([*SERIES_KEY, "as_of", "published"])
    return data.reset_index(drop=True), groups_of(data, SERIES_KEY)


def pairs(groups: Groups) -> tuple[np.ndarray, np.ndarray]:
    """Each row and the one before it in its group: (before, after) positions."""
    after = np.flatnonzero(groups.position > 0)
    return after - 1, after


def records(table: pd.DataFrame) -> list[dict]:
    """The rows as dicts, in order (far quicker than iterrows)."""
    return table.to_dict("records")


def days_apart(a, b) -> int:
    return abs((pd.Timestamp(b["as_of"]) - pd.Timestamp(a["as_of"])).days)


def days_between_rows(a: pd.DataFrame, b: pd.DataFrame) -> np.ndarray:
    """`days_apart` of each pair of rows."""
    return np.abs(days_between(a["as_of"].to_numpy(), b["as_of"].to_numpy()))
