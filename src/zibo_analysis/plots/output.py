"""What a figure or table shown in a report notebook leaves behind for the report.

Captions: in IPython, a figure displays through `figure_png`, the PNG the inline backend
would show (the figure's own size and resolution, a tight box) with the figure's title,
source line and alt text in the output's metadata, ``metadata["image/png"]["zibo"]``,
where the report's page template finds them. The caption thus travels with the output
itself, whatever the cell that drew the figure looks like.

Data: when the report runs a notebook it names a folder in the kernel's
``ZIBO_REPORT_DATA`` environment variable. Each figure shown is then also written there
as ``figure-N.png`` (the bytes on the page) and ``figure-N.svg``, and each table that
`display_table` shows as ``NAME.csv`` (the columns shown, under their internal names).
Outside a report run nothing is written.

Links: in a report run, `display_table` links each figure from an article to the sentence
it was read from, ``sources/<doc_id>.html#<obs_id>``; `source_href` makes the address.

>>> source_href("zibo-2021-11", "zibo-2021-11:629")
'sources/zibo-2021-11.html#zibo-2021-11:629'
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from zibo_analysis.files import atomic_write, spreadsheet_safe
from zibo_analysis.hanzi import text_lang
from zibo_analysis.vocab import LANG_TAGS

REPORT_DATA = "ZIBO_REPORT_DATA"
SVG_METADATA = {"Date": None}  # no timestamp: the same figure gives the same file
_written: dict[str, list[str]] = {}  # folder -> names written there, in order


def report_folder() -> Path | None:
    """The folder the report collects this notebook's tables and figures in, if any."""
    folder = os.environ.get(REPORT_DATA)
    return Path(folder) if folder else None


def source_href(doc_id: str, obs_id: str | None = None) -> str:
    """The address, relative to a report page, of an article's page or of one figure in it."""
    page = f"sources/{quote(str(doc_id), safe='-_.')}.html"
    return f"{page}#{quote(str(obs_id), safe='-_.:')}" if obs_id else page


def _name(folder: Path, stem: str, suffix: str) -> Path:
    """A free name in ``folder``: stem.suffix, else stem-2.suffix, ... (per report run)."""
    taken = _written.setdefault(str(folder), [])
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "table"
    name, n = f"{stem}{suffix}", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}{suffix}"
    taken.append(name)
    return folder / name


def record_table(name: str, frame, title: str = "", headers: dict | None = None) -> Path | None:
    """Write a table shown in a report run as CSV (text a spreadsheet would run as a formula
    is neutralised), and its table schema beside it (NAME.schema.json: each column's type,
    and its header as a reader sees it, unit included, from ``headers``). None outside a
    report run."""
    folder = report_folder()
    if folder is None:
        return None
    path = _name(folder, name, ".csv")
    atomic_write(path, spreadsheet_safe(frame).to_csv(index=False, lineterminator="\n"))
    fields = [{"name": str(c), "type": field_type(frame[c]),
               **({"title": headers[c]} if headers and c in headers else {})} for c in frame.columns]  # fmt: skip
    schema = {"title": title or name, "fields": fields}
    atomic_write(
        path.with_suffix(".schema.json"), json.dumps(schema, ensure_ascii=False, indent=1) + "\n"
    )
    return path


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
    from zibo_analysis.plots.figures import figure_caption

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


def figure_png(fig: Figure):
    """A figure as IPython shows it, with its caption: (base64 PNG, metadata), or None for
    an empty figure. In a report run the PNG and an SVG are also written to its folder.

    The figure is drawn once for the PNG (the page's and the file's) and once for the SVG,
    around a tight box measured once for both; `show_captions` keeps the inline backend
    from drawing it a third time, for nothing, before it is shown.
    """
    from zibo_analysis.plots.figures import figure_caption

    if not fig.axes and not fig.lines:
        return None
    title, source = figure_caption(fig)
    folder = report_folder()
    # In a report run the page's caption gives the source line: it is not drawn in the image
    # too (the files keep it in their metadata).
    drawn = [t for t in fig.texts if t.get_gid() == "zibo-source" and folder is not None]
    for text in drawn:
        text.set_visible(False)
    try:
        # the tight box (what the inline backend shows), measured once for the PNG and the SVG
        box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(plt.rcParams["savefig.pad_inches"])  # fmt: skip
        options = {"dpi": fig.dpi, "bbox_inches": box, "facecolor": fig.get_facecolor(),
                   "edgecolor": fig.get_edgecolor()}  # fmt: skip
        png = io.BytesIO()
        with _no_layout_pass(fig):
            fig.savefig(png, format="png", metadata={"Title": title, "Source": source}, **options)
        lang = text_lang(title) or "en"
        caption = {"title": title, "source": source, "alt": alt_text(fig), "lang": LANG_TAGS[lang]}
        if folder is not None:
            shown = sum(1 for n in _written.get(str(folder), []) if n.startswith("figure-") and n.endswith(".png"))  # fmt: skip
            path = _name(folder, f"figure-{shown + 1}", ".png")
            atomic_write(path, png.getvalue())
            svg = io.BytesIO()
            with _no_layout_pass(fig):
                fig.savefig(svg, format="svg", metadata={**SVG_METADATA, "Title": title, "Source": source}, **options)  # fmt: skip
            atomic_write(path.with_suffix(".svg"), svg.getvalue())
            caption["files"] = [path.name, path.with_suffix(".svg").name]
    finally:
        for text in drawn:
            text.set_visible(True)
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


def show_captions() -> None:
    """In IPython, display figures through `figure_png` (called as each figure is made, since
    the inline backend sets its own PNG formatter when pyplot is first imported).

    With the inline backend, pyplot's hook that draws every changed figure after each cell
    is disconnected too: the inline backend shows them anyway, and that drawing (a quarter
    to a third of a figure's time, measured) was thrown away. Interactive backends keep it.
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["image/png"]
    try:
        current = formatter.lookup_by_type(Figure)
    except KeyError:
        current = None
    if current is not figure_png:
        formatter.for_type(Figure, figure_png)
    if "inline" in matplotlib.get_backend():
        plt.uninstall_repl_displayhook()
