"""Coverage: rates against their targets, across regions, and the denominators they imply.

>>> from zibo_analysis.dataset import load_indicators
>>> table = coverage_table(load_indicators())
>>> table.loc[table.indicator_id == "rural_two_cancer_screening_coverage", "value"].max()
np.float64(93.07)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zibo_analysis.quantities import RATE_SCALE, printed_step
from zibo_analysis.vectors import exact_round, fill, group_starts, objects, records_frame
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
CAPS = ("at_most", "less_than")  # a target that holds at every date up to its own (控制在4%以内)

COVERAGE_COLUMNS = [
    "indicator_id",
    "indicator_zh",
    "indicator_en",
    "topic",
    "region",
    "as_of",
    "doc_id",
    "value",
    "qualifier",
    "target",
    "target_qualifier",
    "target_as_of",
    "target_region",
    "target_doc_id",
    "target_source",
    "gap_pp",
    "verdict",
    "higher_is_better",
    "quote",
    "obs_id",
    "target_obs_id",
    "unit",
]
# How each base is written after a figure: 93.07%, 4.5‰, 15.1/10万.
RATE_SYMBOL = {"percent": "%", "per_mille": "‰", "per_100k": "/10万"}
# What a row of the coverage table takes from the observation, and from its target.
_OBSERVED = ["indicator_id", "indicator_zh", "indicator_en", "topic", "region", "as_of", "doc_id"]
_OBSERVED += ["value", "qualifier", "higher_is_better", "quote", "obs_id", "unit"]
_FROM_TARGET = {
    "target": "value",
    "target_qualifier": "qualifier",
    "target_as_of": "as_of",
    "target_region": "region",
    "target_doc_id": "doc_id",
    "target_obs_id": "obs_id",
    "target_source": "target_source",
}


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
    met, not met, not yet due (a goal due after the figure, not reached yet; a cap is
    judged at every date), uncertain (a bound on the wrong side of the target) or no target.
    Targets that have no actual observation yet get a row with an empty value.
    ``target_source`` says where a target comes from (a derived one in words, in ``lang``).

    Vectorised: each observation is merged with the targets of its indicator, base and
    region, then of the region above it, one level of the region tree at a time.
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
    actual, targets = actual.reset_index(drop=True), targets.reset_index(drop=True)
    chosen = _applicable_targets(actual, targets, _parents(regions))
    has = chosen >= 0
    columns = {c: objects(actual, c) for c in _OBSERVED}
    for column, source in _FROM_TARGET.items():
        picked = np.full(len(actual), np.nan if column == "target" else None, dtype=object)
        picked[has] = objects(targets, source)[chosen[has]]
        columns[column] = picked
    columns["target_as_of"] = np.where(has, columns["target_as_of"], pd.NaT)
    target_value = pd.to_numeric(pd.Series(columns["target"]), errors="coerce").to_numpy(float)
    value = actual["value"].to_numpy(float)
    columns["target"] = np.where(has, target_value, np.nan)
    columns["gap_pp"] = np.where(has, exact_round(value - target_value, 10), np.nan)
    judged = verdicts(value, actual["qualifier"], target_value, actual["higher_is_better"])
    # a goal to reach by a later date, not reached yet, is not yet due; a cap (at most, less
    # than) holds at every date before its own
    due_later = has & (
        pd.DatetimeIndex(columns["target_as_of"]) > pd.DatetimeIndex(actual["as_of"])
    )
    cap = np.isin(columns["target_qualifier"].astype(str), CAPS)
    judged = np.where(due_later & ~cap & (judged == "not met"), "not yet due", judged)
    columns["verdict"] = np.where(has, judged, "no target").astype(object)
    # a target no observation was judged by gets a row of its own, with an empty value
    unused = targets[~_target_keys(targets).isin(_target_keys(targets.iloc[chosen[has]]))]
    alone = {c: [] for c in COVERAGE_COLUMNS} if unused.empty else _target_only(unused)
    both = {c: [*_listed(columns[c]), *_listed(alone[c])] for c in COVERAGE_COLUMNS}
    table = records_frame(both, COVERAGE_COLUMNS)
    return table.sort_values(["topic", "indicator_id", "region", "as_of"], ignore_index=True)


def _listed(values) -> list:
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def _target_keys(targets: pd.DataFrame) -> pd.MultiIndex:
    """(indicator, region, date) of each target: what says that an observation used it."""
    when = targets["as_of"].to_numpy("datetime64[ns]").view("i8")  # NaT is one value here
    return pd.MultiIndex.from_arrays(
        [
            targets["indicator_id"].astype(str).to_numpy(),
            targets["region"].astype(str).to_numpy(),
            when,
        ]
    )


def _target_only(targets: pd.DataFrame) -> dict:
    """The columns of the rows for targets no observation has reached yet."""
    n = len(targets)
    return {
        "indicator_id": objects(targets, "indicator_id"),
        "indicator_zh": objects(targets, "indicator_zh"),
        "indicator_en": objects(targets, "indicator_en"),
        "topic": objects(targets, "topic"),
        "region": objects(targets, "region"),
        "as_of": [pd.NaT] * n,
        "doc_id": [None] * n,
        "value": [np.nan] * n,
        "qualifier": [None] * n,
        "target": objects(targets, "value"),
        "target_qualifier": objects(targets, "qualifier"),
        "target_as_of": objects(targets, "as_of"),
        "target_region": objects(targets, "region"),
        "target_doc_id": objects(targets, "doc_id"),
        "target_source": objects(targets, "target_source"),
        "gap_pp": [np.nan] * n,
        "verdict": ["no actual yet"] * n,
        "higher_is_better": objects(targets, "higher_is_better"),
        "quote": objects(targets, "quote"),
        "obs_id": [None] * n,
        "target_obs_id": objects(targets, "obs_id"),
        "unit": objects(targets, "unit"),
    }


def _applicable_targets(
    actual: pd.DataFrame, targets: pd.DataFrame, parents: dict[str, str]
) -> np.ndarray:
    """For each observation, the position in ``targets`` of the target that judges it, or -1.

    A target judges only figures reported after it was set, or in the same article for the
    same year (城镇登记失业率2.43%，保持在4%以内; not last year's result by this year's
    cap), and only in its own base (a share in ‰ is never judged by a target in %). The region's own
    targets come first; where it has none, those of the region above it, and so on.
    """
    chosen = np.full(len(actual), -1)
    if actual.empty or targets.empty:
        return chosen
    key = ["indicator_id", "unit", "region"]
    right = pd.DataFrame({c: targets[c].astype(str) for c in [*key, "doc_id"]}).assign(
        t=np.arange(len(targets)),
        t_as_of=targets["as_of"].to_numpy(),
        published=targets["published"].to_numpy(),
    )
    left = pd.DataFrame({c: actual[c].astype(str) for c in [*key, "doc_id"]}).assign(
        o=np.arange(len(actual)), as_of=actual["as_of"].to_numpy()
    )
    for _ in range(len(parents) + 1):  # one level of the region tree at a time
        if left.empty:
            break
        pairs = left.merge(right, on=key, suffixes=("", "_t"))
        same_year = pd.DatetimeIndex(pairs["t_as_of"]).year == pd.DatetimeIndex(pairs["as_of"]).year
        pairs = pairs[
            (pairs["published"] <= pairs["as_of"])
            | ((pairs["doc_id"] == pairs["doc_id_t"]) & same_year)
        ]
        if len(pairs):
            due = (pairs["t_as_of"] >= pairs["as_of"]).to_numpy()
            when = pairs["t_as_of"].to_numpy("datetime64[ns]").view("i8").copy()
            when[pd.isna(pairs["t_as_of"]).to_numpy()] = np.iinfo("i8").max  # NaT sorts last
            t = pairs["t"].to_numpy()
            # the first due on or after the observation, else the latest (ties: in order given)
            order = np.lexsort(
                (np.where(due, t, -t), np.where(due, when, -when), ~due, pairs["o"].to_numpy())
            )
            first = order[group_starts(pairs["o"].to_numpy()[order])]
            chosen[pairs["o"].to_numpy()[first]] = t[first]
        left = left[chosen[left["o"].to_numpy()] < 0]
        left = left.assign(region=left["region"].map(parents)).dropna(subset=["region"])
        left = left[left["region"] != ""]
    return chosen


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
    key = ["doc_id", "region", "as_of"]
    left = pd.DataFrame(
        {"indicator_id": gaps["gap_of"].astype(str).to_numpy(), "g": np.arange(len(gaps))}
    )
    left = left.assign(**{c: _key_column(gaps[c]) for c in key}).dropna(subset=["as_of"])
    right = pd.DataFrame(
        {
            "indicator_id": actual_rates["indicator_id"].astype(str).to_numpy(),
            "r": np.arange(len(actual_rates)),
        }
    )
    right = right.assign(**{c: _key_column(actual_rates[c]) for c in key})
    pairs = left.merge(right, on=["indicator_id", *key]).sort_values(["g", "r"])
    gap, rate = gaps.iloc[pairs["g"].to_numpy()], actual_rates.iloc[pairs["r"].to_numpy()]
    columns = {c: objects(rate, c) for c in actual_rates.columns}
    sign = np.where(
        gap["gap_direction"].astype(object).to_numpy() == "below", 1, -1
    )  # 低于: the gap may be signed
    stated = gap["gap_direction"].astype(object)
    direction = stated.map(w).where(stated.isin(list(w)), stated)
    columns.update(
        status="target",
        value=exact_round(
            rate["value"].to_numpy(float) + sign * np.abs(gap["value"].to_numpy(float)), 10
        ),
        qualifier=objects(gap, "qualifier"),
        quote=objects(gap, "quote"),
        obs_id=objects(gap, "obs_id"),
        target_source=fill(
            w["derived"],
            rate=objects(rate, "mention"),
            gap=objects(gap, "mention"),
            direction=direction,
        ),
    )
    return records_frame(columns, [*actual_rates.columns, "target_source"])


def _key_column(column: pd.Series) -> np.ndarray:
    """A column to merge on: text for ids (categories of two tables need not agree), dates as they are."""
    return column.to_numpy() if column.dtype.kind == "M" else column.astype(str).to_numpy()


def _parents(regions: pd.DataFrame | None) -> dict[str, str]:
    if regions is None:
        return {}
    return {r: p for r, p in zip(regions["region_id"], regions["parent_id"], strict=True) if p}


def truth_ranges(values, qualifiers) -> tuple[np.ndarray, np.ndarray]:
    """Where each true figure lies (low, high), read from how it is printed.

    余/多/超过/以上 put it at or above the value, 近/不到/以内 at or below it, 约/左右
    within ten percent of it (a convention, not a rule of the language). A bound on a
    decrease bounds its size: 减少3900余人 (-3900, more than) is -3900 or below.

    >>> low, high = truth_ranges([76, 80, 50, -3900], ["more_than", "nearly", "about", "more_than"])
    >>> low.tolist(), high.tolist()
    ([76.0, -inf, 45.0, -inf], [inf, 80.0, 55.0, -3900.0])
    """
    value = np.asarray(values, dtype=float)
    qualifier = np.asarray(qualifiers, dtype=object)  # a categorical column gives its values
    lower, upper = np.isin(qualifier, LOWER_BOUNDS), np.isin(qualifier, UPPER_BOUNDS)
    about, negative = qualifier == "about", value < 0
    above = (lower & ~negative) | (upper & negative)  # the truth is the value or more
    below = (upper & ~negative) | (lower & negative)  # the value or less
    margin = np.abs(value) / 10
    low = np.where(above, value, np.where(below, -np.inf, np.where(about, value - margin, value)))
    high = np.where(above, np.inf, np.where(below, value, np.where(about, value + margin, value)))
    return low, high


def truth_range(value: float, qualifier: str | None) -> tuple[float, float]:
    """`truth_ranges` of one figure.

    >>> truth_range(76, "more_than"), truth_range(80, "nearly"), truth_range(50, "about")
    ((76.0, inf), (-inf, 80.0), (45.0, 55.0))
    >>> truth_range(-3900, "more_than")
    (-inf, -3900.0)
    """
    low, high = truth_ranges([value], [qualifier])
    return float(low[0]), float(high[0])


def printed_steps(mentions) -> np.ndarray:
    """`quantities.printed_step` of each mention, each distinct mention read once."""
    text = np.asarray(mentions, dtype=object)
    if len(text) <= 8:
        return np.array([printed_step(str(m)) for m in text.tolist()], dtype=float)
    text = pd.Series(text).astype(str)
    distinct = text.unique()
    steps = dict(zip(distinct, (printed_step(m) for m in distinct), strict=True))
    return text.map(steps).to_numpy(float)


def printed_intervals(values, mentions, qualifiers) -> tuple[np.ndarray, np.ndarray]:
    """Where each printed figure's true value lies: its bound (余, 近, 以上) or, printed without
    one, half its last printed digit either side (`quantities.printed_step`)."""
    low, high = truth_ranges(values, qualifiers)
    exact = np.asarray(qualifiers, dtype=object) == "exact"
    half = np.zeros(len(low))
    if exact.any():
        half[exact] = printed_steps(np.asarray(mentions, dtype=object)[exact]) / 2
    return low - half, high + half


def printed_interval(value: float, mention: str, qualifier: str) -> tuple[float, float]:
    """`printed_intervals` of one figure.

    >>> printed_interval(128_000, "12.8万人次", "exact"), printed_interval(3900, "3900余人次", "more_than")
    ((127500.0, 128500.0), (3900.0, inf))
    """
    low, high = printed_intervals([value], [mention], [qualifier])
    return float(low[0]), float(high[0])


def verdicts(values, qualifiers, targets, higher_is_better) -> np.ndarray:
    """met, not met or uncertain for each figure against its target, reading a bound as a
    bound; ``higher_is_better`` missing counts as higher is better."""
    low, high = truth_ranges(values, qualifiers)
    target = np.asarray(targets, dtype=float)
    stated = np.asarray(higher_is_better, dtype=object)
    higher = np.where(pd.isna(stated), True, stated).astype(bool)  # missing: higher is better
    met = np.where(higher, low >= target, high <= target)
    not_met = np.where(higher, high < target, low > target)
    return np.select([met, not_met], ["met", "not met"], "uncertain").astype(object)


def verdict(value: float, qualifier: str, target: float, higher_is_better) -> str:
    """met, not met or uncertain, reading a bound as a bound (`verdicts` of one figure).

    >>> verdict(19, "exact", 15, True), verdict(3.2, "exact", 4.5, False)
    ('met', 'met')
    >>> verdict(80, "nearly", 80, True), verdict(85, "at_most", 80, True)  # may fall short
    ('uncertain', 'uncertain')
    """
    return str(verdicts([value], [qualifier], [target], [higher_is_better])[0])


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
    return latest.assign(
        years_apart=(span_days.astype(float) / 365.25).round(1),
        label=fill(
            "{v:g}{u} ({d:%Y-%m})",
            v=latest["value"],
            u=latest["unit"].astype(object).map(lambda u: RATE_SYMBOL.get(u, u)),
            d=latest["as_of"],
        ),
    )[
        [
            "indicator_id",
            "indicator_zh",
            "indicator_en",
            "region",
            "value",
            "qualifier",
            "as_of",
            "doc_id",
            "years_apart",
            "label",
            "obs_id",
        ]
    ].sort_values(["indicator_id", "as_of"], ignore_index=True)


DENOMINATOR_COLUMNS = [
    "obs_id",
    "indicator_id",
    "indicator_en",
    "numerator_id",
    "region",
    "as_of",
    "doc_id",
    "count",
    "count_qualifier",
    "rate",
    "rate_qualifier",
    "denominator",
    "denominator_low",
    "denominator_high",
    "count_mention",
    "mention",
    "count_obs_id",
]


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
    counts = actual.drop(columns="numerator_id").rename(
        columns={
            "indicator_id": "numerator_id",
            "value": "count",
            "qualifier": "count_qualifier",
            "mention": "count_mention",
            "unit": "count_unit",
            "obs_id": "count_obs_id",
        }
    )[
        [
            *key,
            "numerator_id",
            "count",
            "count_qualifier",
            "count_mention",
            "count_unit",
            "count_obs_id",
        ]
    ]
    merged = rate_rows.merge(counts, on=[*key, "numerator_id"], how="inner")
    if merged.empty:
        return pd.DataFrame(columns=DENOMINATOR_COLUMNS)
    whole = merged["unit"].astype(str).map(RATE_SCALE).fillna(100).astype(float).to_numpy()
    low, high = denominator_ranges(
        merged["count"],
        merged["count_mention"],
        merged["value"],
        merged["mention"],
        merged["count_qualifier"],
        merged["qualifier"],
        whole,
    )
    return merged.assign(
        rate=merged["value"],
        rate_qualifier=merged["qualifier"],
        denominator=(merged["count"] / (merged["value"] / whole)).round(0),
        denominator_low=low,
        denominator_high=high,
    )[DENOMINATOR_COLUMNS]


def denominator_ranges(
    counts, count_mentions, rates, rate_mentions, count_qualifiers, rate_qualifiers, wholes
) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest whole population consistent with each count and rate as printed.

    Each figure is an interval: its printed precision (93.07% is 93.065 to 93.075; 12.7万 is
    126,500 to 127,500) or its bound (7.8万余人 is at least 78,000; 超过45% at least 45%).
    ``wholes`` is the whole of each rate's base: 100 for percent, 1,000 for ‰, 100,000 for /10万.
    """
    count, rate = np.asarray(counts, dtype=float), np.asarray(rates, dtype=float)
    whole = np.broadcast_to(np.asarray(wholes, dtype=float), count.shape)
    count_q = pd.Series(count_qualifiers, dtype=object).to_numpy()
    rate_q = pd.Series(rate_qualifiers, dtype=object).to_numpy()
    half_count, half_rate = printed_steps(count_mentions) / 2, printed_steps(rate_mentions) / 2
    count_low, count_high = count - half_count, count + half_count
    at_least, at_most = np.isin(count_q, LOWER_BOUNDS), np.isin(count_q, UPPER_BOUNDS)
    count_low = np.where(at_least, count, np.where(at_most, 0.0, count_low))
    count_high = np.where(at_least, np.inf, np.where(at_most, count, count_high))
    rate_low, rate_high = rate - half_rate, rate + half_rate
    at_least, at_most = np.isin(rate_q, LOWER_BOUNDS), np.isin(rate_q, UPPER_BOUNDS)
    rate_low = np.where(at_least, rate, np.where(at_most, 0.0, rate_low))
    rate_high = np.where(at_least, whole, np.where(at_most, rate, rate_high))
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.where(rate_high > 0, np.ceil(count_low / (rate_high / whole)), np.inf)
        high = np.where(
            (rate_low > 0) & (count_high < np.inf),
            np.floor(count_high / (rate_low / whole)),
            np.inf,
        )
    return low.astype(float), high.astype(float)


def denominator_bounds(
    count: float,
    count_mention: str,
    rate: float,
    rate_mention: str,
    count_qualifier: str = "exact",
    rate_qualifier: str = "exact",
    whole: float = 100.0,
) -> tuple[float, float]:
    """`denominator_ranges` of one count and its rate (``whole``: 100 for percent, 1,000
    for ‰, 100,000 for /10万).

    >>> denominator_bounds(149, "149家", 99.33, "99.33%")
    (150.0, 150.0)
    >>> denominator_bounds(20, "20家", 19, "19%")
    (103.0, 108.0)
    >>> denominator_bounds(78_000, "7.8万余人", 75.92, "75.92%", "more_than")
    (102733.0, inf)
    >>> denominator_bounds(12, "12例", 3.1, "3.1‰", whole=1000)
    (3810.0, 3934.0)
    """
    low, high = denominator_ranges(
        [count],
        [count_mention],
        [rate],
        [rate_mention],
        [count_qualifier],
        [rate_qualifier],
        [whole],
    )
    return float(low[0]), float(high[0])
