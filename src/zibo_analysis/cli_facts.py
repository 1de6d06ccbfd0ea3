"""`zibo-analysis facts`: each quantity of a text, an article or a corpus read as a fact.

Wired into cli.py with ``add_facts_parser(sub)``. This module imports cli.py only when the
command runs, so that cli.py may import it at the top; errors a user can fix are printed as
cli.py prints them (one line each, exit status 2). The work is `corpus.facts_reading` and
`corpus.write`: the planning, ordered processes and writers of `extract`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zibo_analysis.config import DATA_DIR, RAW_DIR

__all__ = ["add_facts_parser", "run_facts"]

FACTS_HELP = """\
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


def add_facts_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``facts`` command to ``subparsers`` (of cli.build_parser)."""
    facts = subparsers.add_parser(
        "facts",
        help="print each quantity in text files as a fact: subject, region, date, status, indicator",
        epilog=FACTS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    facts.add_argument("inputs", nargs="*", metavar="DIR_OR_FILE",
                       help="UTF-8 text files, folders of *.txt files; - or none for stdin")  # fmt: skip
    facts.add_argument("--sources", action="append", default=[], metavar="CSV",
                       help="a sources table (source_file, published; region, body markers): each "
                            "article it lists is read with its row (repeatable)")  # fmt: skip
    facts.add_argument("--published", metavar="YYYY-MM-DD",
                       help="the publication date of the files no sources table lists")  # fmt: skip
    facts.add_argument("--region", metavar="NAME",
                       help="the place those files are about, in Chinese (淄博市, 张店区); "
                            "else read from each text")  # fmt: skip
    facts.add_argument("--catalog", metavar="CSV",
                       help="indicator catalog to match against (default: data/catalog.csv "
                            "when it exists)")  # fmt: skip
    facts.add_argument("--format", choices=["table", "csv", "json", "jsonl", "parquet"],
                       default="table", help="default: an aligned table, without evidence")  # fmt: skip
    facts.add_argument("--output", "-o", metavar="FILE",
                       help="write this regular file (whole when done, with the permissions "
                            "the umask gives) instead of standard output (-)")  # fmt: skip
    facts.add_argument("--jobs", "-j", type=int, metavar="N",
                       help="processes reading at once (default and most: the cores)")  # fmt: skip
    facts.set_defaults(run=run_facts)
    return facts


def run_facts(args: argparse.Namespace) -> int:
    from zibo_analysis import corpus
    from zibo_analysis.cli import UserError, _say_error
    from zibo_analysis.corpus.facts import FACTS_TASK_BYTES
    from zibo_analysis.dataset.issues import DataError

    try:
        options = _options(args, UserError)
        reading = corpus.facts_reading(
            options["inputs"], options["sources"], options["published"], args.region,
            options["catalog"], options["project"],
        )  # fmt: skip
    except UserError as err:
        _say_error(str(err))
        return 2
    except DataError as err:
        for issue in err.issues:
            _say_error(str(issue))
        return 2
    output = None if args.output in (None, corpus.STDIN) else args.output
    try:
        summary = corpus.write(options["inputs"], args.format, output, jobs=options["jobs"],
                               chunk_bytes=FACTS_TASK_BYTES, on_error=_say_error, reading=reading,
                               progress=sys.stderr.isatty() and not (output is None and sys.stdout.isatty()))  # fmt: skip
    except corpus.BadInput as err:
        _say_error(str(err))
        return 2
    except corpus.CorpusError as err:
        _say_error(str(err))
        return 1
    return 2 if summary.failed else 0


def _options(args: argparse.Namespace, error) -> dict:
    """The command's options, checked: each problem is ``error`` with one line."""
    from zibo_analysis import corpus

    if args.jobs is not None and args.jobs < 1:
        raise error(f"--jobs {args.jobs}: give 1 or more processes")
    published = _published(args.published, error) if args.published else None
    if args.region:
        from zibo_analysis.facts import resolve_region

        try:
            resolve_region(args.region)
        except ValueError as err:
            raise error(f"--region: {err}") from None
    for table in args.sources:
        if not Path(table).is_file():
            raise error(f"--sources: {table}: no such file; give the CSV that lists the articles")
    project = RAW_DIR / "sources.csv"
    return {
        "inputs": args.inputs or [corpus.STDIN],
        "sources": [Path(t) for t in args.sources],
        "published": published,
        "catalog": _catalog(args.catalog, error),
        "project": project if project.is_file() else None,
        "jobs": args.jobs or corpus.available_cores(),
    }


def _published(value: str, error) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise error(f"--published: {value!r} is not a date; write it as YYYY-MM-DD") from None


def _catalog(path: str | None, error) -> Path | None:
    """The catalog to match against, its columns checked: ``path``, else the project's."""
    import csv

    target = Path(path) if path else DATA_DIR / "catalog.csv"
    if not target.exists():
        if path:
            raise error(f"--catalog: {path}: no such file")
        return None
    with target.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    missing = {"indicator_id", "name_zh", "unit", "kind"} - set(header)
    if missing:
        raise error(f"--catalog: {target} lacks the column(s) {', '.join(sorted(missing))}")
    return target
