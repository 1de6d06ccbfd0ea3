"""Facts are the same in every process: no result may depend on Python's hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Each process reads one seed article with the project's catalog and the reference, as
# `candidates` and the corpus workers do, and prints every field of every fact.
SCRIPT = """
import json, sys
from zibo_analysis.facts import find_facts
from zibo_analysis.facts.catalog import load_matcher, read_catalog
text = open(sys.argv[1], encoding="utf-8").read()
matcher = load_matcher(read_catalog(sys.argv[2]))
rows = [f.row() for f in find_facts(text, "2021-12-01", "淄博市", matcher)]
print(json.dumps(rows, ensure_ascii=False, default=str))
"""


def _facts_with_hash_seed(seed: str) -> list[dict]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    article = ROOT / "data/raw/000_578db123918dbc52.txt"
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(article), str(ROOT / "data/catalog.csv")],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def test_facts_do_not_depend_on_the_hash_seed():
    first, second = _facts_with_hash_seed("1"), _facts_with_hash_seed("4242")
    assert len(first) > 50
    assert first == second
