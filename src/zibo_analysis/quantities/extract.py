"""find_quantities: one scan of the text by one compiled pattern, Python work per match only."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from zibo_analysis.hanzi import to_simplified
from zibo_analysis.quantities import numerals, pattern
from zibo_analysis.quantities.numerals import CN_LEAD, MAX_RUN_CHARS, SCALES, TOO_LARGE
from zibo_analysis.quantities.pattern import UNIT_BEFORE_REACH
from zibo_analysis.quantities.units import ARABIC_ONLY, COUNT_CLASSIFIERS, unit_name
from zibo_analysis.quantities.visible import visible

QUALIFIERS = ("exact", "more_than", "at_least", "nearly", "about", "at_most", "less_than")


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity mention: ``text[start:end] == quantity.text``."""

    start: int
    end: int
    text: str
    value: int | float
    unit: str
    qualifier: str


# Tables of data, kept aligned (fmt: skip): a line per meaning, its words side by side.
_PRE_QUALIFIER = {
    "超过": "more_than", "逾": "more_than", "超": "more_than", "突破": "more_than",
    "大于": "more_than", "多于": "more_than",
    "不少于": "at_least", "不低于": "at_least", "至少": "at_least",
    "近": "nearly", "接近": "nearly", "将近": "nearly",
    "约": "about", "大约": "about",
    "不超过": "at_most", "不高于": "at_most", "控制在": "at_most",
    "不到": "less_than", "不足": "less_than", "小于": "less_than", "少于": "less_than",
}  # fmt: skip
_POST_QUALIFIER = {
    "以上": "at_least", "及以上": "at_least", "或以上": "at_least",
    "以内": "at_most", "之内": "at_most", "内": "at_most",
    "的目标内": "at_most", "的范围内": "at_most",
    "以下": "at_most", "及以下": "at_most", "或以下": "at_most",
    "左右": "about", "上下": "about",
}  # fmt: skip
_ASCII_NEIGHBOUR = re.compile(r"[A-Za-z_]")
_GROUPS = "pre post more more2 pct_cn frac_num num unit scale scale2".split()
_FROM = frozenset("从從由")  # 从1亿剂次到2亿剂次: from one figure to another, not a range


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity mention in ``text``, left to right, never overlapping.

    Simplified and traditional script are read alike; offsets index ``text`` as given.

    >>> q = find_quantities("农村两癌筛查覆盖率已达91.27%")[0]
    >>> (q.value, q.unit, q.qualifier, q.start, q.end)
    (91.27, 'percent', 'exact', 11, 17)
    >>> [(q.text, q.value, q.unit) for q in find_quantities("累計接種3億5857.6萬劑次")]
    [('3億5857.6萬劑次', 358576000, '剂次')]

    A run of digits or numerals longer than any real quantity is passed over whole:

    >>> [q.text for q in find_quantities("编号" + "9" * 40 + "5元, 共3人")]
    ['3人']

    A number is read as a reader sees it: characters that show nothing inside it are
    passed over, and one that may show in another order is not read (see `visible`):

    >>> [(q.start, q.end, q.value) for q in find_quantities("共1\u200b2.5万人")]
    [(1, 8, 125000)]
    """
    seen = visible(text)
    if not seen.starts:  # nothing invisible in it
        return _find(text)
    found = []
    for q in _find(seen.text):
        start, end = seen.span(q.start, q.end)
        if not seen.hidden(start, end):
            found.append(Quantity(start, end, text[start:end], q.value, q.unit, q.qualifier))
    return found


def _find(text: str) -> list[Quantity]:
    """The quantities of ``text`` as scanned, offsets into it."""
    found: list[Quantity] = []
    if pattern.CLUSTER_HINT.search(text) is None:  # as in every real text
        _scan(text, 0, len(text), found)
        return found
    start = 0
    for skip_start, skip_end in long_clusters(text):
        _scan(text, start, skip_start, found)
        start = skip_end
    _scan(text, start, len(text), found)
    return found


def long_clusters(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the clusters of number characters that hold a run too long to be a number.

    >>> text = "共" + "1" * 21 + "元, " + "1" * 20 + "元, 1" + ",000" * 7 + ",0001元, 一" + "万" * 40
    >>> [text[start:end] for start, end in long_clusters(text)] == [
    ...     "1" * 21, "1" + ",000" * 7 + ",0001", "一" + "万" * 40]
    True
    >>> list(long_clusters("分别为1200,1350,1500,1650,1800,1950家"))  # a list, each number short
    []
    """
    pos = 0
    while (hint := pattern.CLUSTER_HINT.search(text, pos)) is not None:
        start = hint.start()
        pos = pattern.CLUSTER_REST.match(text, start).end()
        if _holds_long_run(text, start, pos):
            yield start, pos


def _holds_long_run(text: str, pos: int, endpos: int) -> bool:
    """Whether ``text[pos:endpos]`` holds a run too long to be a number.

    >>> _holds_long_run("9" * 21, 0, 21), _holds_long_run("9" * 20 + "元", 0, 21)
    (True, False)
    """
    while (hint := pattern.RUN_HINT.search(text, pos, endpos)) is not None:
        start = hint.start()
        pos = pattern.RUN_REST.match(text, start, endpos).end()
        if pos - start > MAX_RUN_CHARS or pattern.MANY_DIGITS.match(text, start, pos):
            return True
    return False


def _scan(text: str, pos: int, endpos: int, found: list[Quantity]) -> None:
    """Append the quantities in ``text[pos:endpos]`` to ``found``, scanning as the module says."""
    search, match = pattern.ANCHOR.search, pattern.PATTERN.match
    while (anchor := search(text, pos, endpos)) is not None:
        pos = anchor.start()
        m = match(text, pos, endpos)
        if m is None or m.end() == pos:
            pos += 1
            continue
        pos = m.end()
        if m.group("num") is None and m.group("pct_num") is None:
            continue  # a date, a name, a phone number...: not a quantity
        if m.group("range") is not None:
            if text[m.start() - 1 : m.start()] not in _FROM:
                continue  # 3万至5万元, 12~17岁: a rough range, not a number
            pos = m.start("range")  # the figure it goes to is read next
        quantity = _to_quantity(m, text, pos)
        if quantity is not None:
            found.append(quantity)


def _to_quantity(m: re.Match[str], text: str, end: int) -> Quantity | None:
    start = m.start()
    if (start > 0 and _ASCII_NEIGHBOUR.match(text, start - 1)) or _ASCII_NEIGHBOUR.match(text, end):
        return None  # part of a product or code name: Mate80Pro, COVID-19
    pre, post, more, more2, pct_cn, frac_num, num, unit_word, scale, scale2 = m.group(*_GROUPS)
    if end != m.end():
        post = None  # a trailing qualifier belongs to the figure the range goes to
    pre, post, more = _simple(pre), _simple(post), more or more2
    if pct_cn:
        value = numerals.parse_chinese_numeral(m.group("pct_num"))
        unit = "percent" if _simple(pct_cn) == "百分之" else "per_mille"
    elif frac_num:
        value = _fraction(frac_num, num)
        unit = "percent"
    else:
        number, unit_word, scale = _simple(num), _simple(unit_word), _simple(scale or scale2)
        arabic = number[0] not in CN_LEAD
        if unit_word in ARABIC_ONLY and not arabic:
            return None  # 十分 (very), not ten points
        if not (arabic or unit_word or scale or numerals.has_scale(number)):
            return None  # a bare Chinese numeral is a word (三优三强, 二十大), not a quantity
        if not arabic and numerals.is_approximate(number):
            return None  # 两三次, 五六十人: a rough range, not a number
        if number == "一" and unit_word in COUNT_CLASSIFIERS and not (pre or post or more):
            return None  # 一批, 一项, 一起: the indefinite article, not a count
        if (
            arabic
            and not (unit_word or scale or pre or post or more)
            and _item_number(text, start, end)
        ):
            return None  # 1、总体情况, （2）: the number of a list item
        value = numerals.arabic(number) if arabic else numerals.parse_chinese_numeral(number)
        if denominator := m.group("den"):
            value = _arabic_fraction(number, denominator, arabic and not (scale or more))
            if value is None:
                return None  # 2016/17 (a fiscal year), 24/7: not a fraction of a whole
            unit_word = "%"
        elif wan_part := m.group("wan_part"):  # 3亿5857.6万
            value = value * SCALES["亿"] + numerals.arabic(wan_part) * SCALES["万"]
        elif wan_lower := m.group("wan_lower"):  # 8萬4,512: 84,512
            value = value * SCALES["万"] + numerals.arabic(wan_lower.replace(",", ""))
        elif zhao_part := m.group("zhao_part"):  # 2兆1,300億: a trillion is 兆 where 億 follows
            value = (
                value * SCALES["万亿"] + numerals.arabic(zhao_part.replace(",", "")) * SCALES["亿"]
            )
        elif scale:
            value *= SCALES[scale]
        if unit_word and unit_word.endswith("成"):
            value *= 10
        if m.group("minus"):
            value = -value
        unit = unit_name(unit_word) or _unit_before(text, start)
    if abs(value) >= TOO_LARGE:
        return None  # 一亿亿亿元, 99999999999999999999万亿元: no real quantity is that large
    qualifier = "exact"
    if more:
        qualifier = "more_than"
    if pre:
        qualifier = _PRE_QUALIFIER[pre]
    if post:
        qualifier = _POST_QUALIFIER[post]
    return Quantity(start, end, text[start:end], numerals.plain_number(value), unit, qualifier)


_ITEM_AFTER = frozenset("、．.）)")
_ITEM_BEFORE = frozenset("\n。；;：:")


def _item_number(text: str, start: int, end: int) -> bool:
    """Whether the number at ``start:end`` numbers a list item: it opens a line or follows a
    full stop, semicolon or colon (behind an opening bracket and spaces, if any), and 、, a
    dot or a closing bracket follows it.

    >>> _item_number("1、总体情况", 0, 1), _item_number("（2）措施", 1, 2), _item_number("共3、4家", 1, 2)
    (True, True, False)
    """
    if end >= len(text) or text[end] not in _ITEM_AFTER:
        return False
    i = start - 1
    if i >= 0 and text[i] in "（(":
        i -= 1
    while i >= 0 and text[i] in " \t\u3000":
        i -= 1
    return i < 0 or text[i] in _ITEM_BEFORE


def _simple(part: str | None) -> str:
    """``part`` in simplified script."""
    if not part or part.isascii():
        return part or ""
    return _simplified(part)


@functools.lru_cache(maxsize=4096)  # matched words repeat; bounded for a corpus of any size
def _simplified(part: str) -> str:
    return to_simplified(part)


def _fraction(numerator: str, denominator: str) -> Decimal:
    """三分之一 as a percentage."""
    top = numerals.parse_chinese_numeral(_simple(numerator))
    bottom = numerals.parse_chinese_numeral(_simple(denominator))
    return top * 100 / bottom if bottom else Decimal(0)


def _arabic_fraction(number: str, denominator: str, plain: bool) -> Decimal | None:
    """1/20 as a percentage, when it is one: a whole numerator below the denominator."""
    if not plain or not number.isdigit() or len(number) > 3:
        return None
    top, bottom = numerals.arabic(number), numerals.arabic(denominator)
    if not 0 < top < bottom:
        return None
    return (top * 100 / bottom).quantize(Decimal("0.0001")).normalize()


def _unit_before(text: str, start: int) -> str:
    """The measure word that ends the noun before a number with no unit of its own.

    >>> _unit_before("全国医疗卫生机构总诊疗人次95.5亿", 13), _unit_before("接種總人數達到12億", 7)
    ('人次', '人')
    """
    lo = max(0, start - UNIT_BEFORE_REACH)
    m = pattern.UNIT_BEFORE_REVERSED.match(text[lo:start][::-1])
    if m is None:
        return ""
    if m.group("staff"):
        return "人"
    return _simple((m.group("times") or m.group("counted"))[::-1])
