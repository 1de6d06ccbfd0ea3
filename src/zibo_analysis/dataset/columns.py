"""The columns of data/processed/indicators.csv, declared once.

Everything else about the table is derived from `INDICATOR_TABLE`: the order the build
writes (`INDICATOR_COLUMNS`), the schema it is validated against (`schemas`), the types
`load_indicators` gives it, the table schema of reports/data/datapackage.json
(`report.datapackage`), and the headers a reader sees in the report's tables
(`plots.columns`). A column added here is written, checked, typed, described and
labelled everywhere at once.

Standard library only: the vocabularies are named here (``vocabulary``) and each reader
takes them from the module that defines them.

>>> INDICATOR_COLUMNS[:4]
['obs_id', 'doc_id', 'indicator_id', 'indicator_zh']
>>> COLUMN["value"].type, COLUMN["value"].en, COLUMN["value"].reads
('number', 'Value', 'printed')
"""

from __future__ import annotations

from dataclasses import dataclass

CHARACTER = "character offset in the article as decoded (UTF-8, Python string index)"


@dataclass(frozen=True)
class IndicatorColumn:
    """One column of the indicator table.

    ``type`` is its Table Schema type (string, integer, number, date, boolean: the file's
    and the data package's); ``description`` and ``unit`` describe it in the data package;
    ``en`` and ``zh`` are its header in the report's tables and ``reads`` how a table shows
    it (a `plots.columns.Column` kind: text, id, date, position, printed); ``vocabulary``
    names the set its values come from (topics, kinds, statuses, qualifiers, gap_directions,
    change_bases), ``optional`` says it may be empty, ``key`` that it names the row (required
    and unique), ``category`` that it is loaded as a pandas categorical.
    """

    name: str
    type: str = "string"
    description: str = ""
    en: str = ""
    zh: str = ""
    reads: str = "text"
    vocabulary: str = ""
    optional: bool = False
    key: bool = False
    category: bool = False
    unit: str = ""


C = IndicatorColumn

INDICATOR_TABLE: tuple[IndicatorColumn, ...] = (
    C(
        "obs_id",
        description="the row: <doc_id>:<character offset of the figure>",
        en="Observation",
        zh="观测编号",
        reads="id",
        key=True,
    ),
    C(
        "doc_id",
        description="the article (articles.csv)",
        en="Article",
        zh="报道",
        reads="id",
        category=True,
    ),
    C(
        "indicator_id",
        description="the indicator (catalog.csv)",
        en="Indicator id",
        zh="指标编号",
        reads="id",
        category=True,
    ),
    C(
        "indicator_zh",
        description="the indicator's name in Chinese",
        en="Indicator (Chinese)",
        zh="指标",
    ),
    C(
        "indicator_en",
        description="the indicator's name in English",
        en="Indicator",
        zh="指标（英文）",
    ),
    C("topic", en="Topic", zh="主题", vocabulary="topics"),
    C(
        "region",
        description="the region the figure is for (regions.csv)",
        en="Region",
        zh="地区",
        category=True,
    ),
    C(
        "as_of",
        "date",
        "the date the figure refers to, the last day of its period (not the article's date)",
        "As of",
        "截至日期",
        "date",
    ),
    C(
        "period_start",
        "date",
        (
            "the first day of the period a flow, running total or change covers (1—7月: January "
            "1); empty for a level at a date"
        ),
        "Period from",
        "起始日期",
        "date",
        optional=True,
    ),
    C(
        "value",
        "number",
        "the figure, 万 and 亿 multiplied out; a change is signed (同比减少 is negative)",
        "Value",
        "数值",
        "printed",
        unit="see unit",
    ),
    C(
        "unit",
        description=(
            "percent, per_mille (‰), per_100k (/10万), percentage_point, yuan, or the measure word "
            "counted (名, 家, 人次 ...)"
        ),
        en="Unit",
        zh="单位",
        category=True,
    ),
    C(
        "qualifier",
        description="how the figure was printed: exact, or a bound (余 more_than, 近 nearly ...)",
        en="Qualifier",
        zh="限定词",
        vocabulary="qualifiers",
    ),
    C("status", en="Status", zh="状态", vocabulary="statuses"),
    C(
        "quote",
        description="the sentence the figure was read from, verbatim",
        en="Quote",
        zh="原文",
    ),
    C(
        "start",
        "integer",
        "where the quote starts",
        "Quote start (character)",
        "原文起点（字符）",
        "position",
        unit=CHARACTER,
    ),
    C(
        "end",
        "integer",
        "where the quote ends",
        "Quote end (character)",
        "原文终点（字符）",
        "position",
        unit=CHARACTER,
    ),
    C("mention", description="the figure as printed", en="As printed", zh="原文数值"),
    C(
        "mention_start",
        "integer",
        "where the figure starts",
        "Figure start (character)",
        "数值起点（字符）",
        "position",
        unit=CHARACTER,
    ),
    C(
        "mention_end",
        "integer",
        "where the figure ends",
        "Figure end (character)",
        "数值终点（字符）",
        "position",
        unit=CHARACTER,
    ),
    C("kind", en="Kind", zh="类型", vocabulary="kinds"),
    C("higher_is_better", "boolean", en="Higher is better", zh="越高越好", optional=True),
    C("published", "date", "the article's date", "Published", "发布日期", "date"),
    C(
        "source_file",
        description="the article's file in data/raw/",
        en="File",
        zh="文件",
        reads="id",
    ),
    C("note", en="Note", zh="说明", optional=True),
    C(
        "curation_line",
        "integer",
        "the line of data/curation.csv the row comes from",
        "Curation line",
        "整理表行号",
        "position",
    ),
    C(
        "numerator_id",
        description="for a rate, the count indicator it is a share of",
        en="Numerator id",
        zh="分子指标编号",
        reads="id",
        optional=True,
    ),
    C(
        "gap_of",
        description="for a gap in percentage points, the rate it is a gap of",
        en="Gap of",
        zh="差距所属比率",
        reads="id",
        optional=True,
    ),
    C(
        "gap_direction",
        en="Gap direction",
        zh="差距方向",
        vocabulary="gap_directions",
        optional=True,
    ),
    C(
        "change_of",
        description="for a change, the indicator it changes (catalog.csv)",
        en="Change of",
        zh="变化所属指标",
        reads="id",
        optional=True,
    ),
    C(
        "change_base",
        description="for a change, what it is measured against",
        en="Change on",
        zh="比较基准",
        vocabulary="change_bases",
        optional=True,
    ),
)
del C

INDICATOR_COLUMNS = [c.name for c in INDICATOR_TABLE]
COLUMN = {c.name: c for c in INDICATOR_TABLE}
