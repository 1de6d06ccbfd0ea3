"""Standard streams that fail in one line: a closed pipe, a closed stream, a full disk.

`standard_streams` wraps a command: a closed stdin, stdout or stderr is reopened on
/dev/null (so that no file the command opens takes its number, and no child process
writes into that file), and the real stdout raises `OutputLost` on its first failed
write, naming why, instead of BrokenPipeError or OSError at some later flush.

>>> progress = Progress()
>>> progress("[1/4] 01_overview: running")
[1/4] 01_overview: running
>>> progress.lost
''
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from zibo_analysis.errors import ZiboError


class OutputLost(ZiboError):
    """Standard output cannot be written: a closed pipe, a closed stream, a full disk."""


class _Stdout(io.RawIOBase):
    """File descriptor 1, raising OutputLost on the first write that fails and dropping
    every write after it (so that exiting does not fail on flushing it again)."""

    def __init__(self, closed: bool):
        super().__init__()
        self.lost = "it is closed" if closed else ""
        self.said = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return 1

    def write(self, data) -> int:
        if not self.lost:
            try:
                return os.write(1, data)
            except OSError as err:
                self.lost = err.strerror or str(err)
        if self.said:
            return len(data)
        self.said = True
        raise OutputLost(self.lost)


@contextmanager
def standard_streams() -> Iterator[None]:
    """For the block: closed standard streams reopened on /dev/null (so that no file opened
    later takes their number), the real stdout raising OutputLost when it fails, and, on
    a terminal, control characters written out (see `printable`) whatever the format."""
    closed = set()
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.add(fd)
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    original = sys.stdout
    if original is not None and original is not sys.__stdout__:  # captured (tests): leave it
        yield
        return
    like = original or sys.__stdout__
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_Stdout(closed=original is None or 1 in closed)),
        encoding=getattr(like, "encoding", None) or "utf-8",
        errors=getattr(like, "errors", None) or "strict",
        line_buffering=bool(getattr(like, "line_buffering", False)),
    )
    if 1 not in closed and os.isatty(1):
        sys.stdout = Escaping(sys.stdout)
    try:
        yield
    finally:
        try:
            sys.stdout.flush()
        except OutputLost:
            pass
        sys.stdout = original


class Escaping:
    """A text stream that writes control characters out (`printable`, keeping line ends and
    tabs) before they reach a terminal; otherwise the stream it wraps.

    >>> out = io.StringIO()
    >>> Escaping(out).write("a\\x1b[2Jb\\n"); out.getvalue()
    7
    'a\\\\x1b[2Jb\\n'
    """

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(printable(text, keep="\n\t"))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


class Progress:
    """Prints progress lines until stdout fails; then stays quiet and keeps the reason."""

    def __init__(self):
        self.lost = ""

    def __call__(self, line: str) -> None:
        if not self.lost:
            try:
                print(printable(line), flush=True)
            except OutputLost as err:
                self.lost = str(err)


# C0 and C1 controls (escape sequences start with ESC, U+001B, or CSI, U+009B), the
# bidirectional controls that reorder what follows them, and the lone surrogates that
# stand for bytes of a file name that are not UTF-8.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\udc80-\udcff]"
)


def printable(text: str, keep: str = "") -> str:
    """``text`` with the characters that would act on a terminal rather than show written
    out as escapes: control characters, bidirectional controls, and the bytes of a file name
    that are not UTF-8 (as Python's surrogate escapes hold them); but the characters of ``keep``.

    >>> printable("a\\x1b[31mred\\u202e.txt"), printable("\\udcd5\\udcc5.txt")
    ('a\\\\x1b[31mred\\\\u202e.txt', '\\\\xd5\\\\xc5.txt')
    """
    if keep:
        return _UNPRINTABLE.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)
    return _UNPRINTABLE.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def print_aligned(header: Sequence[str], rows: Iterable[Sequence[object]], out) -> None:
    """Rows as an aligned plain-text table; Chinese characters count as two columns, and
    control characters are written out (see `printable`).

    >>> import io
    >>> out = io.StringIO()
    >>> print_aligned(["text", "unit"], [["102个", "个"]], out)
    >>> print(out.getvalue(), end="")
    text   unit
    102个  个
    """
    from unicodedata import east_asian_width

    def width(s: str) -> int:
        return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in s)

    cells = [list(header)] + [[printable(str(v)) for v in row] for row in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(header))]
    for row in cells:
        padded = (c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True))
        out.write("  ".join(padded).rstrip() + "\n")
