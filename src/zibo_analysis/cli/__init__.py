"""The `zibo-analysis` command: extract, facts, data, candidates, catalog, report.

Errors a user can fix are printed as one line naming the file and the
problem, with exit status 2 and no traceback. Output that cannot be written
(a closed pipe, a closed stdout, a full disk) is one line and exit status 1;
an interrupted command is one line and 128 + the signal's number.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib import metadata

from zibo_analysis.cli import candidates, catalog, data, extract, facts, report
from zibo_analysis.cli.errors import Parser, UserError, user_error
from zibo_analysis.signals import Interrupted, stop_on_signals
from zibo_analysis.streams import OutputLost, standard_streams

__all__ = ["COMMANDS", "UserError", "build_parser", "main"]

# Each command is a module with ``add_parser(subparsers)``: its options, help text and
# examples are written there, once; `zibo-analysis COMMAND --help` prints them.
COMMANDS = (extract, facts, data, candidates, catalog, report)


def build_parser() -> Parser:
    """The parser of every command; a usage error is a `UserError`."""
    parser = Parser(prog="zibo-analysis", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def _version() -> str:
    try:
        return metadata.version("zibo-analysis")
    except metadata.PackageNotFoundError:
        return "(not installed)"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command ``argv`` (else ``sys.argv[1:]``); return its exit status."""
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
            return user_error(err)
        except OutputLost as err:  # `zibo-analysis extract ... | head`, >&-, > /dev/full
            print(f"zibo-analysis: error: cannot write to standard output: {err}", file=sys.stderr)
            return 1
        except OSError as err:  # a file that cannot be read or written: a full disk
            print(f"zibo-analysis: error: {err}", file=sys.stderr)
            return 1
