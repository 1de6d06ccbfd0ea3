"""The quote a candidate row suggests for a figure: a stretch of the body an analyst would cite.

A quote starts where a clause starts (after ，。；： or a line break, or at the body's start),
runs on past the figure to its clause's end when the words after it are few and say what is
counted (``选派6名“业务院长”``, ``58家企业实现了技能人才自主评价``), holds its quotation
marks and brackets in pairs (“” 《》 （） 「」 【】), and takes in the clauses before it, within
its sentence, until it has a few words besides its figures (``市级2个`` alone says nothing:
``全市共建成省级重点专科20个，市级2个``). It never crosses a line break or the body's edge,
holds no other figure written like its own, so that ``mention`` picks one, and does not start
as a spreadsheet formula does (= + - @), so that it is written to a CSV file unchanged.

>>> from zibo_analysis.dataset.articles import Article
>>> from zibo_analysis.quantities import find_quantities
>>> text = "今年以来，全市建成省级示范点5个，市级2个。全年选派10名骨干医生下沉基层。"
>>> article = Article("d", "d.txt", text, [(0, len(text))], find_quantities(text))
>>> [text.__getitem__(slice(*quote_span(article, q))) for q in article.mentions]
['全市建成省级示范点5个', '全市建成省级示范点5个，市级2个', '全年选派10名骨干医生下沉基层']
"""

from __future__ import annotations

import bisect
import re

from zibo_analysis.facts.words import SCOPE_WORDS
from zibo_analysis.files import FORMULA_START, spreadsheet_cell
from zibo_analysis.hanzi import to_simplified
from zibo_analysis.quantities import Quantity
from zibo_analysis.sentences import CLAUSE_END, LIST_MARK

__all__ = ["MARKS", "quote_span", "unbalanced"]

# Quotation marks and brackets, each opening one with its closing one.
MARKS = {"“": "”", "《": "》", "（": "）", "(": ")", "「": "」", "『": "』", "【": "】", "‘": "’"}
_CLOSERS = {close: open_ for open_, close in MARKS.items()}
TAIL = 30  # characters after a figure that are taken up to its clause's end
HEAD = 40  # characters before a figure past which a long clause is cut at a list's comma
LONGEST = 64  # characters a quote grows to, at most, to say what it counts
WORDS = 4  # Chinese characters besides the figures, at least, for a quote to say what is counted
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Words of scope and time (全市, 市级, 累计, 全年: `facts.words.SCOPE_WORDS`) say where and when a
# figure counts, not what: 省级41个，市级120个 still needs the clause naming the thing.
_SCOPE = re.compile("|".join(sorted(map(re.escape, SCOPE_WORDS), key=len, reverse=True)))
_WEAK = LIST_MARK + " \u3000\t"  # a list's comma, spaces: places to cut a long clause
_EDGE = " \u3000\t*"  # not kept at a quote's ends (spaces, Markdown bold)


def quote_span(article, q: Quantity) -> tuple[int, int]:
    """Where the suggested quote of the body mention ``q`` of ``article`` lies: (start, end)."""
    text, layout = article.text, article.layout
    lo, hi = _line(article, q)
    c0, c1 = layout.clause(q.start)
    start = _after_edge(text, max(c0, lo), q.start)
    end = _clause_end(text, max(q.end, min(c1, hi)), q.end)
    end = _tail(article, q, end)
    if q.start - start > HEAD:  # a long clause: from the last list comma or space before it
        cut = max(text.rfind(ch, q.start - HEAD, q.start) for ch in _WEAK)
        start = cut + 1 if cut >= 0 else start
    sentence = layout.sentence(q.start)[0]
    while _words(article, start, end) < WORDS and start > max(sentence, lo):
        before = layout.clause(start - 1)[0]
        if end - max(before, lo, sentence) > LONGEST:
            break
        start = _after_edge(text, max(before, lo, sentence), start)
    start, end = _balanced(text, start, end, q, lo, hi)
    start, end = _alone(article, q, start, end)
    return _not_a_formula(text, start, end, q, lo), end


def unbalanced(quote: str) -> list[str]:
    """The quotation marks and brackets of ``quote`` without their other half.

    >>> unbalanced("博—高校人才直通车”活动107场"), unbalanced("《规划》（2021—2025年）")
    (['”'], [])
    """
    stack: list[str] = []
    lone: list[str] = []
    for ch in quote:
        if ch in MARKS:
            stack.append(ch)
        elif ch in _CLOSERS:
            if stack and stack[-1] == _CLOSERS[ch]:
                stack.pop()
            else:
                lone.append(ch)
    return lone + stack


def _line(article, q: Quantity) -> tuple[int, int]:
    """The part of the body segment holding ``q`` on ``q``'s line."""
    seg = next((a, b) for a, b in article.segments if a <= q.start and q.end <= b)
    breaks = article.line_breaks
    i = bisect.bisect_left(breaks, q.start)
    line_start = breaks[i - 1] + 1 if i else 0
    line_end = breaks[i] if i < len(breaks) else len(article.text)
    return max(seg[0], line_start), min(seg[1], line_end)


def _after_edge(text: str, start: int, limit: int) -> int:
    while start < limit and (text[start] in _EDGE or text[start] in CLAUSE_END):
        start += 1
    return start


def _clause_end(text: str, end: int, limit: int) -> int:
    """``end`` moved back over the clause's closing punctuation and spaces, not before ``limit``."""
    while end > limit and (
        text[end - 1] in CLAUSE_END or text[end - 1] in _EDGE or text[end - 1] in LIST_MARK + "\n"
    ):
        end -= 1
    return end


def _tail(article, q: Quantity, clause_end: int) -> int:
    """The end of the quote after ``q``: up to a list comma (outside brackets: 28个省（自治区、
    直辖市）和…) or the clause's end when that is near; else up to the next figure when it is
    near (a number starts a word); else ``q.end``."""
    text = article.text
    stop, depth = min(clause_end, q.end + TAIL + 1), 0
    for i in range(q.end, stop):
        ch = text[i]
        depth += (ch in MARKS) - (ch in _CLOSERS and depth > 0)
        if ch == LIST_MARK and depth == 0:
            stop = i
            break
    if stop - q.end <= TAIL:
        return _clause_end(text, stop, q.end)
    after = [m for m in article.mentions_within(q.end, q.end + TAIL) if m.start >= q.end]
    return _clause_end(text, after[0].start, q.end) if after else q.end


def _words(article, start: int, end: int) -> int:
    """Chinese characters in ``start:end`` outside the figures and the words of scope."""
    text = article.text
    inside = sum(
        len(_HAN.findall(m.text)) for m in article.mentions_within(start, end) if start <= m.start
    )
    scope = sum(len(m.group()) for m in _SCOPE.finditer(to_simplified(text[start:end])))
    return len(_HAN.findall(text, start, end)) - inside - scope


def _balanced(text: str, start: int, end: int, q: Quantity, lo: int, hi: int) -> tuple[int, int]:
    """``start:end`` with every quotation mark and bracket in it paired: the other half taken
    in when it is near on the line, else the stretch cut at the lone one, never cutting ``q``."""
    for _ in range(4):  # a pair taken in may reveal another (nested marks)
        stack: list[int] = []
        lone: list[int] = []
        for i in range(start, end):
            ch = text[i]
            if ch in MARKS:
                stack.append(i)
            elif ch in _CLOSERS:
                if stack and text[stack[-1]] == _CLOSERS[ch]:
                    stack.pop()
                else:
                    lone.append(i)
        if not lone and not stack:
            break
        for i in lone[:1]:  # a closing mark whose opening one is before the quote
            opener = text.rfind(_CLOSERS[text[i]], max(lo, start - HEAD), start)
            if opener >= 0 and text.find(text[i], opener, start) < 0:
                start = opener
            elif i < q.start:
                start = _after_edge(text, i + 1, q.start)
            else:
                end = _clause_end(text, i, q.end)
        for i in stack[-1:]:  # an opening mark whose closing one is after the quote
            closer = text.find(MARKS[text[i]], end, min(hi, end + TAIL))
            if closer >= 0:
                end = closer + 1
            elif i < q.start:
                start = _after_edge(text, i + 1, q.start)
            else:
                end = _clause_end(text, i, q.end)
    return start, end


def _not_a_formula(text: str, start: int, end: int, q: Quantity, lo: int) -> int:
    """``start`` moved so that the quote does not start as a spreadsheet formula does (= + - @):
    past such characters before the figure, or one character back when the figure starts
    with one (-2.7%); the quote stays as the article writes it (`files.spreadsheet_cell` would
    have to change it)."""
    while start < q.start and text[start] in FORMULA_START:
        start += 1
    if spreadsheet_cell(text[start:end]) != text[start:end] and start > lo:
        start -= 1
    return start


def _alone(article, q: Quantity, start: int, end: int) -> tuple[int, int]:
    """``start:end`` narrowed so that no other figure in it is written as ``q`` is."""
    for other in article.mentions_within(start, end):
        if other is q or other.text != q.text or not (start <= other.start and other.end <= end):
            continue
        if other.start < q.start:
            cut = max(article.text.rfind(ch, other.end, q.start) for ch in CLAUSE_END + _WEAK)
            start = _after_edge(article.text, max(cut + 1, other.end), q.start)
        else:
            end = q.end
    return start, end
