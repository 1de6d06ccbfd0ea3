"""A stated change against two reports' levels: 7.39万人，同比减少0.29万人 (a 2025 report)
implies 7.68万 for the year before; a report of that year that gave 7.1万 disagrees with it
beyond rounding."""

from __future__ import annotations

import pandas as pd

from zibo_analysis.coverage import printed_interval
from zibo_analysis.growth import implied_levels, period_words
from zibo_analysis.quality.common import flag, records
from zibo_analysis.quality.words import ENGLISH, Say


def change_disagrees(indicators: pd.DataFrame, say: Say = ENGLISH) -> list[dict]:
    """A level reported for a period, against the level another article's stated change
    implies for the same period, when no value within the printed precision of both makes
    them agree (check: the earlier figure may have been revised, or the scopes differ)."""
    implied = implied_levels(indicators)
    if implied.empty:
        return []
    actual = indicators[(indicators["status"] == "actual") & (indicators["kind"] != "change")]
    by_obs = {str(r["obs_id"]): r for r in records(indicators)}
    flags = []
    for guess in records(implied):
        same = actual[(actual["indicator_id"].astype(str) == str(guess["indicator_id"]))
                      & (actual["region"].astype(str) == str(guess["region"]))
                      & (actual["as_of"] == guess["as_of"])
                      & (actual["doc_id"].astype(str) != str(guess["doc_id"]))]  # fmt: skip
        if "period_start" in actual:
            start = guess["period_start"]
            same = same[
                same["period_start"].isna() if pd.isna(start) else same["period_start"] == start
            ]
        for reported in records(same):
            low, high = printed_interval(
                reported["value"], reported["mention"], reported["qualifier"]
            )
            if high >= guess["low"] and low <= guess["high"]:
                continue
            level, change = by_obs[str(guess["level_obs_id"])], by_obs[str(guess["change_obs_id"])]
            period = period_words(guess["period_start"], guess["as_of"], lang=say.lang)
            flags.append(flag([reported, level, change], "change_disagrees", "check",
                say("change_disagrees", name=say.name(level), region=say.region(level["region"]),
                    level=say.figure(level), change=change["mention"], quote=change["quote"],
                    base=say.value(guess["change_base"]), value=guess["value"], period=period,
                    low=guess["low"], high=guess["high"], reported=say.figure(reported),
                    mention=reported["mention"])))  # fmt: skip
    return flags
