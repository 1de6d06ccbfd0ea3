"""Data with the report: ``reports/data/`` and its ``datapackage.json``.

The folder holds the dataset (``indicators.csv``), what it refers to (``catalog.csv``,
``regions.csv``, ``articles.csv``, the articles' metadata from ``data/raw/sources.csv``),
``quality_flags.csv``, and for each page a folder with every table it shows as CSV and
every figure as SVG and PNG (written by the notebook as it runs: see `plots.output`).
``datapackage.json`` describes them as a Frictionless Data Package (v2): one resource
per CSV with its table schema (types, units, enumerations, the primary key ``obs_id`` of
the dataset and the foreign keys to the catalog, the regions and the articles; a page's
table refers to the dataset rows its figures come from), and the articles as sources with
their SHA-256. It is rebuilt only when what it describes changed (the standard library
only, but pandas to copy the tables).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from zibo_analysis.files import csv_header
from zibo_analysis.report.common import sha

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
OBS_COLUMNS = ("obs_id", "target_obs_id", "first_obs_id", "last_obs_id", "count_obs_id")


def _field(name: str, type_: str = "string", description: str = "", **extra) -> dict:
    field = {"name": name, "type": type_}
    if description:
        field["description"] = description
    return field | extra


def _enum(values) -> dict:
    return {"constraints": {"enum": list(values)}}


def indicator_fields(vocab: dict) -> list[dict]:
    """The dataset's columns, as `dataset.columns` declares them; ``vocab`` holds the
    vocabularies they name (`vocabularies`)."""
    from zibo_analysis.dataset.columns import INDICATOR_TABLE

    fields = []
    for column in INDICATOR_TABLE:
        extra: dict = {}
        if column.key:
            extra["constraints"] = {"required": True, "unique": True}
        if column.unit:
            extra["unit"] = column.unit
        if column.vocabulary:
            values = list(vocab[column.vocabulary])
            extra |= _enum(["", *values] if column.optional else values)
        if column.type == "boolean":
            extra |= {"trueValues": ["true"], "falseValues": ["false"]}
        fields.append(_field(column.name, column.type, column.description, **extra))
    return fields


def _schema(fields: list[dict], key: str | None = None, foreign: list[tuple] = ()) -> dict:
    schema = {"fields": fields, "missingValues": [""]}
    if key:
        schema["primaryKey"] = [key]
    if foreign:
        schema["foreignKeys"] = [
            {"fields": [f], "reference": {"resource": resource, "fields": [target]}}
            for f, resource, target in foreign
        ]
    return schema


def _resource(name: str, path: str, title: str, schema: dict) -> dict:
    return {
        "name": name,
        "type": "table",
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": title,
        "schema": schema,
    }


def _strings(path: Path) -> list[dict]:
    return [_field(name) for name in csv_header(path)]


def base_resources(data: Path, vocab: dict) -> list[dict]:
    """The dataset and what it refers to, as they are in ``data`` (reports/data/)."""
    catalog = {f["name"]: f for f in _strings(data / "catalog.csv")}
    catalog["topic"] |= _enum(vocab["topics"])
    catalog["kind"] |= _enum(vocab["kinds"])
    if "change_base" in catalog:
        catalog["change_base"] |= _enum(["", *vocab["change_bases"]])
    catalog["higher_is_better"] |= {
        "type": "boolean",
        "trueValues": ["true"],
        "falseValues": ["false"],
    }
    regions = {f["name"]: f for f in _strings(data / "regions.csv")}
    regions["level"] |= _enum(vocab["levels"])
    articles = {f["name"]: f for f in _strings(data / "articles.csv")}
    articles["published"] |= {"type": "date"}
    flags = {f["name"]: f for f in _strings(data / "quality_flags.csv")}
    flags["kind"] |= _enum(vocab["flag_kinds"])
    flags["severity"] |= _enum(vocab["severities"])
    return [
        _resource(
            "indicators",
            "indicators.csv",
            "Figures quoted from the articles, one row each",
            _schema(
                indicator_fields(vocab),
                "obs_id",
                [
                    ("indicator_id", "catalog", "indicator_id"),
                    ("doc_id", "articles", "doc_id"),
                    ("region", "regions", "region_id"),
                ],
            ),
        ),
        _resource(
            "catalog",
            "catalog.csv",
            "What each indicator counts",
            _schema(list(catalog.values()), "indicator_id"),
        ),
        _resource(
            "regions",
            "regions.csv",
            "Regions and the region each lies in",
            _schema(list(regions.values()), "region_id", [("parent_id", "regions", "region_id")]),
        ),
        _resource(
            "articles",
            "articles.csv",
            "The articles: where each was published, and how its date was established",
            _schema(list(articles.values()), "doc_id", [("region", "regions", "region_id")]),
        ),
        _resource(
            "quality_flags",
            "quality_flags.csv",
            "Where the reports disagree (the rules on the indicator table alone)",
            _schema(list(flags.values()), None, [("indicator_id", "catalog", "indicator_id")]),
        ),
    ]


def page_resources(data: Path) -> list[dict]:
    """A resource for each table a page shows, from the schema written beside its CSV."""
    found = []
    for schema_file in sorted(data.glob("*/*.schema.json")):
        csv_path = schema_file.with_name(schema_file.name.removesuffix(".schema.json") + ".csv")
        if not csv_path.exists():
            continue
        described = json.loads(schema_file.read_text(encoding="utf-8"))
        fields = described["fields"]
        names = [f["name"] for f in fields]
        foreign = [(c, "indicators", "obs_id") for c in OBS_COLUMNS if c in names]
        relative = csv_path.relative_to(data).as_posix()
        name = relative.removesuffix(".csv").replace("/", "-").lower()
        found.append(
            _resource(name, relative, described.get("title", name), _schema(fields, None, foreign))
        )
    return found


def sources(articles_csv: Path) -> list[dict]:
    """The articles as the package's sources, each with its file's SHA-256."""
    with articles_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        {
            "title": r["title"],
            "path": f"../sources/{r['doc_id']}.html",
            "doc_id": r["doc_id"],
            "publisher": r["publisher"],
            "published": r["published"],
            "file": f"data/raw/{r['source_file']}",
            "sha256": r["sha256"],
        }
        for r in rows
    ]


COPIED = ("indicators.csv", "catalog.csv", "regions.csv", "articles.csv", "quality_flags.csv")


def describe(data: Path, lang: str = "en") -> str:
    """The dataset in ``data`` (reports/data/) in one sentence in ``lang``, counted from its
    files (`parameters.dataset_words`); "" when the files are not there yet."""
    from zibo_analysis.parameters import dataset_words

    files = [data / name for name in ("articles.csv", "indicators.csv", "regions.csv")]
    if not all(f.exists() for f in files):
        return ""
    rows = []
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            rows.append(list(csv.DictReader(handle)))
    articles, figures, regions = rows
    used = {f["doc_id"] for f in figures}
    column = "name_zh" if lang == "zh" else "name_en"
    names = {r["region_id"]: r.get(column) or r["region_id"] for r in regions}
    return dataset_words([a for a in articles if a["doc_id"] in used], figures, names, lang)


def copy_inputs(out, data_dir: Path, processed_dir: Path, flags_csv: Path) -> None:
    """The dataset and the tables it refers to, copied into ``data/`` of ``out`` (a
    `folder.OutputFolder`), text cells that a spreadsheet would run as formulas neutralised
    (`files.spreadsheet_safe`)."""
    import pandas as pd

    from zibo_analysis.files import spreadsheet_safe

    sources = [
        processed_dir / "indicators.csv",
        data_dir / "catalog.csv",
        data_dir / "regions.csv",
        data_dir / "raw/sources.csv",
        flags_csv,
    ]
    for source, name in zip(sources, COPIED, strict=True):
        table = pd.read_csv(source, dtype=str, keep_default_na=False)
        out.write(f"data/{name}", spreadsheet_safe(table).to_csv(index=False, lineterminator="\n"))


def write_datapackage(out, vocab: dict) -> Path:
    """datapackage.json in ``data/`` of ``out`` (a `folder.OutputFolder`), describing what
    is there now."""
    data = out.root / "data"
    package = {
        "$schema": PROFILE,
        "name": "zibo-analysis-report",
        "title": "Figures quoted from press releases, each traceable to its sentence",
        "description": f"{describe(data)} Every figure is quoted from one of the articles; obs_id "
        "names the figure by its article and character offset, and ../sources/<doc_id>.html#<obs_id> "
        "shows it highlighted in the article.".lstrip(),
        "homepage": "../index.html",
        "sources": sources(data / "articles.csv"),
        "resources": base_resources(data, vocab) + page_resources(data),
    }
    target = data / "datapackage.json"
    text = json.dumps(package, ensure_ascii=False, indent=1) + "\n"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        out.write("data/datapackage.json", text)
    return target


def vocabularies() -> dict:
    """The enumerations of the dataset, from the modules that define them."""
    from zibo_analysis.dataset.schemas import REGION_LEVELS, vocabulary
    from zibo_analysis.vocab import FLAG_KINDS, SEVERITIES

    named = ("topics", "kinds", "statuses", "qualifiers", "gap_directions", "change_bases")
    return {
        **{name: vocabulary(name) for name in named},
        "levels": REGION_LEVELS,
        "flag_kinds": FLAG_KINDS,
        "severities": SEVERITIES,
    }


def listing_key(data: Path) -> str:
    """What datapackage.json depends on besides the data: the page tables' schemas."""
    parts = [
        p.relative_to(data).as_posix() + sha(p.read_bytes())
        for p in sorted(data.glob("*/*.schema.json"))
    ]
    return sha("\n".join(parts).encode())
