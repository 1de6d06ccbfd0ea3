"""`zibo-analysis`: extract formats, stdin, one-line errors, --version, closed and full streams."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from importlib.metadata import version
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


def test_extract_table_is_aligned(capsys, monkeypatch):
    text = "截至3月，全市累计接种疫苗778.31万剂次，覆盖率约91.27%。"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["extract", "-"]) == 0
    assert capsys.readouterr().out.splitlines() == [  # a Chinese character is two columns wide
        "source   start  end  text          value    unit     qualifier",
        "<stdin>  13     22   778.31万剂次  7783100  剂次     exact",
        "<stdin>  26     33   约91.27%      91.27    percent  about",
    ]


def on_screen(line: str) -> str:
    """``line`` as a terminal shows it: a wide (Chinese) character takes two columns."""
    from unicodedata import east_asian_width

    return "".join(ch + ("\0" if east_asian_width(ch) in "WF" else "") for ch in line)


def test_extract_table_of_an_article_keeps_every_column_in_place(capsys):
    assert main(["extract", str(ARTICLE)]) == 0
    lines = [on_screen(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0].split() == ["source", "start", "end", "text", "value", "unit", "qualifier"]
    assert len(lines) == 1 + 92
    starts = [lines[0].index(name) for name in lines[0].split()]
    for line in lines[1:]:
        for at in starts[1:]:  # two spaces before each column, and its cell there
            assert line[at - 2 : at] == "  " and line[at] != " ", line


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


def test_a_folder_without_text_files_is_refused(tmp_path):
    """A folder is a corpus (tests/test_corpus.py); one with no *.txt file is an error."""
    (tmp_path / "notes.md").write_text("共3人", encoding="utf-8")
    result = run_cli("extract", str(tmp_path))
    assert result.returncode == 2
    assert (
        result.stderr.decode() == f"zibo-analysis: error: {tmp_path}: a folder with no *.txt file\n"
    )


# --------------------------------------------------------- streams and pipes --


def shell(command: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """``command`` in bash, with $ZA standing for this tree's `zibo-analysis`."""
    env = {**os.environ, **(env or {}), "ZA": f"{sys.executable} -m zibo_analysis.cli",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}  # fmt: skip
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=cwd, env=env)


def one_line(stderr: str) -> str:
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert len(stderr.splitlines()) == 1, stderr
    return stderr.strip()


def test_version_comes_from_the_package_metadata():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.decode() == f"zibo-analysis {version('zibo-analysis')}\n"


def test_closed_pipe_is_one_line_and_a_failure():
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    with os.fdopen(write_end, "wb") as closed_pipe:
        result = subprocess.run([sys.executable, "-m", "zibo_analysis.cli", "extract", str(ARTICLE)],
                                stdout=closed_pipe, stderr=subprocess.PIPE, cwd=ROOT)  # fmt: skip
    assert result.returncode == 1
    assert one_line(result.stderr.decode()) == (
        "zibo-analysis: error: cannot write to standard output: Broken pipe"
    )


@pytest.mark.parametrize(
    ("redirect", "message"),
    [(">&-", "cannot write to standard output: it is closed"),
     ("> /dev/full", "cannot write to standard output: No space left on device")],
)  # fmt: skip
def test_closed_or_full_stdout_is_one_line_and_a_failure(redirect, message):
    result = shell(f"$ZA extract {ARTICLE} {redirect}")
    assert result.returncode == 1
    assert one_line(result.stderr) == f"zibo-analysis: error: {message}"


def test_closed_stdin_is_one_line():
    result = shell("$ZA extract <&-")
    assert result.returncode == 2
    assert one_line(result.stderr) == (
        "zibo-analysis: error: <stdin>: closed; give FILE arguments or pipe text in"
    )


def test_extract_into_head_is_quiet_when_all_output_fitted_the_pipe():
    result = shell(f"$ZA extract {ARTICLE} | head -1; echo status ${{PIPESTATUS[0]}}")
    assert result.stdout.splitlines()[0].split()[:2] == ["source", "start"]
    assert result.stdout.splitlines()[-1] in ("status 0", "status 1")
    assert "Traceback" not in result.stderr


@pytest.fixture
def tiny_project(tmp_path) -> Path:
    from test_report import sleepy_copy

    return sleepy_copy(tmp_path / "project")


def assert_report_written(project: Path) -> None:
    sidecar = json.loads((project / "reports/.cache/01_sleepy.json").read_text())
    assert sidecar["status"] == "ok" and (project / "reports/01_sleepy.html").exists()
    assert (project / "reports/index.html").exists()


@pytest.mark.slow
def test_report_into_a_closed_pipe_still_writes_the_pages_and_says_output_was_lost(tiny_project):
    from test_report import project_env

    proc = subprocess.Popen([sys.executable, "-m", "zibo_analysis.cli", "report", "--force"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=tiny_project, env=project_env(tiny_project))  # fmt: skip
    first = proc.stdout.readline()  # the notebook that took longer last time runs first
    assert first in ("[1/2] 01_sleepy: running\n", "[1/2] 02_sleepy: running\n"), first
    proc.stdout.close()  # as `| head -1` does
    assert proc.wait(timeout=120) == 1
    assert one_line(proc.stderr.read()) == (
        f"zibo-analysis: error: the report was written to {tiny_project / 'reports'}, "
        "but its progress could not be printed: Broken pipe"
    )
    assert_report_written(tiny_project)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("redirect", "reason"), [(">&-", "it is closed"), ("> /dev/full", "No space left on device")]
)
def test_report_into_a_closed_or_full_stdout_still_writes_the_pages(tiny_project, redirect, reason):
    (tiny_project / "reports/index.html").unlink()  # the run has something to write
    result = shell(f"$ZA report {redirect}", cwd=tiny_project,
                   env={"ZIBO_ANALYSIS_ROOT": str(tiny_project)})  # fmt: skip
    assert result.returncode == 1
    assert one_line(result.stderr) == (
        f"zibo-analysis: error: the report was written to {tiny_project / 'reports'}, "
        f"but its progress could not be printed: {reason}"
    )
    assert_report_written(tiny_project)


def test_candidates_are_prefilled_from_the_facts(tmp_path):
    """Curation rows of one article removed: candidates proposes what an analyst would type."""
    import shutil

    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("processed"))
    curation = tmp_path / "data/curation.csv"
    lines = curation.read_text(encoding="utf-8").splitlines(keepends=True)
    curation.write_text(
        "".join(ln for ln in lines if not ln.startswith("zhangdian-2023-08-31,")), encoding="utf-8"
    )
    env = {**os.environ, "ZIBO_ANALYSIS_ROOT": str(tmp_path), "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([sys.executable, "-m", "zibo_analysis.cli", "candidates", "zhangdian-2023-08-31"],
                            capture_output=True, text=True, env=env, cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = {r["quote"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    plan = next(r for q, r in rows.items() if "计划新引进大学生60人以上" in q)
    assert (plan["indicator_id"], plan["as_of"], plan["status"]) == (
        "health_graduates_recruited", "2023-12-31", "target",
    )  # fmt: skip
    assert plan["note"].startswith("pre-filled, check it (score ") and "年内" in plan["note"]
    done = next(r for q, r in rows.items() if "省级示范性托育服务机构1家" in q)
    assert (done["as_of"], done["status"], done["region"]) == ("2023-08-31", "actual", "Zhangdian")


def test_a_new_articles_rows_appended_as_they_come_give_grouped_errors(tmp_path):
    """An article of our own registered, its candidates appended unreviewed: `data` says in one
    line per kind of problem what to do, and --catalog-rows gives the reference rows needed."""
    import hashlib
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("processed"))
    text = ("淮安市人社局 浏览量 980\n"
            "截至4月底，全市失业保险参保人数达到98.3万人，工伤保险参保人数102.6万人。\n"
            "全市共建成零工市场14个，开发公益性岗位2360个。\n"
            "（编辑 钱某）\n")  # fmt: skip
    (data / "raw/960_huaian.txt").write_text(text, encoding="utf-8")
    with (data / "raw/sources.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            ["huaian-2024-05-06", "960_huaian.txt", "2024-05-06", "Huaian", "淮安市人社局", "标题",
             "截至4月底", "2360个。", "", "", hashlib.sha256(text.encode()).hexdigest(), "test"])  # fmt: skip
    with (data / "regions.csv").open("a", encoding="utf-8") as handle:
        handle.write("Huaian,淮安市,Huaian,city,\n")
    env = {**os.environ, "ZIBO_ANALYSIS_ROOT": str(tmp_path), "PYTHONPATH": str(ROOT / "src")}

    def cli(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "zibo_analysis.cli", *argv], capture_output=True,
                              text=True, env=env, cwd=tmp_path)  # fmt: skip

    rows = cli("candidates", "huaian-2024-05-06", "--no-header")
    assert rows.returncode == 0 and "zibo-analysis catalog add " in rows.stderr
    assert [r[1] for r in csv.reader(io.StringIO(rows.stdout))] == [
        "全市失业保险参保人数达到98.3万人", "工伤保险参保人数102.6万人", "全市共建成零工市场14个",
        "开发公益性岗位2360个",
    ]  # fmt: skip
    first = len((data / "curation.csv").read_text(encoding="utf-8").splitlines()) + 1
    with (data / "curation.csv").open("a", encoding="utf-8") as handle:
        handle.write(rows.stdout)
    built = cli("data")
    assert built.returncode == 1
    lines = built.stderr.splitlines()
    assert (
        f"data/curation.csv lines {first}-{first + 1}, indicator_id: indicators of the reference catalog "
        "not yet in the catalog in 2 rows (unemployment_insurance_insured, work_injury_insured); add "
        "them with `zibo-analysis catalog add` and these ids" in lines
    )
    assert (
        f"data/curation.csv lines {first + 2}-{first + 3}, indicator_id: empty in 2 rows; each note "
        "proposes an id: add it to data/catalog.csv (`zibo-analysis catalog add ID` for reference ids) "
        "or fill indicator_id" in lines
    )
    assert not any("must not be empty" in line for line in lines)
    needed = cli("candidates", "huaian-2024-05-06", "--catalog-rows", "--no-header")
    assert [r[0] for r in csv.reader(io.StringIO(needed.stdout))][:2] == [
        "unemployment_insurance_insured", "work_injury_insured"
    ]  # fmt: skip


def test_sigterm_during_the_data_build_keeps_the_last_good_table(tmp_path):
    """The build is terminated just before its new table would replace the old one."""
    import shutil

    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("processed"))
    table = tmp_path / "data/processed/indicators.csv"
    table.parent.mkdir()
    table.write_text("the last good build\n")
    script = (
        "import os, signal, sys\n"
        "real = os.replace\n"
        "def replace(a, b):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    real(a, b)\n"
        "os.replace = replace\n"
        "from zibo_analysis.cli import main\n"
        "sys.exit(main(['data']))\n"
    )
    env = {**os.environ, "ZIBO_ANALYSIS_ROOT": str(tmp_path), "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert result.returncode == 143
    assert result.stderr.strip() == "zibo-analysis: interrupted"
    assert table.read_text() == "the last good build\n"
    # no temporary file left; the lock file of data/processed/ stays (it is never replaced)
    assert sorted(p.name for p in table.parent.iterdir()) == [".lock", "indicators.csv"]


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["extract", "--jobs", "0"], "--jobs 0: give 1 or more processes"),
        (["facts", "--jobs", "0"], "--jobs 0: give 1 or more processes"),
        (
            ["facts", "--published", "2024-13-01"],
            "--published: '2024-13-01' is not a date; write it as YYYY-MM-DD",
        ),
        (
            ["report", "--wait", "-1"],
            "argument --wait: '-1' is not a number of seconds (0 or more)",
        ),
        (["catalog"], "the following arguments are required: ACTION"),
    ],
)
def test_every_command_says_a_usage_problem_in_one_line_with_status_2(argv, line, capsys):
    assert main(argv) == 2
    assert capsys.readouterr() == ("", f"zibo-analysis: error: {line}\n")


def test_a_problem_of_several_lines_is_a_line_each_and_a_file_name_stays_on_its_line(capsys):
    from zibo_analysis.cli.errors import UserError, user_error
    from zibo_analysis.errors import ZiboError

    assert issubclass(UserError, ZiboError)
    assert user_error(UserError("first problem", "a\nb.txt: no such file")) == 2
    assert capsys.readouterr().err.splitlines() == [
        "zibo-analysis: error: first problem",
        "zibo-analysis: error: a\\x0ab.txt: no such file",
    ]
