from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from zibo_analysis.dataset import build_indicators

from .helpers import ROOT, make_data_dir


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A small but real data folder: the five articles and a few curated facts."""
    return make_data_dir(tmp_path)


@pytest.fixture
def real_data_dir(tmp_path: Path) -> Path:
    """A copy of the committed data/ (without data/processed/)."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("processed", "*.tmp"))
    return data


@pytest.fixture(scope="session")
def indicators() -> pd.DataFrame:
    """The indicator table built from the committed data."""
    return build_indicators()
