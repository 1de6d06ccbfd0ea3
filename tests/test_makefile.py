"""The Makefile as a user meets it: interrupts keep the last good build; set-up is declared."""

from __future__ import annotations

import os
import re
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
    for name in ("requirements.lock", "bytecode.lock", "pyproject.toml"):
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


def test_setup_installs_each_lock_whole_with_uv_or_pip_and_compiles_what_the_commands_import():
    makefile = (ROOT / "Makefile").read_text()
    assert "$(PYTHON) -m venv --without-pip $(VENV)" in makefile
    assert "$(UV) pip install --quiet --python $(PY) --no-deps -r $(1)" in makefile
    assert (
        "pip install --quiet --disable-pip-version-check --no-compile --no-deps -r $(1)" in makefile
    )  # the fallback
    assert "--compile-bytecode" not in makefile  # not every module of every package
    assert "$(STAMP): requirements.lock bytecode.lock pyproject.toml" in makefile
    assert "$(call install,requirements.lock)" in makefile
    assert "zibo_analysis.bytecode report" in makefile
    assert "zibo_analysis.bytecode tests" in makefile
    assert "nbstripout" in makefile and (ROOT / ".gitattributes").read_text().startswith(
        "*.ipynb filter=nbstripout"
    )


def test_report_needs_only_the_runtime_lock_and_test_lab_add_theirs():
    makefile = (ROOT / "Makefile").read_text()
    assert "\n$(INDICATORS): $(STAMP) " in makefile
    assert "\ntest: $(DEV_STAMP) $(INDICATORS)" in makefile
    assert "\nlab: $(LAB_STAMP) $(INDICATORS)" in makefile
    assert "\n$(DEV_STAMP): $(STAMP) requirements-dev.lock" in makefile
    assert "\n$(LAB_STAMP): $(STAMP) requirements-lab.lock" in makefile


def _pins(lock: str) -> dict[str, set[str]]:
    """name -> the versions a lock pins it to (one per Python, where they differ)."""
    pins: dict[str, set[str]] = {}
    for line in (ROOT / lock).read_text().splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            name, rest = line.split("==", 1)
            pins.setdefault(_normal(name), set()).add(rest.split(";")[0].strip())
    return pins


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower().strip()


def test_the_runtime_lock_leaves_out_what_neither_command_imports():
    runtime = _pins("requirements.lock")
    for name in ("jiojio", "zipfile36", "fire", "jupyterlab", "jupyter-server", "pytest",
                 "hypothesis", "ruff", "pyarrow", "dask", "frictionless", "cn2an"):  # fmt: skip
        assert name not in runtime, name
    for name in ("jionlp", "ipykernel", "papermill", "nbconvert", "statsmodels", "nbstripout"):
        assert name in runtime, name
    assert "jupyterlab" in _pins("requirements-lab.lock")
    assert {"pytest", "hypothesis", "ruff", "pyarrow"} <= set(_pins("requirements-dev.lock"))


def test_a_package_has_one_version_in_every_lock():
    runtime = _pins("requirements.lock")
    for lock in ("requirements-dev.lock", "requirements-lab.lock"):
        other = _pins(lock)
        assert {n: v for n, v in other.items() if n in runtime} == runtime, lock


def test_each_lock_holds_what_its_packages_require_since_it_is_installed_without_deps():
    """Every requirement of every package of a lock (as installed here, for this Python) is
    in the lock, but for those pyproject.toml excludes on purpose."""
    import tomllib
    from importlib import metadata

    from packaging.requirements import Requirement

    excluded = {
        _normal(n)
        for n in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["uv"][
            "exclude-dependencies"
        ]
    }
    for lock in ("requirements.lock", "requirements-dev.lock", "requirements-lab.lock"):
        pins = _pins(lock)
        missing = set()
        for name in pins:
            try:
                requires = metadata.requires(name) or []
            except metadata.PackageNotFoundError:
                continue  # not installed here (another platform's, or the lab's)
            for text in requires:
                req = Requirement(text)
                if req.marker is None or req.marker.evaluate({"extra": ""}):
                    if _normal(req.name) not in pins and _normal(req.name) not in excluded:
                        missing.add(f"{name} -> {req.name}")
        assert not missing, f"{lock}: {sorted(missing)}"
