"""`-p lang zh`: the pages in Chinese, from a notebook that carries its narrative in both
languages (a Markdown cell per language, tagged lang-en and lang-zh)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from shared import built_once
from test_report import KERNEL, built_zh_report, make_project, run
from test_report_site import Tree

from zibo_analysis.hanzi import text_lang

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out

NOTEBOOKS = ("01_overview", "02_coverage", "03_growth", "04_quality")


def tagged(source: str, lang: str):
    cell = new_markdown_cell(source)
    cell.metadata["tags"] = [f"lang-{lang}"]
    return cell


def zh_report() -> Path:
    """A project with one page written in both languages, its report run in Chinese: the
    report's folder (made once a test run)."""
    return built_once("zh-page", _zh_page) / "reports"


def _zh_page(base: Path) -> None:
    project = make_project(base)
    params = new_code_cell('lang: str = "en"  # "en" or "zh"')
    params.metadata["tags"] = ["parameters"]
    cells = [
        tagged("# Coverage of the rates\n\nEach rate against its target.", "en"),
        tagged("# 各项比率的覆盖情况\n\n各项比率与其目标对照。", "zh"),
        params,
        tagged("## The rates", "en"),
        tagged("## 各项比率", "zh"),
        new_markdown_cell("A cell in one language only, for every page: `obs_id` names a row."),
        new_code_cell(
            "from zibo_analysis import coverage, dataset, plots\n"
            "indicators = dataset.load_indicators()\n"
            "table = coverage.coverage_table(indicators)\n"
            "plots.plot_coverage(table, lang=lang, indicators=indicators)"
        ),
        new_code_cell(
            'plots.display_table(table, "coverage", lang=lang, printed=indicators,\n'
            '    columns=["indicator_en", "region", "as_of", "value", "verdict", "doc_id"])'
        ),
    ]
    nbformat.write(new_notebook(cells=cells, metadata=KERNEL), project / "notebooks/01_rates.ipynb")
    result = run(project, "-p", "lang", "zh")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def reports() -> Path:
    return zh_report()


def test_a_chinese_page_keeps_the_chinese_cells_and_drops_the_english(reports):
    page = (reports / "01_rates.html").read_text(encoding="utf-8")
    assert "各项比率的覆盖情况" in page and "各项比率" in page
    assert "Coverage of the rates" not in page and "The rates" not in page


def test_no_heading_caption_or_table_header_of_a_chinese_page_is_english(reports):
    for page in (
        reports / "01_rates.html",
        reports / "index.html",
        *reports.glob("sources/*.html"),
    ):
        tree = Tree(page.read_text(encoding="utf-8"))
        html = tree.root.find_all(lambda n: n.tag == "html")[0]
        assert html.attrs["lang"] == "zh-Hans", page.name
        headings = tree.root.find_all(lambda n: n.tag in ("h1", "h2", "h3", "th", "figcaption", "button", "dt")
                                      or (n.tag == "a" and n.parent.tag == "li"))  # fmt: skip
        english = [
            n.text().strip()
            for n in headings
            if text_lang(n.text()) == "en" and _declared(n) != "en"
        ]
        assert headings and english == [], (page.name, english)


def _declared(node) -> str | None:
    """The language an element declares, or the nearest ancestor's."""
    while node is not None:
        if "lang" in node.attrs:
            return node.attrs["lang"]
        node = node.parent
    return None


def test_english_left_on_a_chinese_page_says_it_is_english(reports):
    tree = Tree((reports / "01_rates.html").read_text(encoding="utf-8"))
    cells = tree.root.find_all(lambda n: n.tag == "td")
    ids = [n for n in cells if n.text().startswith(("zibo-", "xuecheng-", "zhangdian-"))]
    assert ids and all(_declared(n) == "en" for n in ids)
    names = [n.text() for n in cells if n.attrs.get("data-label") == "指标"]
    assert "两癌筛查覆盖率" in names  # the catalog's Chinese name, not the English one
    untagged = tree.root.find_all(
        lambda n: "jp-MarkdownCell" in n.attrs.get("class", "") and "obs_id" in n.text()
    )
    assert untagged and _declared(untagged[0]) == "en"
    figure = tree.root.find_all(lambda n: n.tag == "figure")[0]
    assert figure.attrs["lang"] == "zh-Hans" and "覆盖率与目标对照" in figure.text()


# ------------------------------------------- the whole report, run with -p lang zh --
# Every notebook of the project, its pages, index and article pages in Chinese: no heading
# or paragraph may hold English words outside an element that says it is English.

ENGLISH_RUN = re.compile(
    r"[A-Za-z][A-Za-z'’]*[A-Za-z](?:[ \t]+[A-Za-z][A-Za-z'’]*)+"
)  # two words or more
PROSE = ("h1", "h2", "h3", "p", "li")


@pytest.fixture(scope="module")
def zh_pages() -> Path:
    return built_zh_report() / "reports-zh"


def _shown_outside_english(node) -> str:
    """The text of ``node`` without what an element inside it declares English (ids, codes)."""
    if node.tag in ("script", "style") or node.attrs.get("lang", "").startswith("en"):
        return ""
    return "".join(c if isinstance(c, str) else _shown_outside_english(c) for c in node.children)


def english_prose(page: str) -> list[str]:
    """Each heading or paragraph of ``page`` (h1–h3, p, li) that holds a run of English words
    not marked lang="en"."""
    tree = Tree(page)
    prose = tree.root.find_all(lambda n: n.tag in PROSE and (_declared(n) or "").startswith("zh"))
    return [text for n in prose if ENGLISH_RUN.search(text := _shown_outside_english(n))]


def test_english_prose_is_found_where_it_is_left():
    page = (
        '<html lang="zh-Hans"><h2>Rates against targets</h2><p>时间范围：<code lang="en">period_start'
        ' is empty</code></p><p>Window: the span of the data</p><li>页面 (<span lang="en">as of</span>)</li></html>'
    )
    assert english_prose(page) == ["Rates against targets", "Window: the span of the data"]


def test_no_heading_or_paragraph_of_the_chinese_report_is_english(zh_pages):
    pages = [zh_pages / "index.html", *(zh_pages / f"{n}.html" for n in NOTEBOOKS)]
    pages += sorted((zh_pages / "sources").glob("*.html"))
    assert all(p.exists() for p in pages) and len(pages) >= 5 + len(NOTEBOOKS)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert '<html lang="zh-Hans">' in text, page.name
        assert english_prose(text) == [], page.name
    overview = (zh_pages / "01_overview.html").read_text(encoding="utf-8")
    assert "数据集：各篇报道提供了哪些数字" in overview and "时间范围：" in overview
    assert "The dataset: what the articles report" not in overview
