"""The words the report's templates write around the notebooks, in each language.

A page is written in the language of its run (``-p lang zh``): the navigation, contents,
captions' furniture, footers, the index and the article pages take their words from here,
so that no English heading is left on a Chinese page. Standard library only.

>>> WORDS["zh"]["contents"], page_words("en")["contents"]
('目录', 'Contents')
>>> html_lang("zh")
'zh-Hans'
"""

from __future__ import annotations

from zibo_analysis.vocab import LANG_TAGS, LANGS

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "index": "Index",
        "pages_label": "Report pages",
        "menu": "Pages",
        "contents": "Contents",
        "no_sections": "No sections.",
        "checksum": "Data checksum (SHA-256 of {file})",
        "run": "Run: {date} (the first run from these inputs: the notebook, its parameters, the data and the library)",
        "parameters": "parameters",
        "page_data": (
            "Every figure links to the sentence it was read from; the tables and figures of this "
            "page are in {folder}, described in {package}."
        ),
        "executed": "The executed notebook",
        "download": "Download:",
        "full_size": "Open the figure full size",
        "no_description": "A figure without a description",
        "report_title": "zibo-analysis report",
        "built": "Report built:",
        "index_checksum": "Data checksum (SHA-256 of data/processed/indicators.csv):",
        "flags": "Quality flags:",
        "n_flags": "{n} flags",
        "pages": "Pages",
        "page": "Page",
        "shows": "What it shows",
        "status": "Status",
        "notebook": "notebook",
        "failed_in": "failed in {where}",
        "stale": "the page shown is the last good one (stale)",
        "failed_run": "the failed run",
        "ok": "ok",
        "defaults": "defaults",
        "defaults_otherwise": "defaults otherwise",
        "articles": "The articles",
        "articles_text": (
            "Each article's page shows its text with every figure of the dataset highlighted, how "
            "its date was established and the SHA-256 of its file."
        ),
        "article": "Article",
        "title": "Title",
        "publisher": "Publisher",
        "published": "Published",
        "data": "Data",
        "page_files": "{name}: tables (CSV) and figures (SVG, PNG)",
        "software": "Software",
        "package": "Package",
        "version": "Version",
        "file": "file",
        "date_evidence": "How the date was established",
        "region": "Region",
        "sha256": "SHA-256",
        "cut": "[a part of the page that is not the article's body is left out here; see data/raw/sources.csv]",
        "figures_heading": "The figures of this article in the dataset",
        "row": "Row (obs_id)",
        "indicator": "Indicator",
        "as_printed": "As printed",
        "as_of": "As of",
        "written": "Written: {date} (when the data or the library last changed)",
        "tip_indicator": "Indicator",
        "tip_value": "Value",
        "tip_printed": "printed",
        "tip_row": "Row",
        "left_out": "Left out of the dataset: {reason}",
        "not_curated": "Not curated yet: {value}",
        "figures_table": "Table: the figures of this article, {n} rows",
    },
    "zh": {
        "index": "首页",
        "pages_label": "报告各页",
        "menu": "页面",
        "contents": "目录",
        "no_sections": "本页无小节。",
        "checksum": "数据校验值（{file} 的 SHA-256）",
        "run": "运行：{date}（以相同输入——笔记本、参数、数据与程序库——首次运行的时间）",
        "parameters": "参数",
        "page_data": "每个数字都链接到其出处原句；本页的表格与图表存于 {folder}，说明见 {package}。",
        "executed": "运行后的笔记本",
        "download": "下载：",
        "full_size": "查看原尺寸图",
        "no_description": "无说明的图",
        "report_title": "zibo-analysis 报告",
        "built": "报告生成时间：",
        "index_checksum": "数据校验值（data/processed/indicators.csv 的 SHA-256）：",
        "flags": "数据质量问题：",
        "n_flags": "共 {n} 条",
        "pages": "各页",
        "page": "页面",
        "shows": "内容",
        "status": "状态",
        "notebook": "笔记本",
        "failed_in": "运行失败（{where}）",
        "stale": "所示页面为上次成功的版本（已过期）",
        "failed_run": "失败的运行",
        "ok": "成功",
        "defaults": "默认值",
        "defaults_otherwise": "其余为默认值",
        "articles": "原始报道",
        "articles_text": "每篇报道的页面给出全文，数据集中的每个数字均高亮显示，并说明发布日期的确定方式及文件的 SHA-256。",
        "article": "报道",
        "title": "标题",
        "publisher": "发布者",
        "published": "发布日期",
        "data": "数据",
        "page_files": "{name}：表格（CSV）与图表（SVG、PNG）",
        "software": "软件",
        "package": "软件包",
        "version": "版本",
        "file": "文件",
        "date_evidence": "发布日期的确定方式",
        "region": "地区",
        "sha256": "SHA-256 校验值",
        "cut": "［此处略去不属于报道正文的页面内容；见 data/raw/sources.csv］",
        "figures_heading": "本篇报道中收入数据集的数字",
        "row": "数据行（obs_id）",
        "indicator": "指标",
        "as_printed": "原文数值",
        "as_of": "截至日期",
        "written": "生成时间：{date}（数据或程序库最近一次变更时）",
        "tip_indicator": "指标",
        "tip_value": "数值",
        "tip_printed": "原文",
        "tip_row": "数据行",
        "left_out": "未收入数据集：{reason}",
        "not_curated": "尚未整理：{value}",
        "figures_table": "表格：本篇报道的数字，共 {n} 行",
    },
}


def page_words(lang: str) -> dict[str, str]:
    """The words of a page in ``lang`` (en or zh)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return WORDS[lang]


def html_lang(lang: str) -> str:
    """The page's ``lang`` attribute for a run in ``lang``."""
    return LANG_TAGS[lang]
