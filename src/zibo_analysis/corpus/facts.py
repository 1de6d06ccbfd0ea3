"""The facts of a corpus: each article read whole, with its own date, region and body.

What a sources table says of an article (``dataset.sources``: ``published``, ``region`` and
the body markers) travels with its piece to the worker that reads it; the planning, the
ordered pool and the writers are those of `extract` (`output.write` with a `Reading`), so
the rows come out in the same order, with the same content, for any number of processes.

An article is looked up in the sources tables by its path: ``--sources`` tables first, then
a ``sources.csv`` in the folder given (or in the folder of a file given), then the project's
``data/raw/sources.csv``. Its ``region`` (a region id of the ``regions.csv`` beside the
table or one folder up, or a Chinese place name) and ``published`` come from its row, and
only its body is read (the headline and page furniture are blanked out, offsets kept). A
file no table lists is read with ``published`` and ``region`` given, or fails in one line.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("嘉兴日报\\n正文：今年以来全市新增城镇就业9.1万人。完", "utf-8")
>>> _ = (folder / "sources.csv").write_text("source_file,published,region,body_from,body_to\\n"
...                                         "a.txt,2024-06-30,嘉兴市,正文,完\\n", "utf-8")
>>> from zibo_analysis.corpus import write
>>> _ = write([str(folder)], "jsonl", str(folder / "facts.jsonl"), reading=facts_reading([str(folder)]))
>>> import json; row = json.loads((folder / "facts.jsonl").read_text("utf-8"))
>>> row["text"], row["region"], row["period_start"], row["as_of"]
('9.1万人', '嘉兴市', '2024-01-01', '2024-06-30')
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from zibo_analysis.corpus.output import Reading
from zibo_analysis.corpus.plan import STDIN, BadInput, Piece
from zibo_analysis.dataset.issues import DataError, Issue, display_name
from zibo_analysis.dataset.sources import (
    SOURCES_FILE,
    Source,
    SourceError,
    body_text,
    read_sources,
)
from zibo_analysis.facts import FACT_COLUMNS

__all__ = [
    "FACTS_COLUMNS",
    "FACTS_TABLE",
    "FactsReader",
    "facts_corpus",
    "facts_reading",
    "facts_schema",
]

FACTS_COLUMNS = ("source", *FACT_COLUMNS)
FACTS_TABLE = tuple(c for c in FACTS_COLUMNS if c != "evidence")  # evidence is long: csv, json
FACTS_TASK_BYTES = 1 << 17  # facts cost about ten times the extraction: smaller tasks
_WHOLE = {"start", "end"}
_NUMBERS = {"value", "score"}


def facts_schema():
    """The Parquet schema of the facts' rows: offsets int64, value and score float64, text."""
    import pyarrow as pa

    kind = {**dict.fromkeys(_WHOLE, pa.int64()), **dict.fromkeys(_NUMBERS, pa.float64())}
    return pa.schema([(c, kind.get(c, pa.string())) for c in FACTS_COLUMNS])


@dataclass(frozen=True)
class FactsReader:
    """Reads a piece's facts in a worker: ``catalog`` is the path of the catalog to match
    against (None: no matching), read once per process."""

    catalog: str | None = None
    columns = FACTS_COLUMNS

    def __call__(self, piece: Piece, text: str) -> list[tuple]:
        from zibo_analysis.facts import find_facts

        source: Source = piece.meta
        try:
            segments = source.segments(text)
        except SourceError as err:
            raise BadInput(f"{piece.source}: {err}") from None
        body = text if segments == [(0, len(text))] else body_text(text, segments)
        facts = find_facts(body, source.published, source.region or None, _matcher(self.catalog))
        return [(piece.source, *(getattr(f, c) for c in FACT_COLUMNS)) for f in facts]

    def warm(self) -> None:
        """Build here what reading builds once per process (the matcher, the places' index,
        the patterns), so that worker processes forked from this one start with them."""
        from zibo_analysis.facts import find_facts

        find_facts("今年以来，全市新增城镇就业1人。", "2024-06-30", None, _matcher(self.catalog))


@lru_cache(maxsize=4)
def _matcher(catalog: str | None):
    """The matcher of the catalog at ``catalog`` and the reference, built once per process."""
    if catalog is None:
        return None
    from zibo_analysis.facts import load_matcher, read_catalog

    return load_matcher(read_catalog(Path(catalog)))  # with the reference catalog


@dataclass(frozen=True)
class _Prepare:
    """Gives each piece its article's sources row (``meta``), or the error of a file that no
    table lists when no date is given; runs where the tasks are planned."""

    sources: dict[Path, Source]
    tables: str
    published: str | None
    region: str | None

    def __call__(self, task: list[Piece]) -> list[Piece]:
        out = []
        for piece in task:
            if piece.error:
                out.append(piece)
                continue
            source = self.sources.get(Path(piece.path).resolve()) if piece.path else None
            if source is None and not self.published:
                where = f"not in {self.tables}" if self.tables else "not in a sources table"
                out.append(
                    replace(
                        piece,
                        error=f"{piece.source}: {where}; add its row (source_file, published, "
                        "region) there, or give --published",
                    )
                )
                continue
            if source is None:
                source = Source(piece.source, self.published, self.region or "")
            elif not source.region and self.region:
                source = replace(source, region=self.region)
            out.append(replace(piece, meta=source))
        return out


def facts_reading(
    inputs: Sequence[str],
    sources: Sequence[str | Path] = (),
    published: str | None = None,
    region: str | None = None,
    catalog: str | Path | None = None,
    project_sources: Path | None = None,
) -> Reading:
    """How `output.write` (and `facts_corpus`) read ``inputs`` as facts: the tables of
    ``sources``, a ``sources.csv`` in each folder given (or holding a file given) and
    ``project_sources`` (data/raw/sources.csv of a checkout); ``published`` and ``region`` (a
    Chinese place name) for the files no table lists, or a row without a region; ``catalog``,
    the catalog CSV to match against (None: none). Raises DataError listing every problem of
    the tables (a bad date, a region that is no place, a marker given alone)."""
    tables = [Path(t) for t in sources]
    for name in inputs:
        if name == STDIN:
            continue
        folder = Path(name) if Path(name).is_dir() else Path(name).parent
        tables.append(folder / SOURCES_FILE)
    if project_sources is not None:
        tables.append(project_sources)
    found: dict[Path, Source] = {}
    issues: list[Issue] = []
    read: list[str] = []
    for table in dict.fromkeys(t.resolve() for t in tables if t.is_file()):
        rows, problems = read_sources(table)
        issues += problems
        for key, row in _named_regions(table, rows, issues).items():
            found.setdefault(key, row)
        read.append(display_name(table))
    if issues:
        raise DataError(issues)
    reader = FactsReader(None if catalog is None else str(catalog))
    reader.warm()
    return Reading(
        reader,
        facts_schema,
        _Prepare(found, ", ".join(read), published, region),
        whole=True,
        shown=FACTS_TABLE,
        label="facts",
    )


def _named_regions(
    table: Path, rows: dict[Path, Source], issues: list[Issue]
) -> dict[Path, Source]:
    """``rows`` with each region as a Chinese place name: a region id of the regions.csv
    beside the table or one folder up (data/raw/sources.csv, data/regions.csv) by its
    ``name_zh``; a region that names no place is an Issue."""
    from zibo_analysis.facts import resolve_region

    names: dict[str, str] = {}
    for folder in (table.parent, table.parent.parent):
        if (folder / "regions.csv").is_file():
            with (folder / "regions.csv").open(encoding="utf-8-sig", newline="") as handle:
                names = {r["region_id"]: r["name_zh"] for r in csv.DictReader(handle)}
            break
    checked: dict[str, str] = {}
    out = {}
    for key, row in rows.items():
        name = names.get(row.region, row.region)
        if name and name not in checked:
            try:
                resolve_region(name)
                checked[name] = ""
            except ValueError as err:
                checked[name] = str(err)
        if name and checked[name]:
            hint = " or a region_id of regions.csv" if names else ""
            issues.append(Issue(display_name(table), row.line, "region", f"{checked[name]}{hint}"))
            continue
        out[key] = replace(row, region=name)
    return out


def facts_corpus(
    paths: Sequence[str],
    sources: Sequence[str | Path] = (),
    client=None,
    output: str | None = None,
    *,
    published: str | None = None,
    region: str | None = None,
    catalog: str | Path | None = None,
    chunk_bytes: int = FACTS_TASK_BYTES,
    partition_bytes: int = 16 << 20,
):
    """The facts of ``paths`` on a Dask cluster, as `extract_corpus` extracts them: each
    article with its own date, region and body from the ``sources`` tables (see
    `facts_reading`); the same rows as ``zibo-analysis facts``, in the same order. With
    ``output`` a folder of Parquet parts and a `CorpusRun`; without, a lazy dask.dataframe.
    Files that no table lists fail (listed in the run's ``failed``) unless ``published``
    is given."""
    from zibo_analysis.corpus.cluster import run_on_dask

    reading = facts_reading(paths, sources, published, region, catalog)
    return run_on_dask(
        paths,
        client,
        output,
        chunk_bytes=chunk_bytes,
        partition_bytes=partition_bytes,
        reading=reading,
    )
