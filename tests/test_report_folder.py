"""The output folder: one run at a time, only numbered notebooks, nothing left of deleted ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_report import run, sleepy_copy, small_notebook, start

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out


@pytest.fixture
def small_project(tmp_path) -> Path:
    return sleepy_copy(tmp_path / "project")


# ------------------------------------------------------ one run per folder --


def test_one_run_per_folder_a_second_says_which_pid_holds_it_or_waits(small_project):
    reports = small_project / "reports"
    leftover = reports / ".work-1234abcd"  # from a run that was killed: in the manifest
    leftover.mkdir(parents=True)
    (leftover / "01_sleepy.ipynb").write_text("{}")
    marker = json.loads((reports / ".zibo-report").read_text())
    (reports / ".zibo-report").write_text(json.dumps({**marker, "work": [leftover.name]}))
    mine = reports / ".work-tree"  # the user's, named alike: not the report's to remove
    mine.mkdir()
    (mine / "draft.md").write_text("uncommitted work")
    first = start(small_project, "--force")

    refused = run(small_project, "--force")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == (
        f"zibo-analysis: error: {small_project / 'reports'} is in use by another report run "
        f"(pid {first.pid}); wait for it (--wait SECONDS) or write elsewhere (--output-dir)\n"
    )
    waited = run(small_project, "--wait", "60")
    assert first.wait(timeout=60) == 0, first.stderr.read()
    assert waited.returncode == 0, waited.stderr
    assert f"waiting for the report run (pid {first.pid})" in waited.stdout
    assert "01_sleepy: up to date, not run" in waited.stdout  # it read what the first one wrote
    assert list(reports.glob(".work*")) == [mine]  # no work files of its own left, old or new
    assert (mine / "draft.md").read_text() == "uncommitted work"


# ------------------------------------------------------- what is published --


def test_only_numbered_notebooks_are_report_notebooks(small_project):
    small_notebook(small_project / "notebooks/Untitled.ipynb", "x = 1", "raise SystemExit")
    small_notebook(small_project / "notebooks/1_short.ipynb", "x = 1", "raise SystemExit")
    result = run(small_project)
    assert result.returncode == 0, result.stderr
    assert "Untitled" not in result.stdout and "1_short" not in result.stdout
    assert sorted(p.name for p in (small_project / "reports").glob("*.html")) == [
        "01_sleepy.html", "02_sleepy.html", "index.html"
    ]  # fmt: skip
    assert "Untitled" not in (small_project / "reports/index.html").read_text(encoding="utf-8")
    refused = run(small_project, "--only", "Untitled")
    assert refused.returncode == 2
    assert refused.stderr == (
        "zibo-analysis: error: --only Untitled: not a report notebook (report notebooks are "
        "named NN_name.ipynb); choose from 01_sleepy, 02_sleepy\n"
    )


def test_a_full_run_removes_what_the_report_made_for_deleted_notebooks(small_project):
    reports = small_project / "reports"
    (reports / "02_sleepy.failed.ipynb").write_text("{}")  # as a failed run leaves it, listed
    marker = json.loads((reports / ".zibo-report").read_text())
    marker["files"].append("02_sleepy.failed.ipynb")
    (reports / ".zibo-report").write_text(json.dumps(marker))
    (reports / "notes.html").write_text("mine")  # not the report's: kept
    (small_project / "notebooks/02_sleepy.ipynb").unlink()

    partial = run(small_project, "--only", "01_sleepy")
    assert partial.returncode == 0 and (reports / "02_sleepy.html").exists()

    full = run(small_project)
    assert full.returncode == 0, full.stderr
    assert "02_sleepy: its notebook is gone; its page was removed" in full.stdout
    assert sorted(p.name for p in reports.iterdir() if p.is_file()) == [
        ".lock", ".zibo-report", "01_sleepy.html", "01_sleepy.ipynb", "index.html", "notes.html",
        "quality_flags.csv",
    ]  # fmt: skip
    assert not (reports / ".cache/02_sleepy.json").exists()
    assert "02_sleepy" not in (reports / "index.html").read_text(encoding="utf-8")
