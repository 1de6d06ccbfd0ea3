"""Traditional to simplified, one character for one: offsets found in the result index the original."""

from __future__ import annotations

import pytest

from zibo_analysis.hanzi import is_traditional, to_simplified

# (traditional, simplified): measure words, qualifiers and time words of bulletins
PAIRS = [
    ("建成名醫基層工作站102個", "建成名医基层工作站102个"),
    ("全市共有醫療衛生機構3,105處", "全市共有医疗卫生机构3,105处"),
    ("累計接種3億5857.6萬劑次", "累计接种3亿5857.6万剂次"),
    ("發放創業擔保貸款4.2億元，惠及1,860戶", "发放创业担保贷款4.2亿元，惠及1,860户"),
    ("床位數975.0萬張", "床位数975.0万张"),
    ("舉辦招聘會36場、培訓班12期、活動8類", "举办招聘会36场、培训班12期、活动8类"),
    ("收治患者超過1.2萬人，約佔總數的三成", "收治患者超过1.2万人，约占总数的三成"),
    ("檢測樣本不足500份、餘下20組", "检测样本不足500份、余下20组"),
    ("截至3月27日24時，全區完成接種", "截至3月27日24时，全区完成接种"),
    ("今年1—10月，城鎮新增就業3.2萬人", "今年1—10月，城镇新增就业3.2万人"),
]


@pytest.mark.parametrize(("traditional", "simplified"), PAIRS)
def test_traditional_becomes_simplified(traditional, simplified):
    assert to_simplified(traditional) == simplified


@pytest.mark.parametrize(("traditional", "simplified"), PAIRS)
def test_simplified_passes_through(traditional, simplified):
    assert to_simplified(simplified) == simplified


@pytest.mark.parametrize(("traditional", "simplified"), PAIRS)
def test_length_is_kept(traditional, simplified):
    assert len(to_simplified(traditional)) == len(traditional) == len(simplified)


# (text as written, a word of its simplified form, that word as written at the same offset)
OFFSETS = [
    ("累計接種3億5857.6萬劑次", "万剂次", "萬劑次"),
    ("截至3月27日24時，全區完成接種", "全区", "全區"),
    ("發放創業擔保貸款4.2億元，惠及1,860戶", "1,860户", "1,860戶"),
    ("收治患者超過1.2萬人，約佔總數的三成", "约占总数", "約佔總數"),
    ("今年1—10月，城鎮新增就業3.2萬人", "新增就业", "新增就業"),
]


@pytest.mark.parametrize(("traditional", "word", "as_written"), OFFSETS)
def test_offsets_found_in_the_simplified_text_index_the_original(traditional, word, as_written):
    at = to_simplified(traditional).index(word)
    assert traditional[at : at + len(word)] == as_written


def test_seed_articles_are_unchanged(seed_texts):
    """The five seed articles are simplified: nothing in their bodies changes."""
    for name, text in seed_texts.items():
        changed = {ch for ch, new in zip(text, to_simplified(text), strict=True) if ch != new}
        assert changed <= {"幃"}, (name, changed)  # 幃 is in a portal's header, not in a body


def test_characters_outside_the_basic_plane_keep_one_position():
    text = "㑯𠀀醫"  # an extension-A character, an extension-B one, then 醫
    assert len(to_simplified(text)) == len(text)
    assert to_simplified(text)[-1] == "医"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年全省衛生健康事業發展統計公報", True),
        ("2023年全省卫生健康事业发展统计公报", False),
        ("12345", False),
    ],
)
def test_is_traditional(text, expected):
    assert is_traditional(text) is expected
