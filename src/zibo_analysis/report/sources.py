"""From a number to its sentence: ``sources/<doc_id>.html``, one page per article.

Each page gives the article's title, publisher, date, how the date was established and
the SHA-256 of the file, then the body as kept in ``data/raw/``. Each row of the dataset
has an element whose ``id`` is its ``obs_id`` (so ``sources/<doc_id>.html#<obs_id>``
opens the page at it): it holds the quote the analyst cited, shaded, with the figure
inside it marked apart. Every figure is a link a keyboard reaches, and its details
(indicator, value, unit, qualifier, date, row) show on hover, focus and tap and are its
accessible description. Figures that were left out (``data/ignored.csv``, with the reason)
and figures not yet curated are marked differently. Text is escaped by the template
(autoescape), never run.

Quotes may overlap (two rows can share a sentence), and elements must nest: a quote that
crosses another is given an element that holds both (`nested`), while the exact words of
each quote stay shaded (`tokens` names the quotes covering each piece of text).

>>> [(t["kind"], t.get("text") or t.get("id")) for t in tokens("今年新增就业5.53万人，超额完成。",
...     [(0, 15, "a:0")], [{"start": 6, "end": 12, "id": "a:0", "status": "curated"}])]
[('open', 'a:0'), ('text', '今年新增就业'), ('mark', '5.53万人'), ('text', '，超额'), ('close', 'a:0'), ('text', '完成。')]
"""

from __future__ import annotations

from pathlib import Path

from zibo_analysis.hanzi import marked_html, text_lang
from zibo_analysis.report.common import sha
from zibo_analysis.report.words import page_words
from zibo_analysis.table_assets import TABLE_CSS
from zibo_analysis.vocab import LANG_TAGS, value_words


def nested(quotes: list[tuple[int, int, str]], marks: list[dict]) -> list[tuple[int, int, str]]:
    """Each quote's element: the quote, grown where it crosses another quote's element or
    cuts a figure, until every two elements nest or lie apart.

    >>> nested([(0, 6, "a"), (4, 9, "b"), (4, 9, "c")], [])
    [(0, 9, 'a'), (4, 9, 'b'), (4, 9, 'c')]
    """
    boxes = [list(q) for q in quotes]
    changed = True
    while changed:
        changed = False
        for box in boxes:
            for m in marks:  # a figure is never cut by a quote's element
                if m["start"] < box[0] < m["end"]:
                    box[0], changed = m["start"], True
                if m["start"] < box[1] < m["end"]:
                    box[1], changed = m["end"], True
            for other in boxes:
                a, b = box[0], box[1]
                if a < other[0] < b < other[1] or other[0] < a < other[1] < b:
                    box[0], box[1], changed = min(a, other[0]), max(b, other[1]), True
    return [tuple(b) for b in boxes]


def tokens(text: str, quotes: list[tuple[int, int, str]], marks: list[dict]) -> list[dict]:
    """``text`` as a flat list of tokens the template writes in order: ``open`` and
    ``close`` a quote's element (``id``), ``text`` (with ``quotes``, the ids of the quotes
    whose exact words cover it) and ``mark`` (a figure, with its mark). Figures never overlap."""
    boxes = nested(quotes, marks)
    opens: dict[int, list] = {}
    closes: dict[int, list] = {}
    for a, _b, ident in sorted(boxes, key=lambda q: (q[0], -q[1], q[2])):
        opens.setdefault(a, []).append(ident)
    for _a, b, ident in sorted(boxes, key=lambda q: (q[1], -q[0], q[2]), reverse=True):
        closes.setdefault(b, []).append(ident)
    starts = {m["start"]: m for m in marks}
    inside = {i for m in marks for i in range(m["start"] + 1, m["end"])}
    cuts = {0, len(text)} | {m["start"] for m in marks} | {m["end"] for m in marks}
    cuts |= {p for a, b, _ in [*quotes, *boxes] for p in (a, b) if 0 <= p <= len(text)}
    cuts = sorted(c for c in cuts if c not in inside)
    out: list[dict] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        out += [{"kind": "close", "id": i} for i in closes.get(a, [])]
        out += [{"kind": "open", "id": i} for i in opens.get(a, [])]
        covering = " ".join(q for qa, qb, q in quotes if qa < b and a < qb)
        mark = starts.get(a)
        out.append(
            {
                "kind": "mark" if mark else "text",
                "text": text[a:b],
                "quotes": covering,
                "mark": mark,
            }
        )
    out += [{"kind": "close", "id": i} for i in closes.get(len(text), [])]
    return out


def _value(value: float) -> str:
    return f"{value:,.10g}"


def _curated_tip(row, lang: str, regions: dict) -> list[str]:
    w = page_words(lang)
    qualifier = "" if str(row.qualifier) == "exact" else value_words(row.qualifier, lang)
    value = " ".join(filter(None, [qualifier, _value(row.value), value_words(row.unit, lang)]))
    name = row.indicator_zh if lang == "zh" else f"{row.indicator_en} ({row.indicator_zh})"
    colon, (left, right) = ("：", "（）") if lang == "zh" else (": ", "()")
    return [
        f"{w['tip_indicator']}{colon}{name}",
        f"{w['tip_value']}{colon}{value} {left}{w['tip_printed']}{colon}{row.mention}{right}",
        f"{w['as_of']}{colon}{row.as_of:%Y-%m-%d} {left}{value_words(row.status, lang)}{right}",
        f"{w['region']}{colon}{regions.get(str(row.region), row.region)}",
        f"{w['tip_row']}{colon}{row.obs_id}",
    ]


def _in_own_lang(sentence: str, field: str, text: str, lang: str):
    """``sentence`` with ``text`` in ``field``; where the text is in the other language (an
    analyst's English reason on a Chinese page), or holds English words in a Chinese page, as
    markup that says so (`hanzi.marked_html`).

    >>> str(_in_own_lang("未收入数据集：{reason}", "reason", "a phase <number>", "zh"))
    '未收入数据集：<span lang="en">a phase &lt;number&gt;</span>'
    >>> str(_in_own_lang("未收入数据集：{reason}", "reason", "repeats 年内新建1处服务中心", "zh"))
    '未收入数据集：<span lang="en">repeats</span> 年内新建1处服务中心'
    """
    from markupsafe import Markup, escape

    own = text_lang(str(text))
    if own and own != lang:
        inner = Markup('<span lang="{}">{}</span>').format(LANG_TAGS[own], text)
    elif own == "zh":
        inner = Markup(marked_html(str(text)))
    else:
        return sentence.format(**{field: text})
    return Markup(escape(sentence)).format(**{field: inner})


def article_page(source, text: str, rows, marks, cuts, lang: str = "en", regions=None) -> dict:
    """What the template shows for one article. ``rows`` are its rows of the dataset,
    ``marks`` its uncurated and ignored mentions, ``cuts`` the body's segments;
    ``regions`` maps a region id to its name in ``lang``."""
    w, regions = page_words(lang), regions or {}
    figures = [
        {
            "start": int(r.mention_start),
            "end": int(r.mention_end),
            "id": r.obs_id,
            "status": "curated",
            "tip": _curated_tip(r, lang, regions),
        }
        for r in rows.itertuples()
    ]
    taken = {(f["start"], f["end"]) for f in figures}
    for m in marks.itertuples():
        if (m.start, m.end) in taken:
            continue
        if m.status == "ignored":
            tip = _in_own_lang(w["left_out"], "reason", m.reason, lang)
        else:
            tip = w["not_curated"].format(value=f"{_value(m.value)} {value_words(m.unit, lang)}")
        figures.append(
            {
                "start": int(m.start),
                "end": int(m.end),
                "id": f"fig-{int(m.start)}",
                "status": m.status,
                "tip": [tip],
            }
        )
    quotes = [(int(r.start), int(r.end), r.obs_id) for r in rows.itertuples()]
    segments, placed = [], set()
    for a, b in cuts:
        a, b = _trimmed(text, a, b)
        inner = [
            {**f, "start": f["start"] - a, "end": f["end"] - a}
            for f in figures
            if a <= f["start"] and f["end"] <= b
        ]
        local = [
            (max(qa, a) - a, min(qb, b) - a, q)
            for qa, qb, q in quotes
            if qa < b and a < qb and q not in placed
        ]
        placed |= {q for _, _, q in local}  # an id once, in the first segment its quote reaches
        segments.append(tokens(text[a:b], local, inner))
    names = {"zh": "indicator_zh", "en": "indicator_en"}[lang]
    listed = [
        {
            "id": r.obs_id,
            "indicator": getattr(r, names),
            "mention": r.mention,
            "as_of": f"{r.as_of:%Y-%m-%d}",
            "status": value_words(r.status, lang),
        }
        for r in rows.sort_values("mention_start").itertuples()
    ]
    region = source["region"] if isinstance(source, dict) else source.region
    counts = {
        s: sum(1 for f in figures if f["status"] == s) for s in ("curated", "ignored", "uncurated")
    }
    return {
        "source": source,
        "segments": segments,
        "figures": listed,
        "counts": counts,
        "region_name": regions.get(str(region), region),
    }


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    """``a:b`` without the blank lines at its ends (the body is shown with its line breaks)."""
    while a < b and text[a] in " \t\r\n\u3000":
        a += 1
    while b > a and text[b - 1] in " \t\r\n\u3000":
        b -= 1
    return a, b


def write_source_pages(
    out, data_dir: Path, processed_dir: Path, context: dict, fonts, log=print
) -> list[str]:
    """sources/<doc_id>.html for every article, in ``out`` (a `folder.OutputFolder`); returns
    the doc_ids. ``context`` holds what every page shows (data checksum, run date, the
    report's pages, its language ``lang``). Pages of articles that are gone are removed, if
    the report wrote them."""
    from zibo_analysis.dataset import load_indicators, load_regions, load_sources, mention_marks
    from zibo_analysis.dataset.articles import body_segments
    from zibo_analysis.files import read_regular
    from zibo_analysis.report.common import place_font
    from zibo_analysis.report.templates import render

    indicators = load_indicators(processed_dir / "indicators.csv")
    sources = load_sources(data_dir / "raw/sources.csv")
    marks = mention_marks(data_dir)
    lang = context.get("lang", "en")
    regions = load_regions(data_dir / "regions.csv")
    names = dict(
        zip(regions["region_id"], regions["name_zh" if lang == "zh" else "name_en"], strict=True)
    )
    context = {**context, "lang": lang, "w": page_words(lang), "table_css": TABLE_CSS}
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
            lang,
            names,
        )
        html = render("source.html.j2", sha256=sha(raw), **page, **context)
        out.write(f"sources/{source.doc_id}.html", place_font(html, fonts.font_face(html)))
        written.append(source.doc_id)
    for page in out.owned_under("sources"):  # articles that are gone
        if page.removeprefix("sources/").removesuffix(".html") not in written:
            out.remove(page)
    log(f"  sources/: {len(written)} article pages")
    return written
