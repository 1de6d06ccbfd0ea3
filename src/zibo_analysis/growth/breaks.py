"""Breaks: where a series stops counting the same thing, so that no growth spans them.

A series breaks

* between two of its reports that a flag of a break kind (`vocab.BREAK_KINDS`:
  populations_differ, scope_mislabelled) names together: before the later one;
* around a report that such a flag pairs with another region's figure (one figure given
  two scopes): before it and after it, so that it stands alone;
* before a report whose curation note starts with ``Break:`` (a change of definition,
  e.g. "Break: counts 中医馆 from here on, 国医堂 before.").

>>> s = pd.DataFrame({"obs_id": ["a", "b", "c"], "note": ["", "Break: new scope.", ""],
...                   "as_of": pd.to_datetime(["2021-01-01", "2021-06-01", "2022-01-01"])})
>>> [(b.before, b.why) for b in breaks(s)]
[(1, 'definition changed (Break: new scope.)')]
>>> [part["obs_id"].tolist() for part in segments(s, breaks(s))]
[['a'], ['b', 'c']]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from zibo_analysis.growth.words import WORDS
from zibo_analysis.vocab import BREAK_KINDS, in_lang, value_words

BREAK_NOTE = re.compile(r"^\s*break\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Break:
    """The series breaks before its row ``before`` (0-based, in time order)."""

    before: int
    why: str
    as_of: pd.Timestamp


def breaks(
    series: pd.DataFrame, flags: pd.DataFrame | None = None, lang: str = "en"
) -> list[Break]:
    """Every break in one series (rows in time order), from curation notes and ``flags``;
    ``why`` in ``lang``."""
    w = in_lang(WORDS, lang)
    ids = series["obs_id"].astype(str).tolist()
    found: dict[int, str] = {}
    notes = series["note"].fillna("").astype(str) if "note" in series else [""] * len(ids)
    for i, note in enumerate(notes):
        if i and BREAK_NOTE.match(note):
            found.setdefault(i, w["definition_changed"].format(note=note.strip()))
    if flags is not None and len(flags):
        for kind, obs_ids in zip(flags["kind"], flags["obs_ids"], strict=True):
            if kind not in BREAK_KINDS:
                continue
            here = sorted(ids.index(o) for o in obs_ids if o in ids)
            if not here:
                continue
            # paired with another region's figure, a report stands alone; else each later one starts anew
            cuts = [here[0], here[0] + 1] if len(here) == 1 else here[1:]
            for i in cuts:
                if 0 < i < len(ids):
                    found.setdefault(i, value_words(kind, lang))
    dates = series["as_of"].tolist()
    return [Break(i, why, dates[i]) for i, why in sorted(found.items())]


def segments(series: pd.DataFrame, found: list[Break]) -> list[pd.DataFrame]:
    """The series cut at its breaks: growth is computed within each part, never across."""
    cuts = [0, *(b.before for b in found), len(series)]
    return [series.iloc[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def describe(found: list[Break], lang: str = "en") -> str:
    """ "before 2021-12-01: populations differ; ..." (2021-12-01前：总体不同；...) or "" when
    the series has no break."""
    w = in_lang(WORDS, lang)
    return w["sep"].join(w["break"].format(date=f"{b.as_of:%Y-%m-%d}", why=b.why) for b in found)
