"""`zibo-analysis catalog add`: rows from the reference catalog appended to data/catalog.csv.

The work is `zibo_analysis.dataset.reference.add_to_catalog`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zibo_analysis.cli.errors import USER_ERROR, print_problems, require_checkout

__all__ = ["add_parser", "run_add"]

HELP = """\
The reference catalog (data/reference/indicators.csv, shipped with the package) holds
the standard indicators of Chinese health and employment statistics, each with its
Chinese name, synonyms, topic, unit, kind and definition. `catalog add` appends the
rows of the ids given to the project's catalog, in its column order, after the same
strict checks as `make data`; the catalog's other rows are kept byte for byte. Nothing
is written when an id is unknown or already in the catalog, or when a rate's numerator
(or a change's level) is in neither: the message says what to add.

Find ids in Python:
  from zibo_analysis.dataset import load_reference, load_synonyms
  load_reference().query("topic == 'employment'")[["indicator_id", "name_zh", "unit"]]

exit status: 0 rows added (or shown with --dry-run); 2 nothing written, problems on
standard error.

examples:
  zibo-analysis catalog add urban_surveyed_unemployment_rate beds_per_1000
  zibo-analysis catalog add --dry-run life_expectancy
  zibo-analysis catalog add --catalog other/data/catalog.csv unemployed_reemployed
"""


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``catalog`` command (and its ``add`` action) to ``subparsers`` (of
    `zibo_analysis.cli.build_parser`)."""
    catalog = subparsers.add_parser(
        "catalog",
        help="add indicators from the reference catalog to data/catalog.csv",
        description="Work with the project's indicator catalog and the reference catalog.",
    )
    actions = catalog.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=type(catalog)
    )
    add = actions.add_parser(
        "add",
        help="append the reference rows of these ids to data/catalog.csv",
        description="Append the reference rows of the ids given to the project's catalog.",
        epilog=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument(
        "ids", nargs="+", metavar="ID", help="reference indicator ids, such as beds_per_1000"
    )
    add.add_argument(
        "--catalog",
        type=Path,
        metavar="CSV",
        help="the catalog to append to (default: data/catalog.csv of the checkout)",
    )
    add.add_argument(
        "--dry-run",
        action="store_true",
        help="check, and print the rows that would be appended; write nothing",
    )
    add.set_defaults(run=run_add)
    return catalog


def run_add(args: argparse.Namespace) -> int:
    """Run ``zibo-analysis catalog add``."""
    from zibo_analysis.dataset import DataError, display_name
    from zibo_analysis.dataset.reference import add_to_catalog

    if args.catalog is None:
        where = "; or name a catalog with --catalog"
        target = require_checkout("zibo-analysis catalog add", where) / "data/catalog.csv"
    else:
        target = args.catalog
    try:
        rows = add_to_catalog(args.ids, target, write=not args.dry_run)
    except DataError as err:
        closing = f"{display_name(target)} was not changed: {len(err.issues)} problem(s) above"
        print_problems(map(str, err.issues), closing)
        return USER_ERROR
    if args.dry_run:
        rows.to_csv(sys.stdout, header=False, index=False, lineterminator="\n")
        print(
            f"{len(rows)} row(s) would be appended to {display_name(target)}; nothing was written",
            file=sys.stderr,
        )
        return 0
    print(f"added {len(rows)} indicator(s) to {display_name(target)}:")
    for row in rows.itertuples():
        print(f"  {row.indicator_id:<40} {row.name_zh} ({row.unit}, {row.kind})")
    return 0
