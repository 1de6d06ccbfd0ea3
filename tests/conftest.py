from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


SHARED = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    """The run's shared folder (`tests/shared.py`), made by the process that starts the run
    (under pytest-xdist, before it starts the workers, which inherit its environment)."""
    import tempfile

    import shared

    if hasattr(config, "workerinput") or os.environ.get(shared.ENV):
        return  # a worker, or a run inside a run: the folder is the outer run's
    config.stash[SHARED] = Path(tempfile.mkdtemp(prefix="zibo-tests-"))
    os.environ[shared.ENV] = str(config.stash[SHARED])


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    import shared

    folder = config.stash.get(SHARED, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(shared.ENV, None)


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five articles as committed in data/raw/ (byte-identical to the seeds)."""
    return {
        p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "data/raw").glob("*.txt"))
    }


def make_indicators(rows: list[dict]) -> pd.DataFrame:
    """A small indicator table shaped like dataset.load_indicators(), for rule fixtures.

    Each row needs indicator_id, region, as_of, value; the rest has defaults.
    """
    defaults = {
        "doc_id": "doc-a", "indicator_zh": "指标", "indicator_en": "Indicator", "topic": "health_care",
        "unit": "个", "qualifier": "exact", "status": "actual", "kind": "stock",
        "higher_is_better": True, "numerator_id": "", "quote": "引文", "note": "",
    }  # fmt: skip
    table = pd.DataFrame([{**defaults, **row} for row in rows])
    table["as_of"] = pd.to_datetime(table["as_of"])
    if "published" not in table:
        table["published"] = table["as_of"]
    table["published"] = pd.to_datetime(table["published"])
    if "mention" not in table:
        table["mention"] = [
            f"{v:g}{'%' if u == 'percent' else u}"
            for v, u in zip(table["value"], table["unit"], strict=True)
        ]
    table["obs_id"] = [f"{d}:{i}" for i, d in enumerate(table["doc_id"])]
    return table


@pytest.fixture(scope="session")
def real_indicators(tmp_path_factory) -> pd.DataFrame:
    """The indicator table built from the committed curation, typed as load_indicators() gives it."""
    from zibo_analysis.dataset import build_indicators, load_indicators

    path = tmp_path_factory.mktemp("real") / "indicators.csv"
    build_indicators().to_csv(path, index=False)
    return load_indicators(path)
