"""The indicator catalogs as the facts step reads them: the project's and the reference.

Read with the csv module, so that the facts step (and `zibo-analysis facts`) starts without
pandas: importing it costs more than the whole step on an article.

>>> matcher = load_matcher([])
>>> m = matcher.match("孕产妇系统管理率", "全市孕产妇系统管理率达95.2%", "percent", "rate")
>>> m.indicator_id, m.source
('maternal_system_management_rate', 'reference')
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from zibo_analysis.config import REFERENCE_DIR
from zibo_analysis.facts.indicator import IndicatorMatcher

__all__ = ["read_catalog", "load_matcher", "CATALOG_COLUMNS"]

CATALOG_COLUMNS = ("indicator_id", "name_zh", "unit", "kind")  # what matching needs


def read_catalog(path: Path) -> list[dict[str, str]]:
    """The rows of a catalog CSV (data/catalog.csv, data/reference/indicators.csv) as dicts."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def _reference(directory: Path) -> tuple[tuple[dict[str, str], ...], tuple[dict[str, str], ...]]:
    indicators, synonyms = directory / "indicators.csv", directory / "synonyms.csv"
    if not indicators.exists():
        return (), ()
    rows = tuple(read_catalog(indicators))
    return rows, tuple(read_catalog(synonyms)) if synonyms.exists() else ()


def load_matcher(
    catalog: Iterable[Mapping[str, str]], reference_dir: Path | None = REFERENCE_DIR
) -> IndicatorMatcher:
    """A matcher of the project's ``catalog`` rows and the reference catalog in
    ``reference_dir`` (the one shipped with the package; None for none)."""
    reference, synonyms = _reference(Path(reference_dir)) if reference_dir else ((), ())
    return IndicatorMatcher(catalog, reference, synonyms)
