"""Places: China's administrative divisions found in text, resolved in context.

The gazetteer is jionlp's ``china_location`` table (province, city and county
levels with their codes and short names, kept current with the changes of
recent years: 章丘区, 莱芜区, 邹平市). It is read straight from the file the
jionlp wheel ships, without importing jionlp: its import prints a banner on
stdout and loads a word segmenter we do not need.

A full name (张店区, 淄博市, 山东省) counts, unless it has two characters
(成县 in 建成县域). A short name is riskier (张店 is a district, 惠民 and 通道
are also words), so a county's short name counts only inside the article's
own city, a city's only inside the article's province; a province's always
counts. Names inside quotation marks or book titles (“健康淄博”, “爱山东”) and
names of institutions (山东中医药大学) are not the place a figure is about.
Words for the scope itself count too: 全市 is the article's city, 全区 its
district, 全省 its province, 全国 the country; not where they qualify a
title (全国示范性, 全省首家, 居全省首位).

>>> g = gazetteer()
>>> [p.name for p in g.lookup("张店")], g.lookup("淄博")[0].code
(['张店区'], '370300')
>>> [p.name for p in g.ancestors(g.lookup("薛城区")[0])]
['薛城区', '枣庄市', '山东省']
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import NamedTuple

from zibo_analysis.facts.text import Layout
from zibo_analysis.quantities.units import alternation

__all__ = [
    "Place",
    "Gazetteer",
    "Mention",
    "COUNTRY",
    "as_taiwan",
    "gazetteer",
    "find_places",
    "infer_region",
    "region_of",
]

LEVELS = ("country", "province", "city", "county")


class Place(NamedTuple):
    """A division (named tuples: 3,400 of them are made at every start, three times faster
    than frozen dataclasses)."""

    name: str
    code: str
    level: str
    parent: str | None  # code of the enclosing division
    short: str


COUNTRY = Place("全国", "000000", "country", None, "全国")


class Mention(NamedTuple):
    """A place named in the text: ``text[start:end] == word``."""

    start: int
    end: int
    word: str
    place: Place


class Gazetteer:
    def __init__(self, places: list[Place]):
        self.by_code = {p.code: p for p in places}
        self.full: dict[str, list[Place]] = {}
        self.short: dict[str, list[Place]] = {}
        for p in places:
            self.full.setdefault(p.name, []).append(p)
            if _usable_short(p):
                self.short.setdefault(p.short, []).append(p)
        self._words = set(self.full) | set(self.short)
        by_first: dict[str, list[str]] = {}
        seconds: set[str] = set()
        bigrams: set[str] = set()
        singles: set[str] = set()
        for w in self._words:
            by_first.setdefault(w[0], []).append(w)
            if len(w) > 1:
                seconds.add(w[1])
                bigrams.add(w[:2])
            else:
                singles.add(w)
        # Where a name may start: a first character of a name followed by a second one (a
        # character class the regular expression engine runs along in C), then one of the
        # names' first two characters. On the five articles that leaves 260 of 19,000
        # positions to try a name at, where a first character alone left 5,900 (1.6 ms).
        self._singles = frozenset(singles)
        self._starts = re.compile(
            f"[{_in_class(sorted(by_first))}](?=[{_in_class(sorted(seconds))}])"
            + (f"|[{_in_class(sorted(singles))}]" if singles else "")
        )
        self._bigrams = frozenset(bigrams)
        self._by_first = by_first
        self._after_first: dict[str, re.Pattern[str]] = {}  # compiled when first needed

    def lookup(self, word: str) -> list[Place]:
        """Divisions called ``word``, by full name first, else by short name."""
        if word in ("全国", "中国"):
            return [COUNTRY]
        return list(self.full.get(word) or self.short.get(word) or [])

    def ancestors(self, place: Place) -> list[Place]:
        """``place`` and the divisions that contain it, innermost first."""
        chain = [place]
        while chain[-1].parent in self.by_code and len(chain) < len(LEVELS):
            chain.append(self.by_code[chain[-1].parent])
        return chain

    def within(self, inner: Place, outer: Place) -> bool:
        return outer is COUNTRY or outer in self.ancestors(inner)

    def scan(self, text: str) -> list[tuple[int, int, str, bool]]:
        """Every gazetteer word in ``text``, longest first, never overlapping: (start, end, word, short).

        Where a name may start is found in C (``_starts``, see ``__init__``), and there the
        trie of the names that start with that character (nested groups) takes the longest.
        Measured on 19,000 characters of the articles: a loop over the characters in Python
        11 ms, one trie pattern of all 6,400 names 15 ms (the engine tries its 947 first
        branches at every position), the trie of the first character at each first character
        1.6 ms, this 0.7 ms."""
        full, after, bigrams = self.full, self._after_first, self._bigrams
        found, pos = [], 0
        for hit in self._starts.finditer(text):
            at = hit.start()
            if at < pos or (text[at : at + 2] not in bigrams and text[at] not in self._singles):
                continue
            pattern = after.get(text[at])
            if pattern is None:
                pattern = after[text[at]] = re.compile(alternation(self._by_first[text[at]]))
            m = pattern.match(text, at)
            if m is None:
                continue
            found.append((at, m.end(), m.group(), m.group() not in full))
            pos = m.end()
        return found


def _in_class(chars) -> str:
    """``chars`` written inside a character class (re.escape on each of 2,400 costs 1 ms)."""
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


def _usable_short(p: Place) -> bool:
    """市中 (市中区), 城区, 郊区: a short name made of generic words names nothing."""
    s = p.short
    return (
        len(s) >= 2
        and s != p.name
        and s[0] not in "市区县省"
        and s not in ("城区", "郊区", "矿区", "新区", "开发区", "高新区")
    )


@cache
def gazetteer() -> Gazetteer:
    """China's provinces, cities and counties (read once) from ``divisions.tsv`` beside this
    module: the first three levels of jionlp's location table, 3,400 of its 650,000 lines.
    Reading them from jionlp's archive took 0.13 s of every start; `write_divisions` makes the
    file again from the jionlp installed, and a test checks the two agree."""
    return Gazetteer(list(read_divisions()))


DIVISIONS = Path(__file__).with_name("divisions.tsv")


def read_divisions(path: Path = DIVISIONS):
    """The places of ``divisions.tsv``: name, code, level, parent code, short name a line."""
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        name, code, level, parent, short = line.split("\t")
        yield Place(name, code, level, parent or None, short)


def write_divisions(path: Path = DIVISIONS) -> int:
    """Write ``divisions.tsv`` from the jionlp installed; the number of places written."""
    places = list(_jionlp_places())
    rows = ["name\tcode\tlevel\tparent\tshort"] + [
        "\t".join((p.name, p.code, p.level, p.parent or "", p.short)) for p in places
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(places)


def jionlp_file(name: str) -> Path:
    """A data file of the installed jionlp, found without importing jionlp."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "jionlp is needed for its gazetteer of China's administrative divisions; "
            "pip install jionlp"
        )
    return Path(spec.submodule_search_locations[0], "dictionary", name)


def _jionlp_places():
    with zipfile.ZipFile(jionlp_file("china_location.zip")) as archive:
        data = archive.read("china_location.txt")
    # Province, city and county lines carry a 6-digit code; the 40,000 towns and 600,000
    # villages under them do not. Finding the codes is 3× faster than splitting every line.
    parents: list[Place | None] = [None, None, None]
    seen: set[str] = set()
    for m in re.finditer(rb"\t(\d{6})\t", data):
        line_start = data.rfind(b"\n", 0, m.start()) + 1
        line_end = data.find(b"\n", m.end())
        line = data[line_start : line_end if line_end >= 0 else None].decode().rstrip("\r")
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2:
            continue
        name, code, short = (line.strip().split("\t") + [""])[:3]
        parent = next((parents[d] for d in range(depth - 1, -1, -1) if parents[d]), None)
        for d in range(depth, 3):
            parents[d] = None
        if "直辖" in name or (parent and name in (parent.name, parent.short)):
            continue  # 市直辖行政区划, the city level of 上海市 or of 香港: not a place of its own
        if code in seen:  # 香港's and 澳门's districts share one code: keep them apart
            code = f"{code}:{name}"
        seen.add(code)
        place = Place(name, code, LEVELS[depth + 1], parent.code if parent else None, short)
        parents[depth] = place
        yield place


# ------------------------------------------------------------- in context --

_TITLE_AFTER = (
    "首|率先|独家|领先|前列|第一|唯一|示范|先进|重点|一流|知名|百强|优秀|标杆|排名|排位|平均|同行"
)
# 全市, 本区, 我省 (not 居全省, not 全市级), or 辖区; written to start with a character class, which
# the engine runs along in C (a lookbehind first made it try every position: 6x slower)
_SCOPE = re.compile(
    rf"[全本我辖](?:(?<=[全本我])(?<![居列位].)(?P<level>[国省市区县])(?!级|外|内|{_TITLE_AFTER})"
    r"|(?<=辖)(?P<district>区))"
)
_NAMES = re.compile(r"“[^“”\n]{0,30}”|《[^《》\n]{0,80}》|「[^「」\n]{0,30}」")
# A place name that begins an institution's name: 山东大学, 淄博市中心医院, 山东中医药高等专科学校;
# not 章丘区新建社区医院 (a verb in between).
_INSTITUTION = re.compile(
    r"[^，,。；;、\s建增设有为共在的和与及对从开新累计已将是达]{0,8}?(?:大学|学院|学校|医院|医科|研究院|研究所)"
)
_LEVEL_OF = {"国": "country", "省": "province", "市": "city", "区": "county", "县": "county"}
# The scope words of the two special administrative regions, whatever the article's region.
_SAR_SCOPE = re.compile(r"全(?P<sar>港|澳)(?![门門])")
_SARS = {"港": "香港特别行政区", "澳": "澳门特别行政区"}
# A wider area named as the base of a comparison (占全市的18%, 高于全省平均, 比全国多) is what the
# figure is measured against, not the place it is about.
_COMPARED_WITH = frozenset("占于比较超")


def compared_with(text: str, start: int) -> bool:
    """Whether a place named at ``start`` follows a word of comparison (占, 高于, 比, 较).

    >>> compared_with("占全国总量的3.6%", 1), compared_with("全国新增就业", 0)
    (True, False)
    """
    return start > 0 and text[start - 1] in _COMPARED_WITH


def find_places(text: str, article: Place | None, g: Gazetteer | None = None) -> list[Mention]:
    """The places ``text`` names, with 全市/全区/全省/全国 resolved against ``article``.

    >>> [(m.word, m.place.name) for m in find_places("淄川区开展巡诊，全市累计派出1.15万人次", gazetteer().lookup("淄博市")[0])]
    [('淄川区', '淄川区'), ('全市', '淄博市')]
    """
    g = g or gazetteer()
    article_chain = g.ancestors(article) if article and article is not COUNTRY else []
    article_city = next((p for p in article_chain if p.level == "city"), None)
    article_province = next((p for p in article_chain if p.level == "province"), None)
    mentions = []
    names = _NAMES.sub(lambda m: "□" * len(m.group()), text)  # “健康淄博”, 《张店区…方案》
    for start, end, word, short in g.scan(names):
        if _INSTITUTION.match(names, end):
            continue  # 山东中医药大学, 泰山医学院: an institution's name, not a scope
        short = short or len(word) == 2  # 成县 in 建成县域: a two-character name is as risky
        if short and not word_starts(names, start):
            continue  # 保定 in 医保定点: the end of one word and the start of the next
        candidates = g.full.get(word) or g.short.get(word) or []
        place = _choose(candidates, short, article_chain, article_city, article_province, g)
        if place is None and short:
            continue
        if place is None:
            place = candidates[0]
        mentions.append(Mention(start, end, word, place))
    for m in _SAR_SCOPE.finditer(text):
        mentions.append(Mention(m.start(), m.end(), m.group(), g.full[_SARS[m.group("sar")]][0]))
    for m in _SCOPE.finditer(text):
        if compared_with(text, m.start()):
            continue
        level = "county" if m.group("district") else _LEVEL_OF[m.group("level")]
        place = (
            COUNTRY
            if level == "country"
            else next((p for p in article_chain if p.level == level), None)
        )
        if place is not None:
            mentions.append(Mention(m.start(), m.end(), m.group(), place))
    return sorted(mentions, key=lambda m: m.start)


_BEFORE_A_NAME = set("在到赴至于对与和及同向从由自往年月日、，,。；;：:（(“‘「《 \t\n□")  # 去年江西


def word_starts(text: str, start: int) -> bool:
    """Whether a word can start at ``start``: after punctuation, a space, the start of the
    text, or a word that a place name follows (在, 到, 与, 和, a date's 年). A short name glued to the
    character before it is most often two other words (保定 in 医保定点, 东营 in 医院东营业部).

    >>> word_starts("医保定点", 1), word_starts("先后到博山、沂源", 3), word_starts("张店全力", 0)
    (False, True, True)
    """
    return (
        start == 0
        or text[start - 1] in _BEFORE_A_NAME
        or not "\u4e00" <= text[start - 1] <= "\u9fff"
    )


def _choose(candidates, short, chain, city, province, g) -> Place | None:
    """The candidate this word means here, or None when a short name is out of context."""
    if not candidates:
        return None
    near = [p for p in candidates if any(g.within(p, a) or g.within(a, p) for a in chain[:1])]
    if not near and city:
        near = [p for p in candidates if g.within(p, city)]
    if not near and province and not (short and candidates[0].level == "county"):
        near = [p for p in candidates if g.within(p, province)]  # 惠民 (惠民县) is also a word
    if near:
        return near[0]
    if short and candidates[0].level != "province":
        return None
    return candidates[0] if len(candidates) == 1 else None


# A news agency's dateline names where the reporter files from (新华社北京1月24日电), not
# what the story is about; a local paper's (淄博12月1日讯) names its city, and counts.
@cache
def _agency_dateline() -> re.Pattern[str]:
    """Compiled when first needed (2 ms): only an article whose region is not given reads it."""
    return re.compile(_AGENCY_DATELINE)


_AGENCY_DATELINE = (
    r"(?:新华社|中新社|中国新闻社|人民日报|人民网|央视新闻|央视网|光明日报|经济日报|工人日报|中新网|新华网)"
    r"[\u4e00-\u9fff]{2,8}?\d{1,2}月\d{1,2}日(?:电|讯)"
)
_NATIONAL = re.compile(r"全国|我国|中国|国人|全國|我國|國人")


def as_taiwan(found):
    """A place, or a list of mentions, with the whole country read as Taiwan: what 全国,
    我国 and 国人 name in a text dated by Taiwan's calendar (`time.uses_roc_years`).

    >>> as_taiwan(COUNTRY).name, as_taiwan([Mention(0, 2, "我国", COUNTRY)])[0].place.name
    ('台湾省', '台湾省')
    """
    taiwan = gazetteer().full["台湾省"][0]
    if isinstance(found, list):
        return [m._replace(place=taiwan) if m.place is COUNTRY else m for m in found]
    return taiwan if found is COUNTRY else found


def infer_region(
    text: str, g: Gazetteer | None = None, head: int = 600
) -> tuple[Place | None, str]:
    """The place an article is about, from its title and opening: the division named most
    often there by full name (short names count once their city or province is named), or
    the whole country where 全国 or 我国 is named more often than any division. Places listed
    together (济南、青岛、烟台) are each a figure's, not the article's, and a news agency's
    dateline (新华社北京…电) is where it was filed, not what it is about.

    >>> infer_region("张店全力打造健康服务圈\\n8月31日，淄博市召开发布会张店专场，邀请张店区负责人发布")[0].name
    '张店区'
    >>> infer_region("2024年全国城镇新增就业1262万人\\n新华社北京1月24日电 2024年全国城镇新增就业1262万人")[0].name
    '全国'
    """
    g = g or gazetteer()
    opening = text[:head]
    opening = _agency_dateline().sub(lambda m: "□" * len(m.group()), opening)
    opening = _NAMES.sub(lambda m: "□" * len(m.group()), opening)
    found = [
        (start, end, word, short or len(word) == 2)  # 成县 in 建成县域
        for start, end, word, short in g.scan(opening)
        if not _INSTITUTION.match(opening, end)
        and (not (short or len(word) == 2) or word_starts(opening, start))
    ]
    listed = {
        i
        for i, (a, b) in enumerate(zip(found, found[1:], strict=False))
        if opening[a[1] : b[0]] in ("、", "和", "及", "与")
    }
    listed |= {i + 1 for i in listed}
    title_end = opening.find("\n", len(opening) - len(opening.lstrip()))
    title_end = len(opening) if title_end < 0 else title_end
    words = [
        (word, short, 2 if start < title_end else 1)  # the title says most
        for i, (start, _, word, short) in enumerate(found)
        if i not in listed
    ]
    named = {g.full[w][0] for w, short, _ in words if not short and len(g.full[w]) == 1}
    counts: dict[Place, int] = {}
    for word, short, weight in words:
        places = g.full.get(word) or g.short.get(word)
        if not places:
            continue
        if short:
            places = [
                p
                for p in places
                if p.level == "province"
                or any(a in named for a in g.ancestors(p)[1:])
                or p in named
            ]
        if len(places) == 1:
            counts[places[0]] = counts.get(places[0], 0) + weight
    national = sum(
        2 if m.start() < title_end else 1
        for m in _NATIONAL.finditer(opening)
        if not compared_with(opening, m.start())
    )
    if national and national >= max(counts.values(), default=0):
        return COUNTRY, "全国 or 我国 in the title and opening"
    if not counts:
        return None, ""
    best = max(counts, key=lambda p: (counts[p], LEVELS.index(p.level)))
    return best, "named most in the title and opening"


def region_of(
    pos: int,
    layout: Layout,
    mentions: list[Mention],
    article: Place | None,
    article_why: str,
    openers: list[Mention] | None = None,
    spans: tuple[tuple[int, int], tuple[int, int]] | None = None,
) -> tuple[str, str]:
    """(region, the words that decided) for the figure at ``pos``: the place its sentence names
    before it, else the place a sentence of the same paragraph opens with, else the article's.

    ``mentions`` are those of its paragraph up to the end of its sentence; ``openers``, if the
    caller has them, those of them that open a sentence before the figure's
    (`opens_sentence`); ``spans`` its sentence and clause, if the caller has them."""
    sentence, clause = spans or (layout.sentence(pos), layout.clause(pos))
    in_sentence = [m for m in mentions if sentence[0] <= m.start and m.end <= pos]
    in_clause = [m for m in in_sentence if m.start >= clause[0]]
    for group in (in_clause, in_sentence):
        listed = _enumeration(group, layout.text) if len(group) > 1 else ()
        usable = [m for m in group if m not in listed]
        if usable:
            m = usable[-1]
            return m.place.name, m.word
    if openers is None:
        paragraph = layout.paragraph(pos)
        openers = [
            m
            for m in mentions
            if paragraph[0] <= m.start < sentence[0] and opens_sentence(layout, m)
        ]
    if openers:
        return openers[-1].place.name, f"{openers[-1].word} (opens a sentence of the paragraph)"
    if article is not None:
        return article.name, f"article ({article_why})" if article_why else "article"
    return "", ""


def opens_sentence(layout: Layout, m: Mention) -> bool:
    """Whether the place ``m`` opens its sentence (after whitespace and a few words of time)."""
    return m.start == layout.sentence(m.start)[0] + _lead(layout, m)


_LEAD = re.compile(r"[\s，,]*(?:[^，,。]{0,12}[，,])?")


def _lead(layout: Layout, m) -> int:
    """Characters of whitespace and time words before a sentence's first word."""
    start = layout.sentence(m.start)[0]
    return m.start - start if _LEAD.fullmatch(layout.text, start, m.start) else -1


def _enumeration(group, text: str):
    """Places listed together (到博山、沂源、高青走访) name destinations, not the scope."""
    listed = set()
    for a, b in zip(group, group[1:], strict=False):
        if text[a.end : b.start] in ("、", "和", "及", "与") and a.place != b.place:
            listed |= {a, b}
    return listed
