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

import hashlib
import json
import shutil
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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dataset_files(root: Path) -> list[str]:
    """The files a wheel ships, relative to ``root``, after checking they belong together."""
    processed = root / "data/processed"
    indicators, manifest = processed / "indicators.csv", processed / "build.json"
    if not indicators.is_file():
        raise DatasetNotReady("data/processed/indicators.csv is not built")
    if not manifest.is_file():
        raise DatasetNotReady("data/processed/build.json is missing")
    build = json.loads(manifest.read_text(encoding="utf-8"))
    if build.get("indicators_sha256") != _sha256(indicators):
        raise DatasetNotReady("data/processed/indicators.csv does not match its build.json")
    # the inputs as zibo_analysis.dataset.build.write_indicators lists them
    data = root / "data"
    present = {
        p.relative_to(root).as_posix()
        for p in [*(data / "raw").glob("*"), *data.glob("*.csv")]
        if p.is_file()
    }
    recorded = build.get("inputs", {})
    since = "since data/processed/indicators.csv was built"
    if new := sorted(present - recorded.keys()):
        raise DatasetNotReady(f"{', '.join(new)} appeared {since}")
    if gone := sorted(recorded.keys() - present):
        raise DatasetNotReady(f"{', '.join(gone)} disappeared {since}")
    if changed := sorted(n for n, digest in recorded.items() if _sha256(root / n) != digest):
        raise DatasetNotReady(f"{', '.join(changed)} changed {since}")
    # the reference catalog is shipped as it is: the build does not read it
    reference = [p.relative_to(root).as_posix() for p in (data / "reference").glob("*.csv")]
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
