"""Growth: how counts and rates move between reports, growth rates, and fitted trends.

``growth_table`` gives the change between a series' first and last report; ``growth_rates``
the yearly growth rate by the WDI and BEA conventions, split at breaks; ``trend_table`` the
least-squares fits and projections. Each works on every series at once (`growth.grouped`).

>>> from zibo_analysis.dataset import load_indicators
>>> g = growth_table(load_indicators(), indicator_ids=["famous_doctor_stations"], region="Zibo")
>>> g[["first_value", "last_value", "abs_change"]].iloc[0].tolist()
[101.0, 123.0, 22.0]
>>> r = growth_rates(load_indicators(), indicator_ids=["famous_doctor_stations"], region="Zibo")
>>> r.loc[0, "method"], int(r.loc[0, "n_obs"])
('least_squares', 3)
"""

from zibo_analysis.growth.breaks import BREAK_NOTE, Break, breaks, segments
from zibo_analysis.growth.changes import (
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    GROWTH_COLUMNS,
    MIN_MONTHS_TO_ANNUALISE,
    MIN_POINTS_TO_FIT,
    SERIES_KEY,
    annualised,
    change_bound,
    change_bounds,
    change_unit,
    compound_growth,
    days_between,
    growth_table,
    in_points,
    months_between,
    observations,
)
from zibo_analysis.growth.implied import IMPLIED_COLUMNS, implied_levels
from zibo_analysis.growth.rates import (
    METHODS,
    RATE_COLUMNS,
    growth_rates,
    least_squares_growth,
    two_point_growth,
)
from zibo_analysis.growth.spans import (
    FLOW_KINDS,
    period_words,
    periods_of,
    spans_sentence,
    spans_table,
    unlike_spans,
)
from zibo_analysis.growth.trends import (
    COUNT_KINDS,
    TREND_COLUMNS,
    default_level,
    fit_trend,
    fitted_line,
    level_words,
    most_reported,
    reach_dates,
    reach_level,
    trend_band,
    trend_table,
)

__all__ = [
    "BREAK_NOTE",
    "Break",
    "COUNT_KINDS",
    "IMPLIED_COLUMNS",
    "implied_levels",
    "DAYS_PER_MONTH",
    "FLOW_KINDS",
    "GROWTH_COLUMNS",
    "METHODS",
    "MIN_MONTHS_TO_ANNUALISE",
    "MIN_POINTS_TO_FIT",
    "RATE_COLUMNS",
    "SERIES_KEY",
    "TREND_COLUMNS",
    "annualised",
    "breaks",
    "compound_growth",
    "DAYS_PER_YEAR",
    "change_bound",
    "change_bounds",
    "change_unit",
    "days_between",
    "default_level",
    "fit_trend",
    "fitted_line",
    "growth_rates",
    "growth_table",
    "in_points",
    "least_squares_growth",
    "level_words",
    "months_between",
    "most_reported",
    "observations",
    "period_words",
    "periods_of",
    "reach_dates",
    "reach_level",
    "segments",
    "spans_sentence",
    "spans_table",
    "trend_band",
    "trend_table",
    "two_point_growth",
    "unlike_spans",
]
