"""`zibo-analysis extract`: every quantity mention in text files, in order, in any number of
processes. The work is `corpus.write`: planning, ordered processes and writers."""

from __future__ import annotations

import argparse
import sys

from zibo_analysis import corpus
from zibo_analysis.cli.errors import UserError, say_error

__all__ = ["add_parser", "run"]

HELP = """\
A folder is read recursively for *.txt files, in path order; files given one by one
keep the order given. A file over a mebibyte is cut where a line ends a sentence and
its pieces extracted in parallel, offsets still counting from the start of the file.
Rows stream out in order (file, then offset), the same for any --jobs; table keeps
every row to align them, so use csv, jsonl or parquet for a corpus. A progress bar
(files, MB/s) shows on standard error when it is a terminal.

exit status: 0 every input read; 2 a bad option, or an input that could not be read
(one line each on standard error; the rows of the others are written); 1 the output
could not be written, or a worker process died; 130 or 143 interrupted.

examples:
  zibo-analysis extract data/raw/000_578db123918dbc52.txt
  echo 预约治疗率41% | zibo-analysis extract --format json
  zibo-analysis extract data/raw --format parquet --output mentions.parquet
  zibo-analysis extract data/raw --jobs 2 --format jsonl > mentions.jsonl
"""


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``extract`` command to ``subparsers`` (of `zibo_analysis.cli.build_parser`)."""
    extract = subparsers.add_parser(
        "extract",
        help="print every quantity mention in text files",
        epilog=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_inputs(extract)
    add_output_arguments(extract, "default: an aligned table")
    add_jobs(extract, "extracting")
    extract.set_defaults(run=run)
    return extract


def add_inputs(parser: argparse.ArgumentParser) -> None:
    """The files and folders to read, as `extract` and `facts` take them."""
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="DIR_OR_FILE",
        help="UTF-8 text files, folders of *.txt files; - or none for stdin",
    )


def add_jobs(parser: argparse.ArgumentParser, doing: str) -> None:
    """--jobs, as `extract` and `facts` take it; ``doing``: what the processes do."""
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help=f"processes {doing} at once (default and most: the cores)",
    )


def add_output_arguments(parser: argparse.ArgumentParser, table: str) -> None:
    """--format and --output, as `extract` and `facts` take them; ``table``: the help of --format."""
    parser.add_argument(
        "--format",
        choices=["table", "csv", "json", "jsonl", "parquet"],
        default="table",
        help=table,
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write this regular file (whole when done, with the permissions "
        "the umask gives) instead of standard output (-)",
    )


def jobs(args: argparse.Namespace) -> int:
    """The processes to run: --jobs, checked, else the cores."""
    if args.jobs is not None and args.jobs < 1:
        raise UserError(f"--jobs {args.jobs}: give 1 or more processes")
    return args.jobs or corpus.available_cores()


def write(args: argparse.Namespace, inputs: list[str], processes: int, **reading) -> int:
    """Write the rows of ``inputs`` as --format and --output say; the exit status: 0 every
    input read, 2 an input failed (one line each), 1 the output could not be written."""
    output = None if args.output in (None, corpus.STDIN) else args.output
    to_terminal = output is None and sys.stdout.isatty()
    try:
        summary = corpus.write(
            inputs,
            args.format,
            output,
            jobs=processes,
            on_error=say_error,
            progress=sys.stderr.isatty() and not to_terminal,
            **reading,
        )
    except corpus.BadInput as err:
        raise UserError(str(err)) from None
    except corpus.CorpusError as err:
        say_error(str(err))
        return 1
    return 2 if summary.failed else 0


def run(args: argparse.Namespace) -> int:
    """Run ``zibo-analysis extract``."""
    return write(args, args.inputs or ["-"], jobs(args))
