"""The extractor on the kinds of phrasing found in bulletins and press releases it had not seen.

Each rule has cases in a simplified table and in a traditional table beside it, so that
every rule is tested in both scripts. The sentences are written for these tests in the
style of health statistics bulletins, vaccination, employment and start-up-loan reports
and Hong Kong, Macao and Taiwan statistics; the short numeric phrases are as such texts
write them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from zibo_analysis.hanzi import to_simplified
from zibo_analysis.quantities import find_quantities, units
from zibo_analysis.quantities.scripts import both_scripts

# (rule, sentence, mention, value, unit, qualifier)
SIMPLIFIED = [
    ("yi_then_wan_is_one_number", "全国累计接种疫苗3亿5857.6万剂次", "3亿5857.6万剂次", 358_576_000, "剂次", "exact"),
    ("yi_then_wan_is_one_number", "接种总人数达到12亿8719.5万人", "12亿8719.5万人", 1_287_195_000, "人", "exact"),
    ("yi_then_wan_is_one_number", "累计报告接种34亿655.7万剂次", "34亿655.7万剂次", 3_406_557_000, "剂次", "exact"),
    ("measure_words", "全年办理创业担保贷款1260笔", "1260笔", 1260, "笔", "exact"),
    ("measure_words", "采集核酸样本4.2万管", "4.2万管", 42_000, "管", "exact"),
    ("measure_words", "新增救护车18台、呼吸机36套", "18台", 18, "台", "exact"),
    ("measure_words", "新增救护车18台、呼吸机36套", "36套", 36, "套", "exact"),
    ("measure_words", "本周新增报告病例12例", "12例", 12, "例", "exact"),
    ("measure_words", "新建托育机构9所", "9所", 9, "所", "exact"),
    ("measure_words", "发放健康教育手册3.5万册", "3.5万册", 35_000, "册", "exact"),
    ("measure_words", "实际占用总床日数为52.3万床日", "52.3万床日", 523_000, "床日", "exact"),
    ("measure_words", "志愿服务累计1.2万人日", "1.2万人日", 12_000, "人日", "exact"),
    ("measure_words", "改造诊室46间", "46间", 46, "间", "exact"),
    ("measure_words", "设立服务点15处", "15处", 15, "处", "exact"),
    ("measure_words", "覆盖8类重点人群", "8类", 8, "类", "exact"),
    ("measure_words", "走访困难家庭320户", "320户", 320, "户", "exact"),
    ("measure_words", "组织专场招聘会26场", "26场", 26, "场", "exact"),
    ("compound_measure_word_is_not_cut", "开展家庭医生巡诊7组次", "7组次", 7, "组次", "exact"),
    ("compound_measure_word_is_not_cut", "上门服务1365户次", "1365户次", 1365, "户次", "exact"),
    ("compound_measure_word_is_not_cut", "完成加强针接种420万剂次", "420万剂次", 4_200_000, "剂次", "exact"),
    ("qualifier_words", "累计服务超过3.2万人次", "超过3.2万人次", 32_000, "人次", "more_than"),
    ("qualifier_words", "逾12万名市民完成接种", "逾12万名", 120_000, "名", "more_than"),
    ("qualifier_words", "约256万人接种了第二剂", "约256万人", 2_560_000, "人", "about"),
    ("qualifier_words", "留观床位不足300张", "不足300张", 300, "张", "less_than"),
    ("qualifier_words", "招聘岗位4000余个", "4000余个", 4000, "个", "more_than"),
    ("space_before_unit", "全市基础免疫接种率为91.79 %", "91.79 %", 91.79, "percent", "exact"),
    ("space_before_unit", "人均补助2.71 万元", "2.71 万元", 27_100, "yuan", "exact"),
    ("unit_before_number", "全国医疗卫生机构总诊疗人次95.5亿", "95.5亿", 9_550_000_000, "人次", "exact"),
    ("unit_before_number", "第一剂次接种887.89万", "887.89万", 8_878_900, "剂次", "exact"),
    ("unit_before_number", "乡镇卫生院入院人次3992.1万", "3992.1万", 39_921_000, "人次", "exact"),
    ("unit_before_number", "接种总人数达到12亿8894.7万", "12亿8894.7万", 1_288_947_000, "人", "exact"),
    ("unit_before_number", "在村卫生室工作的人员132.7万", "132.7万", 1_327_000, "人", "exact"),
    ("unit_before_number", "医疗卫生机构床位数975.0万张", "975.0万张", 9_750_000, "张", "exact"),
    ("rates_per_mille_and_per_100k", "婴儿死亡率降至4.5‰", "4.5‰", 4.5, "per_mille", "exact"),
    ("rates_per_mille_and_per_100k", "孕产妇死亡率为15.1/10万", "15.1/10万", 15.1, "per_100k", "exact"),
    ("rates_per_mille_and_per_100k", "出生缺陷发生率千分之五", "千分之五", 5, "per_mille", "exact"),
    ("a_reported_age_is_a_quantity", "居民人均预期寿命达到78.6岁", "78.6岁", 78.6, "岁", "exact"),
    ("at_most", "城镇登记失业率控制在4%以内", "控制在4%以内", 4, "percent", "at_most"),
    ("at_most", "城镇调查失业率控制在5.5%的目标内", "控制在5.5%的目标内", 5.5, "percent", "at_most"),
    ("at_most", "第二剂在8周内完成", "8周内", 8, "周", "at_most"),
    ("bound_in_a_target", "人均预期寿命应大于77.3岁", "大于77.3岁", 77.3, "岁", "more_than"),
    ("bound_in_a_target", "孕产妇死亡率应小于18/10万", "小于18/10万", 18, "per_100k", "less_than"),
    ("money_without_yuan", "单笔贷款不低于500万", "不低于500万", 5_000_000, "", "at_least"),
    ("from_one_figure_to_another", "从1亿剂次到2亿剂次用了25天", "1亿剂次", 100_000_000, "剂次", "exact"),
    ("from_one_figure_to_another", "从1亿剂次到2亿剂次用了25天", "2亿剂次", 200_000_000, "剂次", "exact"),
    ("fractions_are_percentages", "人均投入是公益性岗位的1/20", "1/20", 5, "percent", "exact"),
    ("fractions_are_percentages", "贷款覆盖近1/5的创业者", "近1/5", 20, "percent", "nearly"),
    ("fractions_are_percentages", "三分之一的社区建成服务站", "三分之一", pytest.approx(33.33333), "percent", "exact"),
    ("signed_change", "较上年减少1家(-2.7%)", "-2.7%", -2.7, "percent", "exact"),
    ("decimal_days_are_a_span", "出院者平均住院日为8.8日", "8.8日", 8.8, "日", "exact"),
]  # fmt: skip

TRADITIONAL = [
    ("yi_then_wan_is_one_number", "全國累計接種疫苗3億5857.6萬劑次", "3億5857.6萬劑次", 358_576_000, "剂次", "exact"),
    ("yi_then_wan_is_one_number", "接種總人數達到12億8719.5萬人", "12億8719.5萬人", 1_287_195_000, "人", "exact"),
    ("yi_then_wan_is_one_number", "累計報告接種34億655.7萬劑次", "34億655.7萬劑次", 3_406_557_000, "剂次", "exact"),
    ("measure_words", "全年辦理創業擔保貸款1260筆", "1260筆", 1260, "笔", "exact"),
    ("measure_words", "採集核酸樣本4.2萬管", "4.2萬管", 42_000, "管", "exact"),
    ("measure_words", "新增救護車18臺、呼吸機36套", "18臺", 18, "台", "exact"),
    ("measure_words", "新增救護車18臺、呼吸機36套", "36套", 36, "套", "exact"),
    ("measure_words", "本週新增報告病例12例", "12例", 12, "例", "exact"),
    ("measure_words", "新建托育機構9所", "9所", 9, "所", "exact"),
    ("measure_words", "派發健康教育手冊3.5萬冊", "3.5萬冊", 35_000, "册", "exact"),
    ("measure_words", "實際佔用總床日數為52.3萬床日", "52.3萬床日", 523_000, "床日", "exact"),
    ("measure_words", "志願服務累計1.2萬人日", "1.2萬人日", 12_000, "人日", "exact"),
    ("measure_words", "改造診室46間", "46間", 46, "间", "exact"),
    ("measure_words", "設立服務點15處", "15處", 15, "处", "exact"),
    ("measure_words", "覆蓋8類重點人群", "8類", 8, "类", "exact"),
    ("measure_words", "走訪困難家庭320戶", "320戶", 320, "户", "exact"),
    ("measure_words", "組織專場招聘會26場", "26場", 26, "场", "exact"),
    ("compound_measure_word_is_not_cut", "開展家庭醫生巡診7組次", "7組次", 7, "组次", "exact"),
    ("compound_measure_word_is_not_cut", "上門服務1365戶次", "1365戶次", 1365, "户次", "exact"),
    ("compound_measure_word_is_not_cut", "完成加強針接種420萬劑次", "420萬劑次", 4_200_000, "剂次", "exact"),
    ("qualifier_words", "累計服務超過3.2萬人次", "超過3.2萬人次", 32_000, "人次", "more_than"),
    ("qualifier_words", "逾12萬名市民完成接種", "逾12萬名", 120_000, "名", "more_than"),
    ("qualifier_words", "約256萬人接種了第二劑", "約256萬人", 2_560_000, "人", "about"),
    ("qualifier_words", "留觀病床不足300張", "不足300張", 300, "张", "less_than"),
    ("qualifier_words", "招聘崗位4000餘個", "4000餘個", 4000, "个", "more_than"),
    ("space_before_unit", "全市基礎免疫接種率為91.79 %", "91.79 %", 91.79, "percent", "exact"),
    ("space_before_unit", "人均補助2.71 萬元", "2.71 萬元", 27_100, "yuan", "exact"),
    ("unit_before_number", "全國醫療衛生機構總診療人次95.5億", "95.5億", 9_550_000_000, "人次", "exact"),
    ("unit_before_number", "第一劑次接種887.89萬", "887.89萬", 8_878_900, "剂次", "exact"),
    ("unit_before_number", "鄉鎮衛生院入院人次3992.1萬", "3992.1萬", 39_921_000, "人次", "exact"),
    ("unit_before_number", "接種總人數達到12億8894.7萬", "12億8894.7萬", 1_288_947_000, "人", "exact"),
    ("unit_before_number", "在村衛生室工作的人員132.7萬", "132.7萬", 1_327_000, "人", "exact"),
    ("unit_before_number", "醫療衛生機構床位數975.0萬張", "975.0萬張", 9_750_000, "张", "exact"),
    ("rates_per_mille_and_per_100k", "嬰兒死亡率降至4.5‰", "4.5‰", 4.5, "per_mille", "exact"),
    ("rates_per_mille_and_per_100k", "孕產婦死亡率為15.1/10萬", "15.1/10萬", 15.1, "per_100k", "exact"),
    ("rates_per_mille_and_per_100k", "出生缺陷發生率千分之五", "千分之五", 5, "per_mille", "exact"),
    ("a_reported_age_is_a_quantity", "居民人均預期壽命達到78.6歲", "78.6歲", 78.6, "岁", "exact"),
    ("at_most", "城鎮登記失業率控制在4%以內", "控制在4%以內", 4, "percent", "at_most"),
    ("at_most", "城鎮調查失業率控制在5.5%的目標內", "控制在5.5%的目標內", 5.5, "percent", "at_most"),
    ("at_most", "第二劑在8週內完成", "8週內", 8, "周", "at_most"),
    ("bound_in_a_target", "人均預期壽命應大於77.3歲", "大於77.3歲", 77.3, "岁", "more_than"),
    ("bound_in_a_target", "孕產婦死亡率應小於18/10萬", "小於18/10萬", 18, "per_100k", "less_than"),
    ("money_without_yuan", "單筆貸款不低於500萬", "不低於500萬", 5_000_000, "", "at_least"),
    ("from_one_figure_to_another", "從1億劑次到2億劑次用了25天", "1億劑次", 100_000_000, "剂次", "exact"),
    ("from_one_figure_to_another", "從1億劑次到2億劑次用了25天", "2億劑次", 200_000_000, "剂次", "exact"),
    ("fractions_are_percentages", "人均投入是公益性崗位的1/20", "1/20", 5, "percent", "exact"),
    ("fractions_are_percentages", "貸款覆蓋近1/5的創業者", "近1/5", 20, "percent", "nearly"),
    ("fractions_are_percentages", "三分之一的社區建成服務站", "三分之一", pytest.approx(33.33333), "percent", "exact"),
    ("signed_change", "較上年減少1家(-2.7%)", "-2.7%", -2.7, "percent", "exact"),
    ("decimal_days_are_a_span", "出院者平均住院日為8.8日", "8.8日", 8.8, "日", "exact"),
]  # fmt: skip

# (rule, sentence): digits that are no quantity
NOT_SIMPLIFIED = [
    ("clock_times", "会议于上午9时召开"),
    ("clock_times", "截至2月9日24时"),
    ("clock_times", "每日0时至24时开放"),
    ("clock_times", "截至7日晚8时"),
    ("clock_times", "下午3点30分开始"),
    ("age_bounds_a_population", "60岁及以上老年人"),
    ("age_bounds_a_population", "18岁以下人群暂不接种"),
    ("age_bounds_a_population", "5岁以下儿童死亡率持续下降"),
    ("age_bounds_a_population", "12岁或以上的市民"),
    ("age_bounds_a_population", "年满60岁的人士"),
    ("age_bounds_a_population", "3至11岁的儿童"),
    ("roc_years_are_dates", "台北市113年底医疗院所"),
    ("roc_years_are_dates", "较112年底"),
    ("rough_ranges", "补贴3万至5万元"),
    ("house_numbers", "地址:健康路127号"),
    ("fiscal_years", "2016/17年度统计报告"),
    ("bracketed_day", "截至今(4)日下午4时累计"),
    ("bracketed_day", "昨（3）日全市采样"),
    ("spaced_ordinal", "已接种第 3剂疫苗"),
]
NOT_TRADITIONAL = [
    ("clock_times", "會議於上午9時召開"),
    ("clock_times", "截至2月9日24時"),
    ("clock_times", "每日0時至24時開放"),
    ("clock_times", "截至7日晚8時"),
    ("clock_times", "下午3點30分開始"),
    ("age_bounds_a_population", "60歲及以上老年人"),
    ("age_bounds_a_population", "18歲以下人群暫不接種"),
    ("age_bounds_a_population", "5歲以下兒童死亡率持續下降"),
    ("age_bounds_a_population", "12歲或以上的市民"),
    ("age_bounds_a_population", "年滿60歲的人士"),
    ("age_bounds_a_population", "3至11歲的兒童"),
    ("roc_years_are_dates", "臺北市113年底醫療院所"),
    ("roc_years_are_dates", "較112年底"),
    ("rough_ranges", "補貼3萬至5萬元"),
    ("house_numbers", "地址:健康路127號"),
    ("fiscal_years", "2016/17年度統計報告"),
    ("bracketed_day", "截至今(4)日下午4時累計"),
    ("bracketed_day", "昨（3）日全澳採樣"),
    ("spaced_ordinal", "已接種第 3劑疫苗"),
]


def _case_id(case) -> str:
    return f"{case[0]}:{case[1]}"


@pytest.mark.parametrize(
    ("rule", "sentence", "mention", "value", "unit", "qualifier"),
    SIMPLIFIED + TRADITIONAL,
    ids=[_case_id(c) for c in SIMPLIFIED + TRADITIONAL],
)
def test_bulletin_phrasing(rule, sentence, mention, value, unit, qualifier):
    found = {q.text: q for q in find_quantities(sentence)}
    assert mention in found, f"{rule}: {mention!r} not found in {sentence!r}; found {list(found)}"
    q = found[mention]
    assert (q.value, q.unit, q.qualifier) == (value, unit, qualifier), rule
    assert sentence[q.start : q.end] == mention


@pytest.mark.parametrize(
    ("rule", "sentence"),
    NOT_SIMPLIFIED + NOT_TRADITIONAL,
    ids=[_case_id(c) for c in NOT_SIMPLIFIED + NOT_TRADITIONAL],
)
def test_not_a_quantity_in_bulletins(rule, sentence):
    assert find_quantities(sentence) == [], rule


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [(SIMPLIFIED, TRADITIONAL), (NOT_SIMPLIFIED, NOT_TRADITIONAL)],
    ids=["quantities", "not quantities"],
)
def test_every_rule_is_tested_in_both_scripts(simplified, traditional):
    assert [c[0] for c in simplified] == [c[0] for c in traditional]
    for t in traditional:
        assert to_simplified(t[1]) != t[1] or t[1] == "2016/17年度統計報告", t  # really traditional


def test_traditional_table_reads_as_the_simplified_one():
    # The same sentence in either script gives the same values, units and qualifiers.
    for s, t in zip(SIMPLIFIED, TRADITIONAL, strict=True):
        got_s = [(q.value, q.unit, q.qualifier) for q in find_quantities(s[1])]
        got_t = [(q.value, q.unit, q.qualifier) for q in find_quantities(t[1])]
        assert got_s == got_t, (s[1], t[1])


def test_offsets_index_the_original_traditional_text():
    text = "截至3月27日24時，全區共有醫療衛生機構1,205個，床位數975.0萬張，超過32萬人"
    got = [(q.text, text[q.start : q.end]) for q in find_quantities(text)]
    assert got == [("1,205個", "1,205個"), ("975.0萬張", "975.0萬張"), ("超過32萬人", "超過32萬人")]


def test_mixed_scripts_in_one_sentence():
    (q,) = find_quantities("累计接种3億5857.6万劑次")
    assert (q.value, q.unit) == (358_576_000, "剂次")


def test_per_100k_denominator_is_not_a_second_quantity():
    got = [(q.text, q.unit) for q in find_quantities("孕产妇死亡率从19.6/10万下降到18.3/10万")]
    assert got == [("19.6/10万", "per_100k"), ("18.3/10万", "per_100k")]


def test_compound_measure_words_are_tried_longest_first():
    assert [q.unit for q in find_quantities("巡诊7组次,培训3组")] == ["组次", "组"]
    assert [q.unit for q in find_quantities("比上年提高1.2个百分点,新建2个站")] == [
        "percentage_point",
        "个",
    ]


def test_one_before_a_count_classifier_is_an_article():
    assert find_quantities("与大家一起参加新一轮培训") == []
    assert [q.text for q in find_quantities("用时一年")] == ["一年"]  # a measurement stays


def test_both_scripts_widens_characters_inside_and_outside_classes():
    assert re.fullmatch(both_scripts("[万亿]人次"), "萬人次")
    assert re.fullmatch(both_scripts("超过"), "超過")
    assert re.fullmatch(both_scripts("[^万]"), "萬") is None  # a negated class stays negated
    assert re.fullmatch(both_scripts(r"\d+万"), "12萬")


# ------------------------------------------------------------------ lexicon --


def test_measure_words_come_from_jionlp_with_the_exclusions_stated():
    assert len(units.JIONLP_MEASURE_WORDS) > 150
    assert set(units.NOT_AFTER_A_NUMBER) <= set(units.JIONLP_MEASURE_WORDS)
    for word in units.NOT_AFTER_A_NUMBER:
        assert word not in units.MEASURE_WORDS
    for word in ("笔", "台", "套", "册", "人次", "组次", "剂次", "床日", "人日", "例", "所", "管"):
        assert word in units.MEASURE_WORDS, word


def test_measure_words_are_read_from_the_installed_jionlp_dictionary():
    """Most frequent first, Han characters only, no reduplications; nothing copied here."""
    words = units.JIONLP_MEASURE_WORDS
    assert words[:6] == ("元", "个", "年", "家", "次", "名")
    assert len(words) == 179 and len(set(words)) == len(words)
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+", w) for w in words)
    assert not [w for w in words if len(w) == 2 and w[0] == w[1]]
    assert "JIONLP_MEASURE_WORDS = tuple(" not in Path(units.__file__).read_text(encoding="utf-8")


def test_cli_extract_reads_traditional_text(tmp_path):
    path = tmp_path / "bulletin.txt"
    path.write_text("嬰兒死亡率下降到4.5‰，床位數975.0萬張", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "zibo_analysis.cli", "extract", "--format", "json", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = json.loads(out)
    assert [(r["text"], r["value"], r["unit"]) for r in rows] == [
        ("4.5‰", 4.5, "per_mille"),
        ("975.0萬張", 9_750_000, "张"),
    ]
