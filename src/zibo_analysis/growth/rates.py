"""Growth rates by the conventions of sparse official series (World Bank WDI, BEA).

* Three or more reports: the least-squares growth rate, r = exp(b) - 1 where b is the
  slope of ln(value) on time in years (WDI), with its 95% interval from the fit.
* Two reports: compound growth annualised by the days between them,
  (last / first) ** (365.25 / days) - 1 (BEA), labelled as resting on two points.
* A break (see `growth.breaks`) splits a series: each part gets its own rate, none spans it.
* A flow is compared only over like periods (`growth.spans`): a part whose reports cover
  periods of different length or place in the year (January–July and a whole year) gets no
  rate, and ``note`` says why; ``periods`` lists them.

Rates (percent) move in percentage points and get no growth rate; reports under three
months apart are not annualised.

>>> rows = pd.DataFrame({"indicator_id": "x", "region": "A", "status": "actual", "kind": "stock",
...     "as_of": pd.to_datetime(["2020-01-01", "2022-01-01"]), "value": [100.0, 121.0],
...     "qualifier": "exact", "published": pd.to_datetime(["2020-01-01", "2022-01-01"]),
...     "obs_id": ["a", "b"], "doc_id": ["a", "b"], "mention": ["100个", "121个"], "unit": "个",
...     "indicator_en": "X", "indicator_zh": "甲", "note": ""})
>>> row = growth_rates(rows).iloc[0]
>>> row["method"], round(float(row["growth_pct"]), 1)
('two_point', 10.0)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zibo_analysis.growth.breaks import break_table, describe_all
from zibo_analysis.growth.changes import (
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    MIN_MONTHS_TO_ANNUALISE,
    change_bounds,
    change_units,
    compared_series,
    compound_growth,
    days_between,
    in_points,
)
from zibo_analysis.growth.grouped import Groups, fit_lines, groups_from_starts, split
from zibo_analysis.growth.spans import periods_all, spans_sentences, unlike_all
from zibo_analysis.growth.words import WORDS
from zibo_analysis.vectors import exact_round, fill, objects, records_frame
from zibo_analysis.vocab import in_lang

RATE_COLUMNS = [
    "indicator_id",
    "indicator_zh",
    "indicator_en",
    "kind",
    "region",
    "unit",
    "segment",
    "segments",
    "n_obs",
    "series_n_obs",
    "first_as_of",
    "first_value",
    "first_mention",
    "first_doc_id",
    "last_as_of",
    "last_value",
    "last_mention",
    "last_doc_id",
    "years",
    "change",
    "change_unit",
    "method",
    "growth_pct",
    "growth_low",
    "growth_high",
    "breaks",
    "note",
    "first_obs_id",
    "last_obs_id",
    "periods",
]
METHODS = {
    "least_squares": "least-squares log-linear growth, 95% interval",
    "two_point": "compound growth between two reports, annualised by the days between them",
    "none": "no growth rate",
}


def growth_rates(
    indicators: pd.DataFrame,
    indicator_ids: list[str] | None = None,
    region: str | None = None,
    flags: pd.DataFrame | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """One row per part of every series with two or more reports: its first and last figure
    as printed, the yearly growth rate and its method, and the series' breaks.

    ``flags`` are quality flags (`quality.quality_flags`); those of a break kind split a
    series, as does a curation note starting "Break:". ``growth_pct``, ``growth_low`` and
    ``growth_high`` are percent per year (the interval only for least squares). ``note``,
    ``breaks`` and ``periods`` are written in ``lang`` (en or zh).

    Vectorised: the parts of every series at once, the least-squares rates in closed form
    from grouped sums (`growth.grouped.fit_lines`).
    """
    w = in_lang(WORDS, lang)
    rows, series = compared_series(indicators, indicator_ids, region)
    if not len(series):
        return pd.DataFrame(columns=RATE_COLUMNS)
    found = break_table(rows, series, flags, lang)
    cuts = np.zeros(len(rows), dtype=bool)
    cuts[found["row"].to_numpy(int)] = True
    parts = split(series, cuts)
    owner = series.group[parts.starts]  # the series each part belongs to
    count = np.bincount(owner, minlength=len(series))[owner]
    number = np.arange(len(parts)) - np.searchsorted(owner, owner) + 1
    first, last = parts.starts, parts.ends
    method, growth, low, high, note = _growth(rows, parts, w, lang)
    across = count > 1
    note[across] = note[across] + np.where(note[across] != "", w["sep"], "") + w["no_growth_across"]
    value = rows["value"].to_numpy(float)
    unlike = unlike_all(rows, parts)
    days = days_between(rows["as_of"].to_numpy()[first], rows["as_of"].to_numpy()[last])
    columns = {
        c: objects(rows, c)[first]
        for c in ["indicator_id", "indicator_zh", "indicator_en", "kind", "region", "unit"]
    }
    columns.update(
        segment=number,
        segments=count,
        n_obs=parts.sizes,
        series_n_obs=series.sizes[owner],
        first_as_of=rows["as_of"].to_numpy()[first],
        first_value=value[first],
        first_mention=objects(rows, "mention")[first],
        first_doc_id=objects(rows, "doc_id")[first],
        last_as_of=rows["as_of"].to_numpy()[last],
        last_value=value[last],
        last_mention=objects(rows, "mention")[last],
        last_doc_id=objects(rows, "doc_id")[last],
        years=exact_round(days / DAYS_PER_YEAR, 3),
        change=np.where(unlike, np.nan, exact_round(value[last] - value[first], 10)),
        change_unit=change_units(columns["unit"]),
        method=method,
        growth_pct=growth,
        growth_low=low,
        growth_high=high,
        breaks=describe_all(found, len(series), lang)[owner],
        note=note,
        first_obs_id=objects(rows, "obs_id")[first],
        last_obs_id=objects(rows, "obs_id")[last],
        periods=periods_all(rows, parts, lang),
    )
    return records_frame(columns, RATE_COLUMNS)


def _growth(
    rows: pd.DataFrame, parts: Groups, w: dict[str, str], lang: str
) -> tuple[np.ndarray, ...]:
    """(method, growth, low, high, note) for each unbroken part of a series; the note in
    ``lang``. The first case that applies decides: one report; periods that differ; a
    change; a rate; reports too close; a value of zero or below; two reports (compound
    growth); one figure throughout (flat); least squares."""
    first, last = parts.starts, parts.ends
    kind = rows["kind"].astype(object).to_numpy()[first]
    value = rows["value"].to_numpy(float)
    dates = rows["as_of"].to_numpy()
    days = days_between(dates[first], dates[last])
    months = days / DAYS_PER_MONTH
    unlike = unlike_all(rows, parts)
    low_value, high_value = np.minimum.reduceat(value, first), np.maximum.reduceat(value, first)
    cases = [
        parts.sizes < 2,
        unlike,
        kind == "change",
        in_points(kind, rows["unit"].astype(object).to_numpy()[first]),
        months < MIN_MONTHS_TO_ANNUALISE,
        low_value <= 0,
        parts.sizes == 2,
        low_value == high_value,
    ]
    case = np.select(cases, np.arange(len(cases)), len(cases))
    n = len(parts)
    method = np.full(n, "none", dtype=object)
    growth, low, high = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    note = np.full(n, "", dtype=object)
    note[case == 0] = w["one_report"]
    note[case == 1] = spans_sentences(rows, parts, lang, case == 1)[case == 1]
    note[case == 2] = w["change_rate"]
    note[case == 3] = w["rate_rate"]
    close = case == 4
    note[close] = fill(w["close"], months=months[close])
    note[case == 5] = w["not_positive"]
    qualifier = rows["qualifier"].astype(object).to_numpy()
    bounds = np.where(parts.all(qualifier == "exact"), "", w["bounds"])
    two = case == 6
    method[two] = "two_point"
    growth[two] = compound_growth(value[first][two], value[last][two], days[two] / DAYS_PER_YEAR)
    bound = change_bounds(qualifier[first][two], qualifier[last][two])
    side = np.where(np.isin(bound, ("at_least", "at_most")), pd.Series(bound).map(w), "").astype(
        object
    )
    note[two] = _joined(
        [np.full(two.sum(), w["two_points"], dtype=object), bounds[two], side], w["sep"]
    )
    flat = case == 7
    method[flat], growth[flat], low[flat], high[flat] = "least_squares", 0.0, 0.0, 0.0
    note[flat] = fill(w["flat"], mention=objects(rows, "mention")[first][flat])
    fitted = case == 8
    if fitted.any():
        method[fitted], note[fitted] = "least_squares", bounds[fitted]
        rows_in, part = parts.subset(fitted)
        growth[fitted], low[fitted], high[fitted] = _log_linear(
            dates[rows_in], value[rows_in], part
        )
    return method, growth, low, high, note


def _joined(pieces: list[np.ndarray], sep: str) -> np.ndarray:
    """Per row, the non-empty pieces joined by ``sep``."""
    out = np.full(len(pieces[0]), "", dtype=object)
    for piece in pieces:
        out = out + np.where((out != "") & (piece != ""), sep, "") + piece
    return out


def _log_linear(dates: np.ndarray, values: np.ndarray, groups: Groups) -> tuple[np.ndarray, ...]:
    """The least-squares growth rate of each group and its 95% interval, in percent per year:
    the slope of ln(value) on years since the group's first date."""
    years = days_between(groups.spread(dates[groups.starts]), dates) / DAYS_PER_YEAR
    lines = fit_lines(groups, years, np.log(values))
    low, high = lines.slope_interval()
    return tuple((np.exp(x) - 1) * 100 for x in (lines.slope, low, high))


def two_point_growth(first: float, last: float, days: int) -> float:
    """`compound_growth` of two figures ``days`` apart (BEA's convention).

    >>> round(two_point_growth(101, 123, 340), 2)
    23.58
    """
    return compound_growth(first, last, days / DAYS_PER_YEAR)


def least_squares_growth(dates: pd.Series, values: pd.Series) -> tuple[float, float, float]:
    """The least-squares growth rate and its 95% interval, in percent per year.

    >>> d = pd.Series(pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]))
    >>> round(least_squares_growth(d, pd.Series([100.0, 110.0, 121.0]))[0], 1)
    10.0
    """
    dates = pd.Series(dates).to_numpy("datetime64[ns]")
    order = np.argsort(dates, kind="stable")
    one = groups_from_starts(np.array([0]), len(dates))
    return tuple(
        float(x[0]) for x in _log_linear(dates[order], np.asarray(values, dtype=float)[order], one)
    )
