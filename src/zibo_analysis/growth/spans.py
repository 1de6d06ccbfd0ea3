"""Spans: the period each figure of a flow covers, and which flows can be compared.

A flow is what happened over a period (1—7月, 全年, 2021—2023年), from ``period_start`` to
``as_of``. As official statistics do, two flows are compared only over periods of the same
length and the same place in the year: January–July with January–July (year on year), a
whole year with a whole year, 2016–2020 with 2021–2025. A flow series whose periods differ,
or whose period is not recorded, gets no growth: its figures are shown side by side with a
sentence that says why. A rate, a ratio or a change over a period (a maternal mortality
ratio of 全年 against one of 上半年) is held to the same rule where its periods are recorded;
recorded on none of its rows it is a series of figures at dates. Stocks (a level at a date)
and running totals (a total since a start, compared as it grows) are read as before.

>>> day = pd.Timestamp
>>> period_words(day("2018-01-01"), day("2018-07-31")), period_words(day("2024-01-01"), day("2024-12-31"))
('January–July 2018', 'the whole of 2024')
>>> span(day("2018-01-01"), day("2018-07-31")) == span(day("2021-01-01"), day("2021-07-31"))
True
"""

from __future__ import annotations

import calendar

import numpy as np
import pandas as pd

from zibo_analysis.growth.grouped import Groups, groups_from_starts, groups_of
from zibo_analysis.growth.words import WORDS
from zibo_analysis.vectors import joined, listed, records_frame
from zibo_analysis.vocab import in_lang

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
# ... and a change, rate or ratio over a period (同比增加 in January–July, 孕产妇死亡率 of
# 全年), where its period is recorded
PERIOD_KINDS = ("flow", "change", "rate", "ratio")
SPANS_COLUMNS = [
    "indicator_id",
    "indicator_en",
    "indicator_zh",
    "region",
    "n_obs",
    "periods",
    "sentence",
]


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
            return w["months"].format(
                first=months[start.month], last=months[end.month], year=start.year
            )
    return w["days"].format(start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}")


def _one(series: pd.DataFrame) -> tuple[pd.DataFrame, Groups]:
    """One series as a table of one group."""
    return series.reset_index(drop=True), groups_from_starts(np.array([0]), len(series))


def span_codes(period_start, as_of) -> np.ndarray:
    """`span` of each period as one number (equal spans, equal numbers); -1 where the period
    is not recorded."""
    start, end = pd.DatetimeIndex(period_start), pd.DatetimeIndex(as_of)
    code = (((start.month * 32 + start.day) * 13 + end.month) * 32 + end.day) * 10_000 + (
        end.year - start.year + 5_000
    )
    missing = np.asarray(start.isna() | end.isna())
    return np.where(missing, -1, np.nan_to_num(np.asarray(code, dtype=float), nan=-1)).astype(
        np.int64
    )


def unlike_all(rows: pd.DataFrame, groups: Groups) -> np.ndarray:
    """`unlike_spans` of every group of ``rows`` at once."""
    if not len(groups):
        return np.zeros(0, dtype=bool)
    kind = groups.first(rows["kind"].astype(str).to_numpy())
    periods = np.isin(kind, PERIOD_KINDS)
    flows = np.isin(kind, FLOW_KINDS)
    if "period_start" not in rows:
        return flows
    code = span_codes(rows["period_start"], rows["as_of"])
    missing = code < 0
    some_missing, all_missing = groups.any(missing), groups.all(missing)
    recorded = np.where(missing, np.iinfo(np.int64).max, code)
    low = np.minimum.reduceat(recorded, groups.starts)
    high = np.maximum.reduceat(np.where(missing, -1, code), groups.starts)
    differ = (low != high) & ~all_missing & ~some_missing
    at_dates = ~flows & all_missing  # a gap to a target, a rate at a date: no period recorded
    return periods & ~at_dates & (some_missing | differ)


def unlike_spans(series: pd.DataFrame) -> bool:
    """Whether a flow series (rows of one indicator and region) mixes periods that cannot be
    compared: of different length or place in the year, or not recorded. A change, rate or
    ratio series the same, where it records periods at all (a gap to a target or a rate at a
    date records none). Stocks and running totals: False."""
    if series.empty:
        return False
    return bool(unlike_all(*_one(series))[0])


def period_words_all(period_start, as_of, lang: str = "en") -> np.ndarray:
    """`period_words` of each period, each distinct period worded once."""
    start = pd.Series(pd.DatetimeIndex(period_start))
    end = pd.Series(pd.DatetimeIndex(as_of))
    pairs = pd.DataFrame(
        {
            "s": start.to_numpy("datetime64[ns]").view("i8"),
            "e": end.to_numpy("datetime64[ns]").view("i8"),
        }
    )
    codes = pairs.groupby(["s", "e"], sort=False).ngroup().to_numpy()
    first = pairs.drop_duplicates().index.to_numpy()
    words = np.array(
        [
            period_words(s, e, lang=lang)
            for s, e in zip(start.iloc[first], end.iloc[first], strict=True)
        ]
        + [""],
        dtype=object,
    )
    return words[codes] if len(codes) else np.zeros(0, dtype=object)


def _starts_of(rows: pd.DataFrame) -> pd.Series:
    return rows["period_start"] if "period_start" in rows else pd.Series(pd.NaT, index=rows.index)


def spans_sentences(
    rows: pd.DataFrame, groups: Groups, lang: str = "en", which: np.ndarray | None = None
) -> np.ndarray:
    """`spans_sentence` of every group of ``rows`` at once (of those ``which`` marks; ""
    for the others)."""
    w = in_lang(WORDS, lang)
    out = np.full(len(groups), "", dtype=object)
    which = np.ones(len(groups), dtype=bool) if which is None else np.asarray(which, dtype=bool)
    if not which.any():
        return out
    rows_in, part = groups.subset(which)
    chosen = rows[rows_in]
    column = "indicator_zh" if lang == "zh" and "indicator_zh" in rows else "indicator_en"
    name = part.first(chosen[column].astype(object).to_numpy())
    starts = _starts_of(chosen)
    words = period_words_all(starts, chosen["as_of"], lang)
    unrecorded = part.any(starts.isna().to_numpy())
    listed_words = listed(words, part.starts, lang)
    template = np.where(unrecorded, w["spans_unrecorded"], w["spans"])
    out[which] = [
        t.format(name=n, listed=x) for t, n, x in zip(template, name, listed_words, strict=True)
    ]
    return out


def spans_sentence(series: pd.DataFrame, lang: str = "en") -> str:
    """Why no growth is computed across a flow series whose periods differ, in ``lang``.

    >>> rows = pd.DataFrame({"kind": "flow", "indicator_en": "New urban jobs", "indicator_zh": "城镇新增就业",
    ...     "period_start": pd.to_datetime(["2018-01-01", "2024-01-01"]),
    ...     "as_of": pd.to_datetime(["2018-07-31", "2024-12-31"])})
    >>> spans_sentence(rows)  # doctest: +NORMALIZE_WHITESPACE
    'New urban jobs: January–July 2018 and the whole of 2024 cover different periods;
     no growth is computed between them.'
    >>> spans_sentence(rows, lang="zh")
    '城镇新增就业：2018年1—7月和2024年全年的统计期不同，不计算其间的增长。'
    """
    return str(spans_sentences(*_one(series), lang)[0])


def periods_all(rows: pd.DataFrame, groups: Groups, lang: str = "en") -> np.ndarray:
    """`periods_of` of every group of ``rows`` at once."""
    sep = in_lang(WORDS, lang)["sep"]
    out = np.full(len(groups), "", dtype=object)
    if not len(groups):
        return out
    kind = groups.first(rows["kind"].astype(str).to_numpy())
    starts = _starts_of(rows)
    shown = np.isin(kind, PERIOD_KINDS) & (
        np.isin(kind, FLOW_KINDS) | ~groups.all(starts.isna().to_numpy())
    )
    if shown.any():
        rows_shown, sub = groups.subset(shown)
        words = period_words_all(starts[rows_shown], rows["as_of"][rows_shown], lang)
        out[shown] = joined(words, sub.starts, sep)
    return out


def periods_of(series: pd.DataFrame, lang: str = "en") -> str:
    """Each report's period, side by side, for a flow series (or a change over periods); ""
    for other kinds."""
    if series.empty:
        return ""
    return str(periods_all(*_one(series), lang)[0])


def spans_table(observations: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per flow series of two or more reports whose periods differ: its periods side
    by side and the sentence that says why it gets no growth (in ``lang``). ``observations``
    are rows of `growth.observations` (one report per date)."""
    rows = _in_series_order(observations)
    groups = groups_of(rows, ["indicator_id", "region"])
    keep = (groups.sizes >= 2) & unlike_all(rows, groups)
    first = groups.starts[keep]
    columns = {
        "indicator_id": rows["indicator_id"].astype(object).to_numpy()[first],
        "indicator_en": rows["indicator_en"].astype(object).to_numpy()[first],
        "indicator_zh": rows["indicator_zh"].astype(object).to_numpy()[first],
        "region": rows["region"].astype(object).to_numpy()[first],
        "n_obs": groups.sizes[keep],
        "periods": periods_all(rows, groups, lang)[keep],
        "sentence": spans_sentences(rows, groups, lang, keep)[keep],
    }
    return records_frame(columns, SPANS_COLUMNS)


def _in_series_order(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows grouped by series in sorted order, each series in the order given (as
    ``groupby(..., sort=True)`` walks them)."""
    key = ["indicator_id", "region"]
    rows = rows.dropna(subset=key)
    return rows.sort_values(key, kind="stable").reset_index(drop=True)
