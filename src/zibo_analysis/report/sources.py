"""From a number to its sentence: ``sources/<doc_id>.html``, one page per article.

Each page gives the article's title, publisher, date, how the date was established and
the SHA-256 of the file, then the body as kept in ``data/raw/``. Every figure of the
dataset is highlighted in it inside a ``<mark>`` whose ``id`` is the row's ``obs_id`` (so
``sources/<doc_id>.html#<obs_id>`` opens the page at it), and its quote is shaded
around it; hovering shows the indicator, value, unit, qualifier and as-of date. Figures
that were left out (``data/ignored.csv``, with the reason) and figures not yet curated
are marked differently. Text is escaped by the template (autoescape), never run.

Quotes may overlap (two rows can share a sentence), so the body is cut at every quote and
figure boundary into pieces; a piece is plain text, quoted text (naming the rows whose
quotes cover it), or a figure. Figures never overlap one another.

>>> [(p["text"], p["quotes"], bool(p["mark"])) for p in pieces("今年新增就业5.53万人，超额完成。",
...     [(0, 15, "a:0")], [{"start": 6, "end": 12, "id": "a:0", "status": "curated"}])]
[('今年新增就业', 'a:0', False), ('5.53万人', 'a:0', True), ('，超额', 'a:0', False), ('完成。', '', False)]
"""

from __future__ import annotations

from pathlib import Path

from zibo_analysis.report.common import sha

QUALIFIER_WORDS = {"exact": "", "more_than": "more than", "at_least": "at least",
                   "nearly": "nearly", "about": "about", "at_most": "at most",
                   "less_than": "less than"}  # fmt: skip


def pieces(text: str, quotes: list[tuple[int, int, str]], marks: list[dict]) -> list[dict]:
    """``text`` cut at every quote and mark boundary (never inside a mark): each piece with
    the ids of the quotes covering it (space-separated) and its mark, if it is one."""
    starts = {m["start"]: m for m in marks}
    inside = {i for m in marks for i in range(m["start"] + 1, m["end"])}
    cuts = {0, len(text)} | {m["start"] for m in marks} | {m["end"] for m in marks}
    cuts |= {p for a, b, _ in quotes for p in (a, b) if 0 <= p <= len(text)}
    cuts = sorted(c for c in cuts if c not in inside)
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = " ".join(q for qa, qb, q in quotes if qa < b and a < qb)
        out.append({"text": text[a:b], "quotes": covering, "mark": starts.get(a)})
    return out


def _value(value: float) -> str:
    return f"{value:,.10g}"


def _curated_title(row) -> str:
    qualifier = QUALIFIER_WORDS.get(str(row.qualifier), str(row.qualifier))
    value = " ".join(filter(None, [qualifier, _value(row.value), str(row.unit)]))
    return "\n".join([
        f"Indicator: {row.indicator_en} ({row.indicator_zh})",
        f"Value: {value} (printed: {row.mention})",
        f"As of: {row.as_of:%Y-%m-%d} ({row.status})",
        f"Region: {row.region}",
        f"Row: {row.obs_id}",
    ])  # fmt: skip


def article_page(source, text: str, rows, marks, cuts) -> dict:
    """What the template shows for one article. ``rows`` are its rows of the dataset,
    ``marks`` its uncurated and ignored mentions, ``cuts`` the body's segments."""
    figures = [{"start": int(r.mention_start), "end": int(r.mention_end), "id": r.obs_id,
                "status": "curated", "title": _curated_title(r)} for r in rows.itertuples()]  # fmt: skip
    taken = {(f["start"], f["end"]) for f in figures}
    for m in marks.itertuples():
        if (m.start, m.end) in taken:
            continue
        if m.status == "ignored":
            title = f"Left out of the dataset: {m.reason}"
        else:
            title = f"Not curated yet: {_value(m.value)} {m.unit}"
        figures.append({"start": int(m.start), "end": int(m.end), "id": "", "status": m.status,
                        "title": title})  # fmt: skip
    quotes = [(int(r.start), int(r.end), r.obs_id) for r in rows.itertuples()]
    segments = []
    for a, b in cuts:
        a, b = _trimmed(text, a, b)
        inner = [{**f, "start": f["start"] - a, "end": f["end"] - a} for f in figures
                 if a <= f["start"] and f["end"] <= b]  # fmt: skip
        local = [(max(qa, a) - a, min(qb, b) - a, q) for qa, qb, q in quotes if qa < b and a < qb]
        segments.append(pieces(text[a:b], local, inner))
    listed = [{"id": r.obs_id, "indicator": r.indicator_en, "mention": r.mention,
               "as_of": f"{r.as_of:%Y-%m-%d}", "status": r.status}
              for r in rows.sort_values("mention_start").itertuples()]  # fmt: skip
    counts = {s: sum(1 for f in figures if f["status"] == s) for s in ("curated", "ignored", "uncurated")}  # fmt: skip
    return {"source": source, "segments": segments, "figures": listed, "counts": counts}


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    """``a:b`` without the blank lines at its ends (the body is shown with its line breaks)."""
    while a < b and text[a] in " \t\r\n\u3000":
        a += 1
    while b > a and text[b - 1] in " \t\r\n\u3000":
        b -= 1
    return a, b


def write_source_pages(out, data_dir: Path, processed_dir: Path, context: dict, fonts,
                       log=print) -> list[str]:  # fmt: skip
    """sources/<doc_id>.html for every article, in ``out`` (a `folder.OutputFolder`); returns
    the doc_ids. ``context`` holds what every page shows (data checksum, run date, the
    report's pages). Pages of articles that are gone are removed, if the report wrote them."""
    from zibo_analysis.dataset import load_indicators, load_sources, mention_marks
    from zibo_analysis.dataset.articles import body_segments
    from zibo_analysis.files import read_regular
    from zibo_analysis.report.common import place_font
    from zibo_analysis.report.site import render

    indicators = load_indicators(processed_dir / "indicators.csv")
    sources = load_sources(data_dir / "raw/sources.csv")
    marks = mention_marks(data_dir)
    written = []
    for source in sources.itertuples():
        raw = read_regular(data_dir / "raw" / source.source_file)
        text = raw.decode("utf-8")
        page = article_page(
            source._replace(published=f"{source.published:%Y-%m-%d}"),
            text,
            indicators[indicators["doc_id"] == source.doc_id],
            marks[(marks["doc_id"] == source.doc_id) & (marks["status"] != "curated")],
            body_segments(text, sources.iloc[source.Index]),
        )
        html = render("source.html.j2", sha256=sha(raw), **page, **context)
        out.write(f"sources/{source.doc_id}.html", place_font(html, fonts.font_face(html)))
        written.append(source.doc_id)
    for page in out.owned_under("sources"):  # articles that are gone
        if page.removeprefix("sources/").removesuffix(".html") not in written:
            out.remove(page)
    log(f"  sources/: {len(written)} article pages")
    return written
