"""Figures render in Chinese and English with no missing glyphs; titles, units and sources present."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import make_indicators

from zibo_analysis import plots
from zibo_analysis.coverage import compare_regions, coverage_table
from zibo_analysis.dataset import build_indicators, load_indicators
from zibo_analysis.plots.labels import date_ticks, place_labels

GLYPH_WARNING = "missing from font"


def render(fig) -> list[str]:
    """Draw the figure to PNG and return any missing-glyph warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
        fig.savefig(__import__("io").BytesIO(), format="png")
    plt.close(fig)
    return [str(w.message) for w in caught if GLYPH_WARNING in str(w.message)]


def all_text(fig) -> str:
    return " ".join(t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text")))


def test_glyph_check_catches_a_font_without_cjk():
    # the negative control: without the CJK font, Chinese labels do warn
    plt.rcdefaults()
    fig, ax = plt.subplots()
    ax.set_title("名医基层工作站")
    assert render(fig), "expected matplotlib to warn about missing CJK glyphs with its default font"


@pytest.fixture(scope="module")
def indicators(tmp_path_factory) -> pd.DataFrame:
    path = tmp_path_factory.mktemp("data") / "indicators.csv"
    build_indicators().to_csv(path, index=False)
    return load_indicators(path)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_coverage_figure(indicators, lang):
    fig = plots.plot_coverage(coverage_table(indicators), lang=lang, indicators=indicators)
    text = all_text(fig)
    assert plots.TEXT[lang]["coverage_title"] in text
    assert plots.TEXT[lang]["coverage_x"] in text
    # the source line, with the page's punctuation
    assert (
        "zibo-2021-12-01（2021-12-01）" if lang == "zh" else "zibo-2021-12-01 (2021-12-01)"
    ) in text
    # a rate with its target is a row labelled with its indicator, region and month, whole
    labels = {t.get_text() for ax in fig.axes for t in ax.get_yticklabels()}
    assert (
        "基层机构达国家推荐标准率 · 淄博市 · 2021-11"
        if lang == "zh"
        else "Primary institutions meeting national recommended standard · Zibo · 2021-11"
    ) in labels
    assert render(fig) == []


def test_coverage_figure_summarises_rates_without_a_target():
    rows = [{"indicator_en": f"Rate {i}", "indicator_zh": f"比率{i}", "value": v, "verdict": "no target", "target": None}
            for i, v in enumerate([60.0, 75.5, 99.0])]  # fmt: skip
    rows.append(
        {
            "indicator_en": "Screening",
            "indicator_zh": "筛查率",
            "value": 91.3,
            "verdict": "met",
            "target": 90.0,
        }
    )
    table = pd.DataFrame([{**r, "topic": "public_health", "region": "Zibo", "as_of": pd.Timestamp("2021-11-10"),
                           "target_as_of": pd.NaT, "doc_id": "d", "target_doc_id": None} for r in rows])  # fmt: skip
    sources = pd.DataFrame({"doc_id": ["d"], "published": [pd.Timestamp("2021-11-10")]})
    fig = plots.plot_coverage(table, indicators=sources)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["3 rates without a target (see the table)",
                                                            "Screening · Zibo · 2021-11"]  # fmt: skip
    dots = sorted(
        tuple(o) for c in ax.collections for o in c.get_offsets() if not np.ma.is_masked(o)
    )
    assert dots == [(60.0, 0.0), (75.5, 0.0), (90.0, 1.0), (91.3, 1.0), (99.0, 0.0)]
    zh = plots.plot_coverage(table, lang="zh", indicators=sources)
    assert zh.axes[0].get_yticklabels()[0].get_text() == "无目标的比率 3 项（见下表）"
    plt.close(fig)
    plt.close(zh)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_growth_figure(indicators, lang):
    fig = plots.plot_growth(indicators, ["famous_doctor_stations"], region="Zibo", lang=lang)
    text = all_text(fig)
    assert "zibo-2022-10" in text and "123个" in text
    assert plots.TEXT[lang]["fitted_log"] in text  # three reports of a count: fitted on logs
    assert render(fig) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_region_figure(indicators, lang):
    fig = plots.plot_regions(compare_regions(indicators), indicators, lang=lang)
    text = all_text(fig)
    assert "(2021-12)" in text and "(2025-10)" in text
    assert render(fig) == []


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang must be one of en, zh"), plots.use_theme("fr"):
        pass
    with pytest.raises(ValueError, match="lang must be one of en, zh"):
        plots.plot_fact_counts(
            make_indicators(
                [{"indicator_id": "x", "region": "Zibo", "as_of": "2021-01-01", "value": 1}]
            ),
            lang="fr",
        )


def test_growth_figure_needs_two_reports():
    one = make_indicators(
        [{"indicator_id": "x", "region": "Zibo", "as_of": "2021-01-01", "value": 1}]
    )
    with pytest.raises(ValueError, match="two or more reports"):
        plots.plot_growth(one)


CJK = re.compile(r"[\u3400-\u9fff]")
ISO_DAY, ISO_MONTH = re.compile(r"^\d{4}-\d{2}-\d{2}$"), re.compile(r"^\d{4}-\d{2}$")


def drawn(fig):
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def point_labels(ax) -> list:
    return [t for t in ax.texts if t.get_gid() == "zibo-point-label"]


def overlapping(boxes) -> list[tuple[int, int]]:
    return [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes)
            if i < j and a.overlaps(b)]  # fmt: skip


def points_in_display(ax) -> list[tuple[float, float]]:
    offsets = [c.get_offsets() for c in ax.collections if hasattr(c, "get_offsets")]
    return [tuple(ax.transData.transform(xy)) for part in offsets for xy in np.asarray(part)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_region_point_labels_do_not_overlap_each_other_or_the_points(indicators, lang):
    fig = plots.plot_regions(compare_regions(indicators), indicators, lang=lang)
    renderer = drawn(fig)
    ax = fig.axes[0]
    labels = point_labels(ax)
    assert len(labels) == 4 and all(t.get_fontsize() >= 8 for t in labels)
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert overlapping(boxes) == [], [t.get_text() for t in labels]
    for box in boxes:
        assert not any(box.contains(x, y) for x, y in points_in_display(ax))
        assert ax.get_window_extent(renderer).contains(box.x0, box.y0)
    plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_region_legend_is_off_the_points_and_labels(indicators, lang):
    fig = plots.plot_regions(compare_regions(indicators), indicators, lang=lang)
    renderer = drawn(fig)
    ax = fig.axes[0]
    legend = (fig.legends or [ax.get_legend()])[0].get_window_extent(renderer)
    assert not legend.overlaps(ax.get_window_extent(renderer))
    assert not any(legend.overlaps(t.get_window_extent(renderer)) for t in point_labels(ax))
    assert not legend.overlaps(fig._suptitle.get_window_extent(renderer))
    plt.close(fig)


def test_growth_point_labels_do_not_collide_on_the_real_data(indicators):
    fig = plots.plot_growth(indicators, region="all")
    renderer = drawn(fig)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) >= 10
    for ax in panels:
        labels = point_labels(ax)
        assert labels and all(t.get_fontsize() >= 8 for t in labels)
        boxes = [t.get_window_extent(renderer) for t in labels]
        assert overlapping(boxes) == [], (ax.get_title(), [t.get_text() for t in labels])
        for box in boxes:
            assert not any(box.contains(x, y) for x, y in points_in_display(ax)), ax.get_title()
    plt.close(fig)


def test_growth_axis_names_the_unit_in_words_in_english(indicators):
    fig = plots.plot_growth(indicators, ["famous_doctor_station_experts", "famous_doctor_sending_hospitals",
                                         "famous_doctor_station_outpatient_visits"], region="Zibo")  # fmt: skip
    labels = {
        ax.get_title().replace("\n", " "): ax.get_ylabel() for ax in fig.axes if ax.get_visible()
    }
    plt.close(fig)
    assert labels == {
        "Experts sent to famous-doctor stations · Zibo": "people",
        "Hospitals sending famous-doctor experts · Zibo": "institutions",
        "Famous-doctor station outpatient visits · Zibo": "visits (person-times)",
    }


def test_growth_axis_names_the_measure_word_in_chinese_upright(indicators):
    fig = plots.plot_growth(indicators, ["famous_doctor_station_experts"], region="Zibo", lang="zh")
    ax = fig.axes[0]
    assert ax.get_ylabel() == "名" and ax.yaxis.label.get_rotation() == 0
    plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_chinese_in_english_axis_labels(indicators, lang):
    figures = [
        plots.plot_growth(indicators, region="all", lang=lang),
        plots.plot_regions(compare_regions(indicators), indicators, lang=lang),
        plots.plot_coverage(coverage_table(indicators), lang=lang, indicators=indicators),
    ]
    for fig in figures:
        for ax in fig.axes:
            if ax.get_visible() and lang == "en":
                assert not CJK.search(ax.get_xlabel() + ax.get_ylabel()), ax.get_ylabel()
        plt.close(fig)


def test_date_ticks_suit_the_span(indicators):
    short = plots.plot_growth(indicators, ["business_deputy_directors_dispatched"], region="Zibo")
    year = plots.plot_growth(indicators, ["famous_doctor_stations"], region="Zibo")
    for fig, pattern in ((short, ISO_DAY), (year, ISO_MONTH)):
        renderer = drawn(fig)
        ax = fig.axes[0]
        ticks = [t for t in ax.get_xticklabels() if t.get_text()]
        assert 2 <= len(ticks) <= 5, [t.get_text() for t in ticks]
        assert all(pattern.match(t.get_text()) for t in ticks), [t.get_text() for t in ticks]
        assert overlapping([t.get_window_extent(renderer) for t in ticks]) == []
        assert ax.xaxis.get_offset_text().get_text() == ""  # no "2021-Dec" under the axis
        plt.close(fig)


def test_every_figure_states_its_unit(indicators):
    coverage_fig = plots.plot_coverage(coverage_table(indicators), lang="en", indicators=indicators)
    regions_fig = plots.plot_regions(compare_regions(indicators), indicators, lang="en")
    growth_fig = plots.plot_growth(indicators, region="all")
    counts_fig = plots.plot_fact_counts(indicators)
    assert "(%)" in coverage_fig.axes[-1].get_xlabel() and "(%)" in regions_fig.axes[0].get_xlabel()
    assert all(ax.get_ylabel() for ax in growth_fig.axes if ax.get_visible())
    assert "number of facts" in all_text(counts_fig)
    for fig in (coverage_fig, regions_fig, growth_fig, counts_fig):
        plt.close(fig)


def test_figure_caption_gives_title_and_source(indicators):
    fig = plots.plot_regions(compare_regions(indicators), indicators, lang="zh")
    title, source = plots.figure_caption(fig)
    plt.close(fig)
    assert title == plots.TEXT["zh"]["regions_title"]
    assert source == "来源：zibo-2021-12-01（2021-12-01）；xuecheng-2025-10-16（2025-10-16）"
    empty = plt.figure()
    assert plots.figure_caption(empty) == ("", "")
    plt.close(empty)


def test_crowded_labels_spread_out_without_overlap():
    # six reports a few days apart at nearly one level: every label must find its own place
    with plots.use_theme("en"):
        fig, ax = plt.subplots(figsize=(5, 3.5))
        xs, ys = [0, 3, 6, 9, 12, 15], [100, 101, 100, 102, 101, 100]
        ax.scatter(xs, ys, s=60)
        ax.set_xlim(-20, 35)
        ax.set_ylim(80, 120)
        fig.tight_layout()
        labels = place_labels(
            ax, xs, ys, [f"{y}名\nzibo-2021-11-{x + 10}" for x, y in zip(xs, ys, strict=True)]
        )
        renderer = drawn(fig)
        assert overlapping([t.get_window_extent(renderer) for t in labels]) == []
    plt.close(fig)


@pytest.mark.parametrize(
    ("start", "end", "pattern"),
    [("2021-11-10", "2021-12-01", ISO_DAY), ("2021-11-10", "2022-10-16", ISO_MONTH),
     ("2021-01-01", "2025-10-16", re.compile(r"^\d{4}$"))],
)  # fmt: skip
def test_date_ticks_by_span(start, end, pattern):
    fig, ax = plt.subplots(figsize=(4.4, 3))
    dates = pd.to_datetime([start, end])
    ax.plot(dates, [1, 2])
    ax.margins(x=0.18)
    date_ticks(ax, dates)
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    plt.close(fig)
    assert 2 <= len(ticks) <= 5 and all(pattern.match(t) for t in ticks), ticks


def test_a_figure_leaves_the_process_rcparams_as_they_were(indicators):
    before = dict(plt.rcParams)
    fig = plots.plot_coverage(coverage_table(indicators), lang="zh", indicators=indicators)
    assert dict(plt.rcParams) == before
    assert fig.style["font.sans-serif"][0] == plots.CJK_FONT_NAME  # kept for drawing it again
    assert render(fig) == []  # drawn later, outside the block: still in its theme, no glyph missing
    plt.close(fig)


def test_the_theme_is_what_seaborns_set_theme_and_the_cjk_font_set():
    import seaborn as sns

    with plt.rc_context():
        sns.set_theme(
            context="notebook", style="whitegrid", palette="colorblind", color_codes=False
        )
        plt.rcParams.update({"font.family": "sans-serif", "axes.unicode_minus": False,
                             "font.sans-serif": [plots.CJK_FONT_NAME, "DejaVu Sans"],
                             "svg.hashsalt": "zibo-analysis", "figure.dpi": 100})  # fmt: skip
        expected = dict(plt.rcParams)
    with plots.use_theme("en"):
        assert dict(plt.rcParams) == expected


def test_a_figure_keeps_its_caption_as_data(indicators):
    fig = plots.plot_fact_counts(indicators, lang="en")
    assert fig.caption == plots.Caption("Facts per article and topic", fig.source_text.get_text())
    assert fig.caption.source.startswith("Source: zibo-2021-11 (2021-11-10)")
    assert all(t.get_gid() is None for t in fig.texts)  # no markup in the figure carries it
    plt.close(fig)


def test_region_names_in_figures_come_from_the_regions_file():
    from zibo_analysis.dataset import load_regions

    regions = load_regions()
    assert plots.region_names("zh") == dict(
        zip(regions["region_id"], regions["name_zh"], strict=True)
    )
    assert plots.region_label("Xuecheng", "zh") == "薛城区"
    assert plots.region_label("Xuecheng", "en") == "Xuecheng"
    assert "淄博市" not in (Path(plots.__file__).parent / "figures.py").read_text(encoding="utf-8")
