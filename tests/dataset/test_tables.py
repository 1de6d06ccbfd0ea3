"""The data CSVs are read strictly: every problem named by file, physical line and field."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest

from zibo_analysis.dataset import build_indicators, uncurated_mentions

from .helpers import CATALOG, CURATION, IGNORED, edit, edit_text, problems, write_csv


def test_schema_errors_name_the_field(data_dir):
    edit(data_dir, "curation.csv", 2, "status", "planned")
    edit(data_dir, "curation.csv", 3, "as_of", "2021/12/01")
    edit(data_dir, "catalog.csv", 3, "topic", "health")
    found = problems(data_dir)
    assert (
        "data/curation.csv line 2, status: must be one of actual, target (got 'planned')" in found
    )
    assert (
        "data/curation.csv line 3, as_of: must be a date as YYYY-MM-DD (got '2021/12/01')" in found
    )
    assert any(
        p.startswith("data/catalog.csv line 3, topic: must be one of health_care") for p in found
    )


@pytest.mark.parametrize("occurrence", ["abc", "1.5", "-1", "٣"])
def test_an_occurrence_that_is_no_whole_number_is_one_problem_not_a_traceback(data_dir, occurrence):
    edit(data_dir, "curation.csv", 4, "occurrence", occurrence)
    assert problems(data_dir) == [
        "data/curation.csv line 4, occurrence: must be empty or a positive whole number "
        f"(got {occurrence!r})"
    ]


def test_a_region_written_by_its_name_is_told_its_id(data_dir):
    edit(data_dir, "curation.csv", 2, "region", "淄博市")
    found = problems(data_dir)
    assert found == [
        'data/curation.csv line 2, region: unknown region "淄博市"; write its id "Zibo" '
        "(淄博市 is its name in data/regions.csv)"
    ]


def test_a_count_in_another_measure_word_is_told_how_to_take_both(data_dir):
    edit(data_dir, "catalog.csv", 2, "unit", "处")
    assert problems(data_dir) == [
        'data/curation.csv line 2, quote: unit "个" of "102个" disagrees with data/catalog.csv line 2 '
        "(famous_doctor_stations is in 处); pick another indicator or fix the catalog unit; if both "
        'count the same thing, write its unit as "处|个"'
    ]


def test_a_reference_rate_is_told_to_bring_its_numerator(data_dir):
    edit(data_dir, "curation.csv", 5, "indicator_id", "pension_coverage_rate")
    assert problems(data_dir) == [
        'data/curation.csv line 5, indicator_id: "pension_coverage_rate" is an indicator of the '
        "reference catalog, not yet in data/catalog.csv; add it with "
        "`zibo-analysis catalog add pension_coverage_rate pension_insured`"
    ]


def test_a_country_is_a_region_of_its_own_level(data_dir):
    from .helpers import add_rows

    add_rows(data_dir, "regions.csv", [["China", "中国", "China", "country", ""]])
    build_indicators(data_dir)
    edit(data_dir, "regions.csv", 2, "level", "nation")
    assert any(
        "level: must be one of country, province, city, district" in p for p in problems(data_dir)
    )


def test_missing_column(data_dir):
    rows = [r[:-1] for r in CATALOG]
    write_csv(data_dir / "catalog.csv", rows)
    assert any(
        "data/catalog.csv line 1: missing column(s) definition" in p for p in problems(data_dir)
    )


def test_a_byte_order_mark_is_accepted(data_dir):
    path = data_dir / "curation.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(build_indicators(data_dir)) == len(CURATION) - 1


def test_curation_not_in_utf8_names_file_and_line(data_dir):
    path = data_dir / "curation.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    (message,) = problems(data_dir)
    assert (
        message.startswith("data/curation.csv line 2: not UTF-8 (byte 0x")
        and "save the file as UTF-8" in message
    )


# ------------------------------------------------------------ strict CSV --
TABLES = {  # file: a line to break, the number of columns
    "raw/sources.csv": 3,
    "regions.csv": 3,
    "catalog.csv": 3,
    "curation.csv": 3,
    "ignored.csv": 2,
}


def test_stray_quote_at_the_start_of_a_note_is_named_where_it_starts(data_dir):
    # unclosed to the end of the file: the csv module took lines 4-6 as one note
    edit(data_dir, "curation.csv", 6, "region", "Nowhere")  # a later row is still read
    edit_text(data_dir / "curation.csv", 4, lambda line: line + '"see line 3')
    found = problems(data_dir)
    assert found[0] == (
        'data/curation.csv line 4, note: a double quote (") opens this field and is never closed, '
        "so the rest of the file would be read into it; "
        'remove the stray quote, or write a quote inside a field as two ("")'
    )
    assert any(
        p.startswith('data/curation.csv line 6, region: unknown region "Nowhere"') for p in found
    )
    assert len(found) == 2


def test_stray_quote_in_the_real_curation_loses_no_fact(real_data_dir):
    # closed by the quote of a later note (line 9): five facts were silently gone
    edit_text(real_data_dir / "curation.csv", 4, lambda line: line + '"see line 3')
    (message,) = problems(real_data_dir)
    assert message.startswith(
        'data/curation.csv line 4, note: a double quote (") opens this field and is only closed on line 9'
    )


def test_text_after_a_closing_quote_is_a_stray_quote(data_dir):
    edit_text(data_dir / "curation.csv", 3, lambda line: line.replace(",Zibo,", ',"Zi"bo,'))
    (message,) = problems(data_dir)
    assert message.startswith(
        'data/curation.csv line 3, region: text follows the closing quote ("Zi"bo'
    )


@pytest.mark.parametrize("name", TABLES)
def test_a_field_too_many_is_named_in_every_table(real_data_dir, name):
    line = TABLES[name]
    width = len((real_data_dir / name).read_text(encoding="utf-8").split("\n")[0].split(","))
    edit_text(real_data_dir / name, line, lambda text: text + ",extra")
    found = problems(real_data_dir)
    assert found[0] == (
        f"data/{name} line {line}, field {width + 1}: the row has {width + 1} fields but the header "
        f'has {width} (the first extra: "extra"); a comma splits a field in two: put the field in '
        "double quotes, or remove the comma"
    )


def csv_line(fields: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    return out.getvalue()


@pytest.mark.parametrize("name", TABLES)
def test_a_field_too_few_is_named_in_every_table(real_data_dir, name):
    line = TABLES[name]
    path = real_data_dir / name
    header = path.read_text(encoding="utf-8").split("\n")[0].split(",")
    edit_text(path, line, lambda text: csv_line(next(csv.reader([text]))[:-2]))
    found = problems(real_data_dir)
    assert found[0].startswith(
        f"data/{name} line {line}, {header[-2]}: missing: the row has {len(header) - 2} fields "
        f"but the header has {len(header)}"
    )


def test_a_row_too_short_is_not_reported_as_a_bad_status(data_dir):
    edit_text(data_dir / "curation.csv", 3, lambda line: line.rsplit(",", 2)[0])
    (message,) = problems(data_dir)
    assert message.startswith("data/curation.csv line 3, status: missing: the row has 7 fields")


def test_a_broken_row_hides_none_of_the_others(data_dir):
    edit_text(data_dir / "curation.csv", 2, lambda line: line + ",extra")
    edit(data_dir, "curation.csv", 4, "status", "planned")
    edit_text(data_dir / "curation.csv", 5, lambda line: line.replace(",", "", 1))
    assert [p.split(":")[0] for p in problems(data_dir)] == [
        "data/curation.csv line 2, field 10",
        "data/curation.csv line 5, note",
        "data/curation.csv line 4, status",
    ]


@pytest.mark.parametrize("name", TABLES)
def test_an_empty_file_is_named_in_every_table(real_data_dir, name):
    (real_data_dir / name).write_bytes(b"")
    found = problems(real_data_dir)
    assert found[0].startswith(f"data/{name} line 1: is empty; it needs at least the header line: ")
    assert (
        len(found) <= 4
    )  # the rows naming what it would hold are counted, one line a file, not listed


@pytest.mark.parametrize("name", ["raw/sources.csv", "regions.csv", "catalog.csv", "curation.csv"])
def test_a_header_without_rows_is_refused_where_rows_are_needed(real_data_dir, name):
    path = real_data_dir / name
    path.write_text(path.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    found = problems(real_data_dir)
    assert found[0].startswith(f"data/{name} line 1: has a header but no rows; ")
    assert len(found) <= 4


def test_a_header_without_rows_is_fine_for_ignored_and_candidates(data_dir):
    write_csv(data_dir / "ignored.csv", IGNORED[:1])
    assert len(build_indicators(data_dir)) == len(CURATION) - 1
    write_csv(data_dir / "curation.csv", CURATION[:1])
    assert "102个" in set(uncurated_mentions(data_dir)["mention"])


def test_an_over_long_field_is_named(data_dir):
    edit(data_dir, "curation.csv", 3, "note", "很长" * 100_000)
    (message,) = problems(data_dir)
    assert message.startswith(
        "data/curation.csv line 3, note: 200,000 characters, more than the 10,000 a field may hold"
    )


def test_blank_lines_and_windows_line_ends_are_fine(data_dir):
    path = data_dir / "curation.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3:3] = ["", ",,,,,,,,", "   "]
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    assert len(build_indicators(data_dir)) == len(CURATION) - 1
    edit_text(path, 7, lambda line: line.replace("actual", "planned"))
    (message,) = problems(data_dir)
    assert message.startswith("data/curation.csv line 7, status: must be one of")


def test_lines_count_the_newlines_inside_quoted_fields(data_dir):
    edit(data_dir, "curation.csv", 3, "note", "two\nlines")  # line 3 runs on to line 4
    edit(data_dir, "curation.csv", 3, "status", "planned")
    edit(data_dir, "curation.csv", 4, "as_of", "2021/12/01")  # now on line 5
    assert set(problems(data_dir)) == {
        "data/curation.csv line 3, status: must be one of actual, target (got 'planned')",
        "data/curation.csv line 5, as_of: must be a date as YYYY-MM-DD (got '2021/12/01')",
    }


def test_a_note_on_several_lines_is_fine(data_dir):
    edit(data_dir, "curation.csv", 3, "note", 'spans\n"two" lines, with a comma')
    table = build_indicators(data_dir).set_index("curation_line")
    assert table.loc[3, "note"] == 'spans\n"two" lines, with a comma'
    assert 5 in table.index  # the row after it keeps its physical line


def test_an_unknown_or_doubled_column_is_named(data_dir):
    rows = [r[:-1] + [r[-1]] for r in CURATION]
    rows[0][-1] = "notes"
    write_csv(data_dir / "curation.csv", rows)
    assert (
        'data/curation.csv line 1, notes: unknown column; did you mean "note"?'
        in problems(data_dir)[-1]
    )
    rows[0][-1] = "quote"
    write_csv(data_dir / "curation.csv", rows)
    assert (
        "data/curation.csv line 1, quote: column named twice (fields 2 and 9); remove one"
        in problems(data_dir)
    )


def test_broken_csv_leaves_the_last_good_build(data_dir):
    env = {**os.environ, "ZIBO_ANALYSIS_ROOT": str(data_dir.parent)}
    run = [sys.executable, "-m", "zibo_analysis.cli", "data"]
    assert subprocess.run(run, env=env, capture_output=True).returncode == 0
    built = (data_dir / "processed/indicators.csv").read_bytes()
    path = data_dir / "curation.csv"
    good = path.read_bytes()
    breakages = {
        "line 4, note: a double quote": lambda: edit_text(path, 4, lambda line: line + '"x'),
        "line 3, field 10: the row has 10": lambda: edit_text(path, 3, lambda line: line + ",x"),
        "line 1: has a header but no rows": lambda: write_csv(path, CURATION[:1]),
        "line 2, note: 200,000 characters": lambda: edit(data_dir, "curation.csv", 2, "note", "x" * 200_000),
    }  # fmt: skip
    for expected, breakage in breakages.items():
        path.write_bytes(good)
        breakage()
        result = subprocess.run(run, env=env, capture_output=True, text=True)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"data/curation.csv {expected}" in result.stderr
        assert (data_dir / "processed/indicators.csv").read_bytes() == built
