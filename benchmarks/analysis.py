"""The analysis at corpus scale: `quality_flags`, `coverage_table`, `growth_table`,
`growth_rates` and `trend_table` on 10^3, 10^4 and 10^5 rows, against reading the same
rows from CSV.

The rows are the real indicator table replicated: each copy gets regions and articles of
its own (``Zibo~3`` under ``Shandong~3``, ``zibo-2021-11~3``), so that the number of
series, articles and regions grows with the rows while each series keeps its real length,
as it would in a corpus of many cities' press releases. Each function is called as the
report's pages call it (regions, articles and catalog given; break flags for growth), and
each figure is the best of a few runs in wall seconds, with the load at its start.

Run with ``python -m benchmarks.analysis [ROWS ...]``.

>>> from zibo_analysis.dataset import load_regions, load_texts
>>> real = pd.read_csv(PROCESSED_DIR / "indicators.csv", dtype=str, keep_default_na=False)
>>> big = replicate(real, load_regions(), load_texts(), 3)
>>> len(big.indicators) == 3 * len(real), big.regions["region_id"].iloc[-1]
(True, 'Xuecheng~2')
>>> big.indicators["obs_id"].iloc[-1].startswith("xuecheng-2025-10-16~2:")
True
"""

from __future__ import annotations

import argparse
import signal
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from benchmarks.measure import at, load
from zibo_analysis.config import PROCESSED_DIR

SIZES = (1_000, 10_000, 100_000)
GOAL_SECONDS = 10.0  # "each in seconds" at 10^5 rows
LIMIT_SECONDS = 900  # a function slower than this is cut short and reported as "> limit"
SEP = "~"  # copy k of region R is R~k, of article D is D~k (copy 0 keeps the real names)


@dataclass
class Scaled:
    """An indicator table and the tables the rules read beside it, replicated."""

    indicators: pd.DataFrame
    regions: pd.DataFrame
    texts: pd.DataFrame
    catalog: pd.DataFrame


def _renamed(values: pd.Series, k: int) -> pd.Series:
    text = values.astype(str)
    return text if k == 0 else text.where(text == "", text + f"{SEP}{k}")


def _read(path: Path) -> pd.DataFrame:
    """indicators.csv as text, as it is written."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def replicate(
    indicators: pd.DataFrame,
    regions: pd.DataFrame,
    texts: pd.DataFrame,
    copies: int,
    catalog: pd.DataFrame | None = None,
) -> Scaled:
    """``copies`` copies of the data, each with its own regions, articles and figures;
    ``indicators`` as indicators.csv holds it (text)."""
    tables, places, articles = [], [], []
    for k in range(copies):
        doc = _renamed(indicators["doc_id"], k)
        tables.append(
            indicators.assign(
                doc_id=doc,
                region=_renamed(indicators["region"], k),
                obs_id=doc + ":" + indicators["mention_start"].astype(str),
            )
        )
        places.append(
            regions.assign(
                region_id=_renamed(regions["region_id"], k),
                parent_id=_renamed(regions["parent_id"], k),
                name_zh=regions["name_zh"] + ("" if k == 0 else f"（{k}）"),
                name_en=_renamed(regions["name_en"], k),
            )
        )
        articles.append(texts.assign(doc_id=_renamed(texts["doc_id"], k)))
    big = pd.concat(tables, ignore_index=True)
    if catalog is None:
        from zibo_analysis.dataset import load_catalog

        catalog = load_catalog()
    return Scaled(
        big,
        pd.concat(places, ignore_index=True),
        pd.concat(articles, ignore_index=True),
        catalog,
    )


def scaled(rows: int, path: Path) -> Scaled:
    """The real data replicated to exactly ``rows`` rows (the last copy cut short), written
    to ``path`` as indicators.csv and read back typed (`dataset.load_indicators`)."""
    from zibo_analysis.dataset import load_indicators, load_regions, load_texts

    real = _read(PROCESSED_DIR / "indicators.csv")
    copies = -(-rows // len(real))
    big = replicate(real, load_regions(), load_texts(), copies)
    big.indicators.iloc[:rows].to_csv(path, index=False, lineterminator="\n")
    big.indicators = load_indicators(path)
    return big


class TooSlow(Exception):
    """A function ran past ``LIMIT_SECONDS``."""


def timed(function: Callable[[], object], repeats: int, limit: float) -> tuple[float, float]:
    """Best wall seconds of ``repeats`` calls (fewer when one call is slow), and the load at
    the start; raises TooSlow past ``limit`` seconds."""

    def stop(signum, frame):
        raise TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    best, at_load, spent = float("inf"), load(), 0.0
    try:
        for _ in range(repeats):
            signal.alarm(int(limit))
            started = time.perf_counter()
            try:
                function()
            finally:
                signal.alarm(0)
            elapsed = time.perf_counter() - started
            best, spent = min(best, elapsed), spent + elapsed
            if spent > 5:  # a slow function is measured once or twice, not five times
                break
    finally:
        signal.signal(signal.SIGALRM, previous)
    return best, at_load


def measured(data: Scaled, path: Path, limit: float, repeats: int = 3):
    """(name, seconds, load) for reading the rows and for each function, as the pages call
    it; seconds is None for a call stopped at ``limit``. The growth functions get the break
    flags the growth page gives them (none when computing those was stopped)."""
    from zibo_analysis import coverage, growth, quality
    from zibo_analysis.dataset import load_indicators

    ind, regions, texts, catalog = data.indicators, data.regions, data.texts, data.catalog
    tables = {"regions": regions, "articles": texts, "catalog": catalog}
    flags = []

    def break_flags():
        flags[:] = [quality.quality_flags(ind, kinds=list(quality.BREAK_KINDS), **tables)]

    steps = {
        "read the rows from CSV, sort them": lambda: load_indicators(path).sort_values(
            ["indicator_id", "region", "as_of"]
        ),
        "quality_flags": lambda: quality.quality_flags(ind, **tables),
        "quality_flags (break kinds only)": break_flags,
        "coverage_table": lambda: coverage.coverage_table(ind, regions=regions),
        "growth_table": lambda: growth.growth_table(ind, flags=flags[0] if flags else None),
        "growth_rates": lambda: growth.growth_rates(ind, flags=flags[0] if flags else None),
        "trend_table": lambda: growth.trend_table(ind, flags=flags[0] if flags else None),
    }
    for name, function in steps.items():
        try:
            seconds, at_load = timed(function, repeats, limit)
        except TooSlow:
            seconds, at_load = None, load()
        yield name, seconds, at_load


def main(sizes: tuple[int, ...] = SIZES, limit: float = LIMIT_SECONDS) -> None:
    """Print each function's seconds at each size, beside reading the rows from CSV."""
    print(
        "analysis benchmark: the real table replicated (new regions and articles per copy); "
        f"wall seconds, best of up to 3 (goal at 10^5 rows: each under {GOAL_SECONDS:g} s)"
    )
    for rows in sizes:
        with tempfile.TemporaryDirectory(prefix="analysis-bench-") as folder:
            path = Path(folder) / "indicators.csv"
            data = scaled(rows, path)
            ind = data.indicators
            series = len(ind.groupby(["indicator_id", "region"], observed=True))
            print(f"  {rows:,} rows: {series:,} series, {ind['doc_id'].nunique():,} articles")
            base = None
            for name, seconds, at_load in measured(data, path, limit):
                if seconds is None:
                    print(f"    {name:36} > {limit:8.0f} s  (stopped) {at(at_load)}")
                    continue
                base = base or seconds
                print(
                    f"    {name:36} {seconds:10.3f} s {seconds / base:8.1f}x the CSV {at(at_load)}"
                )
        print(flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="*", type=int, default=list(SIZES))
    parser.add_argument(
        "--limit", type=float, default=LIMIT_SECONDS, help="seconds a call may take"
    )
    options = parser.parse_args()
    main(tuple(options.rows), options.limit)
