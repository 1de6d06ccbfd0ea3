"""How each column of the report's tables reads: its header in English and Chinese, what
its values are (`Column`), and the words for small vocabularies. `tables` uses them.
"""

from __future__ import annotations

from dataclasses import dataclass

from zibo_analysis.dataset.columns import INDICATOR_TABLE
from zibo_analysis.files import LIST_SEPARATOR
from zibo_analysis.vocab import VALUE_WORDS


@dataclass(frozen=True)
class Column:
    """How a column reads: its header in each language, and what its values are.

    ``kind`` is one of text, id (never wrapped), date, count (whole numbers), position (a
    character offset: a whole number without separators, to use as an index), printed
    (a figure from an article: as many decimals as it was printed with), number (a
    derived figure: ``decimals`` places, or as many as the most precise of the columns
    named in ``like``). ``infinite`` is what an infinite value means, in en and zh.
    ``separators`` (en, zh) join the items of a cell that holds a list (a flag's articles,
    dates, rows and quotes), on the page and in the table's CSV.
    """

    en: str
    zh: str
    kind: str = "text"
    decimals: int | None = None
    like: tuple[str, ...] = ()
    infinite: tuple[str, str] | None = None
    separators: tuple[str, str] = (LIST_SEPARATOR, LIST_SEPARATOR)

    def separator(self, lang: str) -> str:
        """What joins a list's items in ``lang``."""
        return self.separators[lang == "zh"]


# A table of data: a column a line, its header in English and
# Chinese and its kind side by side, so that a reader compares them at a glance.
COLUMNS: dict[str, Column] = {
    # the indicator table's, as `dataset.columns` declares them
    **{c.name: Column(c.en, c.zh, c.reads) for c in INDICATOR_TABLE},
    # the columns of the tables derived from it
    "doc_ids": Column("Articles", "报道"),
    "target_doc_id": Column("Target article", "目标出处", "id"),
    "indicator": Column("Indicator", "指标"),
    "periods": Column("Periods covered", "统计期"),
    "sentence": Column("Why", "说明"),
    "review": Column("Analyst's note", "分析员说明"),
    "reviewed_in": Column("Written in", "说明出处"),
    "reviewed": Column("Reviewed", "已复核"),
    "low": Column("Lowest", "下限", "number", like=("value",)),
    "high": Column("Highest", "上限", "number", like=("value",)),
    "level_mention": Column("Level as printed", "原文水平值"),
    "change_mention": Column("Change as printed", "原文变化值"),
    "publisher": Column("Publisher", "发布者"),
    "facts": Column("Facts", "数据条目", "count"),
    "targets": Column("Targets", "目标", "count"),
    "target": Column("Target", "目标", "printed"),
    "target_as_of": Column("Target date", "目标日期", "date"),
    "target_source": Column("Target source", "目标来源"),
    "gap_pp": Column(
        "Gap to target (rate's unit; pp for %)",
        "与目标差距（比率单位，%为百分点）",
        "number",
        1,
        ("value", "target"),
    ),
    "verdict": Column("Verdict", "结论"),
    "years_apart": Column("Years apart", "相隔年数", "number", 1),
    "count_mention": Column("Count as printed", "原文计数"),
    "denominator": Column("Implied population", "推算总数", "count"),
    "denominator_low": Column("Population, lowest", "总数下限", "count"),
    "denominator_high": Column(
        "Population, highest", "总数上限", "count", infinite=("no upper bound", "无上限")
    ),
    "n_obs": Column("Reports", "报道次数", "count"),
    "first_as_of": Column("First report as of", "首次报道截至", "date"),
    "first_value": Column("First value", "首次数值", "printed"),
    "last_as_of": Column("Last report as of", "末次报道截至", "date"),
    "last_value": Column("Last value", "末次数值", "printed"),
    "abs_change": Column("Change", "变化量", "number", 2, ("first_value", "last_value")),
    "change_unit": Column("Unit of change", "变化单位"),
    "pct_change": Column("Change (%)", "变化（%）", "number", 1),
    "months_elapsed": Column("Months apart", "相隔月数", "number", 1),
    "pace_per_month": Column("Change per month", "月均变化", "number", 1),
    "annualised_growth_pct": Column("Growth per year (%)", "年均增长（%）", "number", 1),
    "change_bound": Column("Change is", "变化性质"),
    "model": Column("Model", "模型"),
    "slope_per_year": Column("Slope per year", "年斜率", "number", 1),
    "slope_low": Column("Slope, 95% low", "斜率95%下限", "number", 1),
    "slope_high": Column("Slope, 95% high", "斜率95%上限", "number", 1),
    "slope_unit": Column("Slope unit", "斜率单位"),
    "r_squared": Column("R²", "R²", "number", 2),
    "reach_date": Column("Reaches the level on", "预计达到日期", "date"),
    "reach_earliest": Column("Earliest", "最早", "date"),
    "reach_latest": Column("Latest", "最晚", "date"),
    "reason": Column("Reason", "原因"),
    "segment": Column("Part", "分段", "count"),
    "segments": Column("Parts", "段数", "count"),
    "series_n_obs": Column("Reports in the series", "序列报道次数", "count"),
    "first_mention": Column("First as printed", "首次原文数值"),
    "last_mention": Column("Last as printed", "末次原文数值"),
    "first_doc_id": Column("First article", "首次出处", "id"),
    "last_doc_id": Column("Last article", "末次出处", "id"),
    "first_qualifier": Column("First qualifier", "首次限定词"),
    "last_qualifier": Column("Last qualifier", "末次限定词"),
    "target_qualifier": Column("Target qualifier", "目标限定词"),
    "target_region": Column("Target region", "目标地区"),
    "method": Column("Method", "计算方法"),
    "growth_pct": Column("Growth per year (%)", "年均增长（%）", "number", 1),
    "growth_low": Column("95% low", "95%下限", "number", 1),
    "growth_high": Column("95% high", "95%上限", "number", 1),
    "years": Column("Years apart", "相隔年数", "number", 2),
    "change": Column("Change", "变化量", "number", 2),
    "breaks": Column("Breaks", "断点"),
    "bound_note": Column("Bound", "约数说明"),
    "severity": Column("Severity", "严重程度"),
    "quotes": Column("Quotes", "原文", separators=("; ", "；")),
    "obs_ids": Column("Rows", "数据行"),
    "count": Column("Count", "计数", "printed"),
    "rate": Column("Rate", "比率", "printed"),
    "count_qualifier": Column("Count qualifier", "计数限定词"),
    "rate_qualifier": Column("Rate qualifier", "比率限定词"),
    "name_zh": Column("Name (Chinese)", "中文名称"),
    "name_en": Column("Name", "英文名称"),
    "definition": Column("Definition", "定义"),
    "flags": Column("Flags", "问题数", "count"),
    "detail": Column("Detail", "详情"),
    "state": Column("State", "复核状态"),
}

RATE = {"en": "Rate", "zh": "比率"}
UNITS = {
    "en": {
        "percent": "%",
        "percentage_point": "pp",
        "yuan": "yuan",
        "per_mille": "‰",
        "per_100k": "per 100,000",
    },
    "zh": {
        "percent": "%",
        "percentage_point": "百分点",
        "yuan": "元",
        "per_mille": "‰",
        "per_100k": "/10万",
    },
}
UNIT_COLUMN = {
    "value": "unit",
    "target": "unit",
    "first_value": "unit",
    "last_value": "unit",
    "abs_change": "change_unit",
}
# a printed figure and the column naming the article it was printed in
PRINTED_IN = {
    "value": "doc_id",
    "target": "target_doc_id",
    "first_value": "first_doc_id",
    "last_value": "last_doc_id",
}
WORDS = (
    VALUE_WORDS  # small vocabularies, as words (defined in vocab, shared with the article pages)
)
VOCABULARY_COLUMNS = {
    "qualifier",
    "status",
    "verdict",
    "change_bound",
    "target_source",
    "change_unit",
    "kind",
    "model",
    "target_qualifier",
    "first_qualifier",
    "last_qualifier",
    "method",
    "severity",
    "count_qualifier",
    "rate_qualifier",
    "slope_unit",
    "change_base",
    "state",
}
CSV_WORDS = {"en": "This table as CSV", "zh": "下载本表（CSV）"}
SEARCH_WORDS = {
    "en": ("Search", "{n} rows", "{shown} of {n} rows"),
    "zh": ("搜索", "共 {n} 行", "{n} 行中的 {shown} 行"),
}
