"""Numbers written in Arabic digits or Chinese numerals, read exactly.

Every function here takes simplified script; the extractor passes what it matched
through :func:`zibo_analysis.hanzi.to_simplified` first (萬 → 万, 兩 → 两, 點 → 点).
"""

from __future__ import annotations

from decimal import Decimal

from zibo_analysis.hanzi import to_simplified

# China's GDP is about 1.3e14 yuan (15 digits); 20 digits leave five orders of magnitude
# to spare, hold a 64-bit integer, and keep every conversion small and every float finite.
MAX_NUMBER_DIGITS = 20
# Numerals with place words are longer: 10**16 - 1 written out (九千九百九十九万九千…) takes 31.
MAX_RUN_CHARS = 2 * MAX_NUMBER_DIGITS
TOO_LARGE = Decimal(10) ** MAX_NUMBER_DIGITS

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_DIGIT_CHARS = "零〇一二两三四五六七八九"
CN_LEAD = CN_DIGIT_CHARS + "十"  # a Chinese numeral starts with one of these
CN_BODY = CN_LEAD + "百千万亿"
POINT = "点"
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "亿": 10**8}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

SCALES = {
    "万亿": Decimal(10**12),
    "千万": Decimal(10**7),
    "百万": Decimal(10**6),
    "万": Decimal(10**4),
    "亿": Decimal(10**8),
    "千": Decimal(1000),
}


def parse_chinese_numeral(numeral: str) -> Decimal:
    """Value of a numeral written in Chinese characters, exactly.

    >>> int(parse_chinese_numeral("一万二千")), int(parse_chinese_numeral("一百零八"))
    (12000, 108)
    >>> parse_chinese_numeral("九十一点五"), parse_chinese_numeral("九十一點五")
    (Decimal('91.5'), Decimal('91.5'))
    """
    numeral = to_simplified(numeral)
    integer_part, point, fraction = numeral.partition(POINT)
    value = Decimal(_chinese_integer(integer_part))
    if point:
        digits = "".join(str(CN_DIGITS[ch]) for ch in fraction)
        value += Decimal("0." + digits) if digits else 0
    return value


def _chinese_integer(s: str) -> int:
    if s and all(ch in CN_DIGITS for ch in s) and len(s) > 1:
        return int("".join(str(CN_DIGITS[ch]) for ch in s))  # 二〇二一: digit by digit
    total = 0  # finished part at the 亿 level
    wan = 0  # finished part at the 万 level, below 亿
    section = 0  # below 万
    digit = 0
    last_unit = 1
    zero_seen = False
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
            zero_seen = zero_seen or digit == 0
        elif ch in _SMALL_UNITS:
            last_unit = _SMALL_UNITS[ch]
            section += (digit or 1) * last_unit  # 十二: a leading 十 means 一十
            digit, zero_seen = 0, False
        else:  # 万 or 亿
            big = _BIG_UNITS[ch]
            if big == 10**4:
                wan = (section + digit) * big
            else:
                total = (total + wan + section + digit) * big
                wan = 0
            last_unit = big
            section, digit, zero_seen = 0, 0, False
    if digit and not zero_seen and last_unit >= 10 and s and s[-2:-1] not in CN_DIGITS:
        digit *= last_unit // 10  # 一万二 = 12000, 三千五 = 3500
    return total + wan + section + digit


def arabic(number: str) -> Decimal:
    """Value of a number in Arabic digits, full-width or not, with thousands separators.

    >>> arabic("1,250"), arabic("９１．２７")
    (Decimal('1250'), Decimal('91.27'))
    """
    return Decimal(number.translate(_FULLWIDTH).replace(",", ""))


def has_scale(numeral: str) -> bool:
    """三十万 or 一亿, standing alone, is a number; 二十 (二十大) or 十九 (十九届) is a name."""
    return len(numeral) > 1 and any(ch in "万亿" for ch in numeral)


def is_approximate(numeral: str) -> bool:
    """Two neighbouring digits in a row (两三, 五六十, 七八) give a rough range, not a number.

    >>> is_approximate("五六十"), is_approximate("三十八")
    (True, False)
    """
    digits = [CN_DIGITS.get(ch) for ch in numeral]
    return any(
        a is not None and b is not None and a != 0 and b == a + 1
        for a, b in zip(digits, digits[1:], strict=False)
    )


def plain_number(value: Decimal) -> int | float:
    """An int when the value is whole, else a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
