"""Rules on one series at a time: counts that fall, reports that disagree, rates out of range,
rates and counts without a common denominator, and jumps far outside a series' pace."""

from __future__ import annotations

import pandas as pd

from zibo_analysis.coverage import LOWER_BOUNDS, implied_denominators
from zibo_analysis.growth import months_between, unlike_spans
from zibo_analysis.quality.common import flag, records, series
from zibo_analysis.quality.words import ENGLISH, Say
from zibo_analysis.quantities import RATE_SCALE

JUMP_FACTOR = 3.0  # an interval's pace this many times the rest of the series' pace is a jump
JUMP_MIN_SHARE = 0.05  # ... and it moved the level by at least this share


def count_went_down(actual: pd.DataFrame, say: Say = ENGLISH) -> list[dict]:
    """A cumulative count (error) or a stock (check) lower in a later report."""
    flags = []
    for part in series(actual, ("cumulative", "stock")):
        rows = records(part)
        for before, after in zip(rows, rows[1:], strict=False):
            if after["as_of"] <= before["as_of"] or after["value"] >= before["value"]:
                continue
            cumulative = before["kind"] == "cumulative"
            why = say.word("cumulative_fell" if cumulative else "stock_fell")
            bound = say.word("still_below") if after["qualifier"] in LOWER_BOUNDS else ""
            flags.append(flag([before, after], "count_went_down", "error" if cumulative else "check",
                say("count_went_down", name=say.name(before), region=say.region(before["region"]),
                    before=say.figure(before), after=say.figure(after), why=why, bound=bound,
                    quote_before=before["quote"], quote_after=after["quote"])))  # fmt: skip
    return flags


def reports_disagree(actual: pd.DataFrame, say: Say = ENGLISH) -> list[dict]:
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
                    say("reports_disagree", name=say.name(first), region=say.region(first["region"]),
                        date=f"{first['as_of']:%Y-%m-%d}", first=first["mention"], first_doc=first["doc_id"],
                        other=other["mention"], other_doc=other["doc_id"])))  # fmt: skip
    return flags


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
        )  # fmt: skip
        for row in records(bad)
    ]


def denominator_mismatch(indicators: pd.DataFrame, say: Say = ENGLISH) -> list[dict]:
    """A rate and its count in one article that no whole population reproduces (error)."""
    if "numerator_id" not in indicators.columns:
        return []
    flags = []
    for _, pair in implied_denominators(indicators).iterrows():
        rate = indicators[(indicators["obs_id"] == pair["obs_id"])].iloc[0]
        if pair["denominator_low"] > pair["denominator_high"]:
            problem = say("no_population", rate=pair["mention"], count=pair["count_mention"],
                          low=pair["denominator_low"], high=pair["denominator_high"])  # fmt: skip
        elif (
            pair["rate"] > RATE_SCALE.get(str(rate["unit"]), 100)
            or pair["denominator"] < pair["count"]
        ):
            problem = say("fewer_than_counted", count=pair["count_mention"], rate=pair["mention"])
        else:
            continue
        flags.append(flag([rate], "denominator_mismatch", "error",
            say("denominator_mismatch", name=say.name(rate), region=say.region(rate["region"]), problem=problem)))  # fmt: skip
    return flags


def jumps(actual: pd.DataFrame, say: Say = ENGLISH) -> list[dict]:
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
                    say("jump", name=say.name(before), region=say.region(before["region"]),
                        before=say.figure(before), after=say.figure(after), pace=pace, rest=rest_pace,
                        times=abs(pace) / max(abs(rest_pace), 1e-9))))  # fmt: skip
    return flags
