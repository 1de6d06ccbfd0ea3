"""The dataset: raw articles and curation in data/, the indicator table out of data/processed/.

``schemas`` says what the input files must hold and reads them strictly, ``articles``
finds each body and the quotes in it, ``build`` turns curation rows into the
indicator table, ``curation`` lists what is left to curate, ``load`` gives the
built data, typed, to notebooks, and ``reference`` holds the reference catalog of
standard indicators that rows of data/catalog.csv can come from.

>>> from zibo_analysis.dataset import load_indicators
>>> int(load_indicators().query("indicator_id == 'famous_doctor_stations'")["value"].max())
123
"""

from zibo_analysis.dataset.articles import (
    Article,
    SourceError,
    body_occurrences,
    body_segments,
    in_segments,
    load_articles,
    locate,
    sha256,
)
from zibo_analysis.dataset.build import build_indicators, write_indicators
from zibo_analysis.dataset.columns import INDICATOR_COLUMNS, INDICATOR_TABLE
from zibo_analysis.dataset.curation import mention_marks, suggest_quote, uncurated_mentions
from zibo_analysis.dataset.load import (
    articles_summary,
    describe_dataset,
    load_catalog,
    load_indicators,
    load_regions,
    load_reviewed_flags,
    load_sources,
    load_texts,
    trace_examples,
)
from zibo_analysis.dataset.reference import (
    add_to_catalog,
    catalog_rows,
    check_reference,
    load_reference,
    load_synonyms,
)
from zibo_analysis.dataset.schemas import (
    CHANGE_BASES,
    KINDS,
    REGION_LEVELS,
    STATUSES,
    TOPICS,
    DataError,
    Issue,
    display_name,
    read_table,
)
from zibo_analysis.manifest import DataMismatch

__all__ = [
    "CHANGE_BASES",
    "INDICATOR_COLUMNS",
    "INDICATOR_TABLE",
    "KINDS",
    "REGION_LEVELS",
    "STATUSES",
    "TOPICS",
    "Article",
    "DataError",
    "DataMismatch",
    "Issue",
    "SourceError",
    "add_to_catalog",
    "articles_summary",
    "describe_dataset",
    "body_occurrences",
    "body_segments",
    "build_indicators",
    "catalog_rows",
    "check_reference",
    "display_name",
    "in_segments",
    "load_articles",
    "load_texts",
    "load_catalog",
    "load_indicators",
    "load_reference",
    "load_regions",
    "load_reviewed_flags",
    "load_sources",
    "load_synonyms",
    "locate",
    "mention_marks",
    "read_table",
    "sha256",
    "suggest_quote",
    "trace_examples",
    "uncurated_mentions",
    "write_indicators",
]
