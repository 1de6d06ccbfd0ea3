"""Rules that read one article's sentences: a claim of full coverage against the article's
own figures, and parts that do not add up to the total printed with them.

>>> claims("实现妇女两癌免费检查城乡全覆盖，筛查覆盖率91%。")
[(12, 15, '全覆盖')]
"""

from __future__ import annotations

import re
from bisect import bisect_left

import numpy as np
import pandas as pd

from zibo_analysis.coverage import printed_interval
from zibo_analysis.quality.common import flag, records
from zibo_analysis.quality.text import DIGITS, bigrams, description, plain
from zibo_analysis.quality.words import ENGLISH, Say
from zibo_analysis.quantities import RATE_SCALE
from zibo_analysis.sentences import clause_span, ends_item, sentence_span

# Simplified and traditional forms of "all of them".
CLAIM = re.compile(
    r"全覆盖|全覆蓋|全部|所有|每一个|每一個|每个|每個|百分之百|(?<![0-9.．])100(?:[.．]0+)?[%％]"
)
TOTAL = re.compile(r"合计|合計|共计|共計|总计|總計|总共|總共|一共|(?<!公)共(?![同享性识識])")
EXHAUSTIVE = re.compile(r"分别|分別")  # 分别为 a、b、c: the parts are the whole
SUBSET = re.compile(r"其中")  # 其中 a、b: the parts are some of the whole
MARKER = re.compile(f"{EXHAUSTIVE.pattern}|{SUBSET.pattern}")
MIN_HEAD = 3  # characters of a count's description that must match the claim's words
# Word pairs that say where or that something happened, not what was covered.
GENERIC = {"全市", "全区", "全县", "全省", "实现", "开展", "已达", "达到", "城乡"}


def claims(text: str) -> list[tuple[int, int, str]]:
    """Every claim of completeness in ``text``: (start, end, words)."""
    return [(m.start(), m.end(), m.group()) for m in CLAIM.finditer(text)]


# What the rules read of a figure (and a flag names): the rest of the table stays in columns.
FIGURE_COLUMNS = [
    "indicator_id",
    "indicator_en",
    "indicator_zh",
    "region",
    "doc_id",
    "as_of",
    "obs_id",
]
FIGURE_COLUMNS += [
    "kind",
    "unit",
    "value",
    "qualifier",
    "mention",
    "quote",
    "mention_start",
    "mention_end",
]


def _figures(
    indicators: pd.DataFrame, texts: dict[str, str], marker: re.Pattern
) -> dict[str, list]:
    """The figures of each article that ``marker`` finds words in, in the order they are
    printed (one per position), read once for all: doc_id -> rows."""
    docs = [d for d, text in texts.items() if marker.search(text)]
    rows = indicators[indicators["doc_id"].astype(str).isin(docs)]
    rows = rows[[c for c in FIGURE_COLUMNS if c in rows]]
    rows = rows.assign(_doc=rows["doc_id"].astype(str))
    rows = rows.sort_values(["_doc", "mention_start"], kind="stable").drop_duplicates(
        ["_doc", "mention_start"]
    )
    docs = rows["_doc"].to_numpy()
    if not len(docs):
        return {}
    table = records(rows.drop(columns="_doc"))
    starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
    ends = np.r_[starts[1:], len(docs)]
    return {docs[a]: table[a:b] for a, b in zip(starts, ends, strict=True)}


def _in_sentence(figures: list, at: list[int], s0: int, s1: int) -> list:
    """The figures printed in text[s0:s1] (``figures`` in printed order, ``at`` where each starts)."""
    return figures[bisect_left(at, s0) : bisect_left(at, s1)]


def _interval(row) -> tuple[float, float]:
    return printed_interval(row["value"], row["mention"], row["qualifier"])


def coverage_claims(actual: pd.DataFrame, texts: dict[str, str], say: Say = ENGLISH) -> list[dict]:
    """全覆盖, 全部, 所有, 每个, 100%: a claim that a whole set is covered, against a rate
    below 100% in the same sentence that shares its words, or a count of the set elsewhere
    in the article larger than the count the claim rests on (check)."""
    flags = []
    by_doc = _figures(actual, texts, CLAIM)
    for doc_id, text in texts.items():
        figures = by_doc.get(doc_id, [])
        at = [f["mention_start"] for f in figures]
        described: dict = {}  # each figure's description, read once in this article
        for start, end, words in claims(text):
            s0, s1 = sentence_span(text, start, end)
            inside = _in_sentence(figures, at, s0, s1)
            if not inside:
                continue  # outside the body, or a sentence without curated figures
            covering = words.startswith("全覆")
            found = _rate_below(text, inside, start, end, say) or _count_above(
                text, figures, inside, start, end, covering, say, described
            )
            if found:
                rows, why = found
                flags.append(
                    flag(
                        rows,
                        "coverage_claim",
                        "check",
                        say("coverage_claim", sentence=text[s0:s1].strip(), words=words, why=why),
                    )
                )
    return flags


def _phrase(text: str, start: int, end: int) -> str:
    """The words of the phrase around text[start:end], up to a comma or an enumeration comma."""
    left, right = start, end
    while left > 0 and not ends_item(text, left - 1):
        left -= 1
    while right < len(text) and not ends_item(text, right):
        right += 1
    return plain(text[left:start] + text[end:right])


def _rate_below(text: str, inside: list, start: int, end: int, say: Say = ENGLISH):
    claim_words = _phrase(text, start, end)
    for rate in inside:
        whole = RATE_SCALE.get(str(rate["unit"]), 100)
        if rate["kind"] != "rate" or rate["value"] >= whole or start <= rate["mention_start"] < end:
            continue
        rate_words = _phrase(text, rate["mention_start"], rate["mention_end"])
        shared = sorted(bigrams(claim_words) & bigrams(rate_words) - GENERIC)
        if shared:
            return [rate], say(
                "rate_below",
                mention=rate["mention"],
                quote=rate["quote"],
                shared=say.word("list").join(shared),
            )
    return None


def _count_above(
    text: str,
    figures: list,
    inside: list,
    start: int,
    end: int,
    covering: bool,
    say: Say = ENGLISH,
    described: dict | None = None,
):
    """A count elsewhere in the article of the set the claim names, above the claim's count.

    全覆盖 rests on the nearest count before the claim's clause (102 stations cover every
    township centre: the set is named in the claim's clause); 全部, 所有, 每个 on a count
    just before the marker in its clause, whose words name the set (53家「公立医院」全部…).
    """
    c0, c1 = clause_span(text, start, end)
    counts = [f for f in inside if f["kind"] != "rate"]
    if covering:
        base = [
            (f, plain(text[c0:start] + text[end:c1])) for f in counts if f["mention_start"] < c0
        ][-1:]
    else:
        base = [
            (f, plain(text[f["mention_end"] : start]))
            for f in counts
            if c0 <= f["mention_start"]
            and f["mention_end"] <= start
            and not any(
                text[i] in DIGITS or ends_item(text, i) for i in range(f["mention_end"], start)
            )
        ][-1:]
    for row, set_words in base:
        for other in figures:
            if (
                other["kind"] == "rate"
                or c0 <= other["mention_start"] < c1
                or other["obs_id"] == row["obs_id"]
            ):
                continue
            head = _head(text, other, set_words, described)
            if head and _interval(other)[0] > _interval(row)[1]:
                return [row, other], say(
                    "count_above",
                    mention=other["mention"],
                    head=head,
                    quote=other["quote"],
                    base=row["mention"],
                    base_quote=row["quote"],
                )
    return None


def _head(text: str, row, claim_words: str, described: dict | None = None) -> str:
    """The longest start (or end) of what ``row`` counts, three characters or more, that the
    claim's words contain: "" when the count is of something else. ``described`` keeps the
    descriptions read in this article (each figure is read once, not once per claim)."""
    at = (row["mention_start"], row["mention_end"])
    words = described.get(at) if described is not None else None
    if words is None:
        words = description(text, *at)
        if described is not None:
            described[at] = words
    end = row["mention_end"]
    after = end < len(text) and not ends_item(text, end) and words
    for size in range(len(words), MIN_HEAD - 1, -1):
        piece = words[:size] if after else words[-size:]
        if piece in claim_words:
            return piece
    return ""


def parts_do_not_add_up(
    indicators: pd.DataFrame, texts: dict[str, str], say: Say = ENGLISH
) -> list[dict]:
    """Parts listed with a printed total (分别 … 共/合计; 共 … 其中) that differ from it beyond
    rounding; parts under 其中 may leave some out, so only more than the total counts (error)."""
    flags = []
    by_doc = _figures(indicators, texts, MARKER)
    for doc_id, text in texts.items():
        figures = by_doc.get(doc_id, [])
        at = [f["mention_start"] for f in figures]
        for marker in [*EXHAUSTIVE.finditer(text), *SUBSET.finditer(text)]:
            s0, s1 = sentence_span(text, marker.start(), marker.end())
            inside = _in_sentence(figures, at, s0, s1)
            for total, parts, exhaustive in _totals_and_parts(text, inside, marker):
                if flagged := _not_adding_up(text[s0:s1], total, parts, exhaustive, say):
                    flags.append(flagged)
    return flags


def _not_adding_up(sentence: str, total, parts: list, exhaustive: bool, say: Say) -> dict | None:
    """The flag of one total and its parts, or None when they may add up."""
    low = sum(_interval(p)[0] for p in parts)
    high = sum(_interval(p)[1] for p in parts)
    t_low, t_high = _interval(total)
    if not (low > t_high or (exhaustive and high < t_low)):
        return None
    return flag(
        [total, *parts],
        "parts_do_not_add_up",
        "error",
        say(
            "parts_do_not_add_up",
            sentence=sentence.strip(),
            listed=say.word("parts_listed" if exhaustive else "parts_under"),
            printed=" + ".join(p["mention"] for p in parts),
            total_parts=sum(p["value"] for p in parts),
            total=total["mention"],
        ),
    )


def _totals_and_parts(text: str, inside: list, marker: re.Match) -> list[tuple]:
    """(total, parts, exhaustive) around one 分别 or 其中: the first total with a clear list
    (under 其中, one for the levels and one for the changes); none when there is no clear list."""
    if EXHAUSTIVE.fullmatch(marker.group()):
        totals = [f for f in inside if _marked_total(text, f)]
        exhaustive = True
    else:  # 107.1万个，比上年增加37867个，其中医院38355个，比上年增加1379个: a level's parts and
        # a change's parts, each under the last figure of its own sort before 其中
        before = [f for f in inside if f["mention_end"] <= marker.start()]
        totals = [f for f in before if _is_change(f)][-1:] + [
            f for f in before if not _is_change(f)
        ][-1:]
        exhaustive = False
    found = []
    for total in totals:
        # 分别为 a、b，共 c: the list stops at the total; otherwise at the sentence's end
        stop = total["mention_start"] if total["mention_start"] > marker.end() else len(text)
        parts = [
            f
            for f in inside
            if marker.end() <= f["mention_start"] < stop
            and f["obs_id"] != total["obs_id"]
            and str(f["unit"]) == str(total["unit"])
            and _is_change(f) == _is_change(total)
        ]
        end = min(stop, sentence_span(text, marker.start(), marker.end())[1])
        if len(parts) >= (2 if exhaustive else 1) and not _unread_figures(
            text, marker.end(), end, inside
        ):
            found.append((total, parts, exhaustive))
            if exhaustive:
                break  # 分别 … 共: one total
    return found


def _is_change(row) -> bool:
    return str(row.get("kind", "")) == "change"


def _marked_total(text: str, row) -> bool:
    """Whether 共, 合计 or the like stands before the figure in its clause, with no figure between."""
    c0, _ = clause_span(text, row["mention_start"], row["mention_end"])
    lead = text[c0 : row["mention_start"]]
    found = list(TOTAL.finditer(lead))
    return bool(found) and not any(ch in DIGITS for ch in lead[found[-1].end() :])


def _unread_figures(text: str, start: int, end: int, inside: list) -> bool:
    """Whether a figure in the list is missing from the table: a part the curation left out
    would make any sum wrong."""
    covered = [(f["mention_start"], f["mention_end"]) for f in inside]
    return any(
        ch.isdigit() and not any(a <= i < b for a, b in covered)
        for i, ch in enumerate(text[start:end], start)
    )
