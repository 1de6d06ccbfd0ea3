"""Which indicator a figure reports, by its subject, unit and kind: the project's catalog first,
then the reference catalog.

Every name an indicator goes by (the catalog's ``name_zh``, the reference's name and its
synonyms: 平均住院日 and 平均住院天数 for 出院者平均住院日) is one entry of an index of
character bigrams, built once. Each bigram is weighted by how rare it is among the entries
(服务 and 人数 say little, 巡诊 and 托位 a lot). A figure's candidates are the entries that share
a bigram with its subject, or a rare one with its clause; bigrams common to more than
``MAX_POSTINGS`` entries propose none, so the work per figure does not grow with the catalog.
Each candidate's text score is half how much of its name the figure's clause holds and half
how closely the subject and the name agree (F1). The unit must fit (a percent is never a count;
人 and 名 are both people); the kind adds a little: score = 0.7 text + 0.2 unit + 0.1 kind. An
indicator is proposed when its score is at least 0.6 (a text score of 0.43 with the unit and
kind), the project's own catalog winning a tie.

Scope words are kept apart from the indicator: 全市, 本市, 全年, 今年, 累计, 共 before a subject
are not compared (全市城镇新增就业 is 城镇新增就业), and 新增 or 累计 say the kind, not the name.

A match to a reference indicator that the project's catalog lacks comes back with the reference
id and ``source == "reference"``: the row is right once ``zibo-analysis catalog add ID`` has
copied the indicator into the catalog. When nothing fits, `IndicatorMatcher.propose` gives a new
id in English words (`zibo_analysis.facts.words`) that no catalog uses.

A change (同比增加1.25万人) is never given the id of the level it changes: it is matched among
the indicators of kind ``change``, directly by name or through the level it changes (the level
that fits best, and the change indicator whose ``change_of`` names it), of the base its words
name (同比, 比上年). When neither catalog has one for that level, ``<level>_change`` is proposed.

>>> catalog = [{"indicator_id": "urban_new_jobs", "name_zh": "城镇新增就业", "unit": "人", "kind": "flow"}]
>>> m = IndicatorMatcher(catalog).match("城镇新增就业", "淄博市实现城镇新增就业5.53万人", "人", "flow")
>>> m.indicator_id, m.score, m.source
('urban_new_jobs', 1.0, 'catalog')
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from math import fsum  # exact, so a sum over a set is the same in every process (hash order)

from zibo_analysis.facts import words
from zibo_analysis.facts.subject import ACTS
from zibo_analysis.hanzi import to_simplified

__all__ = ["IndicatorMatcher", "Match", "MIN_SCORE"]

MIN_SCORE = 0.65  # e.g. text 0.5 with the unit and kind of the indicator
MAX_POSTINGS = 40  # a bigram in more entries than this proposes no candidate (it still scores)
COVERAGE_WEIGHT = 0.35  # of the text score: how much of a name the clause holds; the rest is the F1
REFERENCE_MARGIN = 0.0  # a reference indicator names a general thing: it must fit this much better
RARE = 4  # a bigram of the clause in at most this many entries proposes a candidate
_UNIT_CLASSES = (
    {"人", "名", "户"},  # people and households
    {"人次", "次", "家次", "剂次", "场次"},  # times something was done
    {
        "个",
        "家",
        "处",
        "所",
        "座",
        "项",
        "支",
        "辆",
        "台",
        "套",
        "间",
    },  # things and places (张 is beds)
    {"场", "期", "批", "场次"},  # events
    {"日", "天"},  # days
)
_RATES = {"percent", "per_mille", "per_100k"}
# The thing a measure word counts when the subject does not name it (the unit: the noun, and
# the characters that show the subject names something else): 张 counts beds in health statistics.
_UNIT_NOUNS = {"张": ("床位", "床卡证票单")}
_NEAR_KINDS = {frozenset(("stock", "cumulative")), frozenset(("flow", "cumulative"))}
_LEVEL = re.compile(r"国家级|国家|省级|市级|区级|县级")
_APART = ("stock", "flow")  # a level and what happened over a period: never the same indicator
_HAN = re.compile(r"[\u4e00-\u9fff0-9a-z]+")
_SCOPE = re.compile(
    r"^(?:全国|全省|全市|全区|全县|本市|本区|我市|我区|我省|辖区|全年|今年|当年|目前|累计|共计|总计|合计|共)+"
)
_CACHE_SIZE = 20_000
_ACTED = re.compile(f"(?<=..)(?:{ACTS})$")
_COVERAGE_PART = 0.7 * COVERAGE_WEIGHT
_MOST_TEXT = 0.7 * (1 - COVERAGE_WEIGHT) * 2


@dataclass(frozen=True, slots=True)
class Match:
    indicator_id: str  # "" when nothing fits
    name_zh: str
    score: float
    evidence: str
    change_of: str = ""  # for a change: the level indicator it changes, where one fits
    source: str = ""  # "catalog", "reference" (add it with zibo-analysis catalog add), or ""


@dataclass(slots=True)
class _Indicator:
    ident: str
    name_zh: str
    units: set[str]
    kind: str
    source: str
    change_of: str = ""
    base: str = ""
    names: list[str] = field(default_factory=list)


def normalise(name: str) -> str:
    """A name as names are compared: simplified script, full-width forms as half-width,
    lower case, without quotation marks or a closing 数.

    >>> normalise("“名醫基層工作站”數"), normalise("執業（助理）醫師數")
    ('名医基层工作站', '执业(助理)医师')
    """
    name = to_simplified(name)
    if not unicodedata.is_normalized("NFKC", name):
        name = unicodedata.normalize("NFKC", name)
    name = _MARKS.sub("", name.casefold())
    return _COUNT_END.sub("", name)


def normalise_all(names: list[str]) -> list[str]:
    """`normalise` of each of ``names``, done on them all at once (the 1,400 names of the
    catalogs, at every start).

    >>> normalise_all(["“名醫基層工作站”數", "每千人口托位数", "医院数"])
    ['名医基层工作站', '每千人口托位', '医院数']
    """
    joined = "\x00".join(names)
    if joined.count("\x00") != len(names) - 1:  # a name holding the separator
        return [normalise(n) for n in names]
    joined = to_simplified(joined)
    if not unicodedata.is_normalized("NFKC", joined):
        joined = unicodedata.normalize("NFKC", joined)
    parts = _MARKS.sub("", joined.casefold()).split("\x00")
    if len(parts) != len(names):
        return [normalise(n) for n in names]
    return [p[:-1] if len(p) > 3 and p.endswith("数") else p for p in parts]


_MARKS = re.compile(r"[“”\"'《》「」\s]")
_COUNT_END = re.compile(r"(?<=.{3})数$")


def _grams(text: str) -> set[str]:
    runs = _HAN.findall(text)
    grams = {run[i : i + 2] for run in runs for i in range(len(run) - 1)}
    return grams or set("".join(runs))


class IndicatorMatcher:
    """The project's catalog and the reference catalog, indexed once by the bigrams of every
    name and synonym of their indicators.

    ``catalog`` and ``reference`` are rows with indicator_id, name_zh, unit, kind (and
    change_of, change_base for a change); ``synonyms`` rows with synonym, indicator_id. An id
    in both catalogs is the catalog's, with the reference's synonyms.
    """

    def __init__(
        self,
        catalog: Iterable[Mapping[str, str]],
        reference: Iterable[Mapping[str, str]] = (),
        synonyms: Iterable[Mapping[str, str]] = (),
    ):
        self.indicators: dict[str, _Indicator] = {}
        for source, rows in (("catalog", catalog), ("reference", reference)):
            for r in rows:
                ident = str(r["indicator_id"])
                if ident in self.indicators:
                    continue
                self.indicators[ident] = _Indicator(
                    ident,
                    str(r["name_zh"]),
                    set(str(r.get("unit", "") or "").split("|")),
                    str(r.get("kind", "") or ""),
                    source,
                    str(r.get("change_of", "") or ""),
                    str(r.get("change_base", "") or ""),
                    [str(r["name_zh"])],
                )
        for r in synonyms:
            found = self.indicators.get(str(r["indicator_id"]))
            if found is not None:
                found.names.append(str(r["synonym"]))
        self.ids = set(self.indicators)
        self.catalog_ids = {i for i, ind in self.indicators.items() if ind.source == "catalog"}
        self.changes_of: dict[str, list[str]] = {}
        for ind in self.indicators.values():
            if ind.kind == "change" and ind.change_of:
                self.changes_of.setdefault(ind.change_of, []).append(ind.ident)
        # one entry per distinct name of an indicator
        self.entries: list[tuple[str, set[str], _Indicator]] = []
        seen = set()
        keys = iter(normalise_all([n for ind in self.indicators.values() for n in ind.names]))
        for ind in self.indicators.values():
            for _name in ind.names:
                key = next(keys)
                if key and (key, ind.ident) not in seen:
                    seen.add((key, ind.ident))
                    self.entries.append((key, _grams(key), ind))
        postings: dict[str, list[int]] = {}
        for k, (_, grams, _) in enumerate(self.entries):
            for g in grams:
                postings.setdefault(g, []).append(k)
        n = max(len(self.entries), 1)
        self.idf = {g: math.log(1 + n / len(ks)) for g, ks in postings.items()}
        self.unseen = math.log(1 + n)  # a bigram no name has: rare
        self.postings = {g: ks for g, ks in postings.items() if len(ks) <= MAX_POSTINGS}
        self.weight = [fsum(self.idf[g] for g in grams) or 1.0 for _, grams, _ in self.entries]
        self.rare = {g: ks for g, ks in postings.items() if len(ks) <= RARE}
        self.rare_grams = frozenset(self.rare)
        self._names: dict[str, str] = {}  # id -> its name normalised, as first needed
        # what the inner loop reads of an entry, in one tuple: key, bigrams, kind, whether a
        # change, id, whether the project's, the level its name opens with, weight, units
        self._records = [
            (
                key,
                grams,
                ind.kind,
                ind.kind == "change",
                ind.ident,
                ind.source == "catalog",
                _level(key),
                self.weight[k],
                ind.units,
            )
            for k, (key, grams, ind) in enumerate(self.entries)
        ]
        self._cache: dict[tuple, Match] = {}
        self._keys: dict[str, str] = {}  # a text -> normalise(text), for the texts of one article
        self._gram_sets: dict[str, set[str]] = {}  # a key -> its bigrams
        self._vocabulary: dict[str, str] | None = None
        self._proposals: dict[tuple[str, str], str] = {}
        self._fitting: dict[tuple, dict[int, tuple[float, float, float] | None]] = {}
        self._views: dict[tuple, tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]] = {}

    # ------------------------------------------------------------------ matching --

    def match(
        self,
        subject: str,
        clause: str,
        unit: str,
        kind: str,
        sentence: str = "",
        base: str = "",
        said: bool = False,
    ) -> Match:
        """The best indicator for a figure, or an empty ``indicator_id`` when none fits.

        ``base`` is what a change is measured against, where its words say (同比:
        same_period_last_year, 低于目标: target): a change indicator of another base is
        not proposed. ``said`` is whether words of the text gave the kind (新增, 现有, 全年):
        then a flow is never a stock's figure, nor a stock a flow's. ``sentence`` is accepted
        for compatibility and not read: the clause says enough, and reading whole sentences
        made the work grow with their length."""
        key = (subject, clause, unit, kind, base, said)
        found = self._cache.get(key)
        if found is None:
            if len(self._keys) >= _CACHE_SIZE:
                self._keys.clear()
                self._gram_sets.clear()
            subject_key = self._normalised(subject)
            subject_key = _SCOPE.sub("", subject_key) or subject_key
            noun, own = _UNIT_NOUNS.get(unit, ("", ""))
            if noun and not any(ch in subject_key for ch in own):  # 其中：医院764.1万张: beds
                subject_key += noun
            clause_key = self._normalised(clause)
            if kind == "change":
                found = self._match_change(subject_key, clause_key, unit, base)
            else:
                found = self._best(subject_key, clause_key, unit, kind, changes=False, said=said)
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = found
        return found

    def _match_change(self, subject: str, clause: str, unit: str, base: str) -> Match:
        """A change: a change indicator by its name, or the change of the level that fits."""
        skip = {
            i
            for i, ind in self.indicators.items()
            if ind.kind == "change" and base and ind.base and ind.base != base
        }
        direct = self._best(subject, clause, unit, "change", changes=True, skip=skip)
        # a change in points is of a percentage; a change in percent may be of anything
        level_unit = (
            "percent" if unit == "percentage_point" else None if unit == "percent" else unit
        )
        level = self._best(subject, clause, level_unit, None, changes=False)
        if not level.indicator_id:
            return direct
        fitting = [
            self.indicators[c]
            for c in self.changes_of.get(level.indicator_id, ())
            if _unit_fit(unit, self.indicators[c].units) > 0 and c not in skip
        ]
        fitting.sort(key=lambda c: c.source != "catalog")
        if fitting and level.score >= direct.score:
            chosen = fitting[0]
            return Match(
                chosen.ident,
                chosen.name_zh,
                level.score,
                f"a change of {level.indicator_id} ({level.evidence})",
                level.indicator_id,
                chosen.source,
            )
        if direct.indicator_id and not (
            level.score >= direct.score
            and self.indicators[direct.indicator_id].change_of not in ("", level.indicator_id)
        ):  # not the change of another level than the one that fits best
            return direct
        return Match(
            "",
            level.name_zh,
            level.score,
            f"a change of {level.indicator_id}, which has no change indicator in the catalogs",
            level.indicator_id,
        )

    def _normalised(self, text: str) -> str:
        found = self._keys.get(text)
        if found is None:
            found = self._keys[text] = normalise(text)
        return found

    def _normal_name(self, ind: _Indicator) -> str:
        found = self._names.get(ind.ident)
        if found is None:
            found = self._names[ind.ident] = normalise(ind.name_zh)
        return found

    def _grams_of(self, key: str) -> set[str]:
        found = self._gram_sets.get(key)
        if found is None:
            found = self._gram_sets[key] = _grams(key)
        return found

    def _candidates(
        self, subj: set[str], near: set[str], fitting: dict, fits: tuple
    ) -> tuple[dict[int, float], float]:
        """The entries that may be the indicator of a figure of ``fits`` (unit, kind, whether a
        change, whether said) sharing a bigram with the subject (or a rare one with the
        clause), each with how much of the subject's weight it shares through bigrams of at
        most ``MAX_POSTINGS`` entries; and the weight of the subject's commoner bigrams, which
        any entry may share too. ``fitting`` holds each entry's fit (see `_fit`)."""
        found: dict[int, float] = {}
        idf = self.idf
        views = self._views.get(fits)
        if views is None:
            views = self._views[fits] = ({}, {})
        fitting_postings, fitting_rare = views
        common = 0.0
        for g in subj:
            ks = fitting_postings.get(g)
            if ks is None:
                ks = fitting_postings[g] = self._fitting_only(
                    self.postings.get(g, ()), fitting, fits
                )
            if ks:
                weight = idf[g]
                for k in ks:
                    found[k] = found.get(k, 0.0) + weight
            elif g in idf and g not in self.postings:
                common += idf[g]
        for g in near & self.rare_grams:
            ks = fitting_rare.get(g)
            if ks is None:
                ks = fitting_rare[g] = self._fitting_only(self.rare.get(g, ()), fitting, fits)
            for k in ks:
                if k not in found:
                    found[k] = 0.0
        return found, common

    def _fitting_only(self, ks, fitting: dict, fits: tuple) -> tuple[int, ...]:
        """Of the entries ``ks``, those that may be a figure's of ``fits`` (see `_candidates`)."""
        out = []
        for k in ks:
            fit = fitting.get(k, False)
            if fit is False:
                fit = fitting[k] = self._fit(k, *fits)
            if fit is not None:
                out.append(k)
        return tuple(out)

    def _fit(
        self, k: int, unit: str | None, kind: str | None, changes: bool, said: bool
    ) -> tuple[float, float, float] | None:
        """(0.2 unit fit + 0.1 kind fit + the most the clause can add, unit fit, kind fit) of
        entry ``k`` for a figure of ``unit`` and ``kind``, or None when it cannot be its
        indicator."""
        _, _, ind_kind, is_change, _, _, _, _, units = self._records[k]
        if is_change is not changes:
            return None
        if said and kind in _APART and ind_kind in _APART and kind != ind_kind:
            return None
        unit_fit = 1.0 if unit is None else _unit_fit(unit, units)
        if unit_fit == 0:
            return None
        if ind_kind == kind or kind is None:
            kind_fit = 1.0
        else:
            kind_fit = 0.5 if frozenset((ind_kind, kind)) in _NEAR_KINDS else 0.0
        return 0.2 * unit_fit + 0.1 * kind_fit + _COVERAGE_PART, unit_fit, kind_fit

    def _best(
        self,
        subject: str,
        clause: str,
        unit: str | None,
        kind: str | None,
        changes: bool,
        skip: set[str] = frozenset(),
        said: bool = False,
    ) -> Match:
        """The best indicator among the changes (``changes``) or among the levels; a unit or
        kind of None fits any.

        Each candidate's score has a ceiling (its unit and kind fit, all its name in the clause,
        and what its bigrams share with the subject at most); the candidates are scored from the
        highest ceiling down, until the ceiling falls below the best score: most of them are
        never compared bigram by bigram. Of equal scores the first entry wins (the project's
        catalog before the reference, each in its order)."""
        subj = self._grams_of(subject)
        near = self._grams_of(clause) | subj
        level = _level(subject)  # 市级 is not 省级, nor an indicator that names no level
        acted = _ACTED.search(subject)  # 医院派出: those that sent, named by what they did
        idf, unseen = self.idf, self.unseen
        subj_weight = fsum(idf.get(g, unseen) for g in subj) or 1.0
        # entry -> (the part of its score its unit and kind give, unit fit, kind fit), or None
        # when it cannot be this figure's indicator (another unit, a change for a level); and
        # the postings of the entries that can, bigram by bigram (the catalogs' data, kept)
        fits = (unit, kind, changes, said)
        fitting = self._fitting.get(fits)
        if fitting is None:
            fitting = self._fitting[fits] = {}
        records = self._records
        found, common = self._candidates(subj, near, fitting, fits)
        ceilings = []
        for k, shared_most in found.items():
            fit = fitting[k]
            if skip or level or acted:
                key, _, _, _, ident, _, key_level, _, _ = records[k]
                if ident in skip or (level and key_level != level):
                    continue
                if acted and acted.group() not in key:
                    continue
            weight = records[k][7]
            shared_most += common
            if shared_most > subj_weight:
                shared_most = subj_weight
            if shared_most > weight:
                shared_most = weight
            ceiling = fit[0] + _MOST_TEXT * shared_most / (subj_weight + weight)
            ceilings.append((-ceiling, k, fit[1], fit[2]))
        ceilings.sort()
        best: tuple[float, float, bool, int] | None = None
        for ceiling, k, unit_fit, kind_fit in ceilings:
            if best is not None and -ceiling < best[0] - 1e-6:
                break  # no candidate left can reach the best
            key, grams, _, _, _, in_catalog, _, weight, _ = records[k]
            if key in clause:
                coverage = 1.0
            else:
                coverage = fsum([idf[g] for g in grams & near]) / weight
            shared = fsum([idf[g] for g in grams & subj])
            f1 = 2 * shared / (subj_weight + weight) if shared else 0.0
            text = COVERAGE_WEIGHT * coverage + (1 - COVERAGE_WEIGHT) * f1
            score = 0.7 * text + 0.2 * unit_fit + 0.1 * kind_fit
            if not in_catalog:
                score -= REFERENCE_MARGIN
            rank = (round(score, 6), round(text, 9), in_catalog, k)
            if best is None or rank[:3] > best[:3] or (rank[:3] == best[:3] and k < best[3]):
                best = rank
        if best is not None and best[0] >= _min_score():
            key, _, ind = self.entries[best[3]]
            said = f"{subject} ~ {key}" + (
                "" if key == self._normal_name(ind) else f" ({ind.name_zh})"
            )
            score = best[0] + (REFERENCE_MARGIN if ind.source == "reference" else 0.0)
            return Match(ind.ident, ind.name_zh, round(score, 2), said, source=ind.source)
        nearest = f"; nearest {self.entries[best[3]][2].ident} ({best[0]:.2f})" if best else ""
        return Match("", subject, round(best[0], 2) if best else 0.0, f"no indicator fits{nearest}")

    def forget(self) -> None:
        """Empty the memos of matches, proposals and the texts' keys (a benchmark's runs
        start alike)."""
        self._cache.clear()
        self._proposals.clear()
        self._keys.clear()
        self._gram_sets.clear()

    # ----------------------------------------------------------------- proposing --

    def propose(self, subject: str, unit: str, change_of: str = "") -> str:
        """A new id no catalog uses: in English words from the subject, or ``<level>_change``
        for a change of a level."""
        if change_of:
            candidate, k = f"{change_of}_change", 2
            while candidate in self.ids:
                candidate, k = f"{change_of}_change_{k}", k + 1
            return candidate
        key = (subject, unit)
        if key not in self._proposals:
            if self._vocabulary is None:
                self._vocabulary = words.vocabulary(
                    {i: ind.names for i, ind in self.indicators.items()}
                )
            if len(self._proposals) >= _CACHE_SIZE:
                self._proposals.clear()
            self._proposals[key] = words.proposed_id(subject, unit, self._vocabulary, self.ids)
        return self._proposals[key]


def _level(name: str) -> str:
    """The level a name opens with (国家, 省级, 市级), or ""."""
    level = _LEVEL.match(name)
    return level.group().replace("国家级", "国家") if level else ""


def alike_units(unit: str, units: set[str]) -> bool:
    """Whether ``unit`` is of a class of one of ``units`` (个 and 处 both count places; 人 and 名
    both people), so that one indicator may take both.

    >>> alike_units("个", {"处"}), alike_units("人", {"个"})
    (True, False)
    """
    return any(unit in c and units & c for c in _UNIT_CLASSES)


def _unit_fit(unit: str, units: set[str]) -> float:
    """1 for the catalog's unit, 0.6 for one of its class (人 for 名), 0.5 when the figure has
    none, 0 when they cannot be the same measure (a percent and a count, yuan and people)."""
    if unit in units:
        return 1.0
    if not unit:
        return 0.0 if units & (_RATES | {"yuan"}) else 0.5
    if alike_units(unit, units):
        return 0.6
    return 0.0


def _min_score() -> float:
    return MIN_SCORE
