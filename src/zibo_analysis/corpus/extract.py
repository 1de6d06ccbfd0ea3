"""Extracting: the pieces of a task into encoded rows, in N forked processes, in order."""

from __future__ import annotations

import csv
import ctypes
import io
import json
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import Protocol

from zibo_analysis.corpus.plan import (
    CHUNK_BYTES,
    COLUMNS,
    BadInput,
    Piece,
    decode_text,
    plan,
    read_bytes,
)
from zibo_analysis.errors import ZiboError
from zibo_analysis.files import spreadsheet_cell
from zibo_analysis.quantities import Quantity, find_quantities


class CorpusError(ZiboError):
    """The extraction itself failed (a worker process died); one line."""


Result = tuple[str, int, bool, object, str]  # source, bytes, last piece of its file, rows, error


class Reader(Protocol):
    """What reads each piece instead of the extractor (``zibo-analysis facts``): called in the
    worker processes with a piece and its text, it returns the piece's rows as tuples in
    ``columns`` order (``source`` first), or raises BadInput with a one-line message."""

    columns: tuple[str, ...]

    def __call__(self, piece: Piece, text: str) -> list[tuple]: ...


def run_task(task: list[Piece], fmt: str, reader: Reader | None = None) -> list[Result]:
    """Extract (or, with ``reader``, read) every piece of ``task`` and encode its rows for
    ``fmt``."""
    encode = _ENCODERS[fmt]
    results: list[Result] = []
    for piece in task:
        if piece.error:
            results.append((piece.source, piece.size, True, None, piece.error))
            continue
        try:
            text = _piece_text(piece)
            if reader is None:
                rows = encode(piece.source, piece.char_base, find_quantities(text))
            else:
                rows = encode_rows(fmt, reader.columns, piece.source, reader(piece, text))
        except BadInput as err:
            results.append((piece.source, piece.size, True, None, str(err)))
            continue
        results.append((piece.source, piece.size or len(text), piece.last, rows, ""))
    return results


def _piece_text(piece: Piece) -> str:
    if piece.data is not None:
        return decode_text(piece.data, piece.source, piece.start)
    if piece.end < 0:
        return decode_text(read_bytes(piece.path, piece.source), piece.source)
    try:
        with open(piece.path, "rb") as stream:
            stream.seek(piece.start)
            data = stream.read(piece.end - piece.start)
    except FileNotFoundError:  # gone since it was planned
        raise BadInput(f"{piece.source}: no such file") from None
    except OSError as err:
        raise BadInput(f"{piece.source}: {err.strerror or err}") from None
    return decode_text(data, piece.source, piece.start)


def _tuples(source: str, base: int, found: list[Quantity]) -> list[tuple]:
    return [
        (source, q.start + base, q.end + base, q.text, q.value, q.unit, q.qualifier) for q in found
    ]


def _columns(source: str, base: int, found: list[Quantity]) -> tuple:
    """(source, count, starts, ends, texts, values, units, qualifiers): values as floats."""
    return (
        source,
        len(found),
        [q.start + base for q in found],
        [q.end + base for q in found],
        [q.text for q in found],
        [float(q.value) for q in found],
        [q.unit for q in found],
        [q.qualifier for q in found],
    )


def _csv(source: str, base: int, found: list[Quantity]) -> str:
    """CSV rows, safe to open in a spreadsheet: text cells that would run as a formula (a
    file name or a figure starting with = + - @) get an apostrophe (`files.spreadsheet_cell`)."""
    out = io.StringIO()
    source = spreadsheet_cell(source)
    rows = [
        (
            source,
            q.start + base,
            q.end + base,
            spreadsheet_cell(q.text),
            q.value,
            q.unit,
            q.qualifier,
        )
        for q in found
    ]
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _jsonl(source: str, base: int, found: list[Quantity]) -> str:
    dumps = json.dumps
    head = '{"source": ' + dumps(source, ensure_ascii=False) + ', "start": '
    return "".join(
        f'{head}{q.start + base}, "end": {q.end + base}, "text": {dumps(q.text, ensure_ascii=False)}, '
        f'"value": {dumps(q.value)}, "unit": {dumps(q.unit, ensure_ascii=False)}, '
        f'"qualifier": "{q.qualifier}"}}\n'
        for q in found
    )


def _json(source: str, base: int, found: list[Quantity]) -> str:
    """The rows as ``json.dump(rows, indent=1)`` lays out the items of a list."""
    items = []
    for row in _tuples(source, base, found):
        text = json.dumps(dict(zip(COLUMNS, row, strict=True)), ensure_ascii=False, indent=1)
        items.append(" " + text.replace("\n", "\n "))
    return ",\n".join(items)


def encode_rows(fmt: str, columns: Sequence[str], source: str, rows: list[tuple]) -> object:
    """A reader's rows (tuples in ``columns`` order, ``source`` first) encoded for ``fmt`` as the
    extractor's are: tuples for a table, (source, count, a list per other column) for Parquet,
    text for csv (safe in a spreadsheet), jsonl and json.

    >>> encode_rows("jsonl", ("source", "text"), "a.txt", [("a.txt", "=5人")])
    '{"source": "a.txt", "text": "=5人"}\\n'
    >>> encode_rows("csv", ("source", "text"), "a.txt", [("a.txt", "=5人")])
    "a.txt,'=5人\\n"
    """
    if fmt in ("rows", "table"):
        return rows
    if fmt in ("columns", "parquet"):
        rest = [list(column) for column in zip(*rows, strict=True)][1:] if rows else []
        return (source, len(rows), *(rest or [[] for _ in columns[1:]]))
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(
            [spreadsheet_cell(cell) for cell in row] for row in rows
        )
        return out.getvalue()
    items = [dict(zip(columns, row, strict=True)) for row in rows]
    if fmt == "jsonl":
        return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    return ",\n".join(
        " " + json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n ") for item in items
    )


_ENCODERS: dict[str, Callable[[str, int, list[Quantity]], object]] = {
    "rows": _tuples,
    "table": _tuples,
    "columns": _columns,
    "parquet": _columns,
    "csv": _csv,
    "jsonl": _jsonl,
    "json": _json,
}


def available_cores() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def results(
    tasks: Iterable[list[Piece]], fmt: str, jobs: int = 1, reader: Reader | None = None
) -> Iterator[Result]:
    """The results of ``tasks`` in order, from ``jobs`` processes (at most one per core),
    at most 2 x ``jobs`` tasks ahead of the consumer; one task or one job runs here, with
    no process started. The processes end with this one, however it ends. ``reader`` reads
    each piece instead of the extractor (it goes to the workers with each task: keep it small)."""
    jobs = min(jobs, available_cores())
    tasks = iter(tasks)
    head = [t for t in (next(tasks, None), next(tasks, None)) if t is not None]
    if jobs <= 1 or len(head) < 2:
        for task in chain(head, tasks):
            yield from run_task(task, fmt, reader)
        return
    context = _start_method()
    # a forked worker's parent is this process; others are a fork server's children, and it
    # ends when this process does
    parent = os.getpid() if context.get_start_method() == "fork" else 0
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_worker_init, initargs=(parent,)
        ) as pool:
            window: deque = deque()
            try:
                for task in chain(head, tasks):
                    window.append(pool.submit(run_task, task, fmt, reader))
                    if len(window) >= 2 * jobs:
                        yield from window.popleft().result()
                while window:
                    yield from window.popleft().result()
            finally:
                for future in window:
                    future.cancel()
    except BrokenProcessPool as err:
        raise CorpusError(f"a worker process died ({err}); try fewer --jobs") from None


def _start_method():
    """Fork from a process with one thread (the command line): the workers share its
    compiled patterns at no cost. Forking a process with threads (a notebook's kernel, a
    Dask worker) can copy a lock another thread holds, so there a fork server, which
    imports the extractor once, starts them; elsewhere the platform's default."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context()


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _worker_init(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's clean-up handler
    die_with_parent(parent)


def die_with_parent(parent: int = 0) -> None:
    """End this process when its parent (``parent``, its pid, if known) ends, even killed
    outright (SIGKILL): Linux sends it SIGKILL then (PR_SET_PDEATHSIG); elsewhere a thread
    watches the parent's pid."""
    parent = parent or os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        armed = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):  # not Linux
        armed = False
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it ended before the signal was asked for
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def iter_rows(
    inputs: Sequence[str],
    *,
    jobs: int = 1,
    chunk_bytes: int = CHUNK_BYTES,
    stdin=None,
    on_error: Callable[[str], None] | None = None,
) -> Iterator[tuple]:
    """Every row (source, start, end, text, value, unit, qualifier) of ``inputs``, in order,
    as plain tuples; each input that fails is passed to ``on_error`` (a one-line message)
    and skipped."""
    failed: set[str] = set()
    for source, _, _, rows, error in results(plan(inputs, chunk_bytes, stdin), "rows", jobs):
        if error:
            if on_error is not None and source not in failed:  # a file's pieces: one line
                on_error(error)
            failed.add(source)
        elif source not in failed:
            yield from rows
