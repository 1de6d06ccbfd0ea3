"""The raw articles, kept verbatim: their bodies (`sources.body_segments`), the mentions in
them, and where a quote is in them.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from zibo_analysis.dataset.issues import Issue, display_name
from zibo_analysis.dataset.search import TextIndex
from zibo_analysis.dataset.sources import SourceError, body_segments, in_segments
from zibo_analysis.facts.text import Layout
from zibo_analysis.files import NotRegularFile, read_regular
from zibo_analysis.quantities import Quantity, find_quantities
from zibo_analysis.quantities.visible import control_at, control_name
from zibo_analysis.vocab import closest


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Article:
    """An article's text, its body, the mentions in the body (by start) and quotes found."""

    doc_id: str
    source_file: str
    text: str
    segments: list[tuple[int, int]]
    mentions: list[Quantity]  # only those inside the body
    found: dict[str, list[int]] = field(default_factory=dict, repr=False)  # quote -> starts

    @classmethod
    def of(
        cls, doc_id: str, source_file: str, text: str, segments: list[tuple[int, int]]
    ) -> Article:
        """The article whose body is ``segments`` of ``text``, with the quantities in its body.

        >>> [q.text for q in Article.of("d", "d.txt", "广告：5人。正文：6人。", [(6, 12)]).mentions]
        ['6人']
        """
        mentions = [q for q in find_quantities(text) if in_segments(q.start, q.end, segments)]
        return cls(doc_id, source_file, text, segments, mentions)

    def __post_init__(self) -> None:
        self.mentions = sorted(self.mentions, key=lambda q: q.start)
        self._starts = [q.start for q in self.mentions]
        self._longest = max((q.end - q.start for q in self.mentions), default=0)
        self._index: TextIndex | None = None
        self._layout: Layout | None = None
        self._breaks: list[int] | None = None

    @property
    def layout(self) -> Layout:
        """The article's sentences and clauses (`facts.text.Layout`), built when first asked."""
        if self._layout is None:
            self._layout = Layout(self.text)
        return self._layout

    @property
    def line_breaks(self) -> list[int]:
        """The offsets of the article's line breaks, in order."""
        if self._breaks is None:
            self._breaks = [m.start() for m in re.finditer("\n", self.text)]
        return self._breaks

    def mentions_within(self, start: int, end: int) -> list[Quantity]:
        """The mentions that overlap ``start:end``, by start, without a pass over them all."""
        first = bisect.bisect_left(self._starts, start - self._longest)
        last = bisect.bisect_left(self._starts, end)
        return [q for q in self.mentions[first:last] if q.end > start]

    def find_quotes(self, quotes: Iterable[str]) -> None:
        """Find the body occurrences of many quotes at once, one pass per quote length."""
        new = [q for q in dict.fromkeys(quotes) if q not in self.found]
        if not new:
            return
        if self._index is None:
            self._index = TextIndex(self.text)
        for quote, starts in self._index.find_all(new).items():
            self.found[quote] = [s for s in starts if in_segments(s, s + len(quote), self.segments)]


def load_articles(data_dir: Path, sources: pd.DataFrame, issues: list[Issue]) -> dict[str, Article]:
    """Each article's text, body and body mentions; one Issue for an article that fails."""
    articles: dict[str, Article] = {}
    where = display_name(data_dir / "raw/sources.csv")
    for src in sources.itertuples():
        text = read_article(data_dir / "raw", src, where, issues) if src.source_file else None
        if text is None:
            continue
        try:
            segments = body_segments(text, pd.Series(src._asdict()))
        except SourceError as err:
            issues.append(Issue(where, src.line, err.field, err.problem))
            continue
        articles[src.doc_id] = Article.of(src.doc_id, src.source_file, text, segments)
    return articles


def read_article(raw_dir: Path, src, where: str, issues: list[Issue]) -> str | None:
    """The text of the article of sources row ``src``, if it is there, readable and UTF-8.

    Otherwise one Issue says why and how to fix it, and the result is None. Text whose
    bytes differ from the recorded SHA-256 is reported too, and still returned.
    """
    name = src.source_file
    try:
        raw = read_regular(raw_dir / name)
    except NotRegularFile as err:
        message = f"{name} is {err}; save the article as a text file in data/raw/"
        issues.append(Issue(where, src.line, "source_file", message))
        return None
    except FileNotFoundError:
        close = closest(name, [p.name for p in raw_dir.glob("*.txt")])
        hint = (
            f'did you mean "{close[0]}"?'
            if close
            else "save the article there, or correct source_file"
        )
        issues.append(Issue(where, src.line, "source_file", f"{name} is not in data/raw/; {hint}"))
        return None
    except OSError as err:
        message = f"{name} cannot be read ({err.strerror}); make it a readable file (chmod a+r)"
        issues.append(Issue(where, src.line, "source_file", message))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        issues.append(Issue(where, src.line, "source_file", _not_utf8(name, raw, err.start)))
        return None
    control = control_at(raw)
    if control >= 0:
        line = raw[:control].count(b"\n") + 1
        message = (
            f"{name} holds a control character ({control_name(raw, control)}) at byte "
            f"{control} on line {line}, which is not text; remove it from the article "
            "and record its new SHA-256 in sha256"
        )
        issues.append(Issue(where, src.line, "source_file", message))
        return None
    digest = hashlib.sha256(raw).hexdigest()
    if src.sha256 and digest != src.sha256:
        message = f"{name} has changed (SHA-256 {digest[:12]}…); raw articles must stay byte-identical to their source"
        issues.append(Issue(where, src.line, "sha256", message))
    return text


def _not_utf8(name: str, raw: bytes, at: int) -> str:
    """What is wrong with an article that is not UTF-8, and the command that converts it."""
    encoding = "UTF-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "GB18030"
    try:
        raw.decode(encoding)
        guess = f"; it reads as {encoding}"
    except UnicodeDecodeError:
        guess = ""
    line = raw[:at].count(b"\n") + 1
    return (
        f"{name} is not UTF-8 (byte 0x{raw[at]:02x} on line {line}{guess}); convert it, e.g. "
        f"`iconv -f {encoding} -t UTF-8 {name} > utf8.txt && mv utf8.txt {name}` in data/raw/, "
        "and record its new SHA-256 in sha256"
    )


def find_row_quotes(table: pd.DataFrame, articles: dict[str, Article]) -> None:
    """Look up the quotes of all rows of a curation or ignored table at once, by article."""
    for doc_id, quotes in table.groupby("doc_id")["quote"]:
        if doc_id in articles:
            articles[doc_id].find_quotes(quotes)


def body_occurrences(article: Article, quote: str) -> list[int]:
    """Offsets of every occurrence of ``quote`` that lies inside the article body.

    >>> article = Article("d", "d.txt", "广告：5人。正文：5人，5人。", [(6, 15)], [])
    >>> body_occurrences(article, "5人")  # not the advert's at 3
    [9, 12]
    """
    if quote not in article.found:
        article.find_quotes([quote])
    return article.found[quote]


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
        issues.append(
            Issue(
                file,
                row.line,
                "quote",
                f'"{quote}" '
                + (
                    f"is outside the body of {article.source_file} (page furniture); quote the body"
                    if outside
                    else f"not found in {article.source_file}; copy the quote exactly from the article"
                ),
            )
        )
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
                (
                    f'"{quote}" occurs {len(starts)} times in the body (offsets {_some(starts)}); '
                    "make it longer or set occurrence"
                ),
            )
        )
        return None
    else:
        start = starts[0]
    end = start + len(quote)
    near = article.mentions_within(start, end)
    inside = [q for q in near if start <= q.start and q.end <= end]
    cut = [q for q in near if q not in inside]
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


def _some(offsets: list[int], n: int = 10) -> str:
    return ", ".join(map(str, offsets[:n])) + (
        f" … ({len(offsets) - n} more)" if len(offsets) > n else ""
    )
