"""Growth cards: one card per series, in Chinese and English, as HTML."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import make_indicators

from zibo_analysis import growth, plots
from zibo_analysis.plots.cards import spark
from zibo_analysis.table_assets import ASSETS

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


def _card(html: str, title: str) -> str:
    """The HTML of the card whose title starts with ``title``."""
    (card,) = [c for c in html.split('<li class="zc-card">')[1:] if title in c.split("</p>")[0]]
    return card


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_growth_cards_are_html_in_the_language_of_the_page(table, lang):
    cards = plots.plot_growth_cards(_rates(table), table, lang=lang)
    html = cards.to_html(link=False)
    assert html.count('<li class="zc-card">') == 2
    assert (
        f'<figure class="zibo-figure zibo-cards" lang="{"zh-Hans" if lang == "zh" else "en"}">'
        in html
    )
    assert ("工作站数 · 淄博市" if lang == "zh" else "Stations · Zibo") in html
    assert ("来源：" if lang == "zh" else "Source: ") in cards.caption.source
    assert html.startswith("<style>") and "zc-grid" in html  # its stylesheet ahead of it
    assert "<a " not in html  # outside a report run, no links to pages that do not exist


def test_a_chinese_card_says_its_ids_are_english_and_an_english_card_its_figures_chinese(table):
    zh = plots.plot_growth_cards(_rates(table), table, lang="zh").to_html(link=False)
    assert (
        '<span class="zc-label">首次</span> 40个 <span class="zc-date">2021-01-01</span> '
        '<span class="zc-doc" lang="en">a</span>' in zh
    )
    en = plots.plot_growth_cards(_rates(table), table, lang="en").to_html(link=False)
    assert '<span class="zc-label">First</span> <span lang="zh-Hans">40个</span>' in en


def test_growth_cards_mark_the_break_on_the_line_of_every_report(table):
    html = plots.plot_growth_cards(_rates(table), table).to_html(link=False)
    rate, stations = _card(html, "Standard rate"), _card(html, "Stations")
    assert rate.count('<line class="zc-break"') == 1 and stations.count("zc-break") == 0
    assert stations.count("<circle") == 3 and rate.count("<circle") == 2  # every report


def test_the_line_of_every_report_runs_from_the_first_date_to_the_last():
    series = pd.DataFrame(
        {
            "as_of": pd.to_datetime(["2020-01-01", "2020-07-01", "2021-01-01"]),
            "value": [10.0, 30.0, 20.0],
        }
    )
    line = spark(series, [pd.Timestamp("2020-04-01")])
    # 200 x 36 units, 5 from each edge: x from 5 to 195 over 366 days (July 1 is day 182, the
    # break April 1 day 91), the highest value at y 5, the lowest at 31
    assert line["points"] == [("5.0", "31.0"), ("99.5", "5.0"), ("195.0", "18.0")]
    assert line["breaks"] == ["52.2"]
    flat = spark(series.assign(value=7.0), [])
    assert {y for _, y in flat["points"]} == {"18.0"}


def test_in_a_report_run_a_card_links_its_figures_to_their_sentences(table, tmp_path):
    cards = plots.plot_growth_cards(_rates(table), table)
    html, metadata = plots.ReportOutput(tmp_path / "data" / "03_growth").cards(cards)
    first = (
        '<a href="sources/a.html#a:0"><span lang="zh-Hans">40个</span></a>'  # the stations' first
    )
    assert (
        first in html
        and '<a href="sources/c.html#c:2"><span lang="zh-Hans">50个</span></a>' in html
    )
    assert metadata == {"zibo": {"table_assets": ["cards"]}}
    assert html.startswith(ASSETS["cards"])  # the page leaves it out and holds it in its head


def test_text_from_the_catalog_and_the_articles_is_escaped_in_a_card():
    evil = {"indicator_en": "<img src=x onerror=alert(1)>"}
    rows = make_indicators([{**s, **evil, "mention": f"{s['value']}<b>个"} for s in STATIONS])
    html = plots.plot_growth_cards(growth.growth_rates(rows), rows).to_html(link=True)
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; · Zibo" in html and "40&lt;b&gt;个" in html


def test_no_cards_for_an_empty_table(table):
    with pytest.raises(ValueError, match="nothing to plot"):
        plots.plot_growth_cards(growth.growth_rates(table).iloc[0:0], table)


def test_real_growth_cards(real_indicators):
    rates = growth.growth_rates(real_indicators, region="Zibo")
    html = plots.plot_growth_cards(rates, real_indicators, lang="zh").to_html(link=False)
    stations = _card(html, "名医基层工作站数")
    assert '<p class="zc-growth">年均+23.7%（95%区间 +20.2至+27.4）</p>' in stations
    assert "<p>对数线性最小二乘拟合</p>" in stations and "<p>共3次报道</p>" in stations


def test_a_bound_at_either_end_says_which_way():
    rows = make_indicators(
        [{**STATIONS[0], "qualifier": "more_than", "mention": "40余个"}, STATIONS[2]]
    )
    lines = plots.growth_card_lines(growth.growth_rates(rows), "en")
    assert "a figure is a bound (余, 近): the growth is at most this" in lines


def _two(indicator_id, kind, unit, values, mentions):
    return make_indicators(
        [
            {"indicator_id": indicator_id, "region": "Luoyang", "as_of": d, "value": v,
             "doc_id": doc, "kind": kind, "unit": unit, "mention": m}
            for d, v, m, doc in zip(("2022-12-31", "2023-12-31"), values, mentions, "ab", strict=True)
        ]
    )  # fmt: skip


@pytest.mark.parametrize(
    ("unit", "mentions", "en", "zh"),
    [
        ("per_100k", ("11.0/10万", "9.8/10万"), "a rate: -1.2 per 100,000, no growth rate",
         "比率变化-1.2/10万，不计增长率"),
        ("per_mille", ("3.1‰", "2.9‰"), "a rate: -0.2‰, no growth rate", "比率变化-0.2‰，不计增长率"),
        ("percent", ("3.1%", "2.9%"), "a rate: -0.2 percentage points, no growth rate",
         "比率变化-0.2个百分点，不计增长率"),
    ],
)  # fmt: skip
def test_a_rates_card_gives_its_change_in_the_rates_own_unit(unit, mentions, en, zh):
    values = [float(m.removesuffix("/10万").strip("‰%")) for m in mentions]
    rates = growth.growth_rates(_two("mmr", "rate", unit, values, mentions))
    assert plots.growth_card_lines(rates, "en")[2] == en
    assert plots.growth_card_lines(rates, "zh")[2] == zh


def test_a_falling_change_is_signed_on_its_card():
    table = _two(
        "rate_change",
        "change",
        "percentage_point",
        (-0.15, -0.12),
        ("0.15个百分点", "0.12个百分点"),
    )
    lines = plots.growth_card_lines(growth.growth_rates(table), "en")
    assert lines[:2] == [
        "First  −0.15个百分点  2022-12-31  a",
        "Last  −0.12个百分点  2023-12-31  b",
    ]
