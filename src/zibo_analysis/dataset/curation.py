"""What is left to curate: body mentions neither curated nor ignored, as rows ready to fill.

>>> uncurated_mentions().empty
True
"""

from __future__ import annotations

import bisect
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
from zibo_analysis.dataset.schemas import LOCATOR, SOURCES_SCHEMA, DataError, Issue, read_table
from zibo_analysis.quantities import Quantity
from zibo_analysis.sentences import CLAUSE_END, LIST_MARK

# Where a proposed quote may start: after the end of a clause or of an enumeration's item,
# or of a line (a quote stays on one line, as the article's page shows it).
QUOTE_STOPS = CLAUSE_END + LIST_MARK + "\n"


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
        article.find_quotes(article.text[_clause_start(article.text, q) : q.end] for q in left)
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
    return pd.DataFrame(
        rows,
        columns=[
            "doc_id",
            "quote",
            "mention",
            "occurrence",
            "indicator_id",
            "region",
            "as_of",
            "period_start",
            "status",
            "note",
            "start",
            "value",
            "unit",
            "qualifier",
        ],
    )


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


def suggest_quote(article: Article, q: Quantity, context: int = 12) -> tuple[str, str]:
    """The clause around a mention: back to the previous punctuation, at most `context` characters.

    The occurrence is set when the quote occurs more than once in the body.

    >>> from zibo_analysis.quantities import find_quantities
    >>> text = "男1人，女2人；男1人。"
    >>> article = Article("d", "d.txt", text, [(0, len(text))], find_quantities(text))
    >>> [suggest_quote(article, q) for q in article.mentions]
    [('男1人', '1'), ('女2人', ''), ('男1人', '2')]
    """
    left = _clause_start(article.text, q, context)
    starts = body_occurrences(article, article.text[left : q.end])
    occurrence = str(bisect.bisect_left(starts, left) + 1) if len(starts) > 1 else ""
    return article.text[left : q.end], occurrence


def _clause_start(text: str, q: Quantity, context: int = 12) -> int:
    left = q.start
    while left > 0 and q.start - left < context and text[left - 1] not in QUOTE_STOPS:
        left -= 1
    return left
