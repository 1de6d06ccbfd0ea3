"""Rules on one series at a time: counts that fall, reports that disagree, rates out of range,
rates and counts without a common denominator, and jumps far outside a series' pace."""

from __future__ import annotations

import numpy as np
import pandas as pd

from zibo_analysis.coverage import LOWER_BOUNDS, implied_denominators
from zibo_analysis.growth import DAYS_PER_MONTH, days_between, level_words
from zibo_analysis.growth.spans import unlike_all
from zibo_analysis.quality.common import flag, in_time_order, pairs, records
from zibo_analysis.quality.words import ENGLISH, Say
from zibo_analysis.quantities import RATE_SCALE

JUMP_FACTOR = 3.0  # an interval's pace this many times the rest of the series' pace is a jump
JUMP_MIN_SHARE = 0.05  # ... and it moved the level by at least this share


def count_went_down(actual: pd.DataFrame, say: Say = ENGLISH) -> list[dict]:
    """A cumulative count (error) or a stock (check) lower in a later report."""
    rows, groups = in_time_order(actual, ("cumulative", "stock"))
    before, after = pairs(groups)
    dates, value = rows["as_of"].to_numpy(), rows["value"].to_numpy(float)
    fell = (dates[after] > dates[before]) & (value[after] < value[before])
    flags = []
    for b, a in zip(records(rows.iloc[before[fell]]), records(rows.iloc[after[fell]]), strict=True):
        cumulative = b["kind"] == "cumulative"
        why = say.word("cumulative_fell" if cumulative else "stock_fell")
        bound = say.word("still_below") if a["qualifier"] in LOWER_BOUNDS else ""
        detail = say.pair(
            "count_went_down",
            b,
            a,
            why=why,
            bound=bound,
            quote_before=b["quote"],
            quote_after=a["quote"],
        )
        flags.append(flag([b, a], "count_went_down", "error" if cumulative else "check", detail))
    return flags


def reports_disagree(actual: pd.DataFrame, say: Say = ENGLISH) -> list[dict]:
    """Two articles give one indicator, region and period different values (error); a flow
    over January–December and one over December alone end on one day and do not disagree."""
    key = [
        "indicator_id",
        "region",
        "as_of",
        *(["period_start"] if "period_start" in actual else []),
    ]
    rows = actual.sort_values([*key, "published"], na_position="last").reset_index(drop=True)
    codes = [
        pd.factorize(rows[c], use_na_sentinel=False)[0] for c in key
    ]  # a missing key is one value
    first = np.maximum.accumulate(np.where(_starts(*codes), np.arange(len(rows)), 0))
    value, doc = rows["value"].to_numpy(float), rows["doc_id"].astype(str).to_numpy()
    other = (value != value[first]) & (doc != doc[first])
    flags = []
    for f, o in zip(records(rows.iloc[first[other]]), records(rows[other]), strict=True):
        detail = say(
            "reports_disagree",
            name=say.name(f),
            region=say.region(f["region"]),
            date=f"{f['as_of']:%Y-%m-%d}",
            first=f["mention"],
            first_doc=f["doc_id"],
            other=o["mention"],
            other_doc=o["doc_id"],
        )
        flags.append(flag([f, o], "reports_disagree", "error", detail))
    return flags


def _starts(*codes: np.ndarray) -> np.ndarray:
    """Where a new group starts in rows sorted by these codes."""
    n = len(codes[0]) if codes else 0
    new = np.zeros(n, dtype=bool)
    if n:
        new[0] = True
        for c in codes:
            new[1:] |= c[1:] != c[:-1]
    return new


def rate_out_of_range(actual: pd.DataFrame, say: Say = ENGLISH) -> list[dict]:
    """A rate below 0 or above the whole of its base: 100 for percent, 1,000 for ‰, 100,000
    for /10万 (error). A rate in a base of its own is read in that base, never as percent."""
    rates = actual[actual["kind"] == "rate"]
    whole = rates["unit"].astype(str).map(RATE_SCALE).fillna(100)
    bad = rates[~rates["value"].between(0, whole)]
    return [
        flag(
            [row],
            "rate_out_of_range",
            "error",
            say(
                "rate_out_of_range",
                name=say.name(row),
                region=say.region(row["region"]),
                figure=say.figure(row),
                unit=say.value(row["unit"]) if say.lang == "zh" else row["unit"],
                whole=RATE_SCALE.get(str(row["unit"]), 100),
            ),
        )
        for row in records(bad)
    ]


def denominator_mismatch(indicators: pd.DataFrame, say: Say = ENGLISH) -> list[dict]:
    """A rate and its count in one article that no whole population reproduces (error)."""
    if "numerator_id" not in indicators.columns:
        return []
    found = implied_denominators(indicators)
    if found.empty:
        return []
    rates = indicators.drop_duplicates("obs_id").set_index(
        indicators.drop_duplicates("obs_id")["obs_id"].astype(str)
    )
    rate = rates.loc[found["obs_id"].astype(str).to_numpy()]
    whole = rate["unit"].astype(str).map(RATE_SCALE).fillna(100).to_numpy(float)
    empty = (found["denominator_low"] > found["denominator_high"]).to_numpy()
    fewer = ~empty & (
        (found["rate"].to_numpy(float) > whole) | (found["denominator"] < found["count"]).to_numpy()
    )
    flags = []
    for pair, row, none in zip(
        records(found[empty | fewer]),
        records(rate[empty | fewer]),
        empty[empty | fewer],
        strict=True,
    ):
        if none:
            problem = say(
                "no_population",
                rate=pair["mention"],
                count=pair["count_mention"],
                low=pair["denominator_low"],
                high=pair["denominator_high"],
            )
        else:
            problem = say("fewer_than_counted", count=pair["count_mention"], rate=pair["mention"])
        detail = say(
            "denominator_mismatch",
            name=say.name(row),
            region=say.region(row["region"]),
            problem=problem,
        )
        flags.append(flag([row], "denominator_mismatch", "error", detail))
    return flags


def jumps(
    actual: pd.DataFrame, say: Say = ENGLISH, implied: pd.DataFrame | None = None
) -> list[dict]:
    """One interval far faster than the rest of its series (check). A flow over periods of
    different length is no series to judge a pace by (see `growth.spans`): it is skipped, and
    the growth page says why its figures are not compared. A jump the later article states
    itself (95.5亿人次，比上年增加11.3亿人次: ``implied``, `growth.implied_levels`, gives the
    earlier figure within its printed precision) is no typo, and is not flagged."""
    rows, groups = in_time_order(actual)
    judged = (groups.sizes >= 3) & ~unlike_all(rows, groups)
    inside, groups = groups.subset(judged)
    rows = rows[inside].reset_index(drop=True)
    # one report a date: the later one
    dates = rows["as_of"].to_numpy()
    last_of_date = np.r_[(groups.group[1:] != groups.group[:-1]) | (dates[1:] != dates[:-1]), True][
        : len(rows)
    ]
    groups, rows = groups.rows(last_of_date), rows[last_of_date].reset_index(drop=True)
    inside, groups = groups.subset(groups.sizes >= 3)
    rows = rows[inside].reset_index(drop=True)
    before, after = pairs(groups)
    dates, value = rows["as_of"].to_numpy(), rows["value"].to_numpy(float)
    first, last = groups.spread(groups.starts)[before], groups.spread(groups.ends)[before]
    months = days_between(dates[before], dates[after]) / DAYS_PER_MONTH
    rest_months = days_between(dates[first], dates[last]) / DAYS_PER_MONTH - months
    step = value[after] - value[before]
    rest_change = (value[last] - value[first]) - step
    with np.errstate(divide="ignore", invalid="ignore"):
        pace, rest_pace = step / months, rest_change / rest_months
        share = np.abs(step) / np.maximum(np.abs(value[before]), 1e-9)
        times = np.abs(pace) / np.maximum(np.abs(rest_pace), 1e-9)
    fast = np.abs(pace) > JUMP_FACTOR * np.maximum(np.abs(rest_pace), 1e-9)
    jump = (months > 0) & (rest_months > 0) & (share >= JUMP_MIN_SHARE) & fast
    if implied is not None and len(implied) and jump.any():
        jump &= ~_stated(rows.iloc[before], rows.iloc[after], implied)
    flags = []
    for b, a, p, r, t in zip(
        records(rows.iloc[before[jump]]),
        records(rows.iloc[after[jump]]),
        pace[jump],
        rest_pace[jump],
        times[jump],
        strict=True,
    ):
        detail = say.pair(
            "jump",
            b,
            a,
            pace=level_words(p, signed=True),
            rest=level_words(r, signed=True),
            times=t,
        )
        flags.append(flag([b, a], "jump", "check", detail))
    return flags


def _stated(before: pd.DataFrame, after: pd.DataFrame, implied: pd.DataFrame) -> np.ndarray:
    """Whether the article of each later figure states the change from the earlier one: a
    level it implies (`growth.implied_levels`) for the earlier figure's date holds it."""
    keys = implied.assign(
        level_obs_id=implied["level_obs_id"].astype(str), as_of=pd.to_datetime(implied["as_of"])
    )
    pairs_ = pd.DataFrame(
        {
            "level_obs_id": after["obs_id"].astype(str).to_numpy(),
            "as_of": pd.to_datetime(before["as_of"]).to_numpy(),
            "earlier": before["value"].to_numpy(float),
            "n": np.arange(len(before)),
        }
    )
    found = pairs_.merge(
        keys[["level_obs_id", "as_of", "low", "high"]], on=["level_obs_id", "as_of"]
    )
    held = found[(found["low"] <= found["earlier"]) & (found["earlier"] <= found["high"])]
    stated = np.zeros(len(before), dtype=bool)
    stated[held["n"].to_numpy(int)] = True
    return stated
