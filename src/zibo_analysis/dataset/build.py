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

import difflib
import json
from pathlib import Path

import pandas as pd

from zibo_analysis.config import DATA_DIR, PROCESSED_DIR
from zibo_analysis.dataset.articles import Article, Located, load_articles, locate, sha256
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
    sources = read_table(data_dir / "raw/sources.csv", SOURCES_SCHEMA, issues)
    regions = read_table(data_dir / "regions.csv", REGIONS_SCHEMA, issues)
    catalog = read_table(data_dir / "catalog.csv", CATALOG_SCHEMA, issues)
    curation = read_table(data_dir / "curation.csv", CURATION_SCHEMA, issues)
    ignored = read_table(data_dir / "ignored.csv", IGNORED_SCHEMA, issues)
    articles = load_articles(data_dir, sources.drop_duplicates("doc_id"), issues)
    cur_file, ign_file = (
        display_name(data_dir / "curation.csv"),
        display_name(data_dir / "ignored.csv"),
    )

    region_ids = set(regions["region_id"])
    for src in sources.itertuples():
        if src.region not in region_ids:
            issues.append(
                Issue(
                    display_name(data_dir / "raw/sources.csv"),
                    src.line,
                    "region",
                    _unknown("region", src.region, region_ids, "data/regions.csv"),
                )
            )
    for r in regions.itertuples():
        if r.parent_id and r.parent_id not in region_ids:
            issues.append(
                Issue(
                    display_name(data_dir / "regions.csv"),
                    r.line,
                    "parent_id",
                    _unknown("region", r.parent_id, region_ids, "data/regions.csv"),
                )
            )

    catalog_by_id = {c.indicator_id: c for c in catalog.itertuples()}
    catalog_file = display_name(data_dir / "catalog.csv")
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
        "inputs": {display_name(p): sha256(p) for p in inputs if p.is_file()},
    }
    atomic_write(
        processed_dir / "build.json", json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    )
    return target
