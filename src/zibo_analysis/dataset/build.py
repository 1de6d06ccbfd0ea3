"""catalog + curation + quantities -> the tidy indicator table, validated, written atomically.

The analyst never types a value: each curation row quotes the article, and the
build takes the value, unit and qualifier from `find_quantities` on that quote.
Every problem found is reported at once, each naming its file, line and field;
a failed build leaves the previous data/processed/ untouched.

>>> table = build_indicators()
>>> row = table.query("indicator_id == 'famous_doctor_stations' and doc_id == 'zibo-2022-10'").iloc[0]
>>> int(row.value), row.unit, row.quote[:5]
(123, '个', '目前,全市')
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from zibo_analysis import manifest
from zibo_analysis.config import DATA_DIR, PROCESSED_DIR
from zibo_analysis.dataset.articles import (
    Article,
    Located,
    find_row_quotes,
    load_articles,
    locate,
)
from zibo_analysis.dataset.schemas import (
    CATALOG_SCHEMA,
    CURATION_SCHEMA,
    IGNORED_SCHEMA,
    INDICATORS_SCHEMA,
    REGIONS_SCHEMA,
    SOURCES_SCHEMA,
    DataError,
    Issue,
    display_name,
    read_table,
)
from zibo_analysis.files import atomic_write
from zibo_analysis.vocab import closest

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

INDICATOR_COLUMNS = [
    "obs_id", "doc_id", "indicator_id", "indicator_zh", "indicator_en", "topic", "region",
    "as_of", "value", "unit", "qualifier", "status", "quote", "start", "end",
    "mention", "mention_start", "mention_end", "kind", "higher_is_better",
    "published", "source_file", "note", "curation_line", "numerator_id", "gap_of", "gap_direction",
]  # fmt: skip


def build_indicators(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The tidy indicator table from the files in `data_dir`; raises DataError listing every problem.

    >>> len(build_indicators()) > 200
    True
    """
    issues: list[Issue] = []
    read = {name: read_table(data_dir / name, schema, issues) for name, schema in SCHEMAS.items()}
    sources, regions, catalog = read["raw/sources.csv"], read["regions.csv"], read["catalog.csv"]
    articles = load_articles(data_dir, sources.drop_duplicates("doc_id"), issues)
    docs = Lookup.of(sources, "doc_id", display_name(data_dir / "raw/sources.csv"), articles)
    places = Lookup.of(regions, "region", display_name(data_dir / "regions.csv"))
    indicators = Lookup.of(catalog, "indicator", display_name(data_dir / "catalog.csv"))
    for src in sources.itertuples():
        places.get(src, "region", docs.file, issues)
    for r in regions.itertuples():
        places.get(r, "parent_id", places.file, issues)
    for c in catalog.itertuples():
        _check_indicator(c, indicators, issues)
    curation, ignored = read["curation.csv"], read["ignored.csv"]
    records = _facts(curation, ignored, docs, places, indicators, data_dir, issues)
    for lookup in (docs, places, indicators):
        issues.extend(lookup.not_checked())
    published = dict(zip(sources["doc_id"], sources["published"], strict=True))
    table = pd.DataFrame.from_records(records, columns=INDICATOR_COLUMNS)
    table["published"] = table["doc_id"].map(published)
    _check_conflicts(table, display_name(data_dir / "curation.csv"), issues)
    if issues:
        raise DataError(issues)
    table = table.sort_values(["doc_id", "mention_start"], key=_doc_order(sources))
    table = table.reset_index(drop=True)
    INDICATORS_SCHEMA.validate(table.astype({"value": float}))
    return table


def _facts(curation, ignored, docs, places, indicators, data_dir: Path, issues) -> list[dict]:
    """The curated facts; each mention curated or ignored once, checked against the others."""
    for table in (curation, ignored):
        find_row_quotes(table, docs.rows)  # all of an article's quotes in one pass
    used: dict[tuple[str, int], str] = {}
    cur_file, ign_file = (
        display_name(data_dir / "curation.csv"),
        display_name(data_dir / "ignored.csv"),
    )
    records = []
    for row in curation.itertuples():
        found = _curated(row, docs, places, indicators, cur_file, used, issues)
        if found is not None:
            article, indicator = docs.rows[row.doc_id], indicators.rows[row.indicator_id]
            records.append(_record(row, found, article, indicator))
    for row in ignored.itertuples():
        _ignored(row, docs, ign_file, used, issues)
    return records


SCHEMAS = {
    "raw/sources.csv": SOURCES_SCHEMA,
    "regions.csv": REGIONS_SCHEMA,
    "catalog.csv": CATALOG_SCHEMA,
    "curation.csv": CURATION_SCHEMA,
    "ignored.csv": IGNORED_SCHEMA,
}


@dataclass
class Lookup:
    """What the rows of other files may name (articles, regions, indicators), by key.

    A name whose row or article could not be read, or any name when the whole file could
    not be read, is counted rather than reported: its cause is reported once already.
    """

    what: str  # as in 'unknown region "X"'
    file: str
    rows: dict[str, Any]
    failed: dict[str, str]  # key -> why the rows naming it were not checked
    unreadable: bool = False
    skipped: Counter = field(default_factory=Counter)

    @classmethod
    def of(cls, table: pd.DataFrame, what: str, file: str, articles: dict | None = None) -> Lookup:
        """The rows of ``table`` by its first column, or the ``articles`` its rows load."""
        rows = {getattr(r, table.columns[0]): r for r in table.itertuples()}
        unread = table.attrs.get("unread", {})
        failed = {k: f"its row in {file} (line {n}) could not be read" for k, n in unread.items()}
        if articles is not None:
            failed |= {k: f"its article did not load (see {file} line {r.line})" for k, r in rows.items() if k not in articles}  # fmt: skip
            rows = articles
        return cls(what, file, rows, failed, not table.attrs.get("readable", True))

    def get(self, row, column: str, file: str, issues: list[Issue]) -> Any:
        """What ``row.column`` names; None if it names nothing (an Issue says so)."""
        key = getattr(row, column, "")
        if not key or key in self.rows:
            return self.rows.get(key)
        if self.unreadable or key in self.failed:
            self.skipped[file, None if self.unreadable else key] += 1
        else:
            close = closest(key, self.rows)
            hint = f'; did you mean "{close[0]}"?' if close else f"; add it to {self.file}"
            issues.append(Issue(file, row.line, column, f'unknown {self.what} "{key}"{hint}'))
        return None

    def not_checked(self) -> list[Issue]:
        """One line per file and name for the rows that were not checked."""
        issues = []
        for (file, key), n in self.skipped.items():
            if key is None:
                why = f"{_rows(n)} not checked against {self.file}, which could not be read"
            else:
                why = f"{_rows(n, f'naming {self.what} {key}')} not checked; {self.failed[key]}"
            issues.append(Issue(file, None, None, why))
        return issues


def _rows(n: int, which: str = "") -> str:
    """'1 row naming X was', '3 rows naming X were'."""
    one = n == 1
    return " ".join(
        filter(None, [f"{n} {'row' if one else 'rows'}", which, "was" if one else "were"])
    )


def _check_indicator(c, indicators: Lookup, issues: list[Issue]) -> None:
    """A catalog row's links name known indicators, and a gap has its direction."""
    for link in ("numerator_id", "gap_of"):
        indicators.get(c, link, indicators.file, issues)
    if getattr(c, "gap_of", "") and not getattr(c, "gap_direction", ""):
        message = "must be below or above when gap_of is set"
        issues.append(Issue(indicators.file, c.line, "gap_direction", message))


def _curated(row, docs: Lookup, places: Lookup, indicators: Lookup, file: str, used: dict, issues: list[Issue]) -> Located | None:  # fmt: skip
    """Check a curation row and find its mention; None if it has a problem."""
    before = len(issues)
    article = docs.get(row, "doc_id", file, issues)
    indicator = indicators.get(row, "indicator_id", file, issues)
    places.get(row, "region", file, issues)
    if (
        DATE.match(row.as_of)
        and pd.to_datetime(row.as_of, format="%Y-%m-%d", errors="coerce") is pd.NaT
    ):
        issues.append(Issue(file, row.line, "as_of", f"{row.as_of} is not a real date"))
    found = locate(row, article, file, issues) if article else None
    if found is None:
        return None
    q = found.quantity
    _claim(used, row, found, f"curated on {file} line {row.line}", file, issues)
    if indicator is not None and q.unit not in indicator.unit.split("|"):
        issues.append(Issue(file, row.line, "quote", f'unit "{q.unit}" of "{q.text}" disagrees with {indicators.file} line {indicator.line} ({row.indicator_id} is in {indicator.unit}); pick another indicator or fix the catalog unit'))  # fmt: skip
    if indicator is not None and indicator.kind == "rate" and not 0 <= q.value <= 100:
        issues.append(Issue(file, row.line, "indicator_id", f"{q.text} is {q.value} but {row.indicator_id} is a rate (0 to 100); a growth figure needs an indicator of kind change"))  # fmt: skip
    return found if len(issues) == before and indicator is not None else None


def _ignored(row, docs: Lookup, file: str, used: dict, issues: list[Issue]) -> None:
    """Check an ignored row: its quote designates one mention, not curated."""
    article = docs.get(row, "doc_id", file, issues)
    found = locate(row, article, file, issues) if article else None
    if found is not None:
        _claim(used, row, found, f"ignored on {file} line {row.line}", file, issues)


def _claim(used: dict, row, found: Located, how: str, file: str, issues: list[Issue]) -> None:
    """Mark a mention as curated or ignored; each mention is either, once."""
    key = (row.doc_id, found.quantity.start)
    if key in used:
        message = f'"{found.quantity.text}" at offset {key[1]} is already {used[key]}'
        issues.append(Issue(file, row.line, "mention", message))
    used[key] = how


def _record(row, found: Located, article: Article, indicator) -> dict:
    """One row of the indicator table (``published`` is added from sources.csv)."""
    q = found.quantity
    return {
        "obs_id": f"{row.doc_id}:{q.start}",
        "doc_id": row.doc_id,
        "indicator_id": row.indicator_id,
        "indicator_zh": getattr(indicator, "name_zh", ""),
        "indicator_en": getattr(indicator, "name_en", ""),
        "topic": getattr(indicator, "topic", ""),
        "region": row.region,
        "as_of": row.as_of,
        "value": q.value,
        "unit": q.unit,
        "qualifier": q.qualifier,
        "status": row.status,
        "quote": row.quote,
        "start": found.quote_start,
        "end": found.quote_end,
        "mention": q.text,
        "mention_start": q.start,
        "mention_end": q.end,
        "kind": getattr(indicator, "kind", ""),
        "higher_is_better": getattr(indicator, "higher_is_better", ""),
        "source_file": article.source_file,
        "note": row.note,
        "curation_line": row.line,
        "numerator_id": getattr(indicator, "numerator_id", ""),
        "gap_of": getattr(indicator, "gap_of", ""),
        "gap_direction": getattr(indicator, "gap_direction", ""),
    }


def _check_conflicts(table: pd.DataFrame, file: str, issues: list[Issue]) -> None:
    """No two rows for the same article, indicator, region, date and status with different values."""
    key = ["doc_id", "indicator_id", "region", "as_of", "status"]
    for _, group in table.groupby(key, sort=False):
        if group["value"].nunique() > 1:
            first = group.iloc[0]
            for other in group.iloc[1:].itertuples():
                if other.value != first.value:
                    issues.append(Issue(file, other.curation_line, "indicator_id", (
                        f"{other.indicator_id} for {other.region} on {other.as_of} ({other.status}) is {other.mention} here "
                        f"but {first.mention} on line {first.curation_line} of the same article; "
                        "give one of them another indicator or date")))  # fmt: skip


def _doc_order(sources: pd.DataFrame):
    order = {d: i for i, d in enumerate(sources.sort_values("published")["doc_id"])}
    return lambda col: col.map(order) if col.name == "doc_id" else col


# ------------------------------------------------------------------ write --


def write_indicators(
    table: pd.DataFrame, data_dir: Path = DATA_DIR, processed_dir: Path = PROCESSED_DIR
) -> Path:
    """Write indicators.csv and build.json atomically: readers never see half a file."""
    processed_dir.mkdir(parents=True, exist_ok=True)
    target = processed_dir / "indicators.csv"
    content = table.to_csv(index=False, lineterminator="\n").encode("utf-8")
    atomic_write(target, content)
    record = manifest.describe(content, len(table), data_dir)
    atomic_write(processed_dir / manifest.MANIFEST, json.dumps(record, ensure_ascii=False, indent=1) + "\n")  # fmt: skip
    return target
