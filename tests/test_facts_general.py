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
