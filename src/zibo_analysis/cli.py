"""The `zibo-analysis` command: extract, facts, data, candidates, catalog, report.

Errors a user can fix are printed as one line naming the file and the
problem, with exit status 2 and no traceback. Output that cannot be written
(a closed pipe, a closed stdout, a full disk) is one line and exit status 1;
an interrupted command is one line and 128 + the signal's number.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from zibo_analysis import corpus
from zibo_analysis.cli_catalog import add_catalog_parser
from zibo_analysis.cli_facts import add_facts_parser
from zibo_analysis.errors import ZiboError
from zibo_analysis.signals import Interrupted, stop_on_signals
from zibo_analysis.streams import OutputLost, Progress, printable, standard_streams


class UserError(ZiboError):
    """A problem the user can fix; printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage block
        raise UserError(message)


def read_text(path: str) -> str:
    """Read a UTF-8 text file (or stdin for "-"), refusing binary and other encodings."""
    name = "<stdin>" if path == "-" else path
    if path == "-" and sys.stdin is None:
        raise UserError("<stdin>: closed; give FILE arguments or pipe text in")
    try:
        data = sys.stdin.buffer.read() if path == "-" else corpus.read_bytes(path, name)
        return corpus.decode_text(data, name)
    except corpus.BadInput as err:
        raise UserError(str(err)) from None


def _extract(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise UserError(f"--jobs {args.jobs}: give 1 or more processes")
    output = None if args.output in (None, corpus.STDIN) else args.output
    output_is_terminal = output is None and sys.stdout.isatty()
    try:
        summary = corpus.write(args.inputs or ["-"], args.format, output,
                               jobs=args.jobs or corpus.available_cores(), on_error=_say_error,
                               progress=sys.stderr.isatty() and not output_is_terminal)  # fmt: skip
    except corpus.BadInput as err:
        raise UserError(str(err)) from None
    except corpus.CorpusError as err:
        _say_error(str(err))
        return 1
    return 2 if summary.failed else 0


def _say_error(message: str) -> None:
    """One line on standard error; what came from file names or text is written out, so
    that it cannot act on the terminal (see `streams.printable`)."""
    print(f"zibo-analysis: error: {printable(message)}", file=sys.stderr, flush=True)


def _data(args: argparse.Namespace) -> int:
    from zibo_analysis import config, dataset, manifest

    _require_checkout("zibo-analysis data")

    def waiting(holder: str) -> None:
        print(f"zibo-analysis: waiting for the run ({holder}) that is using data/processed/",
              file=sys.stderr, flush=True)  # fmt: skip

    with manifest.lock(config.PROCESSED_DIR, on_wait=waiting):  # a report reads it meanwhile
        try:
            table = dataset.build_indicators()
        except dataset.DataError as err:
            for line in dataset.grouped(err.issues):  # rows with one problem: one line
                print(printable(line), file=sys.stderr)
            print(
                f"zibo-analysis: data not built: {len(err.issues)} problem(s) above; "
                "data/processed/ was left as it was",
                file=sys.stderr,
            )
            return 1
        target = dataset.write_indicators(table)
    counts = table.groupby("doc_id", sort=False).size()
    print(f"wrote {target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target}: "
          f"{len(table)} facts from {len(counts)} articles")  # fmt: skip
    for doc_id, n in counts.items():
        print(f"  {doc_id:<22} {n:4d}")
    left = dataset.uncurated_mentions()
    if len(left):
        print(f"note: {len(left)} body mention(s) are neither curated nor ignored; "
              "list them with `zibo-analysis candidates DOC_ID`")  # fmt: skip
    return 0


def _candidates(args: argparse.Namespace) -> int:
    from zibo_analysis import config, dataset
    from zibo_analysis.dataset.curate import (
        CURATION_COLUMNS,
        candidates,
        catalog_needed,
        curation_cells,
    )
    from zibo_analysis.dataset.reference import catalog_rows

    try:
        rows = candidates(args.doc_id)
    except ValueError as err:
        if not isinstance(err, dataset.DataError):
            raise UserError(str(err)) from None
        for line in dataset.grouped(err.issues):
            print(printable(line), file=sys.stderr)
        print("zibo-analysis: fix the problems above first", file=sys.stderr)
        return 1
    needed = catalog_needed(args.doc_id, rows)
    if args.catalog_rows:
        header = _header(config.DATA_DIR / "catalog.csv")
        curation_cells(catalog_rows(needed, header)).to_csv(
            sys.stdout, index=False, header=not args.no_header, lineterminator="\n"
        )
        print(f"{len(needed)} catalog row(s) from the reference catalog for the rows of "
              f"{args.doc_id}", file=sys.stderr)  # fmt: skip
        return 0
    curation_cells(rows.reindex(columns=CURATION_COLUMNS)).to_csv(
        sys.stdout, index=False, header=not args.no_header, lineterminator="\n"
    )
    print(f"{len(rows)} mention(s) to curate or ignore in {args.doc_id}", file=sys.stderr)
    if needed:
        print(f"note: the rows name {len(needed)} indicator(s) of the reference catalog that "
              f"data/catalog.csv lacks: add them with `zibo-analysis catalog add {' '.join(needed)}` "
              "(or print their rows with --catalog-rows)", file=sys.stderr)  # fmt: skip
    return 0


def _header(path: Path) -> list[str]:
    """The columns of a CSV file, from its header line."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


def _require_checkout(what: str) -> None:
    """Writing commands need the project's folders; an installed wheel only reads its dataset."""
    from zibo_analysis import config

    try:
        config.require_checkout(what)
    except RuntimeError as err:
        raise UserError(str(err)) from None


def _report(args: argparse.Namespace) -> int:
    _require_checkout("zibo-analysis report")

    try:
        return _run_report(args)
    except Interrupted as stop:  # signals are handled as for every command (`main`)
        print("zibo-analysis: interrupted; the last good pages were kept", file=sys.stderr)
        return 128 + stop.signum


def _run_report(args: argparse.Namespace) -> int:
    from zibo_analysis import report

    started = time.perf_counter()
    output_dir = args.output_dir.absolute() if args.output_dir else report.REPORTS_DIR
    try:
        if args.list_params is not None:
            for line in report.list_parameters([args.list_params] if args.list_params else None):
                print(line)
            return 0
        progress = Progress()  # the pages are the product: a lost stdout does not stop them
        results = report.run_report(only=args.only, overrides=args.parameter, jobs=args.jobs,
                                    force=args.force, reports_dir=output_dir, log=progress,
                                    params_file=args.params_file, wait=args.wait)  # fmt: skip
    except (report.ParameterError, report.FolderBusy, report.NotOwned, report.DataChanged,
            FileNotFoundError) as err:  # fmt: skip
        raise UserError(str(err)) from None
    failed = [r for r in results if r.status == "failed"]
    progress(f"report: {len(results) - len(failed)} of {len(results)} notebooks ok in "
             f"{time.perf_counter() - started:.1f}s; open {output_dir / 'index.html'}")  # fmt: skip
    for r in failed:
        where = f"in cell {r.failed_cell}" if r.failed_cell is not None else "before any cell ran"
        print(printable(f"zibo-analysis: {r.name} failed {where}: {r.error}"), file=sys.stderr)
    if progress.lost:
        print(f"zibo-analysis: error: the report was written to {output_dir}, but its progress "
              f"could not be printed: {progress.lost}", file=sys.stderr)  # fmt: skip
    return 1 if failed or progress.lost else 0


REPORT_HELP = """\
parameters files (--params-file, YAML or JSON by the .json suffix) hold a mapping:
a key that names a notebook (such as 03_growth) holds that notebook's values; any
other key is a parameter, set in every notebook that declares it. Values take the
type the notebook declares; a notebook's own values win over the shared ones, and
-p wins over the file. For example:
  lang: zh
  03_growth:
    region: Zibo
    projection_level: 200

exit status: 0 every notebook ok; 1 a notebook failed, or the progress could not be
printed (the pages are written all the same); 2 a bad option, parameter or file, or
the output folder is in use; 130 or 143 interrupted (Ctrl-C, SIGTERM), last good
pages kept.

examples:
  zibo-analysis report
  zibo-analysis report --only 02_coverage -p topics '["public_health"]'
  zibo-analysis report -p lang zh --output-dir reports-zh
  zibo-analysis report --params-file params.yaml --output-dir reports-zh
  zibo-analysis report --list-params 03_growth
"""

EXTRACT_HELP = """\
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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="zibo-analysis", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    extract = sub.add_parser("extract", help="print every quantity mention in text files",
                             epilog=EXTRACT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    extract.add_argument("inputs", nargs="*", metavar="DIR_OR_FILE",
                         help="UTF-8 text files, folders of *.txt files; - or none for stdin")  # fmt: skip
    extract.add_argument("--format", choices=["table", "csv", "json", "jsonl", "parquet"],
                         default="table", help="default: an aligned table")  # fmt: skip
    extract.add_argument("--output", "-o", metavar="FILE",
                         help="write this regular file (whole when done, with the permissions "
                              "the umask gives) instead of standard output (-)")  # fmt: skip
    extract.add_argument("--jobs", "-j", type=int, metavar="N",
                         help="processes extracting at once (default and most: the cores)")  # fmt: skip
    extract.set_defaults(run=_extract)

    add_facts_parser(sub)

    data = sub.add_parser("data", help="build data/processed/indicators.csv (make data)")
    data.set_defaults(run=_data)

    candidates = sub.add_parser(
        "candidates", help="print the body mentions not yet curated or ignored, as curation rows"
    )
    candidates.add_argument("doc_id", metavar="DOC_ID")
    candidates.add_argument(
        "--no-header", action="store_true", help="rows only, to append to curation.csv"
    )
    candidates.add_argument(
        "--catalog-rows", action="store_true",
        help="print instead the rows of data/catalog.csv that the candidates' indicators from "
             "the reference catalog need (append them with --no-header)",
    )  # fmt: skip
    candidates.set_defaults(run=_candidates)

    add_catalog_parser(sub)

    rep = sub.add_parser(
        "report",
        help="run the notebooks with papermill and write reports/ (make report)",
        description="Run the notebooks (notebooks/NN_name.ipynb) with papermill and write\n"
        "their pages, an index and quality_flags.csv; a notebook whose inputs are\n"
        "unchanged is not run again. One run at a time writes an output folder.",
        epilog=REPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rep.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="set a notebook parameter; text as it is, other types as JSON: "
                          "-p topics '[\"public_health\"]' (repeatable; wins over --params-file)")  # fmt: skip
    rep.add_argument("--params-file", type=Path, metavar="FILE",
                     help="parameter values from a YAML or JSON file, for all notebooks or "
                          "per notebook (format below)")  # fmt: skip
    rep.add_argument("--output-dir", type=Path, metavar="DIR",
                     help="write the report here (relative to the current directory) instead "
                          "of the project's reports/; its .cache/ goes with it")  # fmt: skip
    rep.add_argument("--wait", type=_seconds, default=0.0, metavar="SECONDS",
                     help="when another run is writing the output folder, wait this long for "
                          "it to finish (default 0: say which run holds it and stop)")  # fmt: skip
    rep.add_argument("--list-params", nargs="?", const="", metavar="NOTEBOOK",
                     help="list each parameter of every notebook (or of NOTEBOOK): type, "
                          "default and the values the data allows; runs nothing")  # fmt: skip
    rep.add_argument(
        "--only", action="append", metavar="NOTEBOOK", help="run only this notebook (repeatable)"
    )
    rep.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    rep.add_argument(
        "--force", action="store_true", help="run every notebook even if its inputs are unchanged"
    )
    rep.set_defaults(run=_report)
    return parser


def _seconds(text: str) -> float:
    """A number of seconds, finite and not negative (argparse type of --wait)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 or more)")
    return value


def _version() -> str:
    try:
        return metadata.version("zibo-analysis")
    except metadata.PackageNotFoundError:
        return "(not installed)"


def main(argv: Sequence[str] | None = None) -> int:
    # Ctrl-C and SIGTERM take one way out for every command (`signals.stop_on_signals`):
    # Interrupted, raised through the command so that half-written files are removed.
    try:
        with stop_on_signals():
            return _main(argv)
    except Interrupted as stop:
        print("zibo-analysis: interrupted", file=sys.stderr)
        return 128 + stop.signum


def _main(argv: Sequence[str] | None) -> int:
    with standard_streams():
        try:
            try:
                args = build_parser().parse_args(argv)
            except SystemExit as done:  # --help and --version have printed
                status = done.code if isinstance(done.code, int) else 0
            else:
                status = args.run(args)
            sys.stdout.flush()
            return status
        except UserError as err:
            for line in str(err).splitlines():
                _say_error(line)
            return 2
        except OutputLost as err:  # `zibo-analysis extract ... | head`, >&-, > /dev/full
            print(f"zibo-analysis: error: cannot write to standard output: {err}", file=sys.stderr)
            return 1
        except OSError as err:  # a file that cannot be read or written: a full disk
            print(f"zibo-analysis: error: {err}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    raise SystemExit(main())
