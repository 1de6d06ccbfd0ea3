"""Coverage: targets, verdicts that respect bounds, regions side by side, implied denominators."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import make_indicators

from zibo_analysis.coverage import (
    compare_regions,
    coverage_table,
    denominator_bounds,
    implied_denominators,
    verdict,
)

REGIONS = pd.DataFrame(
    {"region_id": ["Shandong", "Zibo", "Zhangdian"], "parent_id": ["", "Shandong", "Zibo"]}
)


def rate(**row):
    return {"unit": "percent", "kind": "rate", **row}


@pytest.mark.parametrize(
    ("value", "qualifier", "target", "higher", "expected"),
    [
        (19, "exact", 15, True, "met"),
        (14.9, "exact", 15, True, "not met"),
        (3.2, "exact", 4.5, False, "met"),  # unemployment below its ceiling
        (80, "more_than", 80, True, "met"),
        (76, "more_than", 77, True, "uncertain"),  # more than 76 may reach 77
        (80, "nearly", 80, True, "uncertain"),  # nearly 80 may fall short
        (82, "nearly", 80, True, "uncertain"),  # nearly 82: at most 82, maybe below 80
        (85, "at_most", 80, True, "uncertain"),
        (85, "less_than", 80, True, "uncertain"),
        (3.0, "more_than", 4.5, False, "uncertain"),  # more than 3% may pass a 4.5% ceiling
        (5.0, "more_than", 4.5, False, "not met"),
        (70, "at_most", 80, True, "not met"),
        (75.56, "exact", 77, True, "not met"),
    ],
)
def test_verdict_reads_bounds(value, qualifier, target, higher, expected):
    assert verdict(value, qualifier, target, higher) == expected


def test_target_of_the_same_region_and_its_gap():
    table = coverage_table(
        make_indicators(
            [
                rate(indicator_id="signing", region="Zhangdian", as_of="2023-08-31", value=75.0),
                rate(
                    indicator_id="signing",
                    region="Zhangdian",
                    as_of="2023-12-31",
                    value=77.0,
                    status="target",
                    qualifier="at_least",
                ),
            ]
        )
    )
    (row,) = table.itertuples()
    assert (row.value, row.target, row.gap_pp, row.verdict) == (75.0, 77.0, -2.0, "not yet due")
    assert row.target_as_of == pd.Timestamp("2023-12-31")


def test_standard_of_a_parent_region_applies():
    table = coverage_table(
        make_indicators(
            [
                rate(indicator_id="standard", region="Zibo", as_of="2021-11-10", value=19.0),
                rate(
                    indicator_id="standard",
                    region="Shandong",
                    as_of="2021-11-10",
                    value=15.0,
                    status="target",
                ),
            ]
        ),
        regions=REGIONS,
    )
    (row,) = table.itertuples()
    assert (row.target, row.target_region, row.gap_pp, row.verdict) == (
        15.0,
        "Shandong",
        4.0,
        "met",
    )


def test_target_of_another_region_never_applies():
    table = coverage_table(
        make_indicators(
            [
                rate(indicator_id="signing", region="Xuecheng", as_of="2025-10-16", value=75.56),
                rate(
                    indicator_id="signing",
                    region="Zhangdian",
                    as_of="2023-12-31",
                    value=77.0,
                    status="target",
                ),
            ]
        ),
        regions=REGIONS,
    )
    by_region = table.set_index("region")
    assert by_region.loc["Xuecheng", "verdict"] == "no target"
    assert by_region.loc["Zhangdian", "verdict"] == "no actual yet"
    assert math.isnan(by_region.loc["Zhangdian", "value"])


def test_counts_are_not_coverage():
    table = coverage_table(
        make_indicators(
            [{"indicator_id": "stations", "region": "Zibo", "as_of": "2021-11-10", "value": 101}]
        )
    )
    assert table.empty


def test_regions_side_by_side_with_their_dates():
    table = compare_regions(
        make_indicators(
            [
                rate(
                    indicator_id="screening",
                    region="Zibo",
                    as_of="2021-12-01",
                    value=91.27,
                    doc_id="zibo",
                ),
                rate(
                    indicator_id="screening",
                    region="Xuecheng",
                    as_of="2025-10-16",
                    value=93.07,
                    doc_id="xuecheng",
                ),
                rate(indicator_id="only_one", region="Zibo", as_of="2021-12-01", value=50.0),
            ]
        )
    )
    assert table["indicator_id"].tolist() == ["screening", "screening"]
    assert table["region"].tolist() == ["Zibo", "Xuecheng"]
    assert table["years_apart"].tolist() == [3.9, 3.9]
    assert table["label"].tolist() == ["91.27% (2021-12)", "93.07% (2025-10)"]


def test_denominator_bounds_follow_printed_precision():
    assert denominator_bounds(149, "149家", 99.33, "99.33%") == (150.0, 150.0)
    assert denominator_bounds(20, "20家", 19, "19%") == (103.0, 108.0)
    low, high = denominator_bounds(78_000, "7.8万余人", 75.92, "75.92%", "more_than")
    assert low == math.ceil(78_000 / 0.75925) and math.isinf(high)  # 余: at least 78,000
    low, high = denominator_bounds(20, "20家", 19, "19%", rate_qualifier="more_than")
    assert (low, high) == (20.0, 105.0)  # more than 19%: at most 20 / 0.19 institutions


def test_a_target_set_later_does_not_judge_an_earlier_figure():
    table = coverage_table(
        make_indicators(
            [
                rate(
                    indicator_id="screening",
                    region="Zibo",
                    as_of="2021-12-01",
                    value=91.27,
                    doc_id="old",
                ),
                rate(
                    indicator_id="screening",
                    region="Zibo",
                    as_of="2026-12-31",
                    value=95.0,
                    status="target",
                    doc_id="new",
                    published="2025-10-16",
                ),
            ]
        )
    )
    assert table.set_index("doc_id").loc["old", "verdict"] == "no target"


def test_a_goal_for_the_years_end_is_not_yet_due_mid_year_and_judges_at_its_date():
    goal = rate(indicator_id="signing", region="Luoyang", as_of="2024-12-31", value=80.0,
                status="target", qualifier="at_least", doc_id="mid", published="2024-07-25")  # fmt: skip
    table = coverage_table(
        make_indicators(
            [
                rate(indicator_id="signing", region="Luoyang", as_of="2024-06-30", value=76.3,
                     doc_id="mid", published="2024-07-25"),
                rate(indicator_id="signing", region="Luoyang", as_of="2024-12-31", value=79.1,
                     doc_id="year", published="2025-02-10"),
                goal,
            ]
        )
    ).set_index("doc_id")  # fmt: skip
    assert table.loc["mid", "verdict"] == "not yet due"
    assert table.loc["year", "verdict"] == "not met"


def test_a_cap_is_judged_at_every_date_before_its_own():
    cap = rate(indicator_id="unemployment", region="Luoyang", as_of="2024-12-31", value=4.5,
               status="target", qualifier="at_most", doc_id="mid", published="2024-07-25")  # fmt: skip
    table = coverage_table(
        make_indicators(
            [
                rate(indicator_id="unemployment", region="Luoyang", as_of="2024-06-30", value=4.8,
                     doc_id="mid", published="2024-07-25", higher_is_better=False),
                cap,
            ]
        )
    )  # fmt: skip
    assert table.dropna(subset=["value"])["verdict"].tolist() == ["not met"]


def test_last_years_result_is_not_judged_by_this_years_cap_in_the_same_article():
    table = coverage_table(
        make_indicators(
            [
                rate(indicator_id="unemployment", region="Luoyang", as_of="2023-12-31", value=3.33,
                     doc_id="feb", published="2024-02-20", higher_is_better=False),
                rate(indicator_id="unemployment", region="Luoyang", as_of="2024-12-31", value=4.5,
                     status="target", qualifier="at_most", doc_id="feb", published="2024-02-20"),
            ]
        )
    )  # fmt: skip
    judged = table.dropna(subset=["value"])
    assert judged["verdict"].tolist() == ["no target"]
    assert table["verdict"].tolist().count("no actual yet") == 1


def test_implied_denominator_of_elderly_signing():
    table = implied_denominators(
        make_indicators(
            [
                {
                    "indicator_id": "elderly_signed",
                    "region": "Xuecheng",
                    "as_of": "2025-10-16",
                    "value": 78_000,
                    "unit": "人",
                    "qualifier": "more_than",
                    "mention": "7.8万余人",
                    "kind": "stock",
                },
                rate(
                    indicator_id="elderly_signing_rate",
                    region="Xuecheng",
                    as_of="2025-10-16",
                    value=75.92,
                    numerator_id="elderly_signed",
                    mention="75.92%",
                ),
            ]
        )
    )
    (row,) = table.itertuples()
    assert row.denominator == round(78_000 / 0.7592)  # about 102,740 people aged 65+
    assert row.count_qualifier == "more_than"


def test_target_derived_from_a_stated_gap():
    # 城镇登记失业率3.2%，低于省控目标1.3个百分点: the provincial ceiling is 4.5%
    table = coverage_table(
        make_indicators(
            [
                rate(
                    indicator_id="unemployment",
                    region="Zibo",
                    as_of="2021-10-31",
                    value=3.2,
                    higher_is_better=False,
                    mention="3.2%",
                ),
                {
                    "indicator_id": "unemployment_gap",
                    "region": "Zibo",
                    "as_of": "2021-10-31",
                    "value": 1.3,
                    "kind": "change",
                    "unit": "percentage_point",
                    "gap_of": "unemployment",
                    "gap_direction": "below",
                    "mention": "1.3个百分点",
                },
            ]
        )
    )
    (row,) = table.itertuples()
    assert (row.target, row.gap_pp, row.verdict) == (4.5, -1.3, "met")
    assert row.target_source == "derived: 3.2% is 1.3个百分点 below it"


def test_real_unemployment_meets_its_derived_ceiling(real_indicators):
    row = (
        coverage_table(real_indicators)
        .set_index("indicator_id")
        .loc["urban_registered_unemployment_rate"]
    )
    assert (row["value"], row["target"], row["verdict"]) == (3.2, 4.5, "met")


def test_real_screening_compared_across_regions(real_indicators):
    table = compare_regions(real_indicators, ["rural_two_cancer_screening_coverage"]).set_index(
        "region"
    )
    assert table.loc["Zibo", "value"] == 91.27 and table.loc["Xuecheng", "value"] == 93.07
    assert table.loc["Zibo", "years_apart"] == 3.9


def test_real_implied_denominators(real_indicators):
    table = implied_denominators(real_indicators).set_index("indicator_id")
    assert table.loc[
        "random_inspection_completion_rate", ["denominator_low", "denominator_high"]
    ].tolist() == [150, 150]
    assert table.loc["elderly_family_doctor_signing_rate", "denominator"] == round(78_000 / 0.7592)


def test_notebook_selection_by_region_and_window():
    from zibo_analysis.parameters import select

    table = make_indicators(
        [
            rate(indicator_id="a", region="Zibo", as_of="2021-12-01", value=1.0),
            rate(indicator_id="a", region="Xuecheng", as_of="2025-10-16", value=2.0),
        ]
    )
    assert select(table, regions="all")["region"].tolist() == ["Zibo", "Xuecheng"]
    assert select(table, regions="Zibo")["region"].tolist() == ["Zibo"]
    assert select(table, regions=["Xuecheng"], end="2025-12-31")["region"].tolist() == ["Xuecheng"]
    assert select(table, start="2022-01-01")["region"].tolist() == ["Xuecheng"]


# ------------------------------------------------------ rates of any base --


def test_rates_per_mille_and_per_100k_are_kept_each_judged_in_its_own_base():
    table = coverage_table(
        make_indicators(
            [
                rate(
                    indicator_id="maternal_mortality",
                    unit="per_100k",
                    region="Zibo",
                    as_of="2024-12-31",
                    value=9.8,
                    higher_is_better=False,
                ),
                rate(
                    indicator_id="maternal_mortality",
                    unit="per_100k",
                    region="Zibo",
                    as_of="2024-12-31",
                    value=12.0,
                    status="target",
                    qualifier="at_most",
                    higher_is_better=False,
                ),
                rate(
                    indicator_id="infant_mortality",
                    unit="per_mille",
                    region="Zibo",
                    as_of="2024-12-31",
                    value=2.3,
                    higher_is_better=False,
                ),
                rate(indicator_id="screening", region="Zibo", as_of="2024-12-31", value=91.5),
            ]
        )
    )
    by_id = table.set_index("indicator_id")
    assert sorted(by_id.index) == ["infant_mortality", "maternal_mortality", "screening"]
    assert by_id.loc["maternal_mortality", "unit"] == "per_100k"
    assert (
        by_id.loc["maternal_mortality", "target"],
        by_id.loc["maternal_mortality", "verdict"],
    ) == (12.0, "met")
    assert by_id.loc["maternal_mortality", "gap_pp"] == pytest.approx(-2.2)
    assert by_id.loc["infant_mortality", "verdict"] == "no target"


def test_a_target_in_another_base_never_judges_a_rate():
    table = coverage_table(
        make_indicators(
            [
                rate(
                    indicator_id="infant_mortality",
                    unit="per_mille",
                    region="Zibo",
                    as_of="2024-12-31",
                    value=2.3,
                    higher_is_better=False,
                ),
                rate(
                    indicator_id="infant_mortality",
                    unit="percent",
                    region="Zibo",
                    as_of="2025-12-31",
                    value=0.5,
                    status="target",
                    higher_is_better=False,
                ),
            ]
        )
    )
    actual = table[table["value"].notna()].iloc[0]
    assert actual["verdict"] == "no target"


def test_regions_compared_in_per_mille_label_their_base():
    table = compare_regions(
        make_indicators(
            [
                rate(
                    indicator_id="infant_mortality",
                    unit="per_mille",
                    region="Zibo",
                    as_of="2024-12-31",
                    value=2.3,
                ),
                rate(
                    indicator_id="infant_mortality",
                    unit="per_mille",
                    region="Xuecheng",
                    as_of="2024-12-31",
                    value=3.1,
                ),
            ]
        )
    )
    assert table["label"].tolist() == ["2.3‰ (2024-12)", "3.1‰ (2024-12)"]


def test_implied_denominator_of_a_rate_per_100k():
    rows = make_indicators(
        [
            {
                "indicator_id": "maternal_deaths",
                "region": "Zibo",
                "as_of": "2024-12-31",
                "value": 3,
                "unit": "例",
                "mention": "3例",
            },
            rate(
                indicator_id="maternal_mortality",
                unit="per_100k",
                region="Zibo",
                as_of="2024-12-31",
                value=12.5,
                mention="12.5/10万",
                numerator_id="maternal_deaths",
            ),
        ]
    )
    (row,) = implied_denominators(rows).itertuples()
    # 3 deaths at 12.45 to 12.55 per 100,000: 23,905 to 24,096 births
    assert (row.denominator, row.denominator_low, row.denominator_high) == (
        24000.0,
        23905.0,
        24096.0,
    )


def test_a_decrease_bounded_by_more_than_is_at_least_that_large():
    from zibo_analysis.coverage import truth_range

    assert truth_range(-3900, "more_than") == (-math.inf, -3900)
    assert truth_range(-80, "nearly") == (-80, math.inf)
