"""An article with its quantities marked by curation state, for review in a notebook.

>>> html = highlight("共建成名医基层工作站102个。", [(10, 14, "todo", "名医基层工作站 · 2021-12-01")])
>>> html.count("<mark class="), "102个</mark>" in html
(1, True)
"""

from __future__ import annotations

import html as _html
from collections.abc import Iterable

__all__ = ["STATES", "mention_states", "highlight"]

STATES = {
    "curated": "#c8e6c9",  # green: in curation.csv
    "ignored": "#e0e0e0",  # grey: in ignored.csv
    "todo": "#ffe082",  # amber: to curate or ignore
    "accepted": "#bbdefb",  # blue: accepted in review, not yet written
    "outside": "transparent",  # page furniture outside the body
}


def mention_states(
    text: str,
    spans: Iterable[tuple[int, int]],
    curated: set[int],
    todo: set[int],
    ignored_quotes: Iterable[str],
) -> list[str]:
    """The state of each quantity span: curated or to do by its start, ignored when an
    ignored.csv quote holds it, else outside the body (the build never reads it)."""
    ignored: list[tuple[int, int]] = []
    for quote in ignored_quotes:
        at = text.find(quote)
        while quote and at >= 0:
            ignored.append((at, at + len(quote)))
            at = text.find(quote, at + 1)
    states = []
    for start, end in spans:
        if start in curated:
            states.append("curated")
        elif start in todo:
            states.append("todo")
        elif any(a <= start and end <= b for a, b in ignored):
            states.append("ignored")
        else:
            states.append("outside")
    return states


def highlight(text: str, marks: Iterable[tuple[int, int, str, str]]) -> str:
    """``text`` as HTML with each (start, end, state, title) span marked in its state's colour."""
    out, pos = [], 0
    for start, end, state, title in sorted(marks):
        if start < pos:
            continue  # overlapping marks: keep the first
        out.append(_html.escape(text[pos:start]))
        out.append(
            f'<mark class="{state}" style="background:{STATES[state]}" '
            f'title="{_html.escape(title, quote=True)}">{_html.escape(text[start:end])}</mark>'
        )
        pos = end
    out.append(_html.escape(text[pos:]))
    legend = " ".join(
        f'<mark style="background:{colour}">{name}</mark>' for name, colour in STATES.items()
    )
    body = "".join(out).replace("\n", "<br>\n")
    return f'<div style="line-height:1.8">{legend}<hr>{body}</div>'
