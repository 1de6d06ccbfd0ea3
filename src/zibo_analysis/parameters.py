"""Checks for notebook parameters, run in the first cell after the parameters cell.

>>> import pandas as pd
>>> table = pd.DataFrame({"region": ["Zibo"], "topic": ["employment"], "indicator_id": ["x"]})
>>> check_parameters(table, regions=["Zib"])
Traceback (most recent call last):
...
ValueError: unknown region 'Zib'; valid regions: Zibo
"""

from __future__ import annotations

import pandas as pd

from zibo_analysis.plots import LANGS


def check_parameters(
    indicators: pd.DataFrame,
    *,
    region: str | None = None,
    regions: list[str] | None = None,
    topics: list[str] | None = None,
    indicator_ids: list[str] | None = None,
    lang: str | None = None,
    start: str | None = None,
    end: str | None = None,
    flag_kinds: list[str] | None = None,
) -> None:
    """Raise one ValueError naming every unknown value and listing the valid ones."""
    problems = []
    valid = {
        "region": sorted(indicators["region"].astype(str).unique()),
        "topic": sorted(indicators["topic"].astype(str).unique()),
        "indicator": sorted(indicators["indicator_id"].astype(str).unique()),
    }
    named = [("region", [region] if region and region != "all" else []), ("region", regions or []),
             ("topic", topics or []), ("indicator", indicator_ids or [])]  # fmt: skip
    for what, values in named:
        for value in values:
            if value not in valid[what]:
                problems.append(
                    f"unknown {what} {value!r}; valid {what}s: {', '.join(valid[what])}"
                )
    if lang is not None and lang not in LANGS:
        problems.append(f"unknown lang {lang!r}; valid langs: {', '.join(LANGS)}")
    for name, value in (("start", start), ("end", end)):
        if value is not None and pd.isna(pd.to_datetime(value, errors="coerce")):
            problems.append(f"{name} {value!r} is not a date; write it as YYYY-MM-DD")
    if flag_kinds:
        from zibo_analysis.quality import FLAG_KINDS

        problems += [
            f"unknown flag kind {k!r}; valid flag kinds: {', '.join(FLAG_KINDS)}"
            for k in flag_kinds
            if k not in FLAG_KINDS
        ]
    if problems:
        raise ValueError("\n".join(problems))


def select(
    indicators: pd.DataFrame,
    regions: str | list[str] | None = None,
    start: str | None = None,
    end: str | None = None,
) -> pd.DataFrame:
    """The rows a notebook's parameters ask for: regions ("all", one id or a list, where an
    empty list means all) and figures dated within [start, end] (targets by their due date)."""
    if isinstance(regions, str):
        regions = [] if regions == "all" else [regions]
    keep = pd.Series(True, index=indicators.index)
    if regions:
        keep &= indicators["region"].isin(regions)
    if start:
        keep &= indicators["as_of"] >= pd.Timestamp(start)
    if end:
        keep &= indicators["as_of"] <= pd.Timestamp(end)
    return indicators[keep]
