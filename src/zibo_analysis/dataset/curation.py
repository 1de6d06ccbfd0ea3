"""What is left to curate: body mentions neither curated nor ignored, as rows ready to fill.

>>> uncurated_mentions().empty
True
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from zibo_analysis.config import DATA_DIR
from zibo_analysis.dataset.articles import (
    Article,
    body_occurrences,
    find_row_quotes,
    load_articles,
    locate,
)
from zibo_analysis.dataset.quotes import quote_span
from zibo_analysis.dataset.schemas import (
    CURATION_SCHEMA,
    LOCATOR,
    SOURCES_SCHEMA,
    DataError,
    Issue,
    read_table,
)
from zibo_analysis.quantities import Quantity


def _located(data_dir: Path):
    """The sources, the articles, and each curated or ignored row located in its article:
    {"curation.csv": [(row, Located)], "ignored.csv": [...]}."""
    issues: list[Issue] = []
    sources = read_table(data_dir / "raw/sources.csv", SOURCES_SCHEMA, issues)
    articles = load_articles(data_dir, sources, issues)
    locator = pa.DataFrameSchema(LOCATOR)
    tables = {
        name: read_table(data_dir / name, locator, issues, rows=False)  # none curated yet is fine
        for name in ("curation.csv", "ignored.csv")
    }
    if issues:  # the quotes cannot be located until these are fixed
        raise DataError(issues)
    located: dict[str, list] = {}
    for name, table in tables.items():
        find_row_quotes(table, articles)
        located[name] = []
        for row in table.itertuples():
            article = articles.get(row.doc_id)
            found = locate(row, article, name, []) if article else None
            if found:
                located[name].append((row, found))
    return sources, articles, located


def uncurated_mentions(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Body mentions that are neither curated nor ignored, as curation rows ready to fill."""
    sources, articles, located = _located(data_dir)
    covered = {
        (row.doc_id, found.quantity.start) for rows in located.values() for row, found in rows
    }
    rows = []
    for src in sources.itertuples():
        article = articles[src.doc_id]
        left = [q for q in article.mentions if (src.doc_id, q.start) not in covered]
        spans = [quote_span(article, q) for q in left]
        article.find_quotes(article.text[a:b] for a, b in spans)  # all of them in one pass
        for q in left:
            quote, occurrence = suggest_quote(article, q)
            rows.append(
                {
                    "doc_id": src.doc_id,
                    "quote": quote,
                    "mention": q.text,
                    "occurrence": occurrence,
                    "indicator_id": "",
                    "region": src.region,
                    "as_of": src.published,
                    "period_start": "",
                    "status": "actual",
                    "note": "",
                    "start": q.start,
                    "value": q.value,
                    "unit": q.unit,
                    "qualifier": q.qualifier,
                }
            )
    # a curation row, then the quantity it is about
    columns = [*CURATION_SCHEMA.columns, "start", "value", "unit", "qualifier"]
    return pd.DataFrame(rows, columns=columns)


PREFILLED = "pre-filled, check it"
# How a candidate's evidence proposes a new indicator (facts.prefill_candidates writes it).
_PROPOSAL = re.compile(r"new indicator\? ([a-z][a-z0-9_]*)")


def prefilled_note(score: float, evidence: str) -> str:
    """The note of a pre-filled candidate row: the score of its indicator and the words that
    decided each field, for the analyst to check (and then replace with their own words).

    >>> prefilled_note(0.42, "as_of: 年内; indicator: new indicator? rural_clinics (村卫生室)")
    'pre-filled, check it (score 0.42): as_of: 年内; indicator: new indicator? rural_clinics (村卫生室)'
    """
    return f"{PREFILLED} (score {score:.2f}): {evidence}" if evidence else ""


def proposal_in(note: str) -> str:
    """The id a pre-filled note proposes for a new indicator, or "".

    >>> proposal_in(prefilled_note(0.3, "indicator: new indicator? rural_clinics (村卫生室)"))
    'rural_clinics'
    """
    m = _PROPOSAL.search(note or "")
    return m.group(1) if m else ""


MARK_COLUMNS = [
    "doc_id",
    "start",
    "end",
    "mention",
    "status",
    "reason",
    "value",
    "unit",
    "qualifier",
]


def mention_marks(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Every quantity in the articles' bodies and what the curation made of it: ``status``
    curated (a row of the dataset), ignored (``reason`` from ignored.csv) or uncurated.

    ``start`` and ``end`` are character offsets of the mention in the article as decoded.
    """
    sources, articles, located = _located(data_dir)
    done = {
        (row.doc_id, found.quantity.start): ("curated", "")
        for row, found in located["curation.csv"]
    }
    done |= {
        (row.doc_id, found.quantity.start): ("ignored", row.reason)
        for row, found in located["ignored.csv"]
    }
    rows = []
    for src in sources.itertuples():
        for q in articles[src.doc_id].mentions:
            status, reason = done.get((src.doc_id, q.start), ("uncurated", ""))
            rows.append(
                [src.doc_id, q.start, q.end, q.text, status, reason, q.value, q.unit, q.qualifier]
            )
    return pd.DataFrame(rows, columns=MARK_COLUMNS)


def suggest_quote(article: Article, q: Quantity) -> tuple[str, str]:
    """The quote to cite for a mention (`quotes.quote_span`) and its occurrence, set when the
    quote occurs more than once in the body.

    >>> from zibo_analysis.quantities import find_quantities
    >>> text = "男性患者1人，女性患者2人；男性患者1人。"
    >>> article = Article("d", "d.txt", text, [(0, len(text))], find_quantities(text))
    >>> [suggest_quote(article, q) for q in article.mentions]
    [('男性患者1人', '1'), ('女性患者2人', ''), ('男性患者1人', '2')]
    """
    start, end = quote_span(article, q)
    starts = body_occurrences(article, article.text[start:end])
    occurrence = str(bisect.bisect_left(starts, start) + 1) if len(starts) > 1 else ""
    return article.text[start:end], occurrence
