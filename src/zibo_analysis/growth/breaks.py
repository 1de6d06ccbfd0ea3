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

import numpy as np
import pandas as pd

from zibo_analysis.growth.grouped import Groups, groups_from_starts
from zibo_analysis.growth.words import WORDS
from zibo_analysis.vectors import fill, joined
from zibo_analysis.vocab import BREAK_KINDS, in_lang, value_words

BREAK_NOTE = re.compile(r"^\s*break\s*:", re.IGNORECASE)
BREAK_COLUMNS = ["series", "before", "row", "why", "as_of"]


@dataclass(frozen=True)
class Break:
    """The series breaks before its row ``before`` (0-based, in time order)."""

    before: int
    why: str
    as_of: pd.Timestamp


def break_table(
    rows: pd.DataFrame, series: Groups, flags: pd.DataFrame | None = None, lang: str = "en"
) -> pd.DataFrame:
    """Every break of every series at once: ``rows`` in series and time order, ``series``
    their groups. One row per break: the series' number, ``before`` (the row of the series
    it comes before, 0-based), ``row`` (that row in ``rows``), ``why`` in ``lang`` and the
    date; in series and time order. A curation note explains a break before a flag does,
    and an earlier flag before a later one."""
    w = in_lang(WORDS, lang)
    n = len(rows)
    candidates = []
    if "note" in rows and n:
        notes = rows["note"].fillna("").astype(str)
        noted = notes.str.match(BREAK_NOTE).to_numpy() & (series.position > 0)
        at = np.flatnonzero(noted)
        why = fill(w["definition_changed"], note=notes.iloc[at].str.strip())
        candidates.append(pd.DataFrame({"row": at, "rank": -1, "why": why}))
    if flags is not None and len(flags) and n:
        candidates.append(_flag_cuts(rows, series, flags, lang))
    if not candidates:
        return pd.DataFrame({c: [] for c in BREAK_COLUMNS}).astype(
            {"series": int, "before": int, "row": int}
        )
    found = pd.concat(candidates, ignore_index=True).sort_values(["row", "rank"], kind="stable")
    found = found.drop_duplicates("row")
    at = found["row"].to_numpy()
    return pd.DataFrame(
        {
            "series": series.group[at],
            "before": series.position[at],
            "row": at,
            "why": found["why"].to_numpy(dtype=object),
            "as_of": rows["as_of"].to_numpy()[at],
        }
    ).reset_index(drop=True)


def _flag_cuts(rows: pd.DataFrame, series: Groups, flags: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Where the flags of a break kind cut their series: each later report of a series a flag
    names starts anew; a report a flag pairs with another region's figure stands alone."""
    named = flags[["kind", "obs_ids"]].assign(rank=np.arange(len(flags)))
    named = named[named["kind"].isin(BREAK_KINDS)].explode("obs_ids").dropna(subset=["obs_ids"])
    where = pd.DataFrame(
        {"obs_ids": rows["obs_id"].astype(str).to_numpy(), "row": np.arange(len(rows))}
    )
    where = where.drop_duplicates("obs_ids")  # the first row of an id, as a list's index() finds it
    hits = (
        named.astype({"obs_ids": str})
        .merge(where, on="obs_ids")
        .assign(series=lambda t: series.group[t["row"]])
    )
    hits = hits.drop_duplicates(["rank", "row"]).sort_values(
        ["rank", "series", "row"], kind="stable"
    )
    per_flag = hits.groupby(["rank", "series"], sort=False)["row"]
    alone = (per_flag.transform("size") == 1).to_numpy()
    first = (per_flag.cumcount() == 0).to_numpy()
    at = hits["row"].to_numpy()
    cuts = np.concatenate([at[alone], at[alone] + 1, at[~alone & ~first]])
    ranks = hits["rank"].to_numpy()
    cut_rank = np.concatenate([ranks[alone], ranks[alone], ranks[~alone & ~first]])
    kinds = hits["kind"].to_numpy(dtype=object)
    cut_kind = np.concatenate([kinds[alone], kinds[alone], kinds[~alone & ~first]])
    mother = np.concatenate([at[alone], at[alone], at[~alone & ~first]])
    inside = cuts < len(rows)
    inside[inside] &= series.group[cuts[inside]] == series.group[mother[inside]]
    inside[inside] &= series.position[cuts[inside]] > 0
    kinds = pd.Series(cut_kind[inside], dtype=object)
    why = kinds.map({k: value_words(k, lang) for k in kinds.unique()}).to_numpy(dtype=object)
    return pd.DataFrame({"row": cuts[inside], "rank": cut_rank[inside], "why": why})


def describe_all(found: pd.DataFrame, count: int, lang: str = "en") -> np.ndarray:
    """`describe` of each of ``count`` series from a `break_table`: "" where one has none."""
    w = in_lang(WORDS, lang)
    out = np.full(count, "", dtype=object)
    if len(found):
        dates = pd.Series(found["as_of"]).dt.strftime("%Y-%m-%d")
        words = fill(w["break"], date=dates, why=found["why"])
        starts = np.flatnonzero(
            np.r_[True, found["series"].to_numpy()[1:] != found["series"].to_numpy()[:-1]]
        )
        out[found["series"].to_numpy()[starts]] = joined(words, starts, w["sep"])
    return out


def breaks(
    series: pd.DataFrame, flags: pd.DataFrame | None = None, lang: str = "en"
) -> list[Break]:
    """Every break in one series (rows in time order), from curation notes and ``flags``;
    ``why`` in ``lang``."""
    found = break_table(
        series.reset_index(drop=True), groups_from_starts(np.array([0]), len(series)), flags, lang
    )
    return [
        Break(int(b), str(y), pd.Timestamp(d))
        for b, y, d in zip(found["before"], found["why"], found["as_of"], strict=True)
    ]


def segments(series: pd.DataFrame, found: list[Break]) -> list[pd.DataFrame]:
    """The series cut at its breaks: growth is computed within each part, never across."""
    cuts = [0, *(b.before for b in found), len(series)]
    return [series.iloc[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def describe(found: list[Break], lang: str = "en") -> str:
    """ "before 2021-12-01: populations differ; ..." (2021-12-01前：总体不同；...) or "" when
    the series has no break."""
    table = pd.DataFrame(
        {"series": 0, "as_of": [b.as_of for b in found], "why": [b.why for b in found]}
    )
    return str(describe_all(table, 1, lang)[0])
