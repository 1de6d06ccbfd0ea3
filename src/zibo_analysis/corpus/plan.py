"""Planning: inputs into pieces (files, or chunks of a big file cut at sentence ends) and
tasks; reading and checking UTF-8 text."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from zibo_analysis.errors import ZiboError
from zibo_analysis.files import NotRegularFile, file_kind, read_regular
from zibo_analysis.quantities.visible import control_at, control_name

COLUMNS = ("source", "start", "end", "text", "value", "unit", "qualifier")
CHUNK_BYTES = 1 << 20  # a task: about 0.06 s of extraction, 0.4 MB of text
STDIN = "-"
STDIN_NAME = "<stdin>"
_TASK_FILES = 256  # small files in one task at most
_SENTENCE_ENDS = tuple(ch.encode() for ch in "。！？；")


class BadInput(ZiboError):
    """An input that cannot be read as UTF-8 text; the message names it and says why."""


def decode_text(data: bytes, name: str, offset: int = 0) -> str:
    """``data`` as UTF-8 text, or BadInput naming ``name`` and the byte (``offset`` + index):
    bytes that are not UTF-8, a NUL byte (binary), or another control character.

    >>> decode_text(b"ab\\x1b[31m", "x.txt")
    Traceback (most recent call last):
    ...
    zibo_analysis.corpus.plan.BadInput: x.txt: control character U+001B at offset 2, expected UTF-8 text
    """
    nul = data.find(b"\x00")
    if nul >= 0:
        raise BadInput(
            f"{name}: binary file (NUL byte at offset {offset + nul}), expected UTF-8 text"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise BadInput(
            f"{name}: not UTF-8 (byte 0x{data[err.start]:02x} at offset {offset + err.start}); "
            "convert it, e.g. iconv -f GB18030 -t UTF-8"
        ) from None
    control = control_at(data)
    if control >= 0:
        raise BadInput(
            f"{name}: control character {control_name(data, control)} at offset "
            f"{offset + control}, expected UTF-8 text"
        )
    return text


def read_bytes(path: str, name: str) -> bytes:
    """The bytes of the regular file ``path``, or BadInput in the words of the command line
    (a FIFO or a device is refused without being read)."""
    try:
        return read_regular(path)
    except FileNotFoundError:
        dangling = os.path.islink(path)
        raise BadInput(
            f"{name}: {'a dangling symbolic link' if dangling else 'no such file'}"
        ) from None
    except IsADirectoryError:
        raise BadInput(f"{name}: is a directory, not a text file") from None
    except PermissionError:
        raise BadInput(f"{name}: permission denied") from None
    except NotRegularFile as err:
        raise BadInput(f"{name}: {err}; give a text file") from None
    except OSError as err:
        raise BadInput(f"{name}: {err.strerror or err}") from None


def name_problem(path: str) -> str:
    """Why ``path`` cannot be a source of rows ("" when it can): a name that is not UTF-8
    (a GBK name from a Windows zip) cannot be written as text.

    >>> name_problem("a/b.txt"), name_problem("a/\\udcd5\\udcc5.txt")
    ('', 'a/\\udcd5\\udcc5.txt: the file name is not UTF-8; rename it, e.g. convmv -f GBK -t UTF-8 --notest FILE')
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return (
            f"{path}: the file name is not UTF-8; rename it, e.g. "
            "convmv -f GBK -t UTF-8 --notest FILE"
        )
    return ""


@dataclass(frozen=True, slots=True)
class Piece:
    """A file, or part of one (bytes ``start:end``, text from character ``char_base``)."""

    source: str
    path: str | None = None  # None: ``data`` holds the bytes (standard input)
    start: int = 0
    end: int = -1  # -1: the whole file, read and checked by the process that extracts it
    char_base: int = 0
    size: int = 0  # bytes, as far as known when planning (for progress and partitions)
    last: bool = True  # the last piece of its file
    data: bytes | None = field(default=None, repr=False)
    error: str = ""  # found while planning; reported in its place in the order
    meta: object = None  # what a reader needs to know of the file (its sources row), if anything


def plan(
    inputs: Iterable[str], chunk_bytes: int = CHUNK_BYTES, stdin=None, whole: bool = False
) -> Iterator[list[Piece]]:
    """Tasks (lists of pieces) of about ``chunk_bytes`` each, in output order; with ``whole``
    every file is one piece, however big (a reader that needs the whole article)."""
    task: list[Piece] = []
    size = 0
    for piece in pieces(inputs, chunk_bytes, stdin, whole):
        task.append(piece)
        size += piece.size
        if size >= chunk_bytes or len(task) >= _TASK_FILES:
            yield task
            task, size = [], 0
    if task:
        yield task


def pieces(
    inputs: Iterable[str], chunk_bytes: int = CHUNK_BYTES, stdin=None, whole: bool = False
) -> Iterator[Piece]:
    """Every piece of every input, in order; a folder's ``*.txt`` files in path order; with
    ``whole`` each file in one piece."""
    if whole:
        chunk_bytes = 1 << 62  # no file is cut; standard input is read to its end
    for name in inputs:
        if name == STDIN:
            yield from _stream_pieces(stdin, chunk_bytes)
        elif os.path.isdir(name):
            found = False
            for path, size, error in walk(name):
                found = found or not error
                if error:
                    yield Piece(path, error=error)
                else:
                    yield from _file_pieces(path, size, chunk_bytes)
            if not found:
                yield Piece(name, error=f"{name}: a folder with no *.txt file")
        elif error := name_problem(name):
            yield Piece(name, error=error)
        else:
            try:
                mode, size = _stat(name)
            except OSError:
                mode, size = stat.S_IFREG, 0  # the extracting process says why it cannot be read
            if not stat.S_ISREG(mode):
                yield Piece(
                    name, error=f"{name}: {file_kind(mode)}, not a regular file; give a text file"
                )
            else:
                yield from _file_pieces(name, size, chunk_bytes)


def _stat(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_mode, st.st_size


def walk(folder: str) -> Iterator[tuple[str, int, str]]:
    """(path, size, error) of the ``*.txt`` files under ``folder``, sorted by the names on
    their path, one folder listing in memory at a time; symbolic links to folders are not
    followed. A ``*.txt`` that is not a regular file (a FIFO, a device, a dangling link) or
    whose name is not UTF-8 is an error, never read."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as err:
        yield folder, 0, f"{folder}: {err.strerror or err}"
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from walk(entry.path)
            elif entry.name.endswith(".txt"):
                yield _listed(entry)
        except OSError as err:
            yield entry.path, 0, f"{entry.path}: {err.strerror or err}"


def _listed(entry: os.DirEntry) -> tuple[str, int, str]:
    """A ``*.txt`` entry of a folder: (path, size, error)."""
    if error := name_problem(entry.path):
        return entry.path, 0, error
    try:
        st = entry.stat()
    except FileNotFoundError:
        if entry.is_symlink():
            return entry.path, 0, f"{entry.path}: a dangling symbolic link, skipped"
        raise
    if stat.S_ISREG(st.st_mode):
        return entry.path, st.st_size, ""
    what = file_kind(st.st_mode)
    link = " (through a symbolic link)" if entry.is_symlink() else ""
    return entry.path, 0, f"{entry.path}: {what}{link}, not a regular file; skipped"


def _file_pieces(path: str, size: int, chunk_bytes: int) -> Iterator[Piece]:
    if size <= chunk_bytes:
        yield Piece(path, path, size=size)
        return
    spans: list[tuple[int, int, int]] = []
    try:
        with open(path, "rb") as stream:
            for start, data, chars in _chunks(stream, path, chunk_bytes):
                spans.append((start, start + len(data), chars))
    except BadInput as err:
        yield Piece(path, size=size, error=str(err))
        return
    except OSError as err:
        yield Piece(path, size=size, error=f"{path}: {err.strerror or err}")
        return
    for i, (start, end, chars) in enumerate(spans):
        yield Piece(path, path, start, end, chars, end - start, last=i == len(spans) - 1)


def _stream_pieces(stdin, chunk_bytes: int) -> Iterator[Piece]:
    if stdin is None:
        if sys.stdin is None:
            yield Piece(
                STDIN_NAME, error=f"{STDIN_NAME}: closed; give FILE arguments or pipe text in"
            )
            return
        stdin = sys.stdin.buffer
    previous: Piece | None = None
    try:
        for start, data, chars in _chunks(stdin, STDIN_NAME, chunk_bytes):
            if previous is not None:
                yield previous
            previous = Piece(
                STDIN_NAME, None, start, start + len(data), chars, len(data), last=False, data=data
            )
    except BadInput as err:
        yield Piece(STDIN_NAME, error=str(err))
        return
    if previous is None:
        yield Piece(STDIN_NAME, None, 0, 0, 0, 0, data=b"")
    else:
        yield Piece(
            STDIN_NAME,
            None,
            previous.start,
            previous.end,
            previous.char_base,
            previous.size,
            data=previous.data,
        )


def _chunks(stream, name: str, chunk_bytes: int) -> Iterator[tuple[int, bytes, int]]:
    """(byte offset, bytes, character offset) of the chunks of ``stream``, each checked as
    UTF-8 text and cut after a sentence end (or a newline, or a character) at most
    ``chunk_bytes`` long."""
    start = chars = 0
    rest = b""
    while True:
        want = chunk_bytes - len(rest)
        block = rest + stream.read(want if want < 1 << 40 else -1)  # -1: to the end
        if not block:
            return
        cut = len(block) if len(block) < chunk_bytes else cut_point(block)
        data, rest = block[:cut], block[cut:]
        chars_in = len(decode_text(data, name, start))
        yield start, data, chars
        start += cut
        chars += chars_in


def cut_point(block: bytes) -> int:
    """Where to end a chunk: after the last sentence end and newline in ``block``; failing
    that (a line longer than the block) after its last newline, then after its last
    sentence end, then before its last whole UTF-8 character.

    >>> cut_point("共3人。\\n又有5人\\n其中".encode()), cut_point("共3人。又有5人，其中".encode())
    (11, 10)
    """
    end = len(block)
    while (newline := block.rfind(b"\n", 0, end)) > 0:
        line_end = newline - 1 if block[newline - 1] == 13 else newline  # CR LF
        if block.endswith(_SENTENCE_ENDS, 0, line_end):
            return newline + 1
        end = newline
    newline = block.rfind(b"\n")
    if newline >= 0:
        return newline + 1
    sentence_end = max(block.rfind(end) for end in _SENTENCE_ENDS)
    if sentence_end > 0:
        return sentence_end + 3  # each is three bytes in UTF-8
    cut = len(block) - 1
    while cut > 0 and 0x80 <= block[cut] < 0xC0:  # a UTF-8 continuation byte
        cut -= 1
    return cut or len(block)
