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

from zibo_analysis.report.fonts import page_characters

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
        header = read(reports / f"{name}.html").split('<header class="zibo-header">')[1].split("</header>")[0]  # fmt: skip
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
    remote = re.compile(r"""<(?:script|link|img|iframe|source|embed|object|video|audio)\b[^>]*\b(?:src|href|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)  # fmt: skip
    for page in all_pages(reports):
        text = read(page)
        assert not remote.search(text), page.name
        assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//|@import", text, re.I), page.name
        assert "require.js" not in text and "mathjax" not in text.lower(), page.name


# ------------------------------------------- from a number to its sentence --


def test_every_figure_of_the_dataset_is_highlighted_in_its_article(reports):
    with (reports / "data/indicators.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    pages = {p.stem: read(p) for p in (reports / "sources").glob("*.html")}
    for row in rows:
        page = pages[row["doc_id"]]
        mark = re.search(rf'<mark class="curated" id="{re.escape(row["obs_id"])}" title="([^"]*)"[^>]*>([^<]*)</mark>', page)  # fmt: skip
        assert mark, row["obs_id"]
        assert mark.group(2) == html.escape(row["mention"], quote=False)
        tip = html.unescape(mark.group(1))
        assert row["indicator_en"] in tip and row["as_of"] in tip and row["unit"] in tip


def test_an_article_page_gives_its_origin_and_marks_left_out_figures(reports):
    page = read(reports / "sources/zibo-2021-12-01.html")
    for text in ("鲁中晨报", "2021-12-01", "How the date was established", "淄博12月1日讯",
                 "251aee5600ac89ba10c6d29925ee7ec501330b054b2febc225a787f64ae0110d"):  # fmt: skip
        assert text in html.unescape(page), text
    ignored = re.findall(r'<mark class="ignored" title="([^"]*)"', page)
    assert ignored and all(t.startswith("Left out of the dataset: ") for t in ignored)
    assert 'title="Left out of the dataset: phase number in a project name (二期)"' in page


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


def test_a_source_page_shows_article_text_as_text(tmp_path):
    from zibo_analysis.report.site import render
    from zibo_analysis.report.sources import pieces

    source = {"doc_id": "d", "source_file": "d.txt", "title": "<script>alert(1)</script>",
              "publisher": "P&amp;", "published": "2021-01-01", "date_evidence": "<b>",
              "region": "Zibo"}  # fmt: skip
    mark = {
        "start": 3,
        "end": 5,
        "id": 'x" onmouseover="1',
        "status": "curated",
        "title": '"><img>',
    }
    page = render("source.html.j2", source=source, sha256="0" * 64, counts={"curated": 1, "ignored": 0, "uncurated": 0},
                  segments=[pieces("<i>12人</i>", [(0, 10, "x")], [mark])], figures=[], data_sha="a", run_date="r", pages=[])  # fmt: skip
    assert "<script>alert" not in page and "<img>" not in page and "<i>" not in page
    assert 'id="x&#34; onmouseover=&#34;1"' in page and "&lt;i&gt;" in page


# ------------------------------------------------------------ the data --


def test_the_data_folder_holds_each_table_and_figure_of_each_page(reports):
    data = reports / "data"
    for name in ("indicators.csv", "quality_flags.csv", "catalog.csv", "articles.csv", "datapackage.json"):  # fmt: skip
        assert (data / name).is_file(), name
    for name in PAGES:
        page = read(reports / f"{name}.html")
        tables = len(re.findall(r'<table class="zibo-table"', page))
        figures = len(re.findall(r'<figure class="zibo-figure', page))
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
    assert {"fields": ["indicator_id"], "reference": {"resource": "catalog", "fields": ["indicator_id"]}} in indicators["foreignKeys"]  # fmt: skip
    fields = {f["name"]: f for f in indicators["fields"]}
    assert fields["value"]["type"] == "number" and fields["start"]["unit"].startswith("character")
    assert "exact" in fields["qualifier"]["constraints"]["enum"]
    assert len(package["resources"]) == 5 + sum(len(list((reports / "data" / p).glob("*.csv"))) for p in PAGES)  # fmt: skip
    with (reports.parent / "data/raw/sources.csv").open(encoding="utf-8") as handle:
        recorded = {r["doc_id"]: r["sha256"] for r in csv.DictReader(handle)}
    assert {s["doc_id"]: s["sha256"] for s in package["sources"]} == recorded
    result = frictionless.validate(str(descriptor))
    assert result.valid, result.flatten(["type", "note"])[:10]


# ------------------------------------------------------------ a browser --


SHOTS = {"report-index.png": "index.html", "report-coverage.png": "02_coverage.html",
         "report-source.png": "sources/zibo-2021-11.html#zibo-2021-11:2078"}  # fmt: skip


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
        for name, address in SHOTS.items():
            assert browser.open((reports / address.split("#")[0]).as_uri() + ("#" + address.split("#")[1] if "#" in address else "")) == []  # fmt: skip
            browser.screenshot(shots / name, height=1300)
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


def test_curated_ignored_and_uncurated_figures_are_marked_apart():
    import pandas as pd

    from zibo_analysis.report.site import render
    from zibo_analysis.report.sources import article_page

    text = "正文：全市建成12个站，二期工程，另有3家医院。"
    rows = pd.DataFrame([{"obs_id": "d:7", "mention_start": 7, "mention_end": 10, "start": 3, "end": 11,
                          "indicator_en": "Stations", "indicator_zh": "站数", "value": 12.0, "unit": "个",
                          "qualifier": "exact", "mention": "12个", "as_of": pd.Timestamp("2021-11-10"),
                          "status": "actual", "region": "Zibo"}])  # fmt: skip
    marks = pd.DataFrame([{"start": 12, "end": 14, "status": "ignored", "reason": "phase number (二期)", "value": 2.0, "unit": "期"},
                          {"start": 19, "end": 21, "status": "uncurated", "reason": "", "value": 3.0, "unit": "家"}])  # fmt: skip
    source = {"doc_id": "d", "source_file": "d.txt", "title": "标题", "publisher": "P", "published": "2021-11-10",
              "date_evidence": "e", "region": "Zibo"}  # fmt: skip
    page = render("source.html.j2", sha256="0" * 64, data_sha="a", run_date="r", pages=[],
                  **article_page(source, text, rows, marks, [(3, len(text))]))  # fmt: skip
    assert re.search(
        r'<mark class="curated" id="d:7" title="Indicator: Stations \(站数\)\nValue: 12 个', page
    )
    assert (
        '<mark class="ignored" title="Left out of the dataset: phase number (二期)">二期</mark>'
        in page
    )
    assert '<mark class="uncurated" title="Not curated yet: 3 家">3家</mark>' in page
    assert "正文：" not in page  # what precedes the body is not shown
