"""The report as one PDF, ``reports/report.pdf``: what a reader forwards.

The index, then every page in the index's order, then the articles, each from a new sheet
(A4: the notebooks' pages landscape, the index and the articles portrait, as the print
stylesheet says). The pages are put into one HTML document and rendered by WeasyPrint,
offline, with the system's Pango: links between the pages become links inside the PDF (a
table's figure still opens its sentence in the article), the headings become its
bookmarks (each page's title, and under it the sections of its contents), and the CJK font
is embedded as the subset the document uses (the same Noto Sans CJK SC the pages embed).
Scripts are dropped; the tables, figures and details are as the pages print them.

>>> prefixed('<a href="02_coverage.html#Rates">x</a> <p id="a">', "index", {"02_coverage": "p1"})
'<a href="#p1-Rates">x</a> <p id="index-a">'
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from zibo_analysis.files import atomic_write
from zibo_analysis.table_assets import CARDS_CSS, TABLE_CSS

BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)
HEAD_STYLES = re.compile(r"<style(?: id=\"([^\"]*)\")?>\n?(.*?)</style>", re.S)
SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
LANG = re.compile(r'<html lang="([^"]+)"')
PAGE = re.compile(r"^\d\d_[A-Za-z0-9_-]+\.html$")
# the PDF's bookmarks: each part's title, then its sections; nothing deeper
BOOKMARKS = """
h1 { bookmark-level: 1; } h2 { bookmark-level: 2; }
h3, h4, h5, h6, .zibo-toc h2 { bookmark-level: none; }
.zibo-part { break-before: page; }
.zibo-part:first-child { break-before: auto; }
.zibo-part-wide { page: wide; }
.zibo-header, .zibo-toc, .zibo-menu, .zibo-tip { display: none !important; }
"""


def parts(reports_dir: Path) -> list[tuple[str, Path]]:
    """The documents of the PDF in order, each with the name its ids are prefixed with:
    the index, the pages (by name, as the index lists them), the articles (as the index
    lists them)."""
    index = reports_dir / "index.html"
    text = index.read_text(encoding="utf-8")
    listed = list(dict.fromkeys(re.findall(r'href="(\d\d_[A-Za-z0-9_-]+)\.html"', text)))
    articles = list(dict.fromkeys(re.findall(r'href="sources/([^"/]+)\.html"', text)))
    found = [("index", index)]
    found += [
        (f"p-{n}", reports_dir / f"{n}.html")
        for n in listed
        if (reports_dir / f"{n}.html").exists()
    ]
    found += [
        (f"s-{a}", reports_dir / "sources" / f"{a}.html")
        for a in articles
        if (reports_dir / "sources" / f"{a}.html").exists()
    ]
    return found


def prefixed(body: str, prefix: str, names: dict[str, str], in_sources: bool = False) -> str:
    """A page's body with its ids prefixed, and its links to itself and to the other parts
    made links inside the one document (``names`` maps a page's file stem, or
    ``sources/<doc_id>``, to its prefix). Links to other files are left as they are."""
    here = "sources/" if in_sources else ""

    def target(href: str) -> str:
        path, _, anchor = html.unescape(href).partition("#")
        if not path:
            return f"#{prefix}-{anchor}" if anchor else f"#{prefix}"
        resolved = re.sub(r"^(?:\./)?", "", path if not in_sources else _up(here + path))
        key = resolved.removesuffix(".html")
        if key in names:
            return f"#{names[key]}-{anchor}" if anchor else f"#{names[key]}"
        return resolved if in_sources else path  # a data file: relative to reports/

    body = re.sub(r'\bid="([^"]*)"', lambda m: f'id="{prefix}-{m.group(1)}"', body)
    body = re.sub(
        r'\baria-describedby="([^"]*)"', lambda m: f'aria-describedby="{prefix}-{m.group(1)}"', body
    )
    return re.sub(r'\bhref="([^"]*)"', lambda m: f'href="{html.escape(target(m.group(1)))}"', body)


def _up(path: str) -> str:
    """``sources/../index.html`` -> ``index.html``."""
    out: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if out:
                out.pop()
        elif part and part != ".":
            out.append(part)
    return "/".join(out)


def document(reports_dir: Path) -> str:
    """The report's pages as one HTML document, ready for print."""
    found = parts(reports_dir)
    names = {"index": "index"}
    for prefix, path in found[1:]:
        key = path.stem if path.parent == reports_dir else f"sources/{path.stem}"
        names[key] = prefix
    index_text = found[0][1].read_text(encoding="utf-8")
    site_css = [css for ident, css in HEAD_STYLES.findall(index_text) if ident != "zibo-font"]
    lang = (LANG.search(index_text) or [None, "en"])[1]
    sections = []
    for prefix, path in found:
        text = path.read_text(encoding="utf-8")
        body = SCRIPT.sub("", BODY.search(text).group(1))
        body = prefixed(body, prefix, names, in_sources=path.parent.name == "sources")
        wide = " zibo-part-wide" if PAGE.match(path.name) else ""
        own = LANG.search(text)
        lang_attr = f' lang="{own.group(1)}"' if own and own.group(1) != lang else ""
        sections.append(
            f'<section class="zibo-part{wide}" id="{prefix}"{lang_attr}>\n{body}\n</section>'
        )
    page = (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        "<title>zibo-analysis report</title>\n<style>/* zibo-font */</style>\n"
        f"<style>\n{''.join(site_css)}\n{TABLE_CSS}\n{CARDS_CSS}\n{BOOKMARKS}\n</style>\n</head>\n"
        f"<body>\n" + "\n".join(sections) + "\n</body>\n</html>\n"
    )
    from zibo_analysis.report.fonts import pdf_font_face

    return page.replace("/* zibo-font */", pdf_font_face(page), 1)


def write_pdf(reports_dir: Path, out: Path | None = None) -> Path:
    """Write ``out`` (``reports_dir/report.pdf`` by default) from the built report."""
    try:
        import weasyprint
    except ImportError as err:  # the optional extra, or the system's Pango, is missing
        raise RuntimeError(
            f"the PDF needs WeasyPrint and the system's Pango ({err}); "
            "install them with: make pdf (or pip install 'zibo-analysis[pdf]')"
        ) from err
    reports_dir = Path(reports_dir)
    if not (reports_dir / "index.html").exists():
        raise FileNotFoundError(
            f"{reports_dir}/index.html not found; build the report first (make report)"
        )
    out = out or reports_dir / "report.pdf"
    pdf = weasyprint.HTML(string=document(reports_dir), base_url=str(reports_dir.absolute()) + "/")
    atomic_write(out, pdf.write_pdf(pdf_identifier=b"zibo-analysis-report"))
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m zibo_analysis.report.pdf [REPORTS_DIR [OUT]]``, as `make pdf` runs it."""
    args = sys.argv[1:] if argv is None else argv
    reports_dir = Path(args[0]) if args else Path("reports")
    out = Path(args[1]) if len(args) > 1 else None
    try:
        path = write_pdf(reports_dir, out)
    except (RuntimeError, FileNotFoundError) as err:
        print(f"zibo-analysis: {err}", file=sys.stderr)
        return 2
    print(f"pdf: wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
