"""The dataset: raw articles and curation in data/, the indicator table out of data/processed/.

``schemas`` says what the input files must hold and reads them strictly, ``articles``
finds each body and the quotes in it, ``build`` turns curation rows into the
indicator table, ``curation`` lists what is left to curate, ``load`` gives the
built data, typed, to notebooks, and ``reference`` holds the reference catalog of
standard indicators that rows of data/catalog.csv can come from; ``sources`` reads where
each body lies, ``issues`` how a problem is reported (both without pandas).

>>> from zibo_analysis.dataset import load_indicators
>>> int(load_indicators().query("indicator_id == 'famous_doctor_stations'")["value"].max())
123
"""

# What the package offers, by the module that defines it; each is imported when first used
# (PEP 562), so that a light module (`sources`, `issues`) loads without pandas and pandera.
_OFFERS = {
    "Article": "zibo_analysis.dataset.articles",
    "SourceError": "zibo_analysis.dataset.sources",
    "body_occurrences": "zibo_analysis.dataset.articles",
    "body_segments": "zibo_analysis.dataset.sources",
    "in_segments": "zibo_analysis.dataset.sources",
    "load_articles": "zibo_analysis.dataset.articles",
    "locate": "zibo_analysis.dataset.articles",
    "sha256": "zibo_analysis.dataset.articles",
    "INDICATOR_COLUMNS": "zibo_analysis.dataset.columns",
    "INDICATOR_TABLE": "zibo_analysis.dataset.columns",
    "build_indicators": "zibo_analysis.dataset.build",
    "write_indicators": "zibo_analysis.dataset.build",
    "mention_marks": "zibo_analysis.dataset.curation",
    "suggest_quote": "zibo_analysis.dataset.curation",
    "uncurated_mentions": "zibo_analysis.dataset.curation",
    "articles_summary": "zibo_analysis.dataset.load",
    "describe_dataset": "zibo_analysis.dataset.load",
    "load_catalog": "zibo_analysis.dataset.load",
    "load_indicators": "zibo_analysis.dataset.load",
    "load_regions": "zibo_analysis.dataset.load",
    "load_reviewed_flags": "zibo_analysis.dataset.load",
    "load_sources": "zibo_analysis.dataset.load",
    "load_texts": "zibo_analysis.dataset.load",
    "trace_examples": "zibo_analysis.dataset.load",
    "add_to_catalog": "zibo_analysis.dataset.reference",
    "catalog_rows": "zibo_analysis.dataset.reference",
    "check_reference": "zibo_analysis.dataset.reference",
    "load_reference": "zibo_analysis.dataset.reference",
    "load_synonyms": "zibo_analysis.dataset.reference",
    "CHANGE_BASES": "zibo_analysis.dataset.schemas",
    "KINDS": "zibo_analysis.dataset.schemas",
    "REGION_LEVELS": "zibo_analysis.dataset.schemas",
    "STATUSES": "zibo_analysis.dataset.schemas",
    "TOPICS": "zibo_analysis.dataset.schemas",
    "DataError": "zibo_analysis.dataset.issues",
    "Issue": "zibo_analysis.dataset.issues",
    "display_name": "zibo_analysis.dataset.issues",
    "grouped": "zibo_analysis.dataset.issues",
    "proposal_in": "zibo_analysis.dataset.curation",
    "candidates": "zibo_analysis.dataset.curate",
    "load_review": "zibo_analysis.dataset.curate",
    "Review": "zibo_analysis.dataset.curate",
    "catalog_needs": "zibo_analysis.dataset.reference",
    "read_table": "zibo_analysis.dataset.schemas",
    "DataMismatch": "zibo_analysis.manifest",
}


def __getattr__(name: str):
    if name in _OFFERS:
        import importlib

        value = getattr(importlib.import_module(_OFFERS[name]), name)
        globals()[name] = value  # once: the next lookup finds it here
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_OFFERS])


__all__ = sorted(_OFFERS)
