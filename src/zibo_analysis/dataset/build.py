"""catalog + curation + quantities -> the tidy indicator table, validated, written atomically.

The analyst never types a value: each curation row quotes the article, and the
build takes the value, unit and qualifier from `find_quantities` on that quote.
A change (kind ``change``) takes its sign from the words before it: 同比减少3.2% is -3.2,
while the quote and the mention stay as printed. Every problem found is reported at
once, each naming its file, line and field; a failed build leaves the previous
data/processed/ untouched.

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
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
from pandera.errors import SchemaErrors

from zibo_analysis import manifest
from zibo_analysis.config import DATA_DIR, PROCESSED_DIR, REFERENCE_DIR
from zibo_analysis.dataset.articles import (
    Article,
    Located,
    find_row_quotes,
    load_articles,
    locate,
)
from zibo_analysis.dataset.columns import INDICATOR_COLUMNS
from zibo_analysis.dataset.curation import proposal_in
from zibo_analysis.dataset.schemas import (
    CATALOG_SCHEMA,
    CURATION_SCHEMA,
    IGNORED_SCHEMA,
    INDICATORS_SCHEMA,
    REGIONS_SCHEMA,
    REVIEWED_SCHEMA,
    SIGNED_KINDS,
    SOURCES_SCHEMA,
    DataError,
    Issue,
    display_name,
    read_table,
)
from zibo_analysis.facts.indicator import alike_units
from zibo_analysis.facts.status import change_sign_at
from zibo_analysis.files import atomic_write
from zibo_analysis.quantities import RATE_SCALE
from zibo_analysis.vocab import CHANGE_BASES, closest, named_hint

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def build_indicators(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The tidy indicator table from the files in `data_dir`; raises DataError listing every problem.

    >>> len(build_indicators()) > 200
    True
    """
    issues: list[Issue] = []
    read = {
        name: read_table(data_dir / name, schema, issues)
        if name not in OPTIONAL or (data_dir / name).exists()
        else pd.DataFrame(columns=[*schema.columns, "line"])
        for name, schema in SCHEMAS.items()
    }
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
    published = dict(zip(sources["doc_id"], sources["published"], strict=True))
    records = _facts(curation, ignored, docs, places, indicators, data_dir, issues, published)
    for r in read["reviewed_flags.csv"].itertuples():
        indicators.get(r, "indicator_id", display_name(data_dir / "reviewed_flags.csv"), issues)
        places.get(r, "region", display_name(data_dir / "reviewed_flags.csv"), issues)
    for lookup in (docs, places, indicators):
        issues.extend(lookup.not_checked())
    table = pd.DataFrame.from_records(records, columns=INDICATOR_COLUMNS)
    table["published"] = table["doc_id"].map(published)
    _check_conflicts(table, display_name(data_dir / "curation.csv"), issues)
    if issues:
        raise DataError(issues)
    table = table.sort_values(["doc_id", "mention_start"], key=_doc_order(sources))
    table = table.reset_index(drop=True)
    _validate(table, display_name(data_dir / "curation.csv"))
    return table


def _validate(table: pd.DataFrame, file: str) -> None:
    """The built table against its schema; a failure is reported as the curation line it
    comes from, never as a traceback (the checks above should have caught it first)."""
    try:
        INDICATORS_SCHEMA.validate(table.astype({"value": float}), lazy=True)
    except SchemaErrors as err:
        issues = []
        for case in err.failure_cases.itertuples():
            row = table.iloc[int(case.index)] if pd.notna(case.index) else None
            line = int(row["curation_line"]) if row is not None else None
            field = case.column if isinstance(case.column, str) else "quote"
            issues.append(Issue(file, line, field, f"{case.check} (got {case.failure_case!r})"))
        raise DataError(issues) from None


def _facts(
    curation, ignored, docs, places, indicators, data_dir: Path, issues, published: dict
) -> list[dict]:
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
        found = _curated(row, docs, places, indicators, cur_file, used, issues, published)
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
    "reviewed_flags.csv": REVIEWED_SCHEMA,
}
OPTIONAL = {"reviewed_flags.csv"}  # a data folder without reviews builds: no flag is reviewed


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
            failed |= {
                k: f"its article did not load (see {file} line {r.line})"
                for k, r in rows.items()
                if k not in articles
            }
            rows = articles
        return cls(what, file, rows, failed, not table.attrs.get("readable", True))

    def get(self, row, column: str, file: str, issues: list[Issue]) -> Any:
        """What ``row.column`` names; None if it names nothing (an Issue says so)."""
        key = getattr(row, column, "")
        if not key or key in self.rows:
            return self.rows.get(key)
        if self.unreadable or key in self.failed:
            self.skipped[file, None if self.unreadable else key] += 1
        elif self.what == "indicator" and key in reference_ids():
            from zibo_analysis.dataset.reference import catalog_needs

            needs = " ".join(catalog_needs([key], self.rows) or [key])  # with its numerator
            issues.append(
                Issue(
                    file,
                    row.line,
                    column,
                    f'"{key}" is an indicator of the reference catalog, not yet in {self.file}; '
                    f"add it with `zibo-analysis catalog add {needs}`",
                    "indicators of the reference catalog not yet in the catalog",
                    needs,
                    "add them with `zibo-analysis catalog add` and these ids",
                )
            )
        else:
            close = closest(key, self.rows)
            hint = named_hint(key, self.names(), self.file) or (
                f'; did you mean "{close[0]}"?' if close else f"; add it to {self.file}"
            )
            issues.append(
                Issue(
                    file,
                    row.line,
                    column,
                    f'unknown {self.what} "{key}"{hint}',
                    f"unknown {self.what}",
                    key,
                    f"add each to {self.file}, or name one it has",
                )
            )
        return None

    def names(self) -> dict[str, str]:
        """The ids by the names their rows give (name_zh, name_en): 淄博市 and Zibo for Zibo."""
        return {
            str(name): key
            for key, row in self.rows.items()
            for name in (getattr(row, "name_zh", ""), getattr(row, "name_en", ""))
            if name and name != key
        }

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
    """A catalog row's links name known indicators, a gap has its direction, a change names
    the indicator it changes and its base, and a rate is in a base of shares."""
    for link in ("numerator_id", "gap_of", "change_of"):
        indicators.get(c, link, indicators.file, issues)
    if getattr(c, "gap_of", "") and not getattr(c, "gap_direction", ""):
        message = "must be below or above when gap_of is set"
        issues.append(Issue(indicators.file, c.line, "gap_direction", message))
    change_of, base = getattr(c, "change_of", ""), getattr(c, "change_base", "")
    if c.kind == "change":
        if not change_of:
            issues.append(
                Issue(
                    indicators.file,
                    c.line,
                    "change_of",
                    (
                        f"{c.indicator_id} is a change: name the indicator it changes (a level of the catalog, "
                        "e.g. urban_new_jobs for 城镇新增就业同比增加); add that level to the catalog if it is missing"
                    ),
                )
            )
        elif change_of == c.indicator_id:
            issues.append(
                Issue(
                    indicators.file,
                    c.line,
                    "change_of",
                    "a change cannot be a change of itself; name the level it changes",
                )
            )
        elif (level := indicators.rows.get(change_of)) is not None and level.kind == "change":
            issues.append(
                Issue(
                    indicators.file,
                    c.line,
                    "change_of",
                    f"{change_of} is itself a change; name the level it changes",
                )
            )
        if not base:
            issues.append(
                Issue(
                    indicators.file,
                    c.line,
                    "change_base",
                    f"{c.indicator_id} is a change: say what it is measured against, one of {', '.join(CHANGE_BASES)}",
                )
            )
    elif change_of or base:
        field = "change_of" if change_of else "change_base"
        issues.append(
            Issue(
                indicators.file,
                c.line,
                field,
                (
                    f"only an indicator of kind change has {field}; {c.indicator_id} is a "
                    f"{c.kind}: empty it or make the kind change"
                ),
            )
        )
    if c.kind == "rate" and not set(c.unit.split("|")) <= set(RATE_SCALE):
        issues.append(
            Issue(
                indicators.file,
                c.line,
                "unit",
                (
                    f'a rate is a share in percent, per_mille or per_100k, not "{c.unit}"; give '
                    "one of those, or another kind (ratio for 每千人口…个)"
                ),
            )
        )


def _real_date(value: str) -> pd.Timestamp | None:
    """The day a YYYY-MM-DD field names, or None (2023-02-30 is no day)."""
    if not DATE.match(value):
        return None
    day = pd.to_datetime(value, format="%Y-%m-%d", errors="coerce")
    return None if day is pd.NaT else day


def _curated(
    row,
    docs: Lookup,
    places: Lookup,
    indicators: Lookup,
    file: str,
    used: dict,
    issues: list[Issue],
    published: dict,
) -> Located | None:
    """Check a curation row and find its mention; None if it has a problem."""
    before = len(issues)
    article = docs.get(row, "doc_id", file, issues)
    if not row.indicator_id:
        _empty_indicator(row, file, issues)
    indicator = indicators.get(row, "indicator_id", file, issues)
    places.get(row, "region", file, issues)
    as_of = _real_date(row.as_of)
    if DATE.match(row.as_of) and as_of is None:
        issues.append(Issue(file, row.line, "as_of", f"{row.as_of} is not a real date"))
    _check_period(row, as_of, indicator, published.get(row.doc_id), file, issues)
    found = locate(row, article, file, issues) if article else None
    if found is None:
        return None
    q = found.quantity
    _claim(used, row, found, f"curated on {file} line {row.line}", file, issues)
    if indicator is not None and q.unit not in indicator.unit.split("|"):
        units = indicator.unit.split("|")
        fix = (
            f'; if both count the same thing, write its unit as "{"|".join([*units, q.unit])}"'
            if alike_units(q.unit, set(units))
            else ""
        )
        issues.append(
            Issue(
                file,
                row.line,
                "quote",
                (
                    f'unit "{q.unit}" of "{q.text}" disagrees with {indicators.file} line '
                    f"{indicator.line} ({row.indicator_id} is in {indicator.unit}); pick another "
                    f"indicator or fix the catalog unit{fix}"
                ),
            )
        )
    if indicator is not None:
        _check_value(row, q, signed_value(article.text, q, indicator.kind), indicator, file, issues)
    return found if len(issues) == before and indicator is not None else None


def _empty_indicator(row, file: str, issues: list[Issue]) -> None:
    """An empty indicator_id, with the id the row's note proposes (a candidate's)."""
    proposed = proposal_in(row.note)
    said = f'the note proposes "{proposed}": ' if proposed else ""
    issues.append(
        Issue(
            file,
            row.line,
            "indicator_id",
            (
                f"empty; {said}add that indicator to {file.replace('curation.csv', 'catalog.csv')} "
                "(`zibo-analysis catalog add ID` for an id of the reference catalog) or fill indicator_id "
                "with an id the catalog has"
            ),
            "empty",
            "",
            "each note proposes an id: add it to data/catalog.csv (`zibo-analysis catalog add ID` "
            "for reference ids) or fill indicator_id",
        )
    )


@cache
def reference_ids() -> frozenset[str]:
    """The ids of the reference catalog shipped with the package (read once, without pandas)."""
    import csv

    path = REFERENCE_DIR / "indicators.csv"
    if not path.is_file():
        return frozenset()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return frozenset(row["indicator_id"] for row in csv.DictReader(handle))


def signed_value(text: str, q, kind: str):
    """The value of the quantity ``q`` of ``text``: a change with the sign its words give
    (同比减少3.2% is -3.2), anything else as printed."""
    if kind not in SIGNED_KINDS:
        return q.value
    sign, _ = change_sign_at(text, q.start)
    return sign * q.value


def _check_value(row, q, value, indicator, file: str, issues: list[Issue]) -> None:
    """A value below zero only for a kind that can fall below it; a rate within its base."""
    kind, unit = indicator.kind, q.unit
    if value < 0 and kind not in SIGNED_KINDS:
        issues.append(
            Issue(
                file,
                row.line,
                "indicator_id",
                (
                    f"{q.text} is {value:g}, below zero, but {row.indicator_id} is a {kind}, which cannot be; "
                    "a decrease or a negative growth (同比减少, 下降, -2.7%) belongs to an indicator of kind change "
                    "(with change_of and change_base in the catalog)"
                ),
            )
        )
    elif kind == "rate" and unit in RATE_SCALE and not 0 <= value <= RATE_SCALE[unit]:
        whole = RATE_SCALE[unit]
        issues.append(
            Issue(
                file,
                row.line,
                "indicator_id",
                (
                    f"{q.text} is {value:g} but {row.indicator_id} is a rate in {unit} (0 to {whole:,}); "
                    "a growth figure (增长…%) needs an indicator of kind change"
                ),
            )
        )


def _check_period(
    row, as_of, indicator, published: str | None, file: str, issues: list[Issue]
) -> None:
    """period_start is a real day on or before as_of, and only for what covers a period; an
    actual is not dated after its article."""
    start_text = getattr(row, "period_start", "") or ""
    start = _real_date(start_text)
    if start_text and DATE.match(start_text) and start is None:
        issues.append(Issue(file, row.line, "period_start", f"{start_text} is not a real date"))
    if start is not None and as_of is not None and start > as_of:
        issues.append(
            Issue(
                file,
                row.line,
                "period_start",
                (
                    f"{start_text} is after as_of {row.as_of}; period_start is the first day the figure covers "
                    "and as_of the last (1—7月 of 2018: 2018-01-01 and 2018-07-31)"
                ),
            )
        )
    if start is not None and indicator is not None and indicator.kind == "stock":
        issues.append(
            Issue(
                file,
                row.line,
                "period_start",
                (
                    f"{row.indicator_id} is a stock, a level at a date: leave period_start empty, or give the "
                    "indicator kind flow if the figure is what happened over a period"
                ),
            )
        )
    day = _real_date(published or "")
    if row.status == "actual" and as_of is not None and day is not None and as_of > day:
        issues.append(
            Issue(
                file,
                row.line,
                "as_of",
                (
                    f"{row.as_of} is after the article's publication date {published} ({row.doc_id}); an actual "
                    "cannot report a day still to come: give the last day the figure covers (全年 in a March 2025 "
                    "report about 2024 is 2024-12-31), or set status to target if it is a goal"
                ),
            )
        )


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
        "period_start": getattr(row, "period_start", "") or "",
        "value": signed_value(article.text, q, getattr(indicator, "kind", "")),
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
        "change_of": getattr(indicator, "change_of", ""),
        "change_base": getattr(indicator, "change_base", ""),
    }


def _check_conflicts(table: pd.DataFrame, file: str, issues: list[Issue]) -> None:
    """No two rows for the same article, indicator, region, period and status with different values."""
    key = ["doc_id", "indicator_id", "region", "as_of", "period_start", "status"]
    for _, group in table.groupby(key, sort=False):
        if group["value"].nunique() > 1:
            first = group.iloc[0]
            for other in group.iloc[1:].itertuples():
                if other.value != first.value:
                    issues.append(
                        Issue(
                            file,
                            other.curation_line,
                            "indicator_id",
                            (
                                f"{other.indicator_id} for {other.region} on {other.as_of} "
                                f"({other.status}) is {other.mention} here "
                                f"but {first.mention} on line {first.curation_line} of the same article; "
                                "give one of them another indicator or date"
                            ),
                        )
                    )


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
    atomic_write(
        processed_dir / manifest.MANIFEST, json.dumps(record, ensure_ascii=False, indent=1) + "\n"
    )
    return target
