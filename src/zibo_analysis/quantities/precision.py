"""How precisely a figure was printed: the step between two values that print differently.

A figure is rounded to its last printed digit, in its own unit: 93.07% stands for anything
from 93.065 to 93.075 (a step of 0.01), 12.8万人次 for 127,500 to 128,500 (a step of 1,000),
3亿5857.6万剂次 to the thousand (the last digit is a tenth of 万), 1,250万元 to the 万. A count
of things printed digit by digit (37家, 2,615处, 一百零八支) was not rounded: its step is 0.
A share always was, however it is printed (19% is 18.5 to 19.5, 九成 is 85 to 95).

This is the one reading of printed precision: the coverage, quality and table code all
ask it. Thousands separators (``2,615``), full-width digits (``９３．０７％``) and 亿/万
compounds are read as the extractor reads them.

>>> printed_step("93.07%"), printed_step("12.8万人次"), printed_step("2,615处")
(0.01, 1000.0, 0.0)
>>> printed_step("９３．０７％"), printed_step("3亿5857.6万剂次"), printed_step("1,250万元")
(0.01, 1000.0, 10000.0)
>>> printed_decimals("98.90%"), printed_decimals("12.8万人次"), printed_decimals("2,615处")
(2, 0, 0)
"""

from __future__ import annotations

import math
import re

from zibo_analysis.hanzi import to_simplified
from zibo_analysis.quantities.numerals import SCALES

__all__ = ["printed_step", "printed_decimals"]

_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_SEPARATOR = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")  # 2,615: the ASCII comma between groups
_PER_100K = re.compile(r"/\s*(?:10|十)\s*万.*$")  # 15.1/10万: the base is no digit of the figure
_NUMBER = re.compile(r"\d+(?:\.(\d+))?")
_SCALE_AFTER = re.compile(r"[余多]?(万亿|千万|百万|万|亿|千)?")
_SHARE = re.compile(r"[%‰]|/\s*(?:10|十)\s*万|百分|千分|成$")
_CN_DECIMALS = re.compile(r"点([零〇一二两三四五六七八九]+)")


def printed_step(mention: str) -> float:
    """The step of the last printed digit of ``mention``, in the unit its value is stored in
    (percent for a percentage, yuan for money, the count itself for a count); 0 for a
    count printed in full, which no rounding touched.

    >>> printed_step("1.3个百分点"), printed_step("19%"), printed_step("15.1/10万"), printed_step("4.5‰")
    (0.1, 1.0, 0.1, 0.1)
    >>> printed_step("近1.55亿元"), printed_step("37家"), printed_step("4500元")
    (1000000.0, 0.0, 0.0)
    >>> printed_step("九成"), printed_step("百分之九十一点五"), printed_step("两千萬元"), printed_step("一百零八支")
    (10.0, 0.1, 10000000.0, 0.0)
    """
    text = _SEPARATOR.sub("", to_simplified(str(mention)).translate(_FULLWIDTH)).strip()
    share = bool(_SHARE.search(text))
    numbers = list(_NUMBER.finditer(_PER_100K.sub("", text)))
    if numbers:
        last = numbers[-1]  # 3亿5857.6万: the 万 part carries the last digit
        decimals = len(last.group(1) or "")
        scale = _SCALE_AFTER.match(text, last.end()).group(1)
        step = 10.0**-decimals * float(SCALES[scale]) if scale else 10.0**-decimals
        return _exact_count(step) if not (scale or decimals or share) else _clean(step)
    return _chinese_step(text, share)


def _chinese_step(text: str, share: bool) -> float:
    """The step of a figure in Chinese numerals: 九成 10 (percent), 一点五万 1,000, 两千万 10**7."""
    from zibo_analysis.quantities.extract import find_quantities  # the extractor reads the value

    found = find_quantities(text)
    if not found:
        return 0.0
    value = found[0].value
    if text.endswith("成"):
        return 10.0
    tail = _CN_DECIMALS.search(text)
    if tail:
        scale = next((float(v) for k, v in SCALES.items() if text[tail.end() :].startswith(k)), 1.0)
        return _clean(10.0 ** -len(tail.group(1)) * scale)
    if not share and not re.search("[万亿]", text):
        return 0.0  # 一百零八支: a count written out in words
    whole = int(value)
    zeros = len(str(whole)) - len(str(whole).rstrip("0")) if whole else 0
    return float(10**zeros)


def _exact_count(step: float) -> float:
    return 0.0 if step == 1.0 else step


def _clean(step: float) -> float:
    """10.0 ** -2 is 0.01, not 0.010000000000000002."""
    return float(f"{step:.12g}")


def printed_decimals(mention: str) -> int:
    """The decimals to show a figure with, in the unit its value is stored in: as many as
    were printed (98.90% 2), none for a figure printed to a whole number or coarser.

    >>> printed_decimals("3.2%"), printed_decimals("近1.55亿元"), printed_decimals("０．５‰")
    (1, 0, 1)
    """
    step = printed_step(mention)
    return 0 if step == 0 or step >= 1 else round(-math.log10(step))
