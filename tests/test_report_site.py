"""The report as a document: page furniture, Chinese offline, sources, data, and a browser.

All of it reads the one report the session builds (`test_report.built_report`).
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import CHROMIUM, Browser
from test_report import built_report

from zibo_analysis.hanzi import text_lang
from zibo_analysis.report.fonts import page_characters
from zibo_analysis.vocab import value_words

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out

PAGES = ("01_overview", "02_coverage", "03_growth", "04_quality")
FIGURE_COLUMNS = ("Value", "Rate", "Target", "First value", "Last value", "As printed",
                  "Count as printed", "Quote")  # fmt: skip


@pytest.fixture(scope="module")
def reports() -> Path:
    return built_report()[0] / "reports"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def all_pages(reports: Path) -> list[Path]:
    return [reports / "index.html", *(reports / f"{p}.html" for p in PAGES),
            *sorted((reports / "sources").glob("*.html"))]  # fmt: skip


class Tables(HTMLParser):
    """The zibo tables of a page: for each, its headers and rows of (text, hrefs) cells."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.cell, self.in_table = [], None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "zibo-table" in (attrs.get("class") or ""):
            self.in_table = True
            self.tables.append({"id": attrs.get("id"), "head": [], "rows": []})
        elif self.in_table and tag == "tr":
            self.tables[-1]["rows"].append([])
        elif self.in_table and tag in ("td", "th"):
            self.cell = {"tag": tag, "text": "", "hrefs": []}
        elif self.cell is not None and tag == "a":
            self.cell["hrefs"].append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        elif self.cell is not None and tag in ("td", "th"):
            table = self.tables[-1]
            (table["head"] if self.cell["tag"] == "th" else table["rows"][-1]).append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data


def tables_of(page: Path) -> list[dict]:
    parser = Tables()
    parser.feed(read(page))
    for table in parser.tables:
        table["rows"] = [r for r in table["rows"] if r]
    return parser.tables


def embedded_font(page: str):
    from fontTools.ttLib import TTFont

    found = re.search(r"url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)", page)
    return TTFont(io.BytesIO(base64.b64decode(found.group(1)))) if found else None


# ------------------------------------------------------------ the pages --


def test_each_page_is_titled_by_its_first_heading(reports):
    for name in PAGES:
        page = read(reports / f"{name}.html")
        heading = re.search(r"<h1[^>]*>(.*?)<a class=\"anchor-link\"", page, re.S).group(1)
        assert re.search(r"<title>(.*?)</title>", page).group(1) == heading.strip()


def test_each_page_links_the_index_and_every_page(reports):
    for name in PAGES:
        header = (
            read(reports / f"{name}.html")
            .split('<header class="zibo-header">')[1]
            .split("</header>")[0]
        )
        assert 'href="index.html"' in header
        assert all(f'href="{other}.html"' in header for other in PAGES)
        assert re.search(rf'<a (?=[^>]*aria-current="page")[^>]*href="{name}.html"', header)


def test_the_contents_link_every_section(reports):
    for name in PAGES:
        page = read(reports / f"{name}.html")
        toc = page.split('class="zibo-toc"')[1].split("</nav>")[0]
        sections = re.findall(r'<h2 id="([^"]+)"', page.split("<main>")[1])
        assert sections and re.findall(r'href="#([^"]+)"', toc) == sections, name


def test_figures_have_a_caption_and_alt_text_from_the_figure(reports):
    figures = 0
    for name in PAGES:
        page = read(reports / f"{name}.html")
        for figure in re.findall(r'<figure class="zibo-figure.*?</figure>', page, re.S):
            figures += 1
            if "zibo-cards" in figure.split(">", 1)[0]:  # cards are text: a caption, no image
                assert '<span class="zibo-figure-title">' in figure and "<img" not in figure
                continue
            alt = html.unescape(re.search(r'alt="([^"]*)"', figure).group(1))
            title = re.search(r'<span class="zibo-figure-title">(.*?)</span>', figure).group(1)
            source = re.search(r'<span class="zibo-figure-source">(.*?)</span>', figure).group(1)
            assert source.startswith("Source: ") and html.unescape(title) in alt
            assert "No description" not in alt and source[8:] in alt
    assert figures >= 6


def test_the_footer_gives_the_data_checksum_and_run_date(reports):
    from zibo_analysis import report

    data_sha = report.data_checksum(reports.parent / "data/processed")
    for name in PAGES:
        footer = read(reports / f"{name}.html").split('<footer class="zibo-footer">')[1]
        assert f"<code>{data_sha}</code>" in footer
        assert re.search(r"Run: \d{4}-\d\d-\d\d \d\d:\d\d UTC", footer)


def test_print_and_dark_styles_are_in_every_page(reports):
    for page in all_pages(reports):
        text = read(page)
        assert "@media print" in text and "@media (prefers-color-scheme: dark)" in text, page.name


def test_table_style_and_script_are_in_the_head_once(reports):
    from zibo_analysis.table_assets import TABLE_CSS, TABLE_FUNCTION

    for name in PAGES:
        page = read(reports / f"{name}.html")
        assert page.count(TABLE_CSS) == 1 and page.index(TABLE_CSS) < page.index("<body")
        if "ziboTable(document.currentScript" in page:
            assert page.count(TABLE_FUNCTION) == 1 and page.index(TABLE_FUNCTION) < page.index("<body")  # fmt: skip


# ------------------------------------------------ Chinese, offline --


def test_the_embedded_font_covers_every_cjk_character_of_the_page(reports):
    sizes = {}
    for page in all_pages(reports):
        text = read(page)
        needed = page_characters(text)
        font = embedded_font(text)
        assert needed and font is not None, page.name
        cmap = font.getBestCmap()
        missing = sorted(c for c in needed if ord(c) not in cmap)
        assert not missing, f"{page.name}: {''.join(missing)}"
        assert len(cmap) <= len(needed) + 5  # the page's characters, not the whole font
        sizes[page.name] = len(base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)\)", text).group(1)))  # fmt: skip
    assert max(sizes.values()) < 200_000, sizes


def test_no_page_loads_anything_from_the_network(reports):
    remote = re.compile(
        r"""<(?:script|link|img|iframe|source|embed|object|video|audio)\b[^>]*"""
        r"""\b(?:src|href|data)\s*=\s*["']?\s*(?:https?:)?//""",
        re.I,
    )
    for page in all_pages(reports):
        text = read(page)
        assert not remote.search(text), page.name
        assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//|@import", text, re.I), page.name
        assert "require.js" not in text and "mathjax" not in text.lower(), page.name


# ------------------------------------------- from a number to its sentence --


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self, skip=("script", "style")) -> str:
        """The text shown, without the scripts and the figures' details (tips) inside."""
        return "".join(c if isinstance(c, str) else c._inner(skip) for c in self.children)

    def _inner(self, skip) -> str:
        if self.tag in skip or "zibo-tip" in (self.attrs.get("class") or ""):
            return ""
        return self.text(skip)

    def find_all(self, test) -> list:
        found = [self] if test(self) else []
        for child in self.children:
            if isinstance(child, Node):
                found += child.find_all(test)
        return found


class Tree(HTMLParser):
    """A page as a tree of Nodes, to ask what an element holds."""

    VOID = {"meta", "img", "br", "input", "link", "hr", "wbr", "col", "source"}

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.root = self.node = Node("#root", {})
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.node)
        self.node.children.append(node)
        if tag not in self.VOID:
            self.node = node

    def handle_endtag(self, tag):
        node = self.node
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.node = node.parent

    def handle_data(self, data):
        self.node.children.append(data)

    def by_id(self) -> dict:
        return {n.attrs["id"]: n for n in self.root.find_all(lambda n: "id" in n.attrs)}


def test_the_element_of_each_row_holds_its_quote_with_the_figure_marked_apart(reports):
    with (reports / "data/indicators.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    trees = {p.stem: Tree(read(p)) for p in (reports / "sources").glob("*.html")}
    ids = {doc: tree.by_id() for doc, tree in trees.items()}
    for row in rows:
        element = ids[row["doc_id"]][row["obs_id"]]
        assert row["quote"] in element.text(), row["obs_id"]
        marks = element.find_all(
            lambda n: n.tag == "mark" and "curated" in n.attrs.get("class", "")
        )
        figure = [m for m in marks if m.text() == row["mention"]]
        assert figure, row["obs_id"]
        link = figure[0].parent
        assert link.tag == "a" and link.attrs["href"] == f"#{row['obs_id']}"
        tip = ids[row["doc_id"]][link.attrs["aria-describedby"]].text()
        assert row["indicator_en"] in tip and row["as_of"] in tip
        assert f"{value_words(row['unit'], 'en')} (printed: {row['mention']})" in tip


def test_every_highlighted_figure_is_a_link_with_details_for_keyboard_and_touch(reports):
    for page in (reports / "sources").glob("*.html"):
        tree = Tree(read(page))
        ids = tree.by_id()
        marks = tree.root.find_all(lambda n: n.tag == "mark" and n.parent.tag != "p")
        assert len(marks) >= 20, page.name
        for mark in marks:
            link = mark.parent
            assert link.tag == "a" and link.attrs["href"].startswith("#"), page.name
            assert link.attrs["href"][1:] in ids  # the link names a figure of the page
            tip = ids[link.attrs["aria-describedby"]]
            assert tip.attrs["role"] == "tooltip" and tip.text().strip()


def test_an_article_page_gives_its_origin_and_marks_left_out_figures(reports):
    page = read(reports / "sources/zibo-2021-12-01.html")
    for text in ("鲁中晨报", "2021-12-01", "How the date was established", "淄博12月1日讯",
                 "251aee5600ac89ba10c6d29925ee7ec501330b054b2febc225a787f64ae0110d"):  # fmt: skip
        assert text in html.unescape(page), text
    tips = [n.text() for n in Tree(page).root.find_all(lambda n: n.attrs.get("role") == "tooltip")]
    assert "Left out of the dataset: phase number in a project name (二期)" in tips


def test_every_figure_in_the_tables_links_to_its_sentence(reports):
    linked = 0
    for name in PAGES:
        for table in tables_of(reports / f"{name}.html"):
            if table["id"] in ("zt-trends", "zt-projection"):
                continue  # their "target" is the level a projection asks about, a parameter
            heads = [h["text"].split(" (")[0].split("（")[0] for h in table["head"]]
            for i, head in enumerate(heads):
                if head not in FIGURE_COLUMNS:
                    continue
                for row in table["rows"]:
                    cell = row[i]
                    if cell["text"].strip() in ("", "–"):
                        continue
                    assert cell["hrefs"], f"{name}: {head} {cell['text']!r} has no link"
                    linked += 1
                    for href in cell["hrefs"]:
                        target, _, anchor = href.partition("#")
                        assert re.fullmatch(r"sources/[a-z0-9-]+\.html", target), href
                        assert f'id="{anchor}"' in read(reports / target), href
    assert linked >= 60


def test_a_source_page_shows_article_text_as_text():
    text = "<i>12人</i>"
    rows = [{"obs_id": 'x" onmouseover="1', "mention_start": 3, "mention_end": 6, "start": 0, "end": 10,
             "value": 12.0, "mention": "12人", "indicator_en": '"><img>'}]  # fmt: skip
    page, _ = article(text, rows, [])
    assert "<img>" not in page and "<i>" not in page
    assert 'id="x&#34; onmouseover=&#34;1"' in page and "&lt;i&gt;" in page


# ------------------------------------------------------------ the data --


def test_the_data_folder_holds_each_table_and_figure_of_each_page(reports):
    data = reports / "data"
    for name in ("indicators.csv", "quality_flags.csv", "catalog.csv", "articles.csv", "datapackage.json"):  # fmt: skip
        assert (data / name).is_file(), name
    for name in PAGES:
        page = read(reports / f"{name}.html")
        tables = len(re.findall(r'<table class="zibo-table[ "]', page))
        figures = len(re.findall(r'<figure class="zibo-figure(?! zibo-cards)', page))  # cards: text
        assert len(list((data / name).glob("*.csv"))) == tables, name
        assert len(list((data / name).glob("figure-*.svg"))) == figures, name
        assert len(list((data / name).glob("figure-*.png"))) == figures, name
        for link in re.findall(r'href="(data/[^"]+)"', page):
            assert (reports / link).exists(), link


def test_the_index_links_every_data_file_and_article(reports):
    index = read(reports / "index.html")
    for path in (reports / "data").rglob("*"):
        if path.is_file() and not path.name.endswith(".schema.json"):
            assert f'href="{path.relative_to(reports).as_posix()}"' in index, path
    for page in (reports / "sources").glob("*.html"):
        assert f'href="sources/{page.name}"' in index


def test_the_data_package_is_valid_with_keys_units_and_sources(reports):
    import frictionless

    descriptor = reports / "data/datapackage.json"
    package = json.loads(read(descriptor))
    assert package["$schema"].startswith("https://datapackage.org/profiles/2.0/")
    resources = {r["name"]: r for r in package["resources"]}
    indicators = resources["indicators"]["schema"]
    assert indicators["primaryKey"] == ["obs_id"]
    assert {
        "fields": ["indicator_id"],
        "reference": {"resource": "catalog", "fields": ["indicator_id"]},
    } in indicators["foreignKeys"]
    fields = {f["name"]: f for f in indicators["fields"]}
    assert fields["value"]["type"] == "number" and fields["start"]["unit"].startswith("character")
    assert "exact" in fields["qualifier"]["constraints"]["enum"]
    assert len(package["resources"]) == 5 + sum(
        len(list((reports / "data" / p).glob("*.csv"))) for p in PAGES
    )
    with (reports.parent / "data/raw/sources.csv").open(encoding="utf-8") as handle:
        recorded = {r["doc_id"]: r["sha256"] for r in csv.DictReader(handle)}
    assert {s["doc_id"]: s["sha256"] for s in package["sources"]} == recorded
    result = frictionless.validate(str(descriptor))
    assert result.valid, result.flatten(["type", "note"])[:10]


# ------------------------------------------------------------ a browser --


# name: address, width, height, the figure to focus (its details show)
SHOTS = {
    "report-index.png": ("index.html", 1400, 1300, None),
    "report-coverage.png": ("02_coverage.html", 1400, 1300, None),
    "report-source.png": ("sources/zibo-2021-11.html#zibo-2021-11:2078", 1400, 1300, None),
    "report-growth-390.png": ("03_growth.html#Growth-cards", 390, 844, None),
    "report-source-390.png": (
        "sources/zibo-2021-11.html#zibo-2021-11:2078",
        390,
        844,
        "zibo-2021-11:2078",
    ),
}


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_pages_render_in_a_browser_without_errors_in_chinese_in_print_and_in_the_dark(reports, tmp_path):  # fmt: skip
    shots = Path(os.environ.get("ZIBO_SCREENSHOTS") or tmp_path)
    with Browser(1400, 900) as browser:
        for page in all_pages(reports):
            assert browser.open(page.as_uri()) == [], page.name
            assert browser.evaluate("""document.fonts.check('16px "Zibo CJK"', "淄博")""")
            assert browser.evaluate("[...document.fonts].every(f => f.status === 'loaded')")
            browser.media("print")
            browser.viewport(1030, 700)  # A4 landscape within its margins, at 96 dpi
            cut = browser.evaluate("""[...document.querySelectorAll('table')].filter(
                t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length""")
            assert cut == 0, f"{page.name}: {cut} tables wider than the printed page"
            browser.viewport(1400, 900)
            browser.media("", dark=True)
            background = browser.evaluate("getComputedStyle(document.body).backgroundColor")
            assert background == "rgb(13, 17, 23)", page.name
            browser.media("")
        browser.call("Emulation.setFocusEmulationEnabled", enabled=True)
        for name, (address, width, height, focus) in SHOTS.items():
            browser.size = (width, height)
            browser.viewport(width, height)
            path, _, anchor = address.partition("#")
            assert browser.open((reports / path).as_uri() + (f"#{anchor}" if anchor else "")) == []
            if focus:
                browser.evaluate(f"document.querySelector('a.zf[href=\\'#{focus}\\']').focus()")
            browser.screenshot(shots / name, height=height)
            assert 20_000 < (shots / name).stat().st_size < 800_000, name  # a picture, not a blank


def test_the_templates_ship_as_package_data():
    import fnmatch
    import tomllib
    from importlib.resources import files

    root = Path(__file__).resolve().parents[1]
    declared = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = declared["tool"]["setuptools"]["package-data"]["zibo_analysis.report"]
    templates = files("zibo_analysis.report") / "templates"
    for name in ("page.html.j2", "source.html.j2", "index.html.j2", "site.css.j2", "stale_banner.html.j2"):  # fmt: skip
        assert (templates / name).is_file(), name
        assert any(fnmatch.fnmatch(f"templates/{name}", p) for p in patterns), name


def article(text, rows, marks, lang="en", cuts=None):
    """An article page rendered from rows of the dataset and marks, as a Tree."""
    import pandas as pd

    from zibo_analysis.report.sources import article_page
    from zibo_analysis.report.templates import render
    from zibo_analysis.report.words import page_words

    defaults = {"indicator_en": "Stations", "indicator_zh": "站数", "unit": "个", "qualifier": "exact",
                "as_of": pd.Timestamp("2021-11-10"), "status": "actual", "region": "Zibo"}  # fmt: skip
    rows = pd.DataFrame([{**defaults, **r} for r in rows])
    marks = pd.DataFrame(marks, columns=["start", "end", "status", "reason", "value", "unit"])
    source = {"doc_id": "d", "source_file": "d.txt", "title": "标题", "publisher": "P", "published": "2021-11-10",
              "date_evidence": "e", "region": "Zibo"}  # fmt: skip
    page = render(
        "source.html.j2",
        sha256="0" * 64,
        data_sha="a",
        run_date="r",
        pages=[],
        lang=lang,
        w=page_words(lang),
        table_css="",
        **article_page(
            source, text, rows, marks, cuts or [(0, len(text))], lang, {"Zibo": "淄博市"}
        ),
    )
    return page, Tree(page)


def test_curated_ignored_and_uncurated_figures_are_marked_apart():
    text = "正文：全市建成12个站，二期工程，另有3家医院。"
    rows = [{"obs_id": "d:7", "mention_start": 7, "mention_end": 10, "start": 3, "end": 11, "value": 12.0,
             "mention": "12个"}]  # fmt: skip
    marks = [{"start": 12, "end": 14, "status": "ignored", "reason": "phase number (二期)", "value": 2.0, "unit": "期"},
             {"start": 19, "end": 21, "status": "uncurated", "reason": "", "value": 3.0, "unit": "家"}]  # fmt: skip
    page, tree = article(text, rows, marks, cuts=[(3, len(text))])
    ids = tree.by_id()
    assert ids["d:7"].text() == "全市建成12个站"
    assert ids["tip-d:7"].text().startswith("Indicator: Stations (站数)\nValue: 12 个")
    assert ids["fig-12"].text() == "二期" and "ignored" in ids["fig-12"].children[0].attrs["class"]
    assert ids["tip-fig-12"].text() == "Left out of the dataset: phase number (二期)"
    assert ids["tip-fig-19"].text() == "Not curated yet: 3 家"
    assert "uncurated" in ids["fig-19"].children[0].attrs["class"]
    assert "正文：" not in page  # what precedes the body is not shown


def test_quotes_that_cross_are_each_held_by_their_row_element():
    text = "甲地建成12个站，乙地建成5个站，合计17个站。"
    rows = [
        {
            "obs_id": "d:4",
            "mention_start": 4,
            "mention_end": 7,
            "start": 0,
            "end": 15,
            "value": 12.0,
            "mention": "12个",
        },
        {
            "obs_id": "d:13",
            "mention_start": 13,
            "mention_end": 15,
            "start": 9,
            "end": 22,
            "value": 5.0,
            "mention": "5个",
        },
        {
            "obs_id": "d:19",
            "mention_start": 19,
            "mention_end": 22,
            "start": 17,
            "end": 22,
            "value": 17.0,
            "mention": "17个",
        },
    ]
    _, tree = article(text, rows, [])
    ids = tree.by_id()
    for row in rows:
        held = ids[row["obs_id"]].text()
        assert text[row["start"] : row["end"]] in held, row["obs_id"]
        assert row["mention"] in [
            m.text() for m in ids[row["obs_id"]].find_all(lambda n: n.tag == "mark")
        ]
    assert ids["d:19"].text() == "合计17个"  # a quote inside another keeps its own words


def test_an_article_page_in_chinese_has_chinese_furniture_and_english_marked():
    text = "全市建成12个站。"
    rows = [
        {
            "obs_id": "d:4",
            "mention_start": 4,
            "mention_end": 7,
            "start": 0,
            "end": 9,
            "value": 12.0,
            "mention": "12个",
        }
    ]
    page, tree = article(text, rows, [], lang="zh")
    ids = tree.by_id()
    assert ids["tip-d:4"].text().split("\n")[:2] == ["指标：站数", "数值：12 个 （原文：12个）"]
    headings = [
        n.text().strip() for n in tree.root.find_all(lambda n: n.tag in ("h1", "h2", "th", "dt"))
    ]
    assert headings and all(text_lang(h) != "en" for h in headings), headings
    assert tree.root.find_all(lambda n: n.tag == "html")[0].attrs["lang"] == "zh-Hans"
    ids_shown = tree.root.find_all(lambda n: n.tag == "td" and "zt-id" in n.attrs.get("class", ""))
    assert ids_shown and all(n.attrs.get("lang") == "en" for n in ids_shown)
