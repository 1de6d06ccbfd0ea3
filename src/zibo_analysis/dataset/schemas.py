"""What the data files must look like, and how a problem in them is reported.

Every problem found is an `Issue` naming its file, line and field; the build
collects them all and raises one `DataError`.

>>> str(Issue("data/curation.csv", 41, "quote", "not found"))
'data/curation.csv line 41, quote: not found'
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from zibo_analysis.quantities import QUALIFIERS

TOPICS = ("health_care", "public_health", "insurance", "employment", "entrepreneurship")
KINDS = ("stock", "cumulative", "flow", "rate", "ratio", "change")
STATUSES = ("actual", "target")
LEVELS = ("province", "city", "district")


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
LOCATOR = {
    "doc_id": _text(_NON_EMPTY),
    "quote": _text(_NON_EMPTY),
    "mention": _text(),
    "occurrence": _text(pa.Check.str_matches(r"^([1-9][0-9]*)?$", error="must be empty or a positive whole number")),
}  # fmt: skip
CURATION_SCHEMA = pa.DataFrameSchema(
    {
        **LOCATOR,
        "indicator_id": _text(_NON_EMPTY),
        "region": _text(_NON_EMPTY),
        "as_of": _text(_DATE),
        "status": _text(_one_of(STATUSES)),
        "note": _text(),
    }
)
IGNORED_SCHEMA = pa.DataFrameSchema({**LOCATOR, "reason": _text(_NON_EMPTY)})

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
    name = display_name(path)
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


def display_name(path: Path) -> str:
    """A data file's name as a user sees it: data/curation.csv, whatever the root."""
    parts = path.parts
    return (
        "/".join(parts[len(parts) - 1 - parts[::-1].index("data") :])
        if "data" in parts
        else str(path)
    )
