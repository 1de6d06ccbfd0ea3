"""The compiled patterns of the extractor, written in simplified script, matching both.

``PATTERN`` first tries the things that look like numbers but are not quantities
(dates, clock times, phone and hotline numbers, quoted names, ordinals, formulas, ages
that bound a population); whatever they match is consumed and dropped. Only then does it
try a quantity: an optional leading qualifier, a number in Arabic or Chinese numerals, a
scale word (with the 万 part of 3亿5857.6万), 余/多, a unit and a trailing qualifier.
Every pattern goes through :func:`scripts.both_scripts`, so each simplified character
also matches its traditional forms.
"""

from __future__ import annotations

import re

from zibo_analysis.quantities.numerals import (
    CN_BODY,
    CN_DIGIT_CHARS,
    CN_LEAD,
    MAX_NUMBER_DIGITS,
    POINT,
)
from zibo_analysis.quantities.scripts import both_scripts
from zibo_analysis.quantities.units import (
    COMPOUNDS,
    KILO_UNITS,
    UNIT_ALTERNATION,
    alternation,
)


def _compile(source: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(both_scripts(source), flags)


_D = "[0-9０-９]"
_S = "[ \u00a0\u3000]?"  # one space, as PDF conversions put between a number and its unit
_ARABIC = rf"(?:{_D}{{1,3}}(?:,{_D}{{3}})+(?!{_D})|{_D}++)(?:[.．]{_D}++)?"  # ，is a list comma, never a separator
_CHINESE = rf"[{CN_LEAD}][{CN_BODY}]*+(?:[{POINT}][{CN_DIGIT_CHARS}]+)?"
_NUMBER = rf"(?:{_ARABIC}|{_CHINESE})"
_UNIT = UNIT_ALTERNATION
_TIME_SPAN = rf"(?:{_D}+|[{CN_LEAD}]+)(?:年|个月|天|周|日)"
_PRE = (
    rf"超过|不少于|不低于|不超过|不高于|不到|不足|至少|接近|将近|大约|突破|控制在|大于|多于|小于|少于|逾"
    rf"|超(?!额|前|标|期|市|龄|重|大|高|级|声|薄)|(?<![最附临亲靠])近(?!{_TIME_SPAN})"
    rf"|(?<![签预合节制公条契邀履违特相失赴应])约"
)
_POST = "及以上|或以上|以上|及以下|或以下|以下|以内|之内|的目标内|的范围内|内(?![部容科蒙涵地外在需设])|左右|上下"
_SEP = r"[~～\-—–－至到]"
_AGE = "(?:周岁|岁)"
_POPULATION = (
    "老年人|老人|儿童|婴幼儿|幼儿|人群|人口|居民|妇女|女性|男性|青少年|学生|新生儿|群体|人士|市民"
)
_PER_100K = rf"/{_S}10{_S}万"
_MINUS = "[-−－]"
_DAY = rf"(?<![0-9０-９.．])(?:{_D}{{1,2}}|[{CN_LEAD}]{{1,3}})"  # a day or a month: 8.8日 is a span

# Every alternative below starts with one of these characters. Searching for
# them with a single character class is ~20 times faster than letting the
# full pattern try each of its alternatives at every position. The check after
# the class passes over the common characters that start no alternative where
# they stand (大 but not 大约, 不 but not 不到, a letter not before +): on real
# text that saves four tries in ten, and runs of such characters cost no Python.
_FIRST = rf"0-9０-９A-Za-z{CN_LEAD}“‘「『《第周星礼百千超不至接将大突逾近约控小多少\-−－"
ANCHOR = _compile(
    rf"""[{_FIRST}]
    (?: (?<=[0-9０-９{CN_LEAD}“‘「『《超逾近约])
      | (?<=第)(?={_S}[0-9０-９{CN_LEAD}]) | (?<=周)(?=[一二三四五六日天]) | (?<=星)(?=期) | (?<=礼)(?=拜)
      | (?<=[百千])(?=分之) | (?<=不)(?=[少低超高到足]) | (?<=至)(?=少) | (?<=接)(?=近) | (?<=将)(?=近)
      | (?<=大)(?=[约于]) | (?<=突)(?=破) | (?<=控)(?=制在) | (?<=[小多少])(?=于)
      | (?<=[A-Za-z])(?=\s*[+＋]) | (?<={_MINUS})(?={_D}) )""",
    re.VERBOSE,
)

# What may follow a number in the alternatives below that read a number and drop it
# (dates, clock times, phone numbers, formulas, ages): one quick look past the number
# lets every other number skip them all.
_NOT_A_QUANTITY_NEXT = (
    rf"(?:{_S}[时点岁周年月日号]|[:：/.．\-—–－~～至到]|\s*[+＋]|[热政便服专电]|[)）][日号])"
)

PATTERN = _compile(
    rf"""
    # ---- not quantities: matched so that they are consumed, then dropped
      (?P<quoted>[“‘「『《][^“”‘’「」『』《》\n]{{0,50}}[”’」』》])
    | (?P<ordinal>第{_S}{_NUMBER})
    | (?P<weekday>(?:周|星期|礼拜)[一二三四五六日天])
    | (?P<letter_formula>[A-Za-z](?:\s*[+＋]\s*(?:{_NUMBER}|[A-Za-z])(?:[(（][^()（）]{{0,20}}[)）])?)++)
    | (?={_NUMBER}{_NOT_A_QUANTITY_NEXT})
      (?: (?P<isodate>{_D}{{4}}[-/.]{_D}{{1,2}}[-/.]{_D}{{1,2}}(?:\s+{_D}{{1,2}}:{_D}{{2}}(?::{_D}{{2}})?)?)
        | (?P<clock>{_D}{{1,2}}[:：]{_D}{{2}}(?:[:：]{_D}{{2}})?
          | {_NUMBER}{_S}时(?:{_S}{_NUMBER}{_S}分)?
          | {_D}{{1,2}}{_S}点(?:{_S}{_D}{{1,2}}{_S}分|半|整|(?![0-9０-９{CN_DIGIT_CHARS}])))
        | (?P<phone>(?<!{_D})0{_D}{{2,3}}-{_D}{{7,8}}(?!{_D}))
        | (?P<hotline>(?<!{_D})123{_D}{{2}}(?!{_D})(?=热线|政务|便民|服务热线|专线|电话))
        | (?P<formula>{_NUMBER}(?:\s*[+＋]\s*(?:{_NUMBER}|[A-Za-z])(?:[(（][^()（）]{{0,20}}[)）])?)++)
        | (?P<date>(?:{_D}{{4}}|1[0-4]{_D}|[二〇零一二三四五六七八九]{{4}}){_S}年(?:度|底|初|末)?
                   (?:{_S}{_DAY}{_S}月(?:份|底|初|末|上旬|中旬|下旬)?(?:{_S}{_DAY}{_S}[日号])?)?
          | {_DAY}{_SEP}{_DAY}{_S}月
          | {_DAY}{_S}月(?:份|底|初|末|上旬|中旬|下旬)?(?:{_S}{_DAY}{_S}[日号])?
          | {_DAY}{_S}日
          | (?<=[(（]){_DAY}(?=[)）]日)             # 今(4)日: the day in brackets
          | {_NUMBER}{_S}号)
        | (?P<age>(?<=满){_NUMBER}{_S}{_AGE} | {_NUMBER}{_S}{_AGE}(?:[及或]?以[上下]|以内|(?={_POPULATION}))) )
    | (?P<festival>(?:0?[1-9]|1[0-2])[.．](?:0?[1-9]|[12][0-9]|3[01])(?!{_D}|万|亿|千|{_UNIT})
                   (?=[\u4e00-\u9fff]{{0,6}}节(?![约省能俭制奏点目])))
    # ---- a quantity, unless it opens a range (3万至5万元, 12~17岁), which is dropped
    | (?:(?P<pre>{_PRE})(?:\*\*)?)?
      (?:
          (?P<pct_cn>百分之|千分之)(?P<pct_num>{_NUMBER})
        | (?:(?<![0-9０-９A-Za-z.．])(?P<minus>{_MINUS}))?
          (?P<num>{_NUMBER})
          (?: 分之(?P<frac_num>{_NUMBER})         # 三分之一: num is the denominator
            | (?:\*\*)?                          # Markdown bold around the digits
              (?:{_S}(?P<scale>万亿|千万|百万
                  |万(?P<wan_lower>{_D}{{4}}|{_D},{_D}{{3}})?(?![0-9０-９.．,年月日号])   # 8萬4,512元
                  |亿(?:(?P<wan_part>{_D}{{1,4}}(?:[.．]{_D}+)?)万)?
                  |兆(?P<zhao_part>{_D}{{1,4}}|{_D},{_D}{{3}})亿                      # 2兆1,300億元
                  |千(?![{KILO_UNITS}])))?
              (?P<more>余|多)?
              (?P<scale2>万|亿)?
              (?:{_S}(?P<unit>个(?P<more2>多)?百分点|百分点|[%％]|/?‰|{_PER_100K}|/(?P<den>{_D}{{1,4}})(?![0-9０-９.．万亿千]|,{_D})
                           |成(?![员本果立为功效绩就熟年人])|{_UNIT}))?
              (?P<range>\s*{_SEP}\s*{_NUMBER}(?:万|亿|千)?(?:{_UNIT}|[%％])?)? )
      )
      (?P<post>{_POST})?
    """,
    re.VERBOSE,
)

# The noun before a number with no unit of its own, as statistical bulletins write it:
# 总诊疗人次95.5亿, 第一剂次接种887.89万, 接种总人数达到12亿8894.7万, 病床数3646.
# It is matched backwards, on the reversed text before the number, so that one anchored
# match does the work of a search.
_LINK = "接种 完成 报告 达到 达 为 是 共计 共 合计 总计 累计 计 有".split()
# X数 (the number of X) names its unit only for the counts bulletins tabulate; a longer
# noun may end in another classifier's character (文章数 is no count of 章).
COUNTED_BEFORE = "人 户 家 例 床 床位 所 间 件 项 次 个".split()
UNIT_BEFORE_REVERSED = _compile(
    rf"{_S}[:：]?{_S}{alternation(w[::-1] for w in _LINK)}?{_S}"
    rf"(?:数?(?P<times>{alternation(w[::-1] for w in COMPOUNDS)})"
    rf"|数总?(?P<counted>{alternation(w[::-1] for w in COUNTED_BEFORE)})|(?P<staff>员人))"
)
UNIT_BEFORE_REACH = 12  # characters looked back: the noun and a linking verb

# A run: number characters as the pattern above reads them into one number, with a
# point only before a digit and a comma only before a group of three. A cluster: runs
# glued by points or commas (1,000,000,0001; 1.2.3.4). A run with more than
# MAX_NUMBER_DIGITS digits or MAX_RUN_CHARS characters makes its whole cluster pass
# over, so that no end of it is read as a number of its own; a list such as
# 1200,1350,1500 stays three numbers. Every long run lies in a cluster of
# MAX_NUMBER_DIGITS + 1 characters or more: searching for one, first character from a
# plain class, costs a few per cent of a scan on real text and finds none.
RUN_DIGITS = f"0-9０-９{CN_DIGIT_CHARS}"
_RUN_CHAR = f"{RUN_DIGITS}十百千万亿{POINT}"
_RUN_SEPARATOR = rf"[.．](?={_D})|,(?={_D}{{3}}(?!{_D}))"
RUN_HINT = _compile(rf"[{_RUN_CHAR}](?:[{_RUN_CHAR}]|{_RUN_SEPARATOR}){{{MAX_NUMBER_DIGITS}}}")
RUN_REST = _compile(rf"(?:[{_RUN_CHAR}]++|{_RUN_SEPARATOR})*+")
_CLUSTER_SEPARATOR = rf"[.．,](?=[{_RUN_CHAR}])"
CLUSTER_HINT = _compile(
    rf"[{_RUN_CHAR}](?:[{_RUN_CHAR}]|{_CLUSTER_SEPARATOR}){{{MAX_NUMBER_DIGITS}}}"
)
CLUSTER_REST = _compile(rf"(?:[{_RUN_CHAR}]++|{_CLUSTER_SEPARATOR})*+")
MANY_DIGITS = _compile(rf"(?:[^{RUN_DIGITS}]*+[{RUN_DIGITS}]){{{MAX_NUMBER_DIGITS + 1}}}")
