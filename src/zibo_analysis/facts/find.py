"""`find_facts`: every quantity of a text read as a fact (see `zibo_analysis.facts`).

>>> (fact,) = find_facts("今年1—6月，新增城镇就业3.2万人。", "2024-07-15")
>>> fact.text, fact.as_of, fact.period_start, fact.kind
('3.2万人', '2024-06-30', '2024-01-01', 'flow')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from zibo_analysis.facts import place as places
from zibo_analysis.facts.catalog import load_matcher
from zibo_analysis.facts.indicator import IndicatorMatcher
from zibo_analysis.facts.status import (
    change_base,
    change_sign,
    held_over,
    held_to,
    kind_of,
    status_of,
)
from zibo_analysis.facts.subject import subject_in
from zibo_analysis.facts.text import Layout, Sorted
from zibo_analysis.facts.time import (
    TimeRef,
    dates,
    find_times,
    governing_time,
    lead_time,
    uses_roc_years,
    year_earlier,
)
from zibo_analysis.hanzi import to_simplified
from zibo_analysis.quantities import Quantity, find_quantities

__all__ = ["FACT_COLUMNS", "REFERENCE_MARK", "Fact", "find_facts", "resolve_region"]


# How a fact says its indicator is in the reference catalog but not yet in the project's:
# ``proposed_id == indicator_id`` and the evidence ends with this and the command.
REFERENCE_MARK = (
    "in the reference catalog, not in the project's: add it with zibo-analysis catalog add"
)

FACT_COLUMNS = [
    "start",
    "end",
    "text",
    "value",
    "unit",
    "qualifier",
    "subject",
    "region",
    "as_of",
    "period_start",
    "status",
    "kind",
    "indicator_id",
    "score",
    "name_zh",
    "proposed_id",
    "evidence",
]


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
    proposed_id: str  # the id the catalog needs: a new one in English words when nothing fits, the
    # reference's id (== indicator_id) when only the reference catalog has it, else ""
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
    simple = text if simple == text else simple  # one test here; `is` after
    if region:
        article, article_why = _region_place(region), "given"
    else:
        article, article_why = places.infer_region(simple, g)
    layout = Layout(simple)
    titled = _bulletin_year(simple)
    bulletin = titled or _cited_year(simple)
    roc = uses_roc_years(simple, traditional=simple is not text)
    # the year of a bulletin's own title dates its month and day words; one it only cites does
    # not (国家卫健委今天（8月29日）发布《2023年…公报》: the 29th of this August)
    times = find_times(simple, pub, titled, layout, roc=roc)
    mentions = places.find_places(simple, article, g)
    if roc:  # a text dated by Taiwan's calendar: its 全国, 我国 and 国人 are Taiwan
        article, mentions = places.as_taiwan(article), places.as_taiwan(mentions)
    matcher = _matcher(catalog)
    # One pass of the extractor, on the text as given (it reads traditional script in place):
    # its quantities are the facts' rows, and the neighbours each rule looks at.
    quantities = find_quantities(text)
    index = _Index(
        Sorted(times),
        Sorted(mentions),
        Sorted(quantities),
        lead_time(simple, layout, times, pub),
        _bulletin_lead(bulletin, pub),
        Sorted([m for m in mentions if places.opens_sentence(layout, m)]),
        {},
        {},
        {},
    )
    return [
        _fact(q, text, simple, layout, index, article, article_why, pub, matcher)
        for q in quantities
    ]


@dataclass(frozen=True, slots=True)
class _Index:
    """What the rules look up for each figure, found once for the whole text."""

    times: Sorted
    mentions: Sorted
    quantities: Sorted
    lead: TimeRef | None  # the period the article's lead names
    bulletin: TimeRef | None  # the year of the bulletin it reports on, as a period
    openers: Sorted  # the places that open their sentence
    # what the rules work out once for a sentence, a clause or a figure and reuse for the
    # figures after it (see governing_time, status_of, subject_in)
    time_memo: dict
    status_memo: dict
    subject_memo: dict


_BULLETIN = re.compile(r"(\d{4})年[^\n]{0,30}?(?:统计公报|公报|统计年鉴|年报|统计)")


_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines breaks
_FIRST_LINE = re.compile(f"[^\\S{_LINE_BREAKS}]*\\S[^{_LINE_BREAKS}]*")  # the first line not blank


# A bulletin an article reports on, cited by its title: 发布《2023年我国卫生健康事业发展统计公报》
_CITED_BULLETIN = re.compile(r"《(\d{4})年[^《》\n]{0,40}?(?:统计公报|公报|统计年鉴)》")
_CITED_REACH = 300  # characters of the opening where the article says which bulletin it reports


def _bulletin_year(simple: str) -> int | None:
    """The year a statistical bulletin reports on, from its title (its first line)."""
    m = _FIRST_LINE.search(simple)
    m = _BULLETIN.search(m.group()) if m else None
    return int(m.group(1)) if m else None


def _cited_year(simple: str) -> int | None:
    """The year of the one bulletin an article's opening cites by title, if it cites one.

    >>> _cited_year("新华社电\\n国家卫生健康委发布《2023年我国卫生健康事业发展统计公报》。公报显示…")
    2023
    """
    years = {c.group(1) for c in _CITED_BULLETIN.finditer(simple, 0, _CITED_REACH)}
    return int(years.pop()) if len(years) == 1 else None


def _bulletin_lead(year: int | None, pub: date) -> TimeRef | None:
    """The year a bulletin reports on, as the period its undated figures fall under (as a
    release's lead period is), when that year has ended by the article."""
    if year is None or date(year, 12, 31) > pub:
        return None
    return TimeRef(
        0, 0, f"{year}年 (the bulletin's year)", date(year, 12, 31), date(year, 1, 1), "period"
    )


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
    return load_matcher(catalog)


_OVER_TIME = ("flow", "cumulative")  # kinds counted over a period, not levels at a date
_FROM = re.compile(r"(?:从|由)\s*$")
_TO = re.compile(
    r"[^，,。；;\d]{0,4}?(?:下降|降低|减少|增加|增长|提高|上升|提升|降|升|增)?(?:到|至)"
)


def _moved_from(simple: str, start: int, end: int, clause_start: int) -> bool:
    """Whether the figure at ``start:end`` is where a change starts from (从16.9/10万下降到…).

    >>> _moved_from("从16.9/10万下降到15.1/10万", 1, 9, 0), _moved_from("从16.9/10万下降到15.1/10万", 12, 20, 0)
    (True, False)
    """
    return bool(_FROM.search(simple, max(clause_start, start - 3), start)) and bool(
        _TO.match(simple, end)
    )


# A period that ends more than a month after its article has not run: what it holds is a plan
# (a release a few days before the end of 上半年 may still report it).
_STILL_TO_RUN = timedelta(days=31)


def _fact(
    q: Quantity, text, simple, layout: Layout, index: _Index, article, article_why, pub, matcher
) -> Fact:
    start = q.start
    sentence = layout.sentence(start)
    clause = layout.clause(start)
    paragraph = layout.paragraph(start)
    clauses = layout.clauses_in(sentence[0], q.end)
    times = index.times.between(paragraph[0], start)
    time, carried = governing_time(simple, start, layout, times, None, index.time_memo)
    if time is None and not times and index.lead is not None and index.lead.end <= start:
        time, carried = index.lead, True  # nothing in its paragraph dates it: the lead's period
    elif index.bulletin is not None and all(t.role == "now" or t.as_of == pub for t in times):
        if time is None or time.end <= sentence[0]:  # 日前发布《2023年…公报》。公报显示…: 2023
            time, carried = index.bulletin, True
    pre = _PRE_WORDS.match(simple, start, q.end)
    status, status_why = status_of(
        simple, start, q.end, sentence, clauses, time, pre.group() if pre else "", index.status_memo
    )
    in_sentence = index.quantities.between(sentence[0], sentence[1])
    if status == "actual" and (cap := held_to(simple, q, clause, in_sentence)):
        status, status_why = "target", cap  # the cap the measured figure beside it is held to
    elif status == "target" and held_over(simple, start, sentence, status_why, time, pub):
        if not held_to(simple, q, clause, in_sentence):  # 2.31%，控制在3.5%以内: still its cap
            status, status_why = "actual", f"{status_why} over {time.text}, which has run"
    if (
        status == "actual"
        and status_why in ("", "累计")
        and time is not None
        and (
            time.as_of.year > pub.year
            or (
                time.role == "period" and not time.guessed_year and time.as_of > pub + _STILL_TO_RUN
            )
        )
    ):  # 2024年，全县城镇新增就业6000人 in a January work report: the year's plan
        if time.period_start is not None and time.role in ("period", "point"):
            status, status_why = (
                "target",
                f"{time.text} ends after the article",
            )  # “十四五”期间…新建
    if carried and status == "target":
        time = None  # a goal is due by its own date, not by the period of the sentence before
    if (
        time is None and status == "target"
    ):  # 到2025年，…。孕产妇死亡率控制在…: the paragraph's deadline
        due = [t for t in times if t.role == "due" and t.end <= sentence[0]]
        if due:
            time = replace(due[-1], text=f"{due[-1].text} (the paragraph's deadline)")
    if time is not None and time.end < start and _moved_from(simple, start, q.end, clause[0]):
        time = year_earlier(time)  # 2023年…从16.9/10万下降到15.1/10万: 16.9 is 2022's
    kind, kind_why = kind_of(simple, start, clause, q.unit, time, carried, sentence[0])
    sign, sign_why = change_sign(simple, start, clause[0]) if kind == "change" else (1, "")
    before = simple[sentence[0] : start] if time is None and status == "target" else ""
    as_of, period_start, time_why = dates(time, status, pub, before, kind)
    if kind not in ("flow", "cumulative", "change"):
        period_start = ""
    mentions = index.mentions.between(paragraph[0], sentence[1])
    openers = index.openers.between(paragraph[0], sentence[0])
    region, region_why = places.region_of(
        start, layout, mentions, article, article_why, openers, (sentence, clause)
    )
    subject, context = subject_in(simple, q, in_sentence, layout, mentions, 0, index.subject_memo)
    printed = as_printed(subject, text, simple, sentence, start)
    if matcher is not None:
        base = change_base(simple, start, clause[0]) if kind == "change" else ""
        m = matcher.match(subject, context, q.unit, kind, base=base, said=bool(kind_why))
        proposed = "" if m.indicator_id else matcher.propose(subject, q.unit, m.change_of)
        indicator_id, score, name_zh, match_why = m.indicator_id, m.score, m.name_zh, m.evidence
        if m.source == "reference":  # right once the analyst copies it into the catalog
            proposed = indicator_id
            match_why += f"; {REFERENCE_MARK} {indicator_id}"
        if not indicator_id:
            name_zh = printed
        own = matcher.indicators.get(indicator_id)
        if not kind_why and kind == "stock" and own is not None and own.kind in _OVER_TIME:
            # nothing in the words said: the catalog's kind (再就业3.3万人 is counted over a period)
            kind, kind_why = own.kind, f"the catalog's kind of {indicator_id}"
            as_of, period_start, time_why = dates(time, status, pub, before, kind)
    else:
        indicator_id, score, name_zh, proposed, match_why = "", 0.0, printed, "", "no catalog"
    evidence = "; ".join(
        f"{field}: {why}"
        for field, why in (
            ("as_of", time_why),
            ("status", status_why or "no goal words"),
            ("kind", kind_why or "a level"),
            ("sign", sign_why),
            ("region", region_why),
            ("indicator", match_why),
        )
        if why
    )
    return Fact(
        start,
        q.end,
        q.text,
        sign * q.value,
        q.unit,
        q.qualifier,
        printed,
        region,
        as_of,
        period_start,
        status,
        kind,
        indicator_id,
        score,
        name_zh,
        proposed,
        evidence,
    )


_PRE_WORDS = re.compile(r"(不少于|不低于|至少|不超过|不高于|控制在)")  # written before the number


def as_printed(subject: str, text: str, simple: str, sentence: tuple[int, int], near: int) -> str:
    """``subject`` (read in simplified script) as the article prints it: the same characters of
    ``text``, found in the figure's sentence (the nearest before ``near``, else after); the
    simplified form where the text splits it (a line break inside it).

    >>> as_printed("名医专家", "派出名醫專家420名", "派出名医专家420名", (0, 11), 6)
    '名醫專家'
    """
    if text is simple or not subject:
        return subject
    at = simple.rfind(subject, sentence[0], near)
    if at < 0:
        at = simple.find(subject, near, sentence[1])
    if at >= 0:
        return text[at : at + len(subject)]
    # not printed in one piece (市级重点专科 from 国家级重点专科5个、…、市级2个): each character
    # as the sentence prints it
    lo, hi = sentence
    pairs = {a: b for a, b in zip(simple[lo:hi], text[lo:hi], strict=True) if a != b}
    return subject.translate(str.maketrans(pairs)) if pairs else subject
