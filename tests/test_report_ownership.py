"""The report writes only what it owns: a folder it made or marked, and in it only the files
its manifest lists; no symbolic link it did not make is followed; the project's own folders,
a file and another's folder are refused in one line before anything is written."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from test_report import ROOT, make_project, run, small_notebook

from zibo_analysis import report
from zibo_analysis.report import datapackage
from zibo_analysis.report.folder import MARKER, NotOwned, OutputFolder

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out

FORMULA = '=HYPERLINK("http://example.com/x","click")'


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A built project with one small notebook; tests write only outside it, or refuse."""
    project = make_project(tmp_path_factory.mktemp("owned") / "project")
    small_notebook(project / "notebooks/01_x.ipynb", "n: int = 1", "print(n)")
    return project


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` (links as links) with a file's bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        found[rel] = (
            os.readlink(path)
            if path.is_symlink()
            else path.read_bytes()
            if path.is_file()
            else None
        )
    return found


def run_in(project: Path, reports_dir: Path, **options):
    return report.run_report(reports_dir=reports_dir, notebooks_dir=project / "notebooks",
                             processed_dir=project / "data/processed", log=lambda _: None,
                             **options)  # fmt: skip


# --------------------------------------------------------- which folder --


def test_output_dir_refuses_a_folder_it_does_not_own(project, tmp_path):
    mine = tmp_path / "mine"
    for name, text in [("notes.txt", "mine"), (".work-tree/draft.md", "uncommitted"),
                       ("index.html", "<p>my page</p>"), ("sources/zibo-2021-11.html", "mine"),
                       ("data/catalog.csv", "a,b\n"), ("data/01_x/table.csv", "x\n")]:  # fmt: skip
        (mine / name).parent.mkdir(parents=True, exist_ok=True)
        (mine / name).write_text(text)
    before = tree(mine)
    with pytest.raises(NotOwned) as refused:
        run_in(project, mine)
    assert str(refused.value) == (
        f"--output-dir {mine}: a folder the report did not make (it holds .work-tree, data, "
        "index.html and 2 more); give a new or empty folder"
    )
    assert tree(mine) == before


@pytest.mark.parametrize("where", [".", "notebooks", "data", "data/processed", ".."])
def test_output_dir_refuses_the_projects_own_folders(project, where):
    target = (project / where).resolve()
    before = tree(project)
    with pytest.raises(
        NotOwned,
        match=r"the project's own folder .* the report writes only into a folder of its own",
    ):
        run_in(project, target)
    assert tree(project) == before  # nothing written: no executed notebook, no data/indicators.csv


def test_the_project_folder_is_refused_even_with_a_marker_planted_in_it(project, tmp_path):
    copy = Path(shutil.copytree(project / "notebooks", tmp_path / "p/notebooks"))
    (copy / MARKER).write_text('{"files": ["01_x.ipynb"]}')
    with pytest.raises(NotOwned, match="the project's own folder"):
        report.run_report(reports_dir=copy, notebooks_dir=copy, processed_dir=project / "data/processed",
                          log=lambda _: None)  # fmt: skip


@pytest.mark.parametrize("where", ["notebooks", ".", "FILE"])
def test_a_refused_output_dir_is_one_line_and_exit_status_2(project, tmp_path, where):
    if where == "FILE":
        where = str(tmp_path / "file.txt")
        Path(where).write_text("mine")
    before = tree(project)
    refused = run(project, "--output-dir", where)
    assert refused.returncode == 2 and refused.stdout == "" and refused.stderr.count("\n") == 1
    assert refused.stderr.startswith(f"zibo-analysis: error: --output-dir {where}: ")
    assert "Traceback" not in refused.stderr and tree(project) == before


def test_a_new_or_empty_folder_becomes_the_reports_with_its_marker(tmp_path):
    new = OutputFolder.claim(tmp_path / "a/b/reports")
    (tmp_path / "empty").mkdir()
    empty = OutputFolder.claim(tmp_path / "empty")
    for out in (new, empty):
        assert json.loads((out.root / MARKER).read_text())["files"] == []
    again = OutputFolder.claim(tmp_path / "empty")  # marked now: its own
    assert again.files == set()


# ------------------------------------------------------ within its folder --


def test_in_its_folder_it_replaces_and_removes_only_what_it_wrote(tmp_path):
    out = OutputFolder.claim(tmp_path / "reports")
    out.write("index.html", "<p>report</p>")
    (out.root / "notes.html").write_text("mine")
    with pytest.raises(NotOwned, match="notes.html was not written by the report"):
        out.write("notes.html", "<p>report</p>")
    out.remove("notes.html")
    assert (out.root / "notes.html").read_text() == "mine"
    assert OutputFolder.claim(out.root).files == {"index.html"}  # the manifest, read back


def test_a_run_refuses_before_writing_when_a_file_it_would_replace_is_not_its_own(project, tmp_path):  # fmt: skip
    out = OutputFolder.claim(tmp_path / "reports")
    (out.root / "data").mkdir()
    (out.root / "data/catalog.csv").write_text("my own catalog\n")
    before = tree(out.root)
    with pytest.raises(
        NotOwned, match=r"data/catalog.csv was not written by the report, which would replace it"
    ):
        run_in(project, out.root)
    after = tree(out.root)
    ours = (MARKER, ".lock")  # the manifest and the lock: the run got that far
    assert {k: v for k, v in after.items() if k not in ours} == {
        k: v for k, v in before.items() if k not in ours
    }


def test_a_folder_written_by_the_previous_version_is_adopted(tmp_path):
    old = tmp_path / "reports"
    for name in ["index.html", "01_overview.html", "01_overview.ipynb", "quality_flags.csv", ".lock",
                 ".cache/01_overview.json", ".cache/fonts/x.woff2", "data/indicators.csv",
                 "data/01_overview/table.csv", "sources/zibo-2021-11.html"]:  # fmt: skip
        (old / name).parent.mkdir(parents=True, exist_ok=True)
        (old / name).write_text("x")
    killed = old / ".work-k3x9_q2a"  # a run of that version killed half-way
    (killed / "kernels").mkdir(parents=True)
    (killed / "01_overview.ipynb").write_text("{}")
    out = OutputFolder.claim(old)
    assert out.files == {"index.html", "01_overview.html", "01_overview.ipynb", "quality_flags.csv",
                         "data/indicators.csv", "sources/zibo-2021-11.html"}  # fmt: skip
    assert out.folders == {".cache", "data/01_overview"} and out.work == {killed.name}
    out.clean_work()
    assert not killed.exists()
    (tmp_path / "other").mkdir()
    shutil.copytree(old, tmp_path / "other/reports")
    (tmp_path / "other/reports" / MARKER).unlink()
    for mine in ("my-notes.md", ".work-tree/.git"):  # not of that layout: refused
        other = tmp_path / f"other-{len(mine)}/reports"
        shutil.copytree(tmp_path / "other/reports", other)
        (other / mine).parent.mkdir(parents=True, exist_ok=True)
        (other / mine).write_text("mine")
        with pytest.raises(NotOwned, match="a folder the report did not make"):
            OutputFolder.claim(other)


# ---------------------------------------------------------------- links --


def test_a_planted_lock_symlink_is_refused_and_its_target_kept(project, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = OutputFolder.claim(tmp_path / "reports")
    (out.root / ".lock").symlink_to(victim)
    with pytest.raises(NotOwned, match=r"\.lock is a symbolic link; remove it"):
        run_in(project, out.root)
    assert victim.read_text() == "precious\n"


def test_a_folder_reached_through_a_planted_link_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = OutputFolder.claim(tmp_path / "reports")
    (out.root / "sources").symlink_to(elsewhere)
    with pytest.raises(NotOwned, match="sources is a symbolic link, which the report did not make"):
        out.write("sources/zibo-2021-11.html", "<p>x</p>")
    assert list(elsewhere.iterdir()) == []


def small_tables(folder: Path) -> tuple[Path, Path, Path]:
    """data/ and data/processed/ with a few rows whose text cells start like formulas."""
    data = folder / "data"
    (data / "raw").mkdir(parents=True)
    (data / "processed").mkdir()
    pd.DataFrame(
        {
            "obs_id": ["a:1"],
            "region": [FORMULA],
            "value": [-2.5],
            "start": [3],
            "note": ["-2+3+cmd|' /C calc'!A0"],
        }
    ).to_csv(data / "processed/indicators.csv", index=False)
    pd.DataFrame({"indicator_id": ["x"], "name_en": ["@SUM(A1)"]}).to_csv(
        data / "catalog.csv", index=False
    )
    pd.DataFrame({"region_id": ["Zibo"], "name_zh": ["+淄博"]}).to_csv(data / "regions.csv", index=False)  # fmt: skip
    pd.DataFrame({"doc_id": ["a"], "title": ["=1+1"], "published": ["2024-01-01"]}).to_csv(
        data / "raw/sources.csv", index=False)  # fmt: skip
    flags = folder / "quality_flags.csv"
    pd.DataFrame({"indicator_id": ["x"], "detail": ["\tx"]}).to_csv(flags, index=False)
    return data, data / "processed", flags


def test_a_planted_temporary_symlink_is_not_followed(tmp_path):
    victim = tmp_path / "victim.csv"
    victim.write_text("precious\n")
    data, processed, flags = small_tables(tmp_path / "in")
    out = OutputFolder.claim(tmp_path / "reports")
    (out.root / "data").mkdir()
    (out.root / "data/.catalog.csv.tmp").symlink_to(victim)
    datapackage.copy_inputs(out, data, processed, flags)
    assert victim.read_text() == "precious\n"
    assert "@SUM(A1)" in (out.root / "data/catalog.csv").read_text()


# ------------------------------------------------------ what is published --


def test_every_published_table_runs_no_formula_and_keeps_its_numbers(tmp_path):
    data, processed, flags = small_tables(tmp_path / "in")
    out = OutputFolder.claim(tmp_path / "reports")
    datapackage.copy_inputs(out, data, processed, flags)
    read = {name: pd.read_csv(out.root / "data" / name, dtype=str, keep_default_na=False)
            for name in datapackage.COPIED}  # fmt: skip
    assert read["indicators.csv"].to_dict("records") == [
        {"obs_id": "a:1", "region": "'" + FORMULA, "value": "-2.5", "start": "3",
         "note": "'-2+3+cmd|' /C calc'!A0"}
    ]  # fmt: skip
    assert read["catalog.csv"]["name_en"].tolist() == ["'@SUM(A1)"]
    assert read["regions.csv"]["name_zh"].tolist() == ["'+淄博"]
    assert read["articles.csv"]["title"].tolist() == ["'=1+1"]
    assert read["quality_flags.csv"]["detail"].tolist() == ["'\tx"]


def test_a_categorical_column_is_neutralised_too():
    from zibo_analysis.files import spreadsheet_safe

    frame = pd.DataFrame({"region": pd.Categorical([FORMULA, "Zibo", FORMULA]), "value": [-1.0, 2.0, 3.0]})  # fmt: skip
    safe = spreadsheet_safe(frame)
    assert safe["region"].tolist() == ["'" + FORMULA, "Zibo", "'" + FORMULA]
    assert safe["value"].tolist() == [-1.0, 2.0, 3.0]


MOVERS = ["/* zibo-font */ 淄博", "</style><style>/* zibo-font */ 淄博"]


def font_in_head_only(page: str, title: str) -> None:
    head = page[: page.index("</head>")]
    shown = title.replace("<", "&lt;").replace(">", "&gt;")
    assert f"<title>{shown}" in head  # the title, as text
    assert head.count("@font-face") == 1 and '<style id="zibo-font">@font-face' in head
    assert "@font-face" not in page[page.index("</head>") :]


@pytest.mark.parametrize("title", MOVERS)
def test_no_notebook_title_can_move_the_font_of_its_page(tmp_path, title):
    from nbformat.v4 import new_markdown_cell, new_notebook

    from zibo_analysis.report import pages
    from zibo_analysis.report.fonts import FontCache

    notebook = tmp_path / "01_x.ipynb"
    notebook.write_text(json.dumps(new_notebook(cells=[new_markdown_cell(f"# {title}\n\n淄博市")])))
    _, page = pages.export(
        notebook, pages.Page("01_x", title, "0" * 64, "today"), FontCache(tmp_path / "fonts")
    )
    font_in_head_only(page, title)


def test_no_article_title_can_move_the_font_of_its_page(tmp_path):
    """One article (the others and their rows left out), titled to move the font if it could."""
    from zibo_analysis.dataset import build_indicators, write_indicators
    from zibo_analysis.report import sources
    from zibo_analysis.report.fonts import FontCache

    data = Path(
        shutil.copytree(
            ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("processed")
        )
    )
    articles = pd.read_csv(data / "raw/sources.csv", dtype=str, keep_default_na=False)
    kept = articles.iloc[[0]].assign(title=MOVERS[1])
    kept.to_csv(data / "raw/sources.csv", index=False)
    for name in ("curation.csv", "ignored.csv"):
        rows = pd.read_csv(data / name, dtype=str, keep_default_na=False)
        rows[rows["doc_id"] == kept["doc_id"].iloc[0]].to_csv(data / name, index=False)
    write_indicators(build_indicators(data), data, data / "processed")
    out = OutputFolder.claim(tmp_path / "reports")
    context = {"data_sha": "0" * 64, "run_date": "today", "pages": []}
    sources.write_source_pages(
        out, data, data / "processed", context, FontCache(tmp_path / "fonts"), log=lambda _: None
    )
    page = (out.root / f"sources/{kept['doc_id'].iloc[0]}.html").read_text(encoding="utf-8")
    font_in_head_only(page, MOVERS[1])


def test_a_full_run_in_its_folder_keeps_what_others_put_there(tmp_path):
    from test_report import sleepy_copy

    project = sleepy_copy(tmp_path / "project")
    reports = project / "reports"
    victim = tmp_path / "victim.csv"
    victim.write_text("precious\n")
    planted = {"sources/mine.html": "<p>my notes on the articles</p>", "data/my_notes/x.csv": "a\n",
               ".work-tree/draft.md": "uncommitted", "data/01_sleepy-notes.md": "mine"}  # fmt: skip
    for name, text in planted.items():
        (reports / name).parent.mkdir(parents=True, exist_ok=True)
        (reports / name).write_text(text)
    (reports / "data/.catalog.csv.tmp").symlink_to(victim)
    (reports / ".cache/data-pages.sha").unlink()  # the data pages are written again
    done = run(project)  # the notebooks are up to date: no kernel needed
    assert done.returncode == 0, done.stderr
    assert all((reports / name).read_text() == text for name, text in planted.items())
    assert victim.read_text() == "precious\n" and (reports / "data/.catalog.csv.tmp").is_symlink()
    assert len(list((reports / "sources").glob("*.html"))) == 6  # five articles, and mine


def test_a_folder_it_owns_replaced_by_a_link_is_refused(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = OutputFolder.claim(tmp_path / "reports")
    out.own_folder(".cache")
    (out.root / ".cache").symlink_to(elsewhere)
    with pytest.raises(
        NotOwned, match=r"\.cache is a symbolic link, which the report did not make"
    ):
        run_in(project, out.root)
    assert list(elsewhere.iterdir()) == []
