"""Seaborn figures that read well in Chinese and English.

matplotlib's default font has no CJK glyphs and seaborn's ``set_theme`` resets the
font list, so `use_theme` sets the theme first and the CJK font after it. The font
is Noto Sans CJK SC (SIL Open Font License 1.1), shipped inside the ``mplfonts``
wheel that the project installs; it is registered from that file, nothing is
copied into matplotlib's own folders.

>>> from zibo_analysis.dataset import load_indicators
>>> from zibo_analysis.coverage import coverage_table
>>> fig = plot_coverage(coverage_table(load_indicators()), lang="zh")
>>> fig.get_suptitle()
'覆盖率与目标对照'
>>> fig.axes[0].get_title(loc="left")
'医疗服务'

"""

from __future__ import annotations

import importlib.resources
import textwrap
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import matplotlib
import matplotlib.dates
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import pandas as pd
import seaborn as sns
from cycler import cycler
from matplotlib import font_manager
from matplotlib.figure import Figure

from zibo_analysis.growth import (
    MIN_POINTS_TO_FIT,
    observations,
    period_words,
    trend_band,
    unlike_spans,
)
from zibo_analysis.plots.labels import date_ticks, place_labels
from zibo_analysis.vocab import LANGS

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_NAME = "Noto Sans CJK SC"
# The widest a figure is drawn, in inches at 100 dpi: 1080 px, the text column of a page at
# 1400 px (so that the figure is shown at its own size and its 8 pt text is 11 px) and about
# the width of an A4 landscape sheet within its margins. Grids of panels share it out.
FIGURE_WIDTH = 10.8
VERDICT_COLOURS = {
    "met": "#1b7837",
    "not met": "#c51b7d",
    "not yet due": "#2166ac",
    "uncertain": "#e08214",
    "no target": "#7f7f7f",
    "no actual yet": "#bdbdbd",
}

# a measure word in English words, for an axis label (in Chinese the word itself is used)
UNIT_WORDS = {
    "名": "people",
    "人": "people",
    "人次": "visits (person-times)",
    "家": "institutions",
    "家次": "institution visits",
    "个": "count",
    "张": "count",
    "条": "count",
    "件": "cases",
    "份": "samples",
    "册": "copies",
    "场": "events",
    "场次": "events",
    "处": "sites",
    "支": "teams",
    "期": "sessions",
    "批": "batches",
    "种": "kinds",
    "类": "categories",
    "起": "events",
    "次": "times",
    "项": "items",
    "剂次": "doses",
    "户": "households",
    "辆": "vehicles",
    "天": "days",
    "年": "years",
    "分钟": "minutes",
    "公里": "km",
}
TEXT = {
    "en": {
        "coverage_title": "Coverage rates against their targets",
        "coverage_x": "Rate (%)",
        "coverage_x_bases": "Rate (%, or the base in the panel's title)",
        "without_target": "{n} rates without a target (see the table)",
        "without_target_1": "1 rate without a target (see the table)",
        "target": "target",
        "growth_title": "Reported values over time",
        "flagged_title": "Series with a quality flag: every report of each",
        "fitted": "fitted trend, 95% band",
        "fitted_log": "fitted trend (on logs: a count stays above zero), 95% band",
        "fitted_clipped": "fitted trend, 95% band (cut at what the figure can be)",
        "regions_title": "The same rate in different regions (dates differ)",
        "source": "Source",
        "verdict": {
            "met": "met",
            "not met": "not met",
            "not yet due": "not yet due",
            "uncertain": "uncertain",
            "no target": "no target",
            "no actual yet": "target only",
        },
        "topic": {
            "health_care": "Health care",
            "public_health": "Public health",
            "insurance": "Insurance",
            "employment": "Employment",
            "entrepreneurship": "Entrepreneurship",
        },
        "units": {
            "percent": "%",
            "yuan": "yuan",
            "percentage_point": "percentage points",
            "per_mille": "‰",
            "per_100k": "per 100,000",
            **UNIT_WORDS,
        },
        "facts_x": "Topic (each cell: number of facts)",
        "facts_title": "Facts per article and topic",
    },
    "zh": {
        "coverage_title": "覆盖率与目标对照",
        "coverage_x": "比率（%）",
        "coverage_x_bases": "比率（%，或以分图标题所注单位计）",
        "without_target": "无目标的比率 {n} 项（见下表）",
        "without_target_1": "无目标的比率 1 项（见下表）",
        "target": "目标",
        "growth_title": "各次报道的数值变化",
        "flagged_title": "存在质量问题的序列：各次报道数值",
        "fitted": "拟合趋势及95%置信带",
        "fitted_log": "拟合趋势（对数拟合，计数不低于零）及95%置信带",
        "fitted_clipped": "拟合趋势及95%置信带（截于取值范围）",
        "regions_title": "不同地区的同一比率（日期不同）",
        "source": "来源",
        "verdict": {
            "met": "达标",
            "not met": "未达标",
            "not yet due": "未到期",
            "uncertain": "不确定",
            "no target": "无目标",
            "no actual yet": "仅有目标",
        },
        "topic": {
            "health_care": "医疗服务",
            "public_health": "公共卫生",
            "insurance": "医疗保障",
            "employment": "就业",
            "entrepreneurship": "创业",
        },
        "units": {
            "percent": "%",
            "yuan": "元",
            "percentage_point": "个百分点",
            "per_mille": "‰",
            "per_100k": "/10万",
        },
        "facts_x": "主题（格中为数据条目数）",
        "facts_title": "各篇报道的数据条目（按主题）",
    },
}


def _load_sources() -> pd.DataFrame:
    """doc_id and published, for a source line when the caller passes no indicators."""
    from zibo_analysis.dataset import load_sources

    return load_sources()[["doc_id", "published"]]


def cjk_font_path() -> str:
    return str(importlib.resources.files("mplfonts") / "fonts" / CJK_FONT_FILE)


def theme(lang: str = "en") -> dict:
    """The rcParams of every figure: seaborn's theme (notebook context, white grid, the
    colour-blind palette) with the CJK font after it, as seaborn's ``set_theme`` would set
    them, but as data for `use_theme` rather than a change to the process's rcParams."""
    _check_lang(lang)
    if CJK_FONT_NAME not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(cjk_font_path())
    return {
        **sns.plotting_context("notebook"),
        **sns.axes_style("whitegrid"),
        "axes.prop_cycle": cycler(color=sns.color_palette("colorblind")),
        "font.family": "sans-serif",
        "font.sans-serif": [CJK_FONT_NAME, "DejaVu Sans"],
        "axes.unicode_minus": False,  # the CJK font has no U+2212 minus
        "svg.hashsalt": "zibo-analysis",  # stable ids in SVG output
        "figure.dpi": 100,
    }


@contextmanager
def use_theme(lang: str = "en") -> Iterator[dict]:
    """Within the block, figures are made in `theme`; the process's rcParams are restored
    as the block ends. The theme is given to the block, so that a figure can keep it.

    >>> before = dict(plt.rcParams)
    >>> with use_theme("zh") as rc:
    ...     plt.rcParams["font.sans-serif"][0] == CJK_FONT_NAME == rc["font.sans-serif"][0]
    True
    >>> dict(plt.rcParams) == before
    True
    """
    rc = theme(lang)
    with matplotlib.rc_context(rc):
        yield rc


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")


@dataclass(frozen=True)
class Caption:
    """What a figure's caption says: its title and the line naming its sources."""

    title: str = ""
    source: str = ""


class CaptionedFigure(Figure):
    """A figure made here: it keeps its caption and the theme it was made in, as data.

    Whatever shows or saves it (`plots.output`, the inline backend, ``savefig``) draws it
    in its theme again: the font of a tick label or of a Chinese title is looked up when
    the figure is drawn, not when the label is made. ``source_text`` is the drawn source
    line, which a report page gives in the caption instead.
    """

    caption: Caption = Caption()
    style: dict = {}
    source_text = None

    def draw(self, renderer) -> None:
        with matplotlib.rc_context(self.style):
            super().draw(renderer)


def indicator_label(row, lang: str) -> str:
    return row["indicator_zh"] if lang == "zh" else row["indicator_en"]


def region_names(lang: str) -> dict[str, str]:
    """Each region id's name in ``lang``, from data/regions.csv."""
    from zibo_analysis.dataset import load_regions

    regions = load_regions()
    return dict(zip(regions["region_id"], regions[f"name_{lang}"], strict=True))


def region_label(region: str, lang: str, names: dict[str, str] | None = None) -> str:
    """A region's name in ``lang`` (``names`` from `region_names`, read here when not given);
    its id when data/regions.csv does not name it.

    >>> region_label("Zichuan", "zh"), region_label("Nowhere", "zh", {})
    ('淄川区', 'Nowhere')
    """
    names = region_names(lang) if names is None else names
    return names.get(region, region)


def source_line(doc_ids: Iterable[str], indicators: pd.DataFrame, lang: str) -> str:
    """ "Source: zibo-2021-11 (2021-11-10); ..." (来源：zibo-2021-11（2021-11-10）；...) for the
    articles a figure draws on."""
    published = indicators.drop_duplicates("doc_id").set_index("doc_id")["published"]
    docs = sorted(
        set(map(str, doc_ids)) - {"None", "nan"}, key=lambda d: published.get(d, pd.Timestamp.max)
    )
    shape, sep, colon = (
        ("{d}（{p:%Y-%m-%d}）", "；", "：") if lang == "zh" else ("{d} ({p:%Y-%m-%d})", "; ", ": ")
    )
    parts = [shape.format(d=d, p=published[d]) for d in docs if d in published.index]
    return f"{TEXT[lang]['source']}{colon}" + sep.join(parts)


def _require_rows(table: pd.DataFrame, what: str) -> None:
    if table.empty:
        raise ValueError(f"nothing to plot: the {what} is empty (check the selection first)")


def _figure(*args, **kwargs) -> tuple[CaptionedFigure, np.ndarray]:
    """``plt.subplots`` for a `CaptionedFigure` (call it within `use_theme`)."""
    return plt.subplots(*args, FigureClass=CaptionedFigure, **kwargs)


def _finish(fig: CaptionedFigure, title: str, source: str, style: dict) -> CaptionedFigure:
    """The figure with its title and source line drawn, and its caption and theme kept."""
    fig.suptitle(title, fontsize=15, x=0.01, ha="left")  # one weight: no bold
    fig.source_text = fig.text(
        0.01, 0.005, source, fontsize=8, color="#555555", ha="left", va="bottom", wrap=True
    )
    fig.caption, fig.style = Caption(title, source), style
    return fig


def _panel_title(ax, title: str, **kwargs) -> None:
    """A panel's title just above it. Placed there (``y=1``), not left for matplotlib to
    place: with no tick labels at the top and no offset text on the y axis (the panels'
    formatters never make one) that is where it would go, but it measures every tick label
    of the y axis once per title on every drawing to find out (0.1 s of the growth figure,
    measured), and the same title was measured again for the PNG and for the SVG."""
    ax.set_title(title, y=1, **kwargs)


def figure_caption(fig: Figure) -> tuple[str, str]:
    """The title and the source line a figure was made with, e.g. for a caption or alt text.

    ("", "") for a figure not made here.
    """
    caption = fig.caption if isinstance(fig, CaptionedFigure) else Caption()
    return caption.title, caption.source


def unit_label(unit: str, lang: str) -> str:
    """A unit for an axis: words in English (名 -> people), the measure word in Chinese."""
    return TEXT[lang]["units"].get(unit, unit)


def _unit_axis(ax, unit: str, lang: str) -> None:
    """The y axis names its unit: rotated words in English, an upright measure word in Chinese."""
    if lang == "zh":
        ax.set_ylabel(unit_label(unit, lang), rotation=0, ha="right", va="center", labelpad=6)
    else:
        ax.set_ylabel(unit_label(unit, lang))


def plot_coverage(
    coverage: pd.DataFrame, lang: str = "en", indicators: pd.DataFrame | None = None
) -> Figure:
    """Rates as dots against their targets (|), one panel per topic and base (%, ‰, /10万),
    coloured by verdict: a rate per 1,000 or per 100,000 gets a panel and a scale of its own.

    A rate without a target has no verdict to show: the rates without one are summarised
    in one row per panel (their values as small grey dots), and the table lists each."""
    _require_rows(coverage, "coverage table")
    with use_theme(lang) as style:
        names = region_names(lang)
        text = TEXT[lang]
        data = coverage.copy()
        units = (
            data["unit"].astype(str) if "unit" in data else pd.Series("percent", index=data.index)
        )
        data["topic"] = [
            t if u == "percent" else f"{t}|{u}"
            for t, u in zip(data["topic"].astype(str), units, strict=True)
        ]
        dated = data["as_of"].fillna(data["target_as_of"])  # a target alone: its due date
        data["label"] = [
            f"{indicator_label(r, lang)} · {region_label(r['region'], lang, names)} · {when:%Y-%m}"
            for (_, r), when in zip(data.iterrows(), dated, strict=True)
        ]
        present = set(data["topic"])
        topics = [k for t in text["topic"] for k in sorted(present) if k.split("|")[0] == t]
        bases = {t.partition("|")[2] for t in topics}
        alone = (data["verdict"] == "no target").to_numpy()
        sizes = []
        for t in topics:
            here = (data["topic"].astype(str) == t).to_numpy()
            sizes.append(max(1, int((here & ~alone).sum()) + int((here & alone).any())))
        fig, axes = _figure(
            len(topics),
            1,
            figsize=(10, 1.2 + 0.32 * sum(sizes) + 0.5 * len(topics)),
            sharex=bases == {""},
            height_ratios=sizes,
            squeeze=False,
        )
        for ax, topic in zip(axes[:, 0], topics, strict=True):
            here = data["topic"].astype(str) == topic
            part = data[here & ~alone].sort_values(["value", "target"], na_position="first")
            without = data[here & alone]
            first = 1 if len(without) else 0
            y = np.arange(len(part)) + first
            if len(without):
                ax.scatter(
                    without["value"],
                    np.zeros(len(without)),
                    s=28,
                    color=VERDICT_COLOURS["no target"],
                    alpha=0.75,
                    zorder=3,
                    label=text["verdict"]["no target"],
                )
            for verdict_name, colour in VERDICT_COLOURS.items():
                chosen = (part["verdict"] == verdict_name).to_numpy()
                if chosen.any():
                    ax.scatter(
                        part["value"].to_numpy()[chosen],
                        y[chosen],
                        s=55,
                        color=colour,
                        zorder=3,
                        label=text["verdict"][verdict_name],
                    )
            has_target = part["target"].notna().to_numpy()
            ax.scatter(
                part["target"].to_numpy()[has_target],
                y[has_target],
                marker="|",
                s=260,
                linewidths=2.5,
                color="#222222",
                zorder=4,
                label=text["target"],
            )
            summary = text["without_target_1" if len(without) == 1 else "without_target"].format(
                n=len(without)
            )
            labels = ([summary] if len(without) else []) + list(part["label"])
            ax.set_yticks(range(len(labels)), labels)
            if len(without):
                ax.get_yticklabels()[0].set_color("#555555")
            ax.set_ylim(-0.7, len(labels) - 0.3)
            name, _, base = topic.partition("|")
            shown = data[here]
            if base:  # a base of its own: its own scale, named in the title
                _panel_title(
                    ax,
                    f"{text['topic'][name]} ({text['units'].get(base, base)})",
                    loc="left",
                    fontsize=11,
                )
                top = np.nanmax([shown["value"].max(), shown["target"].max(), 0])
                ax.set_xlim(0, top * 1.25 + 1)
                ax.tick_params(labelbottom=True)
            else:
                _panel_title(ax, text["topic"][name], loc="left", fontsize=11)
                ax.set_xlim(
                    min(40, np.nanmin([shown["value"].min(), shown["target"].min(), 100])) - 5, 102
                )
        axes[-1, 0].set_xlabel(text["coverage_x"] if bases == {""} else text["coverage_x_bases"])
        handles, labels = _unique_legend(fig)
        fig.legend(
            handles, labels, loc="upper right", ncols=min(5, len(labels)), frameon=False, fontsize=9
        )
        source = source_line(
            pd.concat([data["doc_id"], data["target_doc_id"]]),
            indicators if indicators is not None else _load_sources(),
            lang,
        )
        fig.tight_layout(rect=(0, 0.03, 1, 0.94))
        return _finish(fig, text["coverage_title"], source, style)


def _unique_legend(fig: Figure):
    seen: dict[str, object] = {}
    for ax in fig.axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(label, handle)
    return list(seen.values()), list(seen.keys())


def plot_growth(
    indicators: pd.DataFrame,
    indicator_ids: list[str] | None = None,
    region: str | None = None,
    lang: str = "en",
    min_points: int = 3,
    cols: int = 4,
    title: str | None = None,
) -> Figure:
    """Each series over time: points labelled with the figure as printed and its source
    article, and a fitted trend with its 95% band where there are ``min_points`` or more
    reports (`growth.trend_band`: on logs for a count, so that the band stays above zero).
    A flow whose reports cover different periods gets no trend, and each point names its
    period. The y axis names the unit; labels are placed so that none collide."""
    with use_theme(lang) as style:
        names = region_names(lang)
        text = TEXT[lang]
        obs = observations(indicators, indicator_ids, region)
        counts = obs.groupby(["indicator_id", "region"], observed=True).size()
        keys = [k for k, n in counts.items() if n >= 2]
        if not keys:
            raise ValueError(
                "nothing to plot: no series with two or more reports for these indicators and region"
            )
        needed = max(min_points, MIN_POINTS_TO_FIT)
        rows = -(-len(keys) // cols)
        fig, axes = _figure(
            rows,
            min(cols, len(keys)),
            figsize=(FIGURE_WIDTH / cols * min(cols, len(keys)), 2.75 * rows + 0.8),
            squeeze=False,
        )
        panels = []
        for ax, (indicator_id, reg) in zip(axes.flat, keys, strict=False):
            series = obs[(obs["indicator_id"] == indicator_id) & (obs["region"] == reg)]
            first = series.iloc[0]
            unlike = unlike_spans(series)
            fitted = len(series) >= needed and series["value"].nunique() > 1 and not unlike
            if fitted:
                line = trend_band(series)
                which = (
                    "fitted_log"
                    if line.attrs["model"] == "log-linear"
                    else "fitted_clipped"
                    if line.attrs["clipped"]
                    else "fitted"
                )
                ax.fill_between(
                    line["as_of"],
                    line["low"],
                    line["high"],
                    color="C0",
                    alpha=0.15,
                    label=text[which],
                )
                ax.plot(line["as_of"], line["mean"], color="C0", lw=1.5)
            # the reports joined in time order, then each report as a point: what seaborn's
            # lineplot and scatterplot draw for one series (a point edged in white), without
            # their semantic mapping and aggregation, which one series of unique dates never
            # needs (0.3 s of this figure's 1 s, measured)
            ax.plot(series["as_of"], series["value"], color="#444444", lw=0.8, ls="--")
            ax.scatter(
                series["as_of"],
                series["value"],
                s=60,
                color="C1",
                zorder=3,
                edgecolor="w",
                linewidth=0.08 * np.sqrt(60),
            )
            if series["value"].nunique() == 1:
                level = series["value"].iloc[0]
                ax.set_ylim(level * 0.8 - 1, level * 1.2 + 1)
            title_text = f"{indicator_label(first, lang)} · {region_label(reg, lang, names)}"
            _panel_title(ax, textwrap.fill(title_text, 20 if lang == "zh" else 36), fontsize=9.5)
            ax.set_xlabel("")
            _unit_axis(ax, first["unit"], lang)
            ax.margins(x=0.18, y=0.35)
            ax.tick_params(axis="x", labelsize=8.5)
            date_ticks(ax, series["as_of"], most=2 if cols > 3 else 4)
            ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,g}"))
            lines = [(matplotlib.dates.date2num(series["as_of"]), series["value"])]
            if fitted:
                lines.append((matplotlib.dates.date2num(line["as_of"]), line["mean"]))
            panels.append((ax, series, lines, unlike))
        for ax in list(axes.flat)[len(keys) :]:
            ax.set_visible(False)
        handles, labels = _unique_legend(fig)
        if labels:
            fig.legend(handles, labels, loc="upper right", frameon=False, fontsize=9)
        fig.tight_layout(rect=(0, 0.04, 1, 0.93))
        for (
            ax,
            series,
            lines,
            unlike,
        ) in panels:  # after the layout: labels go where the points are drawn
            labels = [f"{r['mention']}\n{r['doc_id']}" for _, r in series.iterrows()]
            if unlike:  # periods of different length: each point says which it covers
                labels = [
                    f"{r['mention']} ({_period(r, lang)})\n{r['doc_id']}"
                    for _, r in series.iterrows()
                ]
            place_labels(
                ax, matplotlib.dates.date2num(series["as_of"]), series["value"], labels, lines=lines
            )
        return _finish(
            fig, title or text["growth_title"], source_line(obs["doc_id"], indicators, lang), style
        )


def _period(row, lang: str) -> str:
    """The period a point covers, in short words: 1–7月 2018, 2024."""
    return period_words(row.get("period_start", pd.NaT), row["as_of"], short=True, lang=lang)


def plot_regions(comparison: pd.DataFrame, indicators: pd.DataFrame, lang: str = "en") -> Figure:
    """The same rate in several regions as dots, each labelled with its value and date.

    One row per indicator; the legend sits above the axes, off the points, and the labels
    are placed so that none covers another label or a point."""
    _require_rows(comparison, "comparison")
    with use_theme(lang) as style:
        names = region_names(lang)
        text = TEXT[lang]
        data = comparison.assign(
            indicator=[indicator_label(r, lang) for _, r in comparison.iterrows()],
            place=[region_label(r, lang, names) for r in comparison["region"]],
        )
        rows = list(dict.fromkeys(data["indicator"]))
        places = list(dict.fromkeys(data["place"]))
        colours = dict(
            zip(places, sns.color_palette("colorblind", len(places)).as_hex(), strict=True)
        )
        markers = dict(zip(places, "oXsD^v<>", strict=False))
        fig, ax = _figure(figsize=(9, 1.6 + 1.0 * len(rows)))
        y = data["indicator"].map({name: i for i, name in enumerate(rows)}).to_numpy(float)
        for place in places:
            chosen = (data["place"] == place).to_numpy()
            ax.scatter(
                data["value"].to_numpy()[chosen],
                y[chosen],
                s=110,
                marker=markers[place],
                color=colours[place],
                zorder=3,
                label=place,
            )
        ax.set_yticks(range(len(rows)), rows)
        ax.set_ylim(len(rows) - 0.4, -0.6)  # first indicator on top, room above and below each row
        low, high = data["value"].min(), data["value"].max()
        pad = max(1.0, (high - low) * 0.25)
        ax.set_xlim(low - pad, high + pad)
        ax.set_xlabel(text["coverage_x"])
        ax.set_ylabel("")
        fig.legend(
            title="",
            frameon=False,
            loc="upper right",
            ncols=len(places),
            fontsize=10,
            bbox_to_anchor=(0.99, 0.93),
        )
        fig.tight_layout(rect=(0, 0.05, 1, 0.84))
        place_labels(
            ax,
            data["value"],
            y,
            [f"{v:g}% ({d:%Y-%m})" for v, d in zip(data["value"], data["as_of"], strict=True)],
            fontsize=9,
            marker_size=110,
            colors=[colours[p] for p in data["place"]],
        )
        return _finish(
            fig, text["regions_title"], source_line(data["doc_id"], indicators, lang), style
        )


def plot_fact_counts(indicators: pd.DataFrame, lang: str = "en") -> Figure:
    """A heat map of facts per article and topic."""
    _require_rows(indicators, "indicator table")
    with use_theme(lang) as style:
        text = TEXT[lang]
        table = pd.crosstab(indicators["doc_id"].astype(str), indicators["topic"].astype(str))
        order = indicators.drop_duplicates("doc_id").sort_values("published")["doc_id"].astype(str)
        table = table.reindex(
            index=[d for d in order if d in table.index],
            columns=[t for t in text["topic"] if t in table.columns],
        )
        table.columns = [text["topic"][t] for t in table.columns]
        fig, ax = _figure(figsize=(8, 1.6 + 0.5 * len(table)))
        sns.heatmap(table, annot=True, fmt="d", cmap="Blues", cbar=False, linewidths=0.5, ax=ax)
        ax.set_xlabel(text["facts_x"])
        ax.set_ylabel("")
        fig.tight_layout(rect=(0, 0.05, 1, 0.9))
        return _finish(
            fig, text["facts_title"], source_line(indicators["doc_id"], indicators, lang), style
        )
