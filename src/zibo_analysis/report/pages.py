"""An executed notebook as a report page: nbconvert with templates/page.html.j2, then the
page's contents and its own CJK font.

nbconvert renders the page (code hidden) from the template, which extends JupyterLab's.
Each table carries its stylesheet and script ahead of itself, so that it works alone in
JupyterLab, and its output's metadata names them (`plots.output`); the page holds them
once, in its head, and the template writes each table without them (`table_assets`).
What only the rendered page knows is filled in after: the contents (a link to each
section, from the ``h2`` ids nbconvert gives the headings) and the ``@font-face`` rule
with the subset of Noto Sans CJK SC that covers exactly the page's characters (`fonts`).

>>> toc('<h2 id="Rates-&amp;-targets">Rates &amp; targets<a class="anchor-link" href="#Rates-&amp;-targets">¶</a></h2>')
'<ol>\\n<li><a href="#Rates-&amp;-targets">Rates &amp; targets</a></li>\\n</ol>'
"""

from __future__ import annotations

import copy
import functools
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from zibo_analysis.report.common import cell_shown_in, place_font
from zibo_analysis.report.words import html_lang, page_words
from zibo_analysis.table_assets import ASSETS

TEMPLATES = Path(__file__).parent / "templates"
H2 = re.compile(r'<h2 id="([^"]*)"[^>]*>(.*?)</h2>', re.S)
TAG = re.compile(r"<[^>]+>")
TOC_MARK = "<!-- zibo-toc -->"


@dataclass
class Page:
    """What a page shows besides its notebook: the run's facts and the other pages."""

    name: str
    title: str
    data_sha: str
    run_date: str
    pages: list[dict] = field(default_factory=list)  # {"name", "title"} of every page
    parameters: dict = field(default_factory=dict)
    lang: str = "en"  # the language of the run: the page's words, its lang attribute

    def resources(self, table_assets: list[str] = ()) -> dict:
        """What the template shows; ``table_assets`` names the tables' assets the page
        holds in its head (`tables_assets`)."""
        shown = json.dumps(self.parameters, ensure_ascii=False) if self.parameters else ""
        head = "\n".join(ASSETS[name].strip() for name in table_assets)
        return {
            "name": self.name,
            "title": self.title,
            "data_sha": self.data_sha,
            "run_date": self.run_date,
            "pages": self.pages,
            "parameters": shown,
            "lang": html_lang(self.lang),
            "words": page_words(self.lang),
            "table_assets": ASSETS,
            "head_assets": head,
        }


def tables_assets(nb) -> list[str]:
    """The assets the notebook's tables carry (their outputs' metadata names them), each once,
    in the order `table_assets.ASSETS` gives them."""
    named = {
        name
        for cell in nb.cells
        for output in cell.get("outputs", [])
        for name in output.get("metadata", {})
        .get("text/html", {})
        .get("zibo", {})
        .get("table_assets", [])
    }
    return [name for name in ASSETS if name in named]


def in_language(nb, lang: str):
    """The notebook as its page in ``lang`` shows it (a copy): Markdown cells tagged for
    another language left out (`common.cell_shown_in`), and each Markdown cell whose text
    is in the other language marked so (``metadata.zibo_lang``, the template's ``lang``);
    a Markdown cell just before a figure is printed with it (``zibo_keep_with_next``)."""
    from zibo_analysis.hanzi import text_lang

    page = copy.deepcopy(nb)
    page.cells = [c for c in page.cells if c.cell_type != "markdown" or cell_shown_in(c, lang)]
    for cell, after in zip(page.cells, [*page.cells[1:], None], strict=True):
        own = text_lang(cell.source) if cell.cell_type == "markdown" else None
        if own and own != lang:
            cell.metadata["zibo_lang"] = html_lang(own)
        if cell.cell_type == "markdown" and after is not None and _draws(after):
            cell.metadata["zibo_keep_with_next"] = True  # printed on the figure's sheet
    return page


def _draws(cell) -> bool:
    """Whether a code cell shows a figure."""
    return any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))


def clean(nb) -> None:
    """Strip what differs between two runs of the same inputs: papermill's metadata, timings."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)


def export(executed: Path, page: Page, fonts) -> tuple[str, str]:
    """The cleaned notebook (ipynb text) and its page (HTML); ``fonts`` is a `fonts.FontCache`."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    clean(nb)
    shown = in_language(nb, page.lang)
    resources = {"zibo": page.resources(tables_assets(shown))}
    body, _ = _exporter().from_notebook_node(shown, resources=resources)
    body = code_in_own_lang(body, page.lang)
    return nbformat.writes(nb) + "\n", finish(body, fonts, page_words(page.lang)["no_sections"])


@functools.cache
def _exporter():
    """nbconvert's HTML exporter with the page template, made once for every page of a run:
    it compiles the template and the templates it extends (some sixty) when first used and
    keeps them, which a new exporter for each page did again (0.1 s a page, measured)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        template_file="page.html.j2",
        extra_template_paths=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


CODE = re.compile(r"<code>([^<]*)</code>")


def code_in_own_lang(body: str, lang: str) -> str:
    """Each ``<code>`` of the narrative (an id, a file, a column) that is in the other
    language than the page's says so: on a Chinese page, `doc_id` is marked English.

    >>> code_in_own_lang("<p>见 <code>data/raw/</code> 与 <code>保持在4%以内</code></p>", "zh")
    '<p>见 <code lang="en">data/raw/</code> 与 <code>保持在4%以内</code></p>'
    """
    from zibo_analysis.hanzi import text_lang

    def marked(found: re.Match) -> str:
        own = text_lang(html.unescape(found.group(1)))
        return (
            f'<code lang="{html_lang(own)}">{found.group(1)}</code>'
            if own and own != lang
            else found.group(0)
        )

    return CODE.sub(marked, body)


def finish(body: str, fonts, no_sections: str = "No sections.") -> str:
    """Fill in what the rendered page alone knows: its contents and its font."""
    body = body.replace(TOC_MARK, toc(body, no_sections), 1)
    return place_font(body, fonts.font_face(body))


def toc(body: str, none: str = "No sections.") -> str:
    """An ordered list of links to the page's sections (its h2 headings); ``none`` when it
    has none."""
    items = []
    for ident, inner in H2.findall(body):
        text = html.unescape(TAG.sub("", inner.split('<a class="anchor-link"')[0])).strip()
        items.append(
            f'<li><a href="#{html.escape(html.unescape(ident))}">{html.escape(text)}</a></li>'
        )
    return "<ol>\n" + "\n".join(items) + "\n</ol>" if items else f"<p>{html.escape(none)}</p>"
