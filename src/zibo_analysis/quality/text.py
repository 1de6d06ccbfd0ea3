"""Reading the words around a figure: what a count counts, and the words of its clause
(where sentences and clauses end is `zibo_analysis.sentences`).

The rules that read text take the articles as a table (``doc_id``, ``text``: the whole
file, so that the offsets of the indicator table point into it). An article missing from
that table is rebuilt from its quotes at their offsets, with sentence breaks between them:
the rules then see only the curated words.

>>> text = "全市37家二级以上医院派出353名名医专家，建成工作站102个。"
>>> description(text, 2, 5), description(text, 27, 31)
('二级以上医院派出', '建成工作站')
>>> clause_words(text, 27, 31)
'建成工作站'
"""

from __future__ import annotations

import re

import pandas as pd

from zibo_analysis.quantities import printed_step
from zibo_analysis.sentences import clause_span, ends_item

QUOTE_MARKS = "“”\"'‘’《》「」 \u3000"
DIGITS = "0123456789０１２３４５６７８９.．%％"
# Words that open or close a count's description without naming what is counted.
LEADING_FILLER = ("的",)
TRAILING_FILLER = (
    "总共",
    "一共",
    "共计",
    "合计",
    "总计",
    "累计",
    "共有",
    "达到",
    "共",
    "有",
    "达",
    "为",
    "计",
)
OFFSET_COLUMNS = ("start", "end", "mention_start", "mention_end")


def has_offsets(indicators: pd.DataFrame) -> bool:
    """Whether the table says where each quote and figure sits in its article."""
    return all(c in indicators.columns for c in OFFSET_COLUMNS)


def article_texts(indicators: pd.DataFrame, articles: pd.DataFrame | None) -> dict[str, str]:
    """doc_id -> article text; from ``articles`` where given, else rebuilt from the quotes.

    >>> rows = pd.DataFrame({"doc_id": ["a"], "quote": ["共3家"], "start": [2], "end": [5]})
    >>> article_texts(rows, None)
    {'a': '。。共3家。'}
    """
    given = {}
    if articles is not None and len(articles):
        given = dict(zip(articles["doc_id"].astype(str), articles["text"], strict=True))
    texts = {}
    for doc_id, rows in indicators.groupby(indicators["doc_id"].astype(str), observed=True):
        if doc_id in given:
            texts[doc_id] = given[doc_id]
            continue
        chars = ["。"] * (int(rows["end"].max()) + 1)
        for quote, start in zip(rows["quote"], rows["start"], strict=True):
            chars[int(start) : int(start) + len(quote)] = list(quote)
        texts[doc_id] = "".join(chars)
    return texts


def plain(words: str) -> str:
    """Words without quotation marks, spaces and figures, for comparing wording."""
    return re.sub(f"[{re.escape(QUOTE_MARKS + DIGITS)}]", "", words)


def description(text: str, start: int, end: int) -> str:
    """The words naming what a count counts: those after its measure word
    (37家「二级以上医院」), else those before it (「建成工作站」102个), up to a comma or figure."""

    def stops(i: int) -> bool:
        return text[i] in DIGITS or ends_item(text, i)

    after = end
    while after < len(text) and not stops(after):
        after += 1
    words = plain(text[end:after])
    for filler in LEADING_FILLER:
        words = words.removeprefix(filler)
    if words:
        return words
    before = start
    while before > 0 and not stops(before - 1):
        before -= 1
    words = plain(text[before:start])
    for filler in TRAILING_FILLER:
        if words.endswith(filler):
            words = words[: -len(filler)]
            break
    return words


def clause_words(text: str, start: int, end: int) -> str:
    """The clause around a figure without the figure itself, for comparing wording."""
    left, right = clause_span(text, start, end)
    return plain(text[left:start] + text[end:right])


def bigrams(words: str) -> set[str]:
    return {words[i : i + 2] for i in range(len(words) - 1)}


def half_unit(mention: str) -> float:
    """Half the step of the last printed digit, in the value's own unit (`quantities.printed_step`):
    1.15万 -> 50, 94.44% -> 0.005; a whole count printed in full (37家, 2,615处) is exact: 0.

    >>> half_unit("1.15万人次"), half_unit("37家"), half_unit("94.44%"), half_unit("2,615处")
    (50.0, 0.0, 0.005, 0.0)
    """
    return printed_step(mention) / 2
