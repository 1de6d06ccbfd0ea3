"""Growth cards: one panel per series, in Chinese and English, with no missing glyphs."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import make_indicators
from test_plots import all_text, render

from zibo_analysis import growth, plots

STATIONS = [
    {
        "indicator_id": "stations",
        "region": "Zibo",
        "as_of": d,
        "value": v,
        "doc_id": doc,
        "indicator_en": "Stations",
        "indicator_zh": "工作站数",
        "mention": f"{v}个",
    }
    for d, v, doc in (("2021-01-01", 40, "a"), ("2021-02-01", 41, "b"), ("2022-01-01", 50, "c"))
]
RATE = [
    {
        "indicator_id": "standard_rate",
        "region": "Zibo",
        "as_of": d,
        "value": v,
        "doc_id": doc,
        "kind": "rate",
        "unit": "percent",
        "indicator_en": "Standard rate",
        "indicator_zh": "达标率",
        "mention": f"{v}%",
    }
    for d, v, doc in (("2021-01-01", 87.5, "a"), ("2021-02-01", 88.1, "b"))
]


@pytest.fixture
def table() -> pd.DataFrame:
    return make_indicators(STATIONS + RATE)


def _rates(table: pd.DataFrame) -> pd.DataFrame:
    flags = pd.DataFrame({"kind": ["populations_differ"], "obs_ids": [["a:3", "b:4"]]})
    return growth.growth_rates(table, flags=flags)


def test_card_lines_say_figures_growth_method_reports_and_breaks(table):
    rates = _rates(table)
    stations = plots.growth_card_lines(rates[rates["indicator_id"] == "stations"], "en")
    assert stations[:2] == ["First  40个  2021-01-01  a", "Last  50个  2022-01-01  c"]
    assert stations[2:4] == [
        "+24.7% a year (95%: +16.4 to +33.5)",
        "least-squares log-linear fit",
    ]
    assert stations[4:] == ["3 reports", "Breaks: none"]
    rate = plots.growth_card_lines(rates[rates["indicator_id"] == "standard_rate"], "zh")
    assert rate[:2] == ["首次  87.5%  2021-01-01  a", "最近  88.1%  2021-02-01  b"]
    assert rate[2:] == ["断点两侧不计增长", "共2次报道", "断点：2021-02-01（总体不同）"]


def test_two_points_are_labelled_as_two_points(table):
    rows = make_indicators([STATIONS[0], STATIONS[2]])
    lines = plots.growth_card_lines(growth.growth_rates(rows), "en")
    assert lines[2:4] == [
        "+25.0% a year",
        "compound, annualised by days: two points only",
    ]  # 40 -> 50


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_growth_cards_render_without_missing_glyphs(table, lang):
    fig = plots.plot_growth_cards(_rates(table), table, lang=lang)
    text = all_text(fig)
    assert len([ax for ax in fig.axes if ax.get_visible() and ax.get_title(loc="left")]) == 2
    assert ("工作站数 · 淄博市" if lang == "zh" else "Stations · Zibo") in text
    assert ("来源" if lang == "zh" else "Source") in text
    assert render(fig) == []


def test_growth_cards_mark_the_break_on_the_sparkline(table):
    fig = plots.plot_growth_cards(_rates(table), table)
    rate_card = [ax for ax in fig.axes if ax.get_title(loc="left").startswith("Standard rate")][0]
    (spark,) = rate_card.child_axes
    assert len([line for line in spark.get_lines() if line.get_linestyle() == "--"]) == 1
    render(fig)


def test_no_cards_for_an_empty_table(table):
    with pytest.raises(ValueError, match="nothing to plot"):
        plots.plot_growth_cards(growth.growth_rates(table).iloc[0:0], table)


def test_real_growth_cards(real_indicators):
    rates = growth.growth_rates(real_indicators, region="Zibo")
    fig = plots.plot_growth_cards(rates, real_indicators, lang="zh")
    shown = "".join(all_text(fig).split())  # lines wrap to the card's width
    assert "年均+23.7%（95%区间+20.2至+27.4）" in shown  # famous-doctor stations
    assert "对数线性最小二乘拟合" in all_text(fig)
    assert render(fig) == []


def test_a_bound_at_either_end_says_which_way():
    rows = make_indicators(
        [{**STATIONS[0], "qualifier": "more_than", "mention": "40余个"}, STATIONS[2]]
    )
    lines = plots.growth_card_lines(growth.growth_rates(rows), "en")
    assert "a figure is a bound (余, 近): the growth is at most this" in lines
