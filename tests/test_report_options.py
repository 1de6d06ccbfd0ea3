"""`report` options: --output-dir, --params-file (YAML or JSON) and --list-params."""

from __future__ import annotations

import json

import nbformat
import pytest
from test_report import ROOT, make_project, run, small_notebook

from zibo_analysis.report.notebooks import not_taken, notebooks, resolve_parameters

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path / "project")
    small_notebook(project / "notebooks/01_hello.ipynb",
                   'greeting: str = "hello"  # what to say\nrepeat: int = 1  # how often',
                   "print(greeting * repeat)")  # fmt: skip
    small_notebook(
        project / "notebooks/02_other.ipynb", 'greeting: str = "hello"', "print(greeting)"
    )
    return project


def printed(executed) -> str:
    nb = nbformat.read(executed, as_version=4)
    return "".join(o["text"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
                   if o.get("name") == "stdout")  # fmt: skip


def test_output_dir_and_params_file_are_relative_to_the_current_directory(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "params.yaml").write_text(
        "greeting: hi\n01_hello:\n  repeat: 2\n02_other:\n  greeting: 你好\n", encoding="utf-8"
    )
    result = run(project, "--output-dir", "out", "--params-file", "params.yaml",
                 "-p", "repeat", "3", cwd=elsewhere)  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = elsewhere / "out"
    assert {p.name for p in out.iterdir() if p.is_file()} >= {
        "index.html", "01_hello.html", "01_hello.ipynb", "02_other.html", "quality_flags.csv"
    }  # fmt: skip
    assert not (project / "reports").exists()
    assert f"open {out / 'index.html'}" in result.stdout
    assert printed(out / "01_hello.ipynb") == "hihihi\n"  # -p wins over the file
    assert printed(out / "02_other.ipynb") == "你好\n"  # the notebook's own value wins
    sidecar = json.loads((out / ".cache/01_hello.json").read_text())
    assert sidecar["parameters"] == {"greeting": "hi", "repeat": 3}


def test_params_file_sets_shared_and_per_notebook_values_and_p_wins(project):
    books = sorted((project / "notebooks").glob("*.ipynb"))
    params = project / "params.yaml"
    params.write_text("greeting: hi\n01_hello:\n  repeat: 2\n02_other:\n  greeting: 你好\n",
                      encoding="utf-8")  # fmt: skip
    assert resolve_parameters([("repeat", "3")], books, params) == {
        "01_hello": {"greeting": "hi", "repeat": 3},
        "02_other": {"greeting": "你好"},
    }
    assert resolve_parameters([], books, params)["01_hello"] == {"greeting": "hi", "repeat": 2}


def test_params_file_in_json_and_yaml_dates_are_text(tmp_path):
    book = small_notebook(tmp_path / "01_window.ipynb", 'start: str = "2021-01-01"\nn: float = 1.0')
    (tmp_path / "p.json").write_text('{"01_window": {"start": "2022-01-01", "n": 2}}')
    (tmp_path / "p.yaml").write_text("start: 2022-01-01\nn: 2\n")
    for name in ("p.json", "p.yaml"):
        assert resolve_parameters([], [book], tmp_path / name) == {
            "01_window": {"start": "2022-01-01", "n": 2}
        }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("params.yaml", "greting: hi\n", "params.yaml: greting: neither a parameter nor a "
         "notebook; parameters: greeting, repeat; notebooks: 01_hello, 02_other"),
        ("params.yaml", "repeat: three\n", 'params.yaml: repeat: expected int, got "three"'),
        ("params.yaml", "01_hello:\n  regions: []\n", "params.yaml: 01_hello: regions: 01_hello "
         "has no such parameter; its parameters: greeting, repeat"),
        ("params.yaml", "01_hello: hi\n",
         "params.yaml: 01_hello: expected a mapping of 01_hello's parameters to values"),
        ("params.yaml", "greeting: hi\n  repeat: 2\n",
         "params.yaml line 2: not valid YAML: mapping values are not allowed here"),
        ("params.yaml", "- greeting\n", "params.yaml: expected a mapping of parameter (or "
         "notebook) names to values, not a list"),
        ("params.json", '{"greeting": }', "params.json line 1: not valid JSON: Expecting value"),
        ("params.yaml", b"greeting: \xd5\xc5\n", "params.yaml: not UTF-8 (byte at offset 10)"),
        ("missing.yaml", None, "missing.yaml: cannot read it: No such file or directory"),
    ],
    ids=["unknown-name", "bad-type", "unknown-for-notebook", "notebook-not-mapping",
         "bad-yaml", "not-a-mapping", "bad-json", "not-utf8", "missing"],
)  # fmt: skip
def test_params_file_problem_is_one_line_naming_file_and_key(project, name, content, message):
    if isinstance(content, str):
        (project / name).write_text(content, encoding="utf-8")
    elif content is not None:
        (project / name).write_bytes(content)
    result = run(project, "--params-file", name)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"zibo-analysis: error: {message}\n"


def test_list_params_shows_type_default_comment_and_the_values_the_data_allows(project):
    small_notebook(project / "notebooks/03_pick.ipynb",
                   'region: str = "all"  # a region id or "all"\nstart: str = "2021-01-01"\n'
                   'topics: list = []  # [] means all')  # fmt: skip
    result = run(project, "--list-params", "03_pick")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.splitlines() == [
        "03_pick: 03_pick",
        '  region: str (default "all")  a region id or "all"',
        "      one of: all, Xuecheng, Zhangdian, Zibo, Zichuan",
        '  start: str (default "2021-01-01")',
        "      takes: a date, YYYY-MM-DD",
        "  topics: list (default [])  [] means all",
        "      each one of: employment, entrepreneurship, health_care, insurance, public_health",
    ]
    assert not (project / "reports").exists()


def test_list_params_of_every_notebook(project):
    result = run(project, "--list-params")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "01_hello: 01_hello",
        '  greeting: str (default "hello")  what to say',
        "      takes: any text",
        "  repeat: int (default 1)  how often",
        "      takes: a whole number",
        "",
        "02_other: 02_other",
        '  greeting: str (default "hello")',
        "      takes: any text",
    ]


def test_list_params_of_an_unknown_notebook(project):
    result = run(project, "--list-params", "05_gone")
    assert result.returncode == 2
    assert result.stderr == (
        "zibo-analysis: error: --list-params 05_gone: no such notebook; "
        "choose from 01_hello, 02_other\n"
    )


def test_list_params_lists_only_indicators_that_give_a_result_and_counts_the_rest(tmp_path):
    from zibo_analysis.report.notebooks import listing

    notebook = small_notebook(tmp_path / "03_series.ipynb",
                              "indicator_ids: list = []  # series to show\n"
                              'projection_indicator: str = "b_stations"')  # fmt: skip
    valid = {"indicator": ["a_clinics", "b_stations", "c_teams", "d_beds"], "region": [], "topic": [],
             "lang": ["en", "zh"], "flag_kind": []}  # fmt: skip
    lines = "\n".join(listing([notebook], {}, valid, {"indicator": {"b_stations", "d_beds"}}))
    assert lines.splitlines()[1:] == [
        "  indicator_ids: list (default [])  series to show",
        "      each one of: b_stations, d_beds (2 other indicators have fewer than two reports in any region",
        "        and give no result)",
        '  projection_indicator: str (default "b_stations")',
        "      one of: the values listed for indicator_ids",
    ]


def test_list_params_of_the_growth_page_names_its_series_not_every_indicator():
    from zibo_analysis.report import list_parameters

    lines = "\n".join(list_parameters(["03_growth"], ROOT / "notebooks", ROOT / "data/processed"))
    assert "famous_doctor_stations" in lines and "academician_workstations" not in lines
    assert (
        "other indicators have fewer than two reports in any region and give no result"
        in " ".join(lines.split())
    )
    assert len(lines.splitlines()) < 25


def test_a_parameter_some_notebooks_leave_out_is_said_with_the_one_they_take():
    books = notebooks(None, ROOT / "notebooks")
    assert not_taken([("region", "Zibo"), ("lang", "zh")], books) == [
        "-p region is set in 01_overview, 03_growth; not in 02_coverage (it takes regions), 04_quality"
    ]
