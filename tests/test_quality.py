"""Each quality rule on a small fixture; a rising series is never flagged as falling."""

from __future__ import annotations

from conftest import make_indicators

from zibo_analysis.quality import FLAG_COLUMNS, quality_flags


def series(
    values,
    kind="cumulative",
    dates=("2021-01-01", "2021-07-01", "2022-01-01", "2022-07-01"),
    **extra,
):
    return [
        {
            "indicator_id": "visits",
            "region": "Zibo",
            "as_of": d,
            "value": v,
            "kind": kind,
            "doc_id": f"doc-{i}",
            **extra,
        }
        for i, (d, v) in enumerate(zip(dates, values, strict=False))
    ]


def test_columns_are_the_contract():
    assert (
        list(quality_flags(make_indicators(series([1, 2])))).__getitem__(slice(0, 5))
        == FLAG_COLUMNS[:5]
    )
    assert FLAG_COLUMNS[:5] == ["indicator_id", "region", "kind", "detail", "doc_ids"]


def test_cumulative_count_going_down_is_flagged():
    flags = quality_flags(make_indicators(series([24, 6], dates=("2021-11-10", "2021-12-01"))))
    (flag,) = flags.itertuples()
    assert (flag.kind, flag.doc_ids) == ("count_went_down", "doc-0, doc-1")
    assert (
        "went down from 24" in flag.detail
        and "to 6" in flag.detail
        and "running total cannot fall" in flag.detail
    )


def test_stock_going_down_says_it_may_be_real():
    (flag,) = quality_flags(make_indicators(series([17, 16], kind="stock"))).itertuples()
    assert flag.kind == "count_went_down" and "a stock can fall" in flag.detail


def test_rising_series_is_never_flagged_as_falling():
    flags = quality_flags(make_indicators(series([101, 102, 110, 123])))
    assert "count_went_down" not in set(flags["kind"])


def test_flows_may_fall():
    assert quality_flags(make_indicators(series([50, 10], kind="flow"))).empty


def test_two_reports_of_one_date_disagree():
    rows = [
        {
            "indicator_id": "stations",
            "region": "Zibo",
            "as_of": "2021-12-01",
            "value": 102,
            "doc_id": "a",
        },
        {
            "indicator_id": "stations",
            "region": "Zibo",
            "as_of": "2021-12-01",
            "value": 103,
            "doc_id": "b",
        },
    ]
    (flag,) = quality_flags(make_indicators(rows)).itertuples()
    assert flag.kind == "reports_disagree" and flag.doc_ids == "a, b" and "disagree" in flag.detail


def test_rate_outside_0_to_100():
    (flag,) = quality_flags(
        make_indicators(series([143], kind="rate", unit="percent"))
    ).itertuples()
    assert flag.kind == "rate_out_of_range" and "143%" in flag.detail


def test_rate_and_count_that_cannot_share_a_denominator():
    rows = [
        {"indicator_id": "screened", "region": "Zibo", "as_of": "2021-12-01", "value": 2, "unit": "人", "mention": "2人"},
        {"indicator_id": "screening_rate", "region": "Zibo", "as_of": "2021-12-01", "value": 50.5, "unit": "percent",
         "kind": "rate", "numerator_id": "screened", "mention": "50.50%"},
        {"indicator_id": "done", "region": "Zibo", "as_of": "2021-12-01", "value": 149, "unit": "家", "mention": "149家"},
        {"indicator_id": "done_rate", "region": "Zibo", "as_of": "2021-12-01", "value": 99.33, "unit": "percent",
         "kind": "rate", "numerator_id": "done", "mention": "99.33%"},
    ]  # fmt: skip
    (flag,) = quality_flags(make_indicators(rows)).itertuples()
    assert (flag.kind, flag.indicator_id) == ("denominator_mismatch", "screening_rate")
    assert "no whole population gives 50.50% from 2人" in flag.detail


def test_jump_far_outside_the_series_pace():
    flags = quality_flags(make_indicators(series([100, 102, 104, 160], kind="stock")))
    (flag,) = flags.itertuples()
    assert flag.kind == "jump" and "104" in flag.detail and "160" in flag.detail


def test_steady_series_has_no_jump():
    assert quality_flags(make_indicators(series([100, 110, 120, 131], kind="stock"))).empty


def test_real_data_flags(real_indicators):
    flags = quality_flags(real_indicators)
    found = set(zip(flags["kind"], flags["indicator_id"], strict=True))
    assert ("count_went_down", "business_deputy_directors_dispatched") in found  # 24名 then 6名
    assert ("count_went_down", "provincial_key_clinical_specialties") in found  # 17个 then 16个
    assert ("count_went_down", "famous_doctor_stations") not in found  # 101, 102, 123 rises


def test_kinds_keeps_only_those_flags():
    rows = series([24, 6], dates=("2021-11-10", "2021-12-01")) + series(
        [143], kind="rate", unit="percent"
    )
    kinds = set(quality_flags(make_indicators(rows), kinds=["rate_out_of_range"])["kind"])
    assert kinds == {"rate_out_of_range"}
