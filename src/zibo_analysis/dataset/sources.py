"""The sources table (data/raw/sources.csv): where each article's body lies, and what a table
says of an article (its date, region and body markers) for reading its facts.

Without pandas: `zibo-analysis facts` reads a table of a corpus this way and starts fast.
The build reads data/raw/sources.csv strictly, with its schema (`schemas.SOURCES_SCHEMA`).

>>> source = {"body_from": "正文", "body_to": "完。", "exclude_from": "", "line": 2}
>>> text = "标题 正文：就业5.53万人。完。广告"
>>> body_segments(text, source)
[(3, 17)]
>>> body_text(text, [(3, 17)])
'\\n\\n\\n正文：就业5.53万人。完。\\n\\n'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from zibo_analysis.dataset.csvfile import parse_csv
from zibo_analysis.dataset.issues import Issue, display_name
from zibo_analysis.errors import ZiboError
from zibo_analysis.files import NotRegularFile, read_regular

__all__ = [
    "SOURCES_FILE",
    "MARKERS",
    "Source",
    "SourceError",
    "body_segments",
    "body_text",
    "in_segments",
    "read_sources",
]

SOURCES_FILE = "sources.csv"
MARKERS = ("body_from", "body_to", "exclude_from", "exclude_to")


class SourceError(ZiboError, ValueError):
    """A body marker of a sources table's row is wrong."""

    def __init__(self, source: Mapping, field: str, problem: str):
        self.line, self.field, self.problem = source.get("line"), field, problem
        table = source.get("table") or f"data/raw/{SOURCES_FILE}"
        super().__init__(f"{table} line {self.line}, {field}: {problem}")


def body_segments(text: str, source: Mapping) -> list[tuple[int, int]]:
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


def _find(text: str, source: Mapping, field: str, after: int) -> int:
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


def body_text(text: str, segments: list[tuple[int, int]]) -> str:
    """``text`` with everything outside the body (headline, page furniture) blanked out as line
    breaks: what is read is the body alone, and offsets still index ``text``."""
    out, pos = [], 0
    for a, b in sorted(segments):
        out += ["\n" * (a - pos), text[a:b]]
        pos = b
    out.append("\n" * (len(text) - pos))
    return "".join(out)


# ------------------------------------------------------ a corpus's table --


@dataclass(frozen=True, slots=True)
class Source:
    """What a sources table says of one article: enough to read its facts."""

    source_file: str
    published: str  # YYYY-MM-DD
    region: str = ""  # as the table writes it: a region id of regions.csv or a Chinese name
    doc_id: str = ""
    markers: tuple[str, str, str, str] = ("", "", "", "")  # body_from, body_to, exclude_*
    table: str = ""  # the table's name, for messages
    line: int = 0

    def segments(self, text: str) -> list[tuple[int, int]]:
        """The body of ``text`` as the markers give it (all of it without markers); raises
        SourceError naming the table's line when a marker is not found."""
        if not self.markers[0]:
            return [(0, len(text))]
        row = dict(zip(MARKERS, self.markers, strict=True))
        row |= {"line": self.line, "source_file": self.source_file, "table": self.table}
        return body_segments(text, row)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_sources(path: Path) -> tuple[dict[Path, Source], list[Issue]]:
    """The rows of the sources table ``path`` by the resolved path of their article
    (``source_file``, relative to the table's folder), and the problems found, each naming the
    table, line and field. A table needs ``source_file`` and ``published``; ``doc_id``,
    ``region`` and the body markers are read where it has them, other columns are passed over
    (data/raw/sources.csv is such a table). A row with a problem is left out.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "sources.csv").write_text("source_file,published,region\\n"
    ...                                         "a.txt,2024-03-01,嘉兴市\\nb.txt,2024-02-30,\\n")
    >>> rows, issues = read_sources(folder / "sources.csv")
    >>> [(p.name, s.published, s.region) for p, s in rows.items()]
    [('a.txt', '2024-03-01', '嘉兴市')]
    >>> [str(i) for i in issues]  # doctest: +NORMALIZE_WHITESPACE
    [...sources.csv line 3, published: 2024-02-30 is not a day;
     write the date the article was published as YYYY-MM-DD']
    """
    name = display_name(path)
    issues: list[Issue] = []
    try:
        text = read_regular(path).decode("utf-8-sig")
    except (OSError, NotRegularFile) as err:
        return {}, [
            Issue(name, None, None, f"cannot be read ({getattr(err, 'strerror', None) or err})")
        ]
    except UnicodeDecodeError:
        return {}, [Issue(name, None, None, "not UTF-8; save the table as UTF-8")]
    records = parse_csv(text)
    if not records:
        return {}, [
            Issue(name, 1, None, "is empty; it needs a header with source_file and published")
        ]
    header = records[0].fields
    missing = [c for c in ("source_file", "published") if c not in header]
    if missing:
        return {}, [
            Issue(
                name,
                records[0].line,
                None,
                f"missing column(s) {', '.join(missing)}; a sources table names each "
                "article's file (source_file) and its publication date (published)",
            )
        ]
    rows: dict[Path, Source] = {}
    folder = path.parent
    for record in records[1:]:
        if record.problem:
            line, index, message = record.problem
            issues.append(
                Issue(name, line, header[index] if index < len(header) else None, message)
            )
            continue
        row = dict(zip(header, record.fields, strict=True))
        source = _source(row, name, record.line, issues)
        if source is None:
            continue
        key = (folder / source.source_file).resolve()
        if key in rows:
            issues.append(
                Issue(
                    name,
                    record.line,
                    "source_file",
                    f"{source.source_file} is listed already on line {rows[key].line}; keep one row per article",
                )
            )
            continue
        rows[key] = source
    return rows, issues


def _source(row: dict[str, str], name: str, line: int, issues: list[Issue]) -> Source | None:
    before = len(issues)
    file, published = row["source_file"], row["published"]
    if not file:
        issues.append(
            Issue(
                name,
                line,
                "source_file",
                "empty; give the article's file name, relative to the table's folder",
            )
        )
    try:
        ok = bool(_DATE.fullmatch(published)) and date.fromisoformat(published) is not None
    except ValueError:
        ok = False
    if not ok:
        what = "empty" if not published else f"{published} is not a day"
        issues.append(
            Issue(
                name,
                line,
                "published",
                f"{what}; write the date the article was published as YYYY-MM-DD",
            )
        )
    markers = tuple(row.get(m, "") for m in MARKERS)
    for first, second in ((0, 1), (2, 3)):
        if bool(markers[first]) != bool(markers[second]):
            given, lacking = (MARKERS[first], MARKERS[second])[:: 1 if markers[first] else -1]
            issues.append(
                Issue(name, line, lacking, f"empty while {given} is given; give both, or neither")
            )
    if markers[2] and not markers[0]:
        issues.append(
            Issue(name, line, "body_from", "empty while exclude_from is given; mark the body first")
        )
    if len(issues) > before:
        return None
    return Source(
        file, published, row.get("region", ""), row.get("doc_id", ""), markers, name, line
    )
