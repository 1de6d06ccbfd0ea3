"""What the report writes is safe to open: HTML escapes the inputs, CSV cells run no formulas."""

from __future__ import annotations

import csv
import json
import shutil

import pandas as pd
import pytest
from test_report import ROOT, run, small_notebook

from zibo_analysis.dataset import build_indicators, write_indicators
from zibo_analysis.files import spreadsheet_safe
from zibo_analysis.report.banner import mark_stale
from zibo_analysis.report.common import NotebookResult
from zibo_analysis.report.folder import OutputFolder
from zibo_analysis.report.index import write_index

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out

FORMULA = '=HYPERLINK("http://example.com/x","click")'


def test_index_escapes_titles_summaries_parameters_and_errors(tmp_path):
    record = {"name": "01_x", "title": "<script>alert(1)</script>", "status": "failed",
              "summary": "<img src=x onerror=alert(2)>", "failed_cell": 3,
              "parameters": {"region": "</code><script>alert(3)</script>"},
              "error": "ValueError: <svg onload=alert(4)>", "stale": True}  # fmt: skip
    out = OutputFolder.claim(tmp_path / "reports")
    out.write("01_x.html", "<html><body></body></html>")
    page = write_index(out, "0" * 64, [record]).read_text(encoding="utf-8")
    for raw in ("<script>alert", "<img", "<svg", "</code><script>"):  # the page's own scripts aside
        assert raw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "ValueError: &lt;svg onload=alert(4)&gt;" in page


def test_stale_banner_escapes_the_error(tmp_path):
    out = OutputFolder.claim(tmp_path / "reports")
    page = out.write("01_x.html", "<html><body>\n<p>good</p></body></html>")
    failed = NotebookResult("01_x", "failed", error="<script>alert(1)</script>", failed_cell=2)
    mark_stale(out, "01_x.html", failed)
    text = page.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_spreadsheet_formulas_in_text_cells_get_an_apostrophe_numbers_stay():
    frame = pd.DataFrame({"detail": [FORMULA, "+1", "-0.5 fell", "@SUM(A1)", "\tx", "\ry", "ok"],
                          "change": [-0.5, 1.0, -2.0, 0.0, 3.0, 4.0, 5.0]})  # fmt: skip
    safe = spreadsheet_safe(frame)
    # +1 is a number as written: a spreadsheet shows it as one and runs nothing
    assert safe["detail"].tolist() == ["'" + FORMULA, "+1", "'-0.5 fell", "'@SUM(A1)",
                                       "'\tx", "'\ry", "ok"]  # fmt: skip
    assert safe["change"].tolist() == [-0.5, 1.0, -2.0, 0.0, 3.0, 4.0, 5.0]
    assert frame["detail"][0] == FORMULA  # the input is left as it was


def test_report_escapes_a_script_title_and_neutralises_a_formula_name(tmp_path):
    project = tmp_path
    shutil.copytree(ROOT / "data", project / "data", ignore=shutil.ignore_patterns("processed"))
    catalog = project / "data/catalog.csv"
    with catalog.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["indicator_id"] == "business_deputy_directors_dispatched":  # a flagged indicator
            row["name_en"] = FORMULA
    with catalog.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    write_indicators(
        build_indicators(project / "data"), project / "data", project / "data/processed"
    )
    (project / "notebooks").mkdir()
    book = small_notebook(project / "notebooks/01_x.ipynb", "n = 1", "print(n)")
    nb = json.loads(book.read_text())
    nb["cells"][0]["source"] = "# <script>alert(1)</script> Steady\n\nA <b>summary</b>."
    book.write_text(json.dumps(nb))

    result = run(project)
    assert result.returncode == 0, result.stderr
    index = (project / "reports/index.html").read_text(encoding="utf-8")
    assert (
        "<script>alert(1)" not in index and "&lt;script&gt;alert(1)&lt;/script&gt; Steady" in index
    )
    assert "<b>summary" not in index
    with (project / "reports/quality_flags.csv").open(encoding="utf-8", newline="") as handle:
        flags = list(csv.DictReader(handle))
    details = [
        f["detail"] for f in flags if f["indicator_id"] == "business_deputy_directors_dispatched"
    ]
    assert details and all(d.startswith("'" + FORMULA) for d in details)
    assert not any(v.startswith(("=", "+", "-", "@")) for f in flags for v in f.values())
