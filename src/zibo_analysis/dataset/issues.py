"""How a problem in the data files is reported: an `Issue` names its file, line and field and
says how to fix it; the build collects them all and raises one `DataError`.

Without pandas, so that what reads a sources table for ``zibo-analysis facts`` starts fast.

>>> str(Issue("data/curation.csv", 41, "quote", "not found"))
'data/curation.csv line 41, quote: not found'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zibo_analysis.errors import ZiboError

__all__ = ["DataError", "Issue", "display_name", "grouped", "line_ranges"]


@dataclass(frozen=True)
class Issue:
    """One problem in an input file: where it is and how to fix it.

    ``kind`` names the problem in words every row that has it shares ("empty", "unknown
    region"), ``value`` the row's own part of it (the id, the region) and ``fix`` what to do,
    said once: `grouped` reports the rows of one file and field with one kind in one line.
    """

    file: str
    line: int | None
    field: str | None
    message: str
    kind: str = ""
    value: str = ""
    fix: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" line {self.line}"
        if self.field:
            where += f", {self.field}"
        return f"{where}: {self.message}"


class DataError(ZiboError, ValueError):
    """The inputs do not build; `issues` lists every problem found."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__(f"{len(issues)} problem(s):\n" + "\n".join(map(str, issues)))


def grouped(issues: list[Issue]) -> list[str]:
    """The issues as lines to print: the rows of one file and field with the same problem (its
    ``kind``, or else the same message) in one line with the lines they are on, what each
    says (its ``value``) and what to do; a problem of one row in its own line. Files in the
    order they come, lines in order, problems without a line first.

    >>> empty = [Issue("data/curation.csv", n, "indicator_id", "empty", "empty", "", "fill it") for n in (9, 7, 8)]
    >>> print(*grouped([*empty, Issue("data/curation.csv", 3, "quote", "not found")]), sep="\\n")
    data/curation.csv line 3, quote: not found
    data/curation.csv lines 7-9, indicator_id: empty in 3 rows; fill it
    """
    files: dict[str, int] = {}
    groups: dict[tuple, list[Issue]] = {}
    for issue in issues:
        files.setdefault(issue.file, len(files))
        key = (issue.file, issue.field, issue.kind or issue.message, issue.line is None)
        groups.setdefault(key, []).append(issue)
    out = []
    for members in groups.values():
        members = sorted(members, key=lambda i: i.line or 0)
        first = members[0]
        order = (files[first.file], first.line is not None, first.line or 0)
        if len(members) == 1 or first.line is None:
            out += [(order, str(i)) for i in members]
            continue
        what = first.kind or first.message
        values = list(dict.fromkeys(i.value for i in members if i.value))
        shown = ", ".join(values[:12]) + (
            f" and {len(values) - 12} more" if len(values) > 12 else ""
        )
        lines = line_ranges([i.line for i in members])
        text = f"{first.file} lines {lines}, {first.field}: {what} in {len(members)} rows"
        text += f" ({shown})" if shown else ""
        text += f"; {first.fix}" if first.fix else ""
        out.append((order, text))
    return [text for _, text in sorted(out, key=lambda pair: pair[0])]


def line_ranges(lines: list[int]) -> str:
    """Line numbers as ranges: 250-277, 281.

    >>> line_ranges([281, 250, 251, 252])
    '250-252, 281'
    """
    lines = sorted(set(lines))
    spans: list[list[int]] = []
    for n in lines:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}-{b}" if b > a else f"{a}" for a, b in spans)


def display_name(path: Path) -> str:
    """A data file's name as a user sees it: data/curation.csv, whatever the root."""
    parts = path.parts
    return (
        "/".join(parts[len(parts) - 1 - parts[::-1].index("data") :])
        if "data" in parts
        else str(path)
    )
