"""The sentences the report's notebooks print in place of a table or figure, in English and
in Chinese: kept here, once, so that a notebook stays thin and its page speaks one language.

A notebook asks for its sentences in the language of its ``lang`` parameter, with what they
share filled in (the selection, `parameters.selection_words`), and names each by its key:

>>> say = sentences("zh", where="所选范围（地区：Xuecheng）内")
>>> say("no_coverage")
'所选范围（地区：Xuecheng）内没有覆盖率数据。'
>>> sentences("en", where="for Xuecheng")("stale_reviews", n=2)[:44]
'2 review(s) in data/reviewed_flags.csv match'
"""

from __future__ import annotations

from collections.abc import Callable

from zibo_analysis.vocab import in_lang

NOTES: dict[str, dict[str, str]] = {
    "en": {
        # 01_overview
        "no_articles": "No article reports figures {where}.",
        "no_trace": "No figures {where} to trace.",
        # 02_coverage
        "no_coverage": "No coverage rates {where}.",
        "no_regions": "No rate is reported for two or more regions {where}.",
        "no_denominators": "No article gives both a count and its rate {where}.",
        # 03_growth
        "no_change": "No series {where} has two or more reports, so there is no change to show.",
        "no_spans": "No flow {where} mixes periods: every flow with two or more reports covers like periods.",
        "no_rates": "No series {where} has two or more reports, so there is no growth rate to show.",
        "no_implied": "No article {where} gives a level together with its change on an earlier period.",
        "no_drawing": "No series {where} has two or more reports to draw.",
        "no_trend": "No series {where} has two or more reports, so no trend is fitted.",
        "no_projection": "No projection: {indicator} is not reported twice {where}.",
        "no_count": "No projection: no count is reported twice {where}.",
        # 04_quality
        "no_flags": "No quality flags {where}: the rules found nothing to check.",
        "no_errors": "No open errors {where}: no two figures that cannot both be true.",
        "no_checks": "No open checks {where}: no change of scope or wording found.",
        "no_reviews": "No flag {where} has been reviewed yet: record a review in data/reviewed_flags.csv.",
        "stale_reviews": (
            "{n} review(s) in data/reviewed_flags.csv match no flag the rules raise now (the data "
            "or the rules changed): update or remove them."
        ),
        "no_flagged_series": "No series with an open flag has two or more reports to draw.",
    },
    "zh": {
        "no_articles": "{where}没有报道给出数字。",
        "no_trace": "{where}没有可供追溯的数字。",
        "no_coverage": "{where}没有覆盖率数据。",
        "no_regions": "{where}没有两个及以上地区都报道的比率。",
        "no_denominators": "{where}没有报道同时给出计数及其比率。",
        "no_change": "{where}没有报道两次及以上的序列，因此没有变化可列。",
        "no_spans": "{where}没有统计期不一的流量指标：凡报道两次及以上的流量指标，统计期均可比。",
        "no_rates": "{where}没有报道两次及以上的序列，因此没有增长率可列。",
        "no_implied": "{where}没有报道同时给出水平值及其相对前期的变化。",
        "no_drawing": "{where}没有报道两次及以上、可以作图的序列。",
        "no_trend": "{where}没有报道两次及以上的序列，因此未拟合趋势。",
        "no_projection": "无法预测：{where}{indicator}的报道不足两次。",
        "no_count": "无法预测：{where}没有报道两次及以上的计数指标。",
        "no_flags": "{where}没有数据质量问题：各项规则均未发现需要核查之处。",
        "no_errors": "{where}没有待处理的错误：不存在两个不能同时成立的数字。",
        "no_checks": "{where}没有待处理的核查项：未发现口径或表述的变化。",
        "no_reviews": "{where}尚无经分析员复核的问题：复核意见请记入 data/reviewed_flags.csv。",
        "stale_reviews": "data/reviewed_flags.csv 中有{n}条复核意见与规则现在发现的任何问题都对不上（数据或规则已有变化）：请更新或删除。",
        "no_flagged_series": "有待处理问题的序列都没有两次及以上的报道，无从作图。",
    },
}


def sentences(lang: str, **shared) -> Callable[..., str]:
    """The notebooks' sentences in ``lang``: a function of a sentence's key (and any field
    of its own) that fills in the ``shared`` fields (``where``: the selection in words)."""
    notes = in_lang(NOTES, lang)

    def say(key: str, **fields) -> str:
        return notes[key].format(**{**shared, **fields})

    return say
