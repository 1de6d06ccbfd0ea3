"""The dataset reads only regular files of text, and checks what it loads: a control
character or a FIFO in data/raw/ is one problem; a built table that is not the one its
build.json describes (truncated, edited) is refused where it is read."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys

import pytest

from zibo_analysis.dataset import (
    DataError,
    DataMismatch,
    build_indicators,
    load_indicators,
    uncurated_mentions,
    write_indicators,
)

from .helpers import ARTICLE, ROOT


def _set_sha(data_dir, name: str) -> None:
    """Record the article's new SHA-256, as a user adding it would."""
    sources = data_dir / "raw/sources.csv"
    with sources.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    digest = hashlib.sha256((data_dir / "raw" / name).read_bytes()).hexdigest()
    for row in rows:
        if row["source_file"] == name:
            row["sha256"] = digest
    with sources.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(("control", "name"), [("\x00", "U+0000"), ("\x1b", "U+001B")])
def test_a_control_character_in_an_article_is_one_problem_in_data_and_candidates(data_dir, control, name):  # fmt: skip
    path = data_dir / "raw" / ARTICLE
    raw = path.read_bytes()
    at = raw.index(b"\n") + 1  # the start of the second line
    path.write_bytes(raw[:at] + control.encode() + raw[at:])
    _set_sha(data_dir, ARTICLE)
    for step in (build_indicators, uncurated_mentions):
        with pytest.raises(DataError) as caught:
            step(data_dir)
        problem, *rest = [str(i) for i in caught.value.issues]
        assert all("its article did not load" in r for r in rest)  # what it holds is not checked
        assert problem.startswith("data/raw/sources.csv line 2, source_file: ")
        assert f"{ARTICLE} holds a control character ({name}) at byte {at} on line 2" in problem


def test_a_fifo_article_is_one_problem_and_data_does_not_wait_for_it(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data", ignore=shutil.ignore_patterns("processed"))
    path = project / "data/raw" / ARTICLE
    path.unlink()
    os.mkfifo(path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "ZIBO_ANALYSIS_ROOT": str(project)}
    done = subprocess.run([sys.executable, "-m", "zibo_analysis.cli", "data"], capture_output=True,
                          text=True, env=env, cwd=project, timeout=120)  # fmt: skip
    assert done.returncode == 1
    assert (f"data/raw/sources.csv line 2, source_file: {ARTICLE} is a named pipe (FIFO), not a "
            "regular file; save the article as a text file in data/raw/") in done.stderr  # fmt: skip
    assert not (project / "data/processed/indicators.csv").exists()


# ------------------------------------------------------ the table as shipped --


@pytest.fixture
def built(tmp_path, real_data_dir):
    """indicators.csv and build.json as `make data` (or the wheel) leaves them."""
    return write_indicators(build_indicators(real_data_dir), real_data_dir, real_data_dir / "processed")  # fmt: skip


def test_a_truncated_table_is_refused_not_loaded_in_part(built):
    content = built.read_bytes()
    built.write_bytes(content[: len(content) * 6 // 10])  # about 147 of 247 rows
    with pytest.raises(
        DataMismatch,
        match="is not the table its build.json describes .* it was truncated or edited; run `make data`",
    ):
        load_indicators(built)


def test_an_edited_value_is_refused(built):
    lines = built.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].split(",")
    row = next(csv.reader([lines[1]]))
    value = row[header.index("value")]
    lines[1] = lines[1].replace(f",{value},", f",{float(value) * 1000:g},", 1)
    built.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataMismatch):
        load_indicators(built)


def test_the_table_as_built_loads(built):
    assert len(load_indicators(built)) == sum(1 for _ in built.open(encoding="utf-8")) - 1


def test_a_table_without_build_json_beside_it_loads_as_it_is(built, tmp_path):
    alone = tmp_path / "elsewhere.csv"
    shutil.copyfile(built, alone)
    assert len(load_indicators(alone)) == len(load_indicators(built))
