"""Coverage: rates against their targets, across regions, and the denominators they imply.

>>> from zibo_analysis.dataset import load_indicators
>>> table = coverage_table(load_indicators())
>>> table.loc[table.indicator_id == "rural_two_cancer_screening_coverage", "value"].max()
np.float64(93.07)
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from zibo_analysis.quantities import RATE_SCALE, printed_step
from zibo_analysis.vocab import in_lang, known_values, require

# What this module writes for a reader, in each language (`vocab.in_lang`).
WORDS = {
    "en": {
        "derived": "derived: {rate} is {gap} {direction} it",
        "below": "below",
        "above": "above",
    },
    "zh": {"derived": "由差距推算：{rate}{direction}目标{gap}", "below": "低于", "above": "高于"},
}

# A value given as a bound says which side of it the truth lies on.
LOWER_BOUNDS = ("more_than", "at_least")  # the truth is at or above the value
UPPER_BOUNDS = ("nearly", "less_than", "at_most")  # the truth is at or below it

COVERAGE_COLUMNS = [
    "indicator_id", "indicator_zh", "indicator_en", "topic", "region", "as_of", "doc_id",
    "value", "qualifier", "target", "target_qualifier", "target_as_of", "target_region",
    "target_doc_id", "target_source", "gap_pp", "verdict", "higher_is_better", "quote",
    "obs_id", "target_obs_id", "unit",
]  # fmt: skip
# How each base is written after a figure: 93.07%, 4.5‰, 15.1/10万.
RATE_SYMBOL = {"percent": "%", "per_mille": "‰", "per_100k": "/10万"}


def rates(indicators: pd.DataFrame) -> pd.DataFrame:
    """Observations of kind `rate` in any base (percent, per mille, per 100,000), actual and target."""
    return indicators[(indicators["kind"] == "rate") & indicators["unit"].isin(list(RATE_SCALE))]


def coverage_table(
    indicators: pd.DataFrame,
    regions: pd.DataFrame | None = None,
    topics: list[str] | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Every actual rate per region and date, with the target that applies to it and the gap.

    Rates of every base are kept (percent, ‰, /10万), each compared only with a target in its
    own base; ``unit`` says which, and ``gap_pp`` is in points of that base.
    The target is the same indicator with ``status == "target"`` for the same region or,
    failing that, for a region above it (``regions`` gives the parents). Among several,
    the first one due on or after the observation wins, else the latest. ``verdict`` is
    met, not met, uncertain (a bound on the wrong side of the target) or no target.
    Targets that have no actual observation yet get a row with an empty value.
    ``target_source`` says where a target comes from (a derived one in words, in ``lang``).
    """
    if topics:
        require("topic", topics, known_values(indicators["topic"]))
    all_rates = rates(indicators)
    if topics:
        all_rates = all_rates[all_rates["topic"].isin(topics)]
    actual = all_rates[all_rates["status"] == "actual"]
    stated = all_rates[all_rates["status"] == "target"].assign(target_source="stated")
    derived = derived_targets(indicators, actual, lang)
    targets = pd.concat([stated, derived], ignore_index=True) if len(derived) else stated
    parents = _parents(regions)
    rows = []
    for obs in actual.itertuples(index=False):
        target = _applicable_target(obs, targets, parents)
        rows.append(_coverage_row(obs, target))
    matched = {
        (r["indicator_id"], r["target_region"], r["target_as_of"])
        for r in rows
        if r["target_region"]
    }
    for tgt in targets.itertuples(index=False):
        if (tgt.indicator_id, tgt.region, tgt.as_of) not in matched:
            rows.append(_target_only_row(tgt))
    table = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    return table.sort_values(["topic", "indicator_id", "region", "as_of"], ignore_index=True)


def derived_targets(
    indicators: pd.DataFrame, actual_rates: pd.DataFrame, lang: str = "en"
) -> pd.DataFrame:
    """Targets implied by a stated gap: "失业率3.2%，低于省控目标1.3个百分点" means a 4.5% target.

    The catalog marks the gap indicator with ``gap_of`` (the rate) and ``gap_direction``
    (below: the rate is below its target by the gap; above: above it). The gap and the
    rate must come from one article, region and date. ``target_source`` says so in ``lang``.
    """
    w = in_lang(WORDS, lang)
    if "gap_of" not in indicators.columns:
        return actual_rates.iloc[0:0].assign(target_source=pd.Series(dtype=str))
    gaps = indicators[indicators["gap_of"].fillna("") != ""]
    rows = []
    for gap in gaps.itertuples(index=False):
        match = actual_rates[(actual_rates["indicator_id"] == gap.gap_of) & (actual_rates["doc_id"] == gap.doc_id)
                             & (actual_rates["region"] == gap.region) & (actual_rates["as_of"] == gap.as_of)]  # fmt: skip
        for _, rate in match.iterrows():
            sign = 1 if gap.gap_direction == "below" else -1  # the gap may be signed (低于: -1.3)
            rows.append(rate.to_dict() | {
                "status": "target", "value": round(rate["value"] + sign * abs(gap.value), 10),
                "qualifier": gap.qualifier, "quote": gap.quote, "obs_id": gap.obs_id,
                "target_source": w["derived"].format(rate=rate["mention"], gap=gap.mention,
                                                     direction=w.get(gap.gap_direction, gap.gap_direction)),
            })  # fmt: skip
    return pd.DataFrame(rows, columns=[*actual_rates.columns, "target_source"])


def _parents(regions: pd.DataFrame | None) -> dict[str, str]:
    if regions is None:
        return {}
    return {r: p for r, p in zip(regions["region_id"], regions["parent_id"], strict=True) if p}


def _applicable_target(obs, targets: pd.DataFrame, parents: dict[str, str]):
    # A target judges only figures reported after it was set, or in the same article.
    known = targets[(targets["published"] <= obs.as_of) | (targets["doc_id"] == obs.doc_id)]
    known = known[known["unit"] == obs.unit]  # a share in ‰ is never judged by a target in %
    region = obs.region
    while region:
        same = known[(known["indicator_id"] == obs.indicator_id) & (known["region"] == region)]
        if len(same):
            due = same[same["as_of"] >= obs.as_of].sort_values("as_of")
            chosen = due.iloc[0] if len(due) else same.sort_values("as_of").iloc[-1]
            return chosen
        region = parents.get(region, "")
    return None


def _coverage_row(obs, target) -> dict:
    row = {
        "indicator_id": obs.indicator_id, "indicator_zh": obs.indicator_zh,
        "indicator_en": obs.indicator_en, "topic": obs.topic, "region": obs.region,
        "as_of": obs.as_of, "doc_id": obs.doc_id, "value": obs.value,
        "qualifier": obs.qualifier, "higher_is_better": obs.higher_is_better, "quote": obs.quote,
        "target": np.nan, "target_qualifier": None, "target_as_of": pd.NaT,
        "target_region": None, "target_doc_id": None, "target_source": None, "gap_pp": np.nan,
        "verdict": "no target", "obs_id": getattr(obs, "obs_id", None), "target_obs_id": None,
        "unit": obs.unit,
    }  # fmt: skip
    if target is not None:
        row.update(
            target=target["value"],
            target_qualifier=target["qualifier"],
            target_as_of=target["as_of"],
            target_region=target["region"],
            target_doc_id=target["doc_id"],
            target_obs_id=target.get("obs_id"),
            target_source=target["target_source"],
            gap_pp=round(obs.value - target["value"], 10),
            verdict=verdict(obs.value, obs.qualifier, target["value"], obs.higher_is_better),
        )
    return row


def _target_only_row(tgt) -> dict:
    return {
        "indicator_id": tgt.indicator_id, "indicator_zh": tgt.indicator_zh,
        "indicator_en": tgt.indicator_en, "topic": tgt.topic, "region": tgt.region,
        "as_of": pd.NaT, "doc_id": None, "value": np.nan, "qualifier": None,
        "target": tgt.value, "target_qualifier": tgt.qualifier, "target_as_of": tgt.as_of,
        "target_region": tgt.region, "target_doc_id": tgt.doc_id, "target_source": tgt.target_source, "gap_pp": np.nan,
        "verdict": "no actual yet", "higher_is_better": tgt.higher_is_better, "quote": tgt.quote,
        "obs_id": None, "target_obs_id": getattr(tgt, "obs_id", None), "unit": tgt.unit,
    }  # fmt: skip


def truth_range(value: float, qualifier: str | None) -> tuple[float, float]:
    """Where the true figure lies, read from how it is printed.

    余/多/超过/以上 put it at or above the value, 近/不到/以内 at or below it, 约/左右
    within ten percent of it (a convention, not a rule of the language). A bound on a
    decrease bounds its size: 减少3900余人 (-3900, more than) is -3900 or below.

    >>> truth_range(76, "more_than"), truth_range(80, "nearly"), truth_range(50, "about")
    ((76, inf), (-inf, 80), (45.0, 55.0))
    >>> truth_range(-3900, "more_than")
    (-inf, -3900)
    """
    if value < 0 and qualifier in (*LOWER_BOUNDS, *UPPER_BOUNDS):
        low, high = truth_range(-value, qualifier)
        return -high, -low
    if qualifier in LOWER_BOUNDS:
        return value, math.inf
    if qualifier in UPPER_BOUNDS:
        return -math.inf, value
    if qualifier == "about":
        return value - abs(value) / 10, value + abs(value) / 10
    return value, value


def printed_interval(value: float, mention: str, qualifier: str) -> tuple[float, float]:
    """Where a printed figure's true value lies: its bound (余, 近, 以上) or, printed without
    one, half its last printed digit either side (`quantities.printed_step`).

    >>> printed_interval(128_000, "12.8万人次", "exact"), printed_interval(3900, "3900余人次", "more_than")
    ((127500.0, 128500.0), (3900, inf))
    """
    low, high = truth_range(value, qualifier)
    if qualifier == "exact":
        half = printed_step(mention) / 2
        low, high = low - half, high + half
    return low, high


def verdict(value: float, qualifier: str, target: float, higher_is_better) -> str:
    """met, not met or uncertain, reading a bound as a bound.

    >>> verdict(19, "exact", 15, True), verdict(3.2, "exact", 4.5, False)
    ('met', 'met')
    >>> verdict(80, "nearly", 80, True), verdict(85, "at_most", 80, True)  # may fall short
    ('uncertain', 'uncertain')
    """
    if (
        higher_is_better is None
        or higher_is_better is pd.NA
        or (isinstance(higher_is_better, float) and math.isnan(higher_is_better))
    ):
        higher_is_better = True
    low, high = truth_range(value, qualifier)
    if higher_is_better:
        return "met" if low >= target else "not met" if high < target else "uncertain"
    return "met" if high <= target else "not met" if low > target else "uncertain"


def compare_regions(
    indicators: pd.DataFrame, indicator_ids: list[str] | None = None
) -> pd.DataFrame:
    """The same rate in several regions, side by side, each with its date.

    One row per indicator and region (the latest actual observation), with
    ``years_apart``: how far apart the compared figures are in time. Figures
    years apart are not simultaneous; the table says so instead of hiding it.
    """
    if indicator_ids:
        require("indicator", indicator_ids, known_values(indicators["indicator_id"]))
    actual = rates(indicators)
    actual = actual[actual["status"] == "actual"]
    if indicator_ids:
        actual = actual[actual["indicator_id"].isin(indicator_ids)]
    latest = actual.sort_values("as_of").groupby(["indicator_id", "region"], observed=True).tail(1)
    shared = latest.groupby("indicator_id", observed=True)["region"].transform("nunique") > 1
    latest = latest[shared]
    grouped = latest.groupby("indicator_id", observed=True)["as_of"]
    span_days = (grouped.transform("max") - grouped.transform("min")).dt.days
    return (
        latest.assign(
            years_apart=(span_days.astype(float) / 365.25).round(1),
            label=[f"{v:g}{RATE_SYMBOL.get(u, u)} ({d:%Y-%m})" for v, u, d in zip(latest["value"], latest["unit"], latest["as_of"], strict=True)],
        )[["indicator_id", "indicator_zh", "indicator_en", "region", "value", "qualifier", "as_of", "doc_id", "years_apart", "label", "obs_id"]]
        .sort_values(["indicator_id", "as_of"], ignore_index=True)
    )  # fmt: skip


DENOMINATOR_COLUMNS = [
    "obs_id", "indicator_id", "indicator_en", "numerator_id", "region", "as_of", "doc_id",
    "count", "count_qualifier", "rate", "rate_qualifier", "denominator", "denominator_low",
    "denominator_high", "count_mention", "mention", "count_obs_id",
]  # fmt: skip


def implied_denominators(indicators: pd.DataFrame) -> pd.DataFrame:
    """Where an article gives a count and its rate, the population the rate implies.

    The catalog's ``numerator_id`` (carried into the indicator table) says which count
    indicator is the numerator of a rate; both must come from one article, region and date.
    ``denominator`` is count / (rate / whole), the whole of the rate's base (100 for percent,
    1,000 for ‰, 100,000 for /10万); ``denominator_low`` and
    ``denominator_high`` are the whole numbers that, with the count as printed
    (a rounded 万 figure is rounded to its last digit), reproduce the rate as printed.
    """
    actual = indicators[indicators["status"] == "actual"].astype(
        {"indicator_id": str, "doc_id": str, "region": str}
    )
    key = ["doc_id", "region", "as_of"]
    rate_rows = actual[actual["numerator_id"].fillna("") != ""]
    counts = actual.drop(columns="numerator_id").rename(columns={
        "indicator_id": "numerator_id", "value": "count", "qualifier": "count_qualifier",
        "mention": "count_mention", "unit": "count_unit", "obs_id": "count_obs_id",
    })[[*key, "numerator_id", "count", "count_qualifier", "count_mention", "count_unit", "count_obs_id"]]  # fmt: skip
    merged = rate_rows.merge(counts, on=[*key, "numerator_id"], how="inner")
    if merged.empty:
        return pd.DataFrame(columns=DENOMINATOR_COLUMNS)
    whole = merged["unit"].astype(str).map(RATE_SCALE).fillna(100).astype(float)
    bounds = [
        denominator_bounds(c, cm, r, m, q, rq, w)
        for c, cm, r, m, q, rq, w in zip(
            merged["count"],
            merged["count_mention"],
            merged["value"],
            merged["mention"],
            merged["count_qualifier"],
            merged["qualifier"],
            whole,
            strict=True,
        )
    ]
    return merged.assign(
        rate=merged["value"],
        rate_qualifier=merged["qualifier"],
        denominator=(merged["count"] / (merged["value"] / whole)).round(0),
        denominator_low=[b[0] for b in bounds],
        denominator_high=[b[1] for b in bounds],
    )[DENOMINATOR_COLUMNS]


def denominator_bounds(
    count: float,
    count_mention: str,
    rate: float,
    rate_mention: str,
    count_qualifier: str = "exact",
    rate_qualifier: str = "exact",
    whole: float = 100.0,
) -> tuple[float, float]:
    """Smallest and largest whole population consistent with the count and the rate as printed.

    Each figure is an interval: its printed precision (93.07% is 93.065 to 93.075; 12.7万 is
    126,500 to 127,500) or its bound (7.8万余人 is at least 78,000; 超过45% at least 45%).
    ``whole`` is the whole of the rate's base: 100 for percent, 1,000 for ‰, 100,000 for /10万.

    >>> denominator_bounds(149, "149家", 99.33, "99.33%")
    (150.0, 150.0)
    >>> denominator_bounds(20, "20家", 19, "19%")
    (103.0, 108.0)
    >>> denominator_bounds(78_000, "7.8万余人", 75.92, "75.92%", "more_than")
    (102733.0, inf)
    >>> denominator_bounds(12, "12例", 3.1, "3.1‰", whole=1000)
    (3810.0, 3934.0)
    """
    half_rate = printed_step(rate_mention) / 2
    half_count = printed_step(count_mention) / 2
    count_low, count_high = count - half_count, count + half_count
    if count_qualifier in LOWER_BOUNDS:
        count_low, count_high = count, math.inf
    elif count_qualifier in UPPER_BOUNDS:
        count_low, count_high = 0.0, count
    rate_low, rate_high = rate - half_rate, rate + half_rate
    if rate_qualifier in LOWER_BOUNDS:
        rate_low, rate_high = rate, whole
    elif rate_qualifier in UPPER_BOUNDS:
        rate_low, rate_high = 0.0, rate
    low = math.ceil(count_low / (rate_high / whole)) if rate_high > 0 else math.inf
    high = (
        math.floor(count_high / (rate_low / whole))
        if rate_low > 0 and count_high < math.inf
        else math.inf
    )
    return float(low), float(high)
