"""index.html: each page, what it shows, its status and parameters; the article pages; the
data files; the run date, in that one place.

The index is rendered only when what it shows has changed, so a run with nothing to do
imports neither Jinja2 nor fontTools.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

from zibo_analysis.report.common import (
    failed_where,
    place_font,
    sha,
    stamp_matches,
    versions,
    write_stamp,
)
from zibo_analysis.report.folder import OutputFolder
from zibo_analysis.report.templates import render, template_bytes
from zibo_analysis.report.words import html_lang, page_words


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
    templates = template_bytes("index.html.j2", "site.css.j2", "_chrome.html.j2")
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
    return [
        {k: r.get(k, "") for k in keep}
        for r in rows
        if (reports_dir / "sources" / f"{r.get('doc_id')}.html").exists()
    ]


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:,.0f} kB" if size >= 1024 else f"{size} B"


def _data_files(reports_dir: Path, names: list[str]) -> dict:
    """The files under data/: the dataset's, and each page's tables and figures."""
    data = reports_dir / "data"
    base = [
        {"path": f"data/{p.name}", "size": _size(p)}
        for p in sorted(data.glob("*.*"))
        if p.is_file() and not p.name.startswith(".")
    ]
    pages = []
    for name in names:
        folder = data / name
        files = (
            sorted(folder.glob("*.csv"))
            + sorted(folder.glob("*.svg"))
            + sorted(folder.glob("*.png"))
        )
        if files:
            pages.append(
                {
                    "name": name,
                    "files": [
                        {"path": f"data/{name}/{p.name}", "name": p.name, "size": _size(p)}
                        for p in files
                    ],
                }
            )
    return {"base": base, "pages": pages}


def _row(reports_dir: Path, record: dict) -> dict:
    name = record["name"]
    return {
        "name": name,
        "title": record.get("title") or name,
        "summary": record.get("summary", ""),
        "status": record.get("status", ""),
        "where": failed_where(record.get("failed_cell"), "start-up"),
        "error": record.get("error", ""),
        "stale": bool(record.get("stale")),
        "has_page": (reports_dir / f"{name}.html").exists(),
        "has_failed_copy": (reports_dir / f"{name}.failed.ipynb").exists(),
        "parameters": [
            (name, json.dumps(value, ensure_ascii=False))
            for name, value in record.get("parameters", {}).items()
        ],
    }
