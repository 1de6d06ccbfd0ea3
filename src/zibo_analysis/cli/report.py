"""`zibo-analysis report`: run the notebooks with papermill and write reports/ (what `make
report` runs). The work is `zibo_analysis.report.run_report`."""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

from zibo_analysis.cli.errors import UserError, require_checkout
from zibo_analysis.signals import Interrupted
from zibo_analysis.streams import Progress, printable

__all__ = ["add_parser", "run"]

HELP = """\
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


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``report`` command to ``subparsers`` (of `zibo_analysis.cli.build_parser`)."""
    rep = subparsers.add_parser(
        "report",
        help="run the notebooks with papermill and write reports/ (make report)",
        description="Run the notebooks (notebooks/NN_name.ipynb) with papermill and write\n"
        "their pages, an index and quality_flags.csv; a notebook whose inputs are\n"
        "unchanged is not run again. One run at a time writes an output folder.",
        epilog=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rep.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="set a notebook parameter; text as it is, other types as JSON: "
        "-p topics '[\"public_health\"]' (repeatable; wins over --params-file)",
    )
    rep.add_argument(
        "--params-file",
        type=Path,
        metavar="FILE",
        help="parameter values from a YAML or JSON file, for all notebooks or "
        "per notebook (format below)",
    )
    rep.add_argument(
        "--output-dir",
        type=Path,
        metavar="DIR",
        help="write the report here (relative to the current directory) instead "
        "of the project's reports/; its .cache/ goes with it",
    )
    rep.add_argument(
        "--wait",
        type=seconds,
        default=0.0,
        metavar="SECONDS",
        help="when another run is writing the output folder, wait this long for "
        "it to finish (default 0: say which run holds it and stop)",
    )
    rep.add_argument(
        "--list-params",
        nargs="?",
        const="",
        metavar="NOTEBOOK",
        help="list each parameter of every notebook (or of NOTEBOOK): type, "
        "default and the values the data allows; runs nothing",
    )
    rep.add_argument(
        "--only", action="append", metavar="NOTEBOOK", help="run only this notebook (repeatable)"
    )
    rep.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    rep.add_argument(
        "--force", action="store_true", help="run every notebook even if its inputs are unchanged"
    )
    rep.set_defaults(run=run)
    return rep


def seconds(text: str) -> float:
    """A number of seconds, finite and not negative (argparse type of --wait).

    >>> seconds("2.5")
    2.5
    """
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 or more)")
    return value


def run(args: argparse.Namespace) -> int:
    """Run ``zibo-analysis report``: 0 every notebook ok, 1 one failed, 128 + the signal's
    number when interrupted (the last good pages kept)."""
    require_checkout("zibo-analysis report")
    try:
        return _run_report(args)
    except Interrupted as stop:  # signals are handled as for every command (`cli.main`)
        print("zibo-analysis: interrupted; the last good pages were kept", file=sys.stderr)
        return 128 + stop.signum


def _run_report(args: argparse.Namespace) -> int:
    from zibo_analysis import report

    started = time.perf_counter()
    output_dir = args.output_dir.absolute() if args.output_dir else report.REPORTS_DIR
    refused = (
        report.ParameterError,
        report.FolderBusy,
        report.NotOwned,
        report.DataChanged,
        FileNotFoundError,
    )
    try:
        if args.list_params is not None:
            for line in report.list_parameters([args.list_params] if args.list_params else None):
                print(line)
            return 0
        progress = Progress()  # the pages are the product: a lost stdout does not stop them
        results = report.run_report(
            only=args.only,
            overrides=args.parameter,
            jobs=args.jobs,
            force=args.force,
            reports_dir=output_dir,
            log=progress,
            params_file=args.params_file,
            wait=args.wait,
        )
    except refused as err:
        raise UserError(*str(err).splitlines()) from None
    failed = [r for r in results if r.status == "failed"]
    progress(
        f"report: {len(results) - len(failed)} of {len(results)} notebooks ok in "
        f"{time.perf_counter() - started:.1f}s; open {output_dir / 'index.html'}"
    )
    for r in failed:
        where = f"in cell {r.failed_cell}" if r.failed_cell is not None else "before any cell ran"
        print(printable(f"zibo-analysis: {r.name} failed {where}: {r.error}"), file=sys.stderr)
    if progress.lost:
        print(
            f"zibo-analysis: error: the report was written to {output_dir}, but its progress "
            f"could not be printed: {progress.lost}",
            file=sys.stderr,
        )
    return 1 if failed or progress.lost else 0
