"""What a notebook's page depends on, hashed; and the sidecar that records each run.

Each notebook's inputs (the notebook, its parameters, the data and the library source)
are hashed into ``.cache/<notebook>.json`` in the output folder; a notebook whose inputs
hash is unchanged, and whose last run succeeded, is not run again. Standard library only.

>>> read_sidecar(PACKAGE_DIR / "no-such-sidecar.json")
{}
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from zibo_analysis.files import atomic_write
from zibo_analysis.report.common import NotebookResult, sha, versions

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/zibo_analysis


def data_checksum(processed_dir: Path) -> str:
    """SHA-256 of the built table; the index shows it."""
    path = processed_dir / "indicators.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; run `make data` first")
    return sha(path.read_bytes())


def inputs_checksum(processed_dir: Path, data_sha: str | None = None) -> str:
    """Everything a notebook may read besides itself: the built table, the CSVs beside it
    (sources, regions, catalog) and the package versions."""
    data_dir = processed_dir.parent
    digest = hashlib.sha256((data_sha or data_checksum(processed_dir)).encode())
    for path in sorted([*data_dir.glob("*.csv"), *(data_dir / "raw").glob("*.csv")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(json.dumps(versions(), sort_keys=True).encode())
    return digest.hexdigest()


def library_checksum(package_dir: Path = PACKAGE_DIR) -> str:
    """The package's source and templates, every subpackage included."""
    digest = hashlib.sha256()
    for path in sorted([*package_dir.rglob("*.py"), *package_dir.rglob("*.j2")]):
        digest.update(path.relative_to(package_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs_hash(notebook: Path, parameters: dict, data_sha: str, library_sha: str) -> str:
    """The key of one notebook's page: the notebook, its parameters, the data, the library."""
    payload = json.dumps(
        {
            "notebook": sha(notebook.read_bytes()),
            "parameters": parameters,
            "data": data_sha,
            "library": library_sha,
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return sha(payload.encode())


def read_sidecar(path: Path) -> dict:
    """The record of a notebook's last run, or {} when there is none (or it is unreadable)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def write_sidecar(path: Path, result: NotebookResult) -> None:
    """Record a run; a reused page keeps the record of the run that made it."""
    record = asdict(result)
    if result.status == "reused":
        record = {**read_sidecar(path), "status": "ok", "stale": False}
    atomic_write(path, json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
