"""Adding an article: its rows to curate, pre-filled, reviewed, and written through the checks
of `make data`.

`candidates` gives the rows of an article that are neither curated nor ignored, pre-filled
from the facts of its body (`facts.prefill_candidates`). A `Review` holds them while the
analyst decides: `accept` a row (changing any field), `ignore` it with a reason, or leave it
to review. `Review.check` builds the dataset as it would be with the decided rows appended
(a dry run of `make data`, in a temporary folder) and returns every problem; `Review.write`
appends them to data/curation.csv and data/ignored.csv (and the reference rows the accepted
indicators need to data/catalog.csv) only when that build passes, each file replaced
atomically. The curate notebook's widgets (`plots.curate`) only call these methods; so can
anyone in plain Python:

>>> review = load_review("zibo-2022-10")   # every figure of the seeds is curated
>>> len(review.rows), review.check()
(0, [])
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from zibo_analysis.config import DATA_DIR
from zibo_analysis.dataset.articles import load_articles
from zibo_analysis.dataset.csvfile import append_records
from zibo_analysis.dataset.curation import prefilled_note, proposal_in, uncurated_mentions
from zibo_analysis.dataset.issues import DataError, Issue, display_name
from zibo_analysis.dataset.schemas import (
    CURATION_SCHEMA,
    IGNORED_SCHEMA,
    SOURCES_SCHEMA,
    read_table,
)
from zibo_analysis.dataset.sources import body_text
from zibo_analysis.files import atomic_write, spreadsheet_cell

__all__ = [
    "CURATION_COLUMNS",
    "DECISIONS",
    "EDITABLE",
    "Review",
    "articles_left",
    "candidates",
    "catalog_needed",
    "curation_cells",
    "load_review",
]

CURATION_COLUMNS = list(CURATION_SCHEMA.columns)
IGNORED_COLUMNS = list(IGNORED_SCHEMA.columns)
EDITABLE = tuple(c for c in CURATION_COLUMNS if c != "doc_id")  # what a review may change
DECISIONS = ("todo", "accept", "ignore")  # to review; to curation.csv; to ignored.csv
VERBATIM = ("quote", "mention")  # must match the article as written: never changed on the way out


def candidates(doc_id: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The rows of article ``doc_id`` left to curate, pre-filled: the columns of curation.csv,
    then ``start``, ``end`` (the figure's offsets), ``value``, ``unit``, ``qualifier``,
    ``score`` and ``evidence`` (the words that decided each field); ``note`` holds the score
    and the evidence, for the analyst to check. Only the article's body is read (sources.csv's
    markers), with its row's date and region. Raises ValueError for an unknown doc_id and
    DataError when the data has problems to fix first."""
    _, article, source = _article(doc_id, data_dir)
    left = uncurated_mentions(data_dir).query("doc_id == @doc_id").reset_index(drop=True)
    if left.empty:
        return left.assign(end=0, score=0.0, evidence="").iloc[:0]
    from zibo_analysis.facts import prefill_candidates

    catalog = pd.read_csv(data_dir / "catalog.csv", dtype=str, keep_default_na=False)
    regions = pd.read_csv(data_dir / "regions.csv", dtype=str, keep_default_na=False)
    filled = prefill_candidates(
        left,
        body_text(article.text, article.segments),
        source.published,
        source.region,
        catalog,
        regions,
    )
    ends = {q.start: q.end for q in article.mentions}
    notes = [
        prefilled_note(s, e)
        for s, e in zip(filled["score"].fillna(0), filled["evidence"], strict=True)
    ]
    return filled.assign(note=notes, end=filled["start"].map(ends))


def catalog_needed(doc_id: str, rows: pd.DataFrame, data_dir: Path = DATA_DIR) -> list[str]:
    """The reference indicators (and those they link to) that data/catalog.csv lacks and that
    the candidate ``rows`` of ``doc_id`` or its rows in data/curation.csv name (as indicator_id,
    or as the id a note proposes): what ``zibo-analysis catalog add`` needs for the article."""
    from zibo_analysis.dataset.reference import catalog_needs

    curated = pd.read_csv(data_dir / "curation.csv", dtype=str, keep_default_na=False)
    curated = curated[curated["doc_id"] == doc_id]
    named = [
        *rows["indicator_id"],
        *rows["note"].map(proposal_in),
        *curated["indicator_id"],
        *curated["note"].map(proposal_in),
    ]
    have = pd.read_csv(data_dir / "catalog.csv", dtype=str, keep_default_na=False)["indicator_id"]
    return catalog_needs([i for i in named if i], have)


def _article(doc_id: str, data_dir: Path):
    """The sources table, the Article of ``doc_id`` and its sources row."""
    issues: list[Issue] = []
    sources = read_table(data_dir / "raw/sources.csv", SOURCES_SCHEMA, issues)
    if issues:
        raise DataError(issues)
    known = sources["doc_id"].tolist()
    if doc_id not in known:
        raise ValueError(
            f"unknown doc_id {doc_id!r}; known: {', '.join(sorted(known))} "
            "(add the article's row to data/raw/sources.csv first)"
        )
    row = sources[sources["doc_id"] == doc_id]
    articles = load_articles(data_dir, row, issues)
    if issues:
        raise DataError(issues)
    return sources, articles[doc_id], next(row.itertuples())


def curation_cells(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with every text cell a spreadsheet would run as a formula neutralised
    (`files.spreadsheet_cell`), except the quote and the mention, which must stay as the
    article writes them (a suggested quote never starts as a formula; `Review.check` refuses
    one an analyst wrote so).

    >>> curation_cells(pd.DataFrame({"quote": ["-3人"], "note": ["=1+2"]})).values.tolist()
    [['-3人', "'=1+2"]]
    """
    changed = {
        c: rows[c].map(spreadsheet_cell)
        for c in rows.columns
        if c not in VERBATIM and rows[c].dtype == object
    }
    return rows.assign(**changed)


@dataclass
class Written:
    """What `Review.write` appended: rows per file."""

    curation: int = 0
    ignored: int = 0
    catalog: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        added = (
            f"; {len(self.catalog)} indicator(s) to data/catalog.csv ({', '.join(self.catalog)})"
            if self.catalog
            else ""
        )
        return f"wrote {self.curation} row(s) to data/curation.csv and {self.ignored} to data/ignored.csv{added}"


@dataclass
class Review:
    """The candidate rows of one article while they are reviewed (see the module docstring).

    ``rows`` holds the pre-filled rows (`candidates`) with ``decision`` (todo, accept,
    ignore) and ``reason`` (why a row is ignored); ``text`` and ``segments`` are the article
    and its body.
    """

    doc_id: str
    data_dir: Path
    text: str
    segments: list[tuple[int, int]]
    rows: pd.DataFrame
    written: Written | None = None

    # ---------------------------------------------------------- decisions --

    def accept(self, i: int, **changes: str) -> None:
        """Accept row ``i`` (to data/curation.csv), with any of its fields changed:
        ``review.accept(3, indicator_id="urban_new_jobs", as_of="2024-06-30")``."""
        self.change(i, **changes)
        self._decide(i, "accept", "")

    def ignore(self, i: int, reason: str) -> None:
        """Leave row ``i`` out of the dataset (to data/ignored.csv), saying why."""
        self._decide(i, "ignore", reason)

    def undo(self, i: int) -> None:
        """Put row ``i`` back among the rows to review."""
        self._decide(i, "todo", "")

    def change(self, i: int, **changes: str) -> None:
        """Change fields of row ``i`` without deciding it."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise ValueError(
                f"{', '.join(sorted(unknown))}: not a field to change; change {', '.join(EDITABLE)}"
            )
        self._row(i)
        for name, value in changes.items():
            self.rows.loc[i, name] = "" if value is None else str(value).strip()

    def _decide(self, i: int, decision: str, reason: str) -> None:
        self._row(i)
        self.rows.loc[i, ["decision", "reason"]] = [decision, (reason or "").strip()]

    def _row(self, i: int) -> None:
        if i not in self.rows.index:
            raise IndexError(f"no row {i}; the rows are 0 to {len(self.rows) - 1}")

    def left(self) -> pd.DataFrame:
        """The rows still to review."""
        return self.rows[self.rows["decision"] == "todo"]

    # ------------------------------------------------------------- checks --

    def check(self) -> list[Issue]:
        """Every problem `make data` would report with the decided rows appended (nothing
        is written); an empty list when they pass."""
        return self._compose()[1]

    def write(self) -> Written:
        """Append the decided rows (and the catalog rows they need) when the dry build
        passes; raise DataError listing every problem, having written nothing, when not."""
        files, issues, counts = self._compose()
        if issues:
            raise DataError(issues)
        for name in ("catalog.csv", "ignored.csv", "curation.csv"):  # what a file needs first
            if name in files:
                before, after = files[name]
                path = self.data_dir / name
                if _read_bytes(path) != before:
                    raise DataError(
                        [
                            Issue(
                                display_name(path),
                                None,
                                None,
                                "changed while the rows were checked; check them again",
                            )
                        ]
                    )
                atomic_write(path, after)
        done = self.rows["decision"] != "todo"
        self.rows = self.rows[~done].reset_index(drop=True)
        self.written = counts
        return counts

    def _compose(self) -> tuple[dict[str, tuple[bytes, bytes]], list[Issue], Written]:
        """The files as they would be ({name: (before, after)}), the problems of building
        the dataset from them, and what they add."""
        accepted = curation_cells(self.rows[self.rows["decision"] == "accept"])
        ignored = curation_cells(self.rows[self.rows["decision"] == "ignore"])
        counts = Written(len(accepted), len(ignored))
        if accepted.empty and ignored.empty:
            return {}, [], counts
        files: dict[str, tuple[bytes, bytes]] = {}
        issues: list[Issue] = []
        for name, rows, columns in (
            ("curation.csv", accepted, CURATION_COLUMNS),
            ("ignored.csv", ignored, IGNORED_COLUMNS),
        ):
            if not rows.empty:
                before = _read_bytes(self.data_dir / name)
                header = _header(before) or columns  # the file's own columns, in its order
                for column in columns:
                    if column not in header and (rows[column] != "").any():
                        issues.append(
                            Issue(
                                f"data/{name}",
                                1,
                                None,
                                f"has no column {column}, which the rows fill; "
                                f"add it to the header line ({','.join(columns)})",
                            )
                        )
                cells = rows.reindex(columns=header, fill_value="").astype(str)
                files[name] = (before, append_records(before, cells.values.tolist()))
        issues += self._verbatim(accepted, "curation.csv", files) + self._verbatim(
            ignored, "ignored.csv", files
        )
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            _stage(self.data_dir, data, {name: after for name, (_, after) in files.items()})
            needed = _catalog_needs(accepted["indicator_id"], data / "catalog.csv")
            if needed:
                from zibo_analysis.dataset.reference import add_to_catalog

                before = (data / "catalog.csv").read_bytes()
                try:
                    add_to_catalog(needed, data / "catalog.csv")
                    files["catalog.csv"] = (before, (data / "catalog.csv").read_bytes())
                    counts.catalog = needed
                except DataError as err:
                    issues += err.issues
            from zibo_analysis.dataset.build import build_indicators

            try:
                build_indicators(data)
            except DataError as err:
                issues += err.issues
        return files, issues, counts

    def _verbatim(self, rows: pd.DataFrame, name: str, files) -> list[Issue]:
        """A quote or mention that a spreadsheet would run as a formula cannot be written
        without changing it: an Issue for each, on the line it would have."""
        if rows.empty:
            return []
        first = _lines(files[name][0]) + 1
        issues = []
        for n, row in enumerate(rows.itertuples()):
            for column in VERBATIM:
                value = getattr(row, column)
                if spreadsheet_cell(value) != value:
                    issues.append(
                        Issue(
                            f"data/{name}",
                            first + n,
                            column,
                            f'"{value}" starts with "{value[0]}", as a spreadsheet formula '
                            "does; start the quote a character earlier or later in the article "
                            "(it is written as the article has it)",
                        )
                    )
        return issues

    # --------------------------------------------------------------- show --

    def choices(self) -> tuple[list[str], list[str]]:
        """The indicator ids a row may name (the catalog's, then the reference catalog's) and
        the region ids (regions.csv's), to offer as an analyst types."""
        from zibo_analysis.dataset.build import reference_ids

        catalog = pd.read_csv(self.data_dir / "catalog.csv", dtype=str, keep_default_na=False)
        regions = pd.read_csv(self.data_dir / "regions.csv", dtype=str, keep_default_na=False)
        ids = [*catalog["indicator_id"], *sorted(reference_ids() - set(catalog["indicator_id"]))]
        return ids, regions["region_id"].tolist()

    def marks(self) -> list[tuple[int, int, str, str]]:
        """(start, end, state, title) of every figure of the article for `facts.review.highlight`:
        each candidate in its decision's state (todo, accepted, ignored) with its fields and
        decisive words as title; the figures curated or ignored before, and those outside the
        body."""
        from zibo_analysis.dataset.curation import mention_marks
        from zibo_analysis.quantities import find_quantities

        done = mention_marks(self.data_dir).query("doc_id == @self.doc_id")
        state = dict(zip(done["start"], done["status"], strict=True))
        marks = []
        for q in find_quantities(self.text):
            if any(a <= q.start and q.end <= b for a, b in self.segments):
                if state.get(q.start) in ("curated", "ignored"):
                    marks.append((q.start, q.end, state[q.start], state[q.start]))
            else:
                marks.append((q.start, q.end, "outside", "outside the body"))
        words = {"todo": "todo", "accept": "accepted", "ignore": "ignored"}
        for r in self.rows.itertuples():
            indicator = r.indicator_id or proposal_in(r.note) + " (new)"
            period = f"{r.period_start or '…'}–{r.as_of}"
            title = f"{indicator} · {r.region} · {period} · {r.status} — {r.evidence}"
            marks.append((int(r.start), int(r.end), words[r.decision], title))
        return sorted(marks)


def articles_left(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The registered articles (data/raw/sources.csv) with how many figures of each body are
    left to curate (``left``), those with the most first: the articles to pick from."""
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    issues: list[Issue] = []
    sources = read_table(data_dir / "raw/sources.csv", SOURCES_SCHEMA, issues)
    if issues:
        raise DataError(issues)
    left = uncurated_mentions(data_dir).groupby("doc_id").size()
    table = sources[["doc_id", "title", "published", "region"]].assign(
        left=sources["doc_id"].map(left).fillna(0).astype(int)
    )
    return table.sort_values(["left", "published"], ascending=[False, False]).reset_index(drop=True)


def load_review(doc_id: str, data_dir: Path | str | None = None) -> Review:
    """A `Review` of the rows of ``doc_id`` left to curate, each to review (see `candidates`)."""
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    _, article, _ = _article(doc_id, data_dir)
    rows = candidates(doc_id, data_dir).assign(decision="todo", reason="")
    return Review(doc_id, data_dir, article.text, article.segments, rows.reset_index(drop=True))


def _header(raw: bytes) -> list[str]:
    """The columns a CSV file's header line names ([] for an empty file)."""
    from zibo_analysis.dataset.csvfile import parse_csv

    records = parse_csv(raw.decode("utf-8-sig", errors="replace").split("\n", 1)[0])
    return records[0].fields if records else []


def _read_bytes(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def _lines(raw: bytes) -> int:
    """The line the last record of a CSV file ends on (its physical lines)."""
    text = raw.decode("utf-8-sig", errors="replace").rstrip("\r\n")
    return text.count("\n") + 1 if text else 0


def _stage(data_dir: Path, data: Path, changed: dict[str, bytes]) -> None:
    """A data folder at ``data`` that is ``data_dir`` with the ``changed`` files: the articles
    linked, the small tables copied."""
    data.mkdir()
    os.symlink((data_dir / "raw").resolve(), data / "raw")
    for name in ("catalog.csv", "curation.csv", "ignored.csv", "regions.csv", "reviewed_flags.csv"):
        if name in changed:
            (data / name).write_bytes(changed[name])
        elif (data_dir / name).exists():
            shutil.copyfile(data_dir / name, data / name)


def _catalog_needs(indicator_ids: pd.Series, catalog: Path) -> list[str]:
    """The reference indicators (and their links) that accepted rows name and the catalog lacks."""
    from zibo_analysis.dataset.reference import catalog_needs

    ids = [i for i in indicator_ids if i]
    if not ids:
        return []
    have = pd.read_csv(catalog, dtype=str, keep_default_na=False, usecols=["indicator_id"])
    return catalog_needs(ids, have["indicator_id"])
