"""Facts on any article: national and provincial bulletins, other cities, lists of places,
the words about time, dates of 截至 figures, matching against the reference catalog.

Every sentence is written for these tests, in the manner of several provinces' releases and
of national bulletins, each in simplified and in traditional script.
"""

from __future__ import annotations

import pytest

from zibo_analysis.facts import find_facts, load_matcher, read_catalog
from zibo_analysis.facts.text import MAX_CLAUSE, MAX_SENTENCE, Layout
from zibo_analysis.facts.words import SCOPE_WORDS

SEEDS_CATALOG = load_matcher(read_catalog("data/catalog.csv"))


def fact(text: str, number: str, published: str, region=None, catalog=None):
    """The fact whose text starts with ``number`` (its first occurrence)."""
    facts = find_facts(text, published, region, catalog)
    found = [f for f in facts if f.text.startswith(number)]
    assert found, [f.text for f in facts]
    return found[0]


def both(simplified: str, traditional: str):
    return pytest.mark.parametrize(
        "text", [simplified, traditional], ids=["simplified", "traditional"]
    )


# ----------------------------------------------------------------- the region --


@both(
    "2023年我国医疗保障事业发展统计快报\n2023年末，全国基本医疗保险参保人数133389万人。",
    "2023年我國醫療保障事業發展統計快報\n2023年末，全國基本醫療保險參保人數133389萬人。",
)
def test_a_national_bulletin_is_about_the_whole_country(text):
    assert fact(text, "133389", "2024-07-10").region == "全国"


@both(
    "去年全国医保参保人数稳定在13亿人以上\n中新社北京3月2日电 国家医保局2日发布，2023年全国基本医疗保险参保人数达13.3亿人。",
    "去年全國醫保參保人數穩定在13億人以上\n中新社北京3月2日電 國家醫保局2日發布，2023年全國基本醫療保險參保人數達13.3億人。",
)
def test_a_news_agencys_dateline_is_not_the_place_of_the_story(text):
    f = fact(text, "13.3", "2024-03-02")
    assert f.region == "全国", f.evidence


@both(
    "常州市召开医保工作新闻发布会\n今年以来，我市医保部门为4.2万名困难群众资助参保。",
    "常州市召開醫保工作新聞發布會\n今年以來，我市醫保部門為4.2萬名困難群眾資助參保。",
)
def test_an_article_naming_its_city_only_in_its_title_is_about_that_city(text):
    assert fact(text, "4.2", "2023-06-20").region == "常州市"


@both(
    "浙江多地晒出前三季度就业账单\n杭州、宁波、温州三市城镇新增就业均超过10万人。其中，宁波市城镇新增就业12.3万人。",
    "浙江多地曬出前三季度就業賬單\n杭州、寧波、溫州三市城鎮新增就業均超過10萬人。其中，寧波市城鎮新增就業12.3萬人。",
)
def test_places_listed_together_are_each_a_figures_not_the_articles(text):
    assert fact(text, "12.3", "2023-10-20").region == "宁波市"
    assert fact(text, "超过10" if "超过" in text else "超過10", "2023-10-20").region == "浙江省"


@pytest.mark.parametrize(
    ("text", "number", "region"),
    [
        ("香港去年新增公立医院病床300张。", "300", "香港特别行政区"),
        ("澳門全年接種流感疫苗12萬劑次。", "12", "澳门特别行政区"),
        ("全港公立醫院去年新增病床300張。", "300", "香港特别行政区"),
    ],
)
def test_hong_kong_and_macao_by_their_short_names(text, number, region):
    assert fact(text, number, "2025-02-01").region == region


@both(
    "去年江西城镇新增就业45万人，占全国总量的3.6%。城镇调查失业率为5.1%。",
    "去年江西城鎮新增就業45萬人，占全國總量的3.6%。城鎮調查失業率為5.1%。",
)
def test_a_share_of_the_national_total_is_the_provinces_own(text):
    regions = {f.text: f.region for f in find_facts(text, "2025-02-01")}
    assert regions == {
        "45万人" if "万" in text else "45萬人": "江西省",
        "3.6%": "江西省",
        "5.1%": "江西省",
    }


@both(
    "全区新增城镇就业4200人，占全市的18%，高于全省平均水平2个百分点。",
    "全區新增城鎮就業4200人，占全市的18%，高於全省平均水平2個百分點。",
)
def test_a_larger_area_named_as_the_base_of_a_comparison_is_not_the_scope(text):
    regions = {f.text[:2]: f.region for f in find_facts(text, "2025-02-01", "张店区")}
    assert regions == {"42": "张店区", "18": "张店区", "2个" if "个" in text else "2個": "张店区"}


@both("全市医保定点医药机构达到2100家。", "全市醫保定點醫藥機構達到2100家。")
def test_a_short_name_inside_other_words_is_no_place(text):
    """保定 in 医保定点: the end of one word and the start of the next."""
    f = fact(text, "2100", "2023-09-15", "沧州市")
    assert f.region == "沧州市", f.evidence


@both("广州市越秀区新增就业1.2万人。", "廣州市越秀區新增就業1.2萬人。")
def test_a_district_named_in_either_script(text):
    assert fact(text, "1.2", "2023-09-15", "广东省").region == "越秀区"


# ------------------------------------------------------------------ the kind --

# (sentence, number, kind): what the words say about time
KIND = [
    ("截至9月底，全省累计发放稳岗返还资金8.2亿元。", "8.2", "cumulative"),
    ("截至目前，全市共为2.3万名灵活就业人员办理参保登记。", "2.3", "cumulative"),
    ("全省现有养老机构2360家。", "2360", "stock"),
    ("全市建成社区医院38家。", "38", "stock"),
    ("上半年，全区开展义诊活动126场。", "126", "flow"),
    ("为群众提供健康咨询3.6万人次。", "3.6", "flow"),
    ("全年发放创业担保贷款41.7亿元。", "41.7", "flow"),
    ("截至9月底，全省累計發放穩崗返還資金8.2億元。", "8.2", "cumulative"),
    ("截至目前，全市共為2.3萬名靈活就業人員辦理參保登記。", "2.3", "cumulative"),
    ("全省現有養老機構2360家。", "2360", "stock"),
    ("全市建成社區醫院38家。", "38", "stock"),
    ("上半年，全區開展義診活動126場。", "126", "flow"),
    ("為群眾提供健康諮詢3.6萬人次。", "3.6", "flow"),
    ("全年發放創業擔保貸款41.7億元。", "41.7", "flow"),
]


@pytest.mark.parametrize(("sentence", "number", "kind"), KIND)
def test_kind_by_the_words_about_time(sentence, number, kind):
    f = fact(sentence, number, "2023-10-20", "杭州市")
    assert f.kind == kind, f.evidence


# ----------------------------------------------------------------- the dates --

# (text, number, published, as_of, period_start, status)
DATES = [
    ("截至10月15日24时，全省累计报告接种新冠病毒疫苗9865.3万剂次。", "9865.3", "2021-10-16", "2021-10-15", "", "actual"),
    ("截至9月底，全省失业保险参保人数达到1235万人。", "1235", "2023-10-20", "2023-09-30", "", "actual"),
    ("力争到2026年底建成紧密型医共体18个，年内新增家庭医生团队120个。", "120", "2024-03-10", "2024-12-31", "2024-01-01", "target"),
    ("力争到2026年底建成紧密型医共体18个，年内新增家庭医生团队120个。", "18", "2024-03-10", "2026-12-31", "", "target"),
    ("上半年全市工作情况\n上半年，全市就业形势稳定。\n全市组织招聘活动320场。", "320", "2024-07-20", "2024-06-30", "2024-01-01", "actual"),
    ("截至10月15日24時，全省累計報告接種新冠病毒疫苗9865.3萬劑次。", "9865.3", "2021-10-16", "2021-10-15", "", "actual"),
    ("截至9月底，全省失業保險參保人數達到1235萬人。", "1235", "2023-10-20", "2023-09-30", "", "actual"),
    ("力爭到2026年底建成緊密型醫共體18個，年內新增家庭醫生團隊120個。", "120", "2024-03-10", "2024-12-31", "2024-01-01", "target"),
    ("上半年全市工作情況\n上半年，全市就業形勢穩定。\n全市組織招聘活動320場。", "320", "2024-07-20", "2024-06-30", "2024-01-01", "actual"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "number", "published", "as_of", "period_start", "status"), DATES)
def test_dates_of_running_totals_deadlines_and_the_leads_period(
    text, number, published, as_of, period_start, status
):
    f = fact(text, number, published, "杭州市")
    assert (f.as_of, f.period_start, f.status) == (as_of, period_start, status), f.evidence


# ------------------------------------------------------------------ matching --

# (sentence, number, indicator in the project's catalog or the reference)
MATCHED = [
    ("今年以来，全市引进大专及以上高校毕业生2.3万人。", "2.3", "college_talent_recruited"),
    ("精准帮扶困难群体实现就业1860人。", "1860", "disadvantaged_placements"),
    ("全年困难群体再就业2100人。", "2100", "disadvantaged_placements"),
    ("1—6月，城镇新增就业同比增加1.2万人。", "1.2", "urban_new_jobs_yoy_change"),
    ("今年以來，全市引進大專及以上高校畢業生2.3萬人。", "2.3", "college_talent_recruited"),
    ("精準幫扶困難群體實現就業1860人。", "1860", "disadvantaged_placements"),
    ("全年困難群體再就業2100人。", "2100", "disadvantaged_placements"),
    ("1—6月，城鎮新增就業同比增加1.2萬人。", "1.2", "urban_new_jobs_yoy_change"),
]


@pytest.mark.parametrize(("sentence", "number", "indicator_id"), MATCHED)
def test_synonyms_and_scope_words_match_the_catalogs(sentence, number, indicator_id):
    f = fact(sentence, number, "2023-10-20", "淄博市", SEEDS_CATALOG)
    assert f.indicator_id == indicator_id, f.evidence


@both(
    "全年全省城镇新增就业132.5万人，同比增加2.1万人。",
    "全年全省城鎮新增就業132.5萬人，同比增加2.1萬人。",
)
def test_a_change_never_takes_the_levels_id(text):
    level, change = (
        fact(text, "132.5", "2024-02-01", "广东省", SEEDS_CATALOG),
        fact(text, "2.1", "2024-02-01", "广东省", SEEDS_CATALOG),
    )
    assert level.indicator_id == "urban_new_jobs"
    assert change.kind == "change" and change.indicator_id not in ("urban_new_jobs", "")


@both(
    "国家卫健委日前发布《2023年我国卫生健康事业发展统计公报》。公报显示，全国医疗卫生机构总数107.1万个。",
    "國家衛健委日前發布《2023年我國衛生健康事業發展統計公報》。公報顯示，全國醫療衛生機構總數107.1萬個。",
)
def test_an_article_citing_a_bulletin_by_title_reports_that_bulletins_year(text):
    f = fact(text, "107.1", "2024-08-29")
    assert (f.as_of, f.region) == ("2023-12-31", "全国")
    dated = "人均预期寿命再创新高\n" + text.replace("日前", "今天（8月29日）")  # the day named
    assert fact(dated, "107.1", "2024-08-29").as_of == "2023-12-31"


@pytest.mark.parametrize(
    ("text", "number", "region", "as_of"),
    [
        ("衛福部統計，112年我國新生兒死亡率為2.8‰。", "2.8", "台湾省", "2023-12-31"),
        ("113年底國人平均壽命為80.2歲，以台北市83.6歲最高，台東縣75.8歲最低。", "80.2", "台湾省",
         "2024-12-31"),
        ("2023年我国新生儿死亡率为2.8‰。", "2.8", "全国", "2023-12-31"),
    ],
    ids=["our_country_in_taiwan", "compatriots_in_taiwan", "our_country_on_the_mainland"],
)  # fmt: skip
def test_in_a_text_dated_by_taiwans_calendar_the_whole_country_is_taiwan(
    text, number, region, as_of
):
    f = fact(text, number, "2025-04-09")
    assert (f.region, f.as_of) == (region, as_of)


@both(
    "全市城镇新增就业6.2万人，完成年度目标任务的103.9%。",
    "全市城鎮新增就業6.2萬人，完成年度目標任務的103.9%。",
)
def test_the_share_of_a_goal_completed_is_a_ratio(text):
    assert fact(text, "103.9", "2024-12-20").kind == "ratio"


@both("宁夏1—5月城镇新增就业5.2万人。", "寧夏1—5月城鎮新增就業5.2萬人。")
def test_a_period_after_a_provinces_short_name_dates_the_figure(text):
    f = fact(text, "5.2", "2022-06-10")
    assert (f.region, f.period_start, f.as_of) == ("宁夏回族自治区", "2022-01-01", "2022-05-31")


@both("全区有省级示范性托育服务机构2家。", "全區有省級示範性托育服務機構2家。")
def test_a_figure_of_one_level_is_not_given_an_indicator_of_no_level(text):
    catalog = load_matcher(
        [{"indicator_id": "childcare_institutions", "name_zh": "托育服务机构数", "unit": "家", "kind": "stock"}],
        reference_dir=None,
    )  # fmt: skip
    f = fact(text, "2", "2024-02-01", "张店区", catalog)
    assert (f.kind, f.indicator_id) == ("stock", "")


@both(
    "2023年，居民医保基金收入120亿元，支出108亿元，当期结存12亿元，累计结存86亿元。",
    "2023年，居民醫保基金收入120億元，支出108億元，當期結存12億元，累計結存86億元。",
)
def test_a_funds_surplus_of_the_year_is_a_flow_and_its_balance_a_level(text):
    surplus, balance = (
        fact(text, "12億" if "億" in text else "12亿", "2024-03-01"),
        fact(text, "86", "2024-03-01"),
    )
    assert (surplus.kind, surplus.period_start, surplus.as_of) == (
        "flow",
        "2023-01-01",
        "2023-12-31",
    )
    assert (balance.kind, balance.period_start, balance.as_of) == ("stock", "", "2023-12-31")


@both(
    "全市共有基层医疗卫生机构460个，其中，社区卫生服务中心43个、村卫生室400个。",
    "全市共有基層醫療衛生機構460個，其中，社區衛生服務中心43個、村衛生室400個。",
)
def test_a_verb_inside_an_institutions_name_does_not_make_a_flow(text):
    assert fact(text, "43", "2023-04-01").kind == "stock"
    in_a_year = "2022年，全市经济平稳。\n" + text  # under the lead's period too
    assert fact(in_a_year, "43", "2023-04-01").kind == "stock"


@both("截至3月底，全市城镇失业人员再就业3.3万人。", "截至3月底，全市城鎮失業人員再就業3.3萬人。")
def test_a_figure_whose_words_say_no_kind_takes_its_indicators(text):
    f = fact(text, "3.3", "2021-04-20", catalog=SEEDS_CATALOG)
    assert (f.indicator_id, f.kind) == ("unemployed_reemployed", "flow")
    assert (f.period_start, f.as_of) == ("2021-01-01", "2021-03-31")


@both("全市出院者平均住院日8.6日。", "全市出院者平均住院日8.6日。")
def test_a_reference_indicator_comes_with_the_command_that_adds_it(text):
    f = fact(text, "8.6", "2024-02-01", "杭州市", SEEDS_CATALOG)
    assert (f.indicator_id, f.proposed_id) == ("average_length_of_stay", "average_length_of_stay")
    assert "zibo-analysis catalog add average_length_of_stay" in f.evidence


@both("建成省级示范性托育机构6家、市级12家。", "建成省級示範性托育機構6家、市級12家。")
def test_a_proposed_id_is_english_never_a_bare_scope_word_and_never_taken(text):
    catalog = load_matcher([
        {"indicator_id": "provincial_demo_childcare", "name_zh": "省级示范性托育机构数", "unit": "家", "kind": "stock"},
    ], reference_dir=None)  # fmt: skip
    f = fact(text, "12", "2024-02-01", "杭州市", catalog)
    assert f.subject.startswith(("市级", "市級")) and len(f.subject) > 2
    assert f.proposed_id and f.proposed_id not in catalog.ids
    assert f.proposed_id.isascii() and f.proposed_id not in {"shi_ji", "municipal"}
    assert f.proposed_id not in SCOPE_WORDS


def test_a_proposed_id_reads_a_word_as_a_whole():
    """检查 is jian_cha as a word (CC-CEDICT), not jian_zha; 行政 xing_zheng, not hang_zheng."""
    from zibo_analysis.facts.words import cedict

    assert cedict()["检查"][0] == "jian_cha" and cedict()["行政"][0] == "xing_zheng"


# ------------------------------------------------------------------ linearity --


@pytest.mark.parametrize("unit", ["全市新增就业1200人，", "医院（个） 38410 36976  "])
def test_no_sentence_or_clause_is_longer_than_its_cap(unit):
    """Run-on text and a table without 。: every rule reads a bounded stretch, so the work
    per figure does not grow with the text (the benchmark measures the time)."""
    text = unit * 2000
    layout = Layout(text)
    assert (
        max(b - a for a, b in zip(layout._sentences, layout._sentences[1:], strict=False))
        <= MAX_SENTENCE
    )
    assert (
        max(b - a for a, b in zip(layout._clauses, layout._clauses[1:], strict=False)) <= MAX_CLAUSE
    )


def test_the_division_table_agrees_with_jionlps():
    """facts/divisions.tsv is the first three levels of jionlp's table; write_divisions() remakes it."""
    from zibo_analysis.facts.place import _jionlp_places, read_divisions

    assert list(read_divisions()) == list(_jionlp_places())


# (text, number, published, as_of, period_start, status, kind)
YEAR_SO_FAR = [
    ("截至6月底，全省城镇新增就业45.2万人。", "45.2", "2023-07-20", "2023-06-30", "2023-01-01", "actual", "flow"),
    ("截至2023年8月，全市城镇新增就业3.1万人。", "3.1", "2023-09-10", "2023-08-31", "2023-01-01", "actual", "flow"),
    ("2月1日至2月28日，全市接种流感疫苗12.6万剂次。", "12.6", "2024-03-05", "2024-02-28", "2024-02-01", "actual", "flow"),
    ("到去年底，全省就业人员4890万人。", "4890", "2024-05-10", "2023-12-31", "", "actual", "stock"),
    ("全市居民平均就诊5.9次。", "5.9", "2024-05-10", "2024-05-10", "", "actual", "ratio"),
    ("城镇新增就业8100人，完成年目标任务9000人的90%。", "9000", "2023-11-05", "2023-12-31", "2023-01-01", "target", "flow"),
    ("城镇新增就业8100人，完成年目标任务9000人的90%。", "90%", "2023-11-05", "2023-11-05", "", "actual", "rate"),
    ("2023年度统计公报发布\n去年全年有120万人享受工伤保险待遇。", "120", "2024-06-10", "2023-12-31", "2023-01-01", "actual", "flow"),
    ("截至6月底，全省城鎮新增就業45.2萬人。", "45.2", "2023-07-20", "2023-06-30", "2023-01-01", "actual", "flow"),
    ("2月1日至2月28日，全市接種流感疫苗12.6萬劑次。", "12.6", "2024-03-05", "2024-02-28", "2024-02-01", "actual", "flow"),
    ("到去年底，全省就業人員4890萬人。", "4890", "2024-05-10", "2023-12-31", "", "actual", "stock"),
    ("城鎮新增就業8100人，完成年目標任務9000人的90%。", "9000", "2023-11-05", "2023-12-31", "2023-01-01", "target", "flow"),
    ("2023年度統計公報發布\n去年全年有120萬人享受工傷保險待遇。", "120", "2024-06-10", "2023-12-31", "2023-01-01", "actual", "flow"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "number", "published", "as_of", "period_start", "status", "kind"), YEAR_SO_FAR
)
def test_year_so_far_ranges_past_dates_averages_and_goal_amounts(
    text, number, published, as_of, period_start, status, kind
):
    """截至 a month's end counts a flow from January; 3月1日至3月29日 is one period; 到去年底 is a
    date gone by, not a deadline; 平均 makes a ratio; the amount after 目标任务 is the goal's;
    去年 is the year before the one the text is written in (上年 the one before the year it
    reports)."""
    f = fact(text, number, published, "杭州市")
    assert (f.as_of, f.period_start, f.status, f.kind) == (as_of, period_start, status, kind), (
        f.evidence
    )


@both(
    "全年目标任务80万人已基本完成。（第）三季度，全省城镇登记失业率是2.9%。",
    "全年目標任務80萬人已基本完成。（第）三季度，全省城鎮登記失業率是2.9%。",
)
def test_a_bracketed_period_opens_its_sentence_and_a_goals_year_dates_nothing_after(text):
    f = fact(text, "2.9", "2024-10-21", "江西省")
    assert (f.as_of, f.status) == ("2024-09-30", "actual"), f.evidence


# ------------------------------------------- rules tuned on benchmarks/tuning/ --
# Sentences of our own in the manner of other provinces' releases; each rule in both scripts.

REFERENCE_ONLY = load_matcher([])  # the reference catalog alone, as a new project has it


@both(
    "1—9月，全省城镇新增就业61.2万人，完成年度目标任务的85.4%，同比增加1.9万人。",
    "1—9月，全省城鎮新增就業61.2萬人，完成年度目標任務的85.4%，同比增加1.9萬人。",
)
def test_a_completion_share_and_a_change_take_the_figure_before_of_their_measure(text):
    share = fact(text, "85.4", "2024-10-20", "湖北省", REFERENCE_ONLY)
    change = fact(text, "1.9", "2024-10-20", "湖北省", REFERENCE_ONLY)
    assert share.indicator_id == "urban_new_jobs_target_completion", share.evidence
    assert change.indicator_id == "urban_new_jobs_yoy_change", change.evidence


@both(
    "全年全市社会保险基金收入862亿元，支出713亿元，累计结余1240亿元。",
    "全年全市社會保險基金收入862億元，支出713億元，累計結餘1240億元。",
)
def test_a_funds_accounts_take_its_name(text):
    spent = fact(text, "713", "2024-02-01", "长沙市", REFERENCE_ONLY)
    assert spent.subject in ("社会保险基金支出", "社會保險基金支出")
    assert spent.indicator_id == "social_insurance_fund_expenditure", spent.evidence


@both(
    "年末，全省基本养老、失业、工伤保险参保人数分别为3580万人、720万人、905万人，分别比上年末增加61万人、18万人、25万人。",
    "年末，全省基本養老、失業、工傷保險參保人數分別為3580萬人、720萬人、905萬人，分別比上年末增加61萬人、18萬人、25萬人。",
)
def test_a_list_shares_its_ending_and_a_second_list_takes_the_first_ones_items(text):
    insured = fact(text, "720", "2024-03-01", "江西省", REFERENCE_ONLY)
    first_change = fact(text, "61", "2024-03-01", "江西省", REFERENCE_ONLY)
    second_change = fact(text, "18", "2024-03-01", "江西省", REFERENCE_ONLY)
    assert insured.subject in ("失业保险参保人数", "失業保險參保人數")
    assert insured.indicator_id == "unemployment_insurance_insured"
    assert first_change.kind == second_change.kind == "change"
    assert first_change.indicator_id == "pension_insured_change", first_change.evidence
    assert second_change.indicator_id == "", second_change.evidence  # no catalog has it


@both(
    "2023年末，全市医疗卫生机构床位4.2万张，其中：医院3.3万张。",
    "2023年末，全市醫療衛生機構床位4.2萬張，其中：醫院3.3萬張。",
)
def test_zhang_counts_beds_not_hospitals(text):
    assert fact(text, "3.3", "2024-05-01", "南宁市", REFERENCE_ONLY).indicator_id == "hospital_beds"


@both(
    "全年全市基本医疗保险参保人数达到286.4万人。全市定点医疗机构1530家。",
    "全年全市基本醫療保險參保人數達到286.4萬人。全市定點醫療機構1530家。",
)
def test_members_and_institutions_are_levels_whatever_the_period(text):
    insured = fact(text, "286.4", "2024-02-10", "兰州市", REFERENCE_ONLY)
    institutions = fact(text, "1530", "2024-02-10", "兰州市", REFERENCE_ONLY)
    assert (insured.kind, insured.period_start) == ("stock", "")
    assert insured.indicator_id == "medical_insurance_insured"
    assert (institutions.kind, institutions.as_of) == ("stock", "2023-12-31")
    assert institutions.indicator_id == "designated_medical_institutions"


@both(
    "宁德市2024年为民办实事项目进展\n截至9月底，全市已新增托位600个。\n全市家庭医生签约68.2万人。",
    "寧德市2024年為民辦實事項目進展\n截至9月底，全市已新增托位600個。\n全市家庭醫生簽約68.2萬人。",
)
def test_a_year_in_the_title_not_yet_ended_is_no_period_of_the_report(text):
    f = fact(text, "68.2", "2024-10-15")
    assert (f.as_of, f.period_start) == ("2024-10-15", ""), f.evidence


@both(
    "到2025年，全县每千人口注册护士数达到3.2人。婴儿死亡率控制在5‰以下。\n“十四五”期间，全县改扩建村卫生室40个，累计培训村医2000人次。",
    "到2025年，全縣每千人口註冊護士數達到3.2人。嬰兒死亡率控制在5‰以下。\n“十四五”期間，全縣改擴建村衛生室40個，累計培訓村醫2000人次。",
)
def test_a_plans_goals_take_its_deadline_and_its_years(text):
    rate = fact(text, "控制在5‰", "2022-04-01", "会泽县")
    built = fact(text, "40", "2022-04-01", "会泽县")
    trained = fact(text, "2000", "2022-04-01", "会泽县")
    assert (rate.as_of, rate.status) == ("2025-12-31", "target"), rate.evidence
    assert (built.as_of, built.period_start, built.status) == ("2025-12-31", "2021-01-01", "target")
    assert (trained.status, trained.period_start) == ("target", "2021-01-01"), trained.evidence


@both(
    "截至5月20日24时，全市累计接种新冠病毒疫苗820万剂次，其中完成全程接种350万人。5月20日当天，全市接种5.6万剂次。",
    "截至5月20日24時，全市累計接種新冠病毒疫苗820萬劑次，其中完成全程接種350萬人。5月20日當天，全市接種5.6萬劑次。",
)
def test_a_running_totals_list_and_a_days_count(text):
    full = fact(text, "350", "2021-05-21", "昆明市")
    day = fact(text, "5.6", "2021-05-21", "昆明市")
    assert (full.kind, full.as_of, full.period_start) == ("cumulative", "2021-05-20", "")
    assert (day.kind, day.as_of, day.period_start) == ("flow", "2021-05-20", "2021-05-20")


@both(
    "上半年，全市开发就业见习岗位5200个，1.8万名高校毕业生参加就业见习。",
    "上半年，全市開發就業見習崗位5200個，1.8萬名高校畢業生參加就業見習。",
)
def test_those_who_took_part_are_counted_by_what_they_took_part_in(text):
    f = fact(text, "1.8", "2023-07-20", "贵阳市", REFERENCE_ONLY)
    assert f.indicator_id == "internship_participants", f.evidence


@both(
    "全市28家三级医院派出专家460名，对口帮扶县级医院。",
    "全市28家三級醫院派出專家460名，對口幫扶縣級醫院。",
)
def test_institutions_counted_by_what_they_did_are_not_all_of_them(text):
    f = fact(text, "28", "2023-05-01", "太原市", REFERENCE_ONLY)
    assert f.indicator_id != "tertiary_hospitals", f.evidence
