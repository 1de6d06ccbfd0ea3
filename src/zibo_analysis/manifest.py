"""``data/processed/build.json``: what the indicator table was built from, checked before use.

`describe` records the table's SHA-256, its rows and the SHA-256 of every input
(``data/*.csv`` and ``data/raw/*``, named as ``data/...``); `changes` lists what is
different now, so that the report and the wheel refuse a table built from other inputs
("run `make data`"), and `verify` checks the table's bytes against the record, so that
a truncated or edited table is an error where it is read, in a checkout or installed.
`lock` is the lock on ``data/processed/`` that `zibo-analysis data` holds while it
builds, and a report while it takes its snapshot of the data.

Standard library only: ``setup.py`` loads this file by itself (a wheel is built where
none of the project's dependencies are installed).

>>> import tempfile, pathlib
>>> data = pathlib.Path(tempfile.mkdtemp()) / "data"
>>> (data / "raw").mkdir(parents=True); (data / "catalog.csv").write_text("a\\n")
2
>>> record = describe(b"x\\n", 1, data)
>>> sorted(record["inputs"]), record["rows"]
(['data/catalog.csv'], 1)
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from zibo_analysis.errors import ZiboError

MANIFEST = "build.json"
TABLE = "indicators.csv"
LOCK = ".lock"
SINCE = "since data/processed/indicators.csv was built"


class DataMismatch(ZiboError, ValueError):
    """The indicator table is missing, or not the one its build.json describes, or its
    inputs changed since it was built; the message says which and what to do."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def input_files(data_dir: Path) -> list[Path]:
    """The inputs of a build: the CSV files of ``data_dir`` and every file of its raw/."""
    found = [*(data_dir / "raw").glob("*"), *data_dir.glob("*.csv")]
    return sorted(p for p in found if p.is_file() and not p.name.startswith("."))


def input_name(path: Path, data_dir: Path) -> str:
    """An input as build.json names it: data/raw/x.txt."""
    return "data/" + path.relative_to(data_dir).as_posix()


def describe(table: bytes, rows: int, data_dir: Path) -> dict:
    """The record of a build: the table's SHA-256, its rows and the SHA-256 of each input."""
    return {
        "indicators_sha256": digest(table),
        "rows": rows,
        "inputs": {input_name(p, data_dir): digest(p.read_bytes()) for p in input_files(data_dir)},
    }


def read_manifest(processed_dir: Path) -> dict:
    """The build.json beside the table; DataMismatch when it is missing or unreadable."""
    path = processed_dir / MANIFEST
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataMismatch(f"{_shown(path)} is missing") from None
    except (OSError, ValueError) as err:
        raise DataMismatch(f"{_shown(path)} cannot be read ({err})") from None
    if not isinstance(record, dict):
        raise DataMismatch(f"{_shown(path)} is not a build record")
    return record


def changes(data_dir: Path, processed_dir: Path) -> list[str]:
    """What differs between the inputs and the table in ``processed_dir`` and what its
    build.json recorded: one line each, empty when the table is up to date."""
    table = processed_dir / TABLE
    if not table.is_file():
        return [f"{_shown(table)} is not built"]
    try:
        record = read_manifest(processed_dir)
    except DataMismatch as err:
        return [str(err)]
    if record.get("indicators_sha256") != digest(table.read_bytes()):
        return [f"{_shown(table)} does not match its build.json"]
    present = {input_name(p, data_dir): p for p in input_files(data_dir)}
    recorded = record.get("inputs", {})
    found = []
    if new := sorted(present.keys() - recorded.keys()):
        found.append(f"{', '.join(new)} appeared {SINCE}")
    if gone := sorted(recorded.keys() - present.keys()):
        found.append(f"{', '.join(gone)} disappeared {SINCE}")
    changed = [
        n
        for n in sorted(present.keys() & recorded.keys())
        if digest(present[n].read_bytes()) != recorded[n]
    ]
    if changed:
        found.append(f"{', '.join(changed)} changed {SINCE}")
    return found


def verify(path: Path, table: bytes, fix: str) -> None:
    """Raise DataMismatch when the bytes ``table`` read from ``path`` are not those its
    build.json (beside it) records: a truncated or edited file. ``fix`` says what to do."""
    try:
        record = read_manifest(path.parent)
    except DataMismatch as err:
        raise DataMismatch(f"{err}; {fix}") from None
    expected = record.get("indicators_sha256")
    if expected != digest(table):
        raise DataMismatch(
            f"{path} is not the table its build.json describes (SHA-256 {digest(table)[:12]}…, "
            f"recorded {str(expected)[:12]}…): it was truncated or edited; {fix}"
        )


def lock(processed_dir: Path, *, shared: bool = False, on_wait=None):
    """The lock on ``processed_dir`` (a context manager): exclusive while `zibo-analysis data`
    builds, shared while a report copies the data; each waits for the other."""
    from zibo_analysis.files import lock as file_lock

    processed_dir.mkdir(parents=True, exist_ok=True)
    return file_lock(processed_dir / LOCK, shared=shared, on_wait=on_wait)


def _shown(path: Path) -> str:
    """data/processed/x as a user sees it, wherever the checkout is."""
    parts = path.parts
    return "/".join(parts[-3:]) if len(parts) >= 3 and parts[-3] == "data" else str(path)
