"""Find quantity mentions in Chinese press-release and bulletin text, in either script.

The whole text is scanned once by one compiled pattern (``pattern.py``). At each
position the pattern first tries the things that look like numbers but are not
quantities (dates, clock times, phone and hotline numbers, quoted names, ordinals,
formulas such as 1+3+10+N, ages that bound a population: 60岁及以上老年人); whatever
they match is consumed and dropped. Only then does it try a quantity: an optional
leading qualifier, a number in Arabic or Chinese numerals (``numerals.py``), a scale
word, 余/多, a unit (``units.py``: a measure-word lexicon, %, ‰, /10万) and a trailing
qualifier. A number with no unit of its own takes the measure word that ends the noun
before it, as statistical bulletins write (总诊疗人次95.5亿). Python work happens only
per match.

The patterns are written in simplified script and widened to the traditional forms of
each character when compiled (``scripts.py``), so traditional text (劑次, 萬, 超過, 約)
is read in place: offsets always index the text as given, and units come back in
simplified script.

A run of number characters (digits, Chinese numerals, decimal points, thousands
separators) with more than ``MAX_NUMBER_DIGITS`` digits, or more than twice as many
characters (万万万 has no digits), is longer than any real quantity. Before the scan it
is cut out, with whatever digits a point or comma glues to it, so that nothing in it is
matched, converted or read as a number of its own. A number whose value reaches
10**MAX_NUMBER_DIGITS (一亿亿亿元) is no quantity either. So every value is finite, and
the time taken grows linearly with the text, whatever the text.

>>> [(q.text, q.value, q.unit, q.qualifier) for q in find_quantities("发放创业担保组合贷近1.55亿元")]
[('近1.55亿元', 155000000, 'yuan', 'nearly')]
>>> [(q.text, q.value, q.unit, q.qualifier) for q in find_quantities("嬰兒死亡率下降到4.5‰")]
[('4.5‰', 4.5, 'per_mille', 'exact')]
>>> find_quantities("累计开展门诊服务12.8万人次")[0].value
128000
"""

from zibo_analysis.quantities.extract import QUALIFIERS, Quantity, find_quantities
from zibo_analysis.quantities.numerals import MAX_NUMBER_DIGITS, parse_chinese_numeral
from zibo_analysis.quantities.precision import printed_decimals, printed_step
from zibo_analysis.quantities.units import RATE_SCALE

__all__ = [
    "Quantity",
    "find_quantities",
    "parse_chinese_numeral",
    "QUALIFIERS",
    "MAX_NUMBER_DIGITS",
    "RATE_SCALE",
    "printed_decimals",
    "printed_step",
]
