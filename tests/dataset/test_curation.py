"""What is left to curate, and quotes suggested for it."""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from zibo_analysis.dataset import (
    Article,
    body_occurrences,
    load_articles,
    locate,
    read_table,
    suggest_quote,
    uncurated_mentions,
)
from zibo_analysis.dataset.schemas import SOURCES_SCHEMA
from zibo_analysis.quantities import find_quantities

from .helpers import ARTICLE, DOC, edit


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


# ---------------------------------------------- quotes in a repeated body --
TABLE = "男性1人，女性2人；"  # a statistical table: one clause recurs everywhere


def add_article(data: Path, body: str) -> str:
    """Add an article holding ``body`` to data/raw/ and sources.csv; returns its doc_id."""
    text = f"标题\n【正文】\n{body}\n【完】\n"
    (data / "raw/900_new.txt").write_text(text, encoding="utf-8")
    row = ["new-article", "900_new.txt", "2024-01-01", "Zibo", "报社", "标题", "【正文】", "【完】",
           "", "", hashlib.sha256(text.encode()).hexdigest(), "test"]  # fmt: skip
    with (data / "raw/sources.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(row)
    return "new-article"


def test_suggested_quotes_find_their_mention_in_a_repeated_body(data_dir, seed_texts):
    body = seed_texts[ARTICLE][1000:3000] * 4 + TABLE * 50
    doc = add_article(data_dir, body)
    left = uncurated_mentions(data_dir).query("doc_id == @doc")
    assert len(left) > 100 and (left["occurrence"] == "50").any()
    issues = []
    sources = read_table(data_dir / "raw/sources.csv", SOURCES_SCHEMA, issues)
    article = load_articles(data_dir, sources, issues)[doc]
    for row in left.assign(line=0).itertuples():
        found = locate(row, article, "candidates", issues)
        assert found is not None and found.quantity.start == row.start, (row, issues)


def test_suggest_quote_numbers_each_occurrence(data_dir):
    text = TABLE * 3
    article = Article("d", "d.txt", text, [(0, len(text))], find_quantities(text))
    suggested = [suggest_quote(article, q) for q in article.mentions]
    # 女性2人 says too little alone: it takes in the clause before it, within its sentence
    assert suggested == [("男性1人", "1"), ("男性1人，女性2人", "1"), ("男性1人", "2"),
                         ("男性1人，女性2人", "2"), ("男性1人", "3"), ("男性1人，女性2人", "3")]  # fmt: skip


def test_body_occurrences_leave_out_page_furniture():
    text = "广告5人。正文5人，5人。完。5人"
    article = Article("d", "d.txt", text, [(5, 14)], [])
    assert body_occurrences(article, "5人") == [7, 10]
    assert body_occurrences(article, "不在") == []


def test_a_quote_found_many_times_lists_a_few_offsets():
    text = TABLE * 12
    article = Article("d", "d.txt", text, [(0, len(text))], find_quantities(text))
    row = pd.Series({"quote": "男性1人", "mention": "", "occurrence": "", "line": 7})
    issues = []
    assert locate(row, article, "data/curation.csv", issues) is None
    assert str(issues[0]) == (
        'data/curation.csv line 7, quote: "男性1人" occurs 12 times in the body '
        "(offsets 0, 10, 20, 30, 40, 50, 60, 70, 80, 90 … (2 more)); make it longer or set occurrence"
    )
