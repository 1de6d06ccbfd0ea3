"""What the data files must look like; a problem in them is an `Issue` (see `issues`).

>>> str(Issue("data/curation.csv", 41, "quote", "not found"))
'data/curation.csv line 41, quote: not found'
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from zibo_analysis.dataset.columns import INDICATOR_TABLE, IndicatorColumn
from zibo_analysis.dataset.csvfile import Record, parse_csv
from zibo_analysis.dataset.issues import (
    DataError as DataError,  # re-exported: read with the schemas
)
from zibo_analysis.dataset.issues import Issue, display_name
from zibo_analysis.files import NotRegularFile, read_regular
from zibo_analysis.quantities import QUALIFIERS
from zibo_analysis.vocab import CHANGE_BASES, FLAG_KINDS, closest

# The catalog's small vocabularies, each value with what it covers (README lists them).
TOPIC_SCOPE = {
    "health_care": "health resources and medical services: institutions, beds, staff, visits, "
    "admissions, efficiency, costs, health spending, traditional Chinese medicine",
    "public_health": "population health and prevention: life expectancy, mortality, infectious and "
    "chronic disease, screening, vaccination, maternal and child health, basic public-health "
    "services, family doctors, elderly care, childcare",
    "insurance": "medical and social insurance: insured persons by scheme, funds, benefits, "
    "reimbursement, medical assistance, social security cards",
    "employment": "jobs and the labour market: new jobs, unemployment, re-employment, graduates, "
    "skills and training, wages, migrant workers, labour relations",
    "entrepreneurship": "starting businesses: start-up loans and subsidies, incubators, supported "
    "entrepreneurs and the jobs they create",
}
KIND_MEANING = {
    "stock": "a level at a date: institutions, beds, insured persons at the end of the year",
    "cumulative": "a running total since a stated start (累计): loans issued since the scheme began",
    "flow": "a count over a period, compared only with the same period (同比): visits, new jobs",
    "rate": "a share of a population, in percent, per mille or per 100,000: coverage, mortality",
    "ratio": "an average, a quantity per head, or one quantity against another that may pass 100%: "
    "beds per 1,000 people, average stay, cost per visit, a target's completion",
    "change": "a difference from a base (change_of names the indicator it changes): 比上年增加",
}
TOPICS = tuple(TOPIC_SCOPE)
KINDS = tuple(KIND_MEANING)
# Kinds whose values may be below zero: a change (同比减少 is negative). Every other kind
# counts or shares something, and is zero or more.
SIGNED_KINDS = ("change",)
STATUSES = ("actual", "target")
GAP_DIRECTIONS = ("below", "above")  # a gap in percentage points: below or above its target
# The levels of data/regions.csv (its `level` column); the gazetteer facts/ reads has its own,
# facts.place.LEVELS (country, province, city, county): a word with one meaning each.
REGION_LEVELS = ("country", "province", "city", "district")


# ---------------------------------------------------------------- schemas --

_NON_EMPTY = pa.Check.str_length(min_value=1, error="must not be empty")
_DATE = pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$", error="must be a date as YYYY-MM-DD")
_DATE_OR_EMPTY = pa.Check.str_matches(
    r"^(\d{4}-\d{2}-\d{2})?$", error="must be empty or a date as YYYY-MM-DD"
)
_DATES = pa.Check.str_matches(
    r"^\d{4}-\d{2}-\d{2}(, \d{4}-\d{2}-\d{2})*$",
    error="must be the flag's dates as YYYY-MM-DD, separated by a comma and a space",
)


def _one_of(values: tuple[str, ...]) -> pa.Check:
    return pa.Check.isin(values, error="must be one of " + ", ".join(values))


def _text(*checks: pa.Check, unique: bool = False) -> pa.Column:
    return pa.Column(str, list(checks), unique=unique, report_duplicates="exclude_first")


SOURCES_SCHEMA = pa.DataFrameSchema(
    {
        "doc_id": _text(
            pa.Check.str_matches(
                r"^[a-z0-9][a-z0-9-]*$", error="must be lower-case letters, digits and -"
            ),
            unique=True,
        ),
        "source_file": _text(
            pa.Check.str_matches(r"^[^/\\]+\.txt$", error="must be a .txt file name in data/raw/"),
            unique=True,
        ),
        "published": _text(_DATE),
        "region": _text(_NON_EMPTY),
        "publisher": _text(_NON_EMPTY),
        "title": _text(_NON_EMPTY),
        "body_from": _text(_NON_EMPTY),
        "body_to": _text(_NON_EMPTY),
        "exclude_from": _text(),
        "exclude_to": _text(),
        "sha256": _text(
            pa.Check.str_matches(r"^[0-9a-f]{64}$", error="must be the file's SHA-256 in hex")
        ),
        "date_evidence": _text(_NON_EMPTY),
    },
    strict=True,  # an unknown column is an error: its data would be dropped unseen
)
REGIONS_SCHEMA = pa.DataFrameSchema(
    {
        "region_id": _text(_NON_EMPTY, unique=True),
        "name_zh": _text(_NON_EMPTY),
        "name_en": _text(_NON_EMPTY),
        "level": _text(_one_of(REGION_LEVELS)),
        "parent_id": _text(),
    },
    strict=True,
)
CATALOG_SCHEMA = pa.DataFrameSchema(
    {
        "indicator_id": _text(
            pa.Check.str_matches(r"^[a-z][a-z0-9_]*$", error="must be snake_case English"),
            unique=True,
        ),
        "name_zh": _text(_NON_EMPTY),
        "name_en": _text(_NON_EMPTY),
        "topic": _text(_one_of(TOPICS)),
        "unit": _text(_NON_EMPTY),
        "kind": _text(_one_of(KINDS)),
        "higher_is_better": _text(_one_of(("true", "false", ""))),
        "definition": _text(_NON_EMPTY),
        "numerator_id": pa.Column(str, required=False),
        "gap_of": pa.Column(str, required=False),
        "gap_direction": pa.Column(str, _one_of((*GAP_DIRECTIONS, "")), required=False),
        "change_of": pa.Column(str, required=False),
        "change_base": pa.Column(str, _one_of(("", *CHANGE_BASES)), required=False),
    },
    strict=True,
)
LOCATOR = {
    "doc_id": _text(_NON_EMPTY),
    "quote": _text(_NON_EMPTY),
    "mention": _text(),
    "occurrence": _text(
        pa.Check.str_matches(r"^([1-9][0-9]*)?$", error="must be empty or a positive whole number")
    ),
}
CURATION_SCHEMA = pa.DataFrameSchema(
    {
        **LOCATOR,
        "indicator_id": _text(),  # an empty one is reported by the build, with the note's proposal
        "region": _text(_NON_EMPTY),
        "as_of": _text(_DATE),
        # optional, so that a curation file written before it still reads: empty then
        "period_start": pa.Column(str, _DATE_OR_EMPTY, required=False),
        "status": _text(_one_of(STATUSES)),
        "note": _text(),
    },
    strict=True,
)
IGNORED_SCHEMA = pa.DataFrameSchema({**LOCATOR, "reason": _text(_NON_EMPTY)}, strict=True)
# data/reviewed_flags.csv: quality flags an analyst has looked at, keyed as the flag is
# (its kind, indicator, region and dates), with the analyst's words.
REVIEWED_SCHEMA = pa.DataFrameSchema(
    {
        "kind": _text(_one_of(FLAG_KINDS)),
        "indicator_id": _text(_NON_EMPTY),
        "region": _text(_NON_EMPTY),
        "as_of": _text(_DATES),
        "note": _text(_NON_EMPTY),
    },
    strict=True,
)


def vocabulary(name: str) -> tuple[str, ...]:
    """The values of a vocabulary an indicator column names (`columns.IndicatorColumn`)."""
    return {
        "topics": TOPICS,
        "kinds": KINDS,
        "statuses": STATUSES,
        "qualifiers": QUALIFIERS,
        "gap_directions": GAP_DIRECTIONS,
        "change_bases": CHANGE_BASES,
    }[name]


def _indicator_column(column: IndicatorColumn) -> pa.Column:
    """A column of the built table as the build holds it before writing it: text, whole
    numbers, numbers, dates as YYYY-MM-DD and booleans as true/false (or empty, where
    ``optional``)."""
    empty = ("",) if column.optional else ()
    if column.type == "integer":
        return pa.Column(int, pa.Check.ge(0))
    if column.type == "number":
        return pa.Column(float)
    if column.type == "date":
        return pa.Column(str, _DATE_OR_EMPTY if column.optional else _DATE)
    if column.type == "boolean":
        return pa.Column(str, _one_of(("true", "false", *empty)))
    if column.vocabulary:
        return pa.Column(str, _one_of((*vocabulary(column.vocabulary), *empty)))
    return pa.Column(
        str, None if column.optional or not column.key else _NON_EMPTY, unique=column.key
    )


INDICATORS_SCHEMA = pa.DataFrameSchema(
    {column.name: _indicator_column(column) for column in INDICATOR_TABLE},
    checks=[
        pa.Check(lambda df: df["end"] > df["start"], error="end must follow start"),
        pa.Check(
            lambda df: (df["value"] >= 0) | df["kind"].isin(SIGNED_KINDS),
            error="a value below zero belongs to an indicator of kind change",
        ),
    ],
    strict=True,
    ordered=True,
)


# ----------------------------------------------------------------- tables --

FILL_HINT = {
    "sources.csv": "add a row for each article saved in data/raw/",
    "regions.csv": "add the regions that sources.csv and curation.csv name",
    "catalog.csv": "add a row for each indicator",
    "curation.csv": "there are no facts to build; list the mentions to curate with "
    "`zibo-analysis candidates DOC_ID`",
}  # files not named here may have a header and no rows (ignored.csv)


def read_table(
    path: Path, schema: pa.DataFrameSchema, issues: list[Issue], rows: bool | None = None
) -> pd.DataFrame:
    """A CSV of strings with a `line` column, checked against `schema`; problems go to `issues`.

    Rows that cannot be read, or fail a check, are reported and left out (so that nothing
    downstream trips on them): ``table.attrs["unread"]`` maps the first field
    of each to its line; ``table.attrs["readable"]`` is False when the whole file could
    not be read. A header with no rows is a problem when ``rows`` is true (by default for
    the files named in `FILL_HINT`).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "data" / "regions.csv"
    >>> path.parent.mkdir()
    >>> _ = path.write_text("region_id,name_zh,name_en,level,parent_id\\n\\n"
    ...                     "Zibo,淄博市,Zibo,city,Shandong\\nZhangdian,张店区,Zhangdian,district\\n", "utf-8")
    >>> issues = []
    >>> read_table(path, REGIONS_SCHEMA, issues)[["region_id", "line"]].values.tolist()
    [['Zibo', 3]]
    >>> print(*issues)  # doctest: +NORMALIZE_WHITESPACE
    data/regions.csv line 4, parent_id: missing: the row has 4 fields but the header has 5;
    add the missing fields (empty ones too, as in a,,b)
    """
    name, columns = display_name(path), list(schema.columns)
    unreadable = pd.DataFrame(columns=[*columns, "line"]).astype(object)
    unreadable.attrs.update(unread={}, readable=False)

    def add(line: int | None, field: str | None, message: str) -> None:
        issues.append(Issue(name, line, field, message))

    text = _read_text(path, columns, add)
    records = parse_csv(text) if text is not None else []
    if text is not None and not records:
        add(1, None, f"is empty; it needs at least the header line: {','.join(columns)}")
    if not records or not _header_is_usable(records[0], schema, add):
        return unreadable
    header, body = records[0].fields, records[1:]
    unread: dict[str, int] = {}
    for record in (r for r in body if r.problem):
        line, index, message = record.problem
        add(line, header[index] if index < len(header) else f"field {index + 1}", message)
        unread.setdefault(record.fields[0] if record.fields else "", record.line)
    if not body and (rows if rows is not None else path.name in FILL_HINT):
        hint = FILL_HINT.get(path.name, "add one")
        add(records[0].line, None, f"has a header but no rows; {hint}")
        return unreadable
    good = [r for r in body if not r.problem]
    table = pd.DataFrame([r.fields for r in good], columns=header, dtype=object)
    for c in columns:
        if c not in table:
            table[c] = ""  # an optional column
    if schema.strict:
        table = table[columns]  # unknown columns are reported with the header
    failed: set[int] = set()
    try:
        schema.validate(table, lazy=True)
    except SchemaErrors as err:
        for case in err.failure_cases.itertuples():
            record = good[int(case.index)] if pd.notna(case.index) else None
            if record is not None:
                failed.add(int(case.index))
            at = header.index(case.column) if case.column in header else 0
            line = record.lines[at] if record else None
            got = repr(case.failure_case)
            issues.append(
                Issue(
                    name,
                    line,
                    case.column,
                    f"{case.check} (got {got})",
                    str(case.check),
                    f"got {got}",
                )
            )
    table = table.assign(line=[r.line for r in good])
    # A row that fails a check is reported once, above, and checked no further: what it names
    # is counted as unread, as for a row that could not be read at all.
    for i in sorted(failed):
        unread.setdefault(good[i].fields[0] if good[i].fields else "", good[i].line)
    table = table.drop(index=sorted(failed)).reset_index(drop=True)
    table.attrs.update(unread=unread, readable=True)
    return table


def _read_text(path: Path, columns: list[str], add) -> str | None:
    """The file's text, or None after reporting that it is missing, unreadable or not UTF-8."""
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        add(None, None, f"file is missing; create it with the header line: {','.join(columns)}")
        return None
    except NotRegularFile as err:
        add(None, None, f"{err}; save the table as a CSV file")
        return None
    except OSError as err:
        add(None, None, f"cannot be read ({err.strerror})")
        return None
    try:
        return raw.decode("utf-8-sig")  # a BOM, as spreadsheet programs write, is fine
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        add(line, None, f"not UTF-8 (byte 0x{raw[err.start]:02x}); save the file as UTF-8")
        return None


def _header_is_usable(head: Record, schema: pa.DataFrameSchema, add) -> bool:
    """Report what is wrong with the header; False if the rows cannot be read by it."""
    if head.problem:
        add(head.problem[0], None, f"in the header, {head.problem[2]}")
        return False
    header, expected = head.fields, list(schema.columns)
    usable = True
    missing = [c for c, column in schema.columns.items() if column.required and c not in header]
    if missing:
        add(
            head.line,
            None,
            f"missing column(s) {', '.join(missing)}; expected {', '.join(expected)}",
        )
        usable = False
    for i, column in enumerate(header):
        if column in header[:i]:
            first = header.index(column) + 1
            add(
                head.lines[i],
                column,
                f"column named twice (fields {first} and {i + 1}); remove one",
            )
            usable = False
        elif column not in schema.columns and schema.strict:
            close = closest(column, expected)
            hint = f'did you mean "{close[0]}"? ' if close else ""
            add(
                head.lines[i],
                column or f"field {i + 1}",
                f"unknown column; {hint}expected {', '.join(expected)}",
            )
    return usable
