"""What a notebook leaves for the report: captions, files, links; and the pieces the pages
are made with (fonts, kernel warm-up), each checked alone."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from zibo_analysis import plots
from zibo_analysis.plots import output
from zibo_analysis.table_assets import ASSETS, TABLE_CALL, TABLE_FUNCTION, assets_html

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out


@pytest.fixture
def report_folder(tmp_path) -> Path:
    folder = tmp_path / "data" / "02_coverage"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def kept(report_folder) -> output.ReportOutput:
    """What the report runner hands a notebook's kernel: where its figures and tables go."""
    return output.ReportOutput(report_folder)


def test_a_figure_is_shown_with_its_caption_in_the_output_metadata(real_indicators):
    fig = plots.plot_fact_counts(real_indicators)
    png, metadata = output.figure_png(fig)
    caption = metadata["zibo"]
    assert caption["title"] == "Facts per article and topic"
    assert caption["source"].startswith("Source: zibo-2021-11 (2021-11-10);")
    assert (
        caption["alt"].startswith("Facts per article and topic. ")
        and caption["source"] in caption["alt"]
    )
    assert base64.b64decode(png).startswith(b"\x89PNG") and "files" not in caption


def test_in_a_report_run_each_figure_is_written_as_png_and_svg(
    real_indicators, report_folder, kept
):
    fig = plots.plot_fact_counts(real_indicators)
    png, metadata = kept.figure(fig)
    kept.figure(fig)
    assert metadata["zibo"]["files"] == ["figure-1.png", "figure-1.svg"]
    assert (report_folder / "figure-1.png").read_bytes() == base64.b64decode(png)
    svg = (report_folder / "figure-1.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<dc:date>" not in svg  # no timestamp: the same file
    assert (report_folder / "figure-2.svg").read_text(encoding="utf-8") == svg


def test_a_figure_is_drawn_once_for_its_png_and_once_for_its_svg(
    real_indicators, kept, monkeypatch
):
    from matplotlib.figure import Figure

    fig = plots.plot_growth(real_indicators, None, region="Zibo")  # laid out by tight_layout
    drawn = []
    original = Figure.draw
    monkeypatch.setattr(
        Figure,
        "draw",
        lambda self, renderer: drawn.append(type(renderer).__name__) or original(self, renderer),
    )
    kept.figure(fig)
    assert drawn == [
        "RendererAgg",
        "MixedModeRenderer",
    ]  # the SVG renderer; no layout pass before either


SHELL_DRAWS = """\
from IPython.testing.globalipapp import start_ipython
from matplotlib.figure import Figure
shell = start_ipython()
shell.run_line_magic("matplotlib", "inline")
shell.run_line_magic("load_ext", "zibo_analysis.plots")  # as a report run installs it
drawn = []
original = Figure.draw
Figure.draw = lambda self, renderer: drawn.append(type(renderer).__name__) or original(self, renderer)
shell.run_cell("from zibo_analysis import dataset, plots; plots.plot_fact_counts(dataset.load_indicators());")
print(drawn)
"""


def test_in_ipython_a_figure_shown_after_its_cell_is_drawn_once():
    # pyplot's hook would draw it once more after the cell, before the inline backend shows it
    env = {**__import__("os").environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    result = subprocess.run([sys.executable, "-c", SHELL_DRAWS], capture_output=True, text=True, env=env)  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "['RendererAgg']", result.stderr[-2000:]


def test_in_a_report_run_each_table_is_saved_as_csv_with_its_schema(report_folder, kept):
    frame = pd.DataFrame({"indicator_en": ["Stations"], "value": [123.0], "as_of": [pd.Timestamp("2022-10-16")],
                          "facts": [3], "obs_id": ["zibo-2022-10:5"], "doc_id": ["zibo-2022-10"]})  # fmt: skip
    shown = plots.display_table(
        frame, "stations", columns=["indicator_en", "value", "as_of", "facts"]
    )
    page, metadata = kept.table(shown)
    saved = pd.read_csv(report_folder / "stations.csv")
    assert list(saved.columns) == ["indicator_en", "value", "as_of", "facts", "obs_id", "doc_id"]
    schema = json.loads((report_folder / "stations.schema.json").read_text(encoding="utf-8"))
    assert [(f["name"], f["type"]) for f in schema["fields"]] == [
        ("indicator_en", "string"), ("value", "number"), ("as_of", "date"), ("facts", "integer"),
        ("obs_id", "string"), ("doc_id", "string")]  # fmt: skip
    assert '<a href="data/02_coverage/stations.csv">This table as CSV</a>' in page
    assert '<a href="sources/zibo-2022-10.html#zibo-2022-10:5">123</a>' in page  # linked by default
    assert metadata == {"zibo": {"table_assets": ["style"]}}  # a short table: no script
    alone = shown._repr_html_()  # outside a report run: no links, no file
    assert "<a href" not in alone and alone.startswith(assets_html(["style"]))


def test_display_table_links_each_figure_to_its_sentence():
    frame = pd.DataFrame(
        {
            "first_value": [24.0],
            "first_obs_id": ["zibo-2021-11:2529"],
            "first_doc_id": ["zibo-2021-11"],
            "last_value": [float("nan")],
            "last_obs_id": [None],
            "last_doc_id": [None],
            "doc_id": ["zibo-2021-11"],
        }
    )
    page = plots.display_table(
        frame, link=True, columns=["first_value", "last_value", "doc_id"]
    )._repr_html_()
    assert '<a href="sources/zibo-2021-11.html#zibo-2021-11:2529">24</a>' in page
    assert (
        '<a href="sources/zibo-2021-11.html"><span class="zt-nowrap">zibo-2021-11</span></a>'
        in page
    )
    assert page.count("<a href") == 2  # a missing value links nowhere
    assert "<a href" not in plots.display_table(frame, link=False)._repr_html_()
    assert (
        "<a href"
        not in plots.display_table(pd.DataFrame({"value": [1.5]}), link=True)._repr_html_()
    )


def test_each_quote_of_a_flag_links_to_its_figure():
    frame = pd.DataFrame({"quotes": [["「24名优秀人才」 (zibo-2021-11)", "「选派6名“业务院长”」 (zibo-2021-12-01)"]],
                          "obs_ids": [["zibo-2021-11:2529", "zibo-2021-12-01:1136"]]})  # fmt: skip
    page = plots.display_table(frame, link=True, columns=["quotes"])._repr_html_()
    assert (
        '<a href="sources/zibo-2021-11.html#zibo-2021-11:2529">「24名优秀人才」 (<span '
        'class="zt-nowrap">zibo-2021-11</span>)</a>' in page
    )
    assert 'href="sources/zibo-2021-12-01.html#zibo-2021-12-01:1136"' in page


def test_a_table_carries_its_assets_ahead_of_itself_and_names_them(kept):
    long = pd.DataFrame({"facts": range(12)})  # long enough for a search box: the script too
    page, metadata = kept.table(plots.display_table(long, "long"))
    assert metadata["zibo"]["table_assets"] == ["style", "script"]
    assert page.startswith(ASSETS["style"] + ASSETS["script"])
    rest = page.removeprefix(ASSETS["style"] + ASSETS["script"])
    assert "<style>" not in rest and TABLE_FUNCTION not in rest
    assert rest.count(f"<script>{TABLE_CALL}</script>") == 1


def test_a_second_table_of_the_same_name_gets_a_file_of_its_own(report_folder, kept):
    table = plots.display_table(pd.DataFrame({"facts": [1]}), "counts")
    kept.table(table)
    second, _ = kept.table(table)
    assert '<a href="data/02_coverage/counts-2.csv">' in second
    assert sorted(p.name for p in report_folder.glob("*.csv")) == ["counts-2.csv", "counts.csv"]


def test_nothing_is_written_outside_a_report_run(real_indicators, tmp_path):
    nowhere = output.ReportOutput(None)
    _, metadata = nowhere.figure(plots.plot_fact_counts(real_indicators))
    page, _ = nowhere.table(plots.display_table(pd.DataFrame({"doc_id": ["zibo-2021-11"]}), "t"))
    assert "files" not in metadata["zibo"] and "<a href" not in page and nowhere.written == []


def test_kernels_warm_up_with_what_the_notebooks_import(tmp_path):
    from zibo_analysis.report.run import warm_up

    notebook = tmp_path / "01_x.ipynb"
    cells = [{"cell_type": "code", "source": ["%matplotlib inline\n", "import nowhere"]},
             {"cell_type": "code", "source": ["from zibo_analysis import dataset, plots\n", "import json as j"]},
             {"cell_type": "markdown", "source": ["import markdown_is_not_code"]}]  # fmt: skip
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    code = warm_up([notebook])
    for module in ("zibo_analysis", "zibo_analysis.dataset", "zibo_analysis.plots", "json"):
        assert f"__import__({module!r})" in code
    assert "nowhere" not in code and "markdown" not in code
    compile(code, "warm", "exec")


def test_a_kernel_warm_up_imports_what_the_library_imports_on_first_use(tmp_path):
    from zibo_analysis.report.run import warm_up

    notebook = tmp_path / "03_x.ipynb"
    cells = [{"cell_type": "code", "source": ["from zibo_analysis import growth"]}]
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    # the trend fits' Student's t (growth.grouped), imported on the first fit
    code = warm_up([notebook]) + "\nimport sys; print('scipy.special' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["True"], result.stderr


def test_a_kernel_warm_up_leaves_what_it_imported_out_of_every_collection(tmp_path):
    from zibo_analysis.report.run import warm_up

    notebook = tmp_path / "01_x.ipynb"
    cells = [{"cell_type": "code", "source": ["import json"]}]
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    before = "import gc; print(gc.get_freeze_count())\n"
    after = "\nprint(gc.get_freeze_count() > 1000, gc.isenabled())"
    code = before + warm_up([notebook]) + after
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["0", "True", "True"], result.stderr  # collections go on


def test_the_page_font_is_the_figures_font_cut_to_exactly_the_page(tmp_path):
    from fontTools.ttLib import TTFont

    from zibo_analysis.report import fonts

    assert fonts.font_path() == Path(plots.cjk_font_path())
    cache = fonts.FontCache(tmp_path, base_chars=lambda: set("淄博市张店区"))
    for chars in (set("淄博「」"), set("淄博")):  # outside the base, then within it
        cmap = TTFont(io.BytesIO(cache.woff2(chars))).getBestCmap()
        assert {chr(c) for c in cmap} == chars
    rule = cache.font_face("<p>淄博 Zibo</p>")
    assert (
        rule.startswith('@font-face { font-family: "Zibo CJK";')
        and "unicode-range: U+2E80-2FDF" in rule
    )
    assert cache.font_face("<p>Zibo only</p>") == ""


def test_the_shortcuts_through_fonttools_give_the_same_font(tmp_path):
    from fontTools.ttLib import TTFont

    from zibo_analysis.report import fonts

    def sfnt(data: bytes) -> bytes:  # the font a WOFF2 holds, as plain OpenType
        font = TTFont(io.BytesIO(data))
        font.flavor, font.recalcTimestamp = None, False
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()

    base = fonts._subset(fonts.font_path(), set("淄博市张店区人次"), None)
    for source, plain in ((base, True), (fonts.font_path(), False)):
        fast = fonts._subset(source, set("淄博人"), "woff2", plain=plain)
        slow = fonts._subset(source, set("淄博人"), "woff2", plain=plain, shortcuts=False)
        assert sfnt(fast) == sfnt(slow)
        assert fonts._subset(source, set("淄博人"), None, plain=plain) == fonts._subset(
            source, set("淄博人"), None, plain=plain, shortcuts=False
        )  # the CFF passes alone: the same bytes


def test_the_fonttools_shortcuts_step_aside_when_the_names_they_use_are_gone(monkeypatch):
    import fontTools.subset.cff  # noqa: F401 (adds the subsetting methods to the CFF table)
    from fontTools.ttLib import getTableClass, woff2

    from zibo_analysis.report import fonts

    monkeypatch.delattr(woff2, "brotli")
    monkeypatch.delattr(getTableClass("CFF "), "remove_unused_subroutines")
    with fonts.fonttools_shortcuts():
        assert not hasattr(woff2, "brotli")
        assert not hasattr(getTableClass("CFF "), "remove_unused_subroutines")


def test_a_flag_table_keeps_lists_on_the_page_and_joins_them_once_in_its_csv(report_folder, kept):
    flags = pd.DataFrame({"kind": ["jump"], "doc_ids": [["zibo-2021-11", "zibo-2022-10"]],
                          "as_of": [["2021-11-10", "2022-10-16"]],
                          "quotes": [["「a，b」 (zibo-2021-11)", "「c」 (zibo-2022-10)"]],
                          "obs_ids": [["zibo-2021-11:5", "zibo-2022-10:7"]]})  # fmt: skip
    page, _ = kept.table(
        plots.display_table(flags, "flags", columns=["kind", "as_of", "quotes", "doc_ids"])
    )
    assert (
        '<span class="zt-nowrap">2021-11-10</span>, <span class="zt-nowrap">2022-10-16</span>'
        in page
    )
    assert '「c」 (<span class="zt-nowrap">zibo-2022-10</span>)</a>' in page
    saved = (report_folder / "flags.csv").read_text(encoding="utf-8").splitlines()
    assert saved == ["kind,as_of,quotes,doc_ids,obs_ids",
                     'jump,"2021-11-10, 2022-10-16",「a，b」 (zibo-2021-11); 「c」 (zibo-2022-10),'
                     '"zibo-2021-11, zibo-2022-10","zibo-2021-11:5, zibo-2022-10:7"']  # fmt: skip
