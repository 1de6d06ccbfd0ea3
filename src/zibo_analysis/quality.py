"""Data quality: contradictions and suspicious values, as findings an analyst can act on.

>>> from zibo_analysis.dataset import load_indicators
>>> flags = quality_flags(load_indicators())
>>> sorted(flags.columns[:5])
['detail', 'doc_ids', 'indicator_id', 'kind', 'region']
"""

from __future__ import annotations

import pandas as pd

from zibo_analysis.coverage import LOWER_BOUNDS, implied_denominators
from zibo_analysis.growth import months_between
from zibo_analysis.vocab import FLAG_KINDS, require

__all__ = ["FLAG_COLUMNS", "FLAG_KINDS", "quality_flags", "flags_for_reading"]

FLAG_COLUMNS = ["indicator_id", "region", "kind", "detail", "doc_ids", "as_of", "obs_ids"]

JUMP_FACTOR = 3.0  # an interval's pace this many times the rest of the series' pace is a jump
JUMP_MIN_SHARE = 0.05  # ... and it moved the level by at least this share


def quality_flags(indicators: pd.DataFrame, kinds: list[str] | None = None) -> pd.DataFrame:
    """Every quality flag the data raises, one row each, with what was seen in words.

    Rules: a cumulative or stock count that goes down between reports; two reports of
    the same indicator, region and date that disagree; a rate outside 0 to 100; a rate
    and its count that no whole population can reproduce; a jump far outside the
    series' own pace. ``indicators`` needs the columns of `dataset.load_indicators()`;
    ``kinds`` keeps only those kinds of flag.
    """
    if kinds:
        require("flag kind", kinds, FLAG_KINDS)
    actual = indicators[indicators["status"] == "actual"]
    flags = [
        *_count_went_down(actual),
        *_reports_disagree(actual),
        *_rate_out_of_range(actual),
        *_denominator_mismatch(indicators),
        *_jumps(actual),
    ]
    table = pd.DataFrame(flags, columns=FLAG_COLUMNS)
    if kinds:
        table = table[table["kind"].isin(kinds)]
    return table.sort_values(["kind", "indicator_id", "region"], key=_kind_order, ignore_index=True)


def _kind_order(column: pd.Series) -> pd.Series:
    return column.map(FLAG_KINDS.index) if column.name == "kind" else column


def _name(row) -> str:
    return f"{row['indicator_en']} ({row['indicator_zh']})"


def _fmt(row) -> str:
    return f"{row['mention']} ({row['doc_id']}, as of {row['as_of']:%Y-%m-%d})"


def _flag(first, last, kind: str, detail: str) -> dict:
    rows = [first, last]
    return {
        "indicator_id": first["indicator_id"],
        "region": first["region"],
        "kind": kind,
        "detail": detail,
        "doc_ids": ", ".join(dict.fromkeys(str(r["doc_id"]) for r in rows)),
        "as_of": ", ".join(dict.fromkeys(f"{r['as_of']:%Y-%m-%d}" for r in rows)),
        "obs_ids": ", ".join(str(r["obs_id"]) for r in rows),
    }


def _series(actual: pd.DataFrame, kinds: tuple[str, ...] | None = None):
    data = actual if kinds is None else actual[actual["kind"].isin(kinds)]
    for _, series in data.sort_values(["as_of", "published"]).groupby(
        ["indicator_id", "region"], observed=True
    ):
        yield series


def _count_went_down(actual: pd.DataFrame) -> list[dict]:
    flags = []
    for series in _series(actual, ("cumulative", "stock")):
        rows = [r for _, r in series.iterrows()]
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
            flags.append(_flag(before, after, "count_went_down",
                f"{_name(before)} in {before['region']} went down from {_fmt(before)} to {_fmt(after)}: "
                f"{why}.{bound} Compare the quotes: 「{before['quote']}」 and 「{after['quote']}」."))  # fmt: skip
    return flags


def _reports_disagree(actual: pd.DataFrame) -> list[dict]:
    flags = []
    for (_, _, _), group in actual.groupby(["indicator_id", "region", "as_of"], observed=True):
        if group["doc_id"].nunique() < 2 or group["value"].nunique() < 2:
            continue
        rows = [r for _, r in group.sort_values("published").iterrows()]
        first = rows[0]
        for other in rows[1:]:
            if other["value"] != first["value"] and other["doc_id"] != first["doc_id"]:
                flags.append(_flag(first, other, "reports_disagree",
                    f"{_name(first)} in {first['region']} on {first['as_of']:%Y-%m-%d} is {first['mention']} "
                    f"in {first['doc_id']} but {other['mention']} in {other['doc_id']}: two reports of one "
                    "figure disagree; keep both and check which scope each counts."))  # fmt: skip
    return flags


def _rate_out_of_range(actual: pd.DataFrame) -> list[dict]:
    bad = actual[(actual["kind"] == "rate") & ~actual["value"].between(0, 100)]
    return [
        _flag(
            row,
            row,
            "rate_out_of_range",
            f"{_name(row)} in {row['region']} is {_fmt(row)}, but a rate must lie between 0 and 100: "
            "a growth figure (增长…%) belongs to an indicator of kind change.",
        )  # fmt: skip
        for _, row in bad.iterrows()
    ]


def _denominator_mismatch(indicators: pd.DataFrame) -> list[dict]:
    if "numerator_id" not in indicators.columns:
        return []
    pairs = implied_denominators(indicators)
    flags = []
    for _, pair in pairs.iterrows():
        rate = indicators[(indicators["obs_id"] == pair["obs_id"])].iloc[0]
        if pair["denominator_low"] > pair["denominator_high"]:
            problem = (f"no whole population gives {pair['mention']} from {pair['count_mention']} "
                       f"(it would need between {pair['denominator_low']:.0f} and {pair['denominator_high']:.0f})")  # fmt: skip
        elif pair["rate"] > 100 or pair["denominator"] < pair["count"]:
            problem = f"{pair['count_mention']} at {pair['mention']} implies fewer people than were counted"
        else:
            continue
        flags.append(_flag(rate, rate, "denominator_mismatch",
            f"{_name(rate)} in {rate['region']}: {problem}; the rate and the count beside it cannot share "
            "a denominator, so one of them counts another population or is misprinted."))  # fmt: skip
    return flags


def _jumps(actual: pd.DataFrame) -> list[dict]:
    flags = []
    for series in _series(actual):
        series = series.drop_duplicates("as_of", keep="last")
        if len(series) < 3:
            continue
        rows = [r for _, r in series.iterrows()]
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
                flags.append(_flag(before, after, "jump",
                    f"{_name(before)} in {before['region']} moved from {_fmt(before)} to {_fmt(after)}, "
                    f"{pace:+.3g} a month against {rest_pace:+.3g} a month over the rest of the series "
                    f"({abs(pace) / max(abs(rest_pace), 1e-9):.1f} times): check for a change of scope or a typo."))  # fmt: skip
    return flags


def flags_for_reading(
    flags: pd.DataFrame, indicators: pd.DataFrame, lang: str = "en"
) -> pd.DataFrame:
    """The flags with the indicator's name in the chosen language, for display."""
    names = indicators.drop_duplicates("indicator_id").set_index("indicator_id")[
        "indicator_zh" if lang == "zh" else "indicator_en"
    ]
    shown = flags.assign(indicator=flags["indicator_id"].map(names.to_dict()))
    return shown[["kind", "indicator", "region", "as_of", "detail", "doc_ids"]]
