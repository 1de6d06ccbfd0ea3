"""The extractor on real sentences from the five seed articles, and its invariants."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from zibo_analysis.quantities import (
    MAX_NUMBER_DIGITS,
    find_quantities,
    numerals,
    parse_chinese_numeral,
    pattern,
)

# (sentence as printed in an article, mention, value, unit, qualifier)
CASES = [
    # Arabic integers and decimals, with the measure word as written
    ("建成名医基层工作站102个", "102个", 102, "个", "exact"),
    ("全市37家二级以上医院派出353名名医专家", "37家", 37, "家", "exact"),
    ("全市37家二级以上医院派出353名名医专家", "353名", 353, "名", "exact"),
    ("全市**85**处镇卫生院", "85**处", 85, "处", "exact"),
    ("2742处村卫生室实施国家基本药物制度", "2742处", 2742, "处", "exact"),
    ("已累计下转568人次、上转1581人次", "1581人次", 1581, "人次", "exact"),
    ("配备94辆健康大巴", "94辆", 94, "辆", "exact"),
    ("开展填补基层医疗机构空白的新技术、新业务771项", "771项", 771, "项", "exact"),
    ("开展适宜技术培训151期、培训4200人", "151期", 151, "期", "exact"),
    ("高频次开展“淄博一名校人才直通车”活动172场", "172场", 172, "场", "exact"),
    ("对3376批9745名入境隔离期满人员", "3376批", 3376, "批", "exact"),
    ("科学高效处置3起核酸阳性事件", "3起", 3, "起", "exact"),
    ("开展电话巡诊9033人次,为4648人提供", "4648人", 4648, "人", "exact"),
    ("组建81支用工服务队精准解决企业用工需求5065人", "81支", 81, "支", "exact"),
    ("全区共建成346处医保服务站点", "346处", 346, "处", "exact"),
    ("统一职工与居民门诊慢特病病种均达到66种", "66种", 66, "种", "exact"),
    ("建成6处紧密型“两院一体”医养结合机构,床位总数1693张", "1693张", 1693, "张", "exact"),
    ("每千人口拥有3岁以下婴幼儿托位数达4.6个", "4.6个", 4.6, "个", "exact"),
    ("构建农村地区30分钟重点疾病救治服务圈", "30分钟", 30, "分钟", "exact"),
    ("区妇保院二期项目已完成地下部分及地上十四层主体框架建设", "十四层", 14, "层", "exact"),
    # thousands separators and full-width forms
    ("全市共有村卫生室2,615处", "2,615处", 2615, "处", "exact"),
    ("安排资金1,250万元", "1,250万元", 12_500_000, "yuan", "exact"),
    ("建成名医基层工作站１０２个", "１０２个", 102, "个", "exact"),
    ("农村两癌筛查覆盖率已达９１．２７％", "９１．２７％", 91.27, "percent", "exact"),
    # scale words multiplied out, exactly
    ("累计开展门诊服务12.8万人次", "12.8万人次", 128_000, "人次", "exact"),
    ("已累计派出1.15万人次到医疗服务点开展巡诊服务", "1.15万人次", 11_500, "人次", "exact"),
    ("培训基层医务人员2.6万人", "2.6万人", 26_000, "人", "exact"),
    ("全市累计接种778.31万剂次", "778.31万剂次", 7_783_100, "剂次", "exact"),
    ("服务里程27.6万公里", "27.6万公里", 276_000, "公里", "exact"),
    ("受益群众14.38万人次", "14.38万人次", 143_800, "人次", "exact"),
    ("常住人口78.3415万人", "78.3415万人", 783_415, "人", "exact"),
    ("实现城镇新增就业5.53万人", "5.53万人", 55_300, "人", "exact"),
    ("向社会免费发放10万册《中医药养生保健知识》", "10万册", 100_000, "册", "exact"),
    ("从业人员3千人", "3千人", 3000, "人", "exact"),
    ("已累计完成12.7万人", "12.7万人", 127_000, "人", "exact"),
    # money in yuan
    ("为部分困难企业申请缓缴社保费1亿元", "1亿元", 100_000_000, "yuan", "exact"),
    ("一次性购房补助3.36亿元", "3.36亿元", 336_000_000, "yuan", "exact"),
    ("全年地区生产总值16.4亿元", "16.4亿元", 1_640_000_000, "yuan", "exact"),
    ("为8781家企业发放稳岗补贴4395万元", "4395万元", 43_950_000, "yuan", "exact"),
    ("累计拨付基金316.61万元", "316.61万元", 3_166_100, "yuan", "exact"),
    ("在职和退休人员年报销额度分别达4500元和5500元", "5500元", 5500, "yuan", "exact"),
    ("共为4240户创业人员发放担保贷款9.26亿元", "9.26亿元", 926_000_000, "yuan", "exact"),
    # percent, percentage points, 成
    ("农村两癌筛查覆盖率已达91.27%", "91.27%", 91.27, "percent", "exact"),
    ("全市产前检查率达98.90%", "98.90%", 98.9, "percent", "exact"),
    ("省级临床重点专科与上轮评审相比,总数增长143%", "143%", 143, "percent", "exact"),
    ("城镇登记失业率3.2%,低于省控目标1.3个百分点", "1.3个百分点", 1.3, "percentage_point", "exact"),
    ("城镇登记失业率3.2%,低于省控目标1.3个百分点", "3.2%", 3.2, "percent", "exact"),
    ("比上年提高2个百分点", "2个百分点", 2, "percentage_point", "exact"),
    ("九成二级以上公立综合医院将设立精神(心理)门诊", "九成", 90, "percent", "exact"),
    ("覆盖率达百分之九十一点五", "百分之九十一点五", 91.5, "percent", "exact"),
    ("签约率达到三成以上", "三成以上", 30, "percent", "at_least"),
    # Chinese numerals, with their traditional forms
    ("培训学员一百二十人", "一百二十人", 120, "人", "exact"),
    ("组建一百零八支队伍", "一百零八支", 108, "支", "exact"),
    ("新增床位两千张", "两千张", 2000, "张", "exact"),
    ("惠及群众三十万人次", "三十万人次", 300_000, "人次", "exact"),
    ("发放手册一万二千册", "一万二千册", 12_000, "册", "exact"),
    ("投入资金五千万元", "五千万元", 50_000_000, "yuan", "exact"),
    ("投入資金兩千萬元", "兩千萬元", 20_000_000, "yuan", "exact"),
    ("共計三億元", "三億元", 300_000_000, "yuan", "exact"),
    ("覆蓋率百分之九十一點五", "百分之九十一點五", 91.5, "percent", "exact"),
    ("组织两批221名基层技术骨干到上级医院免费进修学习", "两批", 2, "批", "exact"),
    ("药店对购买退烧药等四类药品人员实名登记", "四类", 4, "类", "exact"),
    # qualifiers: more than
    ("组织专家会诊3900余人次", "3900余人次", 3900, "人次", "more_than"),
    ("今年已累计为贫困患者减免医疗费用1600多万元", "1600多万元", 16_000_000, "yuan", "more_than"),
    ("服务2.2万余家次企业", "2.2万余家次", 22_000, "家次", "more_than"),
    ("累计摸排重点地区入淄返淄人员信息16.3万余条", "16.3万余条", 163_000, "条", "more_than"),
    ("累计登记信息170余万条", "170余万条", 1_700_000, "条", "more_than"),
    ("为2500余名患者优惠费用13余万元", "13余万元", 130_000, "yuan", "more_than"),
    ("惠及群众10万余人次,减少支出20余万元", "20余万元", 200_000, "yuan", "more_than"),
    ("发展二十余名心理工作者作为志愿服务者", "二十余名", 20, "名", "more_than"),
    ("招募志愿者两万余名", "两万余名", 20_000, "名", "more_than"),
    ("本科以上学历占比超过76%", "超过76%", 76, "percent", "more_than"),
    ("实施诊间付费,诊间付费率超过45%", "超过45%", 45, "percent", "more_than"),
    ("服务对象逾3000人", "逾3000人", 3000, "人", "more_than"),
    # at least
    ("重点人群签约服务覆盖率达到77%以上", "77%以上", 77, "percent", "at_least"),
    ("对全区80%以上的预防接种门诊实施智慧化改造", "80%以上", 80, "percent", "at_least"),
    (
        "每年选派不少于10名中医药工作者到基层医疗机构帮扶中医工作",
        "不少于10名",
        10,
        "名",
        "at_least",
    ),
    ("计划新引进大学生60人以上,其中硕士研究生不少于20人", "60人以上", 60, "人", "at_least"),
    ("每年为老年人提供至少1次健康评估", "至少1次", 1, "次", "at_least"),
    ("团队成员连续驻站工作时间不少于一年", "不少于一年", 1, "年", "at_least"),
    ("达标率不低于95%", "不低于95%", 95, "percent", "at_least"),
    # nearly, about, at most, less than
    ("已为81家小微企业发放创业担保组合贷近1.55亿元", "近1.55亿元", 155_000_000, "yuan", "nearly"),
    ("共组建70支队伍,近300人参与", "近300人", 300, "人", "nearly"),
    ("接近2万人次", "接近2万人次", 20_000, "人次", "nearly"),
    ("将近500人", "将近500人", 500, "人", "nearly"),
    ("服务约1200人次", "约1200人次", 1200, "人次", "about"),
    ("大约30家", "大约30家", 30, "家", "about"),
    ("每天接诊100人左右", "100人左右", 100, "人", "about"),
    ("门诊分时段预约精确到20分钟以内", "20分钟以内", 20, "分钟", "at_most"),
    ("将预约时段精确至10分钟以内", "10分钟以内", 10, "分钟", "at_most"),
    ("候诊时间不超过30分钟", "不超过30分钟", 30, "分钟", "at_most"),
    ("个人负担不高于10%", "不高于10%", 10, "percent", "at_most"),
    ("空白村不到5个", "不到5个", 5, "个", "less_than"),
    ("覆盖率不足60%", "不足60%", 60, "percent", "less_than"),
    # phrasings found in review
    ("累计服务群众12300余人次", "12300余人次", 12_300, "人次", "more_than"),  # not a 123xx hotline
    ("发放补贴12350多万元", "12350多万元", 123_500_000, "yuan", "more_than"),
    ("全年服务超3000人次", "超3000人次", 3000, "人次", "more_than"),
    ("签约人数突破1万人次", "突破1万人次", 10_000, "人次", "more_than"),
    ("日均接诊5000人上下", "5000人上下", 5000, "人", "about"),
    ("同比提高1个多百分点", "1个多百分点", 1, "percentage_point", "more_than"),
    ("累计为3.6万名困难群众节约医疗费用", "3.6万名", 36_000, "名", "exact"),  # 节约 is no festival
    ("完成2.3万人季节性流感疫苗接种", "2.3万人", 23_000, "人", "exact"),
    ("近3年累计培训500人", "3年", 3, "年", "exact"),  # 近3年: the last three years, not nearly
    ("惠及三十万群众", "三十万", 300_000, "", "exact"),
]


@pytest.mark.parametrize(("sentence", "mention", "value", "unit", "qualifier"), CASES)
def test_real_sentence(sentence, mention, value, unit, qualifier):
    found = {q.text: q for q in find_quantities(sentence)}
    assert mention in found, f"{mention!r} not found in {sentence!r}; found {list(found)}"
    q = found[mention]
    assert (q.value, q.unit, q.qualifier) == (value, unit, qualifier)
    assert sentence[q.start : q.end] == mention


def test_at_least_sixty_hand_checked_cases():
    assert len(CASES) >= 60


# Text that holds digits or numerals but no quantity.
NOT_QUANTITIES = [
    "今年1—10月,淄博市实现",  # a period
    "淄博12月1日讯 12月1日,淄博市政府新闻办公室",  # dates
    "于2022年11月30日前到公安机关登记报案",
    "截至11月9日,全市累计接种",
    "10月上旬启动加强免疫接种以来",
    "自6月份推出以来",
    "2020年10月,淄博市卫生健康委对淄博市乡镇卫生院进行调研",
    "2025-12-04 10:05:02",  # a time stamp
    "上午10:30召开",  # a clock time
    "联系电话:0533-2139528 联系人:李警官",  # a phone number
    "聚焦人大代表意见建议、12345热线受理的群众集中投诉问题",  # a hotline
    "借助12345政务服务便民热线",
    "登记地点:淄博市公安局高新区分局经侦大队(淄博高新区万杰路127号)",  # an address
    "建成胸痛中心、卒中中心等“八大中心”",  # names that hold numerals
    "市中心医院被评为三级甲等综合医院",
    "薛城创新“1+3+10+N”模式",
    "组织举办5.12国际护士节、第三届中医药文化节",
    "组织中医药适宜技术进万家活动",
    "让中医走进千家万户",
    "推行“一次挂号管三天”新举措",
    "为来淄就业的高校毕业生发放一次性购房补助",
    "确定了一批基层急需、群众急盼的专科",
    "持续开展“一次挂号管三天”、周六周日普通门诊免挂号费等惠民服务",
    "坚持“三优三强”的工作思路",
    "市第一医院投入",  # an ordinal
    "组织开展“五进”活动",
    "每月开展两三次义诊",  # rough ranges are not numbers
    "三四个月后复查",
    "五六十人参加",
    "补贴标准为3万至5万元",
    "每人2000元至5000元",
    "学习贯彻党的十九届六中全会精神",  # names
    "“十四五”期间",
    "十四五期间",
    "学习党的二十大精神",
    "超额完成全年目标任务",
    "65岁及以上老年人",  # ages that bound a population
    "服务65岁及以下人群",
    "为65周岁以上老人体检",
    "1、总体情况",  # the numbers of list items
    "（2）主要措施",
    "  3. 重點任務",
    "工作成效：4、群众满意度持续提升",
]


@pytest.mark.parametrize("sentence", NOT_QUANTITIES)
def test_not_a_quantity(sentence):
    assert find_quantities(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("平均每人醫療花費8萬4,512元", 84_512, "yuan"),
        ("全年死亡人數18萬6,032人", 186_032, "人"),
        ("全市新增就业3万1200人", 31_200, "人"),
        ("全年醫療支出2兆1,300億元", 2_130_000_000_000, "yuan"),
    ],
)
def test_a_lower_part_written_after_wan_or_zhao_is_one_number(sentence, value, unit):
    (q,) = find_quantities(sentence)
    assert (q.value, q.unit) == (value, unit)


def test_a_list_items_number_is_passed_over_but_the_figures_after_it_are_read():
    found = find_quantities("2、全市新建社区医院5家；\n(3) 新增床位1.5万张。")
    assert [(q.text, q.value, q.unit) for q in found] == [
        ("5家", 5, "家"),
        ("1.5万张", 15_000, "张"),
    ]


@pytest.mark.parametrize("digit", list("零一二三四五六七八九"))
def test_every_digit_after_the_decimal_point(digit):
    value = int("零一二三四五六七八九".index(digit))
    (q,) = find_quantities(f"覆盖率达百分之九十一点{digit}{digit}")
    assert q.value == float(f"91.{value}{value}")


def test_full_width_comma_separates_list_items_not_thousands():
    assert [q.value for q in find_quantities("分别为120，135，150家")] == [120, 135, 150]
    assert [q.value for q in find_quantities("全市共有村卫生室2,615处")] == [2615]


def test_percentage_points_are_not_percent():
    (q,) = find_quantities("低于省控目标1.3个百分点")
    assert q.unit == "percentage_point" and q.value == 1.3


def test_wan_with_decimal_is_multiplied_out_exactly():
    assert find_quantities("16.4亿元")[0].value == 1_640_000_000
    assert isinstance(find_quantities("16.4亿元")[0].value, int)
    assert find_quantities("78.3415万人")[0].value == 783_415


def test_more_than_qualifier_from_yu():
    assert find_quantities("组织专家会诊3900余人次")[0].qualifier == "more_than"


def test_whole_sentence_yields_every_mention_in_order():
    sentence = (
        "通过全市6000余个网格群发布企业招聘信息,今年以来,为群众推荐岗位17954个,帮助3806人实现就业。"
    )
    got = [(q.text, q.value, q.unit, q.qualifier) for q in find_quantities(sentence)]
    assert got == [
        ("6000余个", 6000, "个", "more_than"),
        ("17954个", 17954, "个", "exact"),
        ("3806人", 3806, "人", "exact"),
    ]


def test_contract_signing_is_not_about():
    # 签约 (sign up) ends in 约 (about), which must not qualify the number after it
    (q,) = find_quantities("65岁以上老年人家庭医生签约7.8万余人")
    assert (q.text, q.value, q.qualifier) == ("7.8万余人", 78_000, "more_than")


def test_age_ranges_and_bounds_are_consistently_not_returned():
    assert [q.text for q in find_quantities("12~17岁、18岁及以上人群")] == []
    assert [q.text for q in find_quantities("1-7岁儿童免疫规划疫苗")] == []


def test_real_article_offsets(seed_texts):
    for name, text in seed_texts.items():
        for q in find_quantities(text):
            assert text[q.start : q.end] == q.text, name


# ------------------------------------------------------------- properties --

_DIGITS = "零一二三四五六七八九"


def _section(n: int) -> str:
    """0 < n < 10000 in Chinese, e.g. 1010 -> 一千零一十."""
    out, pending_zero = "", False
    for place, word in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // place % 10
        if d == 0:
            pending_zero = pending_zero or bool(out)
            continue
        if pending_zero:
            out += "零"
            pending_zero = False
        out += _DIGITS[d] + word
    return out


def to_chinese(n: int) -> str:
    """Write n (0 <= n <= 10**12) as a reader would: 100000001 -> 一亿零一."""
    if n == 0:
        return "零"
    out = ""
    yi, rest = divmod(n, 10**8)
    if yi:
        out = to_chinese(yi) + "亿"
    wan, low = divmod(rest, 10**4)
    for group, word in ((wan, "万"), (low, "")):
        if group:
            if out and group < 1000 and not out.endswith("零"):
                out += "零"
            out += _section(group) + word
        elif out and not out.endswith("零") and word == "万" and low:
            out += "零"
    return out


def test_to_chinese_writer_itself():
    assert to_chinese(120) == "一百二十"
    assert to_chinese(108) == "一百零八"
    assert to_chinese(12_000) == "一万二千"
    assert to_chinese(50_000_000) == "五千万"
    assert to_chinese(10**12) == "一万亿"
    assert to_chinese(100_000_001) == "一亿零一"
    assert to_chinese(100_010_000) == "一亿零一万"


@given(st.integers(min_value=0, max_value=10**12))
@settings(max_examples=400, deadline=None)
def test_any_integer_in_chinese_numerals_parses_back(n):
    numeral = to_chinese(n)
    assert parse_chinese_numeral(numeral) == n
    (q,) = find_quantities(f"共投入{numeral}元。")
    assert (q.value, q.unit, q.text) == (n, "yuan", numeral + "元")


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_never_raises_and_spans_are_sound(text):
    found = find_quantities(text)
    previous_end = 0
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.start >= previous_end, "mentions overlap"
        previous_end = q.end


_CHINESE_ALPHABET = st.sampled_from(
    list("零一二两三四五六七八九十百千万亿余多近约超过以上内下左右个人次名元%成点年月日第")
    + ["1", "2", ".", "0"]
)


@given(st.lists(_CHINESE_ALPHABET, max_size=30).map("".join))
@settings(max_examples=500, deadline=None)
def test_numeral_soup_never_raises(text):
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text


# ----------------------------------------------------------------- limits --
# A run of digits or numerals longer than any real quantity is passed over whole: never an
# error, an infinite value, a conversion of a huge number, or a piece of the run read alone.


def test_numeral_of_five_thousand_characters_is_passed_over_not_an_error():
    assert find_quantities("九" * 5000 + "元") == []
    assert [q.text for q in find_quantities("九" * 5000 + "元，共3人")] == ["3人"]


def test_long_digit_run_with_a_decimal_is_passed_over_not_infinite():
    assert find_quantities("9" * 400 + ".5元") == []


@pytest.mark.parametrize(
    ("digit", "number"),
    [
        ("9", 10**MAX_NUMBER_DIGITS - 1),
        ("９", 10**MAX_NUMBER_DIGITS - 1),
        ("九", 10**MAX_NUMBER_DIGITS - 1),
    ],
)
def test_twenty_digits_are_a_number_and_twenty_one_are_not(digit, number):
    assert MAX_NUMBER_DIGITS == 20
    (q,) = find_quantities(digit * 20 + "元")
    assert (q.value, q.unit, q.text) == (number, "yuan", digit * 20 + "元")
    assert find_quantities(digit * 21 + "元") == []


def test_digits_after_the_point_count_towards_the_limit():
    (q,) = find_quantities("1" * 19 + ".5元")
    assert q.value == pytest.approx(1.1111111111111111e18)
    assert find_quantities("1" * 20 + ".5元") == []


@pytest.mark.parametrize(
    "text",
    [
        "9" * 30 + "五元",  # Arabic digits, then a Chinese one
        "九" * 25 + "5元",  # Chinese digits, then an Arabic one
        "1" + ",000" * 10 + ",0001元",  # the last comma does not separate thousands
        "12,3456" + ",000" * 10 + "元",  # nor does the first
        "9" * 25 + ".5.5元",  # a second point
        "1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6.7.8.9.0.1元",
        "第" + "9" * 30 + "五元",  # after an ordinal
        "超" + "9" * 25 + "元",  # after a qualifier
        "近" + "9" * 25 + "万人",  # after a qualifier and before a scale word
        "周一" + "二" * 20 + "元",  # a weekday: its 一 starts the run
        "一" + "万" * 45 + "元",  # 万万万: no digits, too many characters
        "十" * 41 + "人",
    ],
)
def test_no_piece_of_a_long_run_is_read_as_a_number(text):
    assert find_quantities(text) == []


def test_quantities_beside_a_long_run_are_still_found():
    text = "共3人" + "9" * 30 + "，5元,分别为1200,1350,1500,1650,1800,1950家"
    got = [(q.text, q.value) for q in find_quantities(text)]
    assert got == [
        ("3人", 3),
        ("5元", 5),
        ("1200", 1200),
        ("1350", 1350),
        ("1500", 1500),
        ("1650", 1650),
        ("1800", 1800),
        ("1950家", 1950),
    ]


@pytest.mark.parametrize("text", ["一亿亿亿元", "9" * 20 + "万亿元", "一亿亿亿点五元"])
def test_value_of_more_than_twenty_digits_is_not_a_quantity(text):
    assert find_quantities(text) == []


def test_largest_real_figures_are_still_quantities():
    got = [
        q.value
        for q in find_quantities("国内生产总值126万亿元，共投入一万亿元，九千九百九十九万亿元")
    ]
    assert got == [126 * 10**12, 10**12, 9999 * 10**12]


def test_long_runs_are_never_converted(monkeypatch):
    converted: list[str] = []

    def spy(convert):
        def wrapper(number):
            converted.append(number)
            return convert(number)

        return wrapper

    monkeypatch.setattr(numerals, "arabic", spy(numerals.arabic))
    monkeypatch.setattr(numerals, "parse_chinese_numeral", spy(numerals.parse_chinese_numeral))
    runs = ["9" * 10_000, "九" * 3000, "一" + "亿" * 3000, "1" + ",000" * 3000, "1" * 21]
    assert find_quantities("元，".join(runs) + "元，共3人") != []
    assert converted == ["3"]


# Runs of one character, many characters long: the shapes that break a scanner.
_RUN_PARTS = st.sampled_from(
    list("9９九十万亿点第超近约不“”,.+ a一元人%") + ["1,000", "2022年", "第1"]
)
_RUNS = st.lists(st.tuples(_RUN_PARTS, st.integers(1, 400)), max_size=6).map(
    lambda parts: "".join(part * times for part, times in parts)
)


@given(st.one_of(st.text(), _RUNS))
@settings(max_examples=300, deadline=None)
def test_every_value_is_finite_and_below_the_limit(text):
    for q in find_quantities(text):
        assert math.isfinite(q.value) and abs(q.value) < 10**MAX_NUMBER_DIGITS, q
        assert text[q.start : q.end] == q.text


_NUMBER_PIECES = st.sampled_from(list("0123456789０９零〇一二两三四五六七八九"))
_PLACES = st.sampled_from(["", "", "十", "百", "千", "万", "亿", "点"])
_LONG_RUN = st.lists(st.tuples(_NUMBER_PIECES, _PLACES), min_size=21, max_size=60).map(
    lambda pairs: "".join(digit + place for digit, place in pairs)
)
_AROUND = st.text(alphabet=list("共超近约第周一二5元人个%“”+ ,.，年月日"), max_size=12)


@given(_AROUND, _LONG_RUN, _AROUND)
@settings(max_examples=300, deadline=None)
def test_a_long_run_is_passed_over_whole(before, run, after):
    text = before + run + after
    start, end = len(before), len(before) + len(run)
    for q in find_quantities(text):
        assert q.end <= start or q.start >= end, (q, run)


_ANCHOR_TOKENS = st.sampled_from(
    "1 23 ９ 一 十 万 大 大约 不 不到 不少于 至 至少 接 接近 将 将近 突 突破 百 百分之 周 周一 星期二 "
    "礼拜天 第 超 超过 逾 近 约 签约 “ ” 《 》 a Z + . , 年 月 日 元 人 %".split()
    + [" ", "  ", "a ", " + "]
)


@given(st.lists(_ANCHOR_TOKENS, max_size=12).map("".join))
@example(
    "约大约5人, 不到5个, 不少于5名, 至少5次, 接近5万, 将近5人, 突破5亿, 百分之五, 逾5人, 超5人"
)
@example("周一, 星期二, 礼拜天, 第5, 第五, “五”, 《5》, a + 1, b  ＋ c, 二〇二一年, 5.1劳动节")
@settings(max_examples=1000, deadline=None)
def test_scan_starts_at_every_position_where_a_mention_can_start(text):
    # The scan tries the full pattern only where the quick anchor search stops.
    for pos in range(len(text)):
        m = pattern.PATTERN.match(text, pos)
        if m is not None and m.end() > pos:
            assert pattern.ANCHOR.match(text, pos), (text, pos, m.group())
