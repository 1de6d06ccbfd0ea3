"""What the growth functions write for a reader (notes, reasons, periods, breaks), in English
and in Chinese: one dictionary, so that a page in one language gets its notes in that
language (`vocab.in_lang`). The functions take ``lang`` ("en" by default) and keep their
columns; only the words change.

>>> WORDS["zh"]["spans"].format(name="城镇新增就业", listed="2018年1—7月和2024年全年")
'城镇新增就业：2018年1—7月和2024年全年的统计期不同，不计算其间的增长。'
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        # periods (`spans.period_words`)
        "not_recorded": "a period not recorded, to {end}",
        "whole_year": "the whole of {year}",
        "year_short": "{year}",
        "years": "{first}–{last}",
        "month": "{month} {year}",
        "months": "{first}–{last} {year}",
        "days": "{start} to {end}",
        # flows over different periods (`spans.spans_sentence`)
        "spans": "{name}: {listed} cover different periods; no growth is computed between them.",
        "spans_unrecorded": (
            "{name}: {listed}; the period of a figure is not recorded (period_start is empty), so no "
            "growth is computed between them."
        ),
        # changes (`changes.growth_table`)
        "bound_at_least": "a bound: the true change is at least this",
        "bound_at_most": "a bound: the true change is at most this",
        "bound_either way": "both ends are bounds pulling opposite ways: the true change may be larger or smaller",
        "bound_about": "an approximate figure: the change is approximate",
        "across": "a break lies between the first and the last report: no growth across it",
        "change_note": "a change against a base: the difference between two changes, and no growth of it",
        "rate_note": (
            "a rate moves in points of its own unit (pp for %): no compound growth is computed"
        ),
        "close": "reports {months:.1f} months apart: too close to annualise",
        "sep": "; ",
        # growth rates (`rates.growth_rates`)
        "no_growth_across": "no growth across a break",
        "one_report": "one report",
        "change_rate": "a change against a base: no growth rate of it",
        "rate_rate": "a rate moves in points of its own unit: no growth rate",
        "not_positive": "a value of zero or below: no growth rate",
        "bounds": "bounds (余, 近, 以上) among the figures: approximate",
        "at_least": "the true growth is at least this",
        "at_most": "the true growth is at most this",
        "two_points": "rests on two points only",
        "flat": "the same figure ({mention}) in every report: flat",
        # trends (`trends.trend_table`)
        "after_break": "after the break {date} ({why}): ",
        "too_few": (
            "{n} observation{s}: a line through two points leaves nothing to estimate its uncertainty; "
            "{needed} are needed (the growth table gives the change)"
        ),
        "constant": "the same value ({mention}) in every report: flat, nothing to fit",
        "not_reached": (
            "the line does not reach {level} within {years:g} years (it starts beyond it or runs "
            "away from it)"
        ),
        "per_year": "{unit} per year",
        "pct_per_year": "% per year",
        # breaks (`breaks.breaks`, `breaks.describe`)
        "definition_changed": "definition changed ({note})",
        "break": "before {date}: {why}",
    },
    "zh": {
        "not_recorded": "统计期未记录（截至{end}）",
        "whole_year": "{year}年全年",
        "year_short": "{year}年",
        "years": "{first}—{last}年",
        "month": "{year}年{month}月",
        "months": "{year}年{first}—{last}月",
        "days": "{start}至{end}",
        "spans": "{name}：{listed}的统计期不同，不计算其间的增长。",
        "spans_unrecorded": "{name}：{listed}；其中有数字的统计期未记录（period_start 为空），不计算其间的增长。",
        "bound_at_least": "含约数：实际变化不小于此值",
        "bound_at_most": "含约数：实际变化不大于此值",
        "bound_either way": "两端均为约数且方向相反：实际变化可能更大，也可能更小",
        "bound_about": "含近似数：变化量为近似值",
        "across": "首末两次报道之间有断点，不跨断点计算增长",
        "change_note": "相对基期的变化量：只列两次变化量之差，不计其增长",
        "rate_note": "比率按自身单位的点数变动（百分比为百分点），不计算复合增长",
        "close": "两次报道相隔{months:.1f}个月，间隔过短，不作年化",
        "sep": "；",
        "no_growth_across": "不跨断点计算增长",
        "one_report": "仅一次报道",
        "change_rate": "相对基期的变化量，不计增长率",
        "rate_rate": "比率按自身单位的点数变动，不计增长率",
        "not_positive": "有数值为零或负数，不计增长率",
        "bounds": "数值中含约数（余、近、以上），结果为近似值",
        "at_least": "实际增长不低于此",
        "at_most": "实际增长不高于此",
        "two_points": "仅基于两个数据点",
        "flat": "各次报道数值相同（{mention}），持平",
        "after_break": "{date}断点（{why}）之后：",
        "too_few": "仅{n}次观测：两点连线无从估计不确定性，至少需要{needed}次（变化量见增长表）",
        "constant": "各次报道数值相同（{mention}），持平，无需拟合",
        "not_reached": "按此趋势{years:g}年内达不到{level}（起点已越过该水平，或趋势背离）",
        "per_year": "{unit}/年",
        "pct_per_year": "%/年",
        "definition_changed": "定义变更（{note}）",
        "break": "{date}前：{why}",
    },
}
