"""Sentences, clauses and paragraphs of an article, as character spans.

Press releases copied from web pages break lines in the middle of sentences
(a page or column break: ``为4648人提供\\n\\n上门送医送药``), so a line break ends
a sentence only after sentence-final punctuation or after a short line (a
heading). Spans index the text they were built from.

>>> text = "目前，全市共建成创业示范平台15家。其中，国家级1家，省级10家。"
>>> doc = Layout(text)
>>> at = text.index("1家")
>>> text.__getitem__(slice(*doc.sentence(at))), text.__getitem__(slice(*doc.clause(at)))
('其中，国家级1家，省级10家。', '国家级1家，')
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from operator import sub

# where sentences and clauses end, and what a heading is: defined once, in `sentences`
from zibo_analysis.sentences import CLAUSE_END, HEADING_MAX, SENTENCE_END

__all__ = ["Layout", "SENTENCE_END", "CLAUSE_END", "Sorted", "flat"]

# A sentence, clause or paragraph longer than these is cut into pieces no longer (at clause
# ends, then at spaces, else anywhere): every rule reads a bounded stretch of text before a
# figure, so the time per figure does not grow with the sentence (run-on text, a bulletin's
# table without 。), and the whole step stays linear in the length of the text.
MAX_SENTENCE = 300
MAX_CLAUSE = 120
MAX_PARAGRAPH = 1500

_SENTENCE_ENDS = re.compile(r"[。！？!?；;]")
_LINE_BREAK = re.compile(r"\n")
_CLAUSE_ENDS = re.compile(r"[。！？!?；;，,：:]")
_SPACES = re.compile(r"\s{2,}|\t")
_UNREAD = re.compile(r"[\s*]+")


class Layout:
    """Where the sentences, clauses and paragraphs of ``text`` start and end."""

    def __init__(self, text: str):
        self.text = text
        paragraph_ends: list[int] = []  # after a line break that ends a sentence
        line_start = 0
        for m in _LINE_BREAK.finditer(text):
            i = m.start()
            line = text[line_start:i].strip()
            if line and (line[-1] in SENTENCE_END or len(line) <= HEADING_MAX):
                paragraph_ends.append(i + 1)
            line_start = i + 1
        # the ends after punctuation and after line breaks never coincide: sorting the two
        # sorted lists together merges them
        sentence_ends = sorted([m.end() for m in _SENTENCE_ENDS.finditer(text)] + paragraph_ends)
        clause_ends = sorted([m.end() for m in _CLAUSE_ENDS.finditer(text)] + paragraph_ends)
        n = len(text)
        self._clauses = _capped(_bounds(clause_ends, n), MAX_CLAUSE, text, ())
        self._sentences = _capped(_bounds(sentence_ends, n), MAX_SENTENCE, text, self._clauses)
        self._paragraphs = _capped(_bounds(paragraph_ends, n), MAX_PARAGRAPH, text, self._sentences)

    def sentence(self, pos: int) -> tuple[int, int]:
        return _span(self._sentences, pos)

    def clause(self, pos: int) -> tuple[int, int]:
        return _span(self._clauses, pos)

    def paragraph(self, pos: int) -> tuple[int, int]:
        return _span(self._paragraphs, pos)

    def clauses_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """The clauses that begin inside ``[start, end)``, in order."""
        starts = self._clauses
        i = bisect_right(starts, start) - 1
        spans = []
        while i < len(starts) - 1 and starts[i] < end:
            spans.append((max(starts[i], start), min(starts[i + 1], end)))
            i += 1
        return spans


def _bounds(ends: list[int], length: int) -> list[int]:
    return sorted({0, *ends, length})


def _capped(bounds: list[int], limit: int, text: str, finer: list[int]) -> list[int]:
    """``bounds`` with every piece longer than ``limit`` cut: at the finer bounds inside it
    (clause ends in a sentence), else at runs of spaces, else every ``limit`` characters."""
    if len(bounds) < 2 or max(map(sub, bounds[1:], bounds)) <= limit:
        return bounds  # nothing to cut, found without a loop in Python (as in most texts)
    out = [bounds[0]]
    for end in bounds[1:]:
        start = out[-1]
        while end - start > limit:
            lo, hi = bisect_right(finer, start), bisect_right(finer, start + limit)
            if hi > lo:
                cut = finer[hi - 1]
            else:
                spaces = [m.end() for m in _SPACES.finditer(text, start + 1, start + limit)]
                cut = spaces[-1] if spaces else start + limit
            out.append(cut)
            start = cut
        out.append(end)
    return out


def _span(bounds: list[int], pos: int) -> tuple[int, int]:
    i = bisect_right(bounds, pos) - 1
    i = min(i, len(bounds) - 2)
    return bounds[i], bounds[i + 1]


def flat(text: str) -> str:
    """``text`` without line breaks, spaces and ``**``: a phrase as a reader reads it.

    >>> flat("全区拥\\n有省级示范性")
    '全区拥有省级示范性'
    """
    return _UNREAD.sub("", text)  # and Markdown bold: 建成**102**个


class Sorted:
    """Items with a ``start`` (quantities, places, time words), in text order, for range lookups
    in logarithmic time: a long text has thousands of each."""

    def __init__(self, items):
        self.items = sorted(items, key=lambda item: item.start)
        self.starts = [item.start for item in self.items]

    def between(self, lo: int, hi: int) -> list:
        """The items that start in ``[lo, hi)``."""
        return self.items[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]
