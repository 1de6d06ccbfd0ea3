"""Paths, derived from the package location (override the root with ZIBO_ANALYSIS_ROOT)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("ZIBO_ANALYSIS_ROOT", Path(__file__).resolve().parents[2]))
DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"
