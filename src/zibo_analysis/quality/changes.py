"""A stated change against two reports' levels: 7.39万人，同比减少0.29万人 (a 2025 report)
implies 7.68万 for the year before; a report of that year that gave 7.1万 disagrees with it
beyond rounding."""

from __future__ import annotations

import numpy as np
import pandas as pd

from zibo_analysis.coverage import printed_intervals
from zibo_analysis.growth import implied_levels, period_words
from zibo_analysis.quality.common import flag, records
from zibo_analysis.quality.words import ENGLISH, Say


def change_disagrees(
    indicators: pd.DataFrame, say: Say = ENGLISH, implied: pd.DataFrame | None = None
) -> list[dict]:
    """A level reported for a period, against the level another article's stated change
    implies for the same period, when no value within the printed precision of both makes
    them agree (check: the earlier figure may have been revised, or the scopes differ).
    ``implied`` is `growth.implied_levels` of ``indicators``, if the caller has it."""
    implied = implied_levels(indicators) if implied is None else implied
    if implied.empty:
        return []
    actual = indicators[(indicators["status"] == "actual") & (indicators["kind"] != "change")]
    starts = "period_start" in actual
    key = ["indicator_id", "region", "as_of", *(["period_start"] if starts else [])]

    def keyed(table: pd.DataFrame, name: str) -> pd.DataFrame:
        frame = pd.DataFrame(
            {c: table[c].astype(str).to_numpy() for c in ["indicator_id", "region", "doc_id"]}
        )
        frame = frame.assign(
            as_of=pd.to_datetime(table["as_of"]).to_numpy(), **{name: np.arange(len(table))}
        )
        if starts:  # an unrecorded period matches an unrecorded one
            frame["period_start"] = (
                pd.to_datetime(table["period_start"]).fillna(pd.Timestamp(0)).to_numpy()
            )
        return frame.dropna(subset=["as_of"])

    found = keyed(implied, "i").merge(keyed(actual, "a"), on=key, suffixes=("", "_reported"))
    found = found[found["doc_id"] != found["doc_id_reported"]].sort_values(
        ["i", "a"], kind="stable"
    )
    guess, reported = implied.iloc[found["i"].to_numpy()], actual.iloc[found["a"].to_numpy()]
    low, high = printed_intervals(reported["value"], reported["mention"], reported["qualifier"])
    apart = ~((high >= guess["low"].to_numpy(float)) & (low <= guess["high"].to_numpy(float)))
    cited = {str(i) for i in guess.loc[apart, ["level_obs_id", "change_obs_id"]].to_numpy().ravel()}
    by_obs = {
        str(r["obs_id"]): r
        for r in records(indicators[indicators["obs_id"].astype(str).isin(cited)])
    }
    flags = []
    for g, r in zip(records(guess[apart]), records(reported[apart]), strict=True):
        level, change = by_obs[str(g["level_obs_id"])], by_obs[str(g["change_obs_id"])]
        detail = say(
            "change_disagrees",
            name=say.name(level),
            region=say.region(level["region"]),
            level=say.figure(level),
            change=change["mention"],
            quote=change["quote"],
            base=say.value(g["change_base"]),
            value=g["value"],
            period=period_words(g["period_start"], g["as_of"], lang=say.lang),
            low=g["low"],
            high=g["high"],
            reported=say.figure(r),
            mention=r["mention"],
        )
        flags.append(flag([r, level, change], "change_disagrees", "check", detail))
    return flags
