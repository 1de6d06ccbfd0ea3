"""The Makefile as a user meets it: interrupts keep the last good build; set-up is declared."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FAKE_BUILD = """#!/bin/sh
# stands in for `zibo-analysis data`: replaces the table, then is interrupted
printf 'obs_id\\nnew\\n' > data/processed/indicators.csv.tmp
mv data/processed/indicators.csv.tmp data/processed/indicators.csv
echo written
sleep 30
"""


@pytest.fixture
def fake_project(tmp_path: Path) -> Path:
    """The real Makefile over a stand-in environment whose `data` command can be interrupted."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for name in ("requirements.lock", "pyproject.toml"):
        (tmp_path / name).write_text("")
    (tmp_path / "src/zibo_analysis").mkdir(parents=True)
    (tmp_path / "data/raw").mkdir(parents=True)
    (tmp_path / "data/processed").mkdir()
    (tmp_path / "data/processed/indicators.csv").write_text("obs_id\nold\n")
    for name in ("catalog.csv", "curation.csv", "ignored.csv", "regions.csv", "raw/sources.csv"):
        (tmp_path / "data" / name).write_text("changed\n")  # newer than the table: rebuild
    bin_dir = tmp_path / ".venv/bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "zibo-analysis").write_text(FAKE_BUILD)
    (bin_dir / "zibo-analysis").chmod(0o755)
    (tmp_path / ".venv/.installed").touch()
    old = time.time() - 60
    os.utime(tmp_path / "data/processed/indicators.csv", (old, old))
    return tmp_path


def _default_signals() -> None:
    """A shell started in the background ignores SIGINT; a terminal's foreground job does not."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_sleep(group: int) -> None:
    for _ in range(100):
        found = subprocess.run(["pgrep", "-g", str(group), "sleep"], capture_output=True)
        if found.returncode == 0:
            return
        time.sleep(0.05)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_make_data_keeps_the_table(fake_project, sig):
    make = subprocess.Popen(["make", "data"], cwd=fake_project, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True,
                            preexec_fn=_default_signals)  # fmt: skip
    for line in make.stdout:
        if line.strip() == "written":
            break
    _wait_for_sleep(make.pid)  # the recipe is past writing, waiting: a steady state to interrupt
    os.killpg(make.pid, sig)  # as the terminal does on Ctrl-C: the whole foreground group
    output = make.communicate(timeout=20)[0]
    assert "Deleting file" not in output
    table = fake_project / "data/processed/indicators.csv"
    assert table.read_text() == "obs_id\nnew\n"


def test_setup_uses_uv_from_the_lock_with_bytecode_and_pip_as_fallback():
    makefile = (ROOT / "Makefile").read_text()
    assert "--compile-bytecode -r requirements.lock" in makefile
    assert "pip install --quiet -r requirements.lock" in makefile  # the fallback
    assert "nbstripout" in makefile and (ROOT / ".gitattributes").read_text().startswith(
        "*.ipynb filter=nbstripout"
    )
