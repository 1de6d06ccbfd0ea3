"""The column-wise helpers give the bits Python gives, and the shapes a list of dicts gives."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zibo_analysis.vectors import (
    exact_power,
    exact_round,
    fill,
    group_starts,
    joined,
    listed,
    objects,
    records_frame,
)

FINITE = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)


def test_rounding_is_pythons_where_numpy_is_one_bit_off():
    values = [987_757.3129038663, 2.675, 0.1 + 0.2, -18.000000000000004, 123_456_789.123456789]
    assert exact_round(values, 10).tolist() == [round(v, 10) for v in values]
    assert exact_round([987_757.3129038663], 10)[0] == 987_757.3129038663
    assert np.round(987_757.3129038663, 10) == 987_757.3129038662  # what numpy's round gives
    assert math.isnan(exact_round([math.nan], 2)[0])


@given(st.lists(FINITE, max_size=20), st.integers(0, 12))
def test_rounding_matches_python_for_any_value(values, digits):
    assert exact_round(values, digits).tolist() == [round(v, digits) for v in values]


@given(st.lists(st.tuples(st.floats(0.01, 1e6), st.floats(-3, 3)), min_size=1, max_size=20))
def test_power_matches_python_for_any_value(pairs):
    base, exponent = zip(*pairs, strict=True)
    assert exact_power(base, exponent).tolist() == [b**e for b, e in pairs]


def test_power_of_a_negative_base_or_zero_to_a_negative_is_nan():
    assert np.isnan(exact_power([-8.0, 0.0], [1 / 3, -1.0])).all()


def test_a_column_of_missing_dates_stays_dates_and_booleans_with_a_gap_stay_objects():
    table = records_frame(
        {
            "when": [pd.NaT, pd.NaT],
            "flag": [True, pd.NA],
            "count": np.array([1, 2]),
            "word": "x",
            "gone": [np.nan, np.nan],
        },
        ["when", "flag", "count", "word", "gone", "absent"],
    )
    assert table.dtypes.astype(str).tolist() == [
        "datetime64[ns]",
        "object",
        "int64",
        "object",
        "float64",
        "float64",
    ]


def test_a_table_without_rows_is_all_objects():
    table = records_frame({"a": np.array([], dtype=float), "b": []}, ["a", "b"])
    assert table.empty and table.dtypes.astype(str).tolist() == ["object", "object"]


def test_groups_start_where_any_key_changes():
    starts = group_starts(np.array(["a", "a", "a", "b"]), np.array([1, 1, 2, 2]))
    assert starts.tolist() == [0, 2, 3]


def test_strings_joined_per_group_and_listed_as_a_sentence():
    words = np.array(
        ["January–July 2018", "the whole of 2024", "2021", "2022", "2023"], dtype=object
    )
    assert joined(words, np.array([0, 2]), "; ").tolist() == [
        "January–July 2018; the whole of 2024",
        "2021; 2022; 2023",
    ]
    assert listed(words, np.array([0, 2])).tolist() == [
        "January–July 2018 and the whole of 2024",
        "2021, 2022 and 2023",
    ]
    assert listed(np.array(["2018年", "2021年", "2024年"], dtype=object), np.array([0]), "zh")[
        0
    ] == ("2018年、2021年和2024年")


def test_a_template_filled_row_by_row_keeps_its_format():
    assert fill("{n} months: {m:.1f}", n=[1, 2], m=pd.Series([0.69, 2.04])).tolist() == [
        "1 months: 0.7",
        "2 months: 2.0",
    ]
    dates = pd.Series(pd.to_datetime(["2021-11-10"]))
    assert fill("{d:%Y-%m-%d}", d=dates.to_numpy()).tolist() == ["2021-11-10"]


def test_objects_are_the_values_of_a_category_or_none_when_absent():
    table = pd.DataFrame({"region": pd.Categorical(["Zibo", "Xuecheng"])})
    assert objects(table, "region").tolist() == ["Zibo", "Xuecheng"]
    assert objects(table, "obs_id").tolist() == [None, None]


@pytest.mark.parametrize("digits", [2, 3, 6, 10])
def test_round_of_large_yuan_figures_is_the_figure(digits):
    assert exact_round([358_576_000.0, 1.55e8], digits).tolist() == [358_576_000.0, 1.55e8]
