"""Traditional to simplified Chinese, one character for one character.

Rules written for simplified text run unchanged on traditional text once it
goes through :func:`to_simplified`: the result has the same length, so every
offset found in it indexes the original text too.

The table is OpenCC's ``TSCharacters.txt`` (Apache-2.0) as the
``opencc-python-reimplemented`` wheel ships it. Where OpenCC lists several
simplified forms (乾 → 干 乾) the first, its default, is taken; the phrase
tables are not used, since a phrase may change length.

>>> to_simplified("累計接種778.31萬劑次，覆蓋率達95.71%")
'累计接种778.31万剂次，覆盖率达95.71%'
>>> text = "建成名醫基層工作站102個"
>>> len(to_simplified(text)) == len(text)
True
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

__all__ = ["to_simplified", "is_traditional", "text_lang"]

_TABLE = ("opencc", "dictionary", "TSCharacters.txt")


@cache
def _table() -> dict[int, str]:
    """Code point of each traditional character → its simplified character."""
    package, *path = _TABLE
    resource = files(package).joinpath(*path)
    table: dict[int, str] = {}
    for line in resource.read_text(encoding="utf-8").splitlines():
        traditional, _, simplified = line.partition("\t")
        first = simplified.split(" ", 1)[0]
        if len(traditional) == 1 and len(first) == 1 and first != traditional:
            table[ord(traditional)] = first
    return table


def to_simplified(text: str) -> str:
    """``text`` with each traditional character replaced by its simplified form; same length.

    Simplified text passes through unchanged.

    >>> to_simplified("截至3月27日24時，全區共有醫療衛生機構1,205個")
    '截至3月27日24时，全区共有医疗卫生机构1,205个'
    """
    return text.translate(_table())


def is_traditional(text: str, threshold: float = 0.05) -> bool:
    """Whether at least ``threshold`` of the Han characters of ``text`` are traditional-only.

    >>> is_traditional("衛生統計公報"), is_traditional("卫生统计公报")
    (True, False)
    """
    table = _table()
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return False
    return sum(ord(ch) in table for ch in han) / len(han) >= threshold


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def text_lang(text: str) -> str | None:
    """The language a page should declare for ``text``: "zh" when Han characters are at least
    a fifth of its letters (Latin and Han), "en" when Latin words are the rest, None for
    numbers, dates and symbols.

    >>> [text_lang(t) for t in ("12.8万人次", "zibo-2021-11:629", "2021-11-10", "%")]
    ['zh', 'en', None, None]
    >>> text_lang("Qualifiers such as 余 (more than) and 近 (nearly) are kept")
    'en'
    """
    han = len(_HAN.findall(text))
    latin = sum(len(w) for w in _LATIN_WORD.findall(text))
    if han and han * 5 >= han + latin:
        return "zh"
    return "en" if latin else None


# A run of Latin words in a Chinese sentence: ids (zibo-2021-11), codes (period_start), units,
# English names; each word starts with a letter, so dates and figures are not part of one.
_LATIN_RUN = re.compile(r"[A-Za-z][\w.:/+-]*(?:[ ]+[A-Za-z][\w.:/+-]*)*", re.ASCII)


def marked_html(text: str, tag: str = "en") -> str:
    """``text`` as HTML (escaped), each run of Latin words in it marked with ``lang="en"``
    (``tag``), so that a Chinese sentence names the language of the ids and codes it holds.

    >>> marked_html("所选范围（地区：Xuecheng；2030-01-01至2030-12-31）内 <无> period_start")
    '所选范围（地区：<span lang="en">Xuecheng</span>；2030-01-01至2030-12-31）内 &lt;无&gt; <span lang="en">period_start</span>'
    """
    import html

    out, at = [], 0
    for run in _LATIN_RUN.finditer(text):
        out.append(html.escape(text[at : run.start()], quote=False))
        out.append(f'<span lang="{tag}">{html.escape(run.group(), quote=False)}</span>')
        at = run.end()
    out.append(html.escape(text[at:], quote=False))
    return "".join(out)
