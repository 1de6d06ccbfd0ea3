"""What every quality rule shares: the flag's columns, one row per flag (the words are in `words`)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

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


def series(actual: pd.DataFrame, kinds: tuple[str, ...] | None = None):
    """Each (indicator, region) series in time order, optionally of some kinds only."""
    data = actual if kinds is None else actual[actual["kind"].isin(kinds)]
    for _, part in data.sort_values(["as_of", "published"]).groupby(
        ["indicator_id", "region"], observed=True
    ):
        yield part


def records(table: pd.DataFrame) -> list[dict]:
    """The rows as dicts, in order (far quicker than iterrows)."""
    return table.to_dict("records")


def days_apart(a, b) -> int:
    return abs((pd.Timestamp(b["as_of"]) - pd.Timestamp(a["as_of"])).days)
