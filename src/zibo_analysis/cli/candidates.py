"""`zibo-analysis candidates DOC_ID`: the body mentions of an article not yet curated or
ignored, as curation rows pre-filled from its facts (or the catalog rows they need).

The work is `zibo_analysis.dataset.curate.candidates` and `catalog_needed`.
"""

from __future__ import annotations

import argparse
import sys

from zibo_analysis.cli.errors import UserError, print_problems

__all__ = ["add_parser", "run"]


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``candidates`` command to ``subparsers`` (of `zibo_analysis.cli.build_parser`)."""
    candidates = subparsers.add_parser(
        "candidates", help="print the body mentions not yet curated or ignored, as curation rows"
    )
    candidates.add_argument("doc_id", metavar="DOC_ID")
    candidates.add_argument(
        "--no-header", action="store_true", help="rows only, to append to curation.csv"
    )
    candidates.add_argument(
        "--catalog-rows",
        action="store_true",
        help="print instead the rows of data/catalog.csv that the candidates' indicators from "
        "the reference catalog need (append them with --no-header)",
    )
    candidates.set_defaults(run=run)
    return candidates


def run(args: argparse.Namespace) -> int:
    """Run ``zibo-analysis candidates``: 0 printed, 1 the data has problems to fix first."""
    from zibo_analysis import config, dataset
    from zibo_analysis.dataset.curate import (
        CURATION_COLUMNS,
        candidates,
        catalog_needed,
        curation_cells,
    )
    from zibo_analysis.dataset.reference import catalog_rows
    from zibo_analysis.files import csv_header

    try:
        rows = candidates(args.doc_id)
    except ValueError as err:
        if not isinstance(err, dataset.DataError):
            raise UserError(str(err)) from None
        print_problems(dataset.grouped(err.issues), "fix the problems above first")
        return 1
    needed = catalog_needed(args.doc_id, rows)
    if args.catalog_rows:
        header = csv_header(config.DATA_DIR / "catalog.csv")
        curation_cells(catalog_rows(needed, header)).to_csv(
            sys.stdout, index=False, header=not args.no_header, lineterminator="\n"
        )
        print(
            f"{len(needed)} catalog row(s) from the reference catalog for the rows of "
            f"{args.doc_id}",
            file=sys.stderr,
        )
        return 0
    curation_cells(rows.reindex(columns=CURATION_COLUMNS)).to_csv(
        sys.stdout, index=False, header=not args.no_header, lineterminator="\n"
    )
    print(f"{len(rows)} mention(s) to curate or ignore in {args.doc_id}", file=sys.stderr)
    if needed:
        print(
            f"note: the rows name {len(needed)} indicator(s) of the reference catalog that "
            f"data/catalog.csv lacks: add them with `zibo-analysis catalog add {' '.join(needed)}` "
            "(or print their rows with --catalog-rows)",
            file=sys.stderr,
        )
    return 0
