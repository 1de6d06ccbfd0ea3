"""From quantities to facts: what each number measures, where, when, and whether it is a goal.

``find_facts(text, published)`` runs the extractor and reads each quantity
as a reader of official statistics does: the phrase it measures
(``subject``), the place (``region``), the date the figure refers to
(``as_of``, and ``period_start`` for a flow), ``status`` (actual or target),
``kind`` and, given a catalog, the indicator it reports. Traditional script
is read through a character-level mapping that keeps offsets, so ``start``
and ``end`` index the text as given. ``evidence`` names the words that
decided each field, for the analyst who reviews them.

>>> fact = find_facts("截至11月9日，淄博市累计接种新冠疫苗778.31万剂次。", "2021-11-10")[0]
>>> fact.text, fact.region, fact.as_of, fact.status, fact.kind, fact.subject
('778.31万剂次', '淄博市', '2021-11-09', 'actual', 'cumulative', '新冠疫苗')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from zibo_analysis.facts import place as places
from zibo_analysis.facts.indicator import IndicatorMatcher
from zibo_analysis.facts.status import kind_of, status_of
from zibo_analysis.facts.subject import list_items, subject_of
from zibo_analysis.facts.text import Layout, flat
from zibo_analysis.facts.time import TimeRef, find_times
from zibo_analysis.hanzi import to_simplified
from zibo_analysis.quantities import Quantity, find_quantities

__all__ = ["Fact", "FACT_COLUMNS", "find_facts", "prefill_candidates", "resolve_region"]

FACT_COLUMNS = [
    "start", "end", "text", "value", "unit", "qualifier", "subject", "region", "as_of",
    "period_start", "status", "kind", "indicator_id", "score", "name_zh", "proposed_id", "evidence",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Fact:
    """One quantity read as a fact; ``text[start:end]`` is the quantity as written."""

    start: int
    end: int
    text: str
    value: int | float
    unit: str
    qualifier: str
    subject: str
    region: str  # a Chinese place name (淄博市, 张店区, 全国) or "" when nothing says
    as_of: str  # YYYY-MM-DD
    period_start: str  # YYYY-MM-DD for a flow or running total over a period, else ""
    status: str  # actual | target
    kind: str  # stock | cumulative | flow | rate | ratio | change
    indicator_id: str  # "" when no catalog indicator fits
    score: float
    name_zh: str  # the catalog name, or the subject when nothing fits
    proposed_id: str  # a new snake_case id when nothing fits, else ""
    evidence: str  # the words that decided each field

    def row(self) -> dict[str, object]:
        return {c: getattr(self, c) for c in FACT_COLUMNS}


def _as_date(value) -> date:
    if isinstance(value, date):
        return value if type(value) is date else value.date()
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"published must be a date as YYYY-MM-DD, not {value!r}") from None


def resolve_region(name: str) -> places.Place:
    """The division called ``name`` (淄博市, 淄博, 枣庄市市中区, 全国).

    Raises ValueError saying what is wrong when there is none, or several.
    """
    g = places.gazetteer()
    name = to_simplified(name.strip())
    found = g.lookup(name)
    words = g.scan(name)
    if not found and words and sum(end - start for start, end, *_ in words) == len(name):
        found = g.lookup(words[-1][2])  # 枣庄市市中区: the last division, inside those before it
        for _start, _end, outer, _short in words[:-1]:
            found = [p for p in found if any(g.within(p, o) for o in g.lookup(outer))]
    if not found:
        raise ValueError(
            f'unknown region "{name}"; give a Chinese place name such as 淄博市, 张店区, 山东省 or 全国'
        )
    if len({p.code for p in found}) > 1:
        where = ", ".join("/".join(a.name for a in reversed(g.ancestors(p))) for p in found)
        raise ValueError(
            f'region "{name}" is ambiguous ({where}); name its city too, e.g. 枣庄市市中区'
        )
    return found[0]


def find_facts(text: str, published, region: str | None = None, catalog=None) -> list[Fact]:
    """Every quantity in ``text`` as a fact; see the module docstring.

    ``published`` is the article's date (YYYY-MM-DD or a date); ``region`` the place the
    article is about (else read from its title and opening); ``catalog`` the indicator
    catalog (a DataFrame, rows with indicator_id, name_zh, unit, kind, or an IndicatorMatcher
    built once for many calls), else no matching.
    """
    pub = _as_date(published)
    g = places.gazetteer()
    simple = to_simplified(text)
    if region:
        article, article_why = _region_place(region), "given"
    else:
        article, article_why = places.infer_region(simple, g)
    layout = Layout(simple)
    times = find_times(simple, pub, _bulletin_year(simple))
    mentions = places.find_places(simple, article, g)
    matcher = _matcher(catalog)
    quantities = find_quantities(text)
    # Rows are what the extractor finds in the text as given; they are read (span, unit) as
    # the extractor reads the simplified text, which knows more traditional measure words.
    readings = find_quantities(simple) if simple != text else quantities
    facts = []
    for q in quantities:
        i = next((k for k, r in enumerate(readings) if r.start < q.end and q.start < r.end), None)
        r, i = (readings[i], i) if i is not None else (q, None)
        row = _fact(r, i, readings, simple, layout, times, mentions, article, article_why, pub, matcher)  # fmt: skip
        facts.append(replace(row, start=q.start, end=q.end, text=q.text, value=q.value, unit=q.unit, qualifier=q.qualifier))  # fmt: skip
    return facts


_BULLETIN = re.compile(r"(\d{4})年[^\n]{0,30}?(?:统计公报|公报|统计年鉴|年报|统计)")


def _bulletin_year(simple: str) -> int | None:
    """The year a statistical bulletin reports on, from its title (its first line)."""
    first = next((line for line in simple.splitlines() if line.strip()), "")
    m = _BULLETIN.search(first)
    return int(m.group(1)) if m else None


def _region_place(region: str) -> places.Place:
    if re.fullmatch(r"[A-Za-z_ -]+", region):
        raise ValueError(
            f'region "{region}" is not a Chinese place name; map ids such as Zibo to 淄博市 first'
        )
    return resolve_region(region)


def _matcher(catalog) -> IndicatorMatcher | None:
    if catalog is None or isinstance(catalog, IndicatorMatcher):
        return catalog
    if hasattr(catalog, "to_dict"):
        catalog = catalog.astype(str).to_dict("records")
    return IndicatorMatcher(catalog)


def _fact(
    q: Quantity, i, quantities, simple, layout, times, mentions, article, article_why, pub, matcher
) -> Fact:
    sentence = layout.sentence(q.start)
    clause = layout.clause(q.start)
    clauses = layout.clauses_in(sentence[0], q.end)
    time, carried = _governing_time(simple, q, sentence, layout.paragraph(q.start), times)
    status, status_why = status_of(
        simple, q.start, q.end, sentence, clauses, time, _pre_words(simple, q)
    )
    if carried and status == "target":
        time = None  # a goal is due by its own date, not by the period of the sentence before
    kind, kind_why = kind_of(simple, q.start, clause, q.unit, time)
    as_of, period_start, time_why = _dates(time, status, pub, simple[sentence[0] : q.start])
    if kind not in ("flow", "cumulative", "change"):
        period_start = ""
    region, region_why = _region(q, sentence, clause, layout, mentions, article, article_why)
    subject, context = _subject(simple, q, quantities, layout, mentions)
    if matcher is not None:
        m = matcher.match(subject, context, q.unit, kind, flat(simple[sentence[0] : sentence[1]]))
        proposed = "" if m.indicator_id else matcher.propose(subject, q.unit)
        indicator_id, score, name_zh, match_why = m.indicator_id, m.score, m.name_zh, m.evidence
    else:
        indicator_id, score, name_zh, proposed, match_why = "", 0.0, subject, "", "no catalog"
    evidence = "; ".join(
        f"{field}: {why}" for field, why in (
            ("as_of", time_why), ("status", status_why or "no goal words"), ("kind", kind_why or "a level"),
            ("region", region_why), ("indicator", match_why)) if why
    )  # fmt: skip
    return Fact(
        q.start, q.end, q.text, q.value, q.unit, q.qualifier, subject, region, as_of, period_start,
        status, kind, indicator_id, score, name_zh, proposed, evidence,
    )  # fmt: skip


_INTROS = ("截", "到", "至", "于", "自", "从")
_OPENERS = re.compile(  # what may stand before a time word that opens a clause
    r"^(?:[\s，,]|其中|同时|此外|另外|而|并|且|在|据统计|据介绍|数据显示|力争|争取|确保|计划|预计|将|要"
    r"|全[国省市区县]|[\u4e00-\u9fff]{1,8}?(?:省|市|区|县|自治州|盟|旗))*$"  # 黄岛区今年前8个月
)


def _governing_time(
    simple: str, q: Quantity, sentence, paragraph, times: list[TimeRef]
) -> tuple[TimeRef | None, bool]:
    """The time expression the figure falls under: the nearest before it in its sentence that
    opens a clause, is introduced (截至, 到, 自) or closed (以来) as a reference date, or is
    written right before the number (由2022年6.92张); else the one that governs the sentence
    before it in the same paragraph (2023年末，全国…。其中：医院38355个), unless that is a due
    date. The flag says the time was carried over from an earlier sentence."""
    best = None
    times = [t for t in times if paragraph[0] <= t.start and t.end <= q.start]
    for t in times:
        if t.start < sentence[0] or t.end > q.start:
            continue
        t_clause_start = _clause_start(simple, t.start, sentence[0])
        opens = _OPENERS.match(simple[t_clause_start : t.start]) is not None
        introduced = t.text[:1] in _INTROS or t.text.endswith("以来") or t.role == "now"
        if opens or introduced or q.start - t.end <= 1:  # not 占4月底前完成…人群的99.89%
            best = t
            rest = simple[t.end : _clause_end(simple, t.end, q.start)]
            if t.role not in ("since", "due") and "以来" in rest and opens:
                best = TimeRef(
                    t.start, t.end, t.text + "…以来", t.as_of, t.period_start or t.as_of, "since"
                )
    if best is None and paragraph[0] < sentence[0]:
        earlier = [t for t in times if t.end <= sentence[0]]
        if earlier:
            previous, _ = _governing_time(simple, Quantity(sentence[0], sentence[0], "", 0, "", ""), (
                _sentence_start(simple, earlier[-1].start, paragraph[0]), sentence[0]), paragraph, earlier)  # fmt: skip
            if previous is not None and previous.role != "due":
                return previous, True
    return best, False


def _sentence_start(text: str, pos: int, floor: int) -> int:
    while pos > floor and text[pos - 1] not in "。！？!?；;\n":
        pos -= 1
    return pos


def _clause_start(text: str, pos: int, floor: int) -> int:
    while pos > floor and text[pos - 1] not in "，,。；;：:！？!?\n":
        pos -= 1
    return pos


def _clause_end(text: str, pos: int, limit: int) -> int:
    while pos < limit and text[pos] not in "，,。；;：:！？!?":
        pos += 1
    return pos


def _dates(time: TimeRef | None, status: str, pub: date, before: str) -> tuple[str, str, str]:
    if time is not None and time.role == "since":
        return pub.isoformat(), _iso(time.period_start), time.text
    if time is not None:
        return time.as_of.isoformat(), _iso(time.period_start), time.text
    if (
        status == "target"
    ):  # a goal without a date: due by the end of the year written, else this year
        years = re.findall(r"(20\d\d)年", before)
        year = int(years[-1]) if years else pub.year
        return date(year, 12, 31).isoformat(), "", f"no due date: end of {year}"
    return pub.isoformat(), "", "publication date"


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def _pre_words(simple: str, q: Quantity) -> str:
    """The qualifier word written before the number (不少于, 至少), if any."""
    m = re.match(r"(不少于|不低于|至少|不超过|不高于)", simple[q.start : q.end])
    return m.group() if m else ""


def _region(q, sentence, clause, layout, mentions, article, article_why) -> tuple[str, str]:
    """The place the sentence names before the figure, else the place a sentence of the same
    paragraph opens with, else the article's place."""
    in_sentence = [m for m in mentions if sentence[0] <= m.start and m.end <= q.start]
    in_clause = [m for m in in_sentence if m.start >= clause[0]]
    for group in (in_clause, in_sentence):
        listed = _enumeration(group, layout.text)
        usable = [m for m in group if m not in listed]
        if usable:
            m = usable[-1]
            return m.place.name, m.word
    paragraph = layout.paragraph(q.start)
    openers = [
        m for m in mentions
        if paragraph[0] <= m.start < sentence[0] and m.start == layout.sentence(m.start)[0] + _lead(layout, m)
    ]  # fmt: skip
    if openers:
        return openers[-1].place.name, f"{openers[-1].word} (opens a sentence of the paragraph)"
    if article is not None:
        return article.name, f"article ({article_why})" if article_why else "article"
    return "", ""


def _lead(layout: Layout, m) -> int:
    """Characters of whitespace and time words before a sentence's first word."""
    start = layout.sentence(m.start)[0]
    head = layout.text[start : m.start]
    return len(head) if re.fullmatch(r"[\s，,]*(?:[^，,。]{0,12}[，,])?", head) else -1


def _enumeration(group, text: str):
    """Places listed together (到博山、沂源、高青走访) name destinations, not the scope."""
    listed = set()
    for a, b in zip(group, group[1:], strict=False):
        if text[a.end : b.start] in ("、", "和", "及", "与") and a.place != b.place:
            listed |= {a, b}
    return listed


def _subject(simple: str, q: Quantity, quantities: list[Quantity], layout: Layout, mentions, depth: int = 0) -> tuple[str, str]:  # fmt: skip
    """The subject of ``q`` and the clause it is read in; a figure whose own words only link
    it to another (比上年增加37867个, 增加到2023年7.23张) takes the subject of the one before it."""
    c0, c1 = layout.clause(q.start)
    text = simple[c0:c1]
    places = tuple(m.word for m in mentions if c0 <= m.start < c1)
    prev = next((p for p in reversed(quantities) if c0 <= p.start and p.end <= q.start), None)
    nxt = next((n for n in quantities if q.end <= n.start and n.end <= c1), None)
    context = flat(text)
    split = text.find("分别")
    if 0 <= split < q.start - c0:
        listed = [p for p in quantities if c0 + split < p.start and p.end <= c1]
        items = list_items(text[:split], len(listed))
        if items and q in listed:
            item = items[listed.index(q)]
            return item, item + flat(text[:split])
    subject = subject_of(
        text, q.start - c0, q.end - c0, prev.end - c0 if prev else 0, nxt.start - c0 if nxt else None, places
    )  # fmt: skip
    if not subject and depth < 3:
        sentence = layout.sentence(q.start)
        before = next((p for p in reversed(quantities) if sentence[0] <= p.start and p.end <= q.start), None)  # fmt: skip
        if before is not None and before.start != q.start:
            subject = _subject(simple, before, quantities, layout, mentions, depth + 1)[0]
    return subject, context + (subject if subject not in context else "")


def prefill_candidates(rows, text: str, published, region: str | None, catalog, regions=None):
    """Candidate curation rows pre-filled from the facts of their article.

    ``rows`` has the columns of ``zibo-analysis candidates`` (doc_id, quote, mention,
    occurrence, indicator_id, region, as_of, status, note, start, value, unit, qualifier);
    ``start`` says which quantity each row is. ``region`` may be a region id of
    data/regions.csv when ``regions`` (region_id, name_zh) is given; regions found in the text
    come back as ids where regions.csv knows them, else as Chinese names (add them there).
    Returns a copy with indicator_id, region, as_of and status filled, and ``score`` and
    ``evidence`` added; rows whose quantity is not found keep their values.
    """
    import pandas as pd

    to_zh, to_id = {}, {}
    if regions is not None:
        to_zh = dict(zip(regions["region_id"], regions["name_zh"], strict=True))
        to_id = {v: k for k, v in to_zh.items()}
    zh = to_zh.get(region, region) if region else None
    by_start = {f.start: f for f in find_facts(text, published, zh, catalog)}
    out = rows.copy()
    filled = {
        "indicator_id": [],
        "region": [],
        "as_of": [],
        "status": [],
        "score": [],
        "evidence": [],
    }
    for row in out.itertuples(index=False):
        f = by_start.get(int(row.start))
        if f is None:
            for col in ("indicator_id", "region", "as_of", "status"):
                filled[col].append(getattr(row, col))
            filled["score"].append(pd.NA)
            filled["evidence"].append("")
            continue
        filled["indicator_id"].append(f.indicator_id)
        filled["region"].append(to_id.get(f.region, f.region))
        filled["as_of"].append(f.as_of)
        filled["status"].append(f.status)
        filled["score"].append(f.score)
        why = (
            f.evidence
            if f.indicator_id
            else f"{f.evidence}; new indicator? {f.proposed_id} ({f.name_zh})"
        )
        filled["evidence"].append(why)
    return out.assign(**filled)
