"""The reference catalog: the standard indicators of Chinese health and employment statistics.

``data/reference/indicators.csv`` holds one row per indicator as the national statistical
bulletins (卫生健康事业发展统计公报, 人力资源和社会保障事业发展统计公报, 医疗保障事业发展统计公报),
the Healthy China action and the five-year plans name them: the catalog's columns, then
``change_of`` and ``change_base`` (for a change, the indicator it changes and its base) and
the code of the matching WHO GHO, SDG or ILOSTAT indicator where one exists.
``data/reference/synonyms.csv`` maps each other name or short form (床位数, 医保参保人数)
to the one indicator it names. The project's ``data/catalog.csv`` stays the analyst's; rows
come from the reference with `add_to_catalog` (``zibo-analysis catalog add ID ...``).

>>> reference = load_reference()
>>> reference.set_index("indicator_id").loc["infant_mortality_rate", ["name_zh", "unit", "gho_code"]].tolist()
['婴儿死亡率', 'per_mille', 'MDG_0000000001']
>>> load_synonyms().query("synonym == '平均住院日'")["indicator_id"].tolist()
['average_length_of_stay']
"""

from __future__ import annotations

import csv
import io
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from zibo_analysis.config import DATA_DIR, REFERENCE_DIR
from zibo_analysis.dataset.csvfile import append_records
from zibo_analysis.dataset.schemas import (
    CATALOG_SCHEMA,
    CHANGE_BASES,
    KINDS,
    TOPICS,
    DataError,
    Issue,
    display_name,
    read_table,
)
from zibo_analysis.files import atomic_write
from zibo_analysis.quantities.units import REPORTED_UNITS
from zibo_analysis.vocab import closest, unknown

__all__ = [
    "CODE_PATTERNS",
    "LINKS",
    "REFERENCE_SCHEMA",
    "SYNONYMS_SCHEMA",
    "add_to_catalog",
    "catalog_needs",
    "catalog_rows",
    "check_reference",
    "load_reference",
    "load_synonyms",
    "term_key",
]

# What a well-formed code of each scheme looks like (the scheme's own spelling).
CODE_PATTERNS = {
    "gho_code": r"^[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)*$",  # WHOSIS_000001, GHED_CHEGDP_SHA2011
    "sdg_code": r"^(?:[1-9]|1[0-7])\.(?:[1-9]|1[0-9]|[a-d])\.[1-9]$",  # 3.1.1, 3.b.1
    "ilo_code": r"^[A-Z]{3}_[A-Z0-9]{4}(?:_[A-Z0-9]+)+$",  # UNE_DEAP_SEX_AGE_RT
}
# Columns that name another indicator of the same table.
LINKS = ("numerator_id", "gap_of", "change_of")


def _units_known(unit: pd.Series) -> pd.Series:
    return unit.map(lambda u: all(part in REPORTED_UNITS for part in u.split("|")))


def _code(column: str) -> pa.Column:
    pattern = CODE_PATTERNS[column]
    return pa.Column(
        str,
        pa.Check(
            lambda s: (s == "") | s.str.match(pattern),
            error=f"must be empty or a code like {pattern}",
        ),
    )


_UNIT = pa.Check(
    _units_known,
    error="must be units the extractor reports (percent, per_mille, per_100k, percentage_point, "
    "yuan or a measure word such as 个, 人次, 张), several joined by |",
)
_COLUMNS = dict(CATALOG_SCHEMA.columns)  # the catalog's columns and checks, in its order
_COLUMNS.setdefault("change_of", pa.Column(str))
_COLUMNS.setdefault("change_base", pa.Column(str))
_COLUMNS.update(
    name_zh=pa.Column(
        str,
        pa.Check.str_length(min_value=1, error="must not be empty"),
        unique=True,
        report_duplicates="exclude_first",
    ),
    unit=pa.Column(str, _UNIT),
    change_base=pa.Column(
        str,
        pa.Check.isin(
            [*CHANGE_BASES, ""], error="must be empty or one of " + ", ".join(CHANGE_BASES)
        ),
    ),
    **{column: _code(column) for column in CODE_PATTERNS},
)
REFERENCE_SCHEMA = pa.DataFrameSchema(_COLUMNS, strict=True)
SYNONYMS_SCHEMA = pa.DataFrameSchema(
    {
        "synonym": pa.Column(str, pa.Check.str_length(min_value=1, error="must not be empty")),
        "indicator_id": pa.Column(str, pa.Check.str_length(min_value=1, error="must not be empty")),
    },
    strict=True,
)


def term_key(term: str) -> str:
    """How two names are compared: full-width and half-width forms alike, case ignored.

    >>> term_key("执业（助理）医师数") == term_key("执业(助理)医师数")
    True
    """
    return unicodedata.normalize("NFKC", term).casefold().strip()


# ---------------------------------------------------------------- loading --


def load_reference(path: Path = REFERENCE_DIR / "indicators.csv") -> pd.DataFrame:
    """The reference indicators, typed as `load_catalog` types the catalog.

    Raises `DataError` (file, line, field) when the file does not meet `REFERENCE_SCHEMA`.

    >>> load_reference()["kind"].cat.categories.tolist()
    ['stock', 'cumulative', 'flow', 'rate', 'ratio', 'change']
    """
    table = _read(path, REFERENCE_SCHEMA)
    return table.assign(
        topic=table["topic"].astype(pd.CategoricalDtype(TOPICS, ordered=True)),
        kind=table["kind"].astype(pd.CategoricalDtype(KINDS)),
        higher_is_better=table["higher_is_better"]
        .map({"true": True, "false": False})
        .astype("boolean"),
    )


def load_synonyms(path: Path = REFERENCE_DIR / "synonyms.csv") -> pd.DataFrame:
    """The synonyms and short forms of the reference indicators: ``synonym, indicator_id``."""
    return _read(path, SYNONYMS_SCHEMA)


def _read(path: Path, schema: pa.DataFrameSchema) -> pd.DataFrame:
    issues: list[Issue] = []
    table = read_table(path, schema, issues, rows=True)
    if issues:
        raise DataError(issues)
    return table.drop(columns="line").reset_index(drop=True)


# --------------------------------------------------------------- checking --


def check_reference(
    directory: Path = REFERENCE_DIR, catalog: Path | None = DATA_DIR / "catalog.csv"
) -> list[Issue]:
    """Every problem of the reference catalog, each with its file, line and field.

    Beyond the schemas: each link names an indicator of the reference; a change names what
    it changes and its base, and only a change does; every synonym names one known
    indicator and no name or synonym stands for two indicators (full-width and half-width
    forms compared alike); and an id that ``catalog`` also holds has the same topic, kind
    and a unit in common there, so that the project's curations keep their meaning.

    >>> check_reference()
    []
    """
    issues: list[Issue] = []
    indicators_csv, synonyms_csv = directory / "indicators.csv", directory / "synonyms.csv"
    reference = read_table(indicators_csv, REFERENCE_SCHEMA, issues, rows=True)
    synonyms = read_table(synonyms_csv, SYNONYMS_SCHEMA, issues, rows=True)
    file, synonyms_file = display_name(indicators_csv), display_name(synonyms_csv)
    lines = dict(zip(reference["indicator_id"], reference["line"], strict=True))
    for row in reference.itertuples():
        for link in LINKS:
            target = getattr(row, link)
            if target and target not in lines:
                issues.append(Issue(file, row.line, link, unknown("indicator", target, lines)))
            elif target == row.indicator_id:
                issues.append(Issue(file, row.line, link, "names the indicator itself"))
        is_change = row.kind == "change"
        if is_change and not (row.change_of or row.gap_of):
            issues.append(
                Issue(file, row.line, "change_of", "a change must name the indicator it changes")
            )
        if is_change and row.change_of and not row.change_base:
            issues.append(
                Issue(
                    file,
                    row.line,
                    "change_base",
                    "a change must name its base: " + ", ".join(CHANGE_BASES),
                )
            )
        if not is_change and (row.change_of or row.change_base):
            issues.append(
                Issue(
                    file,
                    row.line,
                    "kind",
                    f"is {row.kind}, but change_of or change_base is set; only a change has them",
                )
            )
    named: dict[str, tuple[str, str, int]] = {}  # term -> (indicator, file, line) naming it first
    terms = [(r.name_zh, r.indicator_id, file, r.line, "name_zh") for r in reference.itertuples()]
    terms += [
        (r.synonym, r.indicator_id, synonyms_file, r.line, "synonym") for r in synonyms.itertuples()
    ]
    for term, indicator, where, line, field in terms:
        if field == "synonym" and indicator not in lines:
            issues.append(
                Issue(where, line, "indicator_id", unknown("indicator", indicator, lines))
            )
        elif (first := named.setdefault(term_key(term), (indicator, where, line))) != (
            indicator,
            where,
            line,
        ):
            owner = "already a name" if first[0] == indicator else f"a name of {first[0]}, not"
            issues.append(
                Issue(
                    where,
                    line,
                    field,
                    (
                        f'"{term}" is {owner} of {indicator} ({first[1]} line {first[2]}); each '
                        "name stands for one indicator, once"
                    ),
                )
            )
    if catalog is not None and catalog.exists():
        issues += _agrees_with_catalog(reference, file, catalog)
    return issues


def _agrees_with_catalog(reference: pd.DataFrame, file: str, catalog: Path) -> list[Issue]:
    """An id in both tables means the same there: same topic and kind, a unit in common."""
    theirs = read_table(catalog, CATALOG_SCHEMA, [], rows=False)  # its own problems: the build's
    theirs = theirs.drop_duplicates("indicator_id").set_index("indicator_id")
    issues = []
    for row in reference[reference["indicator_id"].isin(theirs.index)].itertuples():
        other = theirs.loc[row.indicator_id]
        differs = [c for c in ("topic", "kind") if getattr(row, c) != other[c]]
        if not set(row.unit.split("|")) & set(other["unit"].split("|")):
            differs.append("unit")
        for column in differs:
            issues.append(
                Issue(
                    file,
                    row.line,
                    column,
                    (
                        f'{row.indicator_id} is {column} "{getattr(row, column)}" here but '
                        f'"{other[column]}" in {display_name(catalog)}; an id keeps one meaning: '
                        "align them, or give the reference indicator another id"
                    ),
                )
            )
    return issues


# ---------------------------------------------------- rows for the catalog --


def catalog_rows(
    indicator_ids: Iterable[str], columns: Iterable[str], reference: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The reference rows of ``indicator_ids`` as text, in the order and with the ``columns``
    of a catalog (a column the reference lacks is left empty).

    >>> catalog_rows(["beds_per_1000"], ["indicator_id", "unit", "kind", "note"]).values.tolist()
    [['beds_per_1000', '张', 'ratio', '']]
    """
    reference = load_reference() if reference is None else reference
    indexed = reference.astype({"higher_is_better": object}).set_index("indicator_id", drop=False)
    rows = indexed.loc[list(indicator_ids)]
    text = {
        c: rows[c].map(_as_text) if c in rows else pd.Series("", index=rows.index) for c in columns
    }
    return pd.DataFrame(text).reset_index(drop=True)


def catalog_needs(
    indicator_ids: Iterable[str], catalog_ids: Iterable[str], reference: pd.DataFrame | None = None
) -> list[str]:
    """The reference ids among ``indicator_ids`` that the catalog (``catalog_ids``) lacks, and
    the indicators they link to (a rate's numerator, a change's level) that it lacks too: what
    ``zibo-analysis catalog add`` needs for them, in the order given, links after.

    >>> catalog_needs(["urban_new_jobs", "pension_coverage_rate", "not_a_reference_id"], ["urban_new_jobs"])
    ['pension_coverage_rate', 'pension_insured']
    """
    reference = load_reference() if reference is None else reference
    rows = reference.set_index("indicator_id")
    have = set(catalog_ids)
    needed: list[str] = []
    todo = [i for i in dict.fromkeys(indicator_ids) if i in rows.index]
    while todo:
        indicator = todo.pop(0)
        if indicator in have or indicator in needed:
            continue
        needed.append(indicator)
        todo += [rows.at[indicator, c] for c in LINKS if c in rows and rows.at[indicator, c]]
    return needed


def _as_text(value: object) -> str:
    """A cell as the catalog writes it: true/false for booleans, empty for missing."""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    return "" if pd.isna(value) else str(value)


def add_to_catalog(
    indicator_ids: Iterable[str],
    catalog: Path = DATA_DIR / "catalog.csv",
    reference: pd.DataFrame | None = None,
    write: bool = True,
) -> pd.DataFrame:
    """Append the reference rows of ``indicator_ids`` to ``catalog``; return the rows added.

    The catalog keeps every byte it had (its rows, line endings, BOM): the new rows are
    appended in its column order, and the whole file is read back through the build's strict
    checks before it replaces the old one atomically. Nothing is written when an id is
    unknown or already in the catalog, when a link (``numerator_id``, ``gap_of``,
    ``change_of``, where the catalog has the column) names an indicator in neither, when the
    catalog already uses the Chinese name, or when the catalog has problems of its own;
    `DataError` lists them all. ``write=False`` checks and returns the rows only. A
    missing catalog is created with the catalog's header.

    >>> import tempfile
    >>> catalog = Path(tempfile.mkdtemp()) / "data" / "catalog.csv"
    >>> add_to_catalog(["beds_per_1000"], catalog)[["indicator_id", "unit", "kind"]].values.tolist()
    [['beds_per_1000', '张', 'ratio']]
    >>> catalog.read_text(encoding="utf-8").splitlines()[1].split(",")[:2]
    ['beds_per_1000', '每千人口医疗卫生机构床位数']
    """
    reference = load_reference() if reference is None else reference
    wanted = list(dict.fromkeys(indicator_ids))
    name = display_name(catalog)
    issues: list[Issue] = []
    raw = (
        catalog.read_bytes()
        if catalog.exists()
        else ",".join(CATALOG_SCHEMA.columns).encode() + b"\n"
    )
    existing = read_table(catalog, CATALOG_SCHEMA, issues, rows=False) if catalog.exists() else None
    if issues:
        raise DataError(
            [*issues, Issue(name, None, None, "fix these problems first; nothing was added")]
        )
    if existing is None:
        existing = pd.DataFrame(columns=[*CATALOG_SCHEMA.columns, "line"])
    text = raw.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    known = set(reference["indicator_id"])
    at_line = dict(zip(existing["indicator_id"], existing["line"], strict=True))
    named = dict(zip(existing["name_zh"].map(term_key), existing["indicator_id"], strict=True))
    rows = catalog_rows([i for i in wanted if i in known], header, reference)
    by_id = dict(zip(rows["indicator_id"], rows.to_dict("records"), strict=True))
    for indicator in wanted:  # the problems in the order of the ids given
        row = by_id.get(indicator)
        if row is None:
            issues.append(Issue("catalog add", None, None, _unknown_id(indicator, reference)))
            continue
        if indicator in at_line:
            issues.append(
                Issue(
                    name,
                    at_line[indicator],
                    "indicator_id",
                    (
                        f"{indicator} is already in the catalog; its row stays as it is (edit it "
                        f"there, or leave {indicator} out)"
                    ),
                )
            )
            continue
        if (same := named.get(term_key(row["name_zh"]))) is not None:
            issues.append(
                Issue(
                    name,
                    at_line[same],
                    "name_zh",
                    (
                        f'"{row["name_zh"]}" is already the name of {same}; curate with {same}, or '
                        f"rename it to {indicator} in the catalog and the curation"
                    ),
                )
            )
        for link in (c for c in LINKS if c in header and row[c]):
            if row[link] not in at_line and row[link] not in wanted:
                issues.append(
                    Issue(
                        "catalog add",
                        None,
                        None,
                        (
                            f"{indicator}: its {link} {row[link]} is neither in {name} nor among "
                            "the ids given; add both: zibo-analysis catalog add "
                            f"{' '.join(wanted)} {row[link]}"
                        ),
                    )
                )
    if issues:
        raise DataError(issues)
    new = append_records(raw, rows.values.tolist())
    _check_as_catalog(new, name)
    if write:
        atomic_write(catalog, new)
    return rows


def _unknown_id(value: str, reference: pd.DataFrame) -> str:
    """Why ``value`` is not a reference id, and the id it most likely means.

    >>> _unknown_id("城镇调查失业率", load_reference())
    '"城镇调查失业率" is the Chinese name of urban_surveyed_unemployment_rate; give its id'
    """
    synonyms = load_synonyms()
    names = dict(zip(reference["name_zh"].map(term_key), reference["indicator_id"], strict=True))
    names.update(zip(synonyms["synonym"].map(term_key), synonyms["indicator_id"], strict=True))
    if term_key(value) in names:
        return f'"{value}" is the Chinese name of {names[term_key(value)]}; give its id'
    if value.isascii():
        return unknown("reference indicator", value, reference["indicator_id"])
    near = closest(term_key(value), names)
    hint = f"; did you mean {names[near[0]]} ({near[0]})?" if near else ""
    return f'unknown reference indicator "{value}"{hint} (give an id such as beds_per_1000)'


def _check_as_catalog(content: bytes, name: str) -> None:
    """Read ``content`` as the build reads data/catalog.csv; raise DataError on any problem."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "data", "catalog.csv")
        path.parent.mkdir()
        path.write_bytes(content)
        issues: list[Issue] = []
        read_table(path, CATALOG_SCHEMA, issues)
    if issues:
        raise DataError([*issues, Issue(name, None, None, "the rows were not added")])
