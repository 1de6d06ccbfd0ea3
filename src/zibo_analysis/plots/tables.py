"""Tables for reading: what a notebook shows in place of a raw DataFrame.

`display_table` turns a DataFrame into an HTML table a reader can use: counts as whole
numbers with thousands separators, figures from the articles at the precision they were
printed with, derived numbers at a fixed precision, units in the header, text left and
numbers right, dates that never break across lines, a dash where a value is missing,
and headers in words (English or Chinese) instead of column names. The DataFrame itself
is not changed: ``Table.frame`` keeps the internal column names for library users.

Long tables get a search box and sortable headers from a small inline script. It is
written here rather than taken from itables because itables is not among the project's
dependencies, and the page must work offline: the script is about 1.5 kB, needs no
network, and the table is complete and readable without it (a notebook that is not
trusted, a printed page).

>>> shown = display_table(pd.DataFrame({"facts": [1250], "gap_pp": [float("nan")]}))
>>> list(shown.frame.columns)
['facts', 'gap_pp']
>>> '<td class="zt-num" data-sort="1250" data-label="Facts">1,250</td>' in shown._repr_html_()
True
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re

import pandas as pd

from zibo_analysis.files import LIST_SEPARATOR
from zibo_analysis.hanzi import marked_html, text_lang
from zibo_analysis.plots.columns import (
    COLUMNS,
    CSV_WORDS,
    PRINTED_IN,
    RATE,
    SEARCH_WORDS,
    UNIT_COLUMN,
    UNITS,
    VOCABULARY_COLUMNS,
    Column,
)
from zibo_analysis.plots.figures import region_label, region_names
from zibo_analysis.plots.links import id_columns, link_cells
from zibo_analysis.quantities import printed_decimals
from zibo_analysis.table_assets import CJK_LONG_TEXT_EM, CJK_TEXT_EM, TABLE_CALL, assets_html
from zibo_analysis.vocab import LANG_TAGS, LANGS, value_words

SEARCH_FROM_ROWS = 10  # a table this long or longer gets a search box and sortable headers
# characters, a Han character two (`_chars`): a text column with no longer value never wraps;
# one with a longer value than LONG_TEXT wraps in a wider cell
SHORT_TEXT, LONG_TEXT = 16, 60
MISSING = "–"
MISSING_HTML = f'<span class="zt-missing">{MISSING}</span>'
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# a date, or an id built on one (zibo-2021-12-01, zibo-2021-11:629): never broken across lines
UNBROKEN = re.compile(r"(?:[A-Za-z]+-)*\d{4}-\d{2}(?:-\d{2})?(?::\d+)?")
NUMERIC = ("count", "position", "printed", "number")
CARD_FROM_COLUMNS = 3  # a table of more columns is a card per row on a narrow screen
TAG = re.compile(r"<[^>]+>")
ID_LIST = re.compile(r"[\w:.-]+(?:, [\w:.-]+)*", re.ASCII)  # zibo-2021-11, zibo-2022-10
NAME_EM = 14.0  # a Chinese name up to this wide (in em) is kept on one line where it can be
CLAUSE = re.compile(r"[，。；：,;:]")
# what a line may not break inside: a run of Latin letters and figures, or one Han character
WORD = re.compile(r"[\u2e80-\uffff]|[^\s/_\u2e80-\uffff]+")
TABLE_EM = 82  # the width a table may take, in em of its 13 px text: a page's column at 1400 px
CELL_PADDING = 0.8  # em, left and right
BLANK_WORDS = {"en": "No row has a value in: {columns}.", "zh": "以下各列均无数值：{columns}。"}
TABLE_LABEL = {"en": "Table: {name}, {n} rows", "zh": "表格：{name}，共 {n} 行"}


class Note:
    """A sentence in place of a table or figure, e.g. why a selection is empty. It declares
    its language, and in a Chinese sentence the ids and codes it holds declare theirs.

    >>> Note("No coverage rates for <Xuecheng>.")._repr_html_()
    '<p class="zibo-note" lang="en">No coverage rates for &lt;Xuecheng&gt;.</p>'
    >>> Note("所选范围（地区：Xuecheng）内没有比率。")._repr_html_()
    '<p class="zibo-note" lang="zh-Hans">所选范围（地区：<span lang="en">Xuecheng</span>）内没有比率。</p>'
    """

    def __init__(self, text: str):
        self.text = text

    def _repr_html_(self) -> str:
        own = text_lang(self.text)
        tag = f' lang="{LANG_TAGS[own]}"' if own else ""
        inner = marked_html(self.text) if own == "zh" else html.escape(self.text, quote=False)
        return f'<p class="zibo-note"{tag}>{inner}</p>'

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def window_section(
    indicators: pd.DataFrame,
    start: str = "",
    end: str = "",
    lang: str = "en",
    what: str = "figures",
) -> list:
    """What a page's window holds and leaves out: a sentence (`parameters.window_words`) and,
    when it leaves figures out, a table of them. ``indicators`` is the table before the window,
    ``what`` the figures a page is about (figures, rates ...).
    Display each: ``display(*plots.window_section(chosen, start, end, lang=lang))``."""
    from zibo_analysis.parameters import left_out, window_words

    shown: list = [Note(window_words(indicators, start, end, what=what, lang=lang))]
    outside = left_out(indicators, start, end)
    if len(outside):
        shown.append(
            display_table(
                outside.sort_values("as_of"),
                "left_out",
                lang=lang,
                columns=[f"indicator_{lang}", "region", "as_of", "status", "doc_id"],
            )
        )
    return shown


class Table:
    """A table for notebooks: the DataFrame it shows (``frame``, internal column names) and
    its HTML, with or without links to the articles (`to_html`).

    Shown alone (in JupyterLab, or a notebook outside a report run) its HTML carries the
    tables' stylesheet and script ahead of itself (``assets``, from `table_assets`), and
    its figures are linked to their sentences when ``link`` is True. A report run shows it
    through `output.ReportOutput`, which also saves ``csv`` (the columns shown and the ids
    their links read) with ``headers`` (each column's header as a reader sees it). The
    plain-text form is the DataFrame's, so a notebook's text output carries no memory
    address or other run-dependent detail.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        name: str,
        layout: dict,
        csv: pd.DataFrame,
        headers: dict[str, str],
        link: bool | None,
    ):
        self.frame, self.name, self.csv, self.headers, self.link = frame, name, csv, headers, link
        self._layout = layout
        # how its CSV joins the items of a list cell: as the page does (`columns.Column`)
        lang = layout["lang"]
        self.separators = {c: COLUMNS[c].separator(lang) for c in csv.columns if c in COLUMNS}
        self.assets = ["style", "script"] if layout["searchable"] else ["style"]

    def to_html(self, link: bool, csv_href: str | None = None) -> str:
        """The table's HTML: its assets, then the table, its figures linked to their
        sentences when ``link``, and a link to its CSV at ``csv_href`` when given."""
        rows = self._layout["linked" if link else "rows"]
        layout = {k: v for k, v in self._layout.items() if k not in ("rows", "linked")}
        return assets_html(self.assets) + _html(rows=rows, csv_href=csv_href, **layout)

    @property
    def html(self) -> str:
        """The table as shown alone."""
        return self.to_html(bool(self.link))

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


def display_table(
    table: pd.DataFrame,
    name: str = "table",
    precision: int | None = None,
    empty: str | None = None,
    *,
    lang: str = "en",
    columns: list[str] | None = None,
    units: dict[str, str] | None = None,
    printed: pd.DataFrame | None = None,
    search: bool | None = None,
    link: bool | None = None,
) -> Table | Note:
    """A DataFrame for reading (see the module's docstring for what that means).

    ``columns`` chooses the columns shown, while every column of ``table`` stays
    available to read units and articles from. ``units`` names a column's unit when
    the table has no unit column (``{"value": "percent"}``). ``printed`` is the
    indicator table: a figure whose row names its article is shown with the decimals
    it was printed with there (98.90% stays 98.90, though stored as 98.9).
    ``precision`` is the number of decimals for float columns this module does not
    know; ``search`` forces the search box and sorting on or off (default: tables of
    `SEARCH_FROM_ROWS` rows or more). Every cell and header is HTML-escaped: text from an
    article or the catalog is shown, never run. The same table gives the same HTML.
    An empty table is a sentence (``empty``, or a plain one), not a bare header.

    ``link`` links each figure from an article to its sentence on the article's page of
    the report, ``sources/<doc_id>.html#<obs_id>``, where the table names the figure's
    row (see `plots.links`); by default it does so in a report run only, where those pages
    exist. In a report run the table is also saved as CSV beside the page (the columns
    shown and the ids their links read; see `plots.output`).

    >>> display_table(pd.DataFrame({"name": ["<img src=x onerror=alert(1)>"]}))._repr_html_().count("<img")
    0
    >>> display_table(pd.DataFrame({"a": []}), empty="No flags of kind jump.")
    No flags of kind jump.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    if table.empty:
        return Note(empty or "Nothing to show: the selection holds no rows.")
    table, columns = _names_in(table, columns, lang)
    shown = table[columns] if columns is not None else table
    full = table.reset_index(drop=True)
    decimals = _printed_decimals(full, printed)
    names = region_names(lang) if "region" in shown.columns else {}
    head, plain, linked = [], [], []
    for column in shown.columns:
        spec = _column_spec(column, full[column], precision)
        cells = _cells(full, column, spec, decimals, lang, names)
        plain.append(cells)
        if link is not False:

            def text(part, c=column):
                return _text(part, c, lang, names)

            linked.append(link_cells(full, column, cells, text, lang))
        numeric = spec.kind in NUMERIC
        head.append(
            (_header(column, spec, full, units or {}, lang), "zt-num" if numeric else "zt-text")
        )
    headers = {c: text for c, (text, _) in zip(shown.columns, head, strict=True)}
    csv = full[[*shown.columns, *id_columns(full, list(shown.columns))]]
    head, kept, plain, linked = _units_in_cells(
        list(shown.columns), head, plain, linked, full, lang
    )
    keep = _filled(plain) or list(range(len(head)))
    blank = [head[k][0] for k in range(len(head)) if k not in keep]
    head = [head[k] for k in keep]
    rows = list(zip(*[plain[k] for k in keep], strict=True))
    rows_linked = list(zip(*[linked[k] for k in keep], strict=True)) if linked else rows
    searchable = len(rows) >= SEARCH_FROM_ROWS if search is None else search
    layout = {
        "name": name,
        "head": head,
        "rows": rows,
        "linked": rows_linked,
        "searchable": searchable,
        "lang": lang,
        "blank": blank,
    }
    return Table(shown.reset_index(drop=True), name, layout, csv, headers, link)


def _units_in_cells(columns: list[str], head: list, plain: list, linked: list, full, lang: str):
    """A unit column shown beside the figures it is the unit of is not a column of its own:
    a single unit is in the figures' header already, several go after each figure. The
    headers, the columns kept, and the cells of each, without links and with them."""
    drop = set()
    for i, column in enumerate(columns):
        unit_column = UNIT_COLUMN.get(column)
        if unit_column not in columns:
            continue
        if full[unit_column].dropna().astype(str).nunique() > 1:
            for body in (plain, linked) if linked else (plain,):
                body[i] = [
                    _with_unit(cell, u, lang)
                    for cell, u in zip(body[i], full[unit_column], strict=True)
                ]
        drop.add(columns.index(unit_column))
    keep = [k for k in range(len(columns)) if k not in drop]
    return (
        [head[k] for k in keep],
        keep,
        [plain[k] for k in keep],
        [linked[k] for k in keep] if linked else [],
    )


def _with_unit(cell: tuple, unit, lang: str) -> tuple:
    kind, key, inner = cell
    if unit is None or _missing(unit) or inner == MISSING_HTML:
        return cell
    return (kind, key, f"{inner}\u00a0{html.escape(UNITS[lang].get(str(unit), str(unit)))}")


def _filled(body: list) -> list[int]:
    """The columns with a value in some row (the others are named under the table rather
    than taking a column each)."""
    return [
        k for k, cells in enumerate(body) if any(inner != MISSING_HTML for _, _, inner in cells)
    ]


def _chars(text: str) -> int:
    """How long ``text`` is, in characters of Latin text: a Han character or a full-width form
    counts two (its width), so that a Chinese note is as long as the English one it says."""
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)


def _width(text: str) -> float:
    """About how wide ``text`` is, in em: a Han character or a full-width form one, any other
    character a little more than half."""
    return sum(1.0 if ord(c) >= 0x2E80 else 0.56 for c in text)


def _column_widths(head: list, rows: list) -> list[float] | None:
    """Each column's share of the table, in percent, by its content, when the table would
    otherwise be wider than a page's column at 1400 px (`TABLE_EM`, about 1070 px of 13 px
    text); None when it fits as it is. Every column gets its longest word or number; what is
    left goes to the columns of running text, in proportion to how much longer their longest
    cell is, so that a note wraps into a few lines and a date list is not given a third of
    the width."""
    least, want, names = [], [], []
    for k, (text, _kind) in enumerate(head):
        cells = [html.unescape(TAG.sub("", row[k][2])) for row in rows]
        classes = [row[k][0].split() for row in rows]
        whole = [  # each cell that never wraps (a number, a date, a short word, an id)
            any(c in kinds for c in ("zt-num", "zt-date", "zt-short", "zt-id"))
            and not any(c in kinds for c in ("zt-list", "zt-snake"))
            for kinds in classes
        ]
        nowrap = any(whole)
        heading = max((_width(w) * 1.1 for w in text.split()), default=1)  # bold
        words = max((_width(w) for c in cells for w in WORD.findall(c)), default=1)
        longest = max((_width(c) for c in cells), default=1)
        # a list of dates wraps between them, though a cell with one date does not
        unbroken = max((_width(c) for c, w in zip(cells, whole, strict=True) if w), default=0)
        # words, not a list of dates, numbers or ids
        running = any(text_lang(c) and not ID_LIST.fullmatch(c) for c in cells)
        names.append(not nowrap and _holds_chinese_names(cells))
        if running and not nowrap and any(text_lang(c) == "zh" for c in cells):
            # Chinese running text: the width its cells keep (`table_assets.CJK_TEXT_EM`)
            words = max(words, CJK_LONG_TEXT_EM if "zt-long" in classes[0] else CJK_TEXT_EM)
        least.append(max(heading, words, unbroken) + CELL_PADDING)
        want.append(
            max(least[-1], min(longest, NAME_EM if names[-1] else 30.0) + CELL_PADDING)
            if running and not nowrap
            else least[-1]
        )
    if sum(want) <= TABLE_EM:
        return None
    # Chinese names first (they break anywhere, but read best whole), then running text
    spare, shares = max(0.0, TABLE_EM - sum(least)), list(least)
    for group in (
        [k for k in range(len(head)) if names[k]],
        [k for k in range(len(head)) if not names[k]],
    ):
        extra = sum(want[k] - shares[k] for k in group)
        if extra <= 0:
            continue
        give = min(1.0, spare / extra)
        for k in group:
            added = (want[k] - shares[k]) * give
            shares[k] += added
            spare -= added
    total = sum(shares)
    return [round(100 * x / total, 1) for x in shares]


def _holds_chinese_names(cells: list[str]) -> bool:
    """Whether a column holds Chinese names (an indicator, a publisher): mostly Chinese, and
    no clause in any cell.

    >>> _holds_chinese_names(["基层机构达国家基本标准率", "–"]), _holds_chinese_names(["相隔0.7个月，不作年化"])
    (True, False)
    """
    present = [c for c in cells if c.strip() not in ("", MISSING)]
    chinese = [c for c in present if text_lang(c) == "zh"]
    return len(chinese) * 2 > len(present) and not any(CLAUSE.search(c) for c in present)


def _names_in(table: pd.DataFrame, columns: list[str] | None, lang: str):
    """In Chinese, the indicators' Chinese names where the English ones are asked for (the
    table's ``indicator_zh``, else the catalog's ``name_zh``), so that a table headed 指标
    lists 指标 and not their English names. The table and the columns to show."""
    wanted = list(table.columns) if columns is None else list(columns)
    if lang != "zh" or "indicator_en" not in wanted:
        return table, columns
    if "indicator_zh" not in table:
        table = table.assign(indicator_zh=_chinese_names(table))
    wanted = list(dict.fromkeys("indicator_zh" if c == "indicator_en" else c for c in wanted))
    return table, wanted


def _chinese_names(table: pd.DataFrame) -> list:
    """The catalog's Chinese name of each row's indicator (by id, else by English name);
    the English name where the catalog has none."""
    from zibo_analysis.dataset import load_catalog

    catalog = load_catalog()
    if "indicator_id" in table:
        names = table["indicator_id"].astype(str).map(catalog.set_index("indicator_id")["name_zh"])
    else:
        names = table["indicator_en"].astype(str).map(catalog.set_index("name_en")["name_zh"])
    return [
        zh if isinstance(zh, str) and zh else en
        for zh, en in zip(names, table["indicator_en"], strict=True)
    ]


def _column_spec(name: str, values: pd.Series, precision: int | None) -> Column:
    if name in COLUMNS:
        return COLUMNS[name]
    header = str(name).replace("_", " ").strip().capitalize() or str(name)
    if pd.api.types.is_bool_dtype(values):
        return Column(header, header)
    if pd.api.types.is_integer_dtype(values):
        return Column(header, header, "count")
    if pd.api.types.is_float_dtype(values):
        return Column(header, header, "number", 2 if precision is None else precision)
    if pd.api.types.is_datetime64_any_dtype(values) or _all_dates(values):
        return Column(header, header, "date")
    if str(name).endswith("_id"):
        return Column(header, header, "id")
    return Column(header, header)


def _all_dates(values: pd.Series) -> bool:
    present = [v for v in values if not _missing(v)]
    return bool(present) and all(
        isinstance(v, dt.date) or (isinstance(v, str) and ISO_DATE.match(v)) for v in present
    )


def _missing(value) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _header(column: str, spec: Column, full: pd.DataFrame, units: dict[str, str], lang: str) -> str:
    base = spec.zh if lang == "zh" else spec.en
    unit = units.get(column)
    if unit is None and column in UNIT_COLUMN and UNIT_COLUMN[column] in full:
        present = full[UNIT_COLUMN[column]].dropna().astype(str).unique()
        unit = present[0] if len(present) == 1 else None
    if unit is None:
        return base
    if column == "value" and unit == "percent":
        base = RATE[lang]
    unit = UNITS[lang].get(unit, unit)
    return f"{base}（{unit}）" if lang == "zh" else f"{base} ({unit})"


def _decimals_of(mention: object) -> int | None:
    """The decimals a printed figure carries in its own unit (`quantities.printed_decimals`):
    "98.90%" 2, "12.8万人次" 0, "2,615处" 0.

    >>> [_decimals_of(m) for m in ["98.90%", "3.2%", "超过41%", "12.8万人次", "９３．０７％", None]]
    [2, 1, 0, 0, 2, None]
    """
    if not isinstance(mention, str) or not mention:
        return None
    return printed_decimals(mention)


def _printed_decimals(full: pd.DataFrame, printed: pd.DataFrame | None) -> dict[str, list]:
    """For each printed-figure column, the decimals of each row as printed, where known."""
    found: dict[str, list] = {}
    lookup: dict[tuple[str, float], int] = {}
    if printed is not None and {"doc_id", "value", "mention"} <= set(printed.columns):
        for doc, value, mention in zip(
            printed["doc_id"].astype(str), printed["value"], printed["mention"], strict=True
        ):
            places = _decimals_of(mention)
            if places is not None and not _missing(value):
                key = (doc, round(float(value), 6))
                lookup[key] = max(places, lookup.get(key, 0))
    for column, doc_column in PRINTED_IN.items():
        if column not in full:
            continue
        if column == "value" and "mention" in full:
            found[column] = [_decimals_of(m) for m in full["mention"]]
        elif lookup and doc_column in full:
            found[column] = [
                None if _missing(v) else lookup.get((str(d), round(float(v), 6)))
                for d, v in zip(full[doc_column], full[column], strict=True)
            ]
    return found


def _shortest(value: float, most: int = 4) -> int:
    """The fewest decimals (up to ``most``) that show ``value`` as stored: 94.44 2, 24.0 0."""
    for places in range(most + 1):
        if abs(round(value, places) - value) < 1e-9:
            return places
    return most


def _cells(
    full: pd.DataFrame, column: str, spec: Column, decimals: dict, lang: str, names: dict[str, str]
) -> list:
    """Each cell of a column as (class, sort key or None, inner HTML)."""
    values = list(full[column])
    if spec.kind in NUMERIC:
        return [
            _number_cell(v, i, column, spec, full, decimals, lang) for i, v in enumerate(values)
        ]
    if spec.kind == "date":
        return [_date_cell(v) for v in values]
    longest = max((len(_joined(v, column, lang)) for v in values if not _missing(v)), default=0)
    widest = max((_chars(_joined(v, column, lang)) for v in values if not _missing(v)), default=0)
    if spec.kind == "id" and longest > SHORT_TEXT * 2:  # long snake_case ids may break after "_"
        return [
            ("zt-id zt-snake", None, _text(v, column, lang, names).replace("_", "_<wbr>"))
            for v in values
        ]
    kind = (
        "zt-id"
        if spec.kind == "id"
        else "zt-text zt-long"
        if widest > LONG_TEXT
        else "zt-text zt-short"
        if widest <= SHORT_TEXT
        else "zt-text"
    )
    return [(kind, None, _text(v, column, lang, names)) for v in values]


def _row_decimals(i: int, column: str, value: float, spec: Column, full, decimals) -> int:
    if spec.kind == "printed":
        known = decimals.get(column, [None] * (i + 1))[i]
        return known if known is not None else _shortest(value)
    if spec.like and all(c in full for c in spec.like):
        places = []
        for other in spec.like:
            v = full[other].iloc[i]
            if _missing(v) or not math.isfinite(float(v)):
                continue
            known = decimals.get(other, [None] * (i + 1))[i]
            places.append(known if known is not None else _shortest(float(v)))
        if places:
            return max(places)
    return spec.decimals if spec.decimals is not None else _shortest(value, 2)


def _number_cell(value, i, column, spec, full, decimals, lang) -> tuple:
    if _missing(value) or isinstance(value, str):
        return ("zt-num", None, html.escape(str(value)) if isinstance(value, str) else MISSING_HTML)
    value = float(value)
    if math.isinf(value):
        if not (spec.infinite and value > 0):
            return ("zt-num", None, MISSING_HTML)
        return ("zt-num", "Infinity", html.escape(spec.infinite[LANGS.index(lang)]))
    if spec.kind in ("count", "position"):
        text = f"{round(value):,}" if spec.kind == "count" else str(round(value))
        return ("zt-num", str(round(value)), text)
    places = _row_decimals(i, column, value, spec, full, decimals)
    text = f"{value:,.{places}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")  # no "-0.0"
    return ("zt-num", repr(value) if value != int(value) else str(int(value)), text)


def _date_cell(value) -> tuple:
    if isinstance(value, list) and len(value) > 1:
        # several dates: each whole, a line each where the column is narrow
        inner = LIST_SEPARATOR.join(
            f'<span class="zt-nowrap">{html.escape(str(d))}</span>' for d in value
        )
        return ("zt-date zt-list", None, inner)
    if isinstance(value, list):
        value = value[0] if value else None
    if _missing(value) or isinstance(value, float):
        return ("zt-date", None, MISSING_HTML)
    text = f"{value:%Y-%m-%d}" if isinstance(value, dt.date) else str(value)
    return ("zt-date", None, html.escape(text))


def _joined(value, column: str, lang: str) -> str:
    """A cell's text: a list's items joined as its column joins them."""
    if isinstance(value, list):
        return COLUMNS.get(column, Column("", "")).separator(lang).join(map(str, value))
    return str(value)


def _text(value, column: str, lang: str, names: dict[str, str]) -> str:
    if isinstance(value, list):
        if not value:
            return MISSING_HTML
        separator = COLUMNS.get(column, Column("", "")).separator(lang)
        return separator.join(_text(v, column, lang, names) for v in value)
    if _missing(value):
        return MISSING_HTML
    if isinstance(value, bool):
        value = ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    text = str(value)
    if column in VOCABULARY_COLUMNS:
        text = value_words(text, lang)
    elif column == "region":
        text = region_label(text, lang, names)
    # in a Chinese table, a Chinese sentence names the language of the ids and codes it holds
    escaped = marked_html(text) if lang == "zh" and text_lang(text) == "zh" else html.escape(text)
    return UNBROKEN.sub(lambda m: f'<span class="zt-nowrap">{m.group(0)}</span>', escaped)


def _html(
    name: str,
    head: list,
    rows: list,
    searchable: bool,
    lang: str,
    csv_href=None,
    blank: list[str] = (),
) -> str:
    """The table's HTML. It declares its language; a cell in the other language (an id or an
    English note in a Chinese table, a quote in an English one) declares its own. Each cell
    names its column (``data-label``), so that on a narrow screen a wide table becomes a
    card per row; the wrapper is a named region a keyboard can scroll."""
    ident = re.sub(r"[^A-Za-z0-9_-]+", "-", str(name)).strip("-") or "table"
    label = TABLE_LABEL[lang].format(name=str(name).replace("_", " "), n=len(rows))
    cards = " zt-cards" if len(head) > CARD_FROM_COLUMNS else ""
    lines = [
        f'<div class="zibo-table-wrap" id="zibo-table-{ident}" lang="{LANG_TAGS[lang]}" '
        f'role="region" aria-label="{html.escape(label)}" tabindex="0">',
    ]
    if searchable:
        words, every, some = SEARCH_WORDS[lang]
        lines.append(
            f'<div class="zibo-table-search"><label>{words}<input type="search" '
            f'aria-controls="zt-{ident}"></label><span class="zt-count" aria-live="polite" '
            f'data-all="{every}" data-some="{some}">{every.format(n=len(rows))}</span></div>'
        )
    lines.append(f'<table class="zibo-table{cards}" id="zt-{ident}">')
    widths = _column_widths(head, rows)
    if widths:
        lines[-1] = lines[-1].replace('">', '" style="width: 100%">', 1)
        lines.append(
            "<colgroup>" + "".join(f'<col style="width: {w}%">' for w in widths) + "</colgroup>"
        )
    lines.append(
        "<thead><tr>"
        + "".join(f'<th class="{kind}" scope="col">{html.escape(text)}</th>' for text, kind in head)
        + "</tr></thead>"
    )
    lines.append("<tbody>")
    labels = [f' data-label="{html.escape(text)}"' for text, _ in head]
    for row in rows:
        cells = []
        for (kind, key, inner), data_label in zip(row, labels, strict=True):
            sort = f' data-sort="{html.escape(key)}"' if key is not None else ""
            own = text_lang(html.unescape(TAG.sub("", inner)))
            tag = f' lang="{LANG_TAGS[own]}"' if own and own != lang else ""
            cells.append(f'<td class="{kind}"{sort}{data_label}{tag}>{inner}</td>')
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</tbody></table>")
    if searchable:
        lines.append(f"<script>{TABLE_CALL}</script>")
    lines.append("</div>")
    if blank:
        listed = ("、" if lang == "zh" else ", ").join(blank)
        words = BLANK_WORDS[lang].format(columns=listed)
        lines.append(f'<p class="zt-blank">{html.escape(words)}</p>')
    if csv_href:
        lines.append(
            f'<p class="zt-csv"><a href="{html.escape(csv_href)}">{CSV_WORDS[lang]}</a></p>'
        )
    return "\n".join(lines)
