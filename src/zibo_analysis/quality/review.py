"""Flags an analyst has handled, and in which words.

A flag is handled when

* ``data/reviewed_flags.csv`` has a row with its kind, indicator, region and dates (the
  flag's ``as_of`` as quality_flags.csv writes it: ``2021-11-10, 2022-10-16``) and the
  analyst's ``note``; or
* a curation note starting ``Break:`` lies within it: on a figure of the flag's series
  dated after one of the flag's figures and no later than another. The break explains the
  difference (a change of definition), and growth is not computed across it either.

Handled flags are not dropped: the quality page shows them apart, with the words.

>>> flags = pd.DataFrame({"indicator_id": ["x"], "region": ["A"], "kind": ["jump"], "detail": ["..."],
...     "doc_ids": [["a", "b"]], "as_of": [["2021-01-01", "2022-01-01"]], "obs_ids": [["a:1", "b:1"]],
...     "severity": ["check"]})
>>> reviewed = pd.DataFrame({"kind": ["jump"], "indicator_id": ["x"], "region": ["A"],
...     "as_of": [["2021-01-01", "2022-01-01"]], "note": ["new districts counted from 2022"], "line": [2]})
>>> review_flags(flags, pd.DataFrame(columns=["obs_id"]), reviewed)[["reviewed", "review"]].values.tolist()
[[True, 'new districts counted from 2022']]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zibo_analysis.growth import BREAK_NOTE
from zibo_analysis.quality.words import Say

__all__ = ["REVIEW_COLUMNS", "review_flags", "unmatched_reviews"]

REVIEW_COLUMNS = ["reviewed", "review", "reviewed_in"]
KEY = ["kind", "indicator_id", "region", "as_of"]


def review_flags(
    flags: pd.DataFrame,
    indicators: pd.DataFrame,
    reviewed: pd.DataFrame | None = None,
    reviewed_file: str = "data/reviewed_flags.csv",
    lang: str = "en",
) -> pd.DataFrame:
    """``flags`` with ``reviewed`` (handled or not), ``review`` (the analyst's words) and
    ``reviewed_in`` (where they are written, in ``lang``: a line of ``reviewed_file``, or the
    curation line of a ``Break:`` note). ``reviewed`` is `dataset.load_reviewed_flags()`."""
    say = Say(lang)
    words, where = [""] * len(flags), [""] * len(flags)
    if reviewed is not None and len(reviewed):
        notes = {_key(r): r for r in reviewed.to_dict("records")}
        for i, row in enumerate(flags.to_dict("records")):
            found = notes.get(_key(row))
            if found is not None:
                words[i] = str(found["note"])
                where[i] = say("line", file=reviewed_file, line=found.get("line", "?"))
    found = _breaks_within(flags, indicators)
    for i in np.flatnonzero(
        found.notna().to_numpy() & np.array([not w for w in words], dtype=bool)
    ):
        note = indicators.iloc[int(found.iloc[i])]
        line = note.get("curation_line")
        words[i] = str(note["note"]).strip()
        where[i] = (
            say("line", file="data/curation.csv", line=line)
            if line is not None and pd.notna(line)
            else say.word("a_curation_note")
        )
    return flags.assign(
        reviewed=pd.Series([bool(w) for w in words], index=flags.index, dtype=bool),
        review=pd.Series(words, index=flags.index, dtype=object),
        reviewed_in=pd.Series(where, index=flags.index, dtype=object),
    )


def _breaks_within(flags: pd.DataFrame, indicators: pd.DataFrame) -> pd.Series:
    """For each flag (by position), the position in ``indicators`` of the first Break: note of
    its series dated after the earliest of its figures and no later than the latest; NaN
    where there is none or the flag rests on fewer than two figures."""
    none = pd.Series(np.nan, index=range(len(flags)))
    if "note" not in indicators or indicators.empty or flags.empty:
        return none
    noted = np.flatnonzero(
        indicators["note"].fillna("").astype(str).str.match(BREAK_NOTE).to_numpy()
    )
    if not len(noted):
        return none
    ids = pd.DataFrame({"f": np.arange(len(flags)), "obs_id": flags["obs_ids"].to_numpy()}).explode(
        "obs_id"
    )
    figures = pd.DataFrame(
        {
            "obs_id": indicators["obs_id"].astype(str).to_numpy(),
            "as_of": indicators["as_of"].to_numpy(),
        }
    )
    dated = ids.dropna().astype({"obs_id": str}).merge(figures, on="obs_id")
    span = dated.groupby("f").agg(
        n=("as_of", "size"), earliest=("as_of", "min"), latest=("as_of", "max")
    )
    span = span[span["n"] >= 2].reset_index()
    series = flags[["indicator_id", "region"]].astype(str).iloc[span["f"]].reset_index(drop=True)
    span = pd.concat([span, series], axis=1)
    notes = pd.DataFrame(
        {
            "b": noted,
            "indicator_id": indicators["indicator_id"].astype(str).to_numpy()[noted],
            "region": indicators["region"].astype(str).to_numpy()[noted],
            "when": indicators["as_of"].to_numpy()[noted],
        }
    )
    inside = span.merge(notes, on=["indicator_id", "region"])
    inside = inside[(inside["when"] > inside["earliest"]) & (inside["when"] <= inside["latest"])]
    first = inside.sort_values(["f", "b"]).drop_duplicates("f")
    none.iloc[first["f"].to_numpy()] = first["b"].to_numpy()
    return none


def unmatched_reviews(
    flags: pd.DataFrame,
    reviewed: pd.DataFrame,
    indicators: pd.DataFrame | None = None,
    kinds: list[str] | None = None,
) -> pd.DataFrame:
    """Rows of reviewed_flags.csv that match no flag the rules raise now (the data or the
    rules have changed since the review): to update or remove.

    ``flags`` may come from a selection (a region, a window, some kinds): give the
    ``indicators`` and ``kinds`` they were raised from, and a review whose figures or kind
    lie outside them is not called stale (its flag is only out of view)."""
    if reviewed is None or reviewed.empty:
        return reviewed
    raised = {_key(r) for r in flags.to_dict("records")}
    records = reviewed.to_dict("records")
    keep = np.array([_key(r) not in raised for r in records], dtype=bool)
    if kinds is not None:
        keep &= reviewed["kind"].astype(str).isin(kinds).to_numpy()
    if indicators is not None:
        shown = set(
            zip(
                indicators["indicator_id"].astype(str),
                indicators["region"].astype(str),
                pd.DatetimeIndex(indicators["as_of"]).strftime("%Y-%m-%d"),
                strict=True,
            )
        )
        keep &= np.array(
            [
                all((str(r["indicator_id"]), str(r["region"]), str(d)) in shown for d in r["as_of"])
                for r in records
            ],
            dtype=bool,
        )
    return reviewed[keep]


def _key(row: dict) -> tuple:
    """What a flag and its review share: kind, indicator, region and the flag's dates."""
    return (str(row["kind"]), str(row["indicator_id"]), str(row["region"]), tuple(row["as_of"]))
