"""The data CSVs are read strictly: every problem named by file, physical line and field."""

from __future__ import annotations

from zibo_analysis.dataset import build_indicators

from .helpers import CATALOG, CURATION, edit, problems, write_csv


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
