"""Strict CSV reading: RFC 4180 records, each field with the physical line it starts on.

Python's csv module forgives too much in a hand-edited file: a stray quote at the start
of a field swallows the lines after it into that field, a row with a field too many or
too few goes through, and ``line_num`` counts where a record ends, not where it starts.
Here each of these is a `problem` of its record, with the physical line (as an editor
shows it, counting the newlines inside quoted fields) and the field; reading goes on
after it, so that one problem hides no other.

>>> header, row, bad, last = parse_csv('a,b\\n"x\\ny",1\\n\\n"z,2\\n3,4\\n')
>>> row.line, row.fields
(2, ['x\\ny', '1'])
>>> bad.problem[:2], last.line
((5, 0), 6)
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

MAX_FIELD = 10_000  # characters; the longest field in the data holds a few hundred
_QUOTED = re.compile(r'"([^"]*+(?:""[^"]*+)*+)"')  # possessive: an unclosed quote fails fast
_BARE = re.compile(r"[^,\n]*")
_FIX_QUOTE = 'remove the stray quote, or write a quote inside a field as two ("")'


@dataclass
class Record:
    """One record: its fields (stripped), the line each starts on, and what is wrong with it."""

    line: int
    fields: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problem: tuple[int, int, str] | None = None  # (line, field index, message)
    restart: int | None = None  # the line to read on from, when a quote may have run on


def parse_csv(text: str) -> list[Record]:
    """The records of a CSV text, the header first; blank lines and rows of commas are skipped.

    Every record after the header must have the header's number of fields.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    starts = [0, *(m.end() for m in re.finditer("\n", text))]  # the offset of each line
    records: list[Record] = []
    pos, line = 0, 1
    while pos < len(text):
        record, pos, line = _read_record(text, pos, line)
        if not record.problem and not any(record.fields):
            continue  # a blank line, or a row of commas as spreadsheets leave
        if records and not record.problem and len(record.fields) != len(records[0].fields):
            _width_problem(record, len(records[0].fields), last_line=line - 1)
        if record.restart:
            line = record.restart
            pos = starts[line - 1] if line <= len(starts) else len(text)
        records.append(record)
    return records


def _read_record(text: str, pos: int, line: int) -> tuple[Record, int, int]:
    """The record at offset ``pos`` (on ``line``), and the offset and line of the next."""
    record = Record(line)
    while True:
        record.lines.append(line)
        if text.startswith('"', pos):
            match = _QUOTED.match(text, pos)
            if match is None:
                message = (
                    'a double quote (") opens this field and is never closed, so the rest of the '
                    f"file would be read into it; {_FIX_QUOTE}"
                )
                return _stray(record, line, len(record.fields), message), len(text), line
            value, pos = match.group(1).replace('""', '"'), match.end()
            line += match.group(0).count("\n")
            if pos < len(text) and text[pos] not in ",\n":
                start = record.lines[-1]
                message = (
                    _closed_on(line)
                    if line > start
                    else (
                        "text follows the closing quote "
                        f'("{value[-12:]}"{text[pos : pos + 12].partition(chr(10))[0]}); '
                        f"{_FIX_QUOTE}"
                    )
                )
                return _stray(record, start, len(record.fields), message), pos, line
        else:
            value = _BARE.match(text, pos).group(0)
            pos += len(value)
        if len(value) > MAX_FIELD and not record.problem:
            message = f"{len(value):,} characters, more than the {MAX_FIELD:,} a field may hold; shorten it"
            record.problem = (record.lines[-1], len(record.fields), message)
        record.fields.append(value.strip())
        if pos >= len(text) or text[pos] == "\n":
            return record, pos + 1, line + 1
        pos += 1


def _stray(record: Record, line: int, index: int, message: str) -> Record:
    """Mark field ``index`` as opened by a stray quote on ``line``: read on from the next line."""
    record.problem = (line, index, message)
    record.restart = line + 1
    return record


def _closed_on(line: int) -> str:
    return (
        f'a double quote (") opens this field and is only closed on line {line}, taking in the '
        f"lines between; {_FIX_QUOTE}"
    )


def _width_problem(record: Record, width: int, last_line: int) -> None:
    """Too many or too few fields; a field running over several lines is the likely cause."""
    k = len(record.fields)
    for i, start in enumerate(record.lines):
        end = record.lines[i + 1] if i + 1 < k else last_line
        if end > start:  # a quoted field that ran on: most likely a stray quote
            _stray(record, start, i, _closed_on(end))
            return
    if k < width:
        message = (
            f"missing: the row has {k} fields but the header has {width}; add the missing fields "
            "(empty ones too, as in a,,b)"
        )
        record.problem = (record.lines[-1], k, message)
    else:
        message = (
            f"the row has {k} fields but the header has {width} (the first extra: "
            f'"{record.fields[width]}"); a comma splits a field in two: put the field in double '
            "quotes, or remove the comma"
        )
        record.problem = (record.lines[width], width, message)


def append_records(raw: bytes, records: list[list[str]]) -> bytes:
    """The bytes of a CSV file with ``records`` appended, in the file's line endings; what
    the file held is kept byte for byte (its BOM, its last line ended if it was not).

    >>> append_records(b"a,b\\r\\n1,2", [["x", "y,z"]])
    b'a,b\\r\\n1,2\\r\\nx,"y,z"\\r\\n'
    """
    text = raw.decode("utf-8-sig", errors="replace")
    newline = "\r\n" if "\r\n" in text else "\n"
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(records)
    before = raw if raw.endswith((b"\n", b"\r")) or not raw.strip() else raw + newline.encode()
    return before + out.getvalue().encode("utf-8")
