"""A number is read as a reader sees it: characters that show nothing do not cut it in two,
and one that may show in another order is not read; offsets index the text as given."""

from __future__ import annotations

import unicodedata

import pytest

from zibo_analysis.quantities import find_quantities
from zibo_analysis.quantities.visible import control_at, visible

# (text as published, with an invisible character; what a reader sees it say)
INVISIBLE = [
    ("全省城镇新增就业1\u200b2.5万人", "12.5万人", 125000, "人"),  # zero-width space
    ("全市累計接種3\u200d億5857.6萬劑次", "3億5857.6萬劑次", 358576000, "剂次"),  # joiner
    ("本縣農村兩癌篩查覆蓋率達9\u20601.27%", "91.27%", 91.27, "percent"),  # word joiner
    ("区财政发放创业担保贷款1\u00ad600多万元", "1600多万元", 16000000, "yuan"),  # soft hyphen
    ("年末全省共有医疗卫生机构1\u200c2,615个", "12,615个", 12615, "个"),  # non-joiner
    ("自治区新增床位2,\ufeff615张", "2,615张", 2615, "张"),  # a byte-order mark inside
    ("总诊疗人次95\u0301.5亿", "95.5亿", 9550000000, "人次"),  # a combining mark
    ("全區派出醫療隊3\ufe0f6支", "36支", 36, "支"),  # a variation selector
]


@pytest.mark.parametrize(("text", "seen", "value", "unit"), INVISIBLE)
def test_an_invisible_character_inside_a_number_does_not_make_another_number(text, seen, value, unit):  # fmt: skip
    (q,) = find_quantities(text)
    assert (q.value, q.unit) == (value, unit)
    assert text[q.start : q.end] == q.text  # offsets into the text as given
    assert "".join(ch for ch in q.text if unicodedata.category(ch) not in ("Cf", "Mn")) == seen


def test_offsets_after_invisible_characters_still_index_the_text_as_given():
    text = "\ufeff截至11月9日，\u200b全市累计接种\u200b新冠疫苗778.31万剂次，覆盖率9\u200d1%。"
    found = find_quantities(text)
    assert [(q.text, q.value) for q in found] == [("778.31万剂次", 7783100), ("9\u200d1%", 91)]
    assert [(q.start, q.end) for q in found] == [(text.index("778"), text.index("，覆")),
                                                 (text.index("9\u200d"), text.index("。"))]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "全市新增就业\u202e5.21\u202c万人",  # shown as 12.5万人 under a right-to-left override
        "全市新增就业\u202e5.21万人",  # an override left open to the end of the line
        "全市新增就业1\u200f2.5万人",  # a right-to-left mark inside the number
        "全市新增就業\u20671\u20692.5萬人",  # an isolate around one digit
    ],
)
def test_a_number_a_bidirectional_control_may_reorder_is_not_read(text):
    assert [q.text for q in find_quantities(text)] == []


def test_a_bidirectional_control_closed_or_on_another_line_leaves_other_numbers_alone():
    text = "\u202e甲\u202c共3人；\n\u202e乙丙\n另有5人。"
    assert [(q.text, q.start) for q in find_quantities(text)] == [("3人", 4), ("5人", 14)]


def test_text_without_invisible_characters_is_scanned_as_it_is():
    text = "淄博市张店区新增就业5.53万人，同比增长3.2%。"
    assert visible(text).text is text
    assert [q.text for q in find_quantities(text)] == ["5.53万人", "3.2%"]


@pytest.mark.parametrize(
    ("data", "at"),
    [(b"abc", -1), ("共3人\n\t\r\x0c".encode(), -1), (b"a\x00b", 1), (b"ab\x1b[31m", 2),
     (b"a\x7f", 1), ("共\u0085".encode(), 3), ("共\u009b".encode(), 3)],
)  # fmt: skip
def test_control_characters_are_found_tab_newline_and_form_feed_are_text(data, at):
    assert control_at(data) == at
