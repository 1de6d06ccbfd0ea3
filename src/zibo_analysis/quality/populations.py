"""Rates that cannot share a population: the same rate in two articles whose populations,
read from the counts beside each and from the printed digits, have no member in common.

A rate printed as 94.44% is k/n only for some whole n (17/18, 34/36, ..., 102/108); a count
beside it narrows n further (20家 at 19% needs 103 to 108 institutions). Two rates of one
article, region and date share a population when the catalog defines both as "Share of
<the same words> that/who ..." (``catalog`` with ``indicator_id`` and ``definition``).

>>> admits(108, 94.44, 0.005), admits(108, 97.16, 0.005), admits(141, 97.16, 0.005)
(True, False, True)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import pairwise

import pandas as pd

from zibo_analysis.coverage import RATE_SYMBOL, implied_denominators
from zibo_analysis.quality.common import days_apart, flag, records, series
from zibo_analysis.quality.text import half_unit
from zibo_analysis.quality.words import ENGLISH, Say
from zibo_analysis.quantities import RATE_SCALE

POPULATION_WINDOW_DAYS = 183  # further apart, a population may really have changed
MAX_MEMBERS = 1_000_000  # wider ranges of n are not listed one by one
SEARCH_LIMIT = 100_000  # the smallest population of a lone rate is looked for up to here


def admits(n: int, value: float, half: float, whole: float = 100) -> bool:
    """Whether some k out of n, as a share of ``whole`` (100 for percent, 1,000 for ‰,
    100,000 for /10万), prints as ``value`` (within ``half``).

    >>> admits(10_000, 3.1, 0.05, whole=1000), admits(1000, 3.1, 0.05, whole=1000)
    (True, False)
    """
    k = max(math.ceil((value - half) / whole * n - 1e-9), 0)
    return k <= n and whole * k / n <= value + half + 1e-9


def population_phrase(definition: str) -> str | None:
    """The population a catalog definition names: "Share of <population> that ...".

    >>> population_phrase("Share of newborns screened for hearing loss.") is None
    True
    >>> population_phrase("Share of pregnant women who received antenatal check-ups.")
    'pregnant women'
    """
    found = re.match(r"\s*(?:share|proportion|percentage) of (?:the )?(.+?) (?:that|who|whose)\b",
                     str(definition), re.IGNORECASE)  # fmt: skip
    return found.group(1).casefold() if found else None


@dataclass
class Population:
    """The whole numbers a rate's population may be, and what says so."""

    low: float = 1.0
    high: float = math.inf
    printed: list[tuple[float, float, float]] = field(
        default_factory=list
    )  # (rate, half a digit, whole)
    # what bounds it: (count as printed, rate as printed, low, high, the kin rate's row or None)
    evidence: list[tuple] = field(default_factory=list)

    def because(self, say: Say = ENGLISH) -> str:
        """What bounds the population, in words: "20家 at 19% needs 103 to 108; ..."."""
        return say.word("sep").join(
            say("needs", count=count, rate=rate, range=_range(low, high, say),
                also=say("same_population", name=say.name(kin)) if kin is not None else "")
            for count, rate, low, high, kin in self.evidence
        )  # fmt: skip

    def admits(self, n: int) -> bool:
        return self.low <= n <= self.high and all(admits(n, v, h, w) for v, h, w in self.printed)

    def members(self) -> list[int] | None:
        """Every population it may be, or None when nothing bounds it from above."""
        if self.high - self.low > MAX_MEMBERS:
            return None
        return [n for n in range(math.ceil(self.low), math.floor(self.high) + 1) if self.admits(n)]

    def smallest(self) -> int | None:
        return next((n for n in range(1, SEARCH_LIMIT) if self.admits(n)), None)


def populations(indicators: pd.DataFrame, catalog: pd.DataFrame | None = None) -> dict:
    """obs_id -> Population for every exact actual rate."""
    rates = _exact_rates(indicators)
    bounds = {
        r["obs_id"]: r
        for r in records(implied_denominators(indicators))
        if r["denominator_low"] <= r["denominator_high"]
    }
    phrases = {}
    if catalog is not None:
        phrases = {i: population_phrase(d) for i, d in zip(catalog["indicator_id"], catalog["definition"], strict=True)}  # fmt: skip
    found = {}
    for _, group in rates.groupby(["doc_id", "region", "as_of"], observed=True):
        rows = records(group)
        for row in rows:
            phrase = phrases.get(row["indicator_id"])
            kin = [o for o in rows if o["obs_id"] == row["obs_id"]
                   or (phrase and phrases.get(o["indicator_id"]) == phrase)]  # fmt: skip
            found[row["obs_id"]] = _population(kin, row, bounds)
    return found


def _exact_rates(indicators: pd.DataFrame) -> pd.DataFrame:
    return indicators[(indicators["status"] == "actual") & (indicators["kind"] == "rate")
                      & indicators["unit"].isin(list(RATE_SCALE)) & (indicators["qualifier"] == "exact")]  # fmt: skip


def _population(kin: list, row, bounds: dict) -> Population:
    pop = Population()
    for other in kin:
        whole = RATE_SCALE.get(str(other["unit"]), 100)
        pop.printed.append((other["value"], half_unit(other["mention"]), whole))
        pair = bounds.get(other["obs_id"])
        if pair is None:
            continue
        pop.low, pop.high = max(pop.low, pair["denominator_low"]), min(pop.high, pair["denominator_high"])  # fmt: skip
        kin = None if other["obs_id"] == row["obs_id"] else other
        pop.evidence.append((pair["count_mention"], pair["mention"], pair["denominator_low"],
                             pair["denominator_high"], kin))  # fmt: skip
    return pop


def _range(low: float, high: float, say: Say = ENGLISH) -> str:
    return f"{low:.0f}" if low == high else say("range", low=low, high=high)


def _listed(members: list[int], say: Say = ENGLISH) -> str:
    if len(members) == 1:
        return f"{members[0]}"
    if len(members) <= 5:
        return say("one_of", members=say.word("list").join(map(str, members)))
    return say("between", low=members[0], high=members[-1])


def populations_differ(
    indicators: pd.DataFrame, catalog: pd.DataFrame | None = None, say: Say = ENGLISH
) -> list[dict]:
    """The same rate in two articles, weeks or months apart, with no population in common (check)."""
    pops = populations(indicators, catalog)
    flags = []
    for part in series(_exact_rates(indicators)):
        for a, b in pairwise(records(part)):
            if a["doc_id"] == b["doc_id"] or days_apart(a, b) > POPULATION_WINDOW_DAYS:
                continue
            detail = _disjoint(a, pops[a["obs_id"]], b, pops[b["obs_id"]], say)
            if detail:
                flags.append(flag([a, b], "populations_differ", "check",
                    say("populations_differ", name=say.name(a), region=say.region(a["region"]),
                        first=a["mention"], first_doc=a["doc_id"], first_date=f"{a['as_of']:%Y-%m-%d}",
                        other=b["mention"], other_doc=b["doc_id"], other_date=f"{b['as_of']:%Y-%m-%d}",
                        days=days_apart(a, b), detail=detail)))  # fmt: skip
    return flags


def _disjoint(a, pa: Population, b, pb: Population, say: Say = ENGLISH) -> str | None:
    """Why the two populations share no member, or None when they may."""
    known = [(r, p, p.members()) for r, p in ((a, pa), (b, pb))]
    bounded = [(r, p, m) for r, p, m in known if m]  # an empty list: the article contradicts itself
    if not bounded or any(m == [] for _, _, m in known):
        return None
    row, pop, members = bounded[0]
    other_row, other = (b, pb) if row is a else (a, pa)
    if any(other.admits(n) for n in members):
        return None
    gives = say("only_one", n=members[0]) if len(members) == 1 else say("only_some", k=len(members))
    why = say("population_is", doc=row["doc_id"], listed=_listed(members, say),
              evidence=pop.because(say), gives=gives, mention=row["mention"])  # fmt: skip
    other_members = other.members()
    if other_members:
        return say("other_is", why=why, doc=other_row["doc_id"], listed=_listed(other_members, say),
                   evidence=other.because(say))  # fmt: skip
    near = ""
    if len(members) == 1:
        n, v = members[0], other_row["value"]
        whole = RATE_SCALE.get(str(other_row["unit"]), 100)
        sym = RATE_SYMBOL.get(str(other_row["unit"]), "%")
        k = math.floor(v / whole * n)
        near = say("near", k=k, n=n, k1=k + 1, low=whole * k / n, high=whole * (k + 1) / n, sym=sym)
    smallest = other.smallest()
    least = say("smallest", mention=other_row["mention"], n=smallest) if smallest else ""
    return say("no_share", why=why, mention=other_row["mention"], near=near, least=least)
