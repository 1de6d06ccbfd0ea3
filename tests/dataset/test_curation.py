"""What is left to curate, and quotes suggested for it."""

from __future__ import annotations

import os
import subprocess
import sys

from zibo_analysis.dataset import uncurated_mentions

from .helpers import DOC, edit


def test_candidates_lists_what_is_left(data_dir):
    left = uncurated_mentions(data_dir)
    assert "102个" not in set(left[left.doc_id == DOC]["mention"])
    assert "37家" in set(left[left.doc_id == DOC]["mention"])
    assert "10个月" not in set(left[left.doc_id == DOC]["mention"])  # ignored
    row = left[(left.doc_id == DOC) & (left.mention == "5065人")].iloc[0]
    text = (data_dir / "raw/000_578db123918dbc52.txt").read_text(encoding="utf-8")
    assert row["quote"] in text and row["quote"].endswith("5065人")


def test_every_body_mention_is_curated_or_ignored():
    left = uncurated_mentions()
    assert left.empty, "uncurated mentions:\n" + left[["doc_id", "quote", "mention"]].to_string()


def test_candidates_on_bad_data_reports_without_traceback(data_dir):
    edit(data_dir, "curation.csv", 2, "occurrence", "x")
    env = {**os.environ, "ZIBO_ANALYSIS_ROOT": str(data_dir.parent)}
    result = subprocess.run(
        [sys.executable, "-m", "zibo_analysis.cli", "candidates", DOC],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "data/curation.csv line 2, occurrence: must be empty or a positive whole number"
        in result.stderr
    )
