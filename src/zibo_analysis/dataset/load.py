"""The built data, typed, for notebooks and other projects.

>>> indicators = load_indicators()
>>> row = indicators.query("indicator_id == 'famous_doctor_stations' and doc_id == 'zibo-2022-10'").iloc[0]
>>> int(row.value), row.unit
(123, '个')
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from zibo_analysis import manifest
from zibo_analysis.config import DATA_DIR, IN_CHECKOUT, PROCESSED_DIR
from zibo_analysis.dataset.columns import INDICATOR_TABLE, IndicatorColumn
from zibo_analysis.dataset.schemas import (
    KINDS,
    REGION_LEVELS,
    REVIEWED_SCHEMA,
    TOPICS,
    DataError,
    Issue,
    read_table,
    vocabulary,
)
from zibo_analysis.files import read_regular, split_list


def _boolean(column: pd.Series) -> pd.Series:
    """ "true"/"false"/"" as a nullable boolean."""
    return column.map({"true": True, "false": False}).astype("boolean")


def _missing(path: Path) -> str:
    """Why the indicator table is not there, and what to do, in a checkout or installed."""
    if IN_CHECKOUT or path != PROCESSED_DIR / "indicators.csv":
        return f"{path} is missing; run `make data` to build it"
    return (
        f"{path} is missing: this zibo_analysis was installed from a wheel built without "
        "the dataset; build the wheel with `make wheel` in a checkout"
    )


def _rebuild(path: Path) -> str:
    """How to get a good table at ``path`` again."""
    if IN_CHECKOUT or path != PROCESSED_DIR / "indicators.csv":
        return "run `make data` to build it again"
    return "reinstall zibo-analysis (the wheel built by `make wheel` in a checkout)"


def load_indicators(path: Path = PROCESSED_DIR / "indicators.csv") -> pd.DataFrame:
    """The built indicator table, typed: categoricals for small vocabularies, dates as dates.

    A table with its build.json beside it (as `make data` writes it, and as a wheel ships
    it) is checked against the SHA-256 recorded there: a truncated or edited table raises
    `manifest.DataMismatch` rather than loading part of the data, or other values.

    >>> load_indicators()["qualifier"].cat.categories.tolist()[:3]
    ['exact', 'more_than', 'at_least']
    """
    if not path.exists():
        raise FileNotFoundError(_missing(path))
    content = read_regular(path)
    if (path.parent / manifest.MANIFEST).exists():
        manifest.verify(path, content, _rebuild(path))
    table = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)
    return table.assign(**{c.name: _typed(table, c) for c in INDICATOR_TABLE})


def _typed(table: pd.DataFrame, column: IndicatorColumn) -> pd.Series:
    """A column of indicators.csv (text) as its declaration types it: whole numbers, numbers,
    dates (NaT for an empty optional one), booleans, categoricals of a required vocabulary
    (the topics ordered), ids as categoricals; the rest as text. An optional column a file
    written before it lacks reads as empty."""
    if column.name not in table:
        if not column.optional:
            raise KeyError(column.name)
        values = pd.Series("", index=table.index)
    else:
        values = table[column.name]
    if column.type == "integer":
        return values.astype(int)
    if column.type == "number":
        return pd.to_numeric(values)
    if column.type == "date":
        return pd.to_datetime(values)
    if column.type == "boolean":
        return _boolean(values)
    if column.vocabulary and not column.optional:
        ordered = column.vocabulary == "topics"
        return values.astype(pd.CategoricalDtype(vocabulary(column.vocabulary), ordered=ordered))
    return values.astype("category") if column.category else values


def load_catalog(path: Path = DATA_DIR / "catalog.csv") -> pd.DataFrame:
    """The indicator catalog, typed."""
    catalog = pd.read_csv(path, dtype=str, keep_default_na=False)
    return catalog.assign(
        topic=catalog["topic"].astype(pd.CategoricalDtype(TOPICS, ordered=True)),
        kind=catalog["kind"].astype(pd.CategoricalDtype(KINDS)),
        higher_is_better=_boolean(catalog["higher_is_better"]),
    )


def load_reviewed_flags(path: Path = DATA_DIR / "reviewed_flags.csv") -> pd.DataFrame:
    """The quality flags an analyst has reviewed: kind, indicator_id, region, as_of (the
    flag's dates, a list, as `quality.quality_flags` gives them) and the analyst's ``note``,
    with the ``line`` of the file; an empty table when there is no such file.

    >>> list(load_reviewed_flags(Path("no-such-file.csv")).columns)
    ['kind', 'indicator_id', 'region', 'as_of', 'note', 'line']
    """
    columns = list(REVIEWED_SCHEMA.columns)
    if not path.exists():
        return pd.DataFrame(columns=[*columns, "line"], dtype=str)
    issues: list[Issue] = []
    table = read_table(path, REVIEWED_SCHEMA, issues, rows=False)
    if issues:
        raise DataError(issues)
    return table.assign(as_of=table["as_of"].map(split_list)).reset_index(drop=True)


def load_sources(path: Path = DATA_DIR / "raw/sources.csv") -> pd.DataFrame:
    """One row per article, `published` as a date."""
    sources = pd.read_csv(path, dtype=str, keep_default_na=False)
    return sources.assign(published=pd.to_datetime(sources["published"]))


def load_regions(path: Path = DATA_DIR / "regions.csv") -> pd.DataFrame:
    """Regions with their level and parent."""
    regions = pd.read_csv(path, dtype=str, keep_default_na=False)
    return regions.assign(
        level=regions["level"].astype(pd.CategoricalDtype(REGION_LEVELS, ordered=True))
    )


def load_texts(path: Path = DATA_DIR / "raw/sources.csv") -> pd.DataFrame:
    """One row per article: doc_id, source_file, published, region and the full decoded ``text``.

    >>> texts = load_texts()
    >>> "名医基层工作站" in texts.set_index("doc_id").loc["zibo-2022-10", "text"]
    True
    """
    sources = load_sources(path)
    texts = [read_regular(path.parent / name).decode("utf-8") for name in sources["source_file"]]
    return sources.assign(text=texts)


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


def describe_dataset(
    indicators: pd.DataFrame,
    sources: pd.DataFrame,
    regions: pd.DataFrame | None = None,
    lang: str = "en",
) -> str:
    """The dataset in one sentence, counted from the data (`parameters.dataset_words`): the
    figures of ``indicators``, the articles they come from, their regions (by their names in
    ``lang``) and years.

    >>> describe_dataset(load_indicators(), load_sources(), load_regions()).split(" quoted")[0][-7:]
    'figures'
    >>> "淄博市" in describe_dataset(load_indicators(), load_sources(), load_regions(), lang="zh")
    True
    """
    from zibo_analysis.parameters import dataset_words

    used = sources[sources["doc_id"].isin(set(indicators["doc_id"].astype(str)))]
    column = "name_zh" if lang == "zh" else "name_en"
    names = (
        dict(zip(regions["region_id"], regions[column], strict=True)) if regions is not None else {}
    )
    return dataset_words(
        used.to_dict("records"), indicators[["region", "as_of"]].to_dict("records"), names, lang
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
