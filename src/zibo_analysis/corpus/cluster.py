"""The same extraction on a Dask cluster: dask.bag partitions, Parquet out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from zibo_analysis.corpus.extract import Reader, run_task
from zibo_analysis.corpus.output import Reading, parquet_schema
from zibo_analysis.corpus.plan import CHUNK_BYTES, Piece, plan


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
    each partition writes its rows as one Parquet file, in order (part.000000.parquet, ...),
    into a new folder beside it; when every partition is written, that folder takes the
    place of ``output`` (whose previous parts are removed then, not before), and a
    :class:`CorpusRun` says how many files and rows, and which inputs failed. A run that
    fails leaves ``output`` as it was. An ``output`` that holds anything but part files is
    refused (ValueError): the run replaces the whole folder. Without it the lazy ``dask.dataframe`` of the
    rows is returned (bad inputs left out). Every path must be readable under the same name
    on every worker (a shared file system).
    """
    return run_on_dask(
        paths, client, output, chunk_bytes=chunk_bytes, partition_bytes=partition_bytes
    )


def run_on_dask(
    paths: Sequence[str],
    client=None,
    output: str | None = None,
    *,
    chunk_bytes: int = CHUNK_BYTES,
    partition_bytes: int = 64 << 20,
    reading: Reading | None = None,
):
    """`extract_corpus`, or with ``reading`` (`output.Reading`) the rows of its reader: the
    tasks are planned and prepared here, read on the workers."""
    import dask.bag as db

    tasks = list(plan(paths, chunk_bytes, whole=bool(reading and reading.whole)))
    if reading is not None:
        tasks = [reading.prepare(task) for task in tasks]
    reader = reading.reader if reading else None
    schema = reading.schema if reading else parquet_schema
    per_partition = max(1, partition_bytes // chunk_bytes)
    groups = [tasks[i : i + per_partition] for i in range(0, len(tasks), per_partition)] or [[]]
    if output is None:
        import dask
        import dask.dataframe as dd

        frames = [dask.delayed(_partition_frame)(group, reader, schema) for group in groups]
        return dd.from_delayed(frames, meta=_frame([], schema), verify_meta=False)
    import uuid

    import fsspec

    fs, root = fsspec.core.url_to_fs(output)
    _check_replaceable(fs, root, output)
    suffix = f".partial-{uuid.uuid4().hex[:12]}"
    new_url, new = output.rstrip("/") + suffix, root.rstrip("/") + suffix
    fs.makedirs(new, exist_ok=False)
    try:
        bag = db.from_sequence(list(enumerate(groups)), npartitions=len(groups))
        more = () if reading is None else (reader, schema)
        summaries = bag.map(_write_partition, new_url, *more).compute(
            scheduler=client if client is not None else _default_scheduler()
        )
        _swap(fs, new, root)
    except BaseException:
        fs.rm(new, recursive=True)
        raise
    return CorpusRun(
        output=output,
        files=sum(s[0] for s in summaries),
        rows=sum(s[1] for s in summaries),
        partitions=len(groups),
        failed=[message for s in summaries for message in s[2]],
    )


_PART = re.compile(r"part\.\d{6}\.parquet")


def _check_replaceable(fs, root: str, output: str) -> None:
    """Refuse an output that is a file, or a folder holding anything but part files."""
    if not fs.exists(root):
        return
    if not fs.isdir(root):
        raise ValueError(f"{output} is a file; give a folder for the Parquet parts")
    other = [
        p
        for p in fs.ls(root, detail=False)
        if not _PART.fullmatch(p.rstrip("/").rsplit("/", 1)[-1])
    ]
    if other:
        raise ValueError(
            f"{output} holds files that are not this function's part files ({other[0]} ...); "
            "give a new or empty folder, or one that only a previous run wrote"
        )


def _swap(fs, new: str, root: str) -> None:
    """Put the complete folder ``new`` in the place of ``root``; the previous one goes last."""
    old = None
    if fs.exists(root):
        old = new.replace(".partial-", ".previous-")
        fs.mv(root, old, recursive=True)
    fs.mv(new, root, recursive=True)
    if old is not None:
        fs.rm(old, recursive=True)


def _partition_rows(
    tasks: Iterable[list[Piece]], reader: Reader | None = None
) -> tuple[list[tuple], int, list[str]]:
    """The columns of every good piece of ``tasks``, the files seen and the failures."""
    found: list[tuple] = []
    files = 0
    failed: list[str] = []
    bad: set[str] = set()
    for task in tasks:
        for source, _, last, columns, error in run_task(task, "columns", reader):
            files += last
            if error:
                failed.append(error)
                bad.add(source)
            elif source not in bad:
                found.append(columns)
    return found, files, failed


def _partition_frame(tasks: list[list[Piece]], reader=None, schema=parquet_schema):
    return _frame(_partition_rows(tasks, reader)[0], schema)


def _write_partition(
    numbered: tuple[int, list[list[Piece]]], output: str, reader=None, schema=parquet_schema
) -> tuple:
    """Write one partition's rows as ``output``/part.NNNNNN.parquet; (files, rows, failures)."""
    import fsspec
    import pyarrow as pa
    import pyarrow.parquet as pq

    number, tasks = numbered
    found, files, failed = _partition_rows(tasks, reader)
    schema = schema()
    columns: list[list] = [[] for _ in schema]
    for source, count, *rest in found:
        columns[0].extend([source] * count)
        for column, values in zip(columns[1:], rest, strict=True):
            column.extend(values)
    table = pa.table(columns, schema=schema)
    fs, root = fsspec.core.url_to_fs(output)
    with fs.open(f"{root}/part.{number:06d}.parquet", "wb") as stream:
        pq.write_table(table, stream)
    return files, table.num_rows, failed


def _frame(found: list[tuple], schema=parquet_schema):
    """The rows of a partition as a DataFrame: the types of the Parquet ``schema``'s columns
    (whole numbers int64, numbers float64, text object)."""
    import pandas as pd
    import pyarrow as pa

    fields = list(schema())
    data = {"source": pd.Series([s for s, count, *_ in found for _ in range(count)], dtype=object)}
    for i, f in enumerate(fields[1:]):
        dtype = (
            "int64"
            if pa.types.is_integer(f.type)
            else "float64"
            if pa.types.is_floating(f.type)
            else object
        )
        data[f.name] = pd.Series([v for columns in found for v in columns[2 + i]], dtype=dtype)
    return pd.DataFrame(data)


def _default_scheduler():
    try:
        from distributed import default_client

        return default_client()
    except (ImportError, ValueError):
        return "processes"
