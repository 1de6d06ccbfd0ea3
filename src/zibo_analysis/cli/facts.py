"""`zibo-analysis facts`: each quantity of a text, an article or a corpus read as a fact.

The work is `corpus.facts_reading` and `corpus.write`: the planning, ordered processes and
writers of `extract` (`zibo_analysis.cli.extract.write`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from zibo_analysis.cli.errors import UserError
from zibo_analysis.cli.extract import add_inputs, add_jobs, add_output_arguments, jobs, write
from zibo_analysis.config import DATA_DIR, RAW_DIR

__all__ = ["add_parser", "run"]

HELP = """\
An article registered in a sources table is read with its row: its publication date
(published), its region and its body (body_from ... body_to, less exclude_from ...
exclude_to), never its headline or page furniture. The tables: --sources, then a
sources.csv in a folder given (or in the folder of a file given), then the project's
data/raw/sources.csv. A region there is a region_id of the regions.csv beside the table
(or one folder up) or a Chinese place name. A file that no table lists is read with
--published and --region, or reported in one line and skipped.

Rows go out in order (inputs as given, a folder's files in path order, then offset), the
same for any --jobs; each file is read whole. csv, jsonl and parquet suit a corpus; table
keeps every row to align them.

exit status: 0 every input read; 2 a bad option or sources table, or an input that could
not be read (one line each on standard error; the rows of the others are written); 1 the
output could not be written, or a worker process died; 130 or 143 interrupted.

examples:
  zibo-analysis facts data/raw/000_578db123918dbc52.txt
  zibo-analysis facts data/raw --jobs 2 --format jsonl -o facts.jsonl
  echo 全市新增城镇就业3.2万人 | zibo-analysis facts --published 2024-06-30 --region 嘉兴市
"""

# the columns a catalog to match against must have
CATALOG_COLUMNS = {"indicator_id", "name_zh", "unit", "kind"}


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``facts`` command to ``subparsers`` (of `zibo_analysis.cli.build_parser`)."""
    facts = subparsers.add_parser(
        "facts",
        help="print each quantity in text files as a fact: subject, region, date, status, indicator",
        epilog=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_inputs(facts)
    facts.add_argument(
        "--sources",
        action="append",
        default=[],
        metavar="CSV",
        help="a sources table (source_file, published; region, body markers): each "
        "article it lists is read with its row (repeatable)",
    )
    facts.add_argument(
        "--published",
        metavar="YYYY-MM-DD",
        help="the publication date of the files no sources table lists",
    )
    facts.add_argument(
        "--region",
        metavar="NAME",
        help="the place those files are about, in Chinese (淄博市, 张店区); else read from each text",
    )
    facts.add_argument(
        "--catalog",
        metavar="CSV",
        help="indicator catalog to match against (default: data/catalog.csv when it exists)",
    )
    add_output_arguments(facts, "default: an aligned table, without evidence")
    add_jobs(facts, "reading")
    facts.set_defaults(run=run)
    return facts


def run(args: argparse.Namespace) -> int:
    """Run ``zibo-analysis facts``."""
    from zibo_analysis import corpus
    from zibo_analysis.corpus.facts import FACTS_TASK_BYTES
    from zibo_analysis.dataset.issues import DataError

    processes = jobs(args)
    published = _published(args.published) if args.published else None
    if args.region:
        _check_region(args.region)
    for table in args.sources:
        if not Path(table).is_file():
            raise UserError(
                f"--sources: {table}: no such file; give the CSV that lists the articles"
            )
    inputs = args.inputs or [corpus.STDIN]
    project = RAW_DIR / "sources.csv"
    try:
        reading = corpus.facts_reading(
            inputs,
            [Path(t) for t in args.sources],
            published,
            args.region,
            _catalog(args.catalog),
            project if project.is_file() else None,
        )
    except DataError as err:
        raise UserError(*map(str, err.issues)) from None
    return write(args, inputs, processes, chunk_bytes=FACTS_TASK_BYTES, reading=reading)


def _check_region(name: str) -> None:
    from zibo_analysis.facts import resolve_region

    try:
        resolve_region(name)
    except ValueError as err:
        raise UserError(f"--region: {err}") from None


def _published(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise UserError(f"--published: {value!r} is not a date; write it as YYYY-MM-DD") from None


def _catalog(path: str | None) -> Path | None:
    """The catalog to match against, its columns checked: ``path``, else the project's."""
    from zibo_analysis.files import csv_header

    target = Path(path) if path else DATA_DIR / "catalog.csv"
    if not target.exists():
        if path:
            raise UserError(f"--catalog: {path}: no such file")
        return None
    missing = CATALOG_COLUMNS - set(csv_header(target))
    if missing:
        raise UserError(f"--catalog: {target} lacks the column(s) {', '.join(sorted(missing))}")
    return target
