"""The quantities of a whole corpus: many files, many processes, or a Dask cluster.

The inputs (files, folders read recursively for ``*.txt``, ``-`` for standard input) are
planned into *pieces*: a small file is one piece, read and checked by whoever extracts it;
a file larger than ``chunk_bytes`` is cut, before any of it is extracted, into pieces of
at most ``chunk_bytes`` that end where a line ends a sentence (。！？； then a newline), so
that no quantity, quoted name or range is cut (only a line longer than a chunk is cut
inside: after a newline or a sentence end); each piece carries the character offset it
starts at, and the rows it gives index the whole file. Pieces go out in tasks of about
``chunk_bytes`` to N processes; the results come back in the order the tasks went out,
at most 2N tasks ahead of the writer. So the same rows come out, in the same order (input
order; a folder's files in path order; then offset), for any N, and memory holds a few
tasks, never the corpus or its rows.

A file that cannot be read or is not UTF-8 text is skipped with a one-line message; a big
file is checked whole before any of its rows go out. Standard input is read in chunks as
it comes: a bad byte late in it ends it where it stands.

>>> rows = iter_rows(["-"], stdin=io.BytesIO("累计接种778.31万剂次".encode()))
>>> list(rows)
[('<stdin>', 4, 13, '778.31万剂次', 7783100, '剂次', 'exact')]
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import signal
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from zibo_analysis.quantities import Quantity, find_quantities

COLUMNS = ("source", "start", "end", "text", "value", "unit", "qualifier")
CHUNK_BYTES = 1 << 20  # a task: about 0.06 s of extraction, 0.4 MB of text
STDIN = "-"
STDIN_NAME = "<stdin>"
_TASK_FILES = 256  # small files in one task at most
_SENTENCE_ENDS = tuple(ch.encode() for ch in "。！？；")


class BadInput(Exception):
    """An input that cannot be read as UTF-8 text; the message names it and says why."""


class CorpusError(Exception):
    """The extraction itself failed (a worker process died); one line."""


def decode_text(data: bytes, name: str, offset: int = 0) -> str:
    """``data`` as UTF-8 text, or BadInput naming ``name`` and the byte (``offset`` + index)."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise BadInput(
            f"{name}: binary file (NUL byte at offset {offset + nul}), expected UTF-8 text"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise BadInput(
            f"{name}: not UTF-8 (byte 0x{data[err.start]:02x} at offset {offset + err.start}); "
            "convert it, e.g. iconv -f GB18030 -t UTF-8"
        ) from None


def read_bytes(path: str, name: str) -> bytes:
    """The bytes of ``path``, or BadInput in the words of the command line."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{name}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{name}: is a directory, not a text file") from None
    except PermissionError:
        raise BadInput(f"{name}: permission denied") from None
    except OSError as err:
        raise BadInput(f"{name}: {err.strerror or err}") from None


# ------------------------------------------------------------------ planning --


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


def plan(
    inputs: Iterable[str], chunk_bytes: int = CHUNK_BYTES, stdin=None
) -> Iterator[list[Piece]]:
    """Tasks (lists of pieces) of about ``chunk_bytes`` each, in output order."""
    task: list[Piece] = []
    size = 0
    for piece in pieces(inputs, chunk_bytes, stdin):
        task.append(piece)
        size += piece.size
        if size >= chunk_bytes or len(task) >= _TASK_FILES:
            yield task
            task, size = [], 0
    if task:
        yield task


def pieces(inputs: Iterable[str], chunk_bytes: int = CHUNK_BYTES, stdin=None) -> Iterator[Piece]:
    """Every piece of every input, in order; a folder's ``*.txt`` files in path order."""
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
        else:
            try:
                size = os.stat(name).st_size
            except OSError:
                size = 0  # the extracting process says why it cannot be read
            yield from _file_pieces(name, size, chunk_bytes)


def walk(folder: str) -> Iterator[tuple[str, int, str]]:
    """(path, size, error) of the ``*.txt`` files under ``folder``, sorted by the names on
    their path, one folder listing in memory at a time; symbolic links to folders are not
    followed."""
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
            elif entry.name.endswith(".txt") and entry.is_file():
                yield entry.path, entry.stat().st_size, ""
        except OSError as err:
            yield entry.path, 0, f"{entry.path}: {err.strerror or err}"


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
            yield Piece(STDIN_NAME, error=f"{STDIN_NAME}: closed; give FILE arguments or pipe text in")  # fmt: skip
            return
        stdin = sys.stdin.buffer
    previous: Piece | None = None
    try:
        for start, data, chars in _chunks(stdin, STDIN_NAME, chunk_bytes):
            if previous is not None:
                yield previous
            previous = Piece(STDIN_NAME, None, start, start + len(data), chars, len(data),
                             last=False, data=data)  # fmt: skip
    except BadInput as err:
        yield Piece(STDIN_NAME, error=str(err))
        return
    if previous is None:
        yield Piece(STDIN_NAME, None, 0, 0, 0, 0, data=b"")
    else:
        yield Piece(STDIN_NAME, None, previous.start, previous.end, previous.char_base,
                    previous.size, data=previous.data)  # fmt: skip


def _chunks(stream, name: str, chunk_bytes: int) -> Iterator[tuple[int, bytes, int]]:
    """(byte offset, bytes, character offset) of the chunks of ``stream``, each checked as
    UTF-8 text and cut after a sentence end (or a newline, or a character) at most
    ``chunk_bytes`` long."""
    start = chars = 0
    rest = b""
    while True:
        block = rest + stream.read(chunk_bytes - len(rest))
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


# ---------------------------------------------------------------- extracting --

# What a piece's rows become in the process that extracts them; the writer adds them up.
Result = tuple[str, int, bool, object, str]  # source, bytes, last piece of its file, rows, error


def run_task(task: list[Piece], fmt: str) -> list[Result]:
    """Extract every piece of ``task`` and encode its rows for ``fmt``."""
    encode = _ENCODERS[fmt]
    results: list[Result] = []
    for piece in task:
        if piece.error:
            results.append((piece.source, piece.size, True, None, piece.error))
            continue
        try:
            text = _piece_text(piece)
        except BadInput as err:
            results.append((piece.source, piece.size, True, None, str(err)))
            continue
        rows = encode(piece.source, piece.char_base, find_quantities(text))
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
    except OSError as err:
        raise BadInput(f"{piece.source}: {err.strerror or err}") from None
    return decode_text(data, piece.source, piece.start)


def _tuples(source: str, base: int, found: list[Quantity]) -> list[tuple]:
    return [(source, q.start + base, q.end + base, q.text, q.value, q.unit, q.qualifier)
            for q in found]  # fmt: skip


def _columns(source: str, base: int, found: list[Quantity]) -> tuple:
    """(source, count, starts, ends, texts, values, units, qualifiers): values as floats."""
    return (source, len(found), [q.start + base for q in found], [q.end + base for q in found],
            [q.text for q in found], [float(q.value) for q in found], [q.unit for q in found],
            [q.qualifier for q in found])  # fmt: skip


def _csv(source: str, base: int, found: list[Quantity]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(_tuples(source, base, found))
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


_ENCODERS: dict[str, Callable[[str, int, list[Quantity]], object]] = {
    "rows": _tuples, "table": _tuples, "columns": _columns, "parquet": _columns,
    "csv": _csv, "jsonl": _jsonl, "json": _json,
}  # fmt: skip


def results(tasks: Iterable[list[Piece]], fmt: str, jobs: int = 1) -> Iterator[Result]:
    """The results of ``tasks`` in order, from ``jobs`` processes, at most 2 x ``jobs``
    tasks ahead of the consumer; one task or one job runs here, with no process started."""
    tasks = iter(tasks)
    head = [t for t in (next(tasks, None), next(tasks, None)) if t is not None]
    if jobs <= 1 or len(head) < 2:
        for task in chain(head, tasks):
            yield from run_task(task, fmt)
        return
    try:
        with ProcessPoolExecutor(jobs, mp_context=_fork(), initializer=_worker_init) as pool:
            window: deque = deque()
            try:
                for task in chain(head, tasks):
                    window.append(pool.submit(run_task, task, fmt))
                    if len(window) >= 2 * jobs:
                        yield from window.popleft().result()
                while window:
                    yield from window.popleft().result()
            finally:
                for future in window:
                    future.cancel()
    except BrokenProcessPool as err:
        raise CorpusError(f"a worker process died ({err}); try fewer --jobs") from None


def _fork():
    """Workers forked from this process share its compiled patterns; where fork is not
    available the default start method is used."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's clean-up handler


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
            failed.add(source)
            if on_error is not None:
                on_error(error)
        elif source not in failed:
            yield from rows


# ------------------------------------------------------------------- writing --


class _TextOut:
    """csv, jsonl and json: each piece's rows arrive encoded and are written as they come."""

    def __init__(self, fmt: str, stream):
        self.fmt, self.stream, self.items = fmt, stream, 0

    def begin(self) -> None:
        if self.fmt == "csv":
            self.stream.write(",".join(COLUMNS) + "\n")
        elif self.fmt == "json":
            self.stream.write("[")

    def add(self, rows: str) -> None:
        if self.fmt == "json" and rows:
            self.stream.write(("\n" if not self.items else ",\n") + rows)
            self.items += 1
        else:
            self.stream.write(rows)

    def finish(self) -> None:
        if self.fmt == "json":
            self.stream.write("\n]\n" if self.items else "]\n")


class _TableOut:
    """An aligned table: the widths depend on every row, so the rows are kept."""

    def __init__(self, stream):
        self.stream, self.rows = stream, []

    def begin(self) -> None:
        pass

    def add(self, rows: list[tuple]) -> None:
        self.rows.extend(rows)

    def finish(self) -> None:
        from unicodedata import east_asian_width

        def width(s: str) -> int:
            return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in s)

        cells = [list(COLUMNS)] + [[str(v) for v in row] for row in self.rows]
        widths = [max(width(row[i]) for row in cells) for i in range(len(COLUMNS))]
        for row in cells:
            padded = (c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True))
            self.stream.write("  ".join(padded).rstrip() + "\n")


ROW_GROUP = 1 << 15


def parquet_schema():
    import pyarrow as pa

    return pa.schema([("source", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
                      ("text", pa.string()), ("value", pa.float64()), ("unit", pa.string()),
                      ("qualifier", pa.string())])  # fmt: skip


class _ParquetOut:
    """Parquet, one row group per ``ROW_GROUP`` rows (about 1.5 MB of text); values as
    doubles."""

    def __init__(self, path: str):
        from importlib.util import find_spec

        if find_spec("pyarrow") is None:  # imported when the first rows come, once the
            raise BadInput(  # worker processes are forked: they need none of it
                "--format parquet needs pyarrow: pip install 'zibo-analysis[parquet]'"
            )
        self.path, self.writer = path, None
        self.buffer: list[list] = [[] for _ in COLUMNS]

    def begin(self) -> None:
        import pyarrow.parquet as pq

        self.writer = pq.ParquetWriter(self.path, parquet_schema())

    def add(self, columns: tuple) -> None:
        source, count, *rest = columns
        self.buffer[0].extend([source] * count)
        for buffered, column in zip(self.buffer[1:], rest, strict=True):
            buffered.extend(column)
        if len(self.buffer[0]) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.buffer[0]:
            self.writer.write_batch(pa.record_batch(self.buffer, schema=parquet_schema()))
            self.buffer = [[] for _ in COLUMNS]

    def finish(self) -> None:
        self._flush()
        self.writer.close()


@dataclass
class Summary:
    files: int = 0
    rows: int = 0
    bytes: int = 0
    failed: list[str] = field(default_factory=list)


def write(
    inputs: Sequence[str],
    fmt: str,
    output: str | None = None,
    *,
    jobs: int = 1,
    chunk_bytes: int = CHUNK_BYTES,
    progress: bool = False,
    on_error: Callable[[str], None] = lambda message: None,
) -> Summary:
    """Extract ``inputs`` into ``output`` (standard output when None) in ``fmt`` (csv, jsonl,
    json, table, parquet). Nothing is written when every input failed; an output file
    appears whole when the run ends, not before."""
    if fmt == "parquet" and output is None:
        raise BadInput("--format parquet writes a file: give --output FILE")
    tmp = None
    if output is not None:
        target = Path(output)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    summary = Summary()
    stream = None
    try:
        if tmp is not None and fmt != "parquet":
            stream = open(tmp, "w", encoding="utf-8", newline="")  # noqa: SIM115
        out = (_ParquetOut(tmp) if fmt == "parquet" else _TableOut(stream or sys.stdout)
               if fmt == "table" else _TextOut(fmt, stream or sys.stdout))  # fmt: skip
        begun = _run(inputs, fmt, out, summary, jobs, chunk_bytes, progress, on_error)
        if not begun and not summary.failed:
            out.begin()
            begun = True
        if begun:
            out.finish()
        if stream is not None:
            stream.close()
        if tmp is not None and begun:
            os.replace(tmp, output)
            tmp = None
    finally:
        if stream is not None:
            stream.close()
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return summary


def _run(inputs, fmt, out, summary, jobs, chunk_bytes, progress, on_error) -> bool:
    begun = False
    failed: set[str] = set()
    bar = _Bar(inputs, chunk_bytes) if progress else None
    try:
        for source, size, last, rows, error in results(plan(inputs, chunk_bytes), fmt, jobs):
            summary.bytes += size
            summary.files += last
            if error:
                failed.add(source)
                summary.failed.append(error)
                on_error(error)
            elif source not in failed:
                if not begun:
                    out.begin()
                    begun = True
                out.add(rows)
            if bar is not None:
                bar.update(size, summary.files)
    finally:
        if bar is not None:
            bar.close()
    return begun


class _Bar:
    """A progress bar on standard error: bytes done of the total, files, MB/s."""

    def __init__(self, inputs: Sequence[str], chunk_bytes: int):
        import time

        from tqdm import tqdm

        files = total = 0
        for piece in pieces([i for i in inputs if i != STDIN], chunk_bytes=1 << 62):
            files += 1
            total += piece.size
        self.files, self.started, self.clock = files, time.perf_counter(), time.perf_counter
        try:
            width, height = os.get_terminal_size(sys.stderr.fileno())
        except (OSError, ValueError):
            width = height = 0
        self.bar = tqdm(
            total=total or None,
            file=sys.stderr,
            unit="B",
            mininterval=0.2,
            bar_format="extract {percentage:3.0f}%|{bar}| {desc} [{elapsed}<{remaining}]",
            ncols=width or 100,
            nrows=height or 24,
        )  # a terminal of unknown size: 0x0
        self.done = 0

    def update(self, size: int, files: int) -> None:
        self.done += size
        rate = self.done / 1e6 / max(self.clock() - self.started, 1e-9)
        self.bar.set_description_str(
            f"{files}/{self.files} files, {self.done / 1e6:.1f} MB, {rate:.1f} MB/s", refresh=False
        )
        self.bar.update(size)

    def close(self) -> None:
        self.bar.refresh()
        self.bar.close()


# ------------------------------------------------------------------ on Dask --


@dataclass
class CorpusRun:
    """What :func:`extract_corpus` did: where the rows went and which inputs failed."""

    output: str | None
    files: int
    rows: int
    partitions: int
    failed: list[str]


def extract_corpus(
    paths: Sequence[str],
    client=None,
    output: str | None = None,
    *,
    chunk_bytes: int = CHUNK_BYTES,
    partition_bytes: int = 64 << 20,
):
    """The rows of ``paths`` (files and folders, as the command line takes them) extracted
    on Dask: the planning runs here; each partition of about ``partition_bytes`` of text,
    a ``dask.bag`` partition, runs on a worker of ``client`` (a ``distributed.Client``; by
    default the current one, else local processes).

    With ``output`` (a folder, local or any URL fsspec knows, that every worker can write)
    each partition writes its rows there as one Parquet file, in order (part.000000.parquet,
    ...; older part files there are removed first), and a :class:`CorpusRun` says how many
    files and rows, and which inputs failed. Without it the lazy ``dask.dataframe`` of the
    rows is returned (bad inputs left out). Every path must be readable under the same name
    on every worker (a shared file system).
    """
    import dask.bag as db

    tasks = list(plan(paths, chunk_bytes))
    per_partition = max(1, partition_bytes // chunk_bytes)
    groups = [tasks[i : i + per_partition] for i in range(0, len(tasks), per_partition)] or [[]]
    if output is None:
        import dask
        import dask.dataframe as dd

        frames = [dask.delayed(_partition_frame)(group) for group in groups]
        return dd.from_delayed(frames, meta=_frame([]), verify_meta=False)
    import fsspec

    fs, root = fsspec.core.url_to_fs(output)
    fs.makedirs(root, exist_ok=True)
    for old in fs.glob(f"{root}/part.*.parquet"):
        fs.rm(old)
    bag = db.from_sequence(list(enumerate(groups)), npartitions=len(groups))
    summaries = bag.map(_write_partition, output).compute(
        scheduler=client if client is not None else _default_scheduler()
    )
    return CorpusRun(
        output=output,
        files=sum(s[0] for s in summaries),
        rows=sum(s[1] for s in summaries),
        partitions=len(groups),
        failed=[message for s in summaries for message in s[2]],
    )


def _partition_rows(tasks: Iterable[list[Piece]]) -> tuple[list[tuple], int, list[str]]:
    """The columns of every good piece of ``tasks``, the files seen and the failures."""
    found: list[tuple] = []
    files = 0
    failed: list[str] = []
    bad: set[str] = set()
    for task in tasks:
        for source, _, last, columns, error in run_task(task, "columns"):
            files += last
            if error:
                failed.append(error)
                bad.add(source)
            elif source not in bad:
                found.append(columns)
    return found, files, failed


def _partition_frame(tasks: list[list[Piece]]):
    return _frame(_partition_rows(tasks)[0])


def _write_partition(numbered: tuple[int, list[list[Piece]]], output: str) -> tuple:
    """Write one partition's rows as ``output``/part.NNNNNN.parquet; (files, rows, failures)."""
    import fsspec
    import pyarrow as pa
    import pyarrow.parquet as pq

    number, tasks = numbered
    found, files, failed = _partition_rows(tasks)
    columns: list[list] = [[] for _ in COLUMNS]
    for source, count, *rest in found:
        columns[0].extend([source] * count)
        for column, values in zip(columns[1:], rest, strict=True):
            column.extend(values)
    table = pa.table(columns, schema=parquet_schema())
    fs, root = fsspec.core.url_to_fs(output)
    with fs.open(f"{root}/part.{number:06d}.parquet", "wb") as stream:
        pq.write_table(table, stream)
    return files, table.num_rows, failed


def _frame(found: list[tuple]):
    import pandas as pd

    data = {"source": pd.Series([s for s, count, *_ in found for _ in range(count)], dtype=object)}
    dtypes = ["int64", "int64", object, "float64", object, object]
    for i, (name, dtype) in enumerate(zip(COLUMNS[1:], dtypes, strict=True)):
        data[name] = pd.Series([v for columns in found for v in columns[2 + i]], dtype=dtype)
    return pd.DataFrame(data)


def _default_scheduler():
    try:
        from distributed import default_client

        return default_client()
    except (ImportError, ValueError):
        return "processes"
