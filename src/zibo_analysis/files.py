"""Files the project writes and reads: whole or not at all, only regular files, locks.

Files are created with the permissions the user's umask gives (0644 under 022), as
``open()`` would: ``tempfile.mkstemp`` alone makes them 0600, which hides a report
from colleagues on a shared server. A temporary file is created with ``O_EXCL`` (never
through a symbolic link someone planted under its name) and renamed over its target,
which replaces the target's directory entry and never writes through a link there.

Inputs are read only when they are regular files: a FIFO, a device, a socket or a
directory is refused in one line (opening a FIFO would wait for a writer for ever,
and ``/dev/zero`` never ends), and a file can be read with a size limit.

Every CSV the project writes goes through `spreadsheet_safe` (or, row by row,
`spreadsheet_cell`), so that no cell runs as a formula when it is opened in a
spreadsheet.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from zibo_analysis.errors import ZiboError
from zibo_analysis.signals import uninterrupted


def _umask() -> int:
    """The process umask (read by setting it, so set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The permissions ``open()`` gives a new file under the current umask."""
    return 0o666 & ~_umask()


def temporary_beside(path: Path, folder: Path | None = None) -> tuple[int, str]:
    """A new temporary file (fd, name) in ``folder`` (default: beside ``path``), created with
    ``O_EXCL`` and given the permissions the umask gives, to be renamed over ``path``."""
    fd, tmp = tempfile.mkstemp(dir=folder or path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, file_mode())
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    return fd, tmp


def atomic_write(path: Path, content: str | bytes, tmp_dir: Path | None = None) -> None:
    """Write ``content`` to a temporary file beside ``path`` (or in ``tmp_dir``, on the same
    file system), then rename it over ``path``.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "sub" / "a.txt"
    >>> atomic_write(target, "名医基层工作站102个")
    >>> target.read_text(encoding="utf-8")
    '名医基层工作站102个'
    >>> oct(target.stat().st_mode & 0o777) == oct(file_mode())
    True
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = None
    try:
        with uninterrupted():  # a signal waits until the temporary's name is known
            fd, tmp = temporary_beside(path, tmp_dir)
        if isinstance(content, bytes):
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise


# ------------------------------------------------------------------ reading --


class NotRegularFile(ZiboError, OSError):
    """An input that is not a regular file, or larger than allowed; the message says which."""


def file_kind(mode: int) -> str:
    """What a file of ``mode`` is, in words.

    >>> file_kind(stat.S_IFIFO), file_kind(stat.S_IFCHR)
    ('a named pipe (FIFO)', 'a character device')
    """
    kinds = [
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISREG, "a regular file"),
    ]
    return next((words for test, words in kinds if test(mode)), "not a regular file")


def read_regular(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path``; NotRegularFile for anything else (without
    waiting on a FIFO), or for a file over ``limit`` bytes. OSError as ``open`` raises it
    otherwise (FileNotFoundError for a dangling symbolic link).

    >>> read_regular("/dev/null")
    Traceback (most recent call last):
    ...
    zibo_analysis.files.NotRegularFile: a character device, not a regular file
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFile(f"{file_kind(mode)}, not a regular file")
        if limit is None:
            return handle.read()
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise NotRegularFile(f"larger than {limit:,} bytes")
    return data


# -------------------------------------------------------------------- locks --


class LockBusy(ZiboError, RuntimeError):
    """Another process holds the lock; ``holder`` says which ("pid 123" or "pid unknown")."""

    def __init__(self, holder: str):
        super().__init__(holder)
        self.holder = holder


def open_lock(path: Path) -> int:
    """The lock file at ``path`` opened for locking: created if need be, never through a
    symbolic link (OSError ELOOP) and never anything but a regular file."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK | os.O_NOCTTY
    try:
        fd = os.open(path, flags, file_mode())
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise NotRegularFile(
                f"{path} is a symbolic link; remove it (a lock file is never a link)"
            ) from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotRegularFile(f"{path} is not a regular file; remove it")
    return fd


@contextmanager
def lock(
    path: Path,
    *,
    shared: bool = False,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[int]:
    """Hold the ``flock`` of the file ``path`` for the block (the system releases it when
    the process ends, however it ends). An exclusive holder writes its pid there.

    Another holder: wait up to ``wait`` seconds (None: as long as it takes), calling
    ``on_wait`` once with who holds it; then raise LockBusy.

    >>> import tempfile, pathlib
    >>> with lock(pathlib.Path(tempfile.mkdtemp()) / ".lock"):
    ...     pass
    """
    fd = open_lock(path)
    try:
        kind = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        deadline = None if wait is None else time.monotonic() + wait
        said = False
        while not _try_lock(fd, kind):
            holder = _holder(fd)
            if deadline is not None and time.monotonic() >= deadline:
                raise LockBusy(holder)
            if not said and on_wait is not None:
                on_wait(holder)
            said = True
            time.sleep(0.1)
        if not shared:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield fd
    finally:
        os.close(fd)  # closing the file releases the lock


def _try_lock(fd: int, kind: int) -> bool:
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _holder(fd: int) -> str:
    pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return f"pid {pid}" if pid.isdigit() else "pid unknown"


# -------------------------------------------------------------- spreadsheets --

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A number as a spreadsheet reads it (-0.5, +1, -2.7%, 1,250, 1e3): data, never a formula.
_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def spreadsheet_cell(value):
    """A text cell that a spreadsheet would run as a formula (starting with = + - @, a tab or
    a carriage return: OWASP's CSV-injection rule), with an apostrophe before it; a number
    (written as one, -2.7% included) and anything else as it is.

    >>> spreadsheet_cell('=HYPERLINK("x")'), spreadsheet_cell("-2.7%"), spreadsheet_cell("淄博")
    ('\\'=HYPERLINK("x")', '-2.7%', '淄博')
    >>> spreadsheet_cell("-2+3+cmd|' /C calc'!A0"), spreadsheet_cell(-0.5)
    ("'-2+3+cmd|' /C calc'!A0", -0.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_safe(frame):
    """A copy of ``frame`` whose text cells go through `spreadsheet_cell`, in every column
    that holds text: object, string and categorical ones. Numeric columns stay as they are.

    >>> import pandas as pd
    >>> spreadsheet_safe(pd.DataFrame({"name": ["=1+2", "Zibo"], "change": [-0.5, 2.0],
    ...                                "kind": pd.Categorical(["@x", "y"]), "as_text": ["-1", "2"]}))
        name  change kind as_text
    0  '=1+2    -0.5  '@x      -1
    1   Zibo     2.0    y       2
    """
    import pandas as pd

    changed = {}
    for name, column in frame.items():
        if isinstance(column.dtype, pd.CategoricalDtype):
            categories = list(column.cat.categories)
            safe = [spreadsheet_cell(c) for c in categories]
            if safe != categories:
                changed[name] = column.astype(object).map(spreadsheet_cell).astype("category")
        elif column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            changed[name] = column.map(spreadsheet_cell)
    return frame.assign(**changed)


# The items of a list cell (a flag's articles, dates and rows) as a CSV file holds them.
LIST_SEPARATOR = ", "


def csv_text(frame, separators: dict[str, str] | None = None) -> str:
    """``frame`` as CSV text, safe to open in a spreadsheet (`spreadsheet_safe`). A list
    cell is written as its items joined by ``separators[column]``, else `LIST_SEPARATOR`:
    the one place a list becomes text; `split_list` reads it back.

    >>> import pandas as pd
    >>> print(csv_text(pd.DataFrame({"doc_ids": [["a", "b"], []], "n": [1, 2]})), end="")
    doc_ids,n
    "a, b",1
    ,2
    """
    separators = separators or {}
    joined = {}
    for name, column in frame.items():
        if column.dtype == object and column.map(lambda v: isinstance(v, list)).any():
            separator = separators.get(name, LIST_SEPARATOR)
            joined[name] = column.map(
                lambda v, s=separator: s.join(map(str, v)) if isinstance(v, list) else v
            )
    return spreadsheet_safe(frame.assign(**joined)).to_csv(index=False, lineterminator="\n")


def split_list(text) -> list[str]:
    """A list cell as `csv_text` writes it, as its items.

    >>> split_list("2021-11-10, 2022-10-16"), split_list("")
    (['2021-11-10', '2022-10-16'], [])
    """
    return [item for item in str(text).split(LIST_SEPARATOR) if item]


def csv_header(path: Path) -> list[str]:
    """The columns a CSV file's header line names ([] for an empty file; a BOM is dropped).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder, "t.csv")
    ...     _ = path.write_text("\\ufeffindicator_id,name_zh\\nbeds,床位\\n", encoding="utf-8")
    ...     csv_header(path)
    ['indicator_id', 'name_zh']
    """
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])
