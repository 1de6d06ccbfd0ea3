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


def period_words(period_start, as_of, short: bool = False) -> str:
    """A period as a reader says it: January–July 2018, the whole of 2024, 2016–2020,
    October 2021, or its first and last day; ``short`` gives Jan–Jul 2018, 2024.

    >>> day = pd.Timestamp
    >>> period_words(day("2016-01-01"), day("2020-12-31")), period_words(day("2021-10-17"), day("2021-11-10"))
    ('2016–2020', '2021-10-17 to 2021-11-10')
    >>> period_words(pd.NaT, day("2021-12-01")), period_words(day("2018-01-01"), day("2018-07-31"), short=True)
    ('a period not recorded, to 2021-12-01', 'Jan–Jul 2018')
    """
    end = pd.Timestamp(as_of)
    if pd.isna(period_start):
        return f"a period not recorded, to {end:%Y-%m-%d}"
    start = pd.Timestamp(period_start)
    months = calendar.month_abbr if short else calendar.month_name
    if start.day == 1 and _month_end(end):
        if (start.month, end.month) == (1, 12):
            if start.year == end.year:
                return f"{start.year}" if short else f"the whole of {start.year}"
            return f"{start.year}–{end.year}"
        if start.year == end.year:
            if start.month == end.month:
                return f"{months[start.month]} {start.year}"
            return f"{months[start.month]}–{months[end.month]} {start.year}"
    return f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"


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


def spans_sentence(series: pd.DataFrame) -> str:
    """Why no growth is computed across a flow series whose periods differ.

    >>> rows = pd.DataFrame({"kind": "flow", "indicator_en": "New urban jobs",
    ...     "period_start": pd.to_datetime(["2018-01-01", "2024-01-01"]),
    ...     "as_of": pd.to_datetime(["2018-07-31", "2024-12-31"])})
    >>> spans_sentence(rows)
    'New urban jobs: January–July 2018 and the whole of 2024 cover different periods; no growth is computed between them.'
    """
    name = series["indicator_en"].iloc[0]
    starts = series["period_start"] if "period_start" in series else [pd.NaT] * len(series)
    words = [period_words(s, e) for s, e in zip(starts, series["as_of"], strict=True)]
    listed = ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else words[0]
    if any(pd.isna(s) for s in starts):
        return (f"{name}: {listed}; the period of a figure is not recorded (period_start is empty), "
                "so no growth is computed between them.")  # fmt: skip
    return f"{name}: {listed} cover different periods; no growth is computed between them."


def periods_of(series: pd.DataFrame) -> str:
    """Each report's period, side by side, for a flow series (or a change over periods); ""
    for other kinds."""
    if series.empty or str(series["kind"].iloc[0]) not in PERIOD_KINDS:
        return ""
    starts = series["period_start"] if "period_start" in series else [pd.NaT] * len(series)
    if str(series["kind"].iloc[0]) not in FLOW_KINDS and all(pd.isna(s) for s in starts):
        return ""
    return "; ".join(period_words(s, e) for s, e in zip(starts, series["as_of"], strict=True))


def spans_table(observations: pd.DataFrame) -> pd.DataFrame:
    """One row per flow series of two or more reports whose periods differ: its periods side
    by side and the sentence that says why it gets no growth. ``observations`` are rows of
    `growth.observations` (one report per date)."""
    rows = []
    for (indicator_id, region), series in observations.groupby(["indicator_id", "region"], observed=True, sort=True):  # fmt: skip
        if len(series) < 2 or not unlike_spans(series):
            continue
        first = series.iloc[0]
        rows.append({
            "indicator_id": indicator_id, "indicator_en": first["indicator_en"],
            "indicator_zh": first["indicator_zh"], "region": region, "n_obs": len(series),
            "periods": periods_of(series), "sentence": spans_sentence(series),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=SPANS_COLUMNS)
