"""One definition per idea: where a sentence ends, printed precision, the meaning of LEVELS.

Each definition is asked by every stage that needs it; these tests pin the definition and
that the stages agree with it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

import zibo_analysis
from zibo_analysis.sentences import (
    HEADING_MAX,
    clause_span,
    ends_item,
    ends_sentence,
    sentence_span,
)

SRC = Path(zibo_analysis.__file__).parent


def spanned(text: str, figure: str, span=sentence_span) -> str:
    start = text.index(figure)
    a, b = span(text, start, start + len(figure))
    return text[a:b]


# ------------------------------------------------------------------ sentences --

# A web page's column break in the middle of a sentence, in the style of several provinces'
# releases, in simplified and traditional script: the two lines are one sentence.
BROKEN = [
    (
        "今年以来，全省累计为农村留守老人提供上门巡诊服务共计12.6万人次，覆盖\n全部行政村，群众满意度明显提升。",
        "12.6万人次",
    ),
    (
        "今年以來，全省累計為農村留守老人提供上門巡診服務共計12.6萬人次，覆蓋\n全部行政村，群眾滿意度明顯提升。",
        "12.6萬人次",
    ),
    (
        "截至9月底，全市城镇新增就业人数达到3.4万人，完成年度目标任务的\n102%，其中高校毕业生就业1.1万人。",
        "3.4万人",
    ),
]


@pytest.mark.parametrize(("text", "figure"), BROKEN)
def test_a_line_break_inside_a_sentence_ends_nothing(text, figure):
    assert spanned(text, figure) == text.removesuffix("。")  # the whole of it, line break and all


@pytest.mark.parametrize(
    ("text", "figure", "sentence"),
    [
        ("全年新增城镇就业5.53万人。\n城镇登记失业率控制在4%以内。", "4%", "城镇登记失业率控制在4%以内"),
        ("全年新增城鎮就業5.53萬人。\n城鎮登記失業率控制在4%以內。", "5.53萬人", "全年新增城鎮就業5.53萬人"),
        ("一、就业创业\n新增就业1.2万人", "1.2万人", "新增就业1.2万人"),  # a heading ends at its line
        ("全省门诊量下降了吗?没有，门诊量增长8%!", "8%", "没有，门诊量增长8%"),
        ("家庭医生签约率达到45%；重点人群签约率达到80%", "80%", "重点人群签约率达到80%"),
    ],
)  # fmt: skip
def test_a_sentence_ends_at_final_punctuation_or_after_a_line_that_ends_one(text, figure, sentence):
    assert spanned(text, figure) == sentence


def test_a_heading_is_a_short_line_and_a_blank_line_ends_nothing():
    heading = "二、基本公共卫生服务"
    assert len(heading) <= HEADING_MAX and ends_sentence(heading + "\n", len(heading))
    prose = "全区累计开展健康知识讲座和义诊活动共计三百余场次，惠及群众约两万人"
    assert len(prose) > HEADING_MAX and not ends_sentence(prose + "\n", len(prose))
    assert not ends_sentence(prose + "\n\n", len(prose) + 1)


def test_a_clause_ends_at_a_comma_or_colon_and_an_item_at_the_enumeration_mark():
    text = "其中：国家级示范平台1家、省级10家，市级4家。"
    assert spanned(text, "1家", clause_span) == "国家级示范平台1家、省级10家"
    assert ends_item(text, text.index("、")) and not ends_sentence(text, text.index("，"))


def test_the_quality_rules_and_the_curation_read_sentences_the_one_way():
    from zibo_analysis import sentences
    from zibo_analysis.dataset import quotes
    from zibo_analysis.facts import text as facts_text
    from zibo_analysis.quality import claims, text

    assert claims.sentence_span is sentence_span and text.clause_span is clause_span
    # the facts' layout and the curation's quotes end clauses where `sentences` says
    assert quotes.CLAUSE_END is sentences.CLAUSE_END and quotes.LIST_MARK is sentences.LIST_MARK
    assert facts_text.CLAUSE_END is sentences.CLAUSE_END
    assert facts_text.SENTENCE_END is sentences.SENTENCE_END
    # the words of a clause a line break runs through
    assert (
        text.clause_words("为4648人提供" + "x" * 30 + "\n上门送医送药，", 1, 5)
        == "为人提供" + "x" * 30 + "\n上门送医送药"
    )


# ------------------------------------------------------------ printed precision --

TRICKY = [
    ("９３．０７％", 0.01, 2),
    ("1,250万元", 10_000.0, 0),
    ("3亿5857.6万", 1_000.0, 0),
    ("2,615处", 0.0, 0),
]


@pytest.mark.parametrize(("mention", "step", "decimals"), TRICKY)
def test_printed_precision_is_one_reading_for_coverage_quality_and_tables(mention, step, decimals):
    from zibo_analysis.coverage import printed_interval
    from zibo_analysis.plots.tables import _decimals_of
    from zibo_analysis.quality.text import half_unit
    from zibo_analysis.quantities import find_quantities, printed_step

    value = find_quantities(mention)[0].value
    assert printed_step(mention) == step and _decimals_of(mention) == decimals
    assert half_unit(mention) == step / 2
    assert printed_interval(value, mention, "exact") == (value - step / 2, value + step / 2)


# ---------------------------------------------------------------------- names --


def module_level_names(name: str) -> list[str]:
    """The modules of the package that assign ``name`` at their top level."""
    found = []
    for path in SRC.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = (
                node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            )
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                found.append(path.relative_to(SRC).as_posix())
    return found


def test_levels_means_one_thing():
    assert module_level_names("LEVELS") == ["facts/place.py"]
    assert module_level_names("REGION_LEVELS") == ["dataset/schemas.py"]


@pytest.mark.parametrize("name", ["SENTENCE_END", "CLAUSE_END", "SENTENCE_ENDS", "CLAUSE_ENDS"])
def test_sentence_marks_are_defined_once_outside_facts(name):
    assert [m for m in module_level_names(name) if not m.startswith("facts/")] == (
        ["sentences.py"] if not name.endswith("S") else []
    )


# ------------------------------------------------------------ indicator columns --


def test_the_indicator_tables_columns_are_declared_once_and_read_everywhere(real_indicators):
    from zibo_analysis.dataset import INDICATOR_COLUMNS, INDICATOR_TABLE
    from zibo_analysis.dataset.schemas import INDICATORS_SCHEMA
    from zibo_analysis.plots.columns import COLUMNS
    from zibo_analysis.report.datapackage import indicator_fields, vocabularies

    declared = [c.name for c in INDICATOR_TABLE]
    assert INDICATOR_COLUMNS == declared and list(INDICATORS_SCHEMA.columns) == declared
    fields = indicator_fields(vocabularies())
    assert [f["name"] for f in fields] == declared
    assert list(real_indicators.columns) == declared  # as written, and as loaded
    header = (
        (Path(zibo_analysis.__file__).parents[2] / "data/processed/indicators.csv")
        .open(encoding="utf-8")
        .readline()
    )
    assert header.strip().split(",") == declared
    for column in INDICATOR_TABLE:
        assert (COLUMNS[column.name].en, COLUMNS[column.name].zh) == (column.en, column.zh)


def test_each_derived_reading_of_a_column_agrees_with_its_declaration(real_indicators):
    from zibo_analysis.dataset.columns import COLUMN
    from zibo_analysis.report.datapackage import indicator_fields, vocabularies

    fields = {f["name"]: f for f in indicator_fields(vocabularies())}
    assert fields["obs_id"]["constraints"] == {"required": True, "unique": True}
    assert fields["change_base"]["constraints"]["enum"][0] == ""  # optional: may be empty
    assert fields["qualifier"]["constraints"]["enum"][:2] == ["exact", "more_than"]
    assert fields["start"]["unit"] == COLUMN["start"].unit and fields["as_of"]["type"] == "date"
    assert str(real_indicators["start"].dtype) == "int64" and str(
        real_indicators["as_of"].dtype
    ).startswith("datetime64")
    assert list(real_indicators["qualifier"].cat.categories[:2]) == ["exact", "more_than"]
    assert real_indicators["topic"].cat.ordered and not real_indicators["status"].cat.ordered
    assert real_indicators["gap_direction"].dtype == object  # optional: text, empty allowed


def test_the_schema_refuses_a_value_outside_a_declared_vocabulary(real_indicators):
    import pandera.errors

    from zibo_analysis.dataset.schemas import INDICATORS_SCHEMA

    written = pd.read_csv(Path(zibo_analysis.__file__).parents[2] / "data/processed/indicators.csv",
                          dtype=str, keep_default_na=False)  # fmt: skip
    as_built = written.astype(
        {c: int for c in ("start", "end", "mention_start", "mention_end", "curation_line")}
    )
    as_built = as_built.astype({"value": float})
    INDICATORS_SCHEMA.validate(as_built)
    with pytest.raises(pandera.errors.SchemaError, match="gap_direction"):
        INDICATORS_SCHEMA.validate(as_built.assign(gap_direction="sideways"))
