"""Parameters and selections: every value checked against the data, empty selections said in words."""

from __future__ import annotations

import pandas as pd
import pytest

from zibo_analysis import coverage, growth, parameters, plots, quality
from zibo_analysis.config import PROCESSED_DIR


@pytest.fixture(scope="module")
def valid():
    return parameters.valid_values(PROCESSED_DIR / "indicators.csv")


def test_valid_values_come_from_the_data(valid):
    assert valid["region"] == ["Xuecheng", "Zhangdian", "Zibo", "Zichuan"]
    assert "famous_doctor_stations" in valid["indicator"]
    assert valid["lang"] == ["en", "zh"]
    assert "count_went_down" in valid["flag_kind"]


def test_unknown_region_suggests_the_right_spelling(valid):
    problems = parameters.parameter_problems({"region": "zibo"}, valid)
    assert problems == [
        'region: unknown region "zibo"; did you mean "Zibo"? '
        "(valid: all, Xuecheng, Zhangdian, Zibo, Zichuan)"
    ]


def test_a_region_or_indicator_given_by_its_name_is_told_its_id(valid):
    problems = parameters.parameter_problems(
        {"region": "淄博市", "regions": ["Zhangdian"], "indicator_ids": ["城镇新增就业"]}, valid
    )
    assert problems[0] == (
        'region: unknown region "淄博市"; write its id "Zibo" (淄博市 is its name) '
        "(valid: all, Xuecheng, Zhangdian, Zibo, Zichuan)"
    )
    assert problems[1].startswith(
        'indicator_ids: unknown indicator "城镇新增就业"; write its id "urban_new_jobs" '
    )
    assert len(problems) == 2


def test_unknown_indicator_lists_a_few_not_all_224(valid):
    [problem] = parameters.parameter_problems({"indicator_ids": ["famous_doctor_station"]}, valid)
    assert 'did you mean "famous_doctor_stations"?' in problem
    assert len(problem) < 400
    assert f"{len(valid['indicator'])} valid values" in problem


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"lang": "fr"}, 'unknown language "fr"'),
        ({"flag_kinds": ["count_went_dwn"]}, 'did you mean "count_went_down"'),
        ({"topics": ["health"]}, 'unknown topic "health"'),
        ({"regions": "Zibo"}, 'expected a list such as ["'),
        ({"start": "2022/01/01"}, "write it as YYYY-MM-DD"),
        ({"end": "2022-02-30"}, "is not a date"),
        ({"start": "2025-01-01", "end": "2024-12-31"}, "is after end 2024-12-31"),
        ({"min_points": 1}, "2 or more"),
        ({"projection_level": -5}, "must be 0 (half as much again as the last report) or above"),
        ({"projection_indicator": "nowhere"}, 'unknown indicator "nowhere"'),
    ],
)
def test_each_bad_value_is_named(valid, params, needle):
    problems = parameters.parameter_problems(params, valid)
    assert len(problems) == 1 and needle in problems[0], problems


def test_all_problems_are_reported_together(valid):
    bad = {"region": "Nowhere", "lang": "fr", "start": "soon"}
    assert len(parameters.parameter_problems(bad, valid)) == 3


def test_the_defaults_of_every_notebook_are_valid(valid):
    from zibo_analysis.config import NOTEBOOKS_DIR
    from zibo_analysis.report import declared_parameters

    for notebook in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        defaults = {k: d.default for k, d in declared_parameters(notebook).items()}
        assert parameters.parameter_problems(defaults, valid) == [], notebook.name


def test_check_parameters_in_a_notebook_raises_one_error(real_indicators):
    with pytest.raises(ValueError, match='did you mean "Xuecheng"') as err:
        parameters.check_parameters(real_indicators, region="Xuechen", lang="fr")
    assert str(err.value).count("\n") == 1


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda t: growth.growth_table(t, region="zibo"), 'did you mean "Zibo"'),
        (
            lambda t: growth.trend_table(t, indicator_ids=["famous_doctor_station"]),
            "famous_doctor_stations",
        ),
        (lambda t: quality.quality_flags(t, kinds=["count_went_dwn"]), "count_went_down"),
        (lambda t: coverage.coverage_table(t, topics=["public-health"]), "public_health"),
        (lambda t: coverage.compare_regions(t, indicator_ids=["nope"]), 'unknown indicator "nope"'),
        (lambda t: plots.plot_growth(t, region="Nowhere"), 'unknown region "Nowhere"'),
    ],
)
def test_library_functions_refuse_a_typo(real_indicators, call, needle):
    with pytest.raises(ValueError, match=needle):
        call(real_indicators)


def test_all_means_every_region(real_indicators):
    assert len(growth.growth_table(real_indicators, region="all")) == len(
        growth.growth_table(real_indicators)
    )


def test_compare_regions_on_one_region_is_empty_not_an_error(real_indicators):
    one = parameters.select(real_indicators, regions=["Xuecheng"])
    assert coverage.compare_regions(one).empty


def test_empty_window_says_so():
    note = plots.display_table(
        pd.DataFrame(),
        empty="No coverage rates for Xuecheng between 2030-01-01 and 2030-12-31.",
    )
    assert isinstance(note, plots.Note)
    assert "2030-01-01" in note._repr_html_()


def test_plotting_nothing_says_why(real_indicators):
    empty = coverage.coverage_table(parameters.select(real_indicators, start="2030-01-01"))
    with pytest.raises(ValueError, match="nothing to plot"):
        plots.plot_coverage(empty)


def test_min_points_two_fits_nothing_without_an_interval(real_indicators):
    trends = growth.trend_table(real_indicators, region="Zibo", min_points=2)
    two = trends[trends["n_obs"] == 2]
    assert len(two) and (two["model"] == "none").all()
    assert trends.loc[trends["n_obs"] >= 3, "slope_low"].notna().all()
