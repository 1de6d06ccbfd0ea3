"""Text as a reader sees it: characters that show nothing, and control characters.

Some characters take no place on the page: the zero-width space and joiners, the word
joiner, the soft hyphen, a byte-order mark inside the text, variation selectors and
combining marks (Unicode's format characters, Cf, and non-spacing and enclosing marks,
Mn and Me). Between two digits they would cut one number into two (``1\\u200b2.5万人``
shows 12.5万人 but a scan would read 2.5万), so the extractor scans the text without them
(`visible`) and maps every offset back into the text as given (`Visible.original`).

Bidirectional controls (LRM, RLM, ALM, the embeddings, overrides and isolates) can
reorder what a reader sees: under a right-to-left override 5.21 is shown as 12.5. A
number that holds one, or that lies where an embedding, override or isolate is open
(up to its closing PDF or PDI, or the end of the line), is not read at all
(`Visible.hidden`).

Control characters other than tab, line feed, vertical tab, form feed and carriage
return (NUL, ESC and the rest of C0, DEL, C1) are not text: the commands refuse a file
holding one, in one line (`control_at`).

>>> v = visible("共1\\u200b2.5万人")
>>> v.text, v.original(1), v.original(7)
('共12.5万人', 1, 8)
>>> visible("共12.5万人").text is not None
True
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

# Characters that can be neither invisible nor a bidirectional control: ASCII, Latin,
# general punctuation without its format characters, symbols, CJK, Hangul, full-width
# forms. Anything else is looked up in the Unicode database, one character at a time.
_MAYBE = re.compile(
    "[^\x00-\xac\xae-\u02ff\u2010-\u2029\u202f-\u205f\u2070-\u20cf\u2100-\u2cee"
    "\u2e80-\u3029\u302e-\u3098\u309b-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]"
)
_INVISIBLE = frozenset(("Cf", "Mn", "Me"))
_OPENS = {
    "\u202a": "\u202c",
    "\u202b": "\u202c",
    "\u202d": "\u202c",
    "\u202e": "\u202c",
    "\u2066": "\u2069",
    "\u2067": "\u2069",
    "\u2068": "\u2069",
}
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_END = re.compile("[\n\r\x1c\x1d\x1e\x85\u2029]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")


@dataclass
class Visible:
    """``text`` without its invisible characters, and where each kept run came from."""

    text: str
    starts: list[int] = field(default_factory=list)  # where each kept run starts in ``text``
    origins: list[int] = field(default_factory=list)  # ... and in the text as given
    bidi: list[int] = field(default_factory=list)  # offsets of bidirectional controls
    scopes: list[tuple[int, int]] = field(default_factory=list)  # open embeddings, as given

    def original(self, i: int) -> int:
        """Where character ``i`` of ``text`` is in the text as given (``len`` maps to the end)."""
        if not self.starts:
            return i
        run = bisect.bisect_right(self.starts, i) - 1
        return self.origins[run] + i - self.starts[run]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """``text[start:end]`` as offsets into the text as given."""
        return self.original(start), self.original(end - 1) + 1

    def hidden(self, start: int, end: int) -> bool:
        """Whether the span ``start:end`` of the text as given may not show as it reads: it
        holds a bidirectional control or lies in an open embedding, override or isolate."""
        if not self.bidi:
            return False
        first = bisect.bisect_left(self.bidi, start)
        if first < len(self.bidi) and self.bidi[first] < end:
            return True
        return any(a < end and start < b for a, b in self.scopes)


def visible(text: str) -> Visible:
    """``text`` as a reader sees it, for scanning; see the module's docstring."""
    if _MAYBE.search(text) is None:  # as in nearly every text
        return Visible(text)
    gone = [
        m.start() for m in _MAYBE.finditer(text) if unicodedata.category(m.group()) in _INVISIBLE
    ]
    if not gone:
        return Visible(text)
    bidi = [i for i in gone if text[i] in _BIDI]
    parts, starts, origins = [], [], []
    previous, length = 0, 0
    for i in [*gone, len(text)]:
        if i > previous:
            starts.append(length)
            origins.append(previous)
            parts.append(text[previous:i])
            length += i - previous
        previous = i + 1
    if not starts:  # nothing but invisible characters
        starts, origins = [0], [len(text)]
    return Visible("".join(parts), starts, origins, bidi, _scopes(text, bidi))


def _scopes(text: str, bidi: list[int]) -> list[tuple[int, int]]:
    """The spans where an embedding, override or isolate is open: from its opening control
    to the control that closes it, or the end of its line."""
    scopes, open_at = [], []
    line_end = -1
    for i in bidi:
        if i > line_end:  # a new line: whatever was open is closed at the end of the last
            if open_at:
                scopes.append((open_at[0][0], line_end))
            open_at = []
            end = _LINE_END.search(text, i)
            line_end = len(text) if end is None else end.start()
        ch = text[i]
        if ch in _OPENS:
            open_at.append((i, _OPENS[ch]))
        elif open_at and ch == open_at[-1][1]:
            start, _ = open_at.pop()
            if not open_at:
                scopes.append((start, i + 1))
    if open_at:
        scopes.append((open_at[0][0], line_end))
    return scopes


def control_at(data: bytes) -> int:
    """The byte offset of the first control character in UTF-8 ``data`` (NUL, ESC, DEL, C1 ...;
    tab, line feed, vertical tab, form feed and carriage return are text), or -1.

    >>> control_at("共3人\\n\\t".encode()), control_at(b"abc\\x1b[31m"), control_at("a\\u0085".encode())
    (-1, 3, 1)
    """
    m = _CONTROL_BYTES.search(data)
    return -1 if m is None else m.start()


def control_name(data: bytes, at: int) -> str:
    """The control character at byte ``at`` of ``data``, as U+XXXX.

    >>> control_name(b"ab\\x00", 2), control_name("a\\u009b".encode(), 1)
    ('U+0000', 'U+009B')
    """
    code = data[at] if data[at] != 0xC2 else data[at + 1]
    return f"U+{code:04X}"
