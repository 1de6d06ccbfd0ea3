"""Rules that compare the words around figures across articles: one figure given two scopes
(a region and its parent or child), and one count described in several ways."""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from zibo_analysis.growth.grouped import groups_of
from zibo_analysis.hanzi import to_simplified
from zibo_analysis.quality.common import days_apart, days_between_rows, flag, records
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


def _near(a: pd.DataFrame, b: pd.DataFrame) -> np.ndarray:
    """Whether each pair of figures is nearly the same: rates within a point of their base,
    counts within 10% of the larger."""
    va, vb = a["value"].to_numpy(float), b["value"].to_numpy(float)
    largest = np.maximum(np.abs(va), np.abs(vb))
    with np.errstate(divide="ignore", invalid="ignore"):
        counts = (largest > 0) & (np.abs(va - vb) / largest <= SCOPE_COUNT_TOLERANCE)
    rate = a["unit"].astype(str).isin(list(RATE_SCALE)).to_numpy()
    return np.where(rate, np.abs(va - vb) <= SCOPE_RATE_TOLERANCE_PP, counts)


def scope_mislabelled(
    actual: pd.DataFrame, regions: pd.DataFrame | None, texts: dict[str, str], say: Say = ENGLISH
) -> list[dict]:
    """A figure for a region and one for its parent or child, from two articles within a few
    months, with nearly the same words and value: probably one figure given two scopes (check).

    The pairs are found by a merge of each figure with those of the region above it in the
    same unit, then kept in the order the rule reads them: by unit, then date and id."""
    if regions is None or actual.empty:
        return []
    parents = {r: p for r, p in zip(regions["region_id"], regions["parent_id"], strict=True) if p}
    rows = actual.dropna(subset=["unit"]).sort_values(["as_of", "obs_id"]).reset_index(drop=True)
    unit_order = pd.Series(rows["unit"]).sort_values(kind="stable").index.to_numpy()
    position = np.empty(len(rows), dtype=int)
    position[unit_order] = np.arange(
        len(rows)
    )  # as the rule walks them: unit by unit, each in date order
    region = rows["region"].astype(str)
    child = pd.DataFrame(
        {
            "c": np.arange(len(rows)),
            "unit": rows["unit"].astype(str).to_numpy(),
            "region": region.map(parents).to_numpy(),
        }
    )
    parent = pd.DataFrame(
        {
            "p": np.arange(len(rows)),
            "unit": rows["unit"].astype(str).to_numpy(),
            "region": region.to_numpy(),
        }
    )
    found = child.dropna(subset=["region"]).merge(parent, on=["unit", "region"])
    c, p = found["c"].to_numpy(), found["p"].to_numpy()
    first = np.where(position[c] < position[p], c, p)
    second = np.where(position[c] < position[p], p, c)
    a, b = rows.iloc[first], rows.iloc[second]
    doc_a, doc_b = a["doc_id"].astype(str).to_numpy(), b["doc_id"].astype(str).to_numpy()
    close = days_between_rows(a, b) <= SCOPE_WINDOW_DAYS
    keep = (doc_a != doc_b) & close & _near(a, b)
    order = np.lexsort((position[second[keep]], position[first[keep]]))
    flags = []
    for a, b in zip(
        records(rows.iloc[first[keep][order]]), records(rows.iloc[second[keep][order]]), strict=True
    ):
        words = [
            clause_words(texts[str(r["doc_id"])], r["mention_start"], r["mention_end"])
            for r in (a, b)
        ]
        alike = similarity(*words)
        if alike < SCOPE_WORDS_SIMILARITY:
            continue
        child, parent = (a, b) if parents.get(str(a["region"])) == str(b["region"]) else (b, a)
        detail = say(
            "scope_mislabelled",
            name=say.name(a),
            child=say.figure(child),
            parent=say.figure(parent),
            child_region=say.region(child["region"]),
            parent_region=say.region(parent["region"]),
            days=days_apart(a, b),
            alike=alike,
            child_quote=child["quote"],
            parent_quote=parent["quote"],
        )
        flags.append(flag([a, b], "scope_mislabelled", "check", detail))
    return flags


def descriptions_differ(
    actual: pd.DataFrame, texts: dict[str, str], say: Say = ENGLISH
) -> list[dict]:
    """The same indicator, region and value in several articles, each describing the counted
    set in other words: to check, not an error (check)."""
    keys = ["indicator_id", "region", "value", "unit", "qualifier"]
    rows = actual.dropna(subset=keys)
    docs = rows.groupby(keys, observed=True)["doc_id"].transform("nunique")
    rows = rows[docs.to_numpy() >= 2]
    # each group in date order, one figure per article (its first)
    rows = rows.sort_values([*keys, "as_of", "published"]).reset_index(drop=True)
    groups = groups_of(rows, keys)
    first_of_doc = (
        ~pd.DataFrame({"g": groups.group, "d": rows["doc_id"].astype(str).to_numpy()})
        .duplicated()
        .to_numpy()
    )
    rows = rows[first_of_doc].reset_index(drop=True)
    groups = groups_of(rows, keys)
    words = np.array(
        [
            description(texts[str(d)], s, e)
            for d, s, e in zip(
                rows["doc_id"], rows["mention_start"], rows["mention_end"], strict=True
            )
        ],
        dtype=object,
    )
    # several wordings, none of them empty; one wording in two scripts is one wording
    read = np.array([to_simplified(w) for w in words], dtype=object)
    distinct = pd.DataFrame({"g": groups.group, "w": read}).groupby("g")["w"].nunique().to_numpy()
    flagged = (distinct >= 2) & groups.all(words != "")
    flags = []
    table = records(rows)
    for g in np.flatnonzero(flagged):
        members = table[groups.starts[g] : groups.ends[g] + 1]
        said = words[groups.starts[g] : groups.ends[g] + 1]
        described = say.word("sep").join(
            say("described", words=w, doc=r["doc_id"]) for r, w in zip(members, said, strict=True)
        )
        first = members[0]
        detail = say(
            "descriptions_differ",
            name=say.name(first),
            region=say.region(first["region"]),
            mention=first["mention"],
            n=len(members),
            described=described,
        )
        flags.append(flag(members, "descriptions_differ", "check", detail))
    return flags
