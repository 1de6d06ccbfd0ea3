"""What the report modules share: names, the result record, errors, hashing, versions.

Standard library only (and the package's modules below report). The report's modules
import down these layers, never across one, so that each can be read and tested alone:

1. ``common``, this module;
2. the parts: ``words``, ``templates``, ``folder``, ``fonts``, ``cache``, ``notebooks``,
   ``run``, ``datapackage``, which import nothing of report but this module;
3. the writers: ``pages``, ``sources``, ``index``, ``banner``, ``flags``, ``removals``,
   which import common and the parts, not one another;
4. ``build``, which puts them together, and the tools beside it (``lab``, ``pdf``).

The set-up's bytecode tool imports the commands too, and so stands above every stage, as
`zibo_analysis.bytecode`.

>>> sha(b"abc")[:12]
'ba7816bf8f01'
>>> import tempfile, pathlib
>>> stamp = pathlib.Path(tempfile.mkdtemp()) / "x.sha"
>>> write_stamp(stamp, "abc"); stamp_matches(stamp, "abc"), stamp_matches(stamp, "abd")
(True, False)
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from zibo_analysis.errors import ZiboError
from zibo_analysis.files import atomic_write

KERNEL_NAME = "zibo-analysis"
PACKAGES = (
    "zibo-analysis",
    "pandas",
    "numpy",
    "matplotlib",
    "seaborn",
    "statsmodels",
    "pandera",
    "papermill",
    "nbconvert",
    "ipykernel",
)
STALE_BANNER_ID = "zibo-stale-banner"
# Where a page's font goes: the style element each template holds in its head. Text is
# escaped into the pages, so no title or article can hold this markup and move the font.
FONT_SLOT = '<style id="zibo-font">/* zibo-font */</style>'
# The report runs notebooks/NN_name.ipynb only: Untitled.ipynb and other lab notebooks stay out.
REPORT_NOTEBOOK = re.compile(r"^\d\d_[A-Za-z0-9_-]+\.ipynb$")


# A Markdown cell tagged lang-en or lang-zh is shown on the pages of that language only; an
# untagged cell on every page. So a notebook carries its narrative in both languages, a cell
# for each, and JupyterLab shows both.
LANG_TAG_PREFIX = "lang-"


def cell_shown_in(cell: dict, lang: str) -> bool:
    """Whether a notebook cell belongs on a page in ``lang`` (see `LANG_TAG_PREFIX`).

    >>> cell_shown_in({"metadata": {"tags": ["lang-zh"]}}, "en"), cell_shown_in({"metadata": {}}, "en")
    (False, True)
    """
    tags = [t for t in cell.get("metadata", {}).get("tags", []) if t.startswith(LANG_TAG_PREFIX)]
    return not tags or f"{LANG_TAG_PREFIX}{lang}" in tags


def failed_where(cell: int | None, otherwise: str) -> str:
    """Where a notebook failed, in words: "cell 3", or ``otherwise`` when no cell ran."""
    return f"cell {cell}" if cell is not None else otherwise


class ParameterError(ZiboError, ValueError):
    """A -p override names no parameter of the notebooks, or has a value of the wrong type."""


class FolderBusy(ZiboError, RuntimeError):
    """Another report run holds the output folder."""


@dataclass
class NotebookResult:
    name: str
    status: str  # ok, reused, failed
    seconds: float = 0.0
    parameters: dict = field(default_factory=dict)
    inputs_hash: str = ""
    error: str = ""
    failed_cell: int | None = None
    stale: bool = False
    title: str = ""
    summary: str = ""
    run_date: str = ""  # the first run from these inputs (the page's footer says it)
    lang: str = "en"  # the language of the page (its lang parameter)


def place_font(page: str, css: str) -> str:
    """``page`` with ``css`` (an @font-face rule, or "" for none) in its font slot.

    >>> place_font("<title>/* zibo-font */</title>" + FONT_SLOT, "@font-face {}")
    '<title>/* zibo-font */</title><style id="zibo-font">@font-face {}</style>'
    """
    return page.replace(
        FONT_SLOT, f'<style id="zibo-font">{css or "/* no CJK characters */"}</style>', 1
    )


def sha(data: bytes) -> str:
    """SHA-256 of ``data``, in hex."""
    return hashlib.sha256(data).hexdigest()


def versions() -> dict[str, str]:
    """Python's version and each package's, as the index lists them."""
    found = {"python": sys.version.split()[0]}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def stamp_matches(path: Path, key: str) -> bool:
    """Whether the stamp file at ``path`` holds ``key`` (what a derived file was made from)."""
    try:
        return path.read_text(encoding="utf-8") == key
    except OSError:
        return False


def write_stamp(path: Path, key: str) -> None:
    """Record ``key`` at ``path``, after the file it describes was written."""
    atomic_write(path, key)
