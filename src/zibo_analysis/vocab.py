"""The small vocabularies every stage shares, and one way to refuse a value outside them.

Standard library only, so that the report runner can check parameters without
importing pandas.

>>> unknown("region", "zibo", ["Zibo", "Zhangdian", "Zichuan", "Xuecheng"])
'unknown region "zibo"; did you mean "Zibo"? (valid: Zibo, Zhangdian, Zichuan, Xuecheng)'
>>> require("flag kind", ["jump"], FLAG_KINDS)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

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


def closest(value: str, valid: Iterable[str], n: int = 1) -> list[str]:
    """The valid values nearest to ``value``: case-insensitive first, then by spelling."""
    valid = list(valid)
    folded = [v for v in valid if v.casefold() == str(value).casefold()]
    by_lower = {v.casefold(): v for v in valid}
    near = difflib.get_close_matches(str(value).casefold(), list(by_lower), n=n, cutoff=0.6)
    return list(dict.fromkeys(folded + [by_lower[v] for v in near]))[:n]


def unknown(what: str, value: object, valid: Iterable[str]) -> str:
    """One line: the unknown value, the closest valid one, and the valid values (or some)."""
    valid = list(valid)
    near = closest(str(value), valid)
    hint = f'; did you mean "{near[0]}"?' if near else ""
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
