"""The report in a browser, for every reader: phones (320 and 390 px), 1400 px light and dark,
keyboard and touch, screen readers (axe-core), print. Headless Chromium over the DevTools
protocol (tests/browser.py); skipped, saying why, where Chromium or axe-core is missing.

axe-core is read from ``ZIBO_AXE`` (a path to axe.min.js) or installed by npm into a
temporary folder; without either, or without the network, the axe test is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import CHROMIUM, Browser
from shared import built_once
from test_report import built_report

pytestmark = [
    pytest.mark.slow,  # end to end: `make test-fast` leaves it out
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed"),
]

PAGES = ("01_overview", "02_coverage", "03_growth", "04_quality")


@pytest.fixture(scope="module")
def reports() -> Path:
    return built_report()[0] / "reports"


def every_page(reports: Path) -> list[Path]:
    return [reports / "index.html", *(reports / f"{p}.html" for p in PAGES),
            *sorted((reports / "sources").glob("*.html"))]  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    with Browser(1400, 900) as chromium:
        chromium.call("Emulation.setFocusEmulationEnabled", enabled=True)  # focus as in a window
        yield chromium


@pytest.fixture(scope="module")
def axe() -> str:
    found = os.environ.get("ZIBO_AXE")
    if found and Path(found).is_file():
        return Path(found).read_text(encoding="utf-8")
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("axe-core is missing: set ZIBO_AXE to axe.min.js, or install npm")

    def install(folder: Path) -> None:  # once a test run, whichever worker asks first
        folder.mkdir()
        try:
            done = subprocess.run([npm, "install", "--prefix", folder, "--no-audit", "--no-fund", "--silent",
                                   "axe-core@4"], capture_output=True, text=True, timeout=180)  # fmt: skip
            (folder / "npm.log").write_text(done.stderr.strip()[:200], encoding="utf-8")
        except subprocess.TimeoutExpired:
            (folder / "npm.log").write_text("no answer in 180 s", encoding="utf-8")

    folder = built_once("axe", install)
    script = folder / "node_modules/axe-core/axe.min.js"
    if not script.is_file():
        why = (folder / "npm.log").read_text(encoding="utf-8")
        pytest.skip(f"axe-core could not be installed with npm (offline?): {why}")
    return script.read_text(encoding="utf-8")


def test_nothing_is_wider_than_a_phone(reports, browser):
    widths = {}
    for width in (320, 390):
        browser.viewport(width, 844)
        for page in every_page(reports):
            assert browser.open(page.as_uri()) == [], page.name
            widths[(width, page.name)] = browser.evaluate("document.documentElement.scrollWidth")
    browser.viewport(1400, 900)
    wide = {key: w for key, w in widths.items() if w > key[0]}
    assert not wide, wide


def test_on_a_phone_the_header_collapses_and_wide_tables_are_cards(reports, browser):
    browser.viewport(390, 844)
    browser.open((reports / "03_growth.html").as_uri())
    header = browser.evaluate(
        "document.querySelector('.zibo-header').getBoundingClientRect().height"
    )
    assert header < 0.08 * 844
    browser.evaluate("document.querySelector('.zibo-menu').click()")
    assert (
        browser.evaluate("document.querySelector('#zibo-pages').getBoundingClientRect().height")
        > 80
    )
    cards = browser.evaluate("""[...document.querySelectorAll('table.zt-cards tr')].filter(r => r.closest('tbody'))
        .map(r => getComputedStyle(r).display)""")
    assert cards and set(cards) == {"block"}
    label = browser.evaluate(
        "getComputedStyle(document.querySelector('table.zt-cards td'), '::before').content"
    )
    assert label.strip('"')  # each value says its column
    figure = browser.evaluate(
        "[...document.querySelectorAll('figure.zibo-figure a.zibo-figure-open')].map(a => a.getAttribute('href'))"
    )
    assert figure and all((reports / href).is_file() for href in figure)  # a tap opens it full size
    browser.viewport(1400, 900)


def test_at_1400_px_tables_fit_and_figures_are_shown_at_their_size(reports, browser):
    for name in PAGES:
        browser.open((reports / f"{name}.html").as_uri())
        wide = browser.evaluate("""[...document.querySelectorAll('table.zibo-table')].filter(
            t => t.getBoundingClientRect().width > t.closest('.zibo-table-wrap').clientWidth + 1).map(t => t.id)""")
        assert wide == [], name
        shrunk = browser.evaluate("""[...document.querySelectorAll('figure.zibo-figure img')].map(
            i => i.getBoundingClientRect().width / i.naturalWidth).filter(r => r < 0.99)""")
        assert shrunk == [], name  # 8 pt text drawn at 100 dpi stays 11 px


def test_a_section_opened_by_its_link_is_not_hidden_under_the_sticky_header(reports, browser):
    header = "document.querySelector('.zibo-header').getBoundingClientRect().bottom"
    below = f"getBoundingClientRect().top >= {header}"
    hidden = {}
    for width in (390, 720, 1400):  # the header: a button; five lines of pages; two lines
        browser.viewport(width, 844)
        browser.open((reports / "03_growth.html").as_uri() + "#Growth-cards")  # from another page
        if not browser.evaluate(f"document.getElementById('Growth-cards').{below}"):
            hidden[(width, "03_growth")] = ["Growth-cards"]
        for name in PAGES:  # each section of a page's contents, in turn
            browser.open((reports / f"{name}.html").as_uri())
            covered = browser.evaluate(f"""[...document.querySelectorAll('.zibo-toc a[href^="#"]')]
                .map(a => document.getElementById(decodeURIComponent(a.hash.slice(1))))
                .filter(t => {{ t.scrollIntoView(); return !t.{below}; }}).map(t => t.id)""")
            if covered:
                hidden[(width, name)] = covered
    browser.viewport(1400, 900)
    assert hidden == {}


def test_every_highlighted_figure_shows_its_details_on_focus(reports, browser):
    for page in sorted((reports / "sources").glob("*.html")):
        browser.open(page.as_uri())
        found = browser.evaluate("""(() => {
          const links = [...document.querySelectorAll('a.zf')];
          let shown = 0;
          for (const link of links) {
            link.focus();
            const tip = document.getElementById(link.getAttribute('aria-describedby'));
            if (document.activeElement === link && getComputedStyle(tip).display !== 'none'
                && getComputedStyle(link, ':focus-visible') && tip.textContent.trim()) shown++;
          }
          return [links.length, shown, document.querySelectorAll('.zibo-body mark').length];
        })()""")
        links, shown, marks = found
        assert links >= 20 and shown == links and marks == links, page.name


def test_sort_buttons_and_figures_have_a_visible_focus_style(reports, browser):
    browser.open((reports / "03_growth.html").as_uri())
    outline = browser.evaluate("""(() => { const b = document.querySelector('th button');
        b.focus({focusVisible: true});
        return getComputedStyle(b).outlineStyle + ' ' + getComputedStyle(b).outlineWidth; })()""")
    assert outline.startswith("solid") and not outline.endswith(" 0px")


def test_axe_finds_no_violation_at_1400_light_and_dark_and_at_390(reports, browser, axe):
    found = {}
    for width, dark in ((1400, False), (1400, True), (390, False)):
        browser.viewport(width, 900)
        browser.media("", dark=dark)
        for page in every_page(reports):
            browser.open(page.as_uri())
            browser.evaluate(axe)
            result = browser.evaluate(
                "axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.map(v => "
                "[v.id, v.nodes.length, v.nodes[0].target])))",
                await_promise=True,
            )
            violations = json.loads(result)
            if violations:
                found[(width, "dark" if dark else "light", page.name)] = violations
    browser.viewport(1400, 900)
    browser.media("")
    assert found == {}


def test_printed_figures_fit_a_page_and_table_headers_repeat(reports, browser):
    browser.media("print")
    browser.viewport(1030, 700)  # A4 landscape within its margins, at 96 dpi
    for name in PAGES:
        browser.open((reports / f"{name}.html").as_uri())
        tall = browser.evaluate("""[...document.querySelectorAll('figure.zibo-figure img')]
            .map(i => i.getBoundingClientRect())
            .filter(r => r.height > 141 * 96 / 25.4 + 1 || r.width > 1031).length""")
        assert tall == 0, name
        heads = browser.evaluate(
            "[...document.querySelectorAll('table.zibo-table thead')].map(h => getComputedStyle(h).display)"
        )
        assert set(heads) <= {"table-header-group"}, name
        breaks = browser.evaluate(
            "[...document.querySelectorAll('figure.zibo-figure:not(.zibo-cards), li.zc-card')]"
            ".map(f => getComputedStyle(f).breakInside)"
        )
        assert set(breaks) <= {"avoid"}, name  # a figure whole, and each growth card
    browser.media("")
    browser.viewport(1400, 900)
