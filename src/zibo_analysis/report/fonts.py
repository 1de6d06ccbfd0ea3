"""Chinese on every page, offline: the subset of Noto Sans CJK SC a page needs, as WOFF2.

A machine without CJK fonts shows Chinese text as empty boxes. Each page therefore embeds,
in an ``@font-face`` rule with a data URL, the glyphs of the characters it holds and no
others: tens of kilobytes instead of the 16 MB font. The font is the one the figures use,
from the ``mplfonts`` wheel (SIL Open Font License 1.1). Latin text keeps the reader's
own fonts: the rule's ``unicode-range`` limits it to the CJK blocks.

Subsetting the whole font costs about half a second a page, so a run first cuts it down
once to the characters of the project's inputs (the articles, the data tables, the
library's labels), kept under ``.cache/fonts/`` in the output folder, and cuts each page's
subset from that; a page holding a character outside it is cut from the whole font.
Each page's subset is kept there too, by its characters, so a forced run does not redo it.

>>> sorted(page_characters("<p>淄博 &#x4EBA; Zibo「」</p>"))
['「', '」', '人', '博', '淄']
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import importlib.util
import io
import re
from collections.abc import Iterator
from pathlib import Path

from zibo_analysis.files import atomic_write

FONT_FILE = "NotoSansCJKsc-Regular.otf"  # the file plots.cjk_font_path() names
FAMILY = "Zibo CJK"
# CJK radicals, symbols and punctuation, kana, ideographs (with extension A and the
# supplementary planes), compatibility ideographs and forms, full-width forms
CJK_RANGES = [
    (0x2E80, 0x2FDF),
    (0x3000, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x2FA1F),
]
CJK = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in CJK_RANGES) + "]")
UNICODE_RANGE = ", ".join(f"U+{a:X}-{b:X}" for a, b in CJK_RANGES)
# Brotli at quality 9 compresses a page's subset in 0.03 s instead of 0.3 s at 11 (the
# WOFF2 default), for files about 8% larger.
BROTLI_QUALITY = 9


def font_path() -> Path:
    """Noto Sans CJK SC inside the installed mplfonts package (found without importing it,
    which would import matplotlib)."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the mplfonts package is not installed; it carries the CJK font")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts" / FONT_FILE


def page_characters(text: str) -> set[str]:
    """The CJK characters of an HTML page (character references read as characters)."""
    return set(CJK.findall(html.unescape(text)))


def _key(*parts: object) -> str:
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:32]


def _font_id(path: Path) -> str:
    stat = path.stat()
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def _options(flavor: str | None):
    from fontTools import subset

    options = subset.Options()
    options.flavor = flavor
    options.layout_features = []  # horizontal text, no ligatures or vertical forms needed
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # the copyright and the licence stay
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    options.drop_tables += ["vhea", "vmtx", "VORG", "BASE", "GSUB", "GPOS", "GDEF"]
    return options


# ------------------------------------------------------------ fontTools adapter --
# The one place this project reaches into fontTools: two shortcuts that fontTools has no
# option for, each falling back to fontTools' own way when the name it uses is gone, and
# each checked to give the same font (tests/test_report_output.py). Measured on an article
# page (660 CJK characters, cut from the base subset; load 6, best of 3): 1.01 s without
# either, 0.07 s with both; the WOFF2's Brotli at quality 9 saves 0.92 s of it, the CFF
# passes 0.21 s. A cold report cuts ten such subsets (five articles, four pages, the index).


@contextlib.contextmanager
def fonttools_shortcuts(enabled: bool = True) -> Iterator[None]:
    """Within the block, fontTools subsets and writes WOFF2 the quicker way (see above):

    * WOFF2's Brotli at `BROTLI_QUALITY`: fontTools' writer calls ``brotli.compress`` with
      its default, 11, through the ``brotli`` name of ``fontTools.ttLib.woff2``, which is
      given a wrapper here. The file is some 8% larger; its font is the same.
    * Two passes of CFF subsetting that find nothing in our fonts skipped. Each interprets
      every charstring kept: the closure looks for accented glyphs built from others
      (seac), which a CID-keyed font such as Noto Sans CJK cannot hold; the pruning of
      unused subroutines has nothing to prune in a font without subroutines (the base
      subset is desubroutinised). Fonts of other kinds go through both as before.
    """
    if not enabled:
        yield
        return
    with _brotli_quality(BROTLI_QUALITY), _cff_shortcuts():
        yield


@contextlib.contextmanager
def _brotli_quality(quality: int) -> Iterator[None]:
    from fontTools.ttLib import woff2

    real = getattr(woff2, "brotli", None)
    if real is None or not hasattr(real, "compress"):  # fontTools compresses another way now
        yield
        return

    class Brotli:
        MODE_FONT, MODE_TEXT, decompress = real.MODE_FONT, real.MODE_TEXT, real.decompress

        @staticmethod
        def compress(data, **options):
            return real.compress(data, **{"quality": quality, **options})

    woff2.brotli = Brotli
    try:
        yield
    finally:
        woff2.brotli = real


@contextlib.contextmanager
def _cff_shortcuts() -> Iterator[None]:
    import fontTools.subset.cff  # noqa: F401 (adds the subsetting methods to the CFF table)
    from fontTools.ttLib import getTableClass

    table = getTableClass("CFF ")
    closure = getattr(table, "closure_glyphs", None)
    prune = getattr(table, "remove_unused_subroutines", None)
    if closure is None or prune is None:  # fontTools subsets CFF another way now
        yield
        return

    def closure_glyphs(self, subsetter):
        if not hasattr(self.cff[self.cff.fontNames[0]], "ROS"):
            closure(self, subsetter)

    def remove_unused_subroutines(self):
        top = self.cff[self.cff.fontNames[0]]
        fds = [fd.Private for fd in getattr(top, "FDArray", [])]
        privates = [*fds, getattr(top, "Private", None)]
        local = any(len(getattr(p, "Subrs", None) or []) for p in privates if p is not None)
        if local or len(self.cff.GlobalSubrs):
            prune(self)

    table.closure_glyphs, table.remove_unused_subroutines = (
        closure_glyphs,
        remove_unused_subroutines,
    )
    try:
        yield
    finally:
        table.closure_glyphs, table.remove_unused_subroutines = closure, prune


def _subset(
    source: Path | bytes,
    chars: set[str],
    flavor: str | None,
    plain: bool = False,
    shortcuts: bool = True,
    retain_gids: bool = False,
) -> bytes:
    """``source`` cut down to ``chars``; ``plain`` says it has no hints or subroutines left
    (a base subset), so that no time is spent removing them again. ``retain_gids`` keeps
    each glyph's number, so that in the CID-keyed CJK font a glyph's number stays its CID
    (a PDF maps its text back to characters by them)."""
    from fontTools import subset

    options = _options(flavor)
    options.retain_gids = retain_gids
    if plain:
        options.hinting, options.desubroutinize = True, False
    font = subset.load_font(
        io.BytesIO(source) if isinstance(source, bytes) else str(source), options, lazy=True
    )
    font.recalcTimestamp = False  # the same characters give the same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(map(ord, chars)))
    out = io.BytesIO()
    with fonttools_shortcuts(shortcuts):
        subsetter.subset(font)
        subset.save_font(font, out, options)
    return out.getvalue()


class FontCache:
    """Page subsets of the CJK font, cut from a base subset of the project's characters.

    ``base_chars`` is called once, when a page first needs the base, for the characters
    it should hold. `prune` removes the subsets this cache did not use, so that the
    folder keeps what the pages of the last full run need and no more.
    """

    def __init__(self, folder: Path, base_chars=lambda: set(), font: Path | None = None):
        self.folder, self.base_chars = folder, base_chars
        self.font = font or font_path()
        self._base: tuple[set[str], bytes] | None = None
        self.used: set[Path] = set()

    def prune(self) -> None:
        for path in [*self.folder.glob("*.woff2"), *self.folder.glob("base-*.otf")]:
            if path not in self.used:
                path.unlink(missing_ok=True)

    def base(self) -> tuple[set[str], bytes]:
        if self._base is None:
            chars = set(self.base_chars())
            path = self.folder / f"base-{_key(_font_id(self.font), *sorted(chars))}.otf"
            self.used.add(path)
            if not path.exists():
                atomic_write(path, _subset(self.font, chars, None))
            self._base = (chars, path.read_bytes())
        return self._base

    def woff2(self, chars: set[str]) -> bytes:
        """The WOFF2 subset for exactly ``chars``."""
        path = self.folder / f"{_key(_font_id(self.font), *sorted(chars))}.woff2"
        self.used.add(path)
        if path.exists():
            return path.read_bytes()
        base_chars, base = self.base()
        if chars <= base_chars:
            data = _subset(base, chars, "woff2", plain=True)
        else:
            data = _subset(self.font, chars, "woff2")
        atomic_write(path, data)
        return data

    def font_face(self, page: str) -> str:
        """The @font-face rule for the CJK characters of ``page``; "" when it has none."""
        chars = page_characters(page)
        if not chars:
            return ""
        data = base64.b64encode(self.woff2(chars)).decode("ascii")
        return (
            f'@font-face {{ font-family: "{FAMILY}"; font-style: normal; font-weight: 400; '
            f"font-display: block; unicode-range: {UNICODE_RANGE}; "
            f'src: url(data:font/woff2;base64,{data}) format("woff2"); }}'
        )


def pdf_font_face(page: str) -> str:
    """The @font-face rule for a document printed to PDF: the CJK characters of ``page`` and
    the spaces between them, cut from the whole font with each glyph's number kept, so that
    the PDF's text is extractable as the characters shown. No ``unicode-range``: WeasyPrint
    does not read it, so Latin text takes the next font by its missing glyphs."""
    chars = page_characters(page) | {" ", "\u00a0", "\u3000"}
    data = base64.b64encode(_subset(font_path(), chars, "woff2", retain_gids=True)).decode("ascii")
    return (
        f'@font-face {{ font-family: "{FAMILY}"; font-style: normal; font-weight: 400; '
        f'src: url(data:font/woff2;base64,{data}) format("woff2"); }}'
    )


def project_characters(data_dir: Path, package_dir: Path) -> set[str]:
    """The CJK characters of the inputs a page can show: the articles and data tables under
    ``data_dir`` and the labels in the library's source under ``package_dir``."""
    chars: set[str] = set()
    for path in [
        *data_dir.glob("*.csv"),
        *(data_dir / "raw").glob("*"),
        *package_dir.rglob("*.py"),
    ]:
        if path.is_file():
            chars |= page_characters(path.read_text(encoding="utf-8", errors="replace"))
    return chars
