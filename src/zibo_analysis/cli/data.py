"""`zibo-analysis data`: build data/processed/indicators.csv (what `make data` runs).

The work is `zibo_analysis.dataset.build_indicators` and `write_indicators`, under the lock
a report run holds while it reads data/processed/.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zibo_analysis.cli.errors import print_problems, require_checkout

__all__ = ["add_parser", "run"]


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``data`` command to ``subparsers`` (of `zibo_analysis.cli.build_parser`)."""
    data = subparsers.add_parser("data", help="build data/processed/indicators.csv (make data)")
    data.set_defaults(run=run)
    return data


def run(args: argparse.Namespace) -> int:
    """Run ``zibo-analysis data``: 0 built, 1 not built (every problem on standard error)."""
    from zibo_analysis import config, dataset, manifest

    require_checkout("zibo-analysis data")

    def waiting(holder: str) -> None:
        print(
            f"zibo-analysis: waiting for the run ({holder}) that is using data/processed/",
            file=sys.stderr,
            flush=True,
        )

    with manifest.lock(config.PROCESSED_DIR, on_wait=waiting):  # a report reads it meanwhile
        try:
            table = dataset.build_indicators()
        except dataset.DataError as err:
            closing = (
                f"data not built: {len(err.issues)} problem(s) above; "
                "data/processed/ was left as it was"
            )
            print_problems(dataset.grouped(err.issues), closing)  # rows with one problem: one line
            return 1
        target = dataset.write_indicators(table)
    counts = table.groupby("doc_id", sort=False).size()
    shown = target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target
    print(f"wrote {shown}: {len(table)} facts from {len(counts)} articles")
    for doc_id, n in counts.items():
        print(f"  {doc_id:<22} {n:4d}")
    left = dataset.uncurated_mentions()
    if len(left):
        print(
            f"note: {len(left)} body mention(s) are neither curated nor ignored; "
            "list them with `zibo-analysis candidates DOC_ID`"
        )
    return 0
