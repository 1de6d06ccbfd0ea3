"""Rules on one series at a time: counts that fall, reports that disagree, rates out of range,
rates and counts without a common denominator, and jumps far outside a series' pace."""

from __future__ import annotations

import pandas as pd

from zibo_analysis.coverage import LOWER_BOUNDS, implied_denominators
from zibo_analysis.growth import months_between, unlike_spans
from zibo_analysis.quality.common import flag, fmt, name, records, series
from zibo_analysis.quantities import RATE_SCALE

JUMP_FACTOR = 3.0  # an interval's pace this many times the rest of the series' pace is a jump
JUMP_MIN_SHARE = 0.05  # ... and it moved the level by at least this share


def count_went_down(actual: pd.DataFrame) -> list[dict]:
    """A cumulative count (error) or a stock (check) lower in a later report."""
    flags = []
    for part in series(actual, ("cumulative", "stock")):
        rows = records(part)
        for before, after in zip(rows, rows[1:], strict=False):
            if after["as_of"] <= before["as_of"] or after["value"] >= before["value"]:
                continue
            cumulative = before["kind"] == "cumulative"
            why = ("a running total cannot fall, so the two reports count different things "
                   "or one of them is wrong" if cumulative else
                   "a stock can fall (closures, mergers), but check whether the two reports use the same scope")  # fmt: skip
            bound = (
                " The later figure is a lower bound (余/多/以上), yet still below the earlier one."
                if after["qualifier"] in LOWER_BOUNDS
                else ""
            )
            flags.append(flag([before, after], "count_went_down", "error" if cumulative else "check",
                f"{name(before)} in {before['region']} went down from {fmt(before)} to {fmt(after)}: "
                f"{why}.{bound} Compare the quotes: 「{before['quote']}」 and 「{after['quote']}」."))  # fmt: skip
    return flags


def reports_disagree(actual: pd.DataFrame) -> list[dict]:
    """Two articles give one indicator, region and period different values (error); a flow
    over January–December and one over December alone end on one day and do not disagree."""
    flags = []
    key = [
        "indicator_id",
        "region",
        "as_of",
        *(["period_start"] if "period_start" in actual else []),
    ]
    for _, group in actual.groupby(key, observed=True, dropna=False):
        if group["doc_id"].nunique() < 2 or group["value"].nunique() < 2:
            continue
        rows = records(group.sort_values("published"))
        first = rows[0]
        for other in rows[1:]:
            if other["value"] != first["value"] and other["doc_id"] != first["doc_id"]:
                flags.append(flag([first, other], "reports_disagree", "error",
                    f"{name(first)} in {first['region']} on {first['as_of']:%Y-%m-%d} is {first['mention']} "
                    f"in {first['doc_id']} but {other['mention']} in {other['doc_id']}: two reports of one "
                    "figure disagree; keep both and check which scope each counts."))  # fmt: skip
    return flags


def rate_out_of_range(actual: pd.DataFrame) -> list[dict]:
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
            f"{name(row)} in {row['region']} is {fmt(row)}, but a rate in {row['unit']} must lie between 0 "
            f"and {RATE_SCALE.get(str(row['unit']), 100):,}: a growth figure (增长…%) belongs to an indicator of kind change.",
        )  # fmt: skip
        for row in records(bad)
    ]


def denominator_mismatch(indicators: pd.DataFrame) -> list[dict]:
    """A rate and its count in one article that no whole population reproduces (error)."""
    if "numerator_id" not in indicators.columns:
        return []
    flags = []
    for _, pair in implied_denominators(indicators).iterrows():
        rate = indicators[(indicators["obs_id"] == pair["obs_id"])].iloc[0]
        if pair["denominator_low"] > pair["denominator_high"]:
            problem = (f"no whole population gives {pair['mention']} from {pair['count_mention']} "
                       f"(it would need between {pair['denominator_low']:.0f} and {pair['denominator_high']:.0f})")  # fmt: skip
        elif (
            pair["rate"] > RATE_SCALE.get(str(rate["unit"]), 100)
            or pair["denominator"] < pair["count"]
        ):
            problem = f"{pair['count_mention']} at {pair['mention']} implies fewer people than were counted"
        else:
            continue
        flags.append(flag([rate], "denominator_mismatch", "error",
            f"{name(rate)} in {rate['region']}: {problem}; the rate and the count beside it cannot share "
            "a denominator, so one of them counts another population or is misprinted."))  # fmt: skip
    return flags


def jumps(actual: pd.DataFrame) -> list[dict]:
    """One interval far faster than the rest of its series (check). A flow over periods of
    different length is no series to judge a pace by (see `growth.spans`): it is skipped, and
    the growth page says why its figures are not compared."""
    flags = []
    for part in series(actual):
        if len(part) < 3 or unlike_spans(part):
            continue
        part = part.drop_duplicates("as_of", keep="last")
        if len(part) < 3:
            continue
        rows = records(part)
        for before, after in zip(rows, rows[1:], strict=False):
            months = months_between(before["as_of"], after["as_of"])
            rest_months = months_between(rows[0]["as_of"], rows[-1]["as_of"]) - months
            rest_change = (rows[-1]["value"] - rows[0]["value"]) - (
                after["value"] - before["value"]
            )
            if months <= 0 or rest_months <= 0:
                continue
            pace, rest_pace = (after["value"] - before["value"]) / months, rest_change / rest_months
            share = abs(after["value"] - before["value"]) / max(abs(before["value"]), 1e-9)
            if share >= JUMP_MIN_SHARE and abs(pace) > JUMP_FACTOR * max(abs(rest_pace), 1e-9):
                flags.append(flag([before, after], "jump", "check",
                    f"{name(before)} in {before['region']} moved from {fmt(before)} to {fmt(after)}, "
                    f"{pace:+.3g} a month against {rest_pace:+.3g} a month over the rest of the series "
                    f"({abs(pace) / max(abs(rest_pace), 1e-9):.1f} times): check for a change of scope or a typo."))  # fmt: skip
    return flags
