"""Patterns written in simplified script that match traditional script too, in place.

The extractor's patterns are written in simplified characters. Rather than convert
each text before the scan (a pass over every character, and a second string to keep),
each pattern is widened once, when it is compiled: every simplified character that has
traditional forms becomes a class of all of them (万 → [万萬], 个 → [个個箇]). The scan
then runs on the original text, so every offset indexes it, and a text that mixes the
two scripts is read as well as either. What a match captures goes through
:func:`zibo_analysis.hanzi.to_simplified` before it is read (萬 → 万, 劑次 → 剂次).

The traditional forms are those that OpenCC's character table, as ``hanzi`` reads it,
takes to each simplified character.

>>> both_scripts("万人次|[余多]")
'[万萬]人次|[余餘多]'
>>> import re
>>> re.fullmatch(both_scripts("超过3万剂次"), "超過3萬劑次") is not None
True
"""

from __future__ import annotations

from functools import cache

from zibo_analysis.hanzi import to_simplified

__all__ = ["both_scripts", "simplified", "traditional_forms"]

# Han characters OpenCC's table may map: the unified block, extension A and the
# compatibility block that PDF extraction sometimes produces.
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))

simplified = to_simplified


@cache
def _forms() -> dict[str, str]:
    """Each simplified character → its traditional forms, in code point order."""
    han = "".join(chr(c) for lo, hi in _HAN_RANGES for c in range(lo, hi + 1))
    forms: dict[str, str] = {}
    for traditional, simple in zip(han, to_simplified(han), strict=True):
        if traditional != simple:
            forms[simple] = forms.get(simple, "") + traditional
    return forms


def traditional_forms(character: str) -> str:
    """The traditional forms of a simplified character ('' if it has none).

    >>> traditional_forms("万"), traditional_forms("人")
    ('萬', '')
    """
    return _forms().get(character, "")


def both_scripts(pattern: str) -> str:
    """``pattern`` with each simplified character widened to its traditional forms too.

    Inside a character class the forms are added to the class; elsewhere the character
    becomes a class of its own. Escapes are copied as they stand. Lookbehinds keep
    their width, since one character still matches one character.
    """
    forms = _forms()
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]" and not _opens_class(pattern, i):
                in_class = False
            out.append(ch + forms.get(ch, ""))
        elif ch == "[":
            in_class = True
            out.append(ch)
            if pattern[i + 1 : i + 2] == "^":  # a negated class: copy the caret as it stands
                out.append("^")
                i += 1
        elif ch in forms:
            out.append(f"[{ch}{forms[ch]}]")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _opens_class(pattern: str, i: int) -> bool:
    """Whether the ``]`` at ``i`` is the first character of its class (and so a literal)."""
    return pattern[i - 1] == "[" or pattern[i - 2 : i] == "[^"
