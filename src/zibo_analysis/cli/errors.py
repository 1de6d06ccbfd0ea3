"""The one error type the commands share, and the one place that prints it.

A command raises `UserError` for a problem the user can fix (a bad option, an input that
cannot be read, a folder in use); `zibo_analysis.cli.main` hands it to `user_error`, which
prints each of its lines as one line on standard error (``zibo-analysis: error: ...``, what
came from file names or text written out, see `streams.printable`) and gives exit status 2.
The commands import this module, and `zibo_analysis.cli` imports the commands: no cycle.

>>> import contextlib, io
>>> with contextlib.redirect_stderr(io.StringIO()) as err:
...     status = user_error(UserError("--jobs 0: give 1 or more processes", "a\\nb.txt: no such file"))
>>> status, err.getvalue().splitlines()
(2, ['zibo-analysis: error: --jobs 0: give 1 or more processes', 'zibo-analysis: error: a\\\\x0ab.txt: no such file'])
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from zibo_analysis.errors import ZiboError
from zibo_analysis.streams import printable

__all__ = [
    "USER_ERROR",
    "Parser",
    "UserError",
    "print_problems",
    "require_checkout",
    "say_error",
    "user_error",
]

USER_ERROR = 2  # the exit status of a problem the user can fix


class UserError(ZiboError):
    """A problem the user can fix: each of ``lines`` is printed as one line, exit status 2."""

    def __init__(self, *lines: str):
        super().__init__("\n".join(lines))
        self.lines = lines


def say_error(message: str) -> None:
    """``message`` as one line on standard error, its control characters written out."""
    print(f"zibo-analysis: error: {printable(message)}", file=sys.stderr, flush=True)


def user_error(err: UserError) -> int:
    """Print ``err`` (one line per problem) and give the exit status of a user's error."""
    for line in err.lines:
        say_error(line)
    return USER_ERROR


def print_problems(lines: Iterable[str], closing: str) -> None:
    """The problems of a table (a build's, a catalog's), one line each, then ``closing``: what
    was left undone. The caller picks the exit status (1 for a build, 2 for a refusal)."""
    for line in lines:
        print(printable(line), file=sys.stderr)
    print(f"zibo-analysis: {closing}", file=sys.stderr)


def require_checkout(what: str, fix: str = "") -> Path:
    """The checkout's root; a UserError where there is none (an installed wheel only reads its
    dataset), with ``fix`` added to the message."""
    from zibo_analysis import config

    try:
        return config.require_checkout(what)
    except RuntimeError as err:
        raise UserError(f"{err}{fix}") from None


class Parser(argparse.ArgumentParser):
    """argparse, with a usage error raised as a UserError (one line, no usage block)."""

    def error(self, message: str) -> None:
        raise UserError(*message.splitlines())
