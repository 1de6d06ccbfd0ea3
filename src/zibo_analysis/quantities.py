"""Find quantity mentions in Chinese press-release text.

The whole text is scanned once by one compiled pattern. At each position the
pattern first tries the things that look like numbers but are not quantities
(dates, clock times, phone and hotline numbers, quoted names, ordinals,
formulas such as 1+3+10+N); whatever they match is consumed and dropped. Only
then does it try a quantity: an optional leading qualifier, a number in Arabic
or Chinese numerals, a scale word, 余/多, a unit and a trailing qualifier.
Python work happens only per match.

A run of number characters (digits, Chinese numerals, decimal points, thousands
separators) with more than ``MAX_NUMBER_DIGITS`` digits, or more than twice as many
characters (万万万 has no digits), is longer than any real quantity. Before the scan it
is cut out, with whatever digits a point or comma glues to it, so that nothing in it is
matched, converted or read as a number of its own. A number whose value reaches
10**MAX_NUMBER_DIGITS (一亿亿亿元) is no quantity either. So every value is finite, and
the time taken grows linearly with the text, whatever the text.

>>> [(q.text, q.value, q.unit, q.qualifier) for q in find_quantities("发放创业担保组合贷近1.55亿元")]
[('近1.55亿元', 155000000, 'yuan', 'nearly')]
>>> find_quantities("累计开展门诊服务12.8万人次")[0].value
128000
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "Quantity",
    "find_quantities",
    "parse_chinese_numeral",
    "QUALIFIERS",
    "MAX_NUMBER_DIGITS",
]

QUALIFIERS = ("exact", "more_than", "at_least", "nearly", "about", "at_most", "less_than")

# China's GDP is about 1.3e14 yuan (15 digits); 20 digits leave five orders of magnitude
# to spare, hold a 64-bit integer, and keep every conversion small and every float finite.
MAX_NUMBER_DIGITS = 20
# Numerals with place words are longer: 10**16 - 1 written out (九千九百九十九万九千…) takes 31.
_MAX_RUN_CHARS = 2 * MAX_NUMBER_DIGITS


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity mention: ``text[start:end] == quantity.text``."""

    start: int
    end: int
    text: str
    value: int | float
    unit: str
    qualifier: str


# ---------------------------------------------------------------- numerals --

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_POINT = "点點"
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")


def parse_chinese_numeral(numeral: str) -> Decimal:
    """Value of a numeral written in Chinese characters, exactly.

    >>> int(parse_chinese_numeral("一万二千")), int(parse_chinese_numeral("一百零八"))
    (12000, 108)
    >>> parse_chinese_numeral("九十一点五")
    Decimal('91.5')
    """
    integer_part, point, fraction = _split_point(numeral)
    value = Decimal(_chinese_integer(integer_part))
    if point:
        digits = "".join(str(_CN_DIGITS[ch]) for ch in fraction)
        value += Decimal("0." + digits) if digits else 0
    return value


def _split_point(numeral: str) -> tuple[str, str, str]:
    for i, ch in enumerate(numeral):
        if ch in _POINT:
            return numeral[:i], ch, numeral[i + 1 :]
    return numeral, "", ""


def _chinese_integer(s: str) -> int:
    if s and all(ch in _CN_DIGITS for ch in s) and len(s) > 1:
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))  # 二〇二一: digit by digit
    total = 0  # finished part at the 亿 level
    wan = 0  # finished part at the 万 level, below 亿
    section = 0  # below 万
    digit = 0
    last_unit = 1
    zero_seen = False
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
            zero_seen = zero_seen or digit == 0
        elif ch in _CN_SMALL_UNITS:
            last_unit = _CN_SMALL_UNITS[ch]
            section += (digit or 1) * last_unit  # 十二: a leading 十 means 一十
            digit, zero_seen = 0, False
        else:  # 万 or 亿
            big = _CN_BIG_UNITS[ch]
            if big == 10**4:
                wan = (section + digit) * big
                last_unit = big
            else:
                total = (total + wan + section + digit) * big
                wan = 0
                last_unit = big
            section, digit, zero_seen = 0, 0, False
    if digit and not zero_seen and last_unit >= 10 and s and s[-2:-1] not in _CN_DIGITS:
        digit *= last_unit // 10  # 一万二 = 12000, 三千五 = 3500
    return total + wan + section + digit


def _arabic(number: str) -> Decimal:
    return Decimal(number.translate(_FULLWIDTH).replace(",", ""))


_SCALES = {
    "万亿": Decimal(10**12), "萬億": Decimal(10**12), "千万": Decimal(10**7),
    "百万": Decimal(10**6), "万": Decimal(10**4), "萬": Decimal(10**4),
    "亿": Decimal(10**8), "億": Decimal(10**8), "千": Decimal(1000),
}  # fmt: skip

# ---------------------------------------------------------------- pattern --

_D = "[0-9０-９]"
_ARABIC = rf"(?:{_D}{{1,3}}(?:,{_D}{{3}})+(?!{_D})|{_D}++)(?:[.．]{_D}++)?"  # ，is a list comma, never a separator
_CN_LEAD = "零〇一二两兩三四五六七八九十"
_CN_BODY = "零〇一二两兩三四五六七八九十百千万萬亿億"
_CN_DIGIT_CHARS = "零〇一二两兩三四五六七八九"
_CHINESE = rf"[{_CN_LEAD}][{_CN_BODY}]*+(?:[{_POINT}][{_CN_DIGIT_CHARS}]+)?"
_NUMBER = rf"(?:{_ARABIC}|{_CHINESE})"

# Longest first, so that 个百分点 wins over 个 and 人次 over 人.
_UNITS = sorted(
    """个百分点 百分点 平方米 平方公里 公里 千米 千克 公斤 人次 家次 剂次 场次 批次 户次 项次 件次
    余次 个月 周年 周岁 小时 分钟 课时 学时 床位 个 名 人 家 处 张 辆 项 期 场 次 条 份 件 户 批 支
    册 种 类 所 座 床 层 岁 天 年 周 篇 台 套 位 组 间 例 部 门 米 亩 吨 起 元 倍 轮 秒 元""".split(),
    key=len,
    reverse=True,
)
_UNIT = "|".join(u + "(?!间|限|待|望)" if u == "期" else u for u in dict.fromkeys(_UNITS))
_TIME_SPAN = rf"(?:{_D}+|[{_CN_LEAD}]+)(?:年|个月|天|周|日)"
_PRE = rf"超过|不少于|不低于|不超过|不高于|不到|不足|至少|接近|将近|大约|突破|逾|超(?!额|前|标|期|市|龄|重|大|高|级|声|薄)|(?<![最附临亲靠])近(?!{_TIME_SPAN})|(?<![签预合节制公条契邀履违特相失赴应])约"
_POST = "及以上|以上|及以下|以内|以下|左右|上下"
_SEP = r"[~～\-—–－至到]"

# Every alternative below starts with one of these characters. Searching for
# them with a single character class is ~20 times faster than letting the
# full pattern try each of its alternatives at every position. The check after
# the class passes over the common characters that start no alternative where
# they stand (大 but not 大约, 不 but not 不到, a letter not before +): on real
# text that saves four tries in ten, and runs of such characters cost no Python.
_FIRST = rf"0-9０-９A-Za-z{_CN_LEAD}“‘「『《第周星礼百超不至接将大突逾近约"
_ANCHOR = re.compile(
    rf"""[{_FIRST}]
    (?: (?<=[0-9０-９{_CN_LEAD}“‘「『《超逾近约])
      | (?<=第)(?=[0-9０-９{_CN_LEAD}]) | (?<=周)(?=[一二三四五六日天]) | (?<=星)(?=期) | (?<=礼)(?=拜)
      | (?<=百)(?=分之) | (?<=不)(?=[少低超高到足]) | (?<=至)(?=少) | (?<=接)(?=近) | (?<=将)(?=近)
      | (?<=大)(?=约) | (?<=突)(?=破) | (?<=[A-Za-z])(?=\s*[+＋]) )""",
    re.VERBOSE,
)

_PATTERN = re.compile(
    rf"""
    # ---- not quantities: matched so that they are consumed, then dropped
      (?P<quoted>[“‘「『《][^“”‘’「」『』《》\n]{{0,50}}[”’」』》])
    | (?P<isodate>{_D}{{4}}[-/.]{_D}{{1,2}}[-/.]{_D}{{1,2}}(?:\s+{_D}{{1,2}}:{_D}{{2}}(?::{_D}{{2}})?)?)
    | (?P<clock>{_D}{{1,2}}[:：]{_D}{{2}}(?:[:：]{_D}{{2}})?)
    | (?P<phone>(?<!{_D})0{_D}{{2,3}}-{_D}{{7,8}}(?!{_D}))
    | (?P<hotline>(?<!{_D})123{_D}{{2}}(?!{_D})(?=热线|政务|便民|服务热线|专线|电话))
    | (?P<ordinal>第{_NUMBER})
    | (?P<weekday>(?:周|星期|礼拜)[一二三四五六日天])
    | (?P<formula>(?:{_NUMBER}|[A-Za-z])(?:\s*[+＋]\s*(?:{_NUMBER}|[A-Za-z])(?:[(（][^()（）]{{0,20}}[)）])?)++)
    | (?P<date>(?:{_D}{{4}}|[二〇零一二三四五六七八九]{{4}})年(?:度|底|初|末)?
               (?:{_NUMBER}月(?:份|底|初|末|上旬|中旬|下旬)?(?:{_NUMBER}[日号])?)?
      | {_NUMBER}{_SEP}{_NUMBER}月
      | {_NUMBER}月(?:份|底|初|末|上旬|中旬|下旬)?(?:{_NUMBER}[日号])?
      | {_NUMBER}[日号])
    | (?P<range>{_NUMBER}(?:万|亿|千)?(?:{_UNIT}|[%％])?\s*{_SEP}\s*{_NUMBER}(?:万|亿|千)?(?:{_UNIT}|[%％])?)
    | (?P<festival>(?:0?[1-9]|1[0-2])[.．](?:0?[1-9]|[12][0-9]|3[01])(?!{_D}|万|亿|千|{_UNIT})(?=[\u4e00-\u9fff]{{0,6}}节(?![约省能俭制奏点目])))
    # ---- a quantity
    | (?:(?P<pre>{_PRE})(?:\*\*)?)?
      (?:
          (?P<pct_cn>百分之)(?P<pct_num>{_NUMBER})
        | (?P<num>{_NUMBER})
          (?:\*\*)?                             # Markdown bold around the digits
          (?P<scale>万亿|萬億|千万|百万|万|萬|亿|億|千(?![米克瓦]))?
          (?P<more>余|多)?
          (?P<scale2>万|萬|亿|億)?
          (?P<unit>个(?P<more2>多)?百分点|百分点|[%％]|成(?![员本果立为功效绩就熟年人])|{_UNIT})?
      )
      (?P<post>{_POST})?
    """,
    re.VERBOSE,
)

# A run: number characters as the pattern above reads them into one number, with a
# point only before a digit and a comma only before a group of three. A cluster: runs
# glued by points or commas (1,000,000,0001; 1.2.3.4). A run with more than
# MAX_NUMBER_DIGITS digits or _MAX_RUN_CHARS characters makes its whole cluster pass
# over, so that no end of it is read as a number of its own; a list such as
# 1200,1350,1500 stays three numbers. Every long run lies in a cluster of
# MAX_NUMBER_DIGITS + 1 characters or more: searching for one, first character from a
# plain class, costs a few per cent of a scan on real text and finds none.
_RUN_DIGITS = f"0-9０-９{_CN_DIGIT_CHARS}"
_RUN_CHAR = f"{_RUN_DIGITS}十百千万萬亿億{_POINT}"
_RUN_SEPARATOR = rf"[.．](?={_D})|,(?={_D}{{3}}(?!{_D}))"
_RUN_HINT = re.compile(rf"[{_RUN_CHAR}](?:[{_RUN_CHAR}]|{_RUN_SEPARATOR}){{{MAX_NUMBER_DIGITS}}}")
_RUN_REST = re.compile(rf"(?:[{_RUN_CHAR}]++|{_RUN_SEPARATOR})*+")
_CLUSTER_SEPARATOR = rf"[.．,](?=[{_RUN_CHAR}])"
_CLUSTER_HINT = re.compile(
    rf"[{_RUN_CHAR}](?:[{_RUN_CHAR}]|{_CLUSTER_SEPARATOR}){{{MAX_NUMBER_DIGITS}}}"
)
_CLUSTER_REST = re.compile(rf"(?:[{_RUN_CHAR}]++|{_CLUSTER_SEPARATOR})*+")
_MANY_DIGITS = re.compile(rf"(?:[^{_RUN_DIGITS}]*+[{_RUN_DIGITS}]){{{MAX_NUMBER_DIGITS + 1}}}")
_TOO_LARGE = Decimal(10) ** MAX_NUMBER_DIGITS

_PRE_QUALIFIER = {
    "超过": "more_than", "逾": "more_than", "超": "more_than", "突破": "more_than",
    "不少于": "at_least", "不低于": "at_least", "至少": "at_least",
    "近": "nearly", "接近": "nearly", "将近": "nearly",
    "约": "about", "大约": "about",
    "不超过": "at_most", "不高于": "at_most",
    "不到": "less_than", "不足": "less_than",
}  # fmt: skip
_POST_QUALIFIER = {
    "以上": "at_least", "及以上": "at_least", "以内": "at_most",
    "以下": "at_most", "及以下": "at_most", "左右": "about", "上下": "about",
}  # fmt: skip
# After 一 these classifiers usually read as "a": 确定了一批专科, 一项重点内容.
_ARTICLE_CLASSIFIERS = frozenset(
    "批 项 个 种 次 场 位 名 家 处 条 件 支 类 所 部 门 期 组 套".split()
)
_ASCII_NEIGHBOUR = re.compile(r"[A-Za-z_]")


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity mention in ``text``, left to right, never overlapping.

    >>> q = find_quantities("农村两癌筛查覆盖率已达91.27%")[0]
    >>> (q.value, q.unit, q.qualifier, q.start, q.end)
    (91.27, 'percent', 'exact', 11, 17)
    >>> [q.unit for q in find_quantities("低于省控目标1.3个百分点")]
    ['percentage_point']

    A run of digits or numerals longer than any real quantity is passed over whole:

    >>> [q.text for q in find_quantities("编号" + "9" * 40 + "5元, 共3人")]
    ['3人']
    """
    found: list[Quantity] = []
    if _CLUSTER_HINT.search(text) is None:  # as in every real text
        _scan(text, 0, len(text), found)
        return found
    start = 0
    for skip_start, skip_end in _long_clusters(text):
        _scan(text, start, skip_start, found)
        start = skip_end
    _scan(text, start, len(text), found)
    return found


def _long_clusters(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the clusters of number characters that hold a run too long to be a number.

    >>> text = "共" + "1" * 21 + "元, " + "1" * 20 + "元, 1" + ",000" * 7 + ",0001元, 一" + "万" * 40
    >>> [text[start:end] for start, end in _long_clusters(text)] == [
    ...     "1" * 21, "1" + ",000" * 7 + ",0001", "一" + "万" * 40]
    True
    >>> list(_long_clusters("分别为1200,1350,1500,1650,1800,1950家"))  # a list, each number short
    []
    """
    pos = 0
    while (hint := _CLUSTER_HINT.search(text, pos)) is not None:
        start = hint.start()
        pos = _CLUSTER_REST.match(text, start).end()
        if _holds_long_run(text, start, pos):
            yield start, pos


def _holds_long_run(text: str, pos: int, endpos: int) -> bool:
    """Whether ``text[pos:endpos]`` holds a run too long to be a number.

    >>> _holds_long_run("9" * 21, 0, 21), _holds_long_run("9" * 20 + "元", 0, 21)
    (True, False)
    """
    while (hint := _RUN_HINT.search(text, pos, endpos)) is not None:
        start = hint.start()
        pos = _RUN_REST.match(text, start, endpos).end()
        if pos - start > _MAX_RUN_CHARS or _MANY_DIGITS.match(text, start, pos):
            return True
    return False


def _scan(text: str, pos: int, endpos: int, found: list[Quantity]) -> None:
    """Append the quantities in ``text[pos:endpos]`` to ``found``, scanning as the module says."""
    search, match = _ANCHOR.search, _PATTERN.match
    while (anchor := search(text, pos, endpos)) is not None:
        pos = anchor.start()
        m = match(text, pos, endpos)
        if m is None or m.end() == pos:
            pos += 1
            continue
        pos = m.end()
        if m.group("num") is None and m.group("pct_num") is None:
            continue  # a date, a name, a phone number...: not a quantity
        quantity = _to_quantity(m, text)
        if quantity is not None:
            found.append(quantity)


def _to_quantity(m: re.Match[str], text: str) -> Quantity | None:
    start, end = m.span()
    if (start > 0 and _ASCII_NEIGHBOUR.match(text, start - 1)) or _ASCII_NEIGHBOUR.match(text, end):
        return None  # part of a product or code name: Mate80Pro, COVID-19
    pre, post, more = m.group("pre"), m.group("post"), m.group("more") or m.group("more2")
    if m.group("pct_cn"):
        number, unit_word, scale = m.group("pct_num"), "%", None
    else:
        number, unit_word = m.group("num"), m.group("unit")
        scale = m.group("scale") or m.group("scale2")
    arabic = number[0] not in _CN_LEAD
    if not (arabic or unit_word or scale or m.group("pct_cn") or _has_scale(number)):
        return None  # a bare Chinese numeral is a word (三优三强, 二十大), not a quantity
    if not arabic and _is_approximate(number):
        return None  # 两三次, 五六十人: a rough range, not a number
    if number == "一" and unit_word in _ARTICLE_CLASSIFIERS and not (pre or post or more):
        return None  # 一批, 一项: the indefinite article, not a count
    value = _arabic(number) if arabic else parse_chinese_numeral(number)
    if scale:
        value *= _SCALES[scale]
    unit = _normalise_unit(unit_word)
    if unit_word == "成" or (unit_word and unit_word.endswith("成")):
        value *= 10
    if value >= _TOO_LARGE:
        return None  # 一亿亿亿元, 99999999999999999999万亿元: no real quantity is that large
    qualifier = "exact"
    if more:
        qualifier = "more_than"
    if pre:
        qualifier = _PRE_QUALIFIER[pre]
    if post:
        qualifier = _POST_QUALIFIER[post]
    return Quantity(start, end, text[start:end], _plain_number(value), unit, qualifier)


def _has_scale(numeral: str) -> bool:
    """三十万 or 一亿, standing alone, is a number; 二十 (二十大) or 十九 (十九届) is a name."""
    return len(numeral) > 1 and any(ch in "万萬亿億" for ch in numeral)


def _is_approximate(numeral: str) -> bool:
    """Two neighbouring digits in a row (两三, 五六十, 七八) give a rough range, not a number."""
    digits = [_CN_DIGITS.get(ch) for ch in numeral]
    return any(
        a is not None and b is not None and a != 0 and b == a + 1
        for a, b in zip(digits, digits[1:], strict=False)
    )


def _normalise_unit(unit_word: str | None) -> str:
    if not unit_word:
        return ""
    if unit_word in ("%", "％", "成"):
        return "percent"
    if unit_word in ("个百分点", "个多百分点", "百分点"):
        return "percentage_point"
    if unit_word == "元":
        return "yuan"
    return unit_word


def _plain_number(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    return float(value)
