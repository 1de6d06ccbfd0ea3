"""One consistent run: a report reads one snapshot of the data, taken under the lock that
`data` holds while it builds; inputs changed since `data` are one line; a notebook that
cannot be read fails alone; a failed run's notebook is kept whole or not at all."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from test_report import ROOT, project_env, run, sleepy_copy, small_notebook, start

from zibo_analysis import manifest
from zibo_analysis.report import build
from zibo_analysis.report.common import NotebookResult
from zibo_analysis.report.folder import OutputFolder
from zibo_analysis.report.notebooks import notebooks

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out


@pytest.fixture
def project(tmp_path) -> Path:
    return sleepy_copy(tmp_path / "project")


def data_command(project: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "zibo_analysis.cli", "data"], env=project_env(project),
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            **kwargs)  # fmt: skip


def drop_curation_rows(project: Path, n: int) -> None:
    path = project / "data/curation.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-n]), encoding="utf-8")


def printed(executed: Path) -> str:
    nb = nbformat.read(executed, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_a_run_reads_one_snapshot_while_data_is_rebuilt(project):
    table = project / "data/processed/indicators.csv"
    before = table.read_bytes()
    rows_before = before.count(b"\n") - 1
    small_notebook(project / "notebooks/03_data.ipynb", "n: int = 0",
                   "import pathlib, time\npathlib.Path('03_data.started').touch()\n"
                   "while not pathlib.Path('go').exists():\n    time.sleep(0.05)",
                   "from zibo_analysis.dataset import load_indicators\nprint(len(load_indicators()))")  # fmt: skip
    report = start(project, "--only", "03_data")
    started = project / "notebooks/03_data.started"
    deadline = time.monotonic() + 120
    while not started.exists():
        assert time.monotonic() < deadline and report.poll() is None, report.stderr.read()
        time.sleep(0.05)
    drop_curation_rows(project, 5)  # then `data` writes a smaller table meanwhile
    rebuilt = data_command(project)
    assert rebuilt.wait(timeout=120) == 0, rebuilt.stderr.read()
    assert table.read_bytes() != before
    (project / "notebooks/go").touch()
    assert report.wait(timeout=120) == 0, report.stderr.read()
    reports = project / "reports"
    assert printed(reports / "03_data.ipynb").strip() == str(rows_before)  # the snapshot's table
    assert (reports / "data/indicators.csv").read_bytes().count(b"\n") - 1 == rows_before
    checksum = hashlib.sha256(before).hexdigest()
    assert checksum in (reports / "index.html").read_text(encoding="utf-8")
    assert checksum in (reports / "03_data.html").read_text(encoding="utf-8")


def test_data_waits_for_a_report_taking_its_snapshot(project):
    table = project / "data/processed/indicators.csv"
    before = table.read_bytes()
    drop_curation_rows(project, 5)
    with manifest.lock(project / "data/processed", shared=True):  # as a report copies the data
        rebuilt = data_command(project)
        waiting = rebuilt.stderr.readline()
        assert waiting.startswith(
            "zibo-analysis: waiting for the run (pid unknown) that is using data/processed/"
        )
        time.sleep(0.5)
        assert rebuilt.poll() is None and table.read_bytes() == before
    assert rebuilt.wait(timeout=120) == 0
    assert table.read_bytes() != before


def test_inputs_changed_since_data_are_one_line_telling_to_run_make_data(project):
    path = project / "data/curation.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    rows[1][1] += (
        "（此句不在原文中）"  # a quote the article does not hold: the build would refuse it
    )
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    before = {
        p: p.read_bytes()
        for p in (project / "reports").rglob("*")
        if p.is_file() and p.name != ".lock"
    }
    refused = run(project)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr == (
        "zibo-analysis: error: data/curation.csv changed since data/processed/indicators.csv was "
        "built: run `make data` (or `zibo-analysis data`) first, then the report\n"
    )
    after = {
        p: p.read_bytes()
        for p in (project / "reports").rglob("*")
        if p.is_file() and p.name != ".lock"
    }
    assert {p.name for p in after} - {".zibo-report"} == {p.name for p in before} - {".zibo-report"}
    assert all(after[p] == before[p] for p in before if p.name != ".zibo-report")


def test_a_broken_notebook_fails_alone_and_the_others_run(project):
    (project / "notebooks/05_x.ipynb").write_text('{"cells": [', encoding="utf-8")  # not JSON
    small_notebook(
        project / "notebooks/06_y.ipynb", "x: int = (", "print(x)"
    )  # a bad parameters cell
    only = run(project, "--only", "01_sleepy", "--force")
    assert only.returncode == 0, only.stderr
    assert "01_sleepy: ok" in only.stdout
    full = run(project)
    assert full.returncode == 1
    assert "01_sleepy: up to date" in full.stdout and "02_sleepy: up to date" in full.stdout
    errors = full.stderr.splitlines()
    assert errors[0].startswith(
        "zibo-analysis: 05_x failed before any cell ran: 05_x.ipynb: not a readable notebook"
    )
    assert errors[1] == ("zibo-analysis: 06_y failed before any cell ran: 06_y: parameters cell, "
                         "line 1: '(' was never closed")  # fmt: skip
    index = (project / "reports/index.html").read_text(encoding="utf-8")
    assert "05_x" in index and "06_y" in index and "was never closed" in index


def test_the_same_notebook_twice_in_only_is_one_notebook(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    book = small_notebook(folder / "01_x.ipynb", "n: int = 1", "print(n)")
    small_notebook(folder / "02_y.ipynb", "n: int = 1", "print(n)")
    assert notebooks(["01_x", "01_x.ipynb", "02_y", "01_x"], folder) == [
        book,
        folder / "02_y.ipynb",
    ]


def test_a_failed_notebook_cut_short_is_not_kept_as_its_failed_copy(tmp_path):
    out = OutputFolder.claim(tmp_path / "reports")
    out.write("01_x.failed.ipynb", "{}")  # an older failed run's
    executed = tmp_path / "work/01_x.ipynb"
    executed.parent.mkdir()
    whole = json.dumps(
        {"cells": [{"cell_type": "code", "source": "1/0", "outputs": []}], "nbformat": 4}
    )
    executed.write_text(whole[: len(whole) // 2])  # a full disk cut it
    result = NotebookResult("01_x", "reused")
    outcome = {
        "ok": False,
        "seconds": 1.0,
        "cell": 1,
        "error": "ZeroDivisionError: division by zero",
    }
    build._keep_failed(out, Path("01_x.ipynb"), result, outcome, executed)
    assert not (out.root / "01_x.failed.ipynb").exists()
    assert result.error == ("ZeroDivisionError: division by zero (its partial notebook could not "
                            "be kept: it was not written whole)")  # fmt: skip
    executed.write_text(whole)
    build._keep_failed(out, Path("01_x.ipynb"), result, outcome, executed)
    assert (out.root / "01_x.failed.ipynb").read_text() == whole


def test_a_root_that_does_not_exist_is_refused_and_not_created(tmp_path):
    missing = tmp_path / "nonexistent"
    env = {**os.environ, "ZIBO_ANALYSIS_ROOT": str(missing), "PYTHONPATH": str(ROOT / "src")}
    for command in (["report"], ["data"]):
        done = subprocess.run([sys.executable, "-m", "zibo_analysis.cli", *command], env=env,
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)  # fmt: skip
        assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
        assert f"ZIBO_ANALYSIS_ROOT={missing} is not a checkout of zibo-analysis" in done.stderr
        assert not missing.exists()


def test_a_snapshot_is_what_build_json_describes(tmp_path, project):
    copy = build.take_snapshot(project / "data/processed", tmp_path / "snapshot")
    assert manifest.changes(copy.parent, copy) == []
    original = (project / "data/processed/indicators.csv").read_bytes()
    assert (copy / "indicators.csv").read_bytes() == original
    done = threading.Event()

    def hold() -> None:
        with manifest.lock(project / "data/processed"):  # as `data` does while it builds
            done.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.2)
    said: list[str] = []
    threading.Timer(0.5, done.set).start()
    build.take_snapshot(project / "data/processed", tmp_path / "again", log=said.append)
    holder.join()
    assert said == [f"  waiting for `zibo-analysis data` (pid {os.getpid()}) to finish writing "
                    f"{project / 'data/processed'}"]  # fmt: skip
