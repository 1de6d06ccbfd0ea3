"""What a report run keeps of the figures and tables a notebook shows: `ReportOutput`.

The report runner hands each notebook's kernel, before its first cell, one documented
object: ``ReportOutput(folder).install(get_ipython())`` (`report.run`). Installed, it is
how IPython shows the notebook's figures and `display_table`'s tables:

* a figure is shown as the PNG the inline backend would show (the figure's own size and
  resolution, a tight box) with its caption in the output's metadata,
  ``metadata["image/png"]["zibo"]`` (title, source line, alt text, language, files), where
  the page template reads it; the source line is then not drawn in the image (the page's
  caption gives it). The PNG and an SVG are written to ``folder`` as ``figure-N.png`` and
  ``figure-N.svg``;
* a table is saved to ``folder`` as ``NAME.csv`` with its table schema, and shown with a
  link to that file and each figure linked to its sentence on the article's page; its
  stylesheet and script come first in its HTML (so that it works alone in JupyterLab),
  and ``metadata["text/html"]["zibo"]["table_assets"]`` names them, so that a page holds
  them once, in its head (`table_assets`);
* growth cards (`cards.GrowthCards`, HTML) are shown the same way: their figures linked
  to their sentences, their stylesheet ahead of them and named in the metadata.

Nothing else carries these: no environment variable, no module-level state. Outside a
report run nothing is installed and nothing written; ``%load_ext zibo_analysis.plots``
installs ``ReportOutput(None)`` (captions, nothing written) in any IPython.
"""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from zibo_analysis.files import atomic_write, csv_text
from zibo_analysis.hanzi import text_lang
from zibo_analysis.plots.cards import GrowthCards
from zibo_analysis.plots.figures import CaptionedFigure, figure_caption
from zibo_analysis.plots.tables import Table
from zibo_analysis.vocab import LANG_TAGS

SVG_METADATA = {"Date": None}  # no timestamp: the same figure gives the same file


class ReportOutput:
    """Where a report run keeps what one notebook shows (see the module's docstring):
    ``folder``, or nowhere for None, and the names written there so far, in order.

    >>> import tempfile
    >>> kept = ReportOutput(Path(tempfile.mkdtemp()) / "02_coverage")
    >>> kept.free_name("coverage", ".csv").name, kept.free_name("coverage", ".csv").name
    ('coverage.csv', 'coverage-2.csv')
    """

    def __init__(self, folder: Path | str | None):
        self.folder = Path(folder) if folder is not None else None
        self.written: list[str] = []

    def install(self, shell) -> ReportOutput:
        """Make this the way ``shell`` (an IPython shell) shows figures and tables.

        The backend is loaded first: the inline backend sets its own PNG formatter when it
        loads, which would replace this one. With the inline backend, pyplot's hook that
        draws every changed figure after each cell is removed too: the inline backend shows
        them anyway, and that drawing (a quarter to a third of a figure's time, measured)
        was thrown away. Interactive backends keep it.
        """
        plt.switch_backend(matplotlib.get_backend())
        formatters = shell.display_formatter.formatters
        formatters["image/png"].for_type(Figure, self.figure)
        formatters["text/html"].for_type(Table, self.table)
        formatters["text/html"].for_type(GrowthCards, self.cards)
        if "inline" in matplotlib.get_backend():
            plt.uninstall_repl_displayhook()
        return self

    def free_name(self, stem: str, suffix: str) -> Path:
        """A name in the folder not written yet in this run: stem.suffix, else stem-2.suffix, ..."""
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "table"
        name, n = f"{stem}{suffix}", 1
        while name in self.written:
            n += 1
            name = f"{stem}-{n}{suffix}"
        self.written.append(name)
        return self.folder / name

    def figure(self, fig: Figure):
        """A figure as shown, with its caption: (base64 PNG, metadata), or None for an empty
        figure; its PNG and SVG written to the folder."""
        return figure_png(fig, self)

    def table(self, table: Table) -> tuple[str, dict]:
        """A table as shown: its HTML, linked to the articles and to its CSV, which is written
        to the folder; and the metadata naming the assets it carries ahead of itself."""
        link = self.folder is not None if table.link is None else table.link
        href = None
        if self.folder is not None:
            saved = self.record_table(
                table.name, table.csv, headers=table.headers, separators=table.separators
            )
            href = f"data/{saved.parent.name}/{saved.name}"
        return table.to_html(link, href), {"zibo": {"table_assets": table.assets}}

    def cards(self, cards: GrowthCards) -> tuple[str, dict]:
        """Growth cards as shown: their figures linked to their sentences in a report run,
        and the metadata naming the stylesheet they carry ahead of themselves."""
        link = self.folder is not None if cards.link is None else cards.link
        return cards.to_html(link), {"zibo": {"table_assets": cards.assets}}

    def record_table(
        self,
        name: str,
        frame,
        title: str = "",
        headers: dict | None = None,
        separators: dict | None = None,
    ) -> Path:
        """Write a table as CSV (text a spreadsheet would run as a formula is neutralised, a
        list's items joined by ``separators``: `files.csv_text`), and its table schema beside
        it (NAME.schema.json: each column's type, and its header as a reader sees it, unit
        included, from ``headers``)."""
        path = self.free_name(name, ".csv")
        atomic_write(path, csv_text(frame, separators))
        fields = [
            {"name": str(c), "type": field_type(frame[c])}
            | ({"title": headers[c]} if headers and c in headers else {})
            for c in frame.columns
        ]
        schema = {"title": title or name, "fields": fields}
        text = json.dumps(schema, ensure_ascii=False, indent=1) + "\n"
        atomic_write(path.with_suffix(".schema.json"), text)
        return path

    def figure_files(self, fig: Figure, png: bytes, options: dict, metadata: dict) -> list[str]:
        """Write a figure shown as figure-N.png (the bytes on the page) and figure-N.svg."""
        shown = sum(1 for n in self.written if n.startswith("figure-") and n.endswith(".png"))
        path = self.free_name(f"figure-{shown + 1}", ".png")
        atomic_write(path, png)
        svg = io.BytesIO()
        with _no_layout_pass(fig):
            fig.savefig(svg, format="svg", metadata={**SVG_METADATA, **metadata}, **options)
        atomic_write(path.with_suffix(".svg"), svg.getvalue())
        return [path.name, path.with_suffix(".svg").name]


def load_ipython_extension(shell) -> None:
    """``%load_ext zibo_analysis.plots``: figures with their captions, nothing written."""
    ReportOutput(None).install(shell)


def field_type(values) -> str:
    """A column's Table Schema type, as pandas writes it to CSV."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(values):
        return "boolean"
    if pd.api.types.is_integer_dtype(values):
        return "integer"
    if pd.api.types.is_float_dtype(values):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(values):
        present = values.dropna()
        return "date" if (present == present.dt.normalize()).all() else "datetime"
    return "string"


def alt_text(fig: Figure) -> str:
    """A figure described in words: its title, the title of each panel, its source line."""
    title, source = figure_caption(fig)
    panels = [ax.get_title() or ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]
    panels = [p.replace("\n", " ") for p in dict.fromkeys(panels) if p]
    if text_lang(title) == "zh":
        parts = (
            [title]
            + (["分图：" + "；".join(panels)] if panels else [])
            + ([source] if source else [])
        )
        return "。".join(p.rstrip("。") for p in parts) + "。"
    parts = [title or "Figure"]
    if panels:
        parts.append(("Panels: " if len(panels) > 1 else "Panel: ") + "; ".join(panels))
    if source:
        parts.append(source)
    return ". ".join(p.rstrip(".") for p in parts) + "."


def figure_png(fig: Figure, kept: ReportOutput | None = None):
    """A figure as IPython shows it, with its caption: (base64 PNG, metadata), or None for
    an empty figure. With ``kept`` (a report run's `ReportOutput` with a folder) the source
    line is left to the page's caption, and the PNG and an SVG are written to the folder.

    The figure is drawn in its theme (`figures.CaptionedFigure`), once for the PNG (the
    page's and the file's) and once for the SVG, around a tight box measured once for
    both.
    """
    if not fig.axes and not fig.lines:
        return None
    style = fig.style if isinstance(fig, CaptionedFigure) else {}
    with matplotlib.rc_context(style):
        return _figure_png(fig, kept if kept is not None and kept.folder is not None else None)


def _figure_png(fig: Figure, kept: ReportOutput | None):
    title, source = figure_caption(fig)
    metadata = {"Title": title, "Source": source}  # the files describe themselves
    drawn = getattr(fig, "source_text", None)
    hide = drawn is not None and kept is not None
    if hide:
        drawn.set_visible(False)
    try:
        # the tight box (what the inline backend shows), measured once for the PNG and the SVG
        box = fig.get_tightbbox(fig.canvas.get_renderer())
        options = {
            "dpi": fig.dpi,
            "bbox_inches": box.padded(plt.rcParams["savefig.pad_inches"]),
            "facecolor": fig.get_facecolor(),
            "edgecolor": fig.get_edgecolor(),
        }
        png = io.BytesIO()
        with _no_layout_pass(fig):
            fig.savefig(png, format="png", metadata=metadata, **options)
        lang = text_lang(title) or "en"
        caption = {"title": title, "source": source, "alt": alt_text(fig), "lang": LANG_TAGS[lang]}
        if kept is not None:
            caption["files"] = kept.figure_files(fig, png.getvalue(), options, metadata)
    finally:
        if hide:
            drawn.set_visible(True)
    return base64.b64encode(png.getvalue()).decode("ascii"), {"zibo": caption}


@contextmanager
def _no_layout_pass(fig: Figure) -> Iterator[None]:
    """Within the block the figure has no placeholder layout engine. ``tight_layout`` leaves
    one behind, and `savefig` then lays the whole figure out once more before drawing it
    (a third of its time, measured) for an engine that changes nothing.

    >>> fig = plt.figure()
    >>> fig.tight_layout()
    >>> with _no_layout_pass(fig):
    ...     fig.get_layout_engine() is None
    True
    >>> type(fig.get_layout_engine()).__name__
    'PlaceHolderLayoutEngine'
    >>> plt.close(fig)
    """
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    engine = fig.get_layout_engine()
    placeholder = isinstance(engine, PlaceHolderLayoutEngine)
    if placeholder:
        fig.set_layout_engine(None)
    try:
        yield
    finally:
        if placeholder:
            fig.set_layout_engine(engine)
