"""Growth cards: one card per series, its first and last figure as printed, the growth
and its method, the number of reports and the breaks, over a line of every report.

The cards are text, so they are HTML (a Jinja2 template, autoescaped), not a figure:
drawing them with matplotlib (twenty axes, a hundred text artists, laid out, then drawn
for the PNG and again for the SVG) took about 1.4 s of the growth page's 3.4 s, the
longest notebook of a report (measured in one process, load 2.5); the HTML takes a few
milliseconds, reflows to one card a row on a phone where the image shrank to unreadable
text, and its words can be searched, copied and read by a screen reader. The line of
every report is a small inline SVG, drawn here from the values: it needs no axes.
A card's figures link to their sentences on the articles' pages in a report run, as a
table's do (`plots.links`).

>>> from zibo_analysis.dataset import load_indicators
>>> from zibo_analysis.growth import growth_rates
>>> indicators = load_indicators()
>>> cards = plot_growth_cards(growth_rates(indicators, region="Zibo"), indicators)
>>> cards.caption.title
'Growth of each series: first and last figure as printed, growth and method'
>>> cards.to_html(link=False).count('<li class="zc-card">') == len(cards.cards)
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import pandas as pd

from zibo_analysis.growth import in_points, observations
from zibo_analysis.growth.words import WORDS as GROWTH_WORDS
from zibo_analysis.hanzi import marked_html, text_lang
from zibo_analysis.plots.figures import (
    Caption,
    _require_rows,
    indicator_label,
    region_label,
    region_names,
    source_line,
)
from zibo_analysis.plots.links import source_href
from zibo_analysis.table_assets import CARD_COLOURS, assets_html
from zibo_analysis.vocab import LANG_TAGS, LANGS

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
        "rate": "a rate: {c:+.4g}{u}, no growth rate",
        "close": "{m:.1f} months apart: not annualised",
        "alone": "no growth across the break",
        "other": "no growth rate",
        "after": "after the break: ",
        "spans": "different periods ({p}): no growth",
        "change": "a change against a base: no growth rate of it",
        "units": {"percent": " percentage points", "per_mille": "‰", "per_100k": " per 100,000"},
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
        "rate": "比率变化{c:+.4g}{u}，不计增长率",
        "close": "相隔{m:.1f}个月，不作年化",
        "alone": "断点两侧不计增长",
        "other": "不计增长率",
        "after": "断点后：",
        "spans": "统计期不同（{p}），不计增长",
        "change": "相对基期的变化量，不计增长率",
        "units": {"percent": "个百分点", "per_mille": "‰", "per_100k": "/10万"},
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
    ends, lines = _card_parts(card, lang)
    return [f"{e.label}  {e.mention}  {e.date}  {e.doc_id}" for e in ends] + lines


@dataclass(frozen=True)
class End:
    """The first or the last figure of a card: as printed, its date, article and row."""

    label: str
    mention: str
    date: str
    doc_id: str
    obs_id: str


def signed(mention: object, value: float, kind: str) -> str:
    """A change as printed, with the minus its words gave it (下降0.15个百分点 prints 0.15个百分点).

    >>> signed("0.15个百分点", -0.15, "change"), signed("3.1%", 3.1, "rate")
    ('−0.15个百分点', '3.1%')
    """
    text = str(mention)
    return (
        f"−{text}" if kind == "change" and value < 0 and not text.startswith(("-", "−")) else text
    )


def _card_parts(card: pd.DataFrame, lang: str) -> tuple[list[End], list[str]]:
    """A card's first and last figure, then its lines: growth (the first is the card's
    headline), method, reports, breaks."""
    text = CARD_TEXT[lang]
    first, last = card.iloc[0], card.iloc[-1]
    ends = [
        End(
            text[which],
            signed(row[f"{which}_mention"], row[f"{which}_value"], row["kind"]),
            f"{row[f'{which}_as_of']:%Y-%m-%d}",
            str(row[f"{which}_doc_id"]),
            str(row.get(f"{which}_obs_id", "") or ""),
        )
        for which, row in (("first", first), ("last", last))
    ]
    lines = []
    for _, part in card.iterrows():
        prefix = text["after"] if part["segment"] > 1 else ""
        if part["method"] == "none" and (len(card) > 1 and part["n_obs"] < 2):
            continue
        lines += [prefix + line for line in _card_growth(part, text)]
    if len(card) > 1 and not (card["method"] != "none").any():
        lines.append(text["alone"])
    lines.append(text["reports"].format(n=int(first["series_n_obs"])))
    lines.append(text["breaks"].format(b=_card_breaks(first["breaks"], lang) or text["none"]))
    return ends, lines


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
    if in_points([part["kind"]], [part["unit"]])[0]:
        return [text["rate"].format(c=part["change"], u=text["units"].get(part["unit"], ""))]
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


# The line of every report: an SVG this many units wide and high (it scales with its card),
# the points this far from its edges.
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 200, 36, 5

CARDS_TEMPLATE = """\
<figure class="zibo-figure zibo-cards" lang="{{ lang }}">
<ul class="zc-grid">
{%- for card in cards %}
<li class="zc-card">
<p class="zc-title">{{ card.title }}</p>
{%- for end in card.ends %}
<p class="zc-end"><span class="zc-label">{{ end.label }}</span> \
{% if link and end.obs_id %}<a href="{{ end.href }}">{{ end.mention }}</a>{% else %}{{ end.mention }}{% endif %} \
<span class="zc-date">{{ end.date }}</span> <span class="zc-doc" lang="en">{{ end.doc_id }}</span></p>
{%- endfor %}
{%- for line in card.lines %}
<p{% if loop.first %} class="zc-growth"{% endif %}>{{ line }}</p>
{%- endfor %}
<svg class="zc-spark" viewBox="0 0 {{ width }} {{ height }}" aria-hidden="true" focusable="false">
{%- for x in card.spark.breaks %}
<line class="zc-break" x1="{{ x }}" y1="1" x2="{{ x }}" y2="{{ height - 1 }}" \
stroke="{{ colours.break }}" stroke-width="1.5" stroke-dasharray="4 3"/>
{%- endfor %}
<polyline points="{% for x, y in card.spark.points %}{{ x }},{{ y }} {% endfor %}" \
fill="none" stroke="{{ colours.accent }}" stroke-width="1.5"/>
{%- for x, y in card.spark.points %}<circle cx="{{ x }}" cy="{{ y }}" r="2.6" fill="{{ colours.accent }}"/>{% endfor -%}
</svg>
</li>
{%- endfor %}
</ul>
<figcaption><span class="zibo-figure-title">{{ caption.title }}</span>\
{%- if caption.source %}<span class="zibo-figure-source">{{ caption.source }}</span>{% endif %}</figcaption>
</figure>
"""


@functools.cache
def _template():
    """The cards' template, compiled once (jinja2 is imported when cards are first shown)."""
    import jinja2

    return jinja2.Environment(autoescape=True, trim_blocks=False).from_string(CARDS_TEMPLATE)


@dataclass
class GrowthCards:
    """The growth cards of a page: one dict per card (title, ends, lines, spark), their
    caption and language. Shown as HTML (`to_html`); IPython shows it by ``_repr_html_``,
    and in a report run `plots.output.ReportOutput` shows it with its figures linked to
    their sentences and its stylesheet named in the output's metadata (``assets``), so that
    a page holds the stylesheet once."""

    cards: list[dict]
    caption: Caption
    lang: str = "en"
    link: bool | None = None  # None: linked in a report run only (see `plots.output`)
    assets: list[str] = field(default_factory=lambda: ["cards"])

    def to_html(self, link: bool) -> str:
        """The cards' stylesheet, then the cards; each first and last figure a link to its
        sentence when ``link``."""
        body = _template().render(
            cards=self.cards,
            caption=self.caption,
            lang=LANG_TAGS[self.lang],
            link=link,
            width=SPARK_WIDTH,
            height=SPARK_HEIGHT,
            colours=CARD_COLOURS,
        )
        return assets_html(self.assets) + body

    def _repr_html_(self) -> str:
        return self.to_html(bool(self.link))

    def __repr__(self) -> str:
        return "\n\n".join("\n".join([c["title_text"], *c["text_lines"]]) for c in self.cards)


def _marked(text: str, lang: str):
    """``text`` as HTML in a card of ``lang``: in a Chinese card the ids and codes it holds
    declare their language (`hanzi.marked_html`); in an English card a Chinese figure as
    printed declares its own."""
    from markupsafe import Markup, escape

    if lang == "zh":
        return Markup(marked_html(text))
    if text_lang(text) == "zh":
        return Markup(f'<span lang="{LANG_TAGS["zh"]}">{escape(text)}</span>')
    return text


def spark(series: pd.DataFrame, breaks: list[pd.Timestamp]) -> dict:
    """Where the line of every report goes in an SVG of `SPARK_WIDTH` by `SPARK_HEIGHT`:
    each report's (x, y) (time across, value up; a flat series in the middle) and the x of
    each break.

    >>> line = spark(pd.DataFrame({"as_of": pd.to_datetime(["2021-01-01", "2022-01-01"]),
    ...                            "value": [40.0, 50.0]}), [pd.Timestamp("2021-07-02")])
    >>> line["points"], line["breaks"]
    ([('5.0', '31.0'), ('195.0', '5.0')], ['99.7'])
    """
    times = series["as_of"].astype("datetime64[ns]").astype("int64").to_numpy(float)
    values = series["value"].to_numpy(float)
    x0, x1 = times.min(), times.max()
    y0, y1 = values.min(), values.max()
    inner_w, inner_h = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD

    def across(t):
        return SPARK_PAD + (t - x0) / (x1 - x0) * inner_w if x1 > x0 else SPARK_WIDTH / 2

    ys = (
        SPARK_HEIGHT - SPARK_PAD - (values - y0) / (y1 - y0) * inner_h
        if y1 > y0
        else values * 0 + SPARK_HEIGHT / 2
    )
    points = [(f"{across(t):.1f}", f"{y:.1f}") for t, y in zip(times, ys, strict=True)]
    cut = [across(pd.Timestamp(b).value) for b in breaks]
    return {"points": points, "breaks": [f"{x:.1f}" for x in cut]}


def plot_growth_cards(
    rates: pd.DataFrame, indicators: pd.DataFrame, lang: str = "en", cols: int = 4
) -> GrowthCards:
    """One card per series: its figures as printed, growth and method, reports and breaks,
    over a line of every report (dashed where the series breaks). ``cols`` is kept for
    callers of the drawn cards; the cards now fill the page's width, one a row on a phone.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    _require_rows(rates, "growth-rate table")
    names = region_names(lang)
    keys = list(dict.fromkeys(zip(rates["indicator_id"], rates["region"], strict=True)))
    obs = observations(indicators, list(dict.fromkeys(rates["indicator_id"])))
    cards = []
    for indicator_id, region in keys:
        card = rates[(rates["indicator_id"] == indicator_id) & (rates["region"] == region)]
        first = card.iloc[0]
        title = f"{indicator_label(first, lang)} · {region_label(region, lang, names)}"
        ends, lines = _card_parts(card, lang)
        series = obs[(obs["indicator_id"] == indicator_id) & (obs["region"] == region)]
        breaks = [
            end + (start - end) / 2
            for end, start in zip(
                card["last_as_of"].iloc[:-1], card["first_as_of"].iloc[1:], strict=True
            )
        ]
        cards.append(
            {
                "title": _marked(title, lang),
                "ends": [
                    {
                        "label": e.label,
                        "mention": _marked(e.mention, lang),
                        "date": e.date,
                        "doc_id": e.doc_id,
                        "obs_id": e.obs_id,
                        "href": source_href(e.doc_id, e.obs_id),
                    }
                    for e in ends
                ],
                "lines": [_marked(line, lang) for line in lines],
                "spark": spark(series, breaks),
                "title_text": title,
                "text_lines": growth_card_lines(card, lang),
            }
        )
    source = source_line(pd.concat([rates["first_doc_id"], rates["last_doc_id"]]), indicators, lang)
    caption = Caption(CARD_TEXT[lang]["title"], _marked(source, lang))
    return GrowthCards(cards, caption, lang)
