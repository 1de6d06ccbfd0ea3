"""Bytecode at set-up: what a command imports is compiled, wherever bytecode writing is off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from zibo_analysis import bytecode

ROOT = Path(__file__).resolve().parents[1]


def test_imported_modules_get_bytecode_even_where_writing_it_is_turned_off(tmp_path):
    package = tmp_path / "somewhere"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "used.py").write_text("VALUE = 1\n")
    (package / "unused.py").write_text("VALUE = 2\n")
    code = "from zibo_analysis.bytecode import compile_imports; compile_imports(['somewhere.used', 'not_a_module'])"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    compiled = sorted(p.name.split(".")[0] for p in (package / "__pycache__").glob("*.pyc"))
    assert compiled == ["__init__", "used"]


def test_a_report_compiles_its_processes_and_the_notebooks_imports():
    modules = bytecode.report_modules(ROOT / "notebooks")
    for name in ("zibo_analysis.cli", "papermill", "ipykernel.kernelapp", "zibo_analysis.growth",
                 "zibo_analysis.plots", "matplotlib.backends.backend_svg"):  # fmt: skip
        assert name in modules, name
    assert len(modules) == len(set(modules))


def test_tests_compile_pytest_its_plugins_and_what_the_test_files_import(tmp_path):
    (tmp_path / "test_a.py").write_text(
        "import json\nfrom csv import reader\n\ndef test():\n    import zipfile\n"
        "    pytest.importorskip('sqlite3')\n"
    )
    modules = bytecode.modules_for_tests(tmp_path)
    assert {"pytest", "_pytest.doctest", "json", "csv", "zipfile", "sqlite3"} <= set(modules)


def test_listed_files_are_compiled_in_parallel_where_imports_look(tmp_path):
    sources = []
    for name in ("a.py", "b.py", "broken.py"):
        sources.append(tmp_path / name)
        sources[-1].write_text("x = (\n" if name == "broken.py" else f"NAME = {name!r}\n")
    assert bytecode.compile_files(sources, jobs=2) == 2  # the broken one is left to its import
    compiled = sorted(p.name.split(".")[0] for p in (tmp_path / "__pycache__").glob("*.pyc"))
    assert compiled == ["a", "b"]


def test_the_bytecode_list_names_files_of_the_runtime_installed_here():
    """bytecode.lock is rewritten with the locks (make lock); a stale one names files of
    versions no longer installed."""
    names = [
        n for n in bytecode.BYTECODE_LOCK.read_text().splitlines() if n and not n.startswith("#")
    ]
    missing = [
        n for n in names if not any((root / n).is_file() for root in bytecode.site_packages())
    ]
    assert len(missing) <= 0.02 * len(names), missing[:10]
    assert len(bytecode.listed_files()) == len(names) - len(missing)
    assert {"pandas/__init__.py", "ipykernel/kernelapp.py", "papermill/__init__.py"} <= set(names)
    assert not any(n.startswith(("pytest/", "_pytest/", "hypothesis/", "pyarrow/")) for n in names)


def test_pytests_rewritten_test_modules_are_cached_where_writing_bytecode_is_turned_off(
    tmp_path, monkeypatch
):
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_a.py").write_text("def test_one():\n    assert 1 + 1 == 2\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    bytecode.rewrite_tests(tests)
    cached = [p.name for p in (tests / "__pycache__").iterdir()]
    assert len(cached) == 1 and cached[0].startswith("test_a.") and "-pytest-" in cached[0]
