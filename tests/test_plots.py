"""Figures render in Chinese and English with no missing glyphs; titles, units and sources present."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from conftest import make_indicators

from zibo_analysis import plots
from zibo_analysis.coverage import compare_regions, coverage_table
from zibo_analysis.dataset import build_indicators, load_indicators

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
    assert "zibo-2021-12-01 (2021-12-01)" in text  # the source line
    assert ("农村两癌" if lang == "zh" else "two-cancer") in text.lower() or ("两癌" in text)
    assert render(fig) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_growth_figure(indicators, lang):
    fig = plots.plot_growth(indicators, ["famous_doctor_stations"], region="Zibo", lang=lang)
    text = all_text(fig)
    assert "zibo-2022-10" in text and "123个" in text
    assert plots.TEXT[lang]["fitted"] in text  # three reports: a fitted line with its band
    assert render(fig) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_region_figure(indicators, lang):
    fig = plots.plot_regions(compare_regions(indicators), indicators, lang=lang)
    text = all_text(fig)
    assert "(2021-12)" in text and "(2025-10)" in text
    assert render(fig) == []


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang must be one of en, zh"):
        plots.use_theme("fr")


def test_growth_figure_needs_two_reports():
    one = make_indicators(
        [{"indicator_id": "x", "region": "Zibo", "as_of": "2021-01-01", "value": 1}]
    )
    with pytest.raises(ValueError, match="two or more reports"):
        plots.plot_growth(one)
