"""The raw articles, kept verbatim, and where each article's body lies.

>>> import pandas as pd
>>> source = pd.Series({"body_from": "正文", "body_to": "完。", "exclude_from": "", "line": 2})
>>> body_segments("标题 正文：就业5.53万人。完。广告", source)
[(3, 17)]
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

SOURCES_FILE = "sources.csv"


class SourceError(ValueError):
    """A body marker of a sources.csv row is wrong."""

    def __init__(self, source: pd.Series, field: str, problem: str):
        self.line, self.field, self.problem = source.get("line"), field, problem
        super().__init__(f"data/raw/{SOURCES_FILE} line {self.line}, {field}: {problem}")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def body_segments(text: str, source: pd.Series) -> list[tuple[int, int]]:
    """Character ranges of the body: body_from … body_to, minus exclude_from … exclude_to.

    Markers are exact snippets of the article; each is looked up after the previous one.
    """
    start = _find(text, source, "body_from", 0)
    end = _find(text, source, "body_to", start) + len(source["body_to"])
    if not source.get("exclude_from"):
        return [(start, end)]
    cut_start = _find(text, source, "exclude_from", start)
    cut_end = _find(text, source, "exclude_to", cut_start) + len(source["exclude_to"])
    if cut_end > end:
        raise SourceError(source, "exclude_to", "the excluded span runs past body_to")
    return [(start, cut_start), (cut_end, end)]


def _find(text: str, source: pd.Series, field: str, after: int) -> int:
    marker = source[field]
    at = text.find(marker, after) if marker else -1
    if at < 0:
        raise SourceError(
            source,
            field,
            f'"{marker}" not found in {source.get("source_file", "the article")}'
            + (f" after offset {after}" if after else "")
            + "; copy the marker exactly from the article",
        )
    return at


def in_segments(start: int, end: int, segments: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in segments)
