"""How a problem in the data files is reported: an `Issue` names its file, line and field and
says how to fix it; the build collects them all and raises one `DataError`.

Without pandas, so that what reads a sources table for ``zibo-analysis facts`` starts fast.

>>> str(Issue("data/curation.csv", 41, "quote", "not found"))
'data/curation.csv line 41, quote: not found'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["DataError", "Issue", "display_name"]


@dataclass(frozen=True)
class Issue:
    """One problem in an input file: where it is and how to fix it."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" line {self.line}"
        if self.field:
            where += f", {self.field}"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """The inputs do not build; `issues` lists every problem found."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__(f"{len(issues)} problem(s):\n" + "\n".join(map(str, issues)))


def display_name(path: Path) -> str:
    """A data file's name as a user sees it: data/curation.csv, whatever the root."""
    parts = path.parts
    return (
        "/".join(parts[len(parts) - 1 - parts[::-1].index("data") :])
        if "data" in parts
        else str(path)
    )
