"""The raw articles, kept verbatim: where each body lies, and where a quote is in it.

>>> import pandas as pd
>>> source = pd.Series({"body_from": "正文", "body_to": "完。", "exclude_from": "", "line": 2})
>>> body_segments("标题 正文：就业5.53万人。完。广告", source)
[(3, 17)]
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from zibo_analysis.dataset.schemas import Issue, display_name
from zibo_analysis.quantities import Quantity, find_quantities

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


@dataclass
class Article:
    doc_id: str
    source_file: str
    text: str
    segments: list[tuple[int, int]]
    mentions: list[Quantity]  # only those inside the body


def load_articles(data_dir: Path, sources: pd.DataFrame, issues: list[Issue]) -> dict[str, Article]:
    """Each article's text, body and body mentions; checks the files are the recorded bytes."""
    articles: dict[str, Article] = {}
    where = display_name(data_dir / "raw/sources.csv")
    for src in sources.itertuples():
        path = data_dir / "raw" / src.source_file
        if not path.exists():
            issues.append(
                Issue(where, src.line, "source_file", f"{src.source_file} is not in data/raw/")
            )
            continue
        if src.sha256 and sha256(path) != src.sha256:
            issues.append(
                Issue(
                    where,
                    src.line,
                    "sha256",
                    f"{src.source_file} has changed (SHA-256 {sha256(path)[:12]}…); raw articles must stay byte-identical to their source",
                )
            )
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as err:
            issues.append(
                Issue(
                    where,
                    src.line,
                    "source_file",
                    f"{src.source_file} is not UTF-8 (offset {err.start})",
                )
            )
            continue
        try:
            segments = body_segments(text, pd.Series(src._asdict()))
        except SourceError as err:
            issues.append(Issue(where, src.line, err.field, err.problem))
            continue
        mentions = [q for q in find_quantities(text) if in_segments(q.start, q.end, segments)]
        articles[src.doc_id] = Article(src.doc_id, src.source_file, text, segments, mentions)
    return articles


def body_occurrences(article: Article, quote: str) -> list[int]:
    """Offsets of every occurrence of ``quote`` that lies inside the article body."""
    starts, at = [], article.text.find(quote)
    while at >= 0:
        if in_segments(at, at + len(quote), article.segments):
            starts.append(at)
        at = article.text.find(quote, at + 1)
    return starts


@dataclass(frozen=True)
class Located:
    quote_start: int
    quote_end: int
    quantity: Quantity


def locate(row, article: Article, file: str, issues: list[Issue]) -> Located | None:
    """Find a row's quote in the article body and the quantity it designates."""
    quote = row.quote
    starts = body_occurrences(article, quote)
    if not starts:
        outside = quote in article.text
        issues.append(Issue(file, row.line, "quote", f'"{quote}" ' + (
            f"is outside the body of {article.source_file} (page furniture); quote the body" if outside
            else f"not found in {article.source_file}; copy the quote exactly from the article")))  # fmt: skip
        return None
    if row.occurrence:
        k = int(row.occurrence)
        if k > len(starts):
            issues.append(
                Issue(
                    file,
                    row.line,
                    "occurrence",
                    f'{k} but "{quote}" occurs {len(starts)} time(s) in the body',
                )
            )
            return None
        start = starts[k - 1]
    elif len(starts) > 1:
        issues.append(
            Issue(
                file,
                row.line,
                "quote",
                f'"{quote}" occurs {len(starts)} times in the body (offsets {", ".join(map(str, starts))}); make it longer or set occurrence',
            )
        )
        return None
    else:
        start = starts[0]
    end = start + len(quote)
    inside = [q for q in article.mentions if start <= q.start and q.end <= end]
    cut = [q for q in article.mentions if q.start < end and q.end > start and q not in inside]
    if row.mention:
        chosen = [q for q in inside if q.text == row.mention]
        if len(chosen) == 1:
            return Located(start, end, chosen[0])
        if len(chosen) > 1:
            message = f'"{row.mention}" occurs {len(chosen)} times in the quote; shorten the quote'
        elif any(q.text == row.mention for q in cut):
            message = f'the quote cuts "{row.mention}" short; extend the quote to hold all of it'
        else:
            message = f'"{row.mention}" is not a quantity in the quote; it holds: ' + (
                ", ".join(q.text for q in inside) or "none"
            )
        issues.append(Issue(file, row.line, "mention", message))
        return None
    if len(inside) == 1:
        return Located(start, end, inside[0])
    if inside:
        issues.append(
            Issue(
                file,
                row.line,
                "mention",
                f"the quote holds {len(inside)} quantities ({', '.join(q.text for q in inside)}); say which in mention",
            )
        )
    else:
        hint = f'; it cuts "{cut[0].text}" short, extend it' if cut else ""
        issues.append(Issue(file, row.line, "quote", f'"{quote}" holds no quantity{hint}'))
    return None
