"""Spans: the period each figure of a flow covers, and which flows can be compared.

A flow is what happened over a period (1—7月, 全年, 2021—2023年), from ``period_start`` to
``as_of``. As official statistics do, two flows are compared only over periods of the same
length and the same place in the year: January–July with January–July (year on year), a
whole year with a whole year, 2016–2020 with 2021–2025. A flow series whose periods differ,
or whose period is not recorded, gets no growth: its figures are shown side by side with a
sentence that says why. Stocks (a level at a date), running totals and rates are read as
before.

>>> day = pd.Timestamp
>>> period_words(day("2018-01-01"), day("2018-07-31")), period_words(day("2024-01-01"), day("2024-12-31"))
('January–July 2018', 'the whole of 2024')
>>> span(day("2018-01-01"), day("2018-07-31")) == span(day("2021-01-01"), day("2021-07-31"))
True
"""

from __future__ import annotations

import calendar

import pandas as pd

from zibo_analysis.growth.words import WORDS
from zibo_analysis.vocab import in_lang, listing

__all__ = [
    "FLOW_KINDS",
    "span",
    "period_words",
    "periods_of",
    "unlike_spans",
    "spans_sentence",
    "spans_table",
]

FLOW_KINDS = ("flow",)  # what happened over a period: compared only over like periods
# ... and a change over a period (同比增加 in January–July), where its period is recorded
PERIOD_KINDS = ("flow", "change")
SPANS_COLUMNS = ["indicator_id", "indicator_en", "indicator_zh", "region", "n_obs", "periods", "sentence"]  # fmt: skip


def span(period_start, as_of) -> tuple | None:
    """Where a period lies in the year and how many whole years it spans: (first month, first
    day, last month, last day, years) ; None when the period is not recorded."""
    if pd.isna(period_start) or pd.isna(as_of):
        return None
    start, end = pd.Timestamp(period_start), pd.Timestamp(as_of)
    return (start.month, start.day, end.month, end.day, end.year - start.year)


def _month_end(day: pd.Timestamp) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def period_words(period_start, as_of, short: bool = False, lang: str = "en") -> str:
    """A period as a reader says it: January–July 2018, the whole of 2024, 2016–2020,
    October 2021, or its first and last day; ``short`` gives Jan–Jul 2018, 2024. In Chinese
    as a bulletin writes it: 2018年1—7月, 2024年全年 (short: 2024年), 2016—2020年.

    >>> day = pd.Timestamp
    >>> period_words(day("2016-01-01"), day("2020-12-31")), period_words(day("2021-10-17"), day("2021-11-10"))
    ('2016–2020', '2021-10-17 to 2021-11-10')
    >>> period_words(pd.NaT, day("2021-12-01")), period_words(day("2018-01-01"), day("2018-07-31"), short=True)
    ('a period not recorded, to 2021-12-01', 'Jan–Jul 2018')
    >>> [period_words(day(a), day(b), lang="zh") for a, b in [("2018-01-01", "2018-07-31"),
    ...     ("2024-01-01", "2024-12-31"), ("2016-01-01", "2020-12-31"), ("2021-10-01", "2021-10-31")]]
    ['2018年1—7月', '2024年全年', '2016—2020年', '2021年10月']
    """
    w = in_lang(WORDS, lang)
    end = pd.Timestamp(as_of)
    if pd.isna(period_start):
        return w["not_recorded"].format(end=f"{end:%Y-%m-%d}")
    start = pd.Timestamp(period_start)
    if lang == "zh":
        months = [str(m) for m in range(13)]
    else:
        months = calendar.month_abbr if short else calendar.month_name
    if start.day == 1 and _month_end(end):
        if (start.month, end.month) == (1, 12):
            if start.year == end.year:
                return w["year_short" if short else "whole_year"].format(year=start.year)
            return w["years"].format(first=start.year, last=end.year)
        if start.year == end.year:
            if start.month == end.month:
                return w["month"].format(month=months[start.month], year=start.year)
            return w["months"].format(first=months[start.month], last=months[end.month], year=start.year)  # fmt: skip
    return w["days"].format(start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}")


def unlike_spans(series: pd.DataFrame) -> bool:
    """Whether a flow series (rows of one indicator and region) mixes periods that cannot be
    compared: of different length or place in the year, or not recorded. A change series
    the same, where it records periods at all (a gap to a target at a date records none).
    Stocks, running totals and rates: False."""
    kind = str(series["kind"].iloc[0]) if len(series) else ""
    if kind not in PERIOD_KINDS:
        return False
    if "period_start" not in series:
        return kind in FLOW_KINDS
    keys = [span(s, e) for s, e in zip(series["period_start"], series["as_of"], strict=True)]
    if kind not in FLOW_KINDS and all(k is None for k in keys):
        return False
    return None in keys or len(set(keys)) > 1


def spans_sentence(series: pd.DataFrame, lang: str = "en") -> str:
    """Why no growth is computed across a flow series whose periods differ, in ``lang``.

    >>> rows = pd.DataFrame({"kind": "flow", "indicator_en": "New urban jobs", "indicator_zh": "城镇新增就业",
    ...     "period_start": pd.to_datetime(["2018-01-01", "2024-01-01"]),
    ...     "as_of": pd.to_datetime(["2018-07-31", "2024-12-31"])})
    >>> spans_sentence(rows)
    'New urban jobs: January–July 2018 and the whole of 2024 cover different periods; no growth is computed between them.'
    >>> spans_sentence(rows, lang="zh")
    '城镇新增就业：2018年1—7月和2024年全年的统计期不同，不计算其间的增长。'
    """
    w = in_lang(WORDS, lang)
    name = series["indicator_zh" if lang == "zh" and "indicator_zh" in series else "indicator_en"].iloc[0]  # fmt: skip
    starts = series["period_start"] if "period_start" in series else [pd.NaT] * len(series)
    words = [period_words(s, e, lang=lang) for s, e in zip(starts, series["as_of"], strict=True)]
    unrecorded = any(pd.isna(s) for s in starts)
    return w["spans_unrecorded" if unrecorded else "spans"].format(name=name, listed=listing(words, lang))  # fmt: skip


def periods_of(series: pd.DataFrame, lang: str = "en") -> str:
    """Each report's period, side by side, for a flow series (or a change over periods); ""
    for other kinds."""
    if series.empty or str(series["kind"].iloc[0]) not in PERIOD_KINDS:
        return ""
    starts = series["period_start"] if "period_start" in series else [pd.NaT] * len(series)
    if str(series["kind"].iloc[0]) not in FLOW_KINDS and all(pd.isna(s) for s in starts):
        return ""
    periods = [period_words(s, e, lang=lang) for s, e in zip(starts, series["as_of"], strict=True)]
    return in_lang(WORDS, lang)["sep"].join(periods)


def spans_table(observations: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per flow series of two or more reports whose periods differ: its periods side
    by side and the sentence that says why it gets no growth (in ``lang``). ``observations``
    are rows of `growth.observations` (one report per date)."""
    rows = []
    for (indicator_id, region), series in observations.groupby(["indicator_id", "region"], observed=True, sort=True):  # fmt: skip
        if len(series) < 2 or not unlike_spans(series):
            continue
        first = series.iloc[0]
        rows.append({
            "indicator_id": indicator_id, "indicator_en": first["indicator_en"],
            "indicator_zh": first["indicator_zh"], "region": region, "n_obs": len(series),
            "periods": periods_of(series, lang), "sentence": spans_sentence(series, lang),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=SPANS_COLUMNS)
