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
    breaks = _break_notes(indicators)
    for i, flag in enumerate(flags.to_dict("records")):
        if words[i]:
            continue
        found = _break_within(flag, indicators, breaks)
        if found is not None:
            line = found.get("curation_line")
            words[i] = str(found["note"]).strip()
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


def _break_notes(indicators: pd.DataFrame) -> pd.DataFrame:
    if "note" not in indicators or indicators.empty:
        return indicators.iloc[0:0]
    return indicators[indicators["note"].fillna("").astype(str).str.match(BREAK_NOTE)]


def _break_within(flag: dict, indicators: pd.DataFrame, breaks: pd.DataFrame):
    """The Break: note that lies between the figures of ``flag``, or None."""
    if breaks.empty:
        return None
    figures = indicators[indicators["obs_id"].astype(str).isin(flag["obs_ids"])]
    if len(figures) < 2:
        return None
    earliest, latest = figures["as_of"].min(), figures["as_of"].max()
    inside = breaks[
        (breaks["indicator_id"].astype(str) == str(flag["indicator_id"]))
        & (breaks["region"].astype(str) == str(flag["region"]))
        & (breaks["as_of"] > earliest)
        & (breaks["as_of"] <= latest)
    ]
    return None if inside.empty else inside.iloc[0].to_dict()


def unmatched_reviews(flags: pd.DataFrame, reviewed: pd.DataFrame) -> pd.DataFrame:
    """Rows of reviewed_flags.csv that match no flag the rules raise now (the data or the
    rules have changed since the review): to update or remove."""
    if reviewed is None or reviewed.empty:
        return reviewed
    raised = {_key(r) for r in flags.to_dict("records")}
    keep = [_key(r) not in raised for r in reviewed.to_dict("records")]
    return reviewed[keep]


def _key(row: dict) -> tuple:
    """What a flag and its review share: kind, indicator, region and the flag's dates."""
    return (str(row["kind"]), str(row["indicator_id"]), str(row["region"]), tuple(row["as_of"]))
