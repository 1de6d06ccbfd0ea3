"""`zibo-analysis facts`: each quantity of a text read as a fact.

Wired into cli.py with ``add_facts_parser(sub)``. This module imports cli.py
only when the command runs, so that cli.py may import it at the top; errors a
user can fix are printed as cli.py prints them (one line, exit status 2).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from zibo_analysis.config import DATA_DIR

__all__ = ["add_facts_parser", "run_facts", "FACTS_COLUMNS"]

EXTRACT_COLUMNS = ["source", "start", "end", "text", "value", "unit", "qualifier"]
FACTS_COLUMNS = EXTRACT_COLUMNS + [
    "subject", "region", "as_of", "period_start", "status", "kind", "indicator_id", "score",
    "name_zh", "proposed_id", "evidence",
]  # fmt: skip
TABLE_COLUMNS = [c for c in FACTS_COLUMNS if c != "evidence"]  # evidence is long: csv, json


def add_facts_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``facts`` command to ``subparsers`` (of cli.build_parser)."""
    facts = subparsers.add_parser(
        "facts",
        help="print each quantity in text files as a fact: subject, region, date, status, indicator",
    )
    facts.add_argument(
        "files", nargs="*", metavar="FILE", help="UTF-8 text files; - or none for stdin"
    )
    facts.add_argument(
        "--published", required=True, metavar="YYYY-MM-DD", help="the articles' publication date"
    )
    facts.add_argument(
        "--region",
        metavar="NAME",
        help="the place the articles are about, in Chinese (淄博市, 张店区); else read from each text",
    )
    facts.add_argument(
        "--catalog",
        metavar="CSV",
        help="indicator catalog to match against (default: data/catalog.csv when it exists)",
    )
    facts.add_argument("--format", choices=["csv", "json", "table"], default="table")
    facts.set_defaults(run=run_facts)
    return facts


def run_facts(args: argparse.Namespace) -> int:
    from zibo_analysis.cli import UserError, read_text

    try:
        rows = _rows(args, read_text)
    except UserError as err:
        print(f"zibo-analysis: error: {err}", file=sys.stderr)
        return 2
    out = sys.stdout
    if args.format == "json":
        json.dump(rows, out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif args.format == "csv":
        from zibo_analysis.files import spreadsheet_cell

        writer = csv.DictWriter(out, fieldnames=FACTS_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: spreadsheet_cell(v) for k, v in row.items()} for row in rows)
    else:
        _print_table(rows, out)
    return 0


def _rows(args: argparse.Namespace, read_text) -> list[dict[str, object]]:
    from zibo_analysis.cli import UserError
    from zibo_analysis.facts import find_facts, resolve_region

    published = _published(args.published, UserError)
    if args.region:
        try:
            resolve_region(args.region)
        except ValueError as err:
            raise UserError(f"--region: {err}") from None
    catalog = _catalog(args.catalog, UserError)
    rows: list[dict[str, object]] = []
    for path in args.files or ["-"]:
        text = read_text(path)
        source = "<stdin>" if path == "-" else path
        for fact in find_facts(text, published, args.region, catalog):
            rows.append({"source": source, **fact.row()})
    return rows


def _published(value: str, error) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise error(f"--published: {value!r} is not a date; write it as YYYY-MM-DD") from None


def _catalog(path: str | None, error):
    # the csv module, not pandas: importing pandas takes longer than the facts of an article
    from zibo_analysis.facts import load_matcher, read_catalog

    target = Path(path) if path else DATA_DIR / "catalog.csv"
    if not target.exists():
        if path:
            raise error(f"--catalog: {path}: no such file")
        return None
    table = read_catalog(target)
    missing = {"indicator_id", "name_zh", "unit", "kind"} - set(table[0] if table else ())
    if missing:
        raise error(f"--catalog: {target} lacks the column(s) {', '.join(sorted(missing))}")
    return load_matcher(table)


def _print_table(rows: list[dict[str, object]], out) -> None:
    from zibo_analysis.streams import print_aligned

    print_aligned(TABLE_COLUMNS, ([r[c] for c in TABLE_COLUMNS] for r in rows), out)
