from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five articles as committed in data/raw/ (byte-identical to the seeds)."""
    return {
        p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "data/raw").glob("*.txt"))
    }
