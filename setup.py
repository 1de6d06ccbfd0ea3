"""Build hook: a wheel carries the built dataset, as package data of zibo_analysis.

The project's metadata is in pyproject.toml; this file only adds one step to ``build_py``.
When a wheel is built (``uv build --wheel``, ``pip wheel .``, ``python -m build``), it copies
``data/processed/indicators.csv``, its ``build.json``, the inputs build.json lists (the
catalog, the curation, the regions, ``raw/sources.csv`` and the articles) and the reference
catalog (``data/reference/*.csv``) into the built package as ``zibo_analysis/_data/``, laid
out as ``data/`` is; ``zibo_analysis.config`` reads them there once installed. Nothing is written into ``src/``.

The build stops with a message when indicators.csv is not built, or was built from other
inputs than the ones in ``data/`` now (build.json records their SHA-256): run
``make data`` first. An editable install runs from the checkout and copies nothing.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
PACKAGE = "zibo_analysis"
PACKAGED_DATA = "_data"  # zibo_analysis/_data, as zibo_analysis.config.packaged_data_dir()


class DatasetNotReady(SystemExit):
    """The wheel would ship no dataset, or a stale one (SystemExit: the message, no traceback)."""

    def __init__(self, problem: str) -> None:
        super().__init__(
            f"error: cannot build the zibo-analysis wheel: {problem}; "
            "run `make data` (or `zibo-analysis data`) first, then build again"
        )


def _load(name: str, file: str):
    """A module of the package loaded from its file alone, under ``name``."""
    spec = importlib.util.spec_from_file_location(name, HERE / "src" / PACKAGE / file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _manifest():
    """zibo_analysis.manifest, loaded from its file alone (with the one module it imports,
    zibo_analysis.errors, standard library only): the build of a wheel has none of the
    package's dependencies, and the checks are the ones the package runs."""
    if f"{PACKAGE}.errors" not in sys.modules:
        _load(f"{PACKAGE}.errors", "errors.py")
    return _load("_zibo_manifest", "manifest.py")


def dataset_files(root: Path) -> list[str]:
    """The files a wheel ships, relative to ``root``, after checking they belong together."""
    manifest = _manifest()
    processed = root / "data/processed"
    problems = manifest.changes(root / "data", processed)
    if problems:
        raise DatasetNotReady("; ".join(problems))
    recorded = json.loads((processed / manifest.MANIFEST).read_text(encoding="utf-8"))["inputs"]
    # the reference catalog is shipped as it is: the build does not read it
    reference = [p.relative_to(root).as_posix() for p in (root / "data/reference").glob("*.csv")]
    return sorted(
        [*recorded, *reference, "data/processed/indicators.csv", "data/processed/build.json"]
    )


class BuildPyWithDataset(build_py):
    """``build_py``, then the dataset copied into the built package (not in editable mode)."""

    def run(self) -> None:
        if self.editable_mode:
            super().run()
            return
        shipped = dataset_files(HERE)  # before anything is built: a stale dataset stops it
        package = Path(self.build_lib, PACKAGE)
        # a build/ folder left from an earlier build may hold modules since removed
        shutil.rmtree(package, ignore_errors=True)
        super().run()
        for name in shipped:
            target = package / PACKAGED_DATA / Path(name).relative_to("data")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(HERE / name, target)
            self._dataset_outputs.append(str(target))

    def initialize_options(self) -> None:
        super().initialize_options()
        self._dataset_outputs: list[str] = []

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), *self._dataset_outputs]


if __name__ == "__main__":  # as setuptools.build_meta runs it; tests import the checks
    setup(cmdclass={"build_py": BuildPyWithDataset})
