"""Paths: a source checkout's folders, or the dataset an installed wheel carries.

Run from a source checkout (the package is ``src/zibo_analysis`` under a folder holding
``pyproject.toml`` and ``data/``), every path hangs from that folder, ``ROOT``, and the
data is read from ``data/`` and ``data/processed/``. Installed from a wheel there is no
project folder: the wheel carries the built dataset and the inputs it was built from as
package data, ``zibo_analysis/_data/``, laid out as ``data/`` is (``setup.py`` puts them
there at build time), and the paths point inside the installed package, never into the
parents of site-packages. ``ZIBO_ANALYSIS_ROOT`` names a checkout and wins over both.

>>> IN_CHECKOUT  # the tests run from the checkout
True
>>> PROCESSED_DIR.relative_to(ROOT).as_posix()
'data/processed'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def checkout_root(
    package_dir: Path = PACKAGE_DIR, environ: Mapping[str, str] = os.environ
) -> Path | None:
    """The source checkout the package runs from, or None when it is installed.

    A checkout is named by ``ZIBO_ANALYSIS_ROOT``, or is the folder two levels above a
    package found at ``src/zibo_analysis`` beside ``pyproject.toml`` and ``data/``; an
    installed package (site-packages, or ``pip install --target``) is neither.

    >>> checkout_root(Path("/venv/lib/python3.11/site-packages/zibo_analysis"), {}) is None
    True
    >>> checkout_root(PACKAGE_DIR, {"ZIBO_ANALYSIS_ROOT": "/srv/zibo"}).as_posix()
    '/srv/zibo'
    """
    if environ.get("ZIBO_ANALYSIS_ROOT"):
        return Path(environ["ZIBO_ANALYSIS_ROOT"])
    root = package_dir.parents[1]
    in_src = package_dir.parent.name == "src"
    if in_src and (root / "pyproject.toml").is_file() and (root / "data").is_dir():
        return root
    return None


def packaged_data_dir() -> Path:
    """``zibo_analysis/_data`` of the installed package, where the wheel puts the dataset.

    Wheels install as files, so this is a folder; in a checkout it does not exist.
    """
    data = resources.files(__package__) / "_data"
    return data if isinstance(data, Path) else PACKAGE_DIR / "_data"


CHECKOUT = checkout_root()
IN_CHECKOUT = CHECKOUT is not None

if CHECKOUT is not None:
    ROOT = CHECKOUT
    DATA_DIR = ROOT / "data"
else:
    ROOT = PACKAGE_DIR
    DATA_DIR = packaged_data_dir()
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
REFERENCE_DIR = DATA_DIR / "reference"  # the reference catalog of indicators
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"


def require_checkout(what: str) -> Path:
    """The checkout's root, or a clear error for a command that needs one (and would write).

    >>> require_checkout("zibo-analysis data") == ROOT
    True
    """
    if CHECKOUT is None:
        raise RuntimeError(
            f"{what} needs a source checkout of zibo-analysis (notebooks/, data/), but this is "
            f"the installed package at {PACKAGE_DIR}, which only reads the dataset it ships; "
            "clone the project, or set ZIBO_ANALYSIS_ROOT to a checkout"
        )
    if not (
        CHECKOUT / "data"
    ).is_dir():  # a checkout named by ZIBO_ANALYSIS_ROOT: nothing made there
        raise RuntimeError(
            f"{what}: ZIBO_ANALYSIS_ROOT={CHECKOUT} is not a checkout of zibo-analysis (it has "
            "no data/ folder); set it to the folder you cloned, or unset it"
        )
    return CHECKOUT
