"""tests/shared.py: a build the test processes share is made once, by whichever asks first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import shared

RACER = """\
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import shared

def build(folder: Path) -> None:
    folder.mkdir()
    time.sleep(0.5)  # long enough for the other process to ask meanwhile
    with open(folder.parent / "builds.log", "a") as log:
        log.write(sys.argv[2] + "\\n")

print(shared.built_once("thing", build))
"""


def test_two_processes_asking_at_once_get_one_build(tmp_path):
    env = {**os.environ, shared.ENV: str(tmp_path)}
    tests = str(Path(__file__).parent)
    racers = [subprocess.Popen([sys.executable, "-c", RACER, tests, name], env=env, text=True,
                               stdout=subprocess.PIPE) for name in ("a", "b")]  # fmt: skip
    answers = [r.communicate(timeout=60)[0].strip() for r in racers]
    assert answers == [str(tmp_path / "thing")] * 2
    assert len((tmp_path / "builds.log").read_text().split()) == 1


def test_a_failed_build_is_tried_again_by_the_next_to_ask(tmp_path, monkeypatch):
    monkeypatch.setenv(shared.ENV, str(tmp_path))

    def broken(folder: Path) -> None:
        folder.mkdir()
        (folder / "half").touch()
        raise RuntimeError("broken on purpose")

    with pytest.raises(RuntimeError, match="on purpose"):
        shared.built_once("thing", broken)
    folder = shared.built_once("thing", lambda f: f.mkdir())
    assert folder.is_dir() and not (folder / "half").exists()  # the half-made folder is gone
