"""The small vocabularies every stage shares, and one way to refuse a value outside them.

Standard library only, so that the report runner can check parameters without
importing pandas.

>>> unknown("region", "zibo", ["Zibo", "Zhangdian", "Zichuan", "Xuecheng"])
'unknown region "zibo"; did you mean "Zibo"? (valid: Zibo, Zhangdian, Zichuan, Xuecheng)'
>>> require("flag kind", ["jump"], FLAG_KINDS)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

LANGS = ("en", "zh")
FLAG_KINDS = (
    "count_went_down",
    "reports_disagree",
    "rate_out_of_range",
    "denominator_mismatch",
    "jump",
    "populations_differ",
    "scope_mislabelled",
    "descriptions_differ",
    "coverage_claim",
    "parts_do_not_add_up",
    "change_disagrees",
)
# What a change (catalog kind ``change``) is measured against, its ``change_base``: the same
# period a year before (同比), the previous year or its end (比上年, 比上年末), the period just
# before (环比, 比上月, 比上季度), a date (比年初, 2020年以来), a target (低于省控目标), or the
# previous report or round (与上轮评审相比).
CHANGE_BASES = (
    "same_period_last_year",
    "previous_year",
    "previous_period",
    "since_date",
    "target",
    "previous_report",
)
# A flag of these kinds says two figures count different sets: a series breaks between them.
BREAK_KINDS = ("populations_differ", "scope_mislabelled")
SEVERITIES = ("error", "check")  # error: both cannot be true; check: probably scope or wording
MAX_LISTED = 12  # longer vocabularies are shown as their closest matches and a count
# The values of the small vocabularies as a reader reads them, in each language; a value
# missing from "en" reads as itself with "_" as a space.
VALUE_WORDS = {
    "en": {
        "more_than": "more than",
        "at_least": "at least",
        "at_most": "at most",
        "less_than": "less than",
        "no actual yet": "target only",
        "percentage_point": "pp",
        "percent": "%",
        "least_squares": "least squares",
        "two_point": "two points",
    },
    "zh": {
        "exact": "确数",
        "more_than": "多于",
        "at_least": "不少于",
        "nearly": "接近",
        "about": "约",
        "at_most": "不超过",
        "less_than": "少于",
        "actual": "实际",
        "target": "目标",
        "met": "达标",
        "not met": "未达标",
        "not yet due": "未到期",
        "uncertain": "不确定",
        "no target": "无目标",
        "no actual yet": "仅有目标",
        "stated": "文中给出",
        "percentage_point": "百分点",
        "percent": "%",
        "yuan": "元",
        "either way": "方向不定",
        "error": "错误",
        "check": "待核查",
        "count_went_down": "计数下降",
        "reports_disagree": "报道不一致",
        "rate_out_of_range": "比率超出范围",
        "denominator_mismatch": "分母不符",
        "jump": "跳变",
        "populations_differ": "总体不同",
        "scope_mislabelled": "口径疑误",
        "descriptions_differ": "表述不一",
        "coverage_claim": "全覆盖说法存疑",
        "parts_do_not_add_up": "分项与合计不符",
        "least_squares": "最小二乘",
        "two_point": "两点",
        "none": "无",
        "linear": "线性",
        "log-linear": "对数线性",
        "constant": "常数",
        "stock": "存量",
        "flow": "流量",
        "rate": "比率",
        "change": "变化",
        "count": "计数",
        "cumulative": "累计",
        "change_disagrees": "变化量与水平不符",
        "reviewed": "已复核",
        "open": "待处理",
        "same_period_last_year": "上年同期",
        "previous_year": "上年",
        "previous_period": "上期",
        "since_date": "起始日",
        "previous_report": "上次报道",
        "health_care": "医疗服务",
        "public_health": "公共卫生",
        "insurance": "医疗保障",
        "employment": "就业",
        "entrepreneurship": "创业",
    },
}


def value_words(value: object, lang: str) -> str:
    """A vocabulary value as a reader reads it: ``value_words("more_than", "zh")`` is 多于."""
    text = str(value)
    return VALUE_WORDS[lang].get(text, text.replace("_", " ") if lang == "en" else text)


def in_lang(words: dict[str, dict[str, str]], lang: str) -> dict[str, str]:
    """The sentences of a module's ``words`` (a dictionary per language) in ``lang``.

    Each stage that writes sentences for readers keeps them in one such dictionary, English
    and Chinese side by side, so that a page is written in one language throughout.

    >>> in_lang({"en": {"none": "none"}, "zh": {"none": "无"}}, "zh")["none"]
    '无'
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return words[lang]


def listing(items: Iterable[object], lang: str = "en") -> str:
    """Items as a sentence lists them: "a, b and c" in English, "a、b和c" in Chinese.

    >>> listing(["2018", "2021", "2024"]), listing(["2018年", "2024年"], "zh")
    ('2018, 2021 and 2024', '2018年和2024年')
    """
    items = [str(i) for i in items]
    comma, joined = ("、", "和") if lang == "zh" else (", ", " and ")
    return comma.join(items[:-1]) + joined + items[-1] if len(items) > 1 else "".join(items)


def closest(value: str, valid: Iterable[str], n: int = 1) -> list[str]:
    """The valid values nearest to ``value``: case-insensitive first, then by spelling."""
    valid = list(valid)
    folded = [v for v in valid if v.casefold() == str(value).casefold()]
    by_lower = {v.casefold(): v for v in valid}
    near = difflib.get_close_matches(str(value).casefold(), list(by_lower), n=n, cutoff=0.6)
    return list(dict.fromkeys(folded + [by_lower[v] for v in near]))[:n]


def named_hint(value: object, aliases: Mapping[str, str] | None, where: str = "") -> str:
    """ "; write its id …" when ``value`` is a name ``aliases`` maps to an id (淄博市 to Zibo),
    else "". ``where`` names the file that gives the name.

    >>> named_hint("淄博市", {"淄博市": "Zibo"}, "data/regions.csv")
    '; write its id "Zibo" (淄博市 is its name in data/regions.csv)'
    """
    if not aliases or str(value) not in aliases:
        return ""
    given = f" in {where}" if where else ""
    return f'; write its id "{aliases[str(value)]}" ({value} is its name{given})'


def unknown(
    what: str, value: object, valid: Iterable[str], aliases: Mapping[str, str] | None = None
) -> str:
    """One line: the unknown value, the closest valid one, and the valid values (or some).
    ``aliases`` maps names to the ids they stand for (淄博市 to Zibo): a name gets its id.

    >>> unknown("region", "淄博市", ["Zibo", "Zhangdian"], {"淄博市": "Zibo"})
    'unknown region "淄博市"; write its id "Zibo" (淄博市 is its name) (valid: Zibo, Zhangdian)'
    """
    valid = list(valid)
    near = closest(str(value), valid)
    hint = named_hint(value, aliases) or (f'; did you mean "{near[0]}"?' if near else "")
    if len(valid) <= MAX_LISTED:
        listed = f"valid: {', '.join(valid)}" if valid else "there are none in the data"
    else:
        some = closest(str(value), valid, n=5) or valid[:5]
        listed = f"{len(valid)} valid values, such as {', '.join(some)}"
    return f'unknown {what} "{value}"{hint} ({listed})'


def known_values(column) -> list[str]:
    """The values a table column may hold: a categorical's categories, else those present."""
    categories = getattr(getattr(column, "cat", None), "categories", None)
    values = categories if categories is not None else column.dropna().unique()
    return sorted(map(str, values))


def require(what: str, values: Iterable[object], valid: Iterable[str]) -> None:
    """Raise ValueError naming every value not in ``valid``; return None when all are."""
    valid = list(valid)
    problems = [unknown(what, v, valid) for v in values if v not in valid]
    if problems:
        raise ValueError("\n".join(problems))


# The language of a page or element as HTML names it (BCP 47).
LANG_TAGS = {"en": "en", "zh": "zh-Hans"}
