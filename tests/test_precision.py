"""Printed precision, read once (quantities.printed_step) and used by coverage, quality and tables."""

from __future__ import annotations

import pytest

from zibo_analysis.coverage import denominator_bounds
from zibo_analysis.quality.text import half_unit
from zibo_analysis.quantities import printed_decimals, printed_step


@pytest.mark.parametrize(
    ("mention", "step"),
    [
        ("2,615处", 0.0),  # a count printed in full, with a thousands separator
        ("1,250万元", 10_000.0),
        ("１２５０萬元", 10_000.0),  # full-width digits, traditional 萬
        ("９３．０７％", 0.01),
        ("93.07%", 0.01),
        ("3亿5857.6万剂次", 1_000.0),  # the 万 part carries the last digit
        ("3億5857.6萬劑次", 1_000.0),
        ("12.8万人次", 1_000.0),
        ("近1.55亿元", 1_000_000.0),
        ("4.5‰", 0.1),
        ("15.1/10万", 0.1),  # the /10万 base is not a digit of the figure
        ("12/10萬", 1.0),
        ("1.3个百分点", 0.1),
        ("19%", 1.0),  # a share is always rounded
        ("37家", 0.0),
        ("九成", 10.0),
        ("一点五万人", 1_000.0),
    ],
)
def test_step_of_the_last_printed_digit(mention, step):
    assert printed_step(mention) == step


def test_decimals_shown_are_those_printed():
    assert [printed_decimals(m) for m in ["98.90%", "2,615处", "12.8万人次", "０．５‰"]] == [
        2,
        0,
        0,
        1,
    ]


def test_a_count_with_a_thousands_separator_is_exact_in_the_quality_rules():
    assert half_unit("2,615处") == 0.0
    assert half_unit("2,615.5万元") == 500.0


def test_denominator_bounds_read_separators_and_full_width_digits():
    # 1,200 of a population at 60.00%: exactly 2,000 (the count is exact, the rate to 0.005)
    assert denominator_bounds(1200, "1,200人", 60.0, "６０．００％") == (2000.0, 2000.0)
