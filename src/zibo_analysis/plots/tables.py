"""Tables for reading: what a notebook shows in place of a raw DataFrame."""

from __future__ import annotations

import html

import pandas as pd


class Note:
    """A sentence in place of a table or figure, e.g. why a selection is empty.

    >>> Note("No coverage rates for <Xuecheng>.")._repr_html_()
    '<p class="zibo-note">No coverage rates for &lt;Xuecheng&gt;.</p>'
    """

    def __init__(self, text: str):
        self.text = text

    def _repr_html_(self) -> str:
        return f'<p class="zibo-note">{html.escape(self.text, quote=False)}</p>'

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


class Table:
    """A styled table for notebooks: HTML from the Styler, and a plain-text form without
    the memory address that a Styler's repr carries (which would change every run)."""

    def __init__(self, styler, frame: pd.DataFrame):
        self.styler, self.frame = styler, frame

    def _repr_html_(self) -> str:
        return self.styler.to_html()

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


def display_table(
    table: pd.DataFrame, name: str = "table", precision: int = 2, empty: str | None = None
) -> Table | Note:
    """A DataFrame for reading: blanks for missing values, dates as dates, no index.

    Every cell and header is HTML-escaped: text from an article or the catalog is shown,
    never run. The Styler gets a fixed id from ``name`` so that the same table gives the
    same HTML. An empty table is a sentence (``empty``, or a plain one), not a bare header.

    >>> display_table(pd.DataFrame({"name": ["<img src=x onerror=alert(1)>"]}))._repr_html_().count("<img")
    0
    >>> display_table(pd.DataFrame({"a": []}), empty="No flags of kind jump.")
    No flags of kind jump.
    """
    if table.empty:
        return Note(empty or "Nothing to show: the selection holds no rows.")
    shown = table.copy()
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.strftime("%Y-%m-%d")
        elif isinstance(shown[column].dtype, pd.CategoricalDtype):
            shown[column] = shown[column].astype(object)
    styler = (
        shown.style.format(na_rep="", precision=precision, thousands=",", escape="html")
        .format_index(escape="html", axis=1)
        .hide(axis="index")
    )
    return Table(styler.set_uuid(name), shown)
