"""Periods, signs and caps as `facts` reads them: every figure knows the span it covers, a
change carries the sign its words give, and a cap beside a measured figure is its target.

The sentences are ours, in the manner of several provinces' releases, each rule in
simplified and in traditional script.
"""

from __future__ import annotations

import pandas as pd
import pytest

from zibo_analysis.facts import find_facts, load_matcher
from zibo_analysis.facts.time import find_times


def fact(text: str, number: str, published: str, catalog=None):
    """The fact whose text starts with ``number``."""
    found = [f for f in find_facts(text, published, "淄博市", catalog) if f.text.startswith(number)]
    assert found, [f.text for f in find_facts(text, published, "淄博市", catalog)]
    return found[0]


def both(simplified: str, traditional: str):
    return pytest.mark.parametrize(
        "text", [simplified, traditional], ids=["simplified", "traditional"]
    )


# ------------------------------------------------------------------- periods --


@both(
    "1—7月，全市城镇新增就业4.3万人，完成年度目标的71%。",
    "1—7月，全市城鎮新增就業4.3萬人，完成年度目標的71%。",
)
def test_year_to_date_flow_spans_january_to_month(text):
    f = fact(text, "4.3", "2018-08-10")
    assert (f.period_start, f.as_of, f.kind) == ("2018-01-01", "2018-07-31", "flow")


@pytest.mark.parametrize(
    ("text", "number", "published", "period_start", "as_of"),
    [
        ("上半年，全省城镇新增就业62.8万人。", "62.8", "2023-07-25", "2023-01-01", "2023-06-30"),
        ("前三季度，全区新增市场主体1.2万户。", "1.2", "2022-10-20", "2022-01-01", "2022-09-30"),
        ("一季度，全市发放创业担保贷款3.6亿元。", "3.6", "2024-04-18", "2024-01-01", "2024-03-31"),
        (
            "今年以来，全县累计培训农民工5600人次。",
            "5600",
            "2024-06-12",
            "2024-01-01",
            "2024-06-12",
        ),
        (
            "2021—2023年，全市城镇新增就业20.5万人。",
            "20.5",
            "2024-03-01",
            "2021-01-01",
            "2023-12-31",
        ),
        ("“十三五”期间，全市城镇新增就业38万人。", "38", "2021-02-01", "2016-01-01", "2020-12-31"),
        (
            "自2019年3月启动以来，累计发放就业补贴3000万元。",
            "3000",
            "2024-03-01",
            "2019-03-01",
            "2024-03-01",
        ),
        ("自政策实施以来，累计发放就业补贴3000万元。", "3000", "2024-03-01", "", "2024-03-01"),
        ("上半年，全省城鎮新增就業62.8萬人。", "62.8", "2023-07-25", "2023-01-01", "2023-06-30"),
        ("“十三五”期間，全市城鎮新增就業38萬人。", "38", "2021-02-01", "2016-01-01", "2020-12-31"),
        ("自政策實施以來，累計發放就業補貼3000萬元。", "3000", "2024-03-01", "", "2024-03-01"),
    ],
    ids=[
        "half",
        "three_quarters",
        "first_quarter",
        "year_to_date",
        "years",
        "plan_period",
        "running_total_with_start",
        "running_total_without_start",
        "half_traditional",
        "plan_period_traditional",
        "running_total_without_start_traditional",
    ],
)
def test_period_of_a_flow_or_running_total(text, number, published, period_start, as_of):
    f = fact(text, number, published)
    assert (f.period_start, f.as_of) == (period_start, as_of), f.evidence


def test_a_stock_is_a_level_at_a_date_with_no_period():
    f = fact("截至6月底，全市共有家庭医生团队850个。", "850", "2024-07-10")
    assert (f.period_start, f.as_of, f.kind) == ("", "2024-06-30", "stock")


# ---------------------------------------------------------- the reported year --


@both(
    "2024年全市就业工作情况\n全年城镇新增就业7.39万人，城镇登记失业率2.43%。",
    "2024年全市就業工作情況\n全年城鎮新增就業7.39萬人，城鎮登記失業率2.43%。",
)
def test_whole_year_under_a_heading_is_the_heading_year(text):
    f = fact(text, "7.39", "2025-03-15")
    assert (f.period_start, f.as_of) == ("2024-01-01", "2024-12-31")


@both(
    "2024年以来，我市多措并举稳就业。全年城镇新增就业7.39万人。",
    "2024年以來，我市多措並舉穩就業。全年城鎮新增就業7.39萬人。",
)
def test_whole_year_after_the_year_a_paragraph_opens_with(text):
    assert fact(text, "7.39", "2025-03-15").as_of == "2024-12-31"


def test_whole_year_of_a_result_never_lies_after_its_article():
    f = fact("全年城镇新增就业7.39万人，超额完成目标任务。", "7.39", "2025-03-15")
    assert (f.period_start, f.as_of, f.status) == ("2024-01-01", "2024-12-31", "actual")


def test_whole_year_of_a_goal_is_this_year():
    f = fact("力争全年城镇新增就业7万人以上。", "7万", "2025-03-15")
    assert (f.as_of, f.status) == ("2025-12-31", "target")


@pytest.mark.parametrize(
    ("text", "number", "as_of"),
    [
        ("113年底，臺北市診所計3,900家。", "3,900", "2024-12-31"),
        ("112年6月底，全市長照機構共210家。", "210", "2023-06-30"),
        ("民国111年上半年，门诊量达到52万人次。", "52", "2022-06-30"),
    ],
    ids=["year_end", "month_end", "half_year"],
)
def test_a_year_of_the_republic_of_china_calendar_is_read_when_a_date_follows(text, number, as_of):
    assert fact(text, number, "2025-04-09").as_of == as_of


def test_in_a_text_dated_by_that_calendar_a_year_alone_is_read_too():
    text = "113年底全市診所計3,900家。112年嬰兒死亡率為4.3‰。"
    assert fact(text, "4.3", "2025-04-09").as_of == "2023-12-31"
    spans = "民国113年底，建院110年来、近110年、成立105年以来，门诊量120万人次"
    found = find_times(spans, pd.Timestamp("2025-04-09").date(), roc=True)
    assert [t.text for t in found] == ["113年底"]


@pytest.mark.parametrize(
    ("text", "published", "period_start", "as_of"),
    [
        (
            "1月28日至31日期間，全港急症室共有2萬人次求診。",
            "2006-02-02",
            "2006-01-28",
            "2006-01-31",
        ),
        ("3月1日至3月29日，全市接种疫苗5万剂次。", "2006-02-02", "2005-03-01", "2005-03-29"),
    ],
    ids=["last_day_alone_traditional", "span_of_last_year"],
)
def test_a_span_of_days_is_the_period_of_what_was_done_in_it(text, published, period_start, as_of):
    f = fact(text, "2" if "2萬" in text else "5", published)
    assert (f.kind, f.period_start, f.as_of) == ("flow", period_start, as_of)


@both(
    "2023年，全国孕产妇死亡率从16.9/10万下降到15.1/10万，婴儿死亡率由4.9‰降至4.5‰。",
    "2023年，全國孕產婦死亡率從16.9/10萬下降到15.1/10萬，嬰兒死亡率由4.9‰降至4.5‰。",
)
def test_where_a_change_starts_from_is_the_year_before(text):
    dates = {f.text[:4]: f.as_of for f in find_facts(text, "2024-08-29", "淄博市")}
    assert dates == {
        "16.9": "2022-12-31",
        "15.1": "2023-12-31",
        "4.9‰": "2022-12-31",
        "4.5‰": "2023-12-31",
    }


def test_a_length_of_time_in_years_is_no_date():
    assert fact("建院113年来，医院累计诊疗1200万人次。", "1200", "2025-04-09").as_of == "2025-04-09"


@pytest.mark.parametrize(
    "text",
    ['"十四五"以来，全市累计新增就业69万人。', "「十四五」以來，全市累計新增就業69萬人。",
     "“十四五”以来，全市累计新增就业69万人。"],
    ids=["straight_quotes", "corner_brackets", "curly_quotes"],
)  # fmt: skip
def test_a_plan_period_in_any_quotation_marks_starts_the_running_total(text):
    f = fact(text, "69", "2025-06-01")
    assert (f.period_start, f.as_of, f.kind) == ("2021-01-01", "2025-06-01", "cumulative")


def test_results_since_a_plan_began_reported_after_it_ended_run_to_its_end():
    f = fact("“十四五”以来，全省累计新增城镇就业690万人。", "690", "2026-01-28")
    assert (f.period_start, f.as_of, f.status) == ("2021-01-01", "2025-12-31", "actual")


@pytest.mark.parametrize(
    ("text", "number", "published", "as_of", "period_start", "status"),
    [
        ("上半年，全市家庭医生签约率达到76.3%，力争年底达到80%。", "80", "2024-07-25",
         "2024-12-31", "", "target"),
        ("上半年，全市家庭醫生簽約率達到76.3%，力爭年底達到80%。", "80", "2024-07-25",
         "2024-12-31", "", "target"),
        ("年底，全县共有养老机构52家。", "52", "2025-01-15", "2024-12-31", "", "actual"),
        ("今年，全市将力争城镇新增就业7.5万人以上。", "7.5", "2024-02-20",
         "2024-12-31", "2024-01-01", "target"),
        ("今年，全市將力爭城鎮登記失業率控制在4.5%以內。", "控制在", "2024-02-20",
         "2024-12-31", "", "target"),
        ("今年以来，全市城镇新增就业3.1万人。", "3.1", "2024-05-20", "2024-05-20", "2024-01-01",
         "actual"),
    ],
    ids=["year_end_goal", "year_end_goal_traditional", "year_end_result", "this_years_goal",
         "this_years_cap_traditional", "this_year_so_far"],
)  # fmt: skip
def test_a_goal_for_this_year_or_its_end_is_due_at_the_years_end(
    text, number, published, as_of, period_start, status
):
    f = fact(text, number, published)
    assert (f.as_of, f.period_start, f.status) == (as_of, period_start, status)


@both(
    "2024年，全市城镇新增就业7.39万人，比上年增加1.25万人。",
    "2024年，全市城鎮新增就業7.39萬人，比上年增加1.25萬人。",
)
def test_last_year_is_the_year_before_the_reported_one(text):
    years = {
        t.text: (str(t.period_start), str(t.as_of))
        for t in find_times(text, pd.Timestamp("2025-03-15").date())
    }
    assert years["上年"] == ("2023-01-01", "2023-12-31")


def test_a_year_of_figures_does_not_become_the_paragraph_year():
    # 2020年 names the year of one figure, not of the passage: 今年 stays the article's year
    text = "2020年市人民医院投入人才经费800万元。今年以来，全市引进卫生人才500人。"
    assert fact(text, "500", "2021-11-10").period_start == "2021-01-01"


# ------------------------------------------------------------------- signs --


@pytest.mark.parametrize(
    ("text", "number", "value"),
    [
        ("全市城镇新增就业7.39万人，同比减少0.29万人。", "0.29", -2900),
        ("规模以上工业增加值同比下降2.7%。", "2.7", -2.7),
        ("城镇登记失业率下降0.3个百分点。", "0.3", -0.3),
        ("门急诊人次同比降低5.6%。", "5.6", -5.6),
        ("全市城镇新增就业7.39万人，同比增加1.25万人。", "1.25", 12_500),
        ("住院人数同比增长12.4%。", "12.4", 12.4),
        ("签约率提高3个百分点。", "3个", 3),
        ("全市城鎮新增就業7.39萬人，同比減少0.29萬人。", "0.29", -2900),
        ("城鎮登記失業率下降0.3個百分點。", "0.3", -0.3),
        ("住院人數同比增長12.4%。", "12.4", 12.4),
    ],
    ids=[
        "decrease",
        "fall",
        "points_down",
        "lower",
        "increase",
        "growth",
        "points_up",
        "decrease_traditional",
        "points_down_traditional",
        "growth_traditional",
    ],
)
def test_a_change_takes_its_sign_from_its_words(text, number, value):
    f = fact(text, number, "2024-03-01")
    assert (f.kind, f.value) == ("change", value)
    assert f.text.startswith(number)  # the mention stays as printed


@pytest.mark.parametrize(
    ("text", "number", "value"),
    [
        ("本季度急诊求诊人次比上季下跌4.1%。", "4.1", -4.1),
        ("全區門診量同比下跌2.6%。", "2.6", -2.6),
        ("药品采购均价比上年上涨3.8%。", "3.8", 3.8),
        ("全港普通科門診錄得1.7%的跌幅。", "1.7", -1.7),
        ("住院手术量增幅为6.2%。", "6.2", 6.2),
        ("全市医疗费用降幅达1.9%。", "1.9", -1.9),
        ("每千人口病床數年減0.4張。", "0.4", -0.4),
        ("门诊和住院人次分别下降8%和6.5%。", "6.5", -6.5),
        ("兩項費用分別增長3.5%及2.2%。", "2.2", 2.2),
    ],
    ids=[
        "fell",
        "fell_traditional",
        "rose_prices",
        "fall_after_figure",
        "rise_of_size",
        "fall_of_size",
        "fall_per_year_traditional",
        "second_of_a_pair",
        "second_of_a_pair_traditional",
    ],  # fmt: skip
)
def test_every_word_for_a_rise_or_fall_makes_a_signed_change(text, number, value):
    f = fact(text, number, "2024-03-01")
    assert (f.kind, f.value) == ("change", value)


def test_the_build_signs_a_fall_written_after_its_figure_as_facts_does():
    from zibo_analysis.facts.status import change_sign_at

    text = "全港普通科門診錄得1.7%的跌幅，住院病人增加0.8%。"
    assert change_sign_at(text, text.index("1.7")) == (-1, "跌幅")
    assert change_sign_at(text, text.index("0.8")) == (1, "增加")


def test_decrease_is_negative():
    f = fact("全年接待游客同比减少3.2%。", "3.2", "2024-01-20")
    assert (f.value, f.text) == (-3.2, "3.2%")


CATALOG = pd.DataFrame(
    [
        {
            "indicator_id": "urban_new_jobs",
            "name_zh": "城镇新增就业",
            "unit": "人",
            "kind": "flow",
            "change_of": "",
            "change_base": "",
        },
        {
            "indicator_id": "urban_new_jobs_yoy",
            "name_zh": "城镇新增就业同比增减",
            "unit": "人",
            "kind": "change",
            "change_of": "urban_new_jobs",
            "change_base": "same_period_last_year",
        },
        {
            "indicator_id": "unemployment_rate",
            "name_zh": "城镇登记失业率",
            "unit": "percent",
            "kind": "rate",
            "change_of": "",
            "change_base": "",
        },
    ]
)


@both(
    "2024年，全市城镇新增就业7.39万人，同比增加1.25万人。",
    "2024年，全市城鎮新增就業7.39萬人，同比增加1.25萬人。",
)
def test_a_change_is_filled_with_a_change_indicator_never_the_level(text):
    level, change = (
        fact(text, "7.39", "2025-03-15", CATALOG),
        fact(text, "1.25", "2025-03-15", CATALOG),
    )
    assert (level.indicator_id, change.indicator_id) == ("urban_new_jobs", "urban_new_jobs_yoy")


def test_a_change_without_a_change_indicator_gets_a_proposal_of_one():
    levels = CATALOG[CATALOG["kind"] != "change"].to_dict("records")
    catalog = load_matcher(levels, reference_dir=None)  # the project's catalog alone
    change = fact("全市城镇新增就业7.39万人，同比减少0.29万人。", "0.29", "2025-03-15", catalog)
    assert (change.indicator_id, change.proposed_id) == ("", "urban_new_jobs_change")
    assert "a change of urban_new_jobs" in change.evidence


@both(
    "全市城镇新增就业7.39万人，同比减少0.29万人。", "全市城鎮新增就業7.39萬人，同比減少0.29萬人。"
)
def test_a_change_the_reference_has_comes_with_its_reference_id(text):
    levels = CATALOG[CATALOG["kind"] != "change"]
    change = fact(text, "0.29", "2025-03-15", levels)
    assert (change.indicator_id, change.proposed_id) == ("urban_new_jobs_yoy_change",) * 2
    assert "zibo-analysis catalog add urban_new_jobs_yoy_change" in change.evidence


# ---------------------------------------------------------- caps and floors --


@pytest.mark.parametrize(
    ("text", "cap", "measured", "qualifier"),
    [
        ("城镇登记失业率2.43%，保持在4%以内。", "4%", "2.43", "at_most"),
        ("城镇调查失业率为5.1%，控制在5.5%以下。", "控制在5.5%", "5.1", "at_most"),
        ("农村自来水普及率达到96.2%，不低于95%。", "不低于95%", "96.2", "at_least"),
        ("城鎮登記失業率2.43%，保持在4%以內。", "4%", "2.43", "at_most"),
        ("城鎮調查失業率為5.1%，控制在5.5%以下。", "控制在5.5%", "5.1", "at_most"),
    ],
    ids=["kept_within", "held_below", "floor", "kept_within_traditional", "held_below_traditional"],
)
def test_a_cap_beside_a_measured_figure_is_its_target(text, cap, measured, qualifier):
    held, seen = fact(text, cap, "2024-02-01"), fact(text, measured, "2024-02-01")
    assert (held.status, held.qualifier) == ("target", qualifier)
    assert seen.status == "actual"


@pytest.mark.parametrize(
    ("text", "number", "status"),
    [
        ("今年以来，全区城镇登记失业率控制在3%以内。", "控制在3%", "actual"),
        ("“十四五”以来，全省城鎮調查失業率控制在5.5%以內。", "控制在5.5%", "actual"),
        ("2024年，全市城镇新增就业稳定在8万人以上。", "8万", "actual"),
        ("2025年，全市城镇登记失业率控制在4%以内。", "控制在4%", "target"),
        ("到2026年底，全市城镇登记失业率控制在4%以内。", "控制在4%", "target"),
        ("2024年，全市城镇登记失业率为2.6%，控制在4%以内。", "控制在4%", "target"),
    ],
    ids=[
        "year_so_far",
        "plan_period_traditional",
        "last_year",
        "this_year",
        "deadline",
        "cap_beside_its_figure",
    ],  # fmt: skip
)
def test_what_was_held_within_a_bound_over_a_span_that_has_run_is_a_result(text, number, status):
    assert fact(text, number, "2025-02-10").status == status


@both(
    "截至5月底，全区就业困难人员实现就业1.27万人，完成全年2.9万人目标任务的43.3%，同比增长9.4%。",
    "截至5月底，全區就業困難人員實現就業1.27萬人，完成全年2.9萬人目標任務的43.3%，同比增長9.4%。",
)
def test_a_change_after_the_progress_towards_a_goal_is_a_result(text):
    f = fact(text, "9.4", "2024-06-10")
    assert (f.status, f.kind, f.value) == ("actual", "change", 9.4)


@pytest.mark.parametrize(
    ("text", "number", "published", "status"),
    [
        ("2024年，全县城镇新增就业6000人，新建村卫生室12个。", "6000", "2024-01-05", "target"),
        ("2024年，全縣城鎮新增就業6000人。", "6000", "2024-01-05", "target"),
        ("上半年，全县城镇新增就业3100人。", "3100", "2024-06-26", "actual"),
        ("2023年，全县城镇新增就业5800人。", "5800", "2024-01-05", "actual"),
    ],
    ids=["year_ahead", "year_ahead_traditional", "days_before_its_end", "year_gone_by"],
)
def test_a_period_that_has_not_run_holds_a_plan(text, number, published, status):
    assert fact(text, number, published).status == status


def test_a_bound_with_nothing_measured_beside_it_stays_a_result():
    f = fact("全年城镇登记失业率保持在4%以内，就业形势稳定。", "4%", "2024-02-01")
    assert (f.status, f.qualifier) == ("actual", "at_most")


@both(
    "1月20日，市人社局通报去年全市城镇新增就业5.2万人。",
    "1月20日，市人社局通報去年全市城鎮新增就業5.2萬人。",
)
def test_last_year_written_in_the_figures_clause_is_its_period(text):
    f = fact(text, "5.2", "2025-01-20")
    assert (f.period_start, f.as_of) == ("2024-01-01", "2024-12-31")


@both(
    "今年以来，全省登记失业率持续低于去年同期，6月份为3.1%。",
    "今年以來，全省登記失業率持續低於去年同期，6月份為3.1%。",
)
def test_the_year_of_a_comparison_does_not_date_what_follows(text):
    assert fact(text, "3.1", "2024-07-25").as_of == "2024-06-30"


def test_the_year_of_a_goal_does_not_date_the_progress_towards_it():
    f = fact("上半年，全区城镇新增就业1.2万人，完成全年目标任务的61%。", "61", "2024-07-20")
    assert f.as_of == "2024-06-30"
