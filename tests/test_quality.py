"""Each quality rule on a small fixture; a rising series is never flagged as falling."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from conftest import make_indicators

from zibo_analysis import quality
from zibo_analysis.quality import FLAG_COLUMNS, quality_flags
from zibo_analysis.vocab import BREAK_KINDS, FLAG_KINDS


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
    assert (flag.kind, flag.doc_ids) == ("count_went_down", ["doc-0", "doc-1"])
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
    assert (
        flag.kind == "reports_disagree" and flag.doc_ids == ["a", "b"] and "disagree" in flag.detail
    )


def test_rate_outside_0_to_100():
    (flag,) = quality_flags(
        make_indicators(series([143], kind="rate", unit="percent"))
    ).itertuples()
    assert flag.kind == "rate_out_of_range" and "143%" in flag.detail


def test_rate_and_count_that_cannot_share_a_denominator():
    rows = [
        {
            "indicator_id": "screened",
            "region": "Zibo",
            "as_of": "2021-12-01",
            "value": 2,
            "unit": "人",
            "mention": "2人",
        },
        {
            "indicator_id": "screening_rate",
            "region": "Zibo",
            "as_of": "2021-12-01",
            "value": 50.5,
            "unit": "percent",
            "kind": "rate",
            "numerator_id": "screened",
            "mention": "50.50%",
        },
        {
            "indicator_id": "done",
            "region": "Zibo",
            "as_of": "2021-12-01",
            "value": 149,
            "unit": "家",
            "mention": "149家",
        },
        {
            "indicator_id": "done_rate",
            "region": "Zibo",
            "as_of": "2021-12-01",
            "value": 99.33,
            "unit": "percent",
            "kind": "rate",
            "numerator_id": "done",
            "mention": "99.33%",
        },
    ]
    (flag,) = quality_flags(make_indicators(rows)).itertuples()
    assert (flag.kind, flag.indicator_id) == ("denominator_mismatch", "screening_rate")
    assert "no whole population gives 50.50% from 2人" in flag.detail


def test_jump_far_outside_the_series_pace():
    flags = quality_flags(make_indicators(series([100, 102, 104, 160], kind="stock")))
    (flag,) = flags.itertuples()
    assert flag.kind == "jump" and "104" in flag.detail and "160" in flag.detail


def test_a_jump_its_own_article_states_is_no_typo_and_large_paces_read_in_full():
    years = ("2020-12-31", "2021-12-31", "2022-12-31", "2023-12-31")
    rows = [
        {
            **r,
            "unit": "人次",
            "mention": f"{r['value'] / 1e8:.2f}亿人次",
            "period_start": f"{r['as_of'][:4]}-01-01",
        }
        for r in series([100e6, 102e6, 104e6, 160e6], kind="flow", dates=years)
    ]
    stated = {"indicator_id": "visits_change", "region": "Zibo", "as_of": "2023-12-31", "value": 56e6,
              "kind": "change", "unit": "人次", "doc_id": "doc-3", "mention": "0.56亿人次",
              "change_of": "visits", "change_base": "previous_year", "period_start": "2023-01-01"}  # fmt: skip

    def table(found):
        return make_indicators(found).assign(
            period_start=lambda t: pd.to_datetime(t["period_start"])
        )

    (flag,) = quality_flags(table(rows), kinds=["jump"]).itertuples()
    # 56,000,000 in 365 days against 4,000,000 in 730: in full, not +4.67e+06
    assert "+4,669,863 a month against +166,781 a month" in flag.detail
    assert quality_flags(table([*rows, stated]), kinds=["jump"]).empty


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


# ------------------------------------------------------------ severity --


def test_every_flag_says_how_sure_it_is():
    rows = series([24, 6], dates=("2021-11-10", "2021-12-01")) + [
        {**r, "indicator_id": "beds"} for r in series([17, 16], kind="stock")
    ]
    flags = quality_flags(make_indicators(rows)).set_index("indicator_id")
    assert flags.loc["visits", "severity"] == "error"  # a running total cannot fall
    assert flags.loc["beds", "severity"] == "check"  # a stock may
    assert list(quality_flags(make_indicators(rows)).columns) == FLAG_COLUMNS
    assert FLAG_COLUMNS[-2:] == ["obs_ids", "severity"]


def test_errors_come_before_checks():
    rows = series([17, 16], kind="stock") + [
        {**r, "indicator_id": "zz_visits"} for r in series([24, 6])
    ]
    assert quality_flags(make_indicators(rows))["severity"].tolist() == ["error", "check"]


def test_the_new_kinds_are_in_the_vocabulary():
    assert FLAG_KINDS[:5] == (
        "count_went_down",
        "reports_disagree",
        "rate_out_of_range",
        "denominator_mismatch",
        "jump",
    )
    assert set(BREAK_KINDS) == {"populations_differ", "scope_mislabelled"} < set(FLAG_KINDS)
    assert {"descriptions_differ", "coverage_claim", "parts_do_not_add_up"} < set(FLAG_KINDS)


# ------------------------------------------------------------ real data --


@pytest.fixture(scope="module")
def real_tables() -> dict:
    """Regions, article texts and catalog, as the quality page passes them."""
    from zibo_analysis.config import RAW_DIR
    from zibo_analysis.dataset import load_catalog, load_regions, load_sources

    sources = load_sources()
    texts = [(RAW_DIR / f).read_text(encoding="utf-8") for f in sources["source_file"]]
    return {
        "regions": load_regions(),
        "articles": sources.assign(text=texts)[["doc_id", "text"]],
        "catalog": load_catalog(),
    }


@pytest.fixture(scope="module")
def real_flags(real_indicators, real_tables) -> pd.DataFrame:
    return quality_flags(real_indicators, **real_tables)


def test_real_data_every_flag(real_flags):
    found = list(
        zip(
            real_flags["severity"],
            real_flags["kind"],
            real_flags["indicator_id"],
            real_flags["region"],
            strict=True,
        )
    )
    assert found == [
        ("error", "count_went_down", "business_deputy_directors_dispatched", "Zibo"),
        ("check", "count_went_down", "provincial_key_clinical_specialties", "Zibo"),
        ("check", "populations_differ", "primary_institutions_basic_standard_rate", "Zibo"),
        ("check", "scope_mislabelled", "roving_clinic_dispatches", "Zichuan"),
        ("check", "descriptions_differ", "famous_doctor_sending_hospitals", "Zibo"),
        ("check", "coverage_claim", "rural_two_cancer_screening_coverage", "Zibo"),
    ]
    assert "famous_doctor_stations" not in set(real_flags["indicator_id"])  # 101, 102, 123


def _detail(flags: pd.DataFrame, kind: str) -> str:
    (detail,) = flags.loc[flags["kind"] == kind, "detail"]
    return detail


def test_real_basic_standard_rates_count_different_sets(real_flags):
    # zibo-2021-11: 20家 at 19% needs 103 to 108 institutions, and 94.44% is only 102/108 there
    detail = _detail(real_flags, "populations_differ")
    assert "in zibo-2021-11 the population is 108" in detail
    assert "104/108 is 96.30% and 105/108 is 97.22%" in detail


def test_real_roving_clinic_figure_given_to_zichuan_and_zibo(real_flags):
    detail = _detail(real_flags, "scope_mislabelled")
    assert "11083人次 (zibo-2021-11" in detail and "1.15万人次 (zibo-2021-12-01" in detail


def test_real_37_hospitals_described_three_ways(real_flags):
    detail = _detail(real_flags, "descriptions_differ")
    assert "二级以上公立医院及三级民营医院" in detail and "「二级以上医院派出」" in detail
    assert "二级以上医疗机构" in detail


def test_real_full_coverage_of_two_cancer_screening_at_91_percent(real_flags):
    detail = _detail(real_flags, "coverage_claim")
    assert "实现妇女“两癌”免费检查城乡全覆盖" in detail and "91.27%" in detail


def test_real_parts_add_up(real_indicators, real_tables):
    # 共建成创业示范平台15家，其中国家级1家、省级10家: some of the 15, not more than it
    flags = quality_flags(real_indicators, kinds=["parts_do_not_add_up"], **real_tables)
    assert flags.empty


def test_flags_for_reading_show_severity_and_quotes(real_indicators, real_flags):
    shown = quality.flags_for_reading(real_flags, real_indicators, lang="zh")
    assert list(shown.columns[:2]) == ["severity", "kind"]
    row = shown[shown["kind"] == "scope_mislabelled"].iloc[0]
    assert row["indicator"] == "巡诊派出人次"
    assert row["quotes"] == [
        "「累计派出11083人次到医疗服务点开展巡诊服务」（zibo-2021-11）",
        "「已累计派出1.15万人次到医疗服务点开展巡诊服务」（zibo-2021-12-01）",
    ]


def test_flags_keep_their_articles_dates_and_rows_as_lists_and_the_file_joins_them(
    real_flags, tmp_path
):
    from zibo_analysis.dataset import load_reviewed_flags
    from zibo_analysis.files import csv_text

    assert all(isinstance(v, list) for c in ("doc_ids", "as_of", "obs_ids") for v in real_flags[c])
    flag = real_flags.iloc[0]
    written = pd.read_csv(io.StringIO(csv_text(real_flags)), dtype=str).iloc[0]
    assert written["as_of"] == ", ".join(flag["as_of"]) and written["obs_ids"] == ", ".join(
        flag["obs_ids"]
    )
    # an analyst copies the dates from quality_flags.csv into reviewed_flags.csv; read back, a list
    (tmp_path / "reviewed_flags.csv").write_text(
        f"kind,indicator_id,region,as_of,note\n{flag['kind']},{flag['indicator_id']},{flag['region']},"
        f'"{written["as_of"]}",checked\n',
        encoding="utf-8",
    )
    reviewed = load_reviewed_flags(tmp_path / "reviewed_flags.csv")
    assert reviewed.loc[0, "as_of"] == flag["as_of"]
    assert quality.review_flags(real_flags.iloc[:1], pd.DataFrame(columns=["obs_id"]), reviewed)[
        "reviewed"
    ].all()


def test_a_flag_in_chinese_names_the_indicator_and_region_in_chinese(real_indicators, real_tables):
    (detail,) = quality_flags(
        real_indicators, kinds=["scope_mislabelled"], lang="zh", **real_tables
    )["detail"]
    assert detail.startswith(
        "巡诊派出人次：淄川区的11083人次（zibo-2021-11，截至2021-11-10）与包含它的淄博市的"
        "1.15万人次（zibo-2021-12-01，截至2021-12-01）相隔21天"
    )
    assert "请核查淄博市的数字是否其实属于淄川区（或相反）" in detail


def test_a_falling_count_says_so_in_either_language():
    rows = make_indicators(series([10, 8], indicator_zh="巡诊次数", indicator_en="Roving visits"))
    (english,) = quality_flags(rows)["detail"]
    (chinese,) = quality_flags(rows, lang="zh")["detail"]
    assert english.startswith(
        "Roving visits (巡诊次数) in Zibo went down from 10个 (doc-0, as of 2021-01-01)"
    )
    assert chinese.startswith(
        "巡诊次数（Zibo）从10个（doc-0，截至2021-01-01）降至8个（doc-1，截至2021-07-01）：累计数不会减少"
    )


def test_a_review_says_where_it_is_written_in_the_page_language():
    flags = pd.DataFrame(
        {
            "indicator_id": ["x"],
            "region": ["A"],
            "kind": ["jump"],
            "detail": ["..."],
            "doc_ids": ["a, b"],
            "as_of": ["2021-01-01, 2022-01-01"],
            "obs_ids": ["a:1, b:1"],
            "severity": ["check"],
        }
    )
    reviewed = pd.DataFrame(
        {
            "kind": ["jump"],
            "indicator_id": ["x"],
            "region": ["A"],
            "as_of": ["2021-01-01, 2022-01-01"],
            "note": ["checked"],
            "line": [7],
        }
    )
    shown = quality.review_flags(flags, pd.DataFrame(columns=["obs_id"]), reviewed, lang="zh")
    assert shown.loc[0, "reviewed_in"] == "data/reviewed_flags.csv 第7行"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang must be one of en, zh"):
        quality_flags(make_indicators(series([1, 2])), lang="fr")
