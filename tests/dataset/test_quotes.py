"""The quote a candidate row suggests: clause to clause, marks in pairs, saying what it counts."""

from __future__ import annotations

import pytest

from zibo_analysis.dataset import Article
from zibo_analysis.dataset.quotes import quote_span, unbalanced
from zibo_analysis.quantities import find_quantities


def quotes(text: str, segments=None) -> dict[str, str]:
    """Each mention of ``text`` and the quote suggested for it."""
    article = Article("d", "d.txt", text, segments or [(0, len(text))], find_quantities(text))
    return {q.text: text[slice(*quote_span(article, q))] for q in article.mentions}


CASES = [
    # a figure at the end of its clause: the clause, from its start
    (
        "浙江省今年新增城镇就业98.6万人，完成年度目标的109%。",
        "98.6万人",
        "浙江省今年新增城镇就业98.6万人",
    ),
    (
        "浙江省今年新增城鎮就業98.6萬人，完成年度目標的109%。",
        "98.6萬人",
        "浙江省今年新增城鎮就業98.6萬人",
    ),
    # what is counted follows the measure word: the quote runs on to the clause's end
    ("全年选派10名骨干医生下沉基层。", "10名", "全年选派10名骨干医生下沉基层"),
    ("全年選派10名骨幹醫生下沉基層。", "10名", "全年選派10名骨幹醫生下沉基層"),
    ("截至6月底，53家公立医院全部实行检查结果互认。", "53家", "53家公立医院全部实行检查结果互认"),
    # a mark opened before the clause's start: the quote starts at it
    (
        "举办“就业有位来，人才到岭南”系列活动215场，服务企业3.2万家次。",
        "215场",
        "“就业有位来，人才到岭南”系列活动215场",
    ),
    (
        "舉辦「就業有位來，人才到嶺南」系列活動215場，服務企業3.2萬家次。",
        "215場",
        "「就業有位來，人才到嶺南」系列活動215場",
    ),
    # a mark opened inside: the quote runs on to its closing half
    ("设立62个“健康小屋（驿站）”，覆盖全部乡镇。", "62个", "设立62个“健康小屋（驿站）”"),
    ("設立62個《健康小屋》服務點，覆蓋全部鄉鎮。", "62個", "設立62個《健康小屋》服務點"),
    # a bare level (省级41个) takes in the clauses before it until the thing is named
    (
        "全省共有国家级示范基地6个，省级41个，市级120个。",
        "41个",
        "全省共有国家级示范基地6个，省级41个",
    ),
    (
        "全省共有国家级示范基地6个，省级41个，市级120个。",
        "120个",
        "全省共有国家级示范基地6个，省级41个，市级120个",
    ),
    ("全省共有國家級示範基地6個，省級41個。", "41個", "全省共有國家級示範基地6個，省級41個"),
    # a list comma inside brackets is not the list's: the quote runs on past them
    (
        "其中28个省（自治区、直辖市）和兵团完成过半，3个省份进度偏慢。",
        "28个",
        "其中28个省（自治区、直辖市）和兵团完成过半",
    ),
    (
        "其中28個省（自治區、直轄市）和兵團完成過半，3個省份進度偏慢。",
        "28個",
        "其中28個省（自治區、直轄市）和兵團完成過半",
    ),
    # a list: a figure before a list comma ends there; the next one starts at the clause
    ("其中男性患者1人、女性患者3人。", "1人", "其中男性患者1人"),
]


@pytest.mark.parametrize("text, mention, expected", CASES)
def test_quote_starts_and_ends_where_a_reader_would_cut(text, mention, expected):
    assert quotes(text)[mention] == expected


def test_a_quote_holds_no_other_figure_written_like_its_own():
    text = "其中男性患者1人、女性患者1人。"
    article = Article("d", "d.txt", text, [(0, len(text))], find_quantities(text))
    assert [text[slice(*quote_span(article, q))] for q in article.mentions] == [
        "其中男性患者1人",
        "女性患者1人",
    ]


def test_a_quote_never_crosses_a_line_break():
    text = "一季度，全市帮扶困难人员\n再就业4120人，\n其中残疾人312人。"
    assert quotes(text)["4120人"] == "再就业4120人"


def test_a_quote_stays_inside_the_body():
    text = "记者 王某某 摄\n广州市今年组织职业技能培训36.2万人次。编辑：李某"
    body = (text.index("广州"), text.index("编辑"))
    assert quotes(text, [body])["36.2万人次"] == "广州市今年组织职业技能培训36.2万人次"


def test_a_long_clause_is_cut_at_a_list_comma_near_the_figure():
    text = (
        "围绕城乡居民医保、职工医保、大病保险、医疗救助、长期护理保险、商业补充保险、"
        "异地就医直接结算、门诊共济保障、药品集中带量采购和医保基金监管等重点工作共举办培训班46期。"
    )
    assert quotes(text)["46期"] == "药品集中带量采购和医保基金监管等重点工作共举办培训班46期"


def test_unbalanced_lists_the_lone_halves():
    assert unbalanced("博—高校人才直通车”活动107场") == ["”"]
    assert unbalanced("“家门口”服务（站点）178个") == []
    assert unbalanced("《健康小屋") == ["《"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("附表说明：@全市新增就业岗位3200个。", "全市新增就业岗位3200个"),
        ("附表說明：=全市新增就業崗位3200個。", "全市新增就業崗位3200個"),
    ],
)
def test_a_quote_never_starts_as_a_spreadsheet_formula(text, expected):
    (quote,) = quotes(text).values()
    assert quote == expected
