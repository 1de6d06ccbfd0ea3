"""The published folder: HTML pages exported from executed notebooks, the index, quality_flags.csv.

HTML comes from the Jinja2 templates beside this module, with autoescape on, so that
titles, summaries, parameters and errors from the inputs are shown as text, never run.
The index is rendered only when what it shows has changed, so a run with nothing to do
imports neither Jinja2 nor nbconvert.

>>> banner = render("stale_banner.html.j2", banner_id="b", where="cell 3", error="<script>")
>>> banner.rpartition("failed in ")[2]
'cell 3: <code>&lt;script&gt;</code>. See index.html.</div>'
"""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, datetime
from pathlib import Path

from zibo_analysis.files import spreadsheet_safe
from zibo_analysis.report.common import (
    STALE_BANNER_ID,
    NotebookResult,
    cell_shown_in,
    place_font,
    sha,
    stamp_matches,
    versions,
    write_stamp,
)
from zibo_analysis.report.folder import OutputFolder
from zibo_analysis.report.words import html_lang, page_words

TEMPLATES = Path(__file__).parent / "templates"


def render(template: str, **context) -> str:
    """A template from templates/, rendered with autoescape."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template(template).render(**context)


def mark_stale(out: OutputFolder, name: str, result: NotebookResult) -> None:
    """Put a banner on the last good page ``name`` (a file of ``out``) saying it is out of
    date, and why."""
    page = out.root / name
    if not page.exists() or not out.owns(name):
        return
    text = page.read_text(encoding="utf-8")
    text = re.sub(rf'<div id="{STALE_BANNER_ID}".*?</div>\n', "", text, flags=re.S)
    banner = render(
        "stale_banner.html.j2",
        banner_id=STALE_BANNER_ID,
        where=_where(result.failed_cell, "before any cell ran"),
        error=result.error,
    )
    text = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + banner + "\n", text, count=1)
    out.write(name, text)


def _where(cell: int | None, otherwise: str) -> str:
    return f"cell {cell}" if cell is not None else otherwise


# Markdown's code and emphasis marks around words: the index shows a summary as plain text
MARKUP = re.compile(r"(`|\*\*)(.+?)\1")


def describe(notebook: Path, lang: str = "en") -> tuple[str, str]:
    """Title and first paragraph of a notebook's first Markdown cell shown in ``lang``
    (see `common.cell_shown_in`); the notebook's name and nothing when it cannot be read
    (the run reports why)."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        cells = [c for c in cells if isinstance(c, dict)]
    except (OSError, ValueError, KeyError, TypeError):
        return notebook.stem, ""
    for cell in cells:
        if cell.get("cell_type") == "markdown" and cell_shown_in(cell, lang):
            lines = [
                ln.strip() for ln in "".join(cell.get("source", "")).splitlines() if ln.strip()
            ]
            title = lines[0].lstrip("# ") if lines else notebook.stem
            summary = next((ln for ln in lines[1:] if not ln.startswith("#")), "")
            return title, MARKUP.sub(r"\2", summary)
    return notebook.stem, ""


def write_index(
    out: OutputFolder,
    data_sha: str,
    records: list[dict],
    now: datetime | None = None,
    fonts=None,
    lang: str = "en",
) -> Path:
    """index.html: each page, what it shows, its status and parameters; the article pages;
    the data files; the run date once; in ``lang``, the language of the run.

    ``records`` are the sidecars of the notebooks, in order. The page is rewritten only
    when something on it other than the date changed. ``fonts`` gives the run's
    `fonts.FontCache` (a function, called only when the page is rewritten).
    """
    reports_dir = out.root
    flags = reports_dir / "quality_flags.csv"
    n_flags = 0
    if flags.exists():
        with flags.open(encoding="utf-8", newline="") as handle:
            n_flags = max(0, sum(1 for _ in csv.reader(handle)) - 1)
    rows = [_row(reports_dir, r) for r in records if r.get("name")]
    context = {
        "data_sha": data_sha,
        "rows": rows,
        "nav": [{"name": r["name"], "title": r["title"]} for r in rows if r["has_page"]],
        "lang": lang,
        "html_lang": html_lang(lang),
        "w": page_words(lang),
        "versions": versions(),
        "n_flags": n_flags,
        "articles": _articles(reports_dir),
        "about": _about(reports_dir, lang),
        "data": _data_files(reports_dir, [r["name"] for r in records if r.get("name")]),
    }
    target = reports_dir / "index.html"
    stamp = reports_dir / ".cache/index.sha"
    templates = b"".join((TEMPLATES / name).read_bytes() for name in ("index.html.j2", "site.css.j2", "_chrome.html.j2"))  # fmt: skip
    key = sha(json.dumps(context, sort_keys=True, ensure_ascii=False).encode() + templates)
    if target.exists() and stamp_matches(stamp, key):
        return target
    now = now or datetime.now(UTC)
    page = render("index.html.j2", run_date=f"{now:%Y-%m-%d %H:%M} UTC", **context)
    if fonts is None:
        from zibo_analysis.report.fonts import FontCache

        cache = FontCache(reports_dir / ".cache/fonts")
    else:
        cache = fonts()
    out.write("index.html", place_font(page, cache.font_face(page)))
    write_stamp(stamp, key)
    return target


def _about(reports_dir: Path, lang: str = "en") -> str:
    """The dataset in one sentence in ``lang``, counted from reports/data/ (never written
    into a template)."""
    from zibo_analysis.report.datapackage import describe

    return describe(reports_dir / "data", lang)


def _articles(reports_dir: Path) -> list[dict]:
    """The articles that have a page under sources/, from data/articles.csv."""
    listed = reports_dir / "data/articles.csv"
    if not listed.exists():
        return []
    with listed.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    keep = ("doc_id", "title", "publisher", "published", "region")
    return [{k: r.get(k, "") for k in keep} for r in rows
            if (reports_dir / "sources" / f"{r.get('doc_id')}.html").exists()]  # fmt: skip


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:,.0f} kB" if size >= 1024 else f"{size} B"


def _data_files(reports_dir: Path, names: list[str]) -> dict:
    """The files under data/: the dataset's, and each page's tables and figures."""
    data = reports_dir / "data"
    base = [{"path": f"data/{p.name}", "size": _size(p)} for p in sorted(data.glob("*.*"))
            if p.is_file() and not p.name.startswith(".")]  # fmt: skip
    pages = []
    for name in names:
        folder = data / name
        files = sorted(folder.glob("*.csv")) + sorted(folder.glob("*.svg")) + sorted(folder.glob("*.png"))  # fmt: skip
        if files:
            pages.append({"name": name, "files": [{"path": f"data/{name}/{p.name}", "name": p.name,
                                                    "size": _size(p)} for p in files]})  # fmt: skip
    return {"base": base, "pages": pages}


def _row(reports_dir: Path, record: dict) -> dict:
    name = record["name"]
    return {
        "name": name,
        "title": record.get("title") or name,
        "summary": record.get("summary", ""),
        "status": record.get("status", ""),
        "where": _where(record.get("failed_cell"), "start-up"),
        "error": record.get("error", ""),
        "stale": bool(record.get("stale")),
        "has_page": (reports_dir / f"{name}.html").exists(),
        "has_failed_copy": (reports_dir / f"{name}.failed.ipynb").exists(),
        "parameters": [
            (name, json.dumps(value, ensure_ascii=False))
            for name, value in record.get("parameters", {}).items()
        ],  # fmt: skip
    }


def remove_gone(out: OutputFolder, keep: set[str]) -> list[str]:
    """Remove what the report made for notebooks that are gone: the page, the executed and
    failed notebooks, the data folder and the sidecar of each name with a sidecar that is
    not in ``keep``. Only what the manifest of ``out`` lists is removed. Returns the names.
    """
    gone = []
    for sidecar in sorted((out.root / ".cache").glob("*.json")):
        name = sidecar.stem
        if name in keep or _sidecar_name(sidecar) != name:
            continue
        for made in (f"{name}.html", f"{name}.ipynb", f"{name}.failed.ipynb", f"data/{name}"):
            out.remove(made)
        sidecar.unlink()
        gone.append(name)
    return gone


def _sidecar_name(path: Path) -> str | None:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("name")
    except (OSError, ValueError, AttributeError):
        return None


def write_quality_flags(out: OutputFolder, processed_dir: Path) -> int:
    """quality_flags.csv from the built table, safe to open in a spreadsheet; returns the
    number of flags."""
    from zibo_analysis.dataset import load_catalog, load_indicators, load_regions, load_texts
    from zibo_analysis.quality import quality_flags

    data_dir = processed_dir.parent
    flags = quality_flags(
        load_indicators(processed_dir / "indicators.csv"),
        regions=load_regions(data_dir / "regions.csv"),
        articles=load_texts(data_dir / "raw/sources.csv"),
        catalog=load_catalog(data_dir / "catalog.csv"),
    )
    out.write("quality_flags.csv", spreadsheet_safe(flags).to_csv(index=False, lineterminator="\n"))
    return len(flags)
