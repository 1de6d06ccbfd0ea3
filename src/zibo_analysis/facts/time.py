"""Time words of official statistics, and the date a figure refers to.

Each expression becomes the day it designates (``as_of``) and, for a period,
the day the period starts::

    截至11月9日24时    as of 11-09            1—10月       01-01 … 10-31
    今年前10个月       01-01 … 10-31          上半年       01-01 … 06-30
    前三季度           01-01 … 09-30          二季度       04-01 … 06-30
    2023年, 全年       2023-01-01 … 12-31     今年, 今年以来  01-01 … the publication date
    2021—2023年        2021-01-01 … 2023-12-31  “十三五”期间  2016-01-01 … 2020-12-31
    目前, 近日, 截至目前  the publication date   10月17日以来  10-17 … the publication date
    到2025年底, 年内, 年底前, “十四五”末  a due date: 12-31 of that year

A month or day without a year, and 全年, 年内, 年底, 当年 and 上年, take the year the
passage reports: the year written earlier in the same sentence, else the year its
paragraph opens with (2024年以来，… or 2024年，…), else the year of the heading above it
(a short line such as 2024年就业工作情况), else the year a statistical bulletin reports
on (its title, or the one bulletin an article cites by title in its opening: figures with
no time word of their own then fall in that year), else the publication year. So in a March 2025 release about 2024, 全年
is 2024 and 上年 (the statistician's previous year) 2023. 去年 standing for a period is
the speaker's last year, the year before publication (2024 in that release, whatever
the heading); as the base of a comparison (比去年, 去年同期) it dates nothing. A date that
would fall after the publication (截至12月31日 in a January report) is last year's, unless
it is a due date. Years inside 《titles》 are
names, not dates.

Why by hand: the libraries measured fall short on exactly these words. jionlp 1.5.31's
``parse_time`` raises on 1—10月, 年内 and “十四五”末, reads 截至9月底 as the blurred span
September 25–30 and 2024年末 as November 1 – December 31, and turns 截至3月27日24时 into
March 28; its ``ner.extract_time`` misses 1—10月 in running text and drops 截至 and 到, which
decide between a level, a result and a goal (and it needs a 0.4 s import and 0.7 ms a
character). Here one pattern finds every expression, anchored where it starts; the words
before it are looked at only in a window of a few characters, never searched for from the
start of the text (that made plan-like text quadratic).

>>> from datetime import date
>>> def times(text, published):
...     return [(t.text, str(t.as_of), str(t.period_start)) for t in find_times(text, published)]
>>> times("今年1—10月，全市新增就业5.53万人", date(2021, 12, 1))
[('今年1—10月', '2021-10-31', '2021-01-01')]
>>> times("2024年，全市就业形势稳定。全年新增就业7.39万人，比上年增加1.25万人。", date(2025, 3, 15))
... # doctest: +NORMALIZE_WHITESPACE
[('2024年', '2024-12-31', '2024-01-01'), ('全年', '2024-12-31', '2024-01-01'),
 ('上年', '2023-12-31', '2023-01-01')]
"""

from __future__ import annotations

import calendar
import functools
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date

from zibo_analysis.facts.text import HEADING_MAX, SENTENCE_END, Layout
from zibo_analysis.quantities import parse_chinese_numeral

__all__ = [
    "TimeRef",
    "find_times",
    "governing_time",
    "dates",
    "lead_time",
    "uses_roc_years",
    "year_earlier",
]


@dataclass(frozen=True, slots=True)
class TimeRef:
    start: int
    end: int
    text: str  # as written, with its intro word (截至, 到, 自) and suffix (以来, 前)
    as_of: date
    period_start: date | None
    role: str  # "point", "period", "now", "since" or "due"
    guessed_year: bool = False  # no year was written or reported: the publication year stands in


_N = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
# A year of the Republic of China calendar (Taiwan): 113年 is 2024, read where a date follows
# it (113年底, 112年6月), never alone (建院113年 is a length of time).
_ROC_YEAR = r"(?<!\d)(?P<roc>1[0-4]\d)年(?=底|末|\d{1,2}月|[一二三四五六七八九十]{1,3}月|上半年|下半年|前三季度|第?[一二三四1-4]季度)"
# In a text that dates by that calendar (`uses_roc_years`), a year alone too (112年嬰兒死亡率),
# unless it is a length of time (建院113年, 近110年, 110年来).
_ROC_YEAR_ALONE = (
    r"(?<![\d院校辰近逾约达历满])(?<!建党)(?<!建国)(?P<roc>1[01]\d)年(?![来间前后以多的周])"
)
_ROC_DATE = re.compile(_ROC_YEAR)
_ROC_ALONE = re.compile(_ROC_YEAR_ALONE)
_YEAR = (
    r"(?:(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年度?|(?P<rel>今年|本年|当年|去年|上年|明年)|"
    + _ROC_YEAR
    + ")"
)
_PATTERN_SOURCE = rf"""
      (?P<years>(?P<y1>\d{{4}})年?\s*[—–\-~～至到]\s*(?P<y2>\d{{4}})年(?:间|度)?)
    | (?P<plan>十(?P<plan_n>[一二三四五])五[”"」』]?(?P<plan_span>时期|期间)?(?:期末|末)?)
    | (?P<now>截至目前|截止目前|到目前为止|目前|当前|近日|日前|至今|现已|迄今)
    | {_YEAR}?
      (?:
          (?P<m1>{_N})月?份?\s*[—–\-~～至到]\s*(?P<m2>{_N})月份?(?:底|末)?
        | 前(?P<first>{_N})个?月
        | (?P<half>上半年|下半年)
        | (?P<q3>前三季度)
        | 第?(?P<qn>[一二三四1-4])季度
        | (?P<m>{_N})月份?(?:(?P<d>{_N})[日号](?:\d{{1,2}}[时点])?|(?P<part>底|末|初|上旬|中旬|下旬))?
        | (?<=年)(?P<yend>底|末|内)
        | (?<![0-9〇零一二三四五六七八九十])(?P<yend2>年底|年末|年内)
        | (?P<whole>全年)
        | (?<=[年度])                           # a year alone: 2023年, 今年
      )
    """
_PATTERN = re.compile(_PATTERN_SOURCE, re.VERBOSE)


@functools.cache
def _pattern_roc() -> re.Pattern[str]:
    """`_PATTERN` with a year of Taiwan's calendar standing alone; compiled when a text needs it."""
    return re.compile(_PATTERN_SOURCE.replace(_ROC_YEAR, _ROC_YEAR_ALONE), re.VERBOSE)


# Where `_PATTERN` may match: the characters an expression starts with, and the one to three
# after them (2023年, 1—10月, 前三季度, 全年). `_PATTERN` can match an empty string, so the regular
# expression engine tries it at every position of the text (250 ns a character, twice the whole
# extractor); this one starts with a character class, which the engine skips along in C, and only
# where it matches is `_PATTERN` tried. It accepts every position where `_PATTERN` matches
# something (a test checks the two agree on random text).
_CN = "一二三四五六七八九十"
_DASH = r"\s*[—–\-~～至到]"
_START = re.compile(
    rf"""[\d〇零{_CN}今本当去上明下前第截到目近日至现迄底末内年全]
    (?: (?<=\d)(?:\d{{3}}(?:年|{_DASH})|\d?(?:月|份|季|{_DASH})|\d{{2}}年)
      | (?<=[{_CN}])[{_CN}]{{0,2}}(?:月|份|{_DASH})
      | (?<=[〇零一二三四五六七八九])[〇零一二三四五六七八九]{{3}}年
      | (?<=十)[一二三四五]五
      | (?<=[一二三四])季度
      | (?<=[今本当去上明])年
      | (?<=[上下])半年
      | (?<=前)(?:三季度|(?:\d{{1,2}}|[{_CN}]{{1,3}})个?月)
      | (?<=第)[一二三四1-4]季度
      | (?<=截)[至止]目前 | (?<=到)目前为止 | (?<=[目当日])前 | (?<=近)日 | (?<=[至迄])今 | (?<=现)已
      | (?<=年[底末内]) | (?<=年)[底末内] | (?<=全)年
    )""",
    re.VERBOSE,
)
_DUE_INTRO = ("到", "至", "于")
_ASOF_INTRO = ("截至", "截止到", "截止", "截至到")
_SINCE_INTRO = ("自", "从")
_INTRO_WORDS = (*_ASOF_INTRO, *_SINCE_INTRO, *_DUE_INTRO)
_SUFFIX_WORDS = ("以来", "之前", "以前", "前")
_CHANGE_BEFORE = re.compile(
    r"(?:增加|提高|上升|下降|减少|增长|降低|提升|扩大|缩小|上涨|下跌|升|降|增)$"
)
_TITLES = re.compile(r"《[^《》\n]{0,80}》")


def find_times(
    text: str,
    published: date,
    ref_year: int | None = None,
    layout: Layout | None = None,
    roc: bool = False,
) -> list[TimeRef]:
    """Every time expression in ``text`` (simplified script), left to right.

    ``ref_year`` is the year a statistical bulletin reports on (2023年…统计公报): the year of
    every expression that names none and has no year of its passage. ``layout`` is the
    text's `Layout`, if the caller has one; ``roc``, whether it dates by the Republic of
    China calendar (`uses_roc_years`): then 112年 alone is 2023.
    """
    masked = _TITLES.sub(lambda m: "□" * len(m.group()), text)
    layout = layout or Layout(text)
    headings = _heading_years(masked)
    heading_starts = [at for at, _ in headings]
    refs: list[TimeRef] = []
    last_year: tuple[int, int] | None = None  # (position, year) of the latest explicit year
    topic: tuple[int, int] | None = None  # (paragraph start, year) the paragraph reports
    for m in _expressions(masked, roc):
        paragraph = layout.paragraph(m.start())[0]
        reported = (
            topic[1]
            if topic and topic[0] == paragraph
            else (
                headings[h - 1][1] if (h := bisect_right(heading_starts, m.start())) else ref_year
            )
        )
        year = _year(m, published, reported)
        guessed = False
        if year is not None and m.group("rel") and _compared_at(masked, m.start(), m.end()):
            pass  # 去年同期, 比上年: the base of a comparison, not the year of what follows
        elif year is not None:
            if not _is_deadline(masked, m):  # 到2025年底…，年内…: 年内 is still this year
                last_year = (m.start(), year)
            if m.group("y") and _opens_topic(masked, m, layout):
                topic = (paragraph, year)
        elif last_year and layout.sentence(last_year[0]) == layout.sentence(m.start()):
            year = last_year[1]
        elif reported is not None:
            year = reported
        elif not (m.group("years") or m.group("plan") or m.group("now")):
            guessed = True  # (a plan's years and 目前 need no year)
        ref = _resolve(m, masked, year, published)
        if ref is None:
            continue
        ref = replace(ref, guessed_year=guessed) if guessed else ref
        if refs and _range_end(masked, refs[-1], ref):  # 3月1日至3月29日: one period
            first = refs.pop()
            opens = first.period_start or first.as_of
            closes = ref.as_of
            if guessed and closes.year > opens.year:  # the start was last year's: so is the end
                closes = _year_before(closes)
            ref = TimeRef(
                first.start,
                ref.end,
                masked[first.start : ref.end],
                closes,
                opens,
                "period",
                ref.guessed_year,
            )
        refs.append(_to_day(masked, ref))
    return refs


_TO_DAY = re.compile(r"\s*[至到—–\-~～]\s*(\d{1,2})[日号](?:期间|间)?")


def _to_day(text: str, ref: TimeRef) -> TimeRef:
    """A day followed by the last day of a span in the same month (1月28日至31日): the span.

    >>> span = _to_day("1月28日至31日期间", TimeRef(0, 5, "1月28日", date(2006, 1, 28), None, "point"))
    >>> str(span.period_start), str(span.as_of), span.role
    ('2006-01-28', '2006-01-31', 'period')
    """
    if not ref.text.endswith(("日", "号")) or ref.period_start is not None:
        return ref
    m = _TO_DAY.match(text, ref.end)
    if m is None or int(m.group(1)) <= ref.as_of.day:
        return ref
    try:
        last = ref.as_of.replace(day=int(m.group(1)))
    except ValueError:
        return ref
    return replace(
        ref,
        end=m.end(),
        text=text[ref.start : m.end()],
        as_of=last,
        period_start=ref.as_of,
        role="period",
    )


def uses_roc_years(text: str, traditional: bool = False) -> bool:
    """Whether ``text`` (simplified script) dates by the Republic of China calendar: a year
    of it before a date (113年底), 民国, or, in a text written in traditional script, a year
    of it alone (112年我国…).

    >>> uses_roc_years("113年底，诊所计3,900家"), uses_roc_years("建院113年来", traditional=True)
    (True, False)
    >>> uses_roc_years("112年我国新生儿死亡率"), uses_roc_years("112年我国新生儿死亡率", traditional=True)
    (False, True)
    """
    if "民国" in text or _ROC_DATE.search(text) is not None:
        return True
    return traditional and _ROC_ALONE.search(text) is not None


def _expressions(text: str, roc: bool = False):
    """The non-empty matches of `_PATTERN` in ``text``, as ``_PATTERN.finditer`` gives them,
    tried only where `_START` says one may begin; ``roc``: with years of the Republic of
    China calendar standing alone."""
    search, match = _START.search, (_pattern_roc() if roc else _PATTERN).match
    pos = 0
    while (hit := search(text, pos)) is not None:
        at = hit.start()
        m = match(text, at)
        if m is not None and m.end() > at:
            yield m
            pos = m.end()
        else:
            pos = at + 1


def _range_end(text: str, first: TimeRef, second: TimeRef) -> bool:
    """Whether ``second`` closes a range that ``first`` opens: 3月1日至3月29日, 2月至4月."""
    return (
        second.text[:1] in ("至", "到", "—", "-", "~")
        and second.start == first.end
        and first.role in ("point", "period")
        and first.as_of <= second.as_of
    )


def _is_deadline(text: str, m: re.Match[str]) -> bool:
    """Whether the year at ``m`` is a deadline (到2025年底, 于2026年6月底前): it dates its
    own goal, not the time words after it."""
    start = m.start()
    return text.endswith(_DUE_INTRO, max(0, start - 1), start) or text.startswith(
        ("前", "之前", "以前"), m.end()
    )


def _compared_at(text: str, start: int, end: int) -> bool:
    """Whether the year at ``text[start:end]`` is the base of a comparison (比上年, 较去年,
    去年同期), not a period. The words before it are at most two characters: the search
    looks only there (from the start of the text it would cost the whole text each time)."""
    return bool(_COMPARED.search(text, max(0, start - 2), start)) or text.startswith(
        ("同期", "同比"), end
    )


_HEADING_YEAR = re.compile(r"(?<!\d)(\d{4})年(?!\d)")
_HEADING_RANGE = re.compile(r"\d{4}年?\s*[—–\-~～至到]")


def _heading_years(text: str) -> list[tuple[int, int]]:
    """(line start, year) of each heading that names a year: a short line without sentence
    punctuation at its end (2024年全市就业工作情况), as statistical releases head a section."""
    found, at = [], 0
    for line in text.split("\n"):
        bare = line.strip()
        if bare and len(bare) <= HEADING_MAX and bare[-1] not in SENTENCE_END + "，,":
            year = _HEADING_YEAR.search(bare)
            if year and not _HEADING_RANGE.search(bare):
                found.append((at, int(year.group(1))))
        at += len(line) + 1
    return found


def _opens_topic(text: str, m: re.Match[str], layout: Layout) -> bool:
    """Whether a year written alone opens its sentence as the subject of what follows:
    2024年以来，… or 2024年，… or 2024年全年 (not 2024年投入1120万元, a figure of that year)."""
    alone = not any(m.group(g) for g in ("m1", "first", "half", "q3", "qn", "m", "yend", "yend2"))
    if not alone or not _openers().match(text, layout.sentence(m.start())[0], m.start()):
        return False
    return text.startswith(("以来", "，", ",", "：", ":", "度"), m.end()) or bool(m.group("whole"))


def _year(m: re.Match[str], published: date, reported: int | None = None) -> int | None:
    if m.group("roc"):
        return int(m.group("roc")) + 1911
    if m.group("y"):
        y = m.group("y")
        return int(y) if y.isdigit() else int("".join(str(_digit(ch)) for ch in y))
    rel = m.group("rel")
    if rel == "上年":  # the statistician's previous year: before the one the passage reports
        return (reported or published.year) - 1
    if rel == "去年":  # the speaker's last year: before the one the text is written in
        return published.year - 1
    if rel == "当年":
        return reported or published.year
    if rel:
        return published.year + {"明年": 1}.get(rel, 0)
    return None


def _digit(ch: str) -> int:
    return 0 if ch in "〇零" else int(parse_chinese_numeral(ch))


def _num(s: str) -> int:
    return int(s) if s.isdigit() else int(parse_chinese_numeral(s))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _resolve(m: re.Match[str], text: str, year: int | None, published: date) -> TimeRef | None:
    start, end = m.span()
    intro = next((w for w in _INTRO_WORDS if text.endswith(w, 0, start)), "")
    suffix = next((w for w in _SUFFIX_WORDS if text.startswith(w, end)), "")
    explicit = year is not None
    y = year if explicit else published.year
    period_start: date | None = None
    role = "point"
    try:
        if m.group("years"):
            period_start, as_of = date(int(m.group("y1")), 1, 1), date(int(m.group("y2")), 12, 31)
            explicit = True
            if period_start > as_of:
                return None
        elif m.group("plan"):
            last = 2005 + 5 * _num(m.group("plan_n"))
            as_of, role = date(last, 12, 31), "due"
            if m.group("plan_span") or text.startswith("以来", end):  # “十三五”期间: its five years
                period_start, role, explicit = date(last - 4, 1, 1), "point", True
        elif m.group("now"):
            as_of, role = published, "now"
        elif m.group("m1"):
            period_start, as_of = (
                date(y, _num(m.group("m1")), 1),
                _month_end(y, _num(m.group("m2"))),
            )
        elif m.group("first"):
            period_start, as_of = date(y, 1, 1), _month_end(y, _num(m.group("first")))
        elif m.group("half"):
            first = m.group("half") == "上半年"
            period_start = date(y, 1 if first else 7, 1)
            as_of = date(y, 6, 30) if first else date(y, 12, 31)
        elif m.group("q3"):
            period_start, as_of = date(y, 1, 1), date(y, 9, 30)
        elif m.group("qn"):
            q = _num(m.group("qn"))
            period_start, as_of = date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
        elif m.group("m"):
            month = _num(m.group("m"))
            part = m.group("part")
            if m.group("d"):
                as_of = date(y, month, _num(m.group("d")))
            elif part in ("底", "末", "下旬"):
                as_of = _month_end(y, month)
            elif part:
                as_of = date(y, month, {"初": 1, "上旬": 10, "中旬": 20}[part])
            else:
                period_start, as_of = date(y, month, 1), _month_end(y, month)
        elif m.group("yend") or m.group("yend2"):
            as_of = date(y, 12, 31)
            role = "due" if "内" in m.group() else "point"
            # 年底 alone: this year's end for a goal, last year's for a result once it would
            # lie after the article; `dates` decides by the status
            explicit = explicit or bool(m.group("yend2"))
        elif m.group("whole"):  # this year's, as a plan or a bulletin's year: never last year's
            period_start, as_of, explicit = date(y, 1, 1), date(y, 12, 31), True
        elif m.group("rel") == "当年" and y != published.year:  # the reported year, a past one
            period_start, as_of = date(y, 1, 1), date(y, 12, 31)
        elif m.group("rel") in ("今年", "本年", "当年"):
            period_start, as_of = date(y, 1, 1), published
        elif explicit:
            period_start, as_of = date(y, 1, 1), date(y, 12, 31)
        else:
            return None
    except ValueError:  # 2月30日, 13月: not a date
        return None
    if suffix == "以来" or intro in _SINCE_INTRO:
        period_start = period_start or as_of
        # “十四五”以来 in January 2026: the plan's five years, ended before the article
        as_of = min(published, as_of) if m.group("plan") else published
        role = "since"
    elif intro in _DUE_INTRO and _CHANGE_BEFORE.search(
        text, max(0, start - len(intro) - 2), start - len(intro)
    ):
        role = "point"  # 由2022年6.92张增加到2023年7.23张: the end of a change, not a deadline
    elif intro in _DUE_INTRO or suffix in ("前", "之前", "以前"):
        role = "due"
        if explicit and as_of < published and intro == "到":
            role = "point"  # 到去年底，全国就业人员…: a date gone by is no deadline
    elif intro in _ASOF_INTRO:
        role, period_start = "point", None  # 截至2019年7月: the level or total at its end
    elif role == "point" and period_start is not None:
        role = "period"
    latest = period_start if role == "since" else as_of
    if not explicit and role not in ("due", "now") and latest and latest > published:
        try:  # 截至12月31日 in a January report: last year's
            period_start = period_start and period_start.replace(year=period_start.year - 1)
            as_of = as_of if role == "since" else as_of.replace(year=as_of.year - 1)
        except ValueError:
            return None
    return TimeRef(
        start - len(intro),
        end + len(suffix),
        text[start - len(intro) : end + len(suffix)],
        as_of,
        period_start,
        role,
    )


# ------------------------------------------------ the time a figure falls under --

_INTROS = ("截", "到", "至", "于", "自", "从")
_OPENER_WORDS = (  # what may stand before a time word that opens a clause
    r"[\s，,“‘「（(【\[）)】\]]|第|其中|同时|此外|另外|而|并|且|在|据统计|据介绍|数据显示|力争|争取|确保|计划|预计|将|要|民国"
    r"|全[国省市区县]|[\u4e00-\u9fff]{1,8}?(?:省|市|区|县|自治州|盟|旗)"  # 黄岛区今年前8个月
)


@functools.cache
def _openers() -> re.Pattern[str]:
    """`_OPENER_WORDS`, and a province by its short name (宁夏1-5月, 广东上半年), from the
    gazetteer (compiled when first needed)."""
    from zibo_analysis.facts.place import gazetteer

    shorts = {p.short for p in gazetteer().by_code.values() if p.level == "province"}
    names = "|".join(sorted((s for s in shorts if len(s) > 1), key=len, reverse=True))
    return re.compile(f"(?:{_OPENER_WORDS}|{names})*$")


def governing_time(
    text: str,
    pos: int,
    layout: Layout,
    times: list[TimeRef],
    sentence: tuple[int, int] | None = None,
    memo: dict | None = None,
) -> tuple[TimeRef | None, bool]:
    """The time expression the figure at ``pos`` falls under: the nearest before it in its sentence that
    opens a clause, is introduced (截至, 到, 自) or closed (以来) as a reference date, or is
    written right before the number (由2022年6.92张); else the one that governs the sentence
    before it in the same paragraph (2023年末，全国…。其中：医院38355个), unless that is a due
    date. ``times`` are those of the paragraph before ``pos``, in order. The flag says the
    time was carried over from an earlier sentence. ``memo``, a dict kept for one text, keeps
    what does not depend on the figure (what each time word is, what governs a sentence)."""
    given = sentence is not None  # the span of sentences a carried time is looked for in
    sentence = sentence or layout.sentence(pos)
    memo = {} if memo is None else memo
    best = None
    own_clause = max(layout.clause(pos)[0], sentence[0])
    for t in times:
        if t.start < sentence[0] or t.end > pos:
            continue
        flags = memo.get((t.start, sentence[0]))
        if flags is None:
            t_clause_start = max(layout.clause(t.start)[0], sentence[0])
            flags = memo[t.start, sentence[0]] = (
                _openers().match(text, t_clause_start, t.start) is not None,
                t.text[:1] in _INTROS or t.text.endswith("以来") or t.role == "now",
                _whole_year(t) and not _compared(text, t) and not _GOAL_AFTER.match(text, t.end),
                layout.clause(t.end)[1],
            )
        opens, introduced, whole_year, clause_end = flags
        own_year = whole_year and own_clause <= t.start
        if opens or introduced or own_year or pos - t.end <= 1:  # not 占4月底前完成…人群的99.89%
            best = t
            if (
                opens
                and t.role not in ("since", "due")
                and text.find("以来", t.end, min(clause_end, pos)) >= 0
            ):
                best = TimeRef(
                    t.start, t.end, t.text + "…以来", t.as_of, t.period_start or t.as_of, "since"
                )
    if best is not None:
        return best, False
    paragraph = layout.paragraph(pos)
    if paragraph[0] < sentence[0]:
        key = ("carried", paragraph[0], sentence[0], given)
        if key not in memo:
            memo[key] = None
            earlier = [t for t in times if t.end <= sentence[0]]
            if earlier:
                before = (layout.sentence(earlier[-1].start)[0], sentence[0])
                earlier = [t for t in earlier if not _GOAL_AFTER.match(text, t.end)]  # 全年目标任务
                previous, _ = governing_time(text, sentence[0], layout, earlier, before, memo)
                if previous is not None and previous.role != "due":
                    memo[key] = previous
        if memo[key] is not None:
            return memo[key], True
    return None, False


LEAD_REACH = 600  # the lead of a release: its first characters, title and dateline included


def lead_time(
    text: str, layout: Layout, times: list[TimeRef], published: date | None = None
) -> TimeRef | None:
    """The period a release reports, as its lead says it (上半年，全省… ; 1—9月，全市…): the
    first closed period in its first ``LEAD_REACH`` characters that opens its clause and has
    ended by ``published`` (拱墅区2024年民生实事 in October names the year of its pledges,
    not a period it reports). A figure that no time word of its own paragraph dates is read
    under it, as a reader reads a half-year or year-to-date report. A running time (今年以来)
    is not taken: releases open with it as a manner of speaking, and their undated figures
    are left undated."""
    for t in times:
        if t.start >= LEAD_REACH:
            break
        if t.role != "period" or t.period_start is None:
            continue
        if published is not None and t.as_of > published:
            continue
        clause = max(layout.clause(t.start)[0], layout.sentence(t.start)[0])
        if _openers().match(text, clause, t.start) and not _compared(text, t):
            return replace(t, text=f"{t.text} (the lead's period)")
    return None


def _whole_year(t: TimeRef) -> bool:
    """A calendar year (去年, 2024年, 全年): in the figure's own clause it is the figure's period
    (公布去年全国城镇新增就业1256万人)."""
    start = t.period_start
    return (
        t.role == "period"
        and start is not None
        and (start.month, start.day, t.as_of.month, t.as_of.day) == (1, 1, 12, 31)
    )


_COMPARED = re.compile(r"(?:比|较|与|同|低于|高于|超过|好于|优于)$")
_GOAL_AFTER = re.compile(
    r"[^，,。；;]{0,6}?(?:目标|任务|计划|预期)"
)  # 全年目标任务的58%: the goal's year


def _compared(text: str, t: TimeRef) -> bool:
    """Whether a year is the base of a comparison (比上年, 较去年, 去年同期), not a period."""
    return _compared_at(text, t.start, t.end)


def dates(
    time: TimeRef | None, status: str, pub: date, before: str, kind: str = ""
) -> tuple[str, str, str]:
    """(as_of, period_start, the words that decided) for a figure under ``time``.

    A result over a period that nothing dates (全年 with no year written or reported) cannot
    end after the article: it is the last such period before it (全年 in a March 2025
    report of a result is 2024). A goal for a flow due at the end of a year (年内新建, 每年选派
    不少于) covers that year."""
    dated = _dates(time, status, pub, before)
    as_of, period_start, why = dated
    if (
        status == "target"
        and time is not None
        and time.role == "period"
        and as_of == pub.isoformat()
        and period_start == f"{pub.year}-01-01"
    ):  # 今年，全市将力争…: the goal is for the year, due at its end
        return f"{pub.year}-12-31", period_start, f"{why} (a goal: the year's end)"
    if kind == "flow" and time is not None and time.role == "point" and not period_start:
        if time.text.startswith(_ASOF_INTRO):  # 截至7月底，城镇新增就业…: since January
            return as_of, f"{as_of[:4]}-01-01", f"{why} (the year so far)"
        if time.text.endswith(("日", "号")):  # 8月9日当天，全市接种…: that day
            return as_of, as_of, why
    if kind == "flow" and status == "target" and not period_start and as_of.endswith("-12-31"):
        if time is None or time.role in ("due", "point"):
            return as_of, f"{as_of[:4]}-01-01", why
    return dated


def _dates(time: TimeRef | None, status: str, pub: date, before: str) -> tuple[str, str, str]:
    if time is not None and status == "actual" and time.guessed_year and time.as_of > pub:
        if time.role == "period" and time.period_start is not None:
            start, end = _year_before(time.period_start), _year_before(time.as_of)
            return (
                end.isoformat(),
                start.isoformat(),
                f"{time.text} (a result: the year before the article)",
            )
        if time.role == "point" and time.period_start is None:  # 年底，全县共有… in January
            end = _year_before(time.as_of).isoformat()
            return end, "", f"{time.text} (a result: the year before the article)"
    if time is not None and time.role == "since":  # to the article, or to a plan's end
        start = time.period_start
        end = time.as_of if start is not None and start < time.as_of < pub else pub
        return end.isoformat(), _iso(start), time.text
    if time is not None:
        return time.as_of.isoformat(), _iso(time.period_start), time.text
    if status == "target":  # a goal without a date: due at the end of the year written, or this
        years = re.findall(r"(20\d\d)年", before)
        year = int(years[-1]) if years else pub.year
        return date(year, 12, 31).isoformat(), "", f"no due date: end of {year}"
    return pub.isoformat(), "", "publication date"


def year_earlier(t: TimeRef) -> TimeRef:
    """A whole year (2023年, 全年) a year earlier, as where a change starts from
    (2023年…从16.9/10万下降到15.1/10万: 2022); any other time as it is (its own date stands).

    >>> year_earlier(TimeRef(0, 5, "2023年", date(2023, 12, 31), date(2023, 1, 1), "period")).as_of
    datetime.date(2022, 12, 31)
    """
    if not _whole_year(t):
        return t
    return replace(
        t,
        as_of=_year_before(t.as_of),
        period_start=_year_before(t.period_start),
        text=f"{t.text} (the year before: where 从…到 starts)",
    )


def _year_before(d: date) -> date:
    return (
        d.replace(year=d.year - 1, day=min(d.day, 28))
        if (d.month, d.day) == (2, 29)
        else d.replace(year=d.year - 1)
    )


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""
