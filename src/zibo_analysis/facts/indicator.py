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

from zibo_analysis.facts import words
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
    {"个", "家", "处", "所", "座", "张", "项", "支", "辆", "台", "套", "间"},  # things and places
    {"场", "期", "批", "场次"},  # events
    {"日", "天"},  # days
)
_RATES = {"percent", "per_mille", "per_100k"}
_NEAR_KINDS = {frozenset(("stock", "cumulative")), frozenset(("flow", "cumulative"))}
_LEVEL = re.compile(r"国家级|国家|省级|市级|区级|县级")
_APART = ("stock", "flow")  # a level and what happened over a period: never the same indicator
_HAN = re.compile(r"[\u4e00-\u9fff0-9a-z]+")
_SCOPE = re.compile(
    r"^(?:全国|全省|全市|全区|全县|本市|本区|我市|我区|我省|辖区|全年|今年|当年|目前|累计|共计|总计|合计|共)+"
)
_CACHE_SIZE = 20_000


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
    name = unicodedata.normalize("NFKC", to_simplified(name)).casefold()
    name = re.sub(r"[“”\"'《》「」\s]", "", name)
    return re.sub(r"(?<=.{3})数$", "", name)


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
                    ident, str(r["name_zh"]), set(str(r.get("unit", "") or "").split("|")),
                    str(r.get("kind", "") or ""), source, str(r.get("change_of", "") or ""),
                    str(r.get("change_base", "") or ""), [str(r["name_zh"])],
                )  # fmt: skip
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
        for ind in self.indicators.values():
            for name in ind.names:
                key = normalise(name)
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
        self.weight = [sum(self.idf[g] for g in grams) or 1.0 for _, grams, _ in self.entries]
        self._cache: dict[tuple, Match] = {}
        self._vocabulary: dict[str, str] | None = None
        self._proposals: dict[tuple[str, str], str] = {}
        self._unit_fits: dict[tuple[str, str], float] = {}

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
            subject_key = _SCOPE.sub("", normalise(subject)) or normalise(subject)
            clause_key = normalise(clause)
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
            i for i, ind in self.indicators.items()
            if ind.kind == "change" and base and ind.base and ind.base != base
        }  # fmt: skip
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
            return Match(chosen.ident, chosen.name_zh, level.score,
                         f"a change of {level.indicator_id} ({level.evidence})", level.indicator_id,
                         chosen.source)  # fmt: skip
        if direct.indicator_id:
            return direct
        return Match("", level.name_zh, level.score,
                     f"a change of {level.indicator_id}, which has no change indicator in the catalogs",
                     level.indicator_id)  # fmt: skip

    def _candidates(self, subject_grams: set[str], clause_grams: set[str]) -> set[int]:
        found: set[int] = set()
        for g in subject_grams:
            found.update(self.postings.get(g, ()))
        for g in clause_grams - subject_grams:
            ks = self.postings.get(g, ())
            if len(ks) <= RARE:
                found.update(ks)
        return found

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
        kind of None fits any."""
        subj = _grams(subject)
        near = _grams(clause) | subj
        level = _LEVEL.match(subject)  # 市级 is not 省级: a level named on both sides must agree
        level = level.group().replace("国家级", "国家") if level else ""
        idf, unseen = self.idf, self.unseen
        subj_weight = sum(idf.get(g, unseen) for g in subj) or 1.0
        best: tuple[float, float, bool, int] | None = None
        fits = self._unit_fits
        for k in self._candidates(subj, near):
            key, grams, ind = self.entries[k]
            if (ind.kind == "change") != changes or ind.ident in skip:
                continue
            if said and kind in _APART and ind.kind in _APART and kind != ind.kind:
                continue
            if (
                level
                and (other := _LEVEL.match(key))
                and other.group().replace("国家级", "国家") != level
            ):
                continue
            if unit is None:
                unit_fit = 1.0
            elif (unit_fit := fits.get((unit, ind.ident))) is None:
                unit_fit = fits[unit, ind.ident] = _unit_fit(unit, ind.units)
            if unit_fit == 0:
                continue
            weight = self.weight[k]
            if key in clause:
                coverage = 1.0
            else:
                coverage = sum([idf[g] for g in grams & near]) / weight
            shared = sum([idf[g] for g in grams & subj])
            f1 = 2 * shared / (subj_weight + weight) if shared else 0.0
            text = COVERAGE_WEIGHT * coverage + (1 - COVERAGE_WEIGHT) * f1
            if ind.kind == kind or kind is None:
                kind_fit = 1.0
            else:
                kind_fit = 0.5 if frozenset((ind.kind, kind)) in _NEAR_KINDS else 0.0
            score = 0.7 * text + 0.2 * unit_fit + 0.1 * kind_fit
            if ind.source == "reference":
                score -= REFERENCE_MARGIN
            rank = (round(score, 6), text, ind.source == "catalog", k)
            if best is None or rank[:3] > best[:3]:
                best = rank
        if best is not None and best[0] >= _min_score():
            key, _, ind = self.entries[best[3]]
            said = f"{subject} ~ {key}" + (
                "" if key == normalise(ind.name_zh) else f" ({ind.name_zh})"
            )
            score = best[0] + (REFERENCE_MARGIN if ind.source == "reference" else 0.0)
            return Match(ind.ident, ind.name_zh, round(score, 2), said, source=ind.source)
        nearest = f"; nearest {self.entries[best[3]][2].ident} ({best[0]:.2f})" if best else ""
        return Match("", subject, round(best[0], 2) if best else 0.0, f"no indicator fits{nearest}")

    def forget(self) -> None:
        """Empty the memo of matches and proposals (a benchmark's runs start alike)."""
        self._cache.clear()
        self._proposals.clear()

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


def _unit_fit(unit: str, units: set[str]) -> float:
    """1 for the catalog's unit, 0.6 for one of its class (人 for 名), 0.5 when the figure has
    none, 0 when they cannot be the same measure (a percent and a count, yuan and people)."""
    if unit in units:
        return 1.0
    if not unit:
        return 0.0 if units & (_RATES | {"yuan"}) else 0.5
    if any(unit in c and units & c for c in _UNIT_CLASSES):
        return 0.6
    return 0.0


def _min_score() -> float:
    return MIN_SCORE
