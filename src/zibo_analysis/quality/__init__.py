"""Data quality: contradictions and suspicious values, as findings an analyst can act on.

Each flag names what was seen and what to check, with a ``severity``: ``error`` when both
figures cannot be true, ``check`` when the likely cause is a change of scope or wording.

>>> from zibo_analysis.dataset import load_indicators
>>> flags = quality_flags(load_indicators())
>>> sorted(flags.columns[:5])
['detail', 'doc_ids', 'indicator_id', 'kind', 'region']
>>> sorted(set(flags["severity"]))
['check', 'error']
"""

from __future__ import annotations

import functools

import pandas as pd

from zibo_analysis.growth import implied_levels
from zibo_analysis.quality.changes import change_disagrees
from zibo_analysis.quality.claims import coverage_claims, parts_do_not_add_up
from zibo_analysis.quality.common import FLAG_COLUMNS
from zibo_analysis.quality.populations import populations_differ
from zibo_analysis.quality.review import REVIEW_COLUMNS, review_flags, unmatched_reviews
from zibo_analysis.quality.series import (
    count_went_down,
    denominator_mismatch,
    jumps,
    rate_out_of_range,
    reports_disagree,
)
from zibo_analysis.quality.text import article_texts, has_offsets
from zibo_analysis.quality.wording import descriptions_differ, scope_mislabelled
from zibo_analysis.quality.words import Say
from zibo_analysis.vocab import BREAK_KINDS, FLAG_KINDS, SEVERITIES, require

__all__ = [
    "BREAK_KINDS",
    "FLAG_COLUMNS",
    "FLAG_KINDS",
    "REVIEW_COLUMNS",
    "SEVERITIES",
    "quality_flags",
    "flags_for_reading",
    "flag_quotes",
    "review_flags",
    "unmatched_reviews",
]


def quality_flags(
    indicators: pd.DataFrame,
    kinds: list[str] | None = None,
    regions: pd.DataFrame | None = None,
    articles: pd.DataFrame | None = None,
    catalog: pd.DataFrame | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Every quality flag the data raises, one row each, with what was seen in words
    (``detail``, in ``lang``: en or zh; in Chinese with the regions' Chinese names).

    ``indicators`` needs the columns of `dataset.load_indicators()`; ``kinds`` keeps only
    those kinds of flag. The other tables let more rules run:

    * ``regions`` (region_id, parent_id, as `dataset.load_regions()`): one figure given to
      a region and to its parent or child (scope_mislabelled).
    * ``articles`` (doc_id, text: the whole article file): the sentences around figures, for
      coverage claims and parts; without it they read only the curated quotes.
    * ``catalog`` (indicator_id, definition): which rates of one article share a population.
    """
    if kinds:
        require("flag kind", kinds, FLAG_KINDS)
    names = "name_zh" if lang == "zh" else "name_en"
    places = (
        dict(zip(regions["region_id"].astype(str), regions[names], strict=True))
        if regions is not None and names in regions and lang == "zh"
        else {}
    )
    say = Say(lang, places)
    actual = indicators[indicators["status"] == "actual"]
    wanted = set(kinds or FLAG_KINDS)  # a rule whose kind is not asked for is not run
    implied = functools.cache(lambda: implied_levels(indicators))  # once, if asked
    rules = [
        ("count_went_down", lambda: count_went_down(actual, say)),
        ("reports_disagree", lambda: reports_disagree(actual, say)),
        ("rate_out_of_range", lambda: rate_out_of_range(actual, say)),
        ("denominator_mismatch", lambda: denominator_mismatch(indicators, say)),
        ("jump", lambda: jumps(actual, say, implied())),
        ("populations_differ", lambda: populations_differ(indicators, catalog, say)),
        ("change_disagrees", lambda: change_disagrees(indicators, say, implied())),
    ]
    if has_offsets(indicators):
        read = functools.cache(lambda: article_texts(indicators, articles))  # once, if asked
        rules += [
            ("scope_mislabelled", lambda: scope_mislabelled(actual, regions, read(), say)),
            ("descriptions_differ", lambda: descriptions_differ(actual, read(), say)),
            ("coverage_claim", lambda: coverage_claims(actual, read(), say)),
            ("parts_do_not_add_up", lambda: parts_do_not_add_up(indicators, read(), say)),
        ]
    flags = [found for kind, rule in rules if kind in wanted for found in rule()]
    table = pd.DataFrame(flags, columns=FLAG_COLUMNS)
    if kinds:
        table = table[table["kind"].isin(kinds)]
    order = {"kind": FLAG_KINDS.index, "severity": SEVERITIES.index}
    return table.sort_values(
        ["severity", "kind", "indicator_id", "region"],
        key=lambda c: c.map(order[c.name]) if c.name in order else c,
        ignore_index=True,
    )


def flag_quotes(flags: pd.DataFrame, indicators: pd.DataFrame, lang: str = "en") -> pd.Series:
    """For each flag, the quotes of the figures it rests on, one per row of ``obs_ids``, in
    its order: ["「quote」 (doc_id)", ...] (in Chinese 「quote」（doc_id）)."""
    shape = "「{q}」（{d}）" if lang == "zh" else "「{q}」 ({d})"
    quotes = {
        str(o): shape.format(q=q, d=d)
        for o, q, d in zip(
            indicators["obs_id"], indicators["quote"], indicators["doc_id"], strict=True
        )
    }
    return flags["obs_ids"].map(lambda ids: [quotes.get(i, i) for i in ids])


def flags_for_reading(
    flags: pd.DataFrame, indicators: pd.DataFrame, lang: str = "en"
) -> pd.DataFrame:
    """The flags with the indicator's name in the chosen language and their quotes, for display;
    ``obs_ids`` last, to link each quote to its figure."""
    names = indicators.drop_duplicates("indicator_id").set_index("indicator_id")[
        "indicator_zh" if lang == "zh" else "indicator_en"
    ]
    shown = flags.assign(
        indicator=flags["indicator_id"].map(names.to_dict()),
        quotes=flag_quotes(flags, indicators, lang),
    )
    review = [c for c in REVIEW_COLUMNS if c in flags]  # after `review_flags`: the analyst's words
    columns = [
        "severity",
        "kind",
        "indicator",
        "region",
        "as_of",
        "detail",
        "quotes",
        "doc_ids",
        *review,
        "obs_ids",
    ]
    return shown[columns]
