"""Writing: rows as csv, jsonl, json, an aligned table or Parquet, whole when done; the
progress bar."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from zibo_analysis.corpus.extract import Reader, results
from zibo_analysis.corpus.plan import CHUNK_BYTES, COLUMNS, STDIN, BadInput, Piece, pieces, plan
from zibo_analysis.files import file_kind, temporary_beside
from zibo_analysis.signals import uninterrupted


class _TextOut:
    """csv, jsonl and json: each piece's rows arrive encoded and are written as they come."""

    def __init__(self, fmt: str, stream, columns: Sequence[str] = COLUMNS):
        self.fmt, self.stream, self.items, self.columns = fmt, stream, 0, columns

    def begin(self) -> None:
        if self.fmt == "csv":
            self.stream.write(",".join(self.columns) + "\n")
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
    """An aligned table: the widths depend on every row, so the rows are kept (those of
    ``shown`` among ``columns``)."""

    def __init__(self, stream, columns: Sequence[str] = COLUMNS, shown: Sequence[str] = COLUMNS):
        self.stream, self.rows, self.shown = stream, [], shown
        self.keep = [columns.index(c) for c in shown] if list(shown) != list(columns) else None

    def begin(self) -> None:
        pass

    def add(self, rows: list[tuple]) -> None:
        keep = self.keep
        self.rows.extend(rows if keep is None else ([row[i] for i in keep] for row in rows))

    def finish(self) -> None:
        from zibo_analysis.streams import print_aligned

        print_aligned(self.shown, self.rows, self.stream)


ROW_GROUP = 1 << 15


def parquet_schema():
    import pyarrow as pa

    return pa.schema(
        [
            ("source", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("text", pa.string()),
            ("value", pa.float64()),
            ("unit", pa.string()),
            ("qualifier", pa.string()),
        ]
    )


class _ParquetOut:
    """Parquet, one row group per ``ROW_GROUP`` rows (about 1.5 MB of text); values as
    doubles."""

    def __init__(self, path: str, schema=parquet_schema):
        from importlib.util import find_spec

        if find_spec("pyarrow") is None:  # imported when the first rows come, once the
            raise BadInput(  # worker processes are forked: they need none of it
                "--format parquet needs pyarrow: pip install 'zibo-analysis[parquet]'"
            )
        self.path, self.writer, self.schema = path, None, schema  # made when the rows come
        self.buffer: list[list] = []

    def begin(self) -> None:
        import pyarrow.parquet as pq

        self.schema = self.schema()
        self.buffer = [[] for _ in self.schema]
        self.writer = pq.ParquetWriter(self.path, self.schema)

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
            self.writer.write_batch(pa.record_batch(self.buffer, schema=self.schema))
            self.buffer = [[] for _ in self.schema]

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
    reading: Reading | None = None,
) -> Summary:
    """Extract ``inputs`` into ``output`` (standard output when None or "-") in ``fmt`` (csv,
    jsonl, json, table, parquet). Nothing is written when every input failed; an output file
    appears whole when the run ends, not before: it is written beside its target, with the
    permissions the umask gives, and renamed over it. A target that is not a regular file
    (a device, a symbolic link, a folder), that is one of the inputs, or that is a ``.txt``
    inside a folder being read is refused before anything is read (see `check_output`).

    ``reading`` reads each file with its reader instead of the extractor (`Reading`)."""
    if output == STDIN:
        output = None
    if fmt == "parquet" and output is None:
        raise BadInput("--format parquet writes a file: give --output FILE")
    if output is not None:
        check_output(output, inputs)
    tmp, stream, summary = None, None, Summary()
    try:
        if output is not None:
            # a signal while the temporary is made waits until its name is known, so that
            # the cleanup below removes it (a stopped run leaves nothing behind)
            with uninterrupted():
                fd, tmp = temporary_beside(Path(output))
                os.close(fd)
        if tmp is not None and fmt != "parquet":
            stream = open(tmp, "w", encoding="utf-8", newline="")  # noqa: SIM115
        out = _writer(fmt, tmp, stream or sys.stdout, reading)
        begun = _run(inputs, fmt, out, summary, jobs, chunk_bytes, progress, on_error, reading)
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


@dataclass(frozen=True)
class Reading:
    """How `write` reads files with a reader other than the extractor: ``reader`` (see
    `extract.Reader`) goes with each task to the workers; ``prepare`` runs here, on each
    task in order, before it goes out (to give each piece its ``meta``, or an error);
    ``whole``: each file in one piece, never cut; ``shown``: the columns of --format table;
    ``schema``: the Parquet schema (a function, called when rows come); ``label``: the
    progress bar's."""

    reader: Reader
    schema: Callable[[], object]
    prepare: Callable[[list[Piece]], list[Piece]] = lambda task: task
    whole: bool = True
    shown: Sequence[str] = ()
    label: str = "read"


def _writer(fmt: str, tmp: str | None, stream, reading: Reading | None):
    columns = reading.reader.columns if reading else COLUMNS
    if fmt == "parquet":
        return _ParquetOut(tmp, reading.schema if reading else parquet_schema)
    if fmt == "table":
        return _TableOut(stream, columns, (reading.shown or columns) if reading else COLUMNS)
    return _TextOut(fmt, stream, columns)


def check_output(output: str, inputs: Sequence[str]) -> None:
    """Refuse, with BadInput, an output that is not a regular file or a new name in an
    existing folder, that is one of ``inputs``, or that is a ``.txt`` inside a folder of
    ``inputs`` (it would be read as an article by the next run)."""
    target = Path(output)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise BadInput(f"--output {output}: {err.strerror or err}") from None
    if st is not None and stat.S_ISLNK(st.st_mode):
        raise BadInput(
            f"--output {output}: a symbolic link; give the path of a regular file "
            "(neither the link nor what it points to is replaced)"
        )
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise BadInput(
            f"--output {output}: {file_kind(st.st_mode)}, not a regular file; write to a file"
        )
    parent = target.parent
    if not parent.is_dir():
        raise BadInput(f"--output {output}: no such folder {parent}")
    for name in inputs:
        if name == STDIN:
            continue
        if st is not None and _same_file(name, st):
            raise BadInput(f"--output {output}: is one of the inputs; write elsewhere")
        if target.name.endswith(".txt") and os.path.isdir(name):
            folder = Path(name).resolve()
            if parent.resolve().is_relative_to(folder):
                raise BadInput(
                    f"--output {output}: a .txt file inside {name}, which is read for "
                    "*.txt files (the next run would read it as an article); "
                    "write it elsewhere or give it another suffix"
                )


def _same_file(name: str, st: os.stat_result) -> bool:
    try:
        other = os.stat(name)
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino)


def _run(inputs, fmt, out, summary, jobs, chunk_bytes, progress, on_error, reading) -> bool:
    begun = False
    failed: set[str] = set()
    bar = _Bar(inputs, chunk_bytes, reading.label if reading else "extract") if progress else None
    tasks = plan(inputs, chunk_bytes, whole=bool(reading and reading.whole))
    if reading is not None:
        tasks = map(reading.prepare, tasks)
    reader = reading.reader if reading else None
    try:
        for source, size, last, rows, error in results(tasks, fmt, jobs, reader):
            summary.bytes += size
            summary.files += last
            if error:
                if source not in failed:  # a file that vanished: one line, not one a piece
                    summary.failed.append(error)
                    on_error(error)
                failed.add(source)
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

    def __init__(self, inputs: Sequence[str], chunk_bytes: int, label: str = "extract"):
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
            bar_format=label + " {percentage:3.0f}%|{bar}| {desc} [{elapsed}<{remaining}]",
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
