"""`zibo-analysis extract`: formats, stdin, and one-line errors with exit status 2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from zibo_analysis.cli import main

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "data/raw/000_578db123918dbc52.txt"


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zibo_analysis.cli", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
    )


def test_extract_csv_has_the_contract_columns_and_real_values():
    result = run_cli("extract", "--format", "csv", str(ARTICLE))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode())))
    assert list(rows[0])[:7] == ["source", "start", "end", "text", "value", "unit", "qualifier"]
    text = ARTICLE.read_text(encoding="utf-8")
    for row in rows:
        assert text[int(row["start"]) : int(row["end"])] == row["text"]
    loan = next(r for r in rows if r["text"] == "近1.55亿元")
    assert (loan["value"], loan["unit"], loan["qualifier"]) == ("155000000", "yuan", "nearly")


def test_extract_json_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("预约治疗率41%".encode())))
    assert main(["extract", "--format", "json", "-"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row == {"source": "<stdin>", "start": 5, "end": 8, "text": "41%", "value": 41,
                   "unit": "percent", "qualifier": "exact"}  # fmt: skip


def test_extract_table_is_aligned():
    result = run_cli("extract", str(ARTICLE))
    lines = result.stdout.decode().splitlines()
    assert lines[0].split() == ["source", "start", "end", "text", "value", "unit", "qualifier"]
    assert len(lines) == 1 + 92


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["extract", "missing.txt"], None, "missing.txt: no such file"),
        (["extract", "--bogus"], None, "unrecognized arguments: --bogus"),
        (["extract", "--format", "xml"], None, "invalid choice: 'xml'"),
        (
            ["extract", "-"],
            b"\xd5\xc5\xb5\xea\xc7\xf8",
            "<stdin>: not UTF-8 (byte 0xd5 at offset 0)",
        ),
        (["extract", "-"], b"abc\x00def", "<stdin>: binary file (NUL byte at offset 3)"),
    ],
)
def test_bad_input_is_one_line_exit_2(args, stdin, message):
    result = run_cli(*args, stdin=stdin)
    err = result.stderr.decode()
    assert result.returncode == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_directory_is_refused(tmp_path):
    result = run_cli("extract", str(tmp_path))
    assert result.returncode == 2 and "is a directory" in result.stderr.decode()
