"""Links from a table's figures to the sentences they were read from.

A figure printed in an article (a value, a target, the first or last value of a series,
a count as printed, a quote) links to ``sources/<doc_id>.html#<obs_id>``, the article's
page in the report, scrolled to the highlighted figure; an article's id links to its
page. Which column names the figure's row in the dataset is fixed here: ``value`` reads
``obs_id`` and ``doc_id``, ``first_value`` reads ``first_obs_id`` and ``first_doc_id``,
and so on. A table without those columns keeps its cells as they are.

>>> import pandas as pd
>>> full = pd.DataFrame({"value": [30.0], "obs_id": ["zibo-2021-11:629"], "doc_id": ["zibo-2021-11"]})
>>> link_cells(full, "value", [("zt-num", "30", "30")])
[('zt-num', '30', '<a href="sources/zibo-2021-11.html#zibo-2021-11:629">30</a>')]
>>> source_href("zibo-2021-11", "zibo-2021-11:629")
'sources/zibo-2021-11.html#zibo-2021-11:629'
"""

from __future__ import annotations

import html
import math
from urllib.parse import quote

from zibo_analysis.plots.columns import COLUMNS

# a column of figures from articles -> (the column with its obs_id, the one with its doc_id)
FIGURE_SOURCES = {
    "value": ("obs_id", "doc_id"),
    "mention": ("obs_id", "doc_id"),
    "quote": ("obs_id", "doc_id"),
    "obs_id": ("obs_id", "doc_id"),
    "target": ("target_obs_id", "target_doc_id"),
    "first_value": ("first_obs_id", "first_doc_id"),
    "first_mention": ("first_obs_id", "first_doc_id"),
    "last_value": ("last_obs_id", "last_doc_id"),
    "last_mention": ("last_obs_id", "last_doc_id"),
    "count_mention": ("count_obs_id", "doc_id"),
}
ARTICLE_COLUMNS = ("doc_id", "target_doc_id", "first_doc_id", "last_doc_id")


def source_href(doc_id: str, obs_id: str | None = None) -> str:
    """The address, relative to a report page, of an article's page or of one figure in it."""
    page = f"sources/{quote(str(doc_id), safe='-_.')}.html"
    return f"{page}#{quote(str(obs_id), safe='-_.:')}" if obs_id else page


def _present(value) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return str(value) not in ("", "nan", "None", "<NA>")


def _doc_of(obs_id: str) -> str:
    """The article of an observation: obs_ids are <doc_id>:<character offset>."""
    return str(obs_id).rpartition(":")[0]


def _anchor(href: str, inner: str) -> str:
    return f'<a href="{html.escape(href)}">{inner}</a>'


def id_columns(full, shown: list[str]) -> list[str]:
    """The columns of ``full`` that the links of the ``shown`` columns read, not shown."""
    wanted = []
    for column in shown:
        wanted += FIGURE_SOURCES.get(column, ())
        if column == "quotes":
            wanted.append("obs_ids")
    return [c for c in dict.fromkeys(wanted) if c in full.columns and c not in shown]


def link_cells(full, column: str, cells: list, text=None, lang: str = "en") -> list:
    """``cells`` of ``column`` (class, sort key, inner HTML) with their inner HTML linked to
    the source of each figure, where the row says where it comes from. ``text`` renders
    one part of a list cell (a quote) as HTML."""
    if column in FIGURE_SOURCES:
        obs_column, doc_column = FIGURE_SOURCES[column]
        if obs_column not in full and doc_column not in full:
            return cells
        out = []
        for i, (kind, key, inner) in enumerate(cells):
            obs = full[obs_column].iloc[i] if obs_column in full else None
            doc = full[doc_column].iloc[i] if doc_column in full else None
            doc = doc if _present(doc) else (_doc_of(obs) if _present(obs) else None)
            if doc and _present(full[column].iloc[i]):
                inner = _anchor(source_href(doc, obs if _present(obs) else None), inner)
            out.append((kind, key, inner))
        return out
    if column in ARTICLE_COLUMNS:
        return [
            (kind, key, _anchor(source_href(v), inner) if _present(v) else inner)
            for (kind, key, inner), v in zip(cells, full[column], strict=True)
        ]
    if column in ("doc_ids", "obs_ids"):
        return [
            (kind, key, _list_links(v, column == "obs_ids") if isinstance(v, list) and v else inner)
            for (kind, key, inner), v in zip(cells, full[column], strict=True)
        ]
    if column == "quotes" and "obs_ids" in full and text is not None:
        return [
            (kind, key, _quote_links(q, ids, text, lang) or inner)
            for (kind, key, inner), q, ids in zip(
                cells, full["quotes"], full["obs_ids"], strict=True
            )
        ]
    return cells


def _list_links(items: list, observations: bool) -> str:
    return (
        COLUMNS["doc_ids"]
        .separator("en")
        .join(
            '<span class="zt-nowrap">'
            + _anchor(
                source_href(_doc_of(p), p) if observations else source_href(p), html.escape(p)
            )
            + "</span>"
            for p in map(str, items)
        )
    )


def _quote_links(quotes, obs_ids, text, lang: str) -> str | None:
    """Each 「quote」 (doc_id) of a flag linked to its figure: the quotes are one per row of
    ``obs_ids``, in its order (`quality.flag_quotes`)."""
    if not (isinstance(quotes, list) and isinstance(obs_ids, list) and quotes):
        return None
    if len(quotes) != len(obs_ids):
        return None
    return (
        COLUMNS["quotes"]
        .separator(lang)
        .join(
            _anchor(source_href(_doc_of(i), i), text(q))
            for q, i in zip(quotes, obs_ids, strict=True)
        )
    )
