"""Growth cards: one small panel per series, its first and last figure as printed, the growth
and its method, the number of reports and the breaks."""

from __future__ import annotations

import re

import pandas as pd
from matplotlib.figure import Figure

from zibo_analysis.growth import observations
from zibo_analysis.growth.words import WORDS as GROWTH_WORDS
from zibo_analysis.plots.figures import (
    FIGURE_WIDTH,
    _figure,
    _finish,
    _require_rows,
    indicator_label,
    region_label,
    region_names,
    source_line,
    use_theme,
)

CARD_TEXT = {
    "en": {
        "title": "Growth of each series: first and last figure as printed, growth and method",
        "first": "First",
        "last": "Last",
        "reports": "{n} reports",
        "breaks": "Breaks: {b}",
        "none": "none",
        "growth": "{g:+.1f}% a year",
        "interval": " (95%: {lo:+.1f} to {hi:+.1f})",
        "least_squares": "least-squares log-linear fit",
        "two_point": "compound, annualised by days: two points only",
        "flat": "flat: the same figure in every report",
        "rate": "a rate: {c:+.4g} percentage points, no growth rate",
        "close": "{m:.1f} months apart: not annualised",
        "alone": "no growth across the break",
        "other": "no growth rate",
        "after": "after the break: ",
        "spans": "different periods ({p}): no growth",
        "change": "a change against a base: no growth rate of it",
        "at_least": "a figure is a bound (余, 近): the growth is at least this",
        "at_most": "a figure is a bound (余, 近): the growth is at most this",
        "break": "{d} ({why})",
    },
    "zh": {
        "title": "各序列增长：首末两次报道原文数值、增长率及计算方法",
        "first": "首次",
        "last": "最近",
        "reports": "共{n}次报道",
        "breaks": "断点：{b}",
        "none": "无",
        "growth": "年均{g:+.1f}%",
        "interval": "（95%区间 {lo:+.1f}至{hi:+.1f}）",
        "least_squares": "对数线性最小二乘拟合",
        "two_point": "按天数年化的复合增长，仅两个数据点",
        "flat": "持平：各次报道数值相同",
        "rate": "比率变化{c:+.4g}个百分点，不计增长率",
        "close": "相隔{m:.1f}个月，不作年化",
        "alone": "断点两侧不计增长",
        "other": "不计增长率",
        "after": "断点后：",
        "spans": "统计期不同（{p}），不计增长",
        "change": "相对基期的变化量，不计增长率",
        "at_least": "含约数（余、近），实际增长不低于此",
        "at_most": "含约数（余、近），实际增长不高于此",
        "break": "{d}（{why}）",
    },
}
BREAK_WORDS_ZH = {
    "populations differ": "总体不同",
    "scope mislabelled": "口径疑误",
    "definition changed": "定义变更",
}


def growth_card_lines(card: pd.DataFrame, lang: str = "en") -> list[str]:
    """The lines of one series' card: first and last figure, growth, method, reports, breaks.

    ``card`` holds the rows of `growth.growth_rates` for one series (one per segment).
    """
    text = CARD_TEXT[lang]
    first, last = card.iloc[0], card.iloc[-1]
    lines = [
        f"{text['first']}  {first['first_mention']}  {first['first_as_of']:%Y-%m-%d}  {first['first_doc_id']}",
        f"{text['last']}  {last['last_mention']}  {last['last_as_of']:%Y-%m-%d}  {last['last_doc_id']}",
    ]
    for _, part in card.iterrows():
        prefix = text["after"] if part["segment"] > 1 else ""
        if part["method"] == "none" and (len(card) > 1 and part["n_obs"] < 2):
            continue
        lines += [prefix + line for line in _card_growth(part, text)]
    if len(card) > 1 and not (card["method"] != "none").any():
        lines.append(text["alone"])
    lines.append(text["reports"].format(n=int(first["series_n_obs"])))
    lines.append(text["breaks"].format(b=_card_breaks(first["breaks"], lang) or text["none"]))
    return lines


def _card_growth(part, text: dict) -> list[str]:
    """The growth (or why there is none) and, on its own line, the method."""
    if part["method"] != "none":
        if part["growth_pct"] == 0 and part["growth_low"] == 0:
            return [text["flat"]]
        shown = text["growth"].format(g=part["growth_pct"])
        if pd.notna(part["growth_low"]):
            shown += text["interval"].format(lo=part["growth_low"], hi=part["growth_high"])
        bound = [text[side] for side in ("at_least", "at_most") if _note_says(part["note"], side)]
        return [shown, text[part["method"]], *bound]
    if part.get("periods") and part["n_obs"] >= 2 and pd.isna(part["change"]):
        # a flow over periods that differ: `growth_rates` computes no change across them
        return [text["spans"].format(p=part["periods"].replace("the whole of ", ""))]
    if part["kind"] == "change":
        return [text["change"]]
    if part["kind"] == "rate":
        return [text["rate"].format(c=part["change"])]
    if part["n_obs"] >= 2 and part["years"] * 12 < 3:
        return [text["close"].format(m=part["years"] * 12)]
    return [text["other"]]


def _note_says(note: object, key: str) -> bool:
    """Whether a growth note (in either language) holds growth's words for ``key``."""
    return any(words[key] in str(note) for words in GROWTH_WORDS.values())


BREAK_ITEM = re.compile(r"(\d{4}-\d{2}-\d{2})\D{0,3}[:：]\s*(.*)")  # "before D: why" or "D前：why"


def _card_breaks(breaks: str, lang: str) -> str:
    parts = []
    for item in filter(None, re.split(r"; |；", str(breaks))):
        found = BREAK_ITEM.search(item)
        if found is None:
            continue
        date, why = found.group(1), re.split(r" \(|（", found.group(2))[0]
        parts.append(
            CARD_TEXT[lang]["break"].format(
                d=date, why=BREAK_WORDS_ZH.get(why, why) if lang == "zh" else why
            )
        )
    return ("；" if lang == "zh" else "; ").join(parts)


NO_LINE_START = set("）)】」』，。、；：！？%")  # closing marks stay with what they close


def _wrap(line: str, units: int) -> str:
    """``line`` broken before it is wider than ``units`` (a Han character two, anything else
    one), at a space where there is one, the lines after the first indented; a closing mark
    never starts a line.

    >>> print(_wrap("compound, annualised by days: two points only", 30))
    compound, annualised by days:
      two points only
    >>> print(_wrap("年均+36.1%（95%区间 -7.5至+100.2）", 33))
    年均+36.1%（95%区间 -7.5至+100.2）
    """
    lines, current, width = [], "", 0
    for token in re.findall(
        r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]|\s+|[^\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+",
        line,
    ):
        size = sum(2 if ord(c) >= 0x3000 else 1 for c in token)
        if width + size > units and current.strip() and token not in NO_LINE_START:
            lines.append(current.rstrip())
            current, width = "  ", 2
            if token.isspace():
                continue
        current, width = current + token, width + size
    return "\n".join([*lines, current.rstrip()])


def plot_growth_cards(
    rates: pd.DataFrame, indicators: pd.DataFrame, lang: str = "en", cols: int = 4
) -> Figure:
    """One small card per series: its figures as printed, growth and method, reports and
    breaks, over a sparkline of every report (dashed where the series breaks)."""
    import textwrap  # titles wrap to the card

    _require_rows(rates, "growth-rate table")
    with use_theme(lang) as style:
        names = region_names(lang)
        keys = list(dict.fromkeys(zip(rates["indicator_id"], rates["region"], strict=True)))
        ncols = min(cols, len(keys))
        nrows = -(-len(keys) // ncols)
        fig, axes = _figure(
            nrows, ncols, figsize=(FIGURE_WIDTH / cols * ncols, 3.25 * nrows + 0.9), squeeze=False
        )
        obs = observations(indicators, list(dict.fromkeys(rates["indicator_id"])))
        width = 15 if lang == "zh" else 30
        for ax, (indicator_id, region) in zip(axes.flat, keys, strict=False):
            card = rates[(rates["indicator_id"] == indicator_id) & (rates["region"] == region)]
            first = card.iloc[0]
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_facecolor("#f6f6f6")
            title = f"{indicator_label(first, lang)} · {region_label(region, lang, names)}"
            ax.set_title(textwrap.fill(title, width), loc="left", fontsize=9.5)
            y = 0.95
            for i, line in enumerate(growth_card_lines(card, lang)):
                growth = i == 2  # the growth and its method: the card's headline
                wrapped = _wrap(line, 33 if growth else 37)
                ax.text(
                    0.03,
                    y,
                    wrapped,
                    transform=ax.transAxes,
                    va="top",
                    linespacing=1.15,
                    fontsize=9 if growth else 8,
                    color="C0" if growth else "#222222",
                )
                y -= 0.074 * (wrapped.count("\n") + 1) + 0.012
            series = obs[(obs["indicator_id"] == indicator_id) & (obs["region"] == region)]
            spark = ax.inset_axes((0.03, 0.03, 0.94, 0.14))
            spark.plot(series["as_of"], series["value"], marker="o", ms=3, lw=1, color="C0")
            for end, start in zip(
                card["last_as_of"].iloc[:-1], card["first_as_of"].iloc[1:], strict=True
            ):
                spark.axvline(end + (start - end) / 2, color="C3", ls="--", lw=1)
            spark.set_axis_off()
        for ax in list(axes.flat)[len(keys) :]:
            ax.set_visible(False)
        fig.tight_layout(rect=(0, 0.04, 1, 0.93))
        source = source_line(
            pd.concat([rates["first_doc_id"], rates["last_doc_id"]]), indicators, lang
        )
        return _finish(fig, CARD_TEXT[lang]["title"], source, style)
