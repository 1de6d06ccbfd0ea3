"""Parameters are bounded: a params file is a regular file of at most a mebibyte, read by a
YAML loader without aliases; nesting and integers have limits; --wait takes finite seconds.
Each problem is one line and exit status 2, never a traceback, a hang or a MemoryError."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_report import small_notebook

from zibo_analysis.cli import main
from zibo_analysis.report.common import ParameterError
from zibo_analysis.report.notebooks import read_params_file, resolve_parameters

ROOT = Path(__file__).resolve().parents[1]
# nine aliases of nine aliases ... six levels: 9**6 = 531,441 strings from 300 bytes
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, n in zip("abcde", "bcdef", strict=True)
)


@pytest.fixture
def books(tmp_path) -> list[Path]:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    return [
        small_notebook(
            folder / "01_x.ipynb", 'regions: list = []\nmin_points: int = 3\nlang: str = "en"'
        )
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "bomb.yaml",
            BOMB,
            " line 2: not valid YAML: aliases (*name) are not allowed here; write each value out",
        ),  # fmt: skip
        (
            "deep.yaml",
            "regions: " + "[" * 60_000 + "]" * 60_000,
            " line 1: not valid YAML: values nested too deeply (at most 32 levels)",
        ),  # fmt: skip
        (
            "deep.json",
            '{"regions": ' + "[" * 60_000 + "]" * 60_000 + "}",
            ": values nested too deeply (at most 32 levels)",
        ),  # fmt: skip
        (
            "deep40.json",
            '{"regions": ' + "[" * 40 + "]" * 40 + "}",
            ": values nested too deeply (at most 32 levels)",
        ),  # fmt: skip
        (
            "big.yaml",
            "min_points: " + "9" * 5000,
            " line 1: not valid YAML: an integer of 5000 digits; integers have at most 18",
        ),  # fmt: skip
        (
            "big.json",
            '{"min_points": ' + "9" * 5000 + "}",
            ": an integer of 5000 digits; integers have at most 18",
        ),  # fmt: skip
    ],
)
def test_a_params_file_beyond_the_bounds_is_one_line(tmp_path, books, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParameterError) as caught:
        resolve_parameters([], books, path, books)
    assert str(caught.value) == f"{path}{message}"


def test_a_params_file_that_is_not_a_regular_file_is_refused_without_reading_it(tmp_path):
    fifo = tmp_path / "params.yaml"
    os.mkfifo(fifo)
    for path in (Path("/dev/zero"), fifo):
        with pytest.raises(ParameterError, match="not a regular file; give a YAML or JSON file"):
            read_params_file(path)


def test_a_params_file_over_a_mebibyte_is_refused(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("lang: en\n" + "# padding\n" * 120_000, encoding="utf-8")
    with pytest.raises(ParameterError, match="larger than 1,048,576 bytes"):
        read_params_file(path)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "regions",
            "[" * 60_000 + "]" * 60_000,
            "-p regions: values nested too deeply (at most 32 levels)",
        ),  # fmt: skip
        (
            "min_points",
            "9" * 5000,
            "-p min_points: an integer of 5000 digits; integers have at most 18",
        ),  # fmt: skip
    ],
)
def test_a_p_value_beyond_the_bounds_is_one_line(books, name, value, message):
    with pytest.raises(ParameterError) as caught:
        resolve_parameters([(name, value)], books)
    assert str(caught.value) == message


def test_params_within_the_bounds_are_read(tmp_path, books):
    path = tmp_path / "params.yaml"
    path.write_text(
        "lang: zh\n01_x:\n  min_points: 4\n  regions: [Zibo, Xuecheng]\n", encoding="utf-8"
    )
    assert resolve_parameters([], books, path, books) == {
        "01_x": {"lang": "zh", "min_points": 4, "regions": ["Zibo", "Xuecheng"]}
    }


@pytest.mark.parametrize("wait", ["nan", "inf", "-1", "soon"])
def test_wait_takes_finite_seconds_only(wait, capsys):
    assert main(["report", "--list-params", "--wait", wait]) == 2  # never runs: it only lists
    err = capsys.readouterr().err
    assert (
        err
        == f"zibo-analysis: error: argument --wait: '{wait}' is not a number of seconds (0 or more)\n"
    )


def test_an_alias_bomb_on_the_command_line_is_refused_at_once(tmp_path):
    """The command, end to end: one line, exit status 2, in well under the minutes it took."""
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB + "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-m", "zibo_analysis.cli", "report", "--params-file", str(path),
                           "--output-dir", str(tmp_path / "out")], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60)  # fmt: skip
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "aliases (*name) are not allowed here" in done.stderr
    assert not (tmp_path / "out").exists()
