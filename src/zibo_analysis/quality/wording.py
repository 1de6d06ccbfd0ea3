"""Rules that compare the words around figures across articles: one figure given two scopes
(a region and its parent or child), and one count described in several ways."""

from __future__ import annotations

import difflib
from itertools import combinations

import pandas as pd

from zibo_analysis.quality.common import days_apart, flag, records
from zibo_analysis.quality.text import clause_words, description
from zibo_analysis.quality.words import ENGLISH, Say
from zibo_analysis.quantities import RATE_SCALE

SCOPE_WINDOW_DAYS = 183  # "within a few months"
SCOPE_COUNT_TOLERANCE = 0.10  # counts within 10% of each other are "nearly the same"
SCOPE_RATE_TOLERANCE_PP = 1.0  # rates within one point of their base (1%, 1‰, 1/10万)
SCOPE_WORDS_SIMILARITY = 0.75  # difflib ratio of the clauses around the two figures


def similarity(a: str, b: str) -> float:
    """How alike two wordings are, 0 to 1 (difflib's ratio).

    >>> round(similarity("累计派出人次到医疗服务点开展巡诊服务", "已累计派出万人次到医疗服务点开展巡诊服务"), 2)
    0.95
    """
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


def _near(a, b) -> bool:
    if a["unit"] in RATE_SCALE:
        return abs(a["value"] - b["value"]) <= SCOPE_RATE_TOLERANCE_PP
    largest = max(abs(a["value"]), abs(b["value"]))
    return largest > 0 and abs(a["value"] - b["value"]) / largest <= SCOPE_COUNT_TOLERANCE


def scope_mislabelled(
    actual: pd.DataFrame, regions: pd.DataFrame | None, texts: dict[str, str], say: Say = ENGLISH
) -> list[dict]:
    """A figure for a region and one for its parent or child, from two articles within a few
    months, with nearly the same words and value: probably one figure given two scopes (check)."""
    if regions is None or actual.empty:
        return []
    parents = {r: p for r, p in zip(regions["region_id"], regions["parent_id"], strict=True) if p}
    pairs = (
        pair
        for _, same_unit in actual.sort_values(["as_of", "obs_id"]).groupby("unit", observed=True)
        for pair in combinations(records(same_unit), 2)
    )
    flags = []
    for a, b in pairs:
        if (a["doc_id"] == b["doc_id"]
                or not (parents.get(str(a["region"])) == str(b["region"]) or parents.get(str(b["region"])) == str(a["region"]))
                or days_apart(a, b) > SCOPE_WINDOW_DAYS or not _near(a, b)):  # fmt: skip
            continue
        words = [
            clause_words(texts[str(r["doc_id"])], r["mention_start"], r["mention_end"])
            for r in (a, b)
        ]
        alike = similarity(*words)
        if alike < SCOPE_WORDS_SIMILARITY:
            continue
        child, parent = (a, b) if parents.get(str(a["region"])) == str(b["region"]) else (b, a)
        flags.append(flag([a, b], "scope_mislabelled", "check",
            say("scope_mislabelled", name=say.name(a), child=say.figure(child), parent=say.figure(parent),
                child_region=say.region(child["region"]), parent_region=say.region(parent["region"]),
                days=days_apart(a, b), alike=alike, child_quote=child["quote"], parent_quote=parent["quote"])))  # fmt: skip
    return flags


def descriptions_differ(
    actual: pd.DataFrame, texts: dict[str, str], say: Say = ENGLISH
) -> list[dict]:
    """The same indicator, region and value in several articles, each describing the counted
    set in other words: to check, not an error (check)."""
    flags = []
    keys = ["indicator_id", "region", "value", "unit", "qualifier"]
    for _, group in actual.groupby(keys, observed=True):
        if group["doc_id"].nunique() < 2:
            continue
        rows = records(group.sort_values(["as_of", "published"]).drop_duplicates("doc_id"))
        words = {r["obs_id"]: description(texts[str(r["doc_id"])], r["mention_start"], r["mention_end"]) for r in rows}  # fmt: skip
        wordings = list(dict.fromkeys(words.values()))
        if len(wordings) < 2 or not all(wordings):
            continue
        described = say.word("sep").join(say("described", words=words[r["obs_id"]], doc=r["doc_id"]) for r in rows)  # fmt: skip
        first = rows[0]
        flags.append(flag(rows, "descriptions_differ", "check",
            say("descriptions_differ", name=say.name(first), region=say.region(first["region"]),
                mention=first["mention"], n=len(rows), described=described)))  # fmt: skip
    return flags
