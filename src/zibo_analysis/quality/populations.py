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

import numpy as np
import pandas as pd

from zibo_analysis.coverage import RATE_SYMBOL, implied_denominators
from zibo_analysis.quality.common import (
    days_apart,
    days_between_rows,
    flag,
    in_time_order,
    pairs,
    records,
)
from zibo_analysis.quality.text import half_unit
from zibo_analysis.quality.words import ENGLISH, Say
from zibo_analysis.quantities import RATE_SCALE

POPULATION_WINDOW_DAYS = 183  # further apart, a population may really have changed
MAX_MEMBERS = 1_000_000  # wider ranges of n are not listed one by one
SEARCH_LIMIT = 100_000  # the smallest population of a lone rate is looked for up to here


def admits_all(ns: np.ndarray, value: float, half: float, whole: float = 100) -> np.ndarray:
    """For each whole number n of ``ns``, whether some k out of n, as a share of ``whole``
    (100 for percent, 1,000 for ‰, 100,000 for /10万), prints as ``value`` (within ``half``):
    the smallest k at or above the printed range's floor must not pass its ceiling."""
    ns = np.asarray(ns, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        k = np.maximum(np.ceil((value - half) / whole * ns - 1e-9), 0)
        return (k <= ns) & (whole * k / ns <= value + half + 1e-9)


def admits(n: int, value: float, half: float, whole: float = 100) -> bool:
    """`admits_all` of one n.

    >>> admits(10_000, 3.1, 0.05, whole=1000), admits(1000, 3.1, 0.05, whole=1000)
    (True, False)
    """
    return bool(admits_all(np.array([n]), value, half, whole)[0])


def population_phrase(definition: str) -> str | None:
    """The population a catalog definition names: "Share of <population> that ...".

    >>> population_phrase("Share of newborns screened for hearing loss.") is None
    True
    >>> population_phrase("Share of pregnant women who received antenatal check-ups.")
    'pregnant women'
    """
    found = re.match(
        r"\s*(?:share|proportion|percentage) of (?:the )?(.+?) (?:that|who|whose)\b",
        str(definition),
        re.IGNORECASE,
    )
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
            say(
                "needs",
                count=count,
                rate=rate,
                range=_range(low, high, say),
                also=say("same_population", name=say.name(kin)) if kin is not None else "",
            )
            for count, rate, low, high, kin in self.evidence
        )

    def admits(self, n: int) -> bool:
        return bool(self.admitted(np.array([n]))[0])

    def admitted(self, ns: np.ndarray) -> np.ndarray:
        """Which of the whole numbers ``ns`` it may be (`admits_all` for every printed rate)."""
        ok = (self.low <= ns) & (ns <= self.high)
        for value, half, whole in self.printed:
            ok &= admits_all(ns, value, half, whole)
        return ok

    def members(self) -> list[int] | None:
        """Every population it may be, or None when nothing bounds it from above."""
        if self.high - self.low > MAX_MEMBERS:
            return None
        ns = np.arange(math.ceil(self.low), math.floor(self.high) + 1)
        return ns[self.admitted(ns)].tolist()

    def smallest(self) -> int | None:
        ns = np.arange(1, SEARCH_LIMIT)
        ok = self.admitted(ns)
        return int(ns[np.argmax(ok)]) if ok.any() else None


def populations(
    indicators: pd.DataFrame, catalog: pd.DataFrame | None = None, obs_ids=None
) -> dict:
    """obs_id -> Population for every exact actual rate (or for those of ``obs_ids``)."""
    rates = _exact_rates(indicators).reset_index(drop=True)
    bounds = {
        r["obs_id"]: r
        for r in records(implied_denominators(indicators))
        if r["denominator_low"] <= r["denominator_high"]
    }
    phrases = {}
    if catalog is not None:
        definitions = zip(catalog["indicator_id"], catalog["definition"], strict=True)
        phrases = {i: population_phrase(d) for i, d in definitions}
    key = ["doc_id", "region", "as_of"]
    table = pd.DataFrame({c: rates[c].astype(object).to_numpy() for c in key}).assign(
        r=np.arange(len(rates)),
        obs_id=rates["obs_id"].to_numpy(dtype=object),
        phrase=rates["indicator_id"].astype(object).map(phrases).to_numpy(dtype=object),
    )
    table = table.dropna(subset=key)  # no group holds a figure without its article, region or date
    wanted = table if obs_ids is None else table[table["obs_id"].isin(list(obs_ids))]
    kin = wanted.merge(table, on=key, suffixes=("", "_kin"))
    same = kin["obs_id"] == kin["obs_id_kin"]
    shared = kin["phrase"].notna() & (kin["phrase"] != "") & (kin["phrase"] == kin["phrase_kin"])
    kin = kin[same | shared].sort_values(["r", "r_kin"], kind="stable")
    rows = records(rates)
    found = {}
    for r, members in kin.groupby("r", sort=True)["r_kin"]:
        found[rows[r]["obs_id"]] = _population([rows[k] for k in members], rows[r], bounds)
    return found


def _exact_rates(indicators: pd.DataFrame) -> pd.DataFrame:
    return indicators[
        (indicators["status"] == "actual")
        & (indicators["kind"] == "rate")
        & indicators["unit"].isin(list(RATE_SCALE))
        & (indicators["qualifier"] == "exact")
    ]


def _population(kin: list, row, bounds: dict) -> Population:
    pop = Population()
    for other in kin:
        whole = RATE_SCALE.get(str(other["unit"]), 100)
        pop.printed.append((other["value"], half_unit(other["mention"]), whole))
        pair = bounds.get(other["obs_id"])
        if pair is None:
            continue
        pop.low, pop.high = (
            max(pop.low, pair["denominator_low"]),
            min(pop.high, pair["denominator_high"]),
        )
        kin = None if other["obs_id"] == row["obs_id"] else other
        pop.evidence.append(
            (
                pair["count_mention"],
                pair["mention"],
                pair["denominator_low"],
                pair["denominator_high"],
                kin,
            )
        )
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
    rows, groups = in_time_order(_exact_rates(indicators))
    before, after = pairs(groups)
    doc = rows["doc_id"].astype(str).to_numpy()
    near = days_between_rows(rows.iloc[before], rows.iloc[after]) <= POPULATION_WINDOW_DAYS
    compared = (doc[before] != doc[after]) & near
    before, after = before[compared], after[compared]
    pops = populations(indicators, catalog, set(rows["obs_id"].to_numpy()[np.r_[before, after]]))
    flags = []
    for a, b in zip(records(rows.iloc[before]), records(rows.iloc[after]), strict=True):
        detail = _disjoint(a, pops[a["obs_id"]], b, pops[b["obs_id"]], say)
        if detail:
            days = days_apart(a, b)
            words = say(
                "populations_differ",
                name=say.name(a),
                region=say.region(a["region"]),
                first=a["mention"],
                first_doc=a["doc_id"],
                first_date=f"{a['as_of']:%Y-%m-%d}",
                other=b["mention"],
                other_doc=b["doc_id"],
                other_date=f"{b['as_of']:%Y-%m-%d}",
                days=days,
                detail=detail,
            )
            flags.append(flag([a, b], "populations_differ", "check", words))
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
    why = say(
        "population_is",
        doc=row["doc_id"],
        listed=_listed(members, say),
        evidence=pop.because(say),
        gives=gives,
        mention=row["mention"],
    )
    other_members = other.members()
    if other_members:
        return say(
            "other_is",
            why=why,
            doc=other_row["doc_id"],
            listed=_listed(other_members, say),
            evidence=other.because(say),
        )
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
