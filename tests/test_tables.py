"""Tables for reading: numbers as printed, headers for a reader, nothing unescaped, same HTML twice."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from zibo_analysis import plots
from zibo_analysis.coverage import coverage_table, implied_denominators
from zibo_analysis.dataset import load_regions
from zibo_analysis.growth import growth_table

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out


class _Cells(HTMLParser):
    """Header and body cells of the first table: (text, class, attributes) each."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headers: list[tuple[str, str, dict]] = []
        self.rows: list[list[tuple[str, str, dict]]] = []
        self._cell: list | None = None
        self._where = ""
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("thead", "tbody"):
            self._where = tag
        elif tag == "tr" and self._where == "tbody":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = ["", attrs.get("class", ""), attrs]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag in ("th", "td") and self._cell is not None:
            cell = (self._cell[0].strip(), self._cell[1], self._cell[2])
            (self.headers if self._where == "thead" else self.rows[-1]).append(cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None and not self._skip:
            self._cell[0] += data


def cells(table) -> _Cells:
    parser = _Cells()
    parser.feed(table._repr_html_())
    return parser


def column(table, header: str) -> list[str]:
    parsed = cells(table)
    index = [h[0] for h in parsed.headers].index(header)
    return [row[index][0] for row in parsed.rows]


def test_counts_are_integers_with_thousands_separators():
    shown = plots.display_table(pd.DataFrame({"doc_id": ["a", "b"], "facts": [1250, 3]}))
    assert column(shown, "Facts") == ["1,250", "3"]
    assert "1,250.00" not in shown._repr_html_()


def test_a_count_stored_as_float_is_still_an_integer():
    frame = pd.DataFrame({"denominator": [127140.0, 105.0], "n_obs": [3.0, 2.0]})
    shown = plots.display_table(frame)
    assert column(shown, "Implied population") == ["127,140", "105"]
    assert column(shown, "Reports") == ["3", "2"]


def test_rates_keep_their_printed_precision_from_the_mention():
    frame = pd.DataFrame(
        {"value": [91.27, 98.9, 3.2, 41.0, 128000.0], "mention": ["91.27%", "98.90%", "3.2%", "超过41%", "12.8万人次"]}
    )  # fmt: skip
    assert column(plots.display_table(frame), "Value") == ["91.27", "98.90", "3.2", "41", "128,000"]


def test_printed_precision_from_the_dataset_when_the_table_has_no_mention(real_indicators):
    table = coverage_table(real_indicators, regions=load_regions())
    shown = plots.display_table(table, columns=["indicator_en", "value", "target", "gap_pp", "doc_id"],
                                printed=real_indicators, units={"value": "percent", "target": "percent"})  # fmt: skip
    values = dict(zip(column(shown, "Indicator"), column(shown, "Rate (%)"), strict=False))
    assert values["Antenatal check-up rate"] == "98.90"  # printed 98.90%, stored 98.9
    assert values["Urban registered unemployment rate"] == "3.2"
    assert "91.27" in column(shown, "Rate (%)")
    gaps = [g for g in column(shown, "Gap to target (rate's unit; pp for %)") if g != "–"]
    assert sorted(gaps) == ["-1.3", "4"]  # 3.2 against 4.5; 19 against 15
    assert list(shown.frame.columns) == ["indicator_en", "value", "target", "gap_pp", "doc_id"]


def test_values_without_a_mention_print_as_stored_not_padded():
    shown = plots.display_table(pd.DataFrame({"first_value": [94.44, 24.0, 99.5]}))
    assert column(shown, "First value") == ["94.44", "24", "99.5"]


def test_derived_numbers_have_a_fixed_precision():
    frame = pd.DataFrame(
        {
            "pct_change": [-75.0, 35.119048],
            "months_elapsed": [0.69, 11.17],
            "annualised_growth_pct": [np.nan, 38.173323],
            "pace_per_month": [10686.520376, 0.0],
        }
    )
    shown = plots.display_table(frame)
    assert column(shown, "Change (%)") == ["-75.0", "35.1"]
    assert column(shown, "Months apart") == ["0.7", "11.2"]
    assert column(shown, "Growth per year (%)") == ["–", "38.2"]
    assert column(shown, "Change per month") == ["10,686.5", "0.0"]


def test_no_nan_inf_or_none_reaches_the_page():
    frame = pd.DataFrame({
        "value": [np.nan, np.inf, 1.0], "target": [-np.inf, None, 2.0], "denominator_high": [np.inf, 5.0, np.nan],
        "as_of": pd.to_datetime(["2021-01-01", None, "2021-03-01"]), "note": [None, np.nan, "ok"],
        "reach_date": [np.nan, np.nan, np.nan],
    })  # fmt: skip
    page = plots.display_table(frame)._repr_html_()
    texts = [c[0] for row in cells(plots.display_table(frame)).rows for c in row]
    for word in ("nan", "inf", "none", "nat"):
        assert not any(word in t.lower() for t in texts), (word, texts)
    assert ">nan<" not in page.lower() and ">inf<" not in page.lower()
    assert "–" in texts
    assert column(plots.display_table(frame), "Population, highest") == ["no upper bound", "5", "–"]


def test_reader_headers_in_english_and_chinese_keep_the_internal_columns():
    frame = pd.DataFrame(
        {
            "gap_pp": [1.5],
            "abs_change": [3.0],
            "first_as_of": ["2021-11-10"],
            "doc_id": ["zibo-2021-11"],
        }
    )
    en, zh = plots.display_table(frame), plots.display_table(frame, lang="zh")
    assert [h[0] for h in cells(en).headers] == [
        "Gap to target (rate's unit; pp for %)",
        "Change",
        "First report as of",
        "Article",
    ]
    assert [h[0] for h in cells(zh).headers] == [
        "与目标差距（比率单位，%为百分点）",
        "变化量",
        "首次报道截至",
        "报道",
    ]
    assert list(en.frame.columns) == list(frame.columns)
    assert "gap_pp" not in en._repr_html_().split("<tbody")[0].split("<thead")[1]


def test_an_unknown_column_gets_a_readable_header():
    assert [
        h[0] for h in cells(plots.display_table(pd.DataFrame({"new_thing_id": [1]}))).headers
    ] == ["New thing id"]


def test_a_single_unit_column_puts_the_unit_in_the_header():
    frame = pd.DataFrame({"value": [1.0, 2.0], "unit": ["名", "名"]})
    assert [h[0] for h in cells(plots.display_table(frame)).headers][0] == "Value (名)"
    mixed = pd.DataFrame({"value": [1.0, 2.0], "unit": ["名", "家"]})
    assert [h[0] for h in cells(plots.display_table(mixed)).headers][0] == "Value"


def test_units_argument_names_the_unit_in_the_language():
    frame = pd.DataFrame({"value": [91.27], "target": [90.0]})
    en = plots.display_table(frame, units={"value": "percent", "target": "percent"})
    zh = plots.display_table(frame, units={"value": "percent", "target": "percent"}, lang="zh")
    assert [h[0] for h in cells(en).headers] == ["Rate (%)", "Target (%)"]
    assert [h[0] for h in cells(zh).headers] == ["比率（%）", "目标（%）"]


def test_text_is_left_aligned_numbers_right_dates_unbroken():
    frame = pd.DataFrame({"indicator_en": ["Two-cancer screening coverage"], "value": [91.27],
                          "as_of": pd.to_datetime(["2023-08-31"]), "doc_id": ["zhangdian-2023-08-31"]})  # fmt: skip
    shown = plots.display_table(frame)
    (text, number, date, doc), = cells(shown).rows  # fmt: skip
    assert "zt-text" in text[1] and "zt-num" in number[1] and "zt-date" in date[1]
    assert "zt-id" in doc[1] and date[0] == "2023-08-31"
    css = shown._repr_html_()
    assert re.search(r"td\.zt-num[^{]*\{[^}]*text-align: right", css)
    assert re.search(r"td\.zt-text[^{]*\{[^}]*text-align: left", css)
    assert re.search(r"\.zt-date[^{]*\{[^}]*white-space: nowrap", css)


def test_dates_inside_text_do_not_break():
    frame = pd.DataFrame(
        {"detail": ["went down from 24名 (zibo-2021-11, as of 2021-11-10) to 6名"]}
    )
    page = plots.display_table(frame)._repr_html_()
    assert '<span class="zt-nowrap">zibo-2021-11</span>' in page
    assert '<span class="zt-nowrap">2021-11-10</span>' in page


def test_html_escapes_catalog_names():
    evil = "<img src=x onerror=alert(1)>"
    frame = pd.DataFrame({evil: [evil], "note": ['"quoted" & <b>bold</b>'], "value": [1.0]})
    page = plots.display_table(frame, search=True)._repr_html_()
    assert "<img" not in page and "<b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;" in page


def test_html_escapes_in_chinese_headers_and_units():
    frame = pd.DataFrame({"value": [1.0], "unit": ["<script>"]})
    page = plots.display_table(frame, lang="zh")._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_same_table_gives_the_same_html(real_indicators):
    table = coverage_table(real_indicators, regions=load_regions())
    first = plots.display_table(table, "coverage", printed=real_indicators)._repr_html_()
    second = plots.display_table(table.copy(), "coverage", printed=real_indicators)._repr_html_()
    assert first == second


def test_long_tables_are_sortable_and_searchable_offline(real_indicators):
    long = plots.display_table(coverage_table(real_indicators, regions=load_regions()), "coverage")
    page = long._repr_html_()
    assert '<input type="search"' in page and "<script>" in page
    assert "http" not in page.split("<script>")[1]  # nothing loaded from the network
    assert re.search(r'<td class="zt-num[^"]*" data-sort="91\.27"', page)
    short = plots.display_table(pd.DataFrame({"a": [1, 2]}))._repr_html_()
    assert "<script" not in short and "<input" not in short


def test_a_table_fits_the_page_width():
    frame = pd.DataFrame(
        {
            "reason": [
                "2 observations: a line through two points leaves nothing to estimate its uncertainty; 3 are needed"
            ]
        }
    )
    page = plots.display_table(frame)._repr_html_()
    assert re.search(r'<div class="zibo-table-wrap"', page)
    assert re.search(r"\.zibo-table-wrap\s*\{[^}]*overflow-x: auto", page)
    assert 'class="zt-text zt-long"' in page


def test_empty_table_is_a_sentence():
    note = plots.display_table(pd.DataFrame({"a": []}), empty="No flags of kind jump.")
    assert isinstance(note, plots.Note) and note.text == "No flags of kind jump."


def test_implied_denominators_read_as_populations(real_indicators):
    shown = plots.display_table(implied_denominators(real_indicators), "denominators")
    texts = [c[0].lower() for row in cells(shown).rows for c in row]
    assert not any("inf" in t or "nan" in t for t in texts)
    assert "127,140" in column(shown, "Implied population")
    assert "no upper bound" in column(shown, "Population, highest")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_sorting_and_search_work_in_a_browser(tmp_path):
    frame = pd.DataFrame({"indicator_en": [f"Indicator {i}" for i in range(12)],
                          "facts": [5, 1250, 3, 40, 7, 9, 11, 2, 600, 8, 1, 30]})  # fmt: skip
    body = plots.display_table(frame, "facts")._repr_html_()
    check = """<script>
    const table = document.querySelector("table.zibo-table");
    table.querySelectorAll("th button")[1].click();
    const sorted = [...table.querySelectorAll("tbody tr")].map(r => r.cells[1].textContent);
    const input = document.querySelector(".zibo-table-search input");
    input.value = "indicator 1"; input.dispatchEvent(new Event("input"));
    const shown = [...table.querySelectorAll("tbody tr")].filter(r => !r.hidden).length;
    document.title = JSON.stringify({sorted, shown});
    </script>"""
    page = tmp_path / "page.html"
    page.write_text(
        f"<!doctype html><meta charset=utf-8><body>{body}{check}</body>", encoding="utf-8"
    )
    out = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=60).stdout  # fmt: skip
    title = re.search(r"<title>(.*?)</title>", out).group(1).replace("&quot;", '"')
    result = json.loads(title)
    assert result["sorted"] == ["1", "2", "3", "5", "7", "8", "9", "11", "30", "40", "600", "1,250"]
    assert result["shown"] == 3  # Indicator 1, Indicator 10, Indicator 11


def test_long_snake_case_ids_may_break_only_after_underscores():
    frame = pd.DataFrame(
        {"indicator_id": ["famous_doctor_station_outpatient_visits"], "doc_id": ["zibo-2021-12-01"]}
    )
    page = plots.display_table(frame)._repr_html_()
    assert (
        '<td class="zt-id zt-snake" data-label="Indicator '
        'id">famous_<wbr>doctor_<wbr>station_<wbr>outpatient_<wbr>visits</td>' in page
    )
    assert (
        '<td class="zt-id" data-label="Article"><span class="zt-nowrap">zibo-2021-12-01</span></td>'
        in page
    )
    assert column(plots.display_table(frame), "Indicator id") == [
        "famous_doctor_station_outpatient_visits"
    ]


def test_character_offsets_are_plain_whole_numbers():
    shown = plots.display_table(pd.DataFrame({"start": [1347], "end": [1360]}))
    assert column(shown, "Quote start (character)") == ["1347"]
    assert column(shown, "Quote end (character)") == ["1360"]


def test_small_vocabularies_read_as_words():
    frame = pd.DataFrame(
        {"kind": ["count_went_down"], "qualifier": ["more_than"], "verdict": ["no actual yet"]}
    )
    assert [c[0] for c in cells(plots.display_table(frame)).rows[0]] == [
        "count went down",
        "more than",
        "target only",
    ]
    assert [c[0] for c in cells(plots.display_table(frame, lang="zh")).rows[0]] == ["计数下降", "多于", "仅有目标"]  # fmt: skip
    assert list(plots.display_table(frame).frame["kind"]) == ["count_went_down"]


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_the_growth_table_fits_a_1400_pixel_window_in_a_browser(real_indicators, tmp_path):
    # the widest table of the report: fourteen columns, long names, notes
    columns = ["indicator_en", "region", "first_as_of", "first_value", "last_as_of", "last_value", "abs_change",
               "change_unit", "pct_change", "months_elapsed", "pace_per_month", "annualised_growth_pct",
               "change_bound", "note"]  # fmt: skip
    body = plots.display_table(
        growth_table(real_indicators), "growth", columns=columns
    )._repr_html_()
    check = """<script>
    const wrap = document.querySelector(".zibo-table-wrap"), table = wrap.querySelector("table");
    document.title = JSON.stringify({wrap: wrap.clientWidth, table: table.offsetWidth});
    </script>"""
    page = tmp_path / "page.html"
    page.write_text(
        f"<!doctype html><meta charset=utf-8><body style='margin:20px'>{body}{check}</body>",
        encoding="utf-8",
    )
    out = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,900",
                          "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60).stdout  # fmt: skip
    widths = json.loads(re.search(r"<title>(.*?)</title>", out).group(1).replace("&quot;", '"'))
    assert widths["table"] <= widths["wrap"] <= 1400, widths
