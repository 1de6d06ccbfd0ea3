"""Where a sentence and a clause of Chinese text end: defined once, for every stage.

A sentence ends at 。！？；(and their half-width forms !?;). A line break ends one only
where the line before it ends with such punctuation, or is a heading (a line of
`HEADING_MAX` characters or fewer): press releases copied from web pages break lines in
the middle of sentences (``为4648人提供\\n上门送医送药``), and such a break joins the two
lines into one sentence. A blank line ends nothing by itself. A clause ends where a
sentence does, and at a comma or a colon (，,：:); `LIST_MARK` (、) separates the items of
an enumeration within a clause. Traditional script uses the same marks.

Spans exclude the marks that bound them: the sentence around a figure is the text
between the previous end and the next.

>>> text = "全市建成工作站102个，派出专家353名。今年新增就业5.53万人。"
>>> a, b = sentence_span(text, 7, 11); text[a:b]
'全市建成工作站102个，派出专家353名'
>>> a, b = clause_span(text, 7, 11); text[a:b]
'全市建成工作站102个'
>>> broken = "全市累计开展健康义诊和巡回医疗服务三千余场次，为4648人提供\\n上门送医送药服务。"
>>> a, b = sentence_span(broken, 25, 29); broken[a:b].splitlines()
['全市累计开展健康义诊和巡回医疗服务三千余场次，为4648人提供', '上门送医送药服务']
"""

from __future__ import annotations

SENTENCE_END = "。！？!?；;"
CLAUSE_END = SENTENCE_END + "，,：:"
LIST_MARK = "、"
HEADING_MAX = 30  # a line this short without final punctuation is a heading


def ends_sentence(text: str, i: int) -> bool:
    """Whether a sentence ends at ``text[i]`` (see the module's docstring).

    >>> ends_sentence("目标\\n全市", 2), ends_sentence("x" * 40 + "\\n全市", 40), ends_sentence("好。\\n", 2)
    (True, False, True)
    """
    ch = text[i]
    if ch in SENTENCE_END:
        return True
    if ch != "\n":
        return False
    line = text[text.rfind("\n", 0, i) + 1 : i].strip()
    return bool(line) and (line[-1] in SENTENCE_END or len(line) <= HEADING_MAX)


def ends_clause(text: str, i: int) -> bool:
    """Whether a clause ends at ``text[i]``: where a sentence does, or at a comma or colon."""
    return text[i] in CLAUSE_END or ends_sentence(text, i)


def ends_item(text: str, i: int) -> bool:
    """Whether an item of an enumeration ends at ``text[i]``: at 、 or where a clause ends."""
    return text[i] == LIST_MARK or ends_clause(text, i)


def _span(text: str, start: int, end: int, ends) -> tuple[int, int]:
    left = start
    while left > 0 and not ends(text, left - 1):
        left -= 1
    right = end
    while right < len(text) and not ends(text, right):
        right += 1
    return left, right


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``, without the marks that end it."""
    return _span(text, start, end, ends_sentence)


def clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: as a sentence, but commas and colons end it too."""
    return _span(text, start, end, ends_clause)
