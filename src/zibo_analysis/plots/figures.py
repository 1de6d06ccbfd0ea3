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
from collections.abc import Iterable

import matplotlib.dates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.figure import Figure

from zibo_analysis.growth import MIN_POINTS_TO_FIT, fitted_line, observations
from zibo_analysis.vocab import LANGS

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_NAME = "Noto Sans CJK SC"
VERDICT_COLOURS = {"met": "#1b7837", "not met": "#c51b7d", "uncertain": "#e08214", "no target": "#7f7f7f", "no actual yet": "#bdbdbd"}  # fmt: skip

TEXT = {
    "en": {
        "coverage_title": "Coverage rates against their targets",
        "coverage_x": "Rate (%)",
        "target": "target",
        "growth_title": "Reported values over time",
        "flagged_title": "Series with a quality flag: every report of each",
        "fitted": "fitted trend, 95% band",
        "regions_title": "The same rate in different regions (dates differ)",
        "source": "Source",
        "verdict": {"met": "met", "not met": "not met", "uncertain": "uncertain", "no target": "no target", "no actual yet": "target only"},
        "topic": {"health_care": "Health care", "public_health": "Public health", "insurance": "Insurance", "employment": "Employment", "entrepreneurship": "Entrepreneurship"},
        "region": {},
        "units": {"percent": "%", "yuan": "yuan", "percentage_point": "percentage points"},
    },
    "zh": {
        "coverage_title": "覆盖率与目标对照",
        "coverage_x": "比率（%）",
        "target": "目标",
        "growth_title": "各次报道的数值变化",
        "flagged_title": "存在质量问题的序列：各次报道数值",
        "fitted": "拟合趋势及95%置信带",
        "regions_title": "不同地区的同一比率（日期不同）",
        "source": "来源",
        "verdict": {"met": "达标", "not met": "未达标", "uncertain": "不确定", "no target": "无目标", "no actual yet": "仅有目标"},
        "topic": {"health_care": "医疗服务", "public_health": "公共卫生", "insurance": "医疗保障", "employment": "就业", "entrepreneurship": "创业"},
        "region": {"Zibo": "淄博市", "Zhangdian": "张店区", "Zichuan": "淄川区", "Xuecheng": "薛城区", "Zaozhuang": "枣庄市", "Shandong": "山东省"},
        "units": {"percent": "%", "yuan": "元", "percentage_point": "个百分点"},
    },
}  # fmt: skip


def _load_sources() -> pd.DataFrame:
    """doc_id and published, for a source line when the caller passes no indicators."""
    from zibo_analysis.dataset import load_sources

    return load_sources()[["doc_id", "published"]]


def cjk_font_path() -> str:
    return str(importlib.resources.files("mplfonts") / "fonts" / CJK_FONT_FILE)


def use_theme(lang: str = "en") -> None:
    """One seaborn theme for every figure, with a CJK-capable font set after it."""
    _check_lang(lang)
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")
    if CJK_FONT_NAME not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(cjk_font_path())
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["font.sans-serif"] = [CJK_FONT_NAME, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False  # the CJK font has no U+2212 minus
    plt.rcParams["svg.hashsalt"] = "zibo-analysis"  # stable ids in SVG output
    plt.rcParams["figure.dpi"] = 100


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")


def indicator_label(row, lang: str) -> str:
    return row["indicator_zh"] if lang == "zh" else row["indicator_en"]


def region_label(region: str, lang: str) -> str:
    return TEXT[lang]["region"].get(region, region)


def source_line(doc_ids: Iterable[str], indicators: pd.DataFrame, lang: str) -> str:
    """ "Source: zibo-2021-11 (2021-11-10); ..." for the articles a figure draws on."""
    published = indicators.drop_duplicates("doc_id").set_index("doc_id")["published"]
    docs = sorted(
        set(map(str, doc_ids)) - {"None", "nan"}, key=lambda d: published.get(d, pd.Timestamp.max)
    )
    parts = [f"{d} ({published[d]:%Y-%m-%d})" for d in docs if d in published.index]
    return f"{TEXT[lang]['source']}: " + "; ".join(parts)


def _require_rows(table: pd.DataFrame, what: str) -> None:
    if table.empty:
        raise ValueError(f"nothing to plot: the {what} is empty (check the selection first)")


def _finish(fig: Figure, title: str, source: str) -> Figure:
    fig.suptitle(title, fontsize=15, x=0.01, ha="left")  # the CJK font has one weight: no bold
    fig.text(0.01, 0.005, source, fontsize=8, color="#555555", ha="left", va="bottom", wrap=True)
    return fig


def plot_coverage(
    coverage: pd.DataFrame, lang: str = "en", indicators: pd.DataFrame | None = None
) -> Figure:
    """Rates as dots against their targets (|), one panel per topic, coloured by verdict."""
    _require_rows(coverage, "coverage table")
    use_theme(lang)
    text = TEXT[lang]
    data = coverage.copy()
    data["label"] = [
        f"{indicator_label(r, lang)} · {region_label(r['region'], lang)} · {(r['as_of'] if pd.notna(r['as_of']) else r['target_as_of']):%Y-%m}"
        for _, r in data.iterrows()
    ]
    topics = [t for t in text["topic"] if t in set(data["topic"].astype(str))]
    sizes = [max(1, (data["topic"].astype(str) == t).sum()) for t in topics]
    fig, axes = plt.subplots(len(topics), 1, figsize=(10, 1.2 + 0.32 * sum(sizes) + 0.5 * len(topics)),
                             sharex=True, height_ratios=sizes, squeeze=False)  # fmt: skip
    for ax, topic in zip(axes[:, 0], topics, strict=True):
        part = data[data["topic"].astype(str) == topic].sort_values(
            ["value", "target"], na_position="first"
        )
        y = np.arange(len(part))
        for verdict_name, colour in VERDICT_COLOURS.items():
            chosen = (part["verdict"] == verdict_name).to_numpy()
            if chosen.any():
                ax.scatter(part["value"].to_numpy()[chosen], y[chosen], s=55, color=colour, zorder=3,
                           label=text["verdict"][verdict_name])  # fmt: skip
        has_target = part["target"].notna().to_numpy()
        ax.scatter(part["target"].to_numpy()[has_target], y[has_target], marker="|", s=260, linewidths=2.5,
                   color="#222222", zorder=4, label=text["target"])  # fmt: skip
        ax.set_yticks(y, part["label"])
        ax.set_ylim(-0.7, len(part) - 0.3)
        ax.set_title(text["topic"][topic], loc="left", fontsize=11)
        ax.set_xlim(min(40, np.nanmin([part["value"].min(), part["target"].min(), 100])) - 5, 102)
    axes[-1, 0].set_xlabel(text["coverage_x"])
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
    return _finish(fig, text["coverage_title"], source)


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
    cols: int = 3,
    title: str | None = None,
) -> Figure:
    """Each series over time: points labelled with their source article, and a fitted
    linear trend with its 95% band where there are ``min_points`` or more reports."""
    use_theme(lang)
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
    fig, axes = plt.subplots(
        rows,
        min(cols, len(keys)),
        figsize=(4.2 * min(cols, len(keys)), 3.4 * rows + 0.8),
        squeeze=False,
    )
    for ax, (indicator_id, reg) in zip(axes.flat, keys, strict=False):
        series = obs[(obs["indicator_id"] == indicator_id) & (obs["region"] == reg)]
        first = series.iloc[0]
        if len(series) >= needed and series["value"].nunique() > 1:
            line = fitted_line(series)
            ax.fill_between(
                line["as_of"],
                line["low"],
                line["high"],
                color="C0",
                alpha=0.15,
                label=text["fitted"],
            )
            ax.plot(line["as_of"], line["mean"], color="C0", lw=1.5)
        sns.lineplot(
            data=series, x="as_of", y="value", ax=ax, color="#444444", lw=0.8, ls="--", legend=False
        )
        sns.scatterplot(
            data=series, x="as_of", y="value", ax=ax, s=60, color="C1", zorder=3, legend=False
        )
        for i, (_, r) in enumerate(
            series.iterrows()
        ):  # alternate above and below: reports weeks apart
            ax.annotate(f"{r['mention']}\n{r['doc_id']}", (r["as_of"], r["value"]), textcoords="offset points",
                        xytext=(0, 9 if i % 2 == 0 else -22), ha="center", fontsize=7)  # fmt: skip
        if series["value"].nunique() == 1:
            level = series["value"].iloc[0]
            ax.set_ylim(level * 0.8 - 1, level * 1.2 + 1)
        unit = text["units"].get(first["unit"], first["unit"])
        ax.set_title(f"{indicator_label(first, lang)} · {region_label(reg, lang)}", fontsize=10)
        ax.set_xlabel("")
        ax.set_ylabel(unit)
        ax.margins(x=0.15, y=0.3)
        ax.tick_params(axis="x", labelsize=8)
        locator = matplotlib.dates.AutoDateLocator(maxticks=6)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(matplotlib.dates.ConciseDateFormatter(locator))
    for ax in list(axes.flat)[len(keys) :]:
        ax.set_visible(False)
    handles, labels = _unique_legend(fig)
    if labels:
        fig.legend(handles, labels, loc="upper right", frameon=False, fontsize=9)
    fig.tight_layout(rect=(0, 0.04, 1, 0.93))
    return _finish(fig, title or text["growth_title"], source_line(obs["doc_id"], indicators, lang))


def plot_regions(comparison: pd.DataFrame, indicators: pd.DataFrame, lang: str = "en") -> Figure:
    """The same rate in several regions as dots, each labelled with its date."""
    _require_rows(comparison, "comparison")
    use_theme(lang)
    text = TEXT[lang]
    data = comparison.assign(
        indicator=[indicator_label(r, lang) for _, r in comparison.iterrows()],
        place=[region_label(r, lang) for r in comparison["region"]],
    )
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.6 * data["indicator"].nunique()))
    sns.scatterplot(
        data=data, x="value", y="indicator", hue="place", style="place", s=110, ax=ax, zorder=3
    )
    for _, r in data.iterrows():
        ax.annotate(f"{r['value']:g}% ({r['as_of']:%Y-%m})", (r["value"], r["indicator"]), textcoords="offset points",
                    xytext=(0, 9), ha="center", fontsize=8)  # fmt: skip
    ax.set_xlabel(text["coverage_x"])
    ax.set_ylabel("")
    ax.legend(title="", frameon=False, loc="lower left")
    ax.margins(y=0.3)
    fig.tight_layout(rect=(0, 0.05, 1, 0.92))
    return _finish(fig, text["regions_title"], source_line(data["doc_id"], indicators, lang))


def plot_fact_counts(indicators: pd.DataFrame, lang: str = "en") -> Figure:
    """A heat map of facts per article and topic."""
    _require_rows(indicators, "indicator table")
    use_theme(lang)
    text = TEXT[lang]
    table = pd.crosstab(indicators["doc_id"].astype(str), indicators["topic"].astype(str))
    order = indicators.drop_duplicates("doc_id").sort_values("published")["doc_id"].astype(str)
    table = table.reindex(
        index=[d for d in order if d in table.index],
        columns=[t for t in text["topic"] if t in table.columns],
    )
    table.columns = [text["topic"][t] for t in table.columns]
    fig, ax = plt.subplots(figsize=(8, 1.6 + 0.5 * len(table)))
    sns.heatmap(table, annot=True, fmt="d", cmap="Blues", cbar=False, linewidths=0.5, ax=ax)
    ax.set_xlabel("")
    ax.set_ylabel("")
    fig.tight_layout(rect=(0, 0.05, 1, 0.9))
    title = "各篇报道的数据条目（按主题）" if lang == "zh" else "Facts per article and topic"
    return _finish(fig, title, source_line(indicators["doc_id"], indicators, lang))
