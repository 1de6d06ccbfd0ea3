"""The dataset: raw articles and curation in data/, the indicator table out of data/processed/.

``schemas`` says what the input files must hold and reads them strictly, ``articles``
finds each body and the quotes in it, ``build`` turns curation rows into the
indicator table, ``curation`` lists what is left to curate, and ``load`` gives the
built data, typed, to notebooks.

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
from zibo_analysis.dataset.build import INDICATOR_COLUMNS, build_indicators, write_indicators
from zibo_analysis.dataset.curation import mention_marks, suggest_quote, uncurated_mentions
from zibo_analysis.dataset.load import (
    articles_summary,
    load_catalog,
    load_indicators,
    load_regions,
    load_sources,
    load_texts,
    trace_examples,
)
from zibo_analysis.dataset.schemas import (
    KINDS,
    LEVELS,
    STATUSES,
    TOPICS,
    DataError,
    Issue,
    read_table,
)
from zibo_analysis.manifest import DataMismatch

__all__ = [
    "INDICATOR_COLUMNS",
    "KINDS",
    "LEVELS",
    "STATUSES",
    "TOPICS",
    "Article",
    "DataError",
    "DataMismatch",
    "Issue",
    "SourceError",
    "articles_summary",
    "body_occurrences",
    "body_segments",
    "build_indicators",
    "in_segments",
    "load_articles",
    "load_texts",
    "load_catalog",
    "load_indicators",
    "load_regions",
    "load_sources",
    "locate",
    "mention_marks",
    "read_table",
    "sha256",
    "suggest_quote",
    "trace_examples",
    "uncurated_mentions",
    "write_indicators",
]
