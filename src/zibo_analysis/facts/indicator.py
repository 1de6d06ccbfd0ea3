"""Which catalog indicator a figure reports, by its subject, unit and kind.

Words are compared as character bigrams, each weighted by how rare it is
among the catalog's names (服务 and 医院 say little, 巡诊 and 托位 a lot): the
text score is half how much of an indicator's name the figure's clause
holds and half how closely the subject and the name agree (F1). The unit
must fit (a percent is never a count; 人 and 名 are both people); the kind
adds a little: score = 0.7 text + 0.2 unit + 0.1 kind. An indicator is
proposed when its score is at least 0.6 (a text score of 0.43 with the
catalog's unit and kind); otherwise the figure gets a proposed snake_case
id in pinyin (jionlp's character dictionary, first reading) and its subject
as ``name_zh``, for a new catalog row.

A change (同比增加1.25万人) is never given the id of the level it changes: it is matched
among the catalog's indicators of kind ``change``, directly by name or through the level it
changes (the level that fits best, and the change indicator whose ``change_of`` names it).
When the catalog has no change indicator for that level, ``<level>_change`` is proposed.

>>> catalog = [{"indicator_id": "urban_new_jobs", "name_zh": "城镇新增就业", "unit": "人", "kind": "flow"}]
>>> m = IndicatorMatcher(catalog).match("城镇新增就业", "淄博市实现城镇新增就业5.53万人", "人", "flow")
>>> m.indicator_id, m.score
('urban_new_jobs', 1.0)
"""

from __future__ import annotations

import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from zibo_analysis.facts.place import jionlp_file

__all__ = ["IndicatorMatcher", "Match", "proposed_id"]

MIN_SCORE = 0.6  # e.g. text 0.43 with the catalog's unit and kind, or text 0.57 with neither
_UNIT_CLASSES = (
    {"人", "名", "户"},  # people and households
    {"人次", "次", "家次", "剂次", "场次"},  # times something was done
    {"个", "家", "处", "所", "座", "张", "项", "支", "辆", "台", "套", "间"},  # things and places
    {"场", "期", "批", "场次"},  # events
)
_RATES = {"percent", "per_mille", "per_100k"}
_NEAR_KINDS = {frozenset(("stock", "cumulative")), frozenset(("flow", "cumulative"))}
_HAN = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]+")


@dataclass(frozen=True, slots=True)
class Match:
    indicator_id: str  # "" when nothing fits
    name_zh: str
    score: float
    evidence: str
    change_of: str = ""  # for a change: the level indicator it changes, where one fits


def _grams(text: str) -> set[str]:
    runs = _HAN.findall(text)
    grams = {run[i : i + 2] for run in runs for i in range(len(run) - 1)}
    return grams or set("".join(runs))


def _clean(name: str) -> str:
    name = re.sub(r"[“”\"'《》]", "", name)
    return re.sub(r"(?<=.{3})数$", "", name)  # 名医基层工作站数 -> 名医基层工作站


class IndicatorMatcher:
    """The catalog, indexed by the bigrams of its names."""

    def __init__(self, catalog: Iterable[Mapping[str, str]]):
        catalog = list(catalog)
        self.rows = [
            (r["indicator_id"], r["name_zh"], _grams(_clean(r["name_zh"])),
             set(str(r.get("unit", "")).split("|")), str(r.get("kind", "")))
            for r in catalog
        ]  # fmt: skip
        self.changes_of = {}  # level id -> the change indicators of it
        self.bases = {}  # change id -> its base (same_period_last_year, target ...)
        for r in catalog:
            if str(r.get("kind", "")) == "change" and r.get("change_of"):
                self.changes_of.setdefault(str(r["change_of"]), []).append(r["indicator_id"])
                self.bases[r["indicator_id"]] = str(r.get("change_base", "") or "")
        self.ids = {row[0] for row in self.rows}
        index: dict[str, list[int]] = {}
        for k, row in enumerate(self.rows):
            for g in row[2]:
                index.setdefault(g, []).append(k)
        n = max(len(self.rows), 1)
        self.index = index
        self.idf = {g: math.log(1 + n / len(ks)) for g, ks in index.items()}
        self.unseen = math.log(1 + n)  # a bigram no name has: rare
        self.name_weight = [sum(self.idf[g] for g in row[2]) for row in self.rows]

    def _overlap(self, grams: set[str]) -> dict[int, float]:
        """Weight of the bigrams each indicator's name shares with ``grams``."""
        shared: dict[int, float] = {}
        for g in grams:
            for k in self.index.get(g, ()):
                shared[k] = shared.get(k, 0.0) + self.idf[g]
        return shared

    def match(
        self, subject: str, clause: str, unit: str, kind: str, sentence: str = "", base: str = ""
    ) -> Match:
        """The best indicator for a figure, or an empty ``indicator_id`` when none fits.

        ``base`` is what a change is measured against, where its words say (同比:
        same_period_last_year, 低于目标: target): a change indicator of another base is
        not proposed."""
        if kind == "change":
            return self._match_change(subject, clause, unit, sentence, base)
        return self._best(subject, clause, unit, kind, sentence, changes=False)

    def _match_change(
        self, subject: str, clause: str, unit: str, sentence: str, base: str
    ) -> Match:
        """A change: a change indicator by its name, or the change of the level that fits."""
        other_base = {i for i, b in self.bases.items() if base and b and b != base}
        direct = self._best(
            subject, clause, unit, "change", sentence, changes=True, skip=other_base
        )
        # a change in points is of a percentage; a change in percent may be of anything
        level_unit = (
            "percent" if unit == "percentage_point" else None if unit == "percent" else unit
        )
        level = self._best(subject, clause, level_unit, None, sentence, changes=False)
        if not level.indicator_id:
            return direct
        ids = {row[0]: row for row in self.rows}
        fitting = [
            c
            for c in self.changes_of.get(level.indicator_id, ())
            if _unit_fit(unit, ids[c][3]) > 0 and c not in other_base
        ]
        if fitting and level.score >= direct.score:
            chosen = ids[fitting[0]]
            return Match(chosen[0], chosen[1], level.score,
                         f"a change of {level.indicator_id} ({level.evidence})", level.indicator_id)  # fmt: skip
        if direct.indicator_id:
            return direct
        return Match("", level.name_zh, level.score,
                     f"a change of {level.indicator_id}, which has no change indicator in the catalog",
                     level.indicator_id)  # fmt: skip

    def _best(
        self,
        subject: str,
        clause: str,
        unit: str | None,
        kind: str | None,
        sentence: str,
        changes: bool,
        skip: set[str] = frozenset(),
    ) -> Match:
        """The best indicator among the changes (``changes``) or among the levels; a unit or
        kind of None fits any."""
        subj = _grams(subject)
        near = self._overlap(_grams(clause) | subj)
        wide = self._overlap(_grams(sentence) | subj) if sentence else near
        common = self._overlap(subj)
        subj_weight = sum(self.idf.get(g, self.unseen) for g in subj) or 1.0
        best: tuple[float, float, int] | None = None
        for k in set(near) | set(wide):
            ident, name, grams, units, row_kind = self.rows[k]
            if (row_kind == "change") != changes or ident in skip:
                continue
            unit_fit = _unit_fit(unit, units) if unit is not None else 1.0
            if unit_fit == 0:
                continue
            name_w = self.name_weight[k]
            coverage = 0.6 * near.get(k, 0.0) / name_w + 0.4 * wide.get(k, 0.0) / name_w
            shared = common.get(k, 0.0)
            precision, recall = shared / subj_weight, shared / name_w
            f1 = 2 * precision * recall / (precision + recall) if shared else 0.0
            text = 0.5 * coverage + 0.5 * f1
            kind_fit = (
                1.0
                if row_kind == kind or kind is None
                else 0.5
                if frozenset((row_kind, kind)) in _NEAR_KINDS
                else 0.0
            )
            score = 0.7 * text + 0.2 * unit_fit + 0.1 * kind_fit
            if best is None or (score, text) > best[:2]:
                best = (score, text, k)
        if best is not None and best[0] >= MIN_SCORE:
            ident, name = self.rows[best[2]][:2]
            return Match(ident, name, round(best[0], 2), f"{subject} ~ {name}")
        near_id = f"; nearest {self.rows[best[2]][0]} ({best[0]:.2f})" if best else ""
        return Match("", subject, round(best[0], 2) if best else 0.0, f"no indicator fits{near_id}")

    def propose(self, subject: str, unit: str, change_of: str = "") -> str:
        """A new id: in pinyin from the subject, or ``<level>_change`` for a change of a level."""
        if change_of:
            candidate, k = f"{change_of}_change", 2
            while candidate in self.ids:
                candidate, k = f"{change_of}_change_{k}", k + 1
            return candidate
        return proposed_id(subject, unit, taken=self.ids)


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


@cache
def _pinyin() -> dict[str, str]:
    """Each character's first reading, without tones, from jionlp's character dictionary."""
    with zipfile.ZipFile(jionlp_file("chinese_char_dictionary.zip")) as archive:
        data = archive.read("chinese_char_dictionary.txt").decode("utf-8")
    found = re.findall(r"^(\S)\t(?:[^\t\n]*\t){6}\[([^\]\t\n]+)\]", data, re.M)
    plain = {}
    for ch, reading in reversed(found):  # the first entry of a character wins
        letters = unicodedata.normalize("NFD", reading.split(",")[0]).replace("u\u0308", "v")
        plain[ch] = re.sub(r"[^a-z]", "", letters.lower())
    return plain


def proposed_id(subject: str, unit: str = "", taken: Iterable[str] = ()) -> str:
    """A snake_case id in pinyin for a new indicator: 托位数 -> tuo_wei_shu.

    >>> proposed_id("每千人口托位数"), proposed_id("预约治疗率", "percent")
    ('mei_qian_ren_kou_tuo_wei_shu', 'yu_yue_zhi_liao_lv')
    """
    table = _pinyin()
    syllables = [table[ch] for ch in subject if ch in table and table[ch]][:10]
    base = "_".join(syllables) or "indicator"
    if unit in _RATES and not base.endswith("lv"):
        base += "_rate"
    candidate, k, taken = base, 2, set(taken)
    while candidate in taken:
        candidate, k = f"{base}_{k}", k + 1
    return candidate
