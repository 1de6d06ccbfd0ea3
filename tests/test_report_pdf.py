"""reports/report.pdf: the index, a page and an article of the session's report as a PDF.

Rendered by WeasyPrint with the system's Pango: skipped, saying why, where either is missing.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from shared import built_once
from test_report import built_report

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out

weasyprint = pytest.importorskip("weasyprint", reason="WeasyPrint (the pdf extra) or Pango is missing")  # fmt: skip
pypdf = pytest.importorskip("pypdf")

MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(scope="module")
def pdf() -> pypdf.PdfReader:
    """A report of the index, the overview page and the shortest article, as a PDF (made once
    a test run)."""
    from zibo_analysis.report.pdf import write_pdf

    def build(folder: Path) -> None:
        reports = built_report()[0] / "reports"
        small = folder / "reports"
        (small / "sources").mkdir(parents=True)
        for name in ("index.html", "01_overview.html", "sources/zhangdian-2023-08-31.html"):
            shutil.copy(reports / name, small / name)
        write_pdf(small)

    return pypdf.PdfReader(built_once("pdf", build) / "reports/report.pdf")


def fonts(reader) -> dict[str, bool]:
    """Each font of the PDF, and whether its file is embedded."""
    found = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                embedded = descriptor is not None and any(
                    k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                found[str(font["/BaseFont"])] = embedded
    return found


def test_every_font_is_embedded_with_the_cjk_subset(pdf):
    embedded = fonts(pdf)
    assert embedded and all(embedded.values()), embedded
    assert any("Zibo-CJK" in name for name in embedded)


def test_the_chinese_text_is_extractable(pdf):
    text = "".join(page.extract_text() for page in pdf.pages)
    for words in ("张店全力打造“15分钟健康服务圈”", "精神(心理)门诊", "zibo-analysis"):
        assert words in text.replace("\n", ""), words


def test_the_pages_are_a4_the_notebook_pages_landscape(pdf):
    sizes = [
        (round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM))
        for p in pdf.pages
    ]
    assert set(sizes) <= {(210, 297), (297, 210)}, sizes
    assert sizes[0] == (210, 297) and (297, 210) in sizes and sizes[-1] == (210, 297)


def test_bookmarks_follow_the_contents(pdf):
    top = [item for item in pdf.outline if not isinstance(item, list)]
    titles = [item.title for item in top]
    assert titles[0].startswith("zibo-analysis") and titles[1] == "The dataset: what the articles report"  # fmt: skip
    assert titles[2].startswith("张店全力打造")
    overview = next(
        i
        for i, item in enumerate(pdf.outline)
        if getattr(item, "title", "").startswith("The dataset")
    )
    sections = [item.title for item in pdf.outline[overview + 1]]  # under the page: its sections
    assert "The articles" in sections and "From a number to its sentence" in sections


def test_links_between_pages_stay_links_inside_the_pdf(pdf):
    inside = 0
    for page in pdf.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            action = link.get("/A")
            if "/Dest" in link or (action is not None and action.get("/S") == "/GoTo"):
                inside += 1
    assert inside >= 20  # the article's figures, the index's links to the pages and articles


def test_a_missing_report_is_refused_with_how_to_build_it(tmp_path):
    from zibo_analysis.report.pdf import main

    assert main([str(tmp_path), str(tmp_path / "out.pdf")]) == 2
    assert not (tmp_path / "out.pdf").exists() and not Path("out.pdf").exists()


def test_printed_growth_cards_draw_their_line_in_colour_and_dash_a_break():
    # WeasyPrint draws an inline SVG without the page's stylesheet: the line of every report
    # must carry its colours and strokes itself, or it prints as a black filled sliver
    from conftest import make_indicators
    from test_growth_cards import RATE, STATIONS, _rates

    from zibo_analysis import plots

    table = make_indicators(STATIONS + RATE)  # the rate's series breaks between its two reports
    cards = plots.plot_growth_cards(_rates(table), table).to_html(link=False)
    printed = weasyprint.HTML(string=f"<html><body>{cards}</body></html>").write_pdf()
    page = pypdf.PdfReader(io.BytesIO(printed)).pages[0]
    drawn = page.get_contents().get_data().decode("latin-1").splitlines()
    blue, orange = "0.003922 0.45098 0.698039", "0.835294 0.368627 0"  # #0173b2 and #d55e00
    assert drawn.count(f"{blue} RG") == 2  # a line for each of the two cards
    break_at = drawn.index(f"{orange} RG")
    assert drawn[break_at + 1 : break_at + 3] == ["1.5 w", "[4 3] 0 d"]
