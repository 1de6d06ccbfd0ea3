"""The words a number may carry as its unit, and the name each unit is reported by.

Where the measure words come from:

1. ``JIONLP_MEASURE_WORDS``: the measure words (量词) of jionlp 1.5.31's
   ``dictionary/quantifiers_stat.txt`` (Apache-2.0), gathered from a part-of-speech
   tagged corpus, most frequent first; kept are the words in Han characters that are not
   reduplications (个个, 天天), read from the installed package, not copied here.
2. ``NOT_AFTER_A_NUMBER``: words of that list that, straight after a number, name
   something else in these texts (a date, a grade, a festival); dropped.
3. ``HEALTH_AND_EMPLOYMENT``: measure words health and employment reports use that the
   corpus list lacks (人 and 例 among them).
4. Compounds made by rule: every count classifier with 次 is a count of times
   (人次 person-times, 组次, 剂次, 户次 …), and 人日, 床日 are person-days and bed-days.

The lexicon is matched longest first (组次 before 组, 个百分点 before 个). Measurement
units (money, time, length, area, mass …) are told apart from count classifiers:
after a bare 一 a count classifier is the indefinite article (一批, 一项, 一起), a
measurement is a quantity (一年, 一公里).
"""

from __future__ import annotations

import re

__all__ = [
    "COUNT_CLASSIFIERS",
    "MEASURE_WORDS",
    "NAMED_UNITS",
    "RATE_SCALE",
    "REPORTED_UNITS",
    "alternation",
    "unit_name",
]


def _jionlp_measure_words() -> tuple[str, ...]:
    """The measure words of jionlp's ``quantifiers_stat.txt``, read from the installed
    package's files (importing jionlp prints a banner and costs half a second)."""
    from importlib import metadata

    try:
        dist = metadata.distribution("jionlp")
    except metadata.PackageNotFoundError:
        raise ImportError(
            "zibo_analysis.quantities needs jionlp's measure-word list: pip install jionlp"
        ) from None
    path = dist.locate_file("jionlp/dictionary/quantifiers_stat.txt")
    words = [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()]
    han = [w for w in words if re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    return tuple(w for w in han if not (len(w) == 2 and w[0] == w[1]))  # not 个个, 天天


JIONLP_MEASURE_WORDS = _jionlp_measure_words()

# Straight after a number these name something other than a count or a measure.
NOT_AFTER_A_NUMBER = {
    "号": "a day of the month or a house number (12月1日, 万杰路127号): read as a date",
    "点": "a clock time (9点) or, in Chinese numerals, the decimal point (九十一点五)",
    "届": "a session named by its number (十九届六中全会)",
    "代": "a generation named by its number (第三代)",
    "级": "a grade (三级甲等医院, 二级以上医院)",
    "节": "a festival named by its date (三八节, 五一节)",
    "胎": "a birth order named by its number (二胎政策)",
    "些": "一些 is 'some'",
    "番": "一番 is 'a bout of', an adverb",
    "步": "进一步 is 'further'; 三步走 names a plan",
    "辈子": "一辈子 is 'a lifetime'",
    "方": "双方, 三方: parties to an agreement",
    "度": "一度 is 'at one time'; 年度 is part of a date",
    "折": "八折 is a price discount, not a count",
}

HEALTH_AND_EMPLOYMENT = tuple(
    """
    人 例 所 间 床 床位 门 剂 针 管 日 小时 个月 课时 学时
    """.split()
)

# Measurements: a bare 一 before one of these is a quantity (一年, 一公里), not an article.
MEASUREMENTS = frozenset(
    """
    元 美元 欧元 美金 英镑 韩元 澳元 港元 加元 港币 雷亚尔 泰铢 瑞士法郎 加拿大元 澳门元 便士 美分 越盾
    年 个月 周 天 日 小时 分钟 秒 毫秒 周年 岁 周岁 课时 学时
    米 公里 千米 厘米 毫米 微米 纳米 公分 英寸 英尺 英里 寸 尺 吋 华里
    平方米 平米 平方 平方公里 平方英尺 平方厘米 平方毫米 平方英里 亩 公顷 立方米 立方 立方厘米 毫升 公升 加仑
    吨 克 千克 公斤 斤 市斤 毫克 微克 磅 盎司 克拉
    瓦 千瓦 千瓦时 兆瓦 千伏 伏安 安培 马力 摄氏度 毫米汞柱 倍
    """.split()
)

# A classifier character that also begins a common word is not read as a classifier
# before that word: 3支持 is not 3 支, 一管理 not 1 管.
_NOT_BEFORE = {
    "期": "间限待望末",
    "年": "级",
    "门": "诊户槛类",
    "所": "属需得在有以",
    "管": "理控护住好齐道",
    "针": "对",
    "剂": "量型",
    "组": "织建成团",
    "处": "置理罚分",
    "批": "准复示",
    "支": "持付出撑援部",
    "只": "有要是能",
    "道": "路",
    "口": "罩腔径岸",
    "户": "籍口",
    "首": "次批个家位先要都发创届席",
    "周": "边末期围转密",
    "分": "别局院类配为成享析布期批段级担",
    "套": "餐",
}

# Written in Arabic digits only: 十分 is 'very', 95分 a score.
ARABIC_ONLY = frozenset({"分"})

_SINGLE = [w for w in JIONLP_MEASURE_WORDS + HEALTH_AND_EMPLOYMENT if w not in NOT_AFTER_A_NUMBER]
COUNT_CLASSIFIERS = frozenset(w for w in _SINGLE if w not in MEASUREMENTS)
# 首次 is 'the first time'; 层次, 名次, 位次 are levels and ranks, not counts.
_TIMES = sorted(
    c + "次" for c in COUNT_CLASSIFIERS if len(c) == 1 and c not in ("次", "首", "层", "名", "位")
)
COMPOUNDS = tuple(_TIMES) + ("人日", "床日")
MEASURE_WORDS = tuple(dict.fromkeys(_SINGLE + list(COMPOUNDS)))


def alternation(words, not_before: dict[str, str] | None = None) -> str:
    """A regex matching any of ``words``, the longest where several begin alike.

    The words share their prefixes (a trie), so that a failed try costs one character
    test per branch; a word in ``not_before`` does not match before the characters given.

    >>> alternation(["个", "个月", "人", "人次"])
    '(?:个(?:月|)|人(?:次|))'
    >>> re.match(alternation(["期", "期次"], {"期": "间"}), "期间") is None
    True
    """
    not_before = not_before or {}
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = word

    def emit(node: dict) -> str:
        parts = [re.escape(ch) + emit(child) for ch, child in node.items() if ch]
        if "" in node:  # a word ends here: the empty branch last, so longer words win
            guard = not_before.get(node[""], "")
            parts.append(f"(?![{guard}])" if guard else "")
        if len(parts) == 1:
            return parts[0]
        return "(?:" + "|".join(parts) + ")"

    return emit(trie)


UNIT_ALTERNATION = alternation(MEASURE_WORDS, _NOT_BEFORE)
# Units that begin with 千, so that 3千瓦 is 3 千瓦 and not 3000 瓦.
KILO_UNITS = "".join(sorted({w[1] for w in MEASURE_WORDS if w.startswith("千") and len(w) > 1}))

# A table of data, kept as written (fmt: skip): a line per unit, its spellings side by side.
_NAMES = {
    "%": "percent", "％": "percent", "成": "percent",
    "个百分点": "percentage_point", "个多百分点": "percentage_point", "百分点": "percentage_point",
    "‰": "per_mille", "/‰": "per_mille",
    "元": "yuan",
}  # fmt: skip


# The bases a share is printed in, and the whole in each: 93.07%, 4.5‰, 15.1/10万 (per
# 100,000 people). A share lies between 0 and its whole; it is compared only in its own base.
RATE_SCALE = {"percent": 100, "per_mille": 1000, "per_100k": 100_000}
PER_100K = "per_100k"  # /10万: a rate per 100,000
NAMED_UNITS = tuple(dict.fromkeys([*_NAMES.values(), PER_100K]))


def unit_name(unit_word: str | None) -> str:
    """The name a unit is reported by: percent, per_mille, per_100k, yuan or the measure word.

    ``unit_word`` is in simplified script.

    >>> unit_name("%"), unit_name("‰"), unit_name("/10万"), unit_name("元"), unit_name("剂次")
    ('percent', 'per_mille', 'per_100k', 'yuan', '剂次')
    """
    if not unit_word:
        return ""
    if unit_word.startswith("/") and unit_word.endswith("万"):
        return PER_100K
    return _NAMES.get(unit_word, unit_word)


# Every unit the extractor can report: the named units and each measure word's name.
REPORTED_UNITS = frozenset(NAMED_UNITS) | frozenset(map(unit_name, MEASURE_WORDS))
