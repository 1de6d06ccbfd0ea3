"""catalog + curation + quantities -> the tidy indicator table, validated.

The analyst never types a value: each curation row quotes the article, and the
build takes the value, unit and qualifier from `find_quantities` on that quote.
Every problem found is reported at once, each naming its file, line and field;
a failed build leaves the previous data/processed/ untouched.

>>> indicators = load_indicators()
>>> row = indicators.query("indicator_id == 'famous_doctor_stations' and doc_id == 'zibo-2022-10'").iloc[0]
>>> int(row.value), row.unit, row.quote[:5]
(123, '个', '目前,全市')
"""

from __future__ import annotations

import csv
import difflib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from zibo_analysis.config import DATA_DIR, PROCESSED_DIR
from zibo_analysis.files import atomic_write
from zibo_analysis.quantities import QUALIFIERS, Quantity, find_quantities
from zibo_analysis.sources import SourceError, body_segments, in_segments, sha256

TOPICS = ("health_care", "public_health", "insurance", "employment", "entrepreneurship")
KINDS = ("stock", "cumulative", "flow", "rate", "ratio", "change")
STATUSES = ("actual", "target")
LEVELS = ("province", "city", "district")

INDICATOR_COLUMNS = [
    "obs_id", "doc_id", "indicator_id", "indicator_zh", "indicator_en", "topic", "region",
    "as_of", "value", "unit", "qualifier", "status", "quote", "start", "end",
    "mention", "mention_start", "mention_end", "kind", "higher_is_better",
    "published", "source_file", "note", "curation_line", "numerator_id", "gap_of", "gap_direction",
]  # fmt: skip


# ----------------------------------------------------------------- errors --


@dataclass(frozen=True)
class Issue:
    """One problem in an input file: where it is and how to fix it."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" line {self.line}"
        if self.field:
            where += f", {self.field}"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """The inputs do not build; `issues` lists every problem found."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__(f"{len(issues)} problem(s):\n" + "\n".join(map(str, issues)))


# ---------------------------------------------------------------- schemas --

_NON_EMPTY = pa.Check.str_length(min_value=1, error="must not be empty")
_DATE = pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$", error="must be a date as YYYY-MM-DD")


def _one_of(values: tuple[str, ...]) -> pa.Check:
    return pa.Check.isin(values, error="must be one of " + ", ".join(values))


def _text(*checks: pa.Check, unique: bool = False) -> pa.Column:
    return pa.Column(str, list(checks), unique=unique, report_duplicates="exclude_first")


SOURCES_SCHEMA = pa.DataFrameSchema(
    {
        "doc_id": _text(pa.Check.str_matches(r"^[a-z0-9][a-z0-9-]*$", error="must be lower-case letters, digits and -"), unique=True),
        "source_file": _text(pa.Check.str_matches(r"^[^/\\]+\.txt$", error="must be a .txt file name in data/raw/"), unique=True),
        "published": _text(_DATE),
        "region": _text(_NON_EMPTY),
        "publisher": _text(_NON_EMPTY),
        "title": _text(_NON_EMPTY),
        "body_from": _text(_NON_EMPTY),
        "body_to": _text(_NON_EMPTY),
        "exclude_from": _text(),
        "exclude_to": _text(),
        "sha256": _text(pa.Check.str_matches(r"^[0-9a-f]{64}$", error="must be the file's SHA-256 in hex")),
        "date_evidence": _text(_NON_EMPTY),
    }
)  # fmt: skip
REGIONS_SCHEMA = pa.DataFrameSchema(
    {
        "region_id": _text(_NON_EMPTY, unique=True),
        "name_zh": _text(_NON_EMPTY),
        "name_en": _text(_NON_EMPTY),
        "level": _text(_one_of(LEVELS)),
        "parent_id": _text(),
    }
)
CATALOG_SCHEMA = pa.DataFrameSchema(
    {
        "indicator_id": _text(pa.Check.str_matches(r"^[a-z][a-z0-9_]*$", error="must be snake_case English"), unique=True),
        "name_zh": _text(_NON_EMPTY),
        "name_en": _text(_NON_EMPTY),
        "topic": _text(_one_of(TOPICS)),
        "unit": _text(_NON_EMPTY),
        "kind": _text(_one_of(KINDS)),
        "higher_is_better": _text(_one_of(("true", "false", ""))),
        "definition": _text(_NON_EMPTY),
        "numerator_id": pa.Column(str, required=False),
        "gap_of": pa.Column(str, required=False),
        "gap_direction": pa.Column(str, _one_of(("below", "above", "")), required=False),
    }
)  # fmt: skip
_LOCATOR = {
    "doc_id": _text(_NON_EMPTY),
    "quote": _text(_NON_EMPTY),
    "mention": _text(),
    "occurrence": _text(pa.Check.str_matches(r"^([1-9][0-9]*)?$", error="must be empty or a positive whole number")),
}  # fmt: skip
CURATION_SCHEMA = pa.DataFrameSchema(
    {
        **_LOCATOR,
        "indicator_id": _text(_NON_EMPTY),
        "region": _text(_NON_EMPTY),
        "as_of": _text(_DATE),
        "status": _text(_one_of(STATUSES)),
        "note": _text(),
    }
)
IGNORED_SCHEMA = pa.DataFrameSchema({**_LOCATOR, "reason": _text(_NON_EMPTY)})

INDICATORS_SCHEMA = pa.DataFrameSchema(
    {
        "obs_id": pa.Column(str, unique=True),
        "value": pa.Column(float, pa.Check.ge(0)),
        "start": pa.Column(int, pa.Check.ge(0)),
        "end": pa.Column(int, pa.Check.ge(0)),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "qualifier": pa.Column(str, pa.Check.isin(QUALIFIERS)),
        "topic": pa.Column(str, pa.Check.isin(TOPICS)),
        "kind": pa.Column(str, pa.Check.isin(KINDS)),
    },
    checks=pa.Check(lambda df: df["end"] > df["start"], error="end must follow start"),
)


# ----------------------------------------------------------------- tables --


def read_table(path: Path, schema: pa.DataFrameSchema, issues: list[Issue]) -> pd.DataFrame:
    """A CSV of strings with a `line` column, checked against `schema`; problems go to `issues`."""
    name = _display(path)
    if not path.exists():
        issues.append(Issue(name, None, None, "file is missing"))
        return pd.DataFrame(columns=[*schema.columns, "line"])
    rows, lines = [], []
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # a BOM, as spreadsheet programs write, is fine
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        issues.append(
            Issue(
                name, line, None, f"not UTF-8 (byte 0x{raw[err.start]:02x}); save the file as UTF-8"
            )
        )
        return pd.DataFrame(columns=[*schema.columns, "line"])
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for row in reader:
        rows.append({k: (v or "").strip() if k else v for k, v in row.items()})
        lines.append(reader.line_num)
    header = reader.fieldnames or []
    missing = [c for c, column in schema.columns.items() if column.required and c not in header]
    if missing:
        issues.append(
            Issue(
                name,
                1,
                None,
                f"missing column(s) {', '.join(missing)}; expected {', '.join(schema.columns)}",
            )
        )
        return pd.DataFrame(columns=[*schema.columns, "line"])
    table = pd.DataFrame(rows, columns=header).fillna("")
    for c, column in schema.columns.items():
        if not column.required and c not in table:
            table[c] = ""
    if None in table.columns:
        for i in table.index[table[None].astype(bool)]:
            issues.append(
                Issue(
                    name,
                    lines[i],
                    None,
                    "more fields than the header has; quote fields that hold commas",
                )
            )
        table = table.drop(columns=[None])
    try:
        schema.validate(table, lazy=True)
    except SchemaErrors as err:
        for case in err.failure_cases.itertuples():
            line = lines[int(case.index)] if pd.notna(case.index) else None
            issues.append(
                Issue(name, line, case.column, f"{case.check} (got {case.failure_case!r})")
            )
    return table.assign(line=lines)


def _display(path: Path) -> str:
    """A data file's name as a user sees it: data/curation.csv, whatever the root."""
    parts = path.parts
    return (
        "/".join(parts[len(parts) - 1 - parts[::-1].index("data") :])
        if "data" in parts
        else str(path)
    )


# ------------------------------------------------------------------ build --


@dataclass
class Article:
    doc_id: str
    source_file: str
    text: str
    segments: list[tuple[int, int]]
    mentions: list[Quantity]  # only those inside the body


def load_articles(data_dir: Path, sources: pd.DataFrame, issues: list[Issue]) -> dict[str, Article]:
    """Each article's text, body and body mentions; checks the files are the recorded bytes."""
    articles: dict[str, Article] = {}
    where = _display(data_dir / "raw/sources.csv")
    for src in sources.itertuples():
        path = data_dir / "raw" / src.source_file
        if not path.exists():
            issues.append(
                Issue(where, src.line, "source_file", f"{src.source_file} is not in data/raw/")
            )
            continue
        if src.sha256 and sha256(path) != src.sha256:
            issues.append(
                Issue(
                    where,
                    src.line,
                    "sha256",
                    f"{src.source_file} has changed (SHA-256 {sha256(path)[:12]}…); raw articles must stay byte-identical to their source",
                )
            )
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as err:
            issues.append(
                Issue(
                    where,
                    src.line,
                    "source_file",
                    f"{src.source_file} is not UTF-8 (offset {err.start})",
                )
            )
            continue
        try:
            segments = body_segments(text, pd.Series(src._asdict()))
        except SourceError as err:
            issues.append(Issue(where, src.line, err.field, err.problem))
            continue
        mentions = [q for q in find_quantities(text) if in_segments(q.start, q.end, segments)]
        articles[src.doc_id] = Article(src.doc_id, src.source_file, text, segments, mentions)
    return articles


def body_occurrences(article: Article, quote: str) -> list[int]:
    """Offsets of every occurrence of ``quote`` that lies inside the article body."""
    starts, at = [], article.text.find(quote)
    while at >= 0:
        if in_segments(at, at + len(quote), article.segments):
            starts.append(at)
        at = article.text.find(quote, at + 1)
    return starts


@dataclass(frozen=True)
class Located:
    quote_start: int
    quote_end: int
    quantity: Quantity


def locate(row, article: Article, file: str, issues: list[Issue]) -> Located | None:
    """Find a row's quote in the article body and the quantity it designates."""
    quote = row.quote
    starts = body_occurrences(article, quote)
    if not starts:
        outside = quote in article.text
        issues.append(Issue(file, row.line, "quote", f'"{quote}" ' + (
            f"is outside the body of {article.source_file} (page furniture); quote the body" if outside
            else f"not found in {article.source_file}; copy the quote exactly from the article")))  # fmt: skip
        return None
    if row.occurrence:
        k = int(row.occurrence)
        if k > len(starts):
            issues.append(
                Issue(
                    file,
                    row.line,
                    "occurrence",
                    f'{k} but "{quote}" occurs {len(starts)} time(s) in the body',
                )
            )
            return None
        start = starts[k - 1]
    elif len(starts) > 1:
        issues.append(
            Issue(
                file,
                row.line,
                "quote",
                f'"{quote}" occurs {len(starts)} times in the body (offsets {", ".join(map(str, starts))}); make it longer or set occurrence',
            )
        )
        return None
    else:
        start = starts[0]
    end = start + len(quote)
    inside = [q for q in article.mentions if start <= q.start and q.end <= end]
    cut = [q for q in article.mentions if q.start < end and q.end > start and q not in inside]
    if row.mention:
        chosen = [q for q in inside if q.text == row.mention]
        if len(chosen) == 1:
            return Located(start, end, chosen[0])
        if len(chosen) > 1:
            message = f'"{row.mention}" occurs {len(chosen)} times in the quote; shorten the quote'
        elif any(q.text == row.mention for q in cut):
            message = f'the quote cuts "{row.mention}" short; extend the quote to hold all of it'
        else:
            message = f'"{row.mention}" is not a quantity in the quote; it holds: ' + (
                ", ".join(q.text for q in inside) or "none"
            )
        issues.append(Issue(file, row.line, "mention", message))
        return None
    if len(inside) == 1:
        return Located(start, end, inside[0])
    if inside:
        issues.append(
            Issue(
                file,
                row.line,
                "mention",
                f"the quote holds {len(inside)} quantities ({', '.join(q.text for q in inside)}); say which in mention",
            )
        )
    else:
        hint = f'; it cuts "{cut[0].text}" short, extend it' if cut else ""
        issues.append(Issue(file, row.line, "quote", f'"{quote}" holds no quantity{hint}'))
    return None


def build_indicators(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The tidy indicator table from the files in `data_dir`; raises DataError listing every problem.

    >>> len(build_indicators()) > 200
    True
    """
    issues: list[Issue] = []
    sources = read_table(data_dir / "raw/sources.csv", SOURCES_SCHEMA, issues)
    regions = read_table(data_dir / "regions.csv", REGIONS_SCHEMA, issues)
    catalog = read_table(data_dir / "catalog.csv", CATALOG_SCHEMA, issues)
    curation = read_table(data_dir / "curation.csv", CURATION_SCHEMA, issues)
    ignored = read_table(data_dir / "ignored.csv", IGNORED_SCHEMA, issues)
    articles = load_articles(data_dir, sources.drop_duplicates("doc_id"), issues)
    cur_file, ign_file = _display(data_dir / "curation.csv"), _display(data_dir / "ignored.csv")

    region_ids = set(regions["region_id"])
    for src in sources.itertuples():
        if src.region not in region_ids:
            issues.append(
                Issue(
                    _display(data_dir / "raw/sources.csv"),
                    src.line,
                    "region",
                    _unknown("region", src.region, region_ids, "data/regions.csv"),
                )
            )
    for r in regions.itertuples():
        if r.parent_id and r.parent_id not in region_ids:
            issues.append(
                Issue(
                    _display(data_dir / "regions.csv"),
                    r.line,
                    "parent_id",
                    _unknown("region", r.parent_id, region_ids, "data/regions.csv"),
                )
            )

    catalog_by_id = {c.indicator_id: c for c in catalog.itertuples()}
    catalog_file = _display(data_dir / "catalog.csv")
    for c in catalog.itertuples():
        for link in ("numerator_id", "gap_of"):
            other = getattr(c, link, "")
            if other and other not in catalog_by_id:
                message = _unknown("indicator", other, catalog_by_id, "data/catalog.csv")
                issues.append(Issue(catalog_file, c.line, link, message))
        if getattr(c, "gap_of", "") and not getattr(c, "gap_direction", ""):
            issues.append(
                Issue(
                    catalog_file,
                    c.line,
                    "gap_direction",
                    "must be below or above when gap_of is set",
                )
            )
    published = dict(zip(sources["doc_id"], sources["published"], strict=True))
    used: dict[tuple[str, int], str] = {}
    records = []
    for row in curation.itertuples():
        article = _article(row, articles, cur_file, issues)
        indicator = catalog_by_id.get(row.indicator_id)
        if row.indicator_id and indicator is None:
            issues.append(
                Issue(
                    cur_file,
                    row.line,
                    "indicator_id",
                    _unknown("indicator", row.indicator_id, catalog_by_id, "data/catalog.csv"),
                )
            )
        if row.region and row.region not in region_ids:
            issues.append(
                Issue(
                    cur_file,
                    row.line,
                    "region",
                    _unknown("region", row.region, region_ids, "data/regions.csv"),
                )
            )
        if row.as_of and pd.to_datetime(row.as_of, format="%Y-%m-%d", errors="coerce") is pd.NaT:
            issues.append(Issue(cur_file, row.line, "as_of", f"{row.as_of} is not a real date"))
        found = locate(row, article, cur_file, issues) if article else None
        if found is None:
            continue
        q = found.quantity
        key = (row.doc_id, q.start)
        if key in used:
            issues.append(
                Issue(
                    cur_file,
                    row.line,
                    "mention",
                    f'"{q.text}" at offset {q.start} is already {used[key]}',
                )
            )
        used[key] = f"curated on {cur_file} line {row.line}"
        if indicator is not None:
            allowed = indicator.unit.split("|")
            if q.unit not in allowed:
                issues.append(
                    Issue(
                        cur_file,
                        row.line,
                        "quote",
                        f'unit "{q.unit}" of "{q.text}" disagrees with data/catalog.csv line {indicator.line} ({row.indicator_id} is in {indicator.unit}); pick another indicator or fix the catalog unit',
                    )
                )
            if indicator.kind == "rate" and not 0 <= q.value <= 100:
                issues.append(
                    Issue(
                        cur_file,
                        row.line,
                        "indicator_id",
                        f"{q.text} is {q.value} but {row.indicator_id} is a rate (0 to 100); a growth figure needs an indicator of kind change",
                    )
                )
        records.append(_record(row, found, article, indicator, published))

    for row in ignored.itertuples():
        article = _article(row, articles, ign_file, issues)
        found = locate(row, article, ign_file, issues) if article else None
        if found is None:
            continue
        key = (row.doc_id, found.quantity.start)
        if key in used:
            issues.append(
                Issue(
                    ign_file,
                    row.line,
                    "mention",
                    f'"{found.quantity.text}" at offset {key[1]} is already {used[key]}',
                )
            )
        used[key] = f"ignored on {ign_file} line {row.line}"

    table = pd.DataFrame.from_records(records, columns=INDICATOR_COLUMNS)
    _check_conflicts(table, cur_file, issues)
    if issues:
        raise DataError(issues)
    table = table.sort_values(["doc_id", "mention_start"], key=_doc_order(sources)).reset_index(
        drop=True
    )
    INDICATORS_SCHEMA.validate(table.astype({"value": float}))
    return table


def _article(row, articles: dict[str, Article], file: str, issues: list[Issue]) -> Article | None:
    article = articles.get(row.doc_id)
    if article is None and row.doc_id:
        issues.append(
            Issue(
                file,
                row.line,
                "doc_id",
                _unknown("doc_id", row.doc_id, articles, "data/raw/sources.csv"),
            )
        )
    return article


def _unknown(what: str, value: str, known, where: str) -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    hint = f'; did you mean "{close[0]}"?' if close else f"; add it to {where}"
    return f'unknown {what} "{value}"{hint}'


def _record(row, found: Located, article: Article, indicator, published: dict) -> dict:
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
        "published": published.get(row.doc_id, ""),
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


# ------------------------------------------------------------ completeness --


def uncurated_mentions(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Body mentions that are neither curated nor ignored, as curation rows ready to fill."""
    issues: list[Issue] = []
    sources = read_table(data_dir / "raw/sources.csv", SOURCES_SCHEMA, issues)
    articles = load_articles(data_dir, sources, issues)
    covered: set[tuple[str, int]] = set()
    locator = pa.DataFrameSchema(_LOCATOR)
    tables = {
        name: read_table(data_dir / name, locator, issues)
        for name in ("curation.csv", "ignored.csv")
    }
    if issues:  # the quotes cannot be located until these are fixed
        raise DataError(issues)
    for name, table in tables.items():
        for row in table.itertuples():
            article = articles.get(row.doc_id)
            found = locate(row, article, name, []) if article else None
            if found:
                covered.add((row.doc_id, found.quantity.start))
    rows = []
    for src in sources.itertuples():
        article = articles[src.doc_id]
        for q in article.mentions:
            if (src.doc_id, q.start) not in covered:
                quote, occurrence = suggest_quote(article, q)
                rows.append({
                    "doc_id": src.doc_id, "quote": quote, "mention": q.text, "occurrence": occurrence,
                    "indicator_id": "", "region": src.region, "as_of": src.published, "status": "actual",
                    "note": "", "start": q.start, "value": q.value, "unit": q.unit, "qualifier": q.qualifier,
                })  # fmt: skip
    return pd.DataFrame(rows, columns=["doc_id", "quote", "mention", "occurrence", "indicator_id", "region", "as_of", "status", "note", "start", "value", "unit", "qualifier"])  # fmt: skip


def suggest_quote(article: Article, q: Quantity, context: int = 12) -> tuple[str, str]:
    """The clause around a mention: back to the previous punctuation, at most `context` characters."""
    text = article.text
    left = q.start
    while left > 0 and q.start - left < context and text[left - 1] not in "，,。;；:：、!！?？\n":
        left -= 1
    quote = text[left : q.end]
    starts = body_occurrences(article, quote)
    occurrence = str(starts.index(left) + 1) if len(starts) > 1 else ""
    return quote, occurrence


# ------------------------------------------------------------------ write --


def write_indicators(
    table: pd.DataFrame, data_dir: Path = DATA_DIR, processed_dir: Path = PROCESSED_DIR
) -> Path:
    """Write indicators.csv and build.json atomically: readers never see half a file."""
    processed_dir.mkdir(parents=True, exist_ok=True)
    target = processed_dir / "indicators.csv"
    atomic_write(target, table.to_csv(index=False, lineterminator="\n"))
    inputs = sorted([*(data_dir / "raw").glob("*"), *data_dir.glob("*.csv")])
    manifest = {
        "indicators_sha256": sha256(target),
        "rows": len(table),
        "inputs": {_display(p): sha256(p) for p in inputs if p.is_file()},
    }
    atomic_write(
        processed_dir / "build.json", json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    )
    return target


# ------------------------------------------------------------------- load --


def _boolean(column: pd.Series) -> pd.Series:
    """ "true"/"false"/"" as a nullable boolean."""
    return column.map({"true": True, "false": False}).astype("boolean")


def load_indicators(path: Path = PROCESSED_DIR / "indicators.csv") -> pd.DataFrame:
    """The built indicator table, typed: categoricals for small vocabularies, dates as dates.

    >>> load_indicators()["qualifier"].cat.categories.tolist()[:3]
    ['exact', 'more_than', 'at_least']
    """
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; run `make data` to build it")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    categories = {
        "topic": pd.CategoricalDtype(TOPICS, ordered=True),
        "status": pd.CategoricalDtype(STATUSES),
        "kind": pd.CategoricalDtype(KINDS),
        "qualifier": pd.CategoricalDtype(QUALIFIERS),
    }
    return table.assign(
        value=pd.to_numeric(table["value"]),
        start=table["start"].astype(int),
        end=table["end"].astype(int),
        mention_start=table["mention_start"].astype(int),
        mention_end=table["mention_end"].astype(int),
        curation_line=table["curation_line"].astype(int),
        as_of=pd.to_datetime(table["as_of"]),
        published=pd.to_datetime(table["published"]),
        higher_is_better=_boolean(table["higher_is_better"]),
        note=table["note"],
        **{c: table[c] if c in table else "" for c in ("numerator_id", "gap_of", "gap_direction")},
        **{c: table[c].astype(t) for c, t in categories.items()},
        **{c: table[c].astype("category") for c in ("doc_id", "indicator_id", "region", "unit")},
    )


def load_catalog(path: Path = DATA_DIR / "catalog.csv") -> pd.DataFrame:
    """The indicator catalog, typed."""
    catalog = pd.read_csv(path, dtype=str, keep_default_na=False)
    return catalog.assign(
        topic=catalog["topic"].astype(pd.CategoricalDtype(TOPICS, ordered=True)),
        kind=catalog["kind"].astype(pd.CategoricalDtype(KINDS)),
        higher_is_better=_boolean(catalog["higher_is_better"]),
    )


def load_sources(path: Path = DATA_DIR / "raw/sources.csv") -> pd.DataFrame:
    """One row per article, `published` as a date."""
    sources = pd.read_csv(path, dtype=str, keep_default_na=False)
    return sources.assign(published=pd.to_datetime(sources["published"]))


def load_regions(path: Path = DATA_DIR / "regions.csv") -> pd.DataFrame:
    """Regions with their level and parent."""
    regions = pd.read_csv(path, dtype=str, keep_default_na=False)
    return regions.assign(level=regions["level"].astype(pd.CategoricalDtype(LEVELS, ordered=True)))


# --------------------------------------------------------------- overview --


def articles_summary(indicators: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per article: date, region, publisher, facts, of which targets."""
    counts = indicators.groupby("doc_id", observed=True).agg(
        facts=("obs_id", "size"), targets=("status", lambda s: int((s == "target").sum()))
    )
    return (
        sources.set_index("doc_id")[["published", "region", "publisher", "source_file"]]
        .join(counts, how="inner")
        .sort_values("published")
    )


def trace_examples(indicators: pd.DataFrame, n: int = 6) -> pd.DataFrame:
    """A few rows showing how a value traces to its quote: one per article, bounds first."""
    ranked = indicators.assign(bound=indicators["qualifier"] != "exact").sort_values(
        ["bound", "obs_id"], ascending=[False, True]
    )
    picked = ranked.groupby("doc_id", observed=True).head(1).head(n)
    return picked[
        [
            "obs_id",
            "indicator_en",
            "quote",
            "start",
            "end",
            "mention",
            "value",
            "unit",
            "qualifier",
            "as_of",
            "status",
        ]
    ]
