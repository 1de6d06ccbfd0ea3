"""The indicator catalogs as the facts step reads them: the project's and the reference.

Read with the csv module: the facts step stays free of pandas.
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["read_catalog"]


def read_catalog(path: Path) -> list[dict[str, str]]:
    """The rows of a catalog CSV (data/catalog.csv, data/reference/indicators.csv) as dicts."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
