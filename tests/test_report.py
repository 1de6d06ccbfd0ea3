"""The report end to end: pages, index, quality flags, reproducibility, failures, parameters."""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from shared import built_once

from zibo_analysis import report
from zibo_analysis.cli import build_parser
from zibo_analysis.dataset import build_indicators, write_indicators
from zibo_analysis.quality import FLAG_COLUMNS

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out

ROOT = Path(__file__).resolve().parents[1]
KERNEL = {
    "kernelspec": {
        "display_name": "Python (zibo-analysis)",
        "language": "python",
        "name": "zibo-analysis",
    }
}


def make_project(base: Path, notebooks: list[Path] = ()) -> Path:
    """A copy of the project's data (built) and the given notebooks, under ``base``."""
    shutil.copytree(ROOT / "data", base / "data", ignore=shutil.ignore_patterns("processed"))
    write_indicators(build_indicators(base / "data"), base / "data", base / "data/processed")
    (base / "notebooks").mkdir()
    for nb in notebooks:
        shutil.copy(nb, base / "notebooks" / nb.name)
    return base


def small_notebook(path: Path, parameters: str, *code: str) -> Path:
    params = new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    cells = [
        new_markdown_cell(f"# {path.stem}\n\nA fixture notebook."),
        params,
        *map(new_code_cell, code),
    ]
    nbformat.write(new_notebook(cells=cells, metadata=KERNEL), path)
    return path


def project_env(project: Path) -> dict[str, str]:
    """The environment of a command run on ``project``, importing this tree's code."""
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "ZIBO_ANALYSIS_ROOT": str(project), "PYTHONPATH": path}


def run(project: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`zibo-analysis report ARGS` on ``project``, run from ``cwd`` (the project by default)."""
    return subprocess.run([sys.executable, "-m", "zibo_analysis.cli", "report", *args],
                          env=project_env(project), capture_output=True, text=True,
                          cwd=cwd or project)  # fmt: skip


def start(project: Path, *args: str) -> subprocess.Popen:
    """`report ARGS` in the background, in a session of its own; returns once it said "running"."""
    proc = subprocess.Popen([sys.executable, "-m", "zibo_analysis.cli", "report", *args],
                            env=project_env(project), cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)  # fmt: skip
    for line in proc.stdout:
        if ": running" in line:
            return proc
    raise AssertionError(f"never ran: {proc.wait()} {proc.stderr.read()}")


def _sleepy_built() -> Path:
    def build(project: Path) -> None:
        make_project(project)
        for name in ("01_sleepy", "02_sleepy"):
            small_notebook(project / f"notebooks/{name}.ipynb", "seconds: float = 0",
                           f"import pathlib, time\npathlib.Path('{name}.started').touch()\n"
                           "time.sleep(seconds)")  # fmt: skip
        assert run(project).returncode == 0
        for marker in (project / "notebooks").glob("*.started"):
            marker.unlink()

    return built_once("sleepy", build)


def sleepy_copy(dest: Path) -> Path:
    """A copy of a small project, its report built: two notebooks, 01_sleepy and 02_sleepy,
    sleep ``seconds`` (0 by default) after touching notebooks/NAME.started. The project is
    built once per test session, for the modules that use it."""
    return Path(shutil.copytree(_sleepy_built(), dest))


def body(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index("<body") :]


# ------------------------------------------------------------- the report --


@functools.cache
def built_report() -> tuple[Path, subprocess.CompletedProcess, dict[str, bytes]]:
    """The whole report from the real data and the real notebooks, run twice (the second
    forced): the project, the first run, and what the first run published. Built once per
    test run (`shared.built_once`), for every module that reads it (none may change it)."""

    def build(folder: Path) -> None:
        project = make_project(folder / "project", sorted((ROOT / "notebooks").glob("*.ipynb")))
        first = run(project)
        assert first.returncode == 0, first.stdout + first.stderr
        ran = {"args": first.args, "returncode": 0, "stdout": first.stdout, "stderr": first.stderr}
        (folder / "first.json").write_text(json.dumps(ran), encoding="utf-8")
        reports = project / "reports"
        for p in [*reports.glob("*.*"), *reports.glob("sources/*.html")]:
            if p.is_file() and p.name != "index.html" and not p.name.startswith("."):
                copy = folder / "first" / p.relative_to(reports)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(p, copy)
        second = run(project, "--force")
        assert second.returncode == 0, second.stderr

    folder = built_once("report", build)
    first = subprocess.CompletedProcess(**json.loads((folder / "first.json").read_text("utf-8")))
    snapshot = {
        p.relative_to(folder / "first").as_posix(): p.read_bytes()
        for p in (folder / "first").rglob("*")
        if p.is_file()
    }
    return folder / "project", first, snapshot


def built_zh_report() -> Path:
    """A copy of `built_report`'s project with the report also in Chinese, written by the
    README's ``report -p lang zh --output-dir reports-zh``: the project. Built once per test
    run, for every module that reads it (none may change it); the README's examples start
    from it, so that the Chinese report is run once."""

    def build(project: Path) -> None:
        shutil.copytree(built_report()[0], project, symlinks=True)
        result = run(project, "-p", "lang", "zh", "--output-dir", "reports-zh")
        assert result.returncode == 0, result.stdout + result.stderr

    return built_once("report-zh", build)


@pytest.fixture(scope="module")
def built():
    return built_report()


def test_each_notebook_prints_progress(built):
    _, first, _ = built
    for name in ("01_overview", "02_coverage", "03_growth", "04_quality"):
        assert f"{name}: running" in first.stdout and f"{name}: ok in" in first.stdout
    assert "4 of 4 notebooks ok" in first.stdout


def test_pages_have_figures_no_code_no_errors(built):
    project, _, _ = built
    for name in ("01_overview", "02_coverage", "03_growth", "04_quality"):
        html = body(project / "reports" / f"{name}.html")
        assert "data:image/png;base64," in html, f"{name} has no figure"
        assert "check_parameters" not in html and "import " not in html, f"{name} shows code"
        assert "Traceback" not in html and "Error" not in html.replace("error_", "")
        assert "findfont" not in html and "Warning" not in html
        executed = nbformat.read(project / "reports" / f"{name}.ipynb", as_version=4)
        assert "papermill" not in executed.metadata


def test_index_lists_pages_status_checksum_versions(built):
    project, _, _ = built
    index = (project / "reports/index.html").read_text(encoding="utf-8")
    data_sha = report.data_checksum(project / "data/processed")
    assert data_sha in index
    for name in ("01_overview", "02_coverage", "03_growth", "04_quality"):
        assert f'href="{name}.html"' in index
    assert index.count('class="ok">ok') == 4
    for package in ("pandas", "seaborn", "statsmodels", "papermill"):
        assert f"<td>{package}</td>" in index
    assert "Coverage: rates against targets and across regions" in index  # what the page shows
    assert index.count("Report built:") == 1


def test_quality_flags_csv(built):
    project, _, _ = built
    with (project / "reports/quality_flags.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:5] == FLAG_COLUMNS[:5]
    assert {r["indicator_id"] for r in rows} >= {
        "business_deputy_directors_dispatched",
        "provincial_key_clinical_specialties",
    }


def test_same_inputs_give_the_same_pages(built):
    project, _, snapshot = built
    for name, content in snapshot.items():
        assert (project / "reports" / name).read_bytes() == content, (
            f"{name} differs between two runs"
        )


def test_unchanged_inputs_are_not_run_again(built):
    project, _, _ = built
    warm = run(project)
    assert warm.returncode == 0
    assert warm.stdout.count("up to date, not run") == 4 and "running" not in warm.stdout


def test_warm_run_imports_only_the_standard_library(built):
    project, _, _ = built
    heavy = ("pandas", "numpy", "jinja2", "yaml", "nbformat", "nbconvert", "papermill")
    code = (
        "import sys; from zibo_analysis.cli import main; status = main(['report']); "
        f"print(status, sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r}))"
    )
    env = project_env(project)
    warm = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          cwd=project)  # fmt: skip
    assert warm.stdout.splitlines()[-1] == "0 []", warm.stdout + warm.stderr


def test_index_is_rewritten_only_when_what_it_shows_changed(tmp_path):
    from datetime import UTC, datetime

    record = {"name": "01_x", "title": "X", "status": "ok", "parameters": {}}
    out = report.OutputFolder.claim(tmp_path / "reports")
    index = report.write_index(out, "a" * 64, [record], now=datetime(2025, 1, 1, tzinfo=UTC))
    first = index.read_text(encoding="utf-8")
    report.write_index(out, "a" * 64, [record], now=datetime(2025, 2, 2, tzinfo=UTC))
    assert index.read_text(encoding="utf-8") == first and "2025-01-01 00:00 UTC" in first
    report.write_index(out, "b" * 64, [record], now=datetime(2025, 2, 2, tzinfo=UTC))
    assert "2025-02-02 00:00 UTC" in index.read_text(encoding="utf-8")


def test_index_template_ships_inside_the_package():
    from importlib.resources import files

    templates = files("zibo_analysis.report") / "templates"
    assert (templates / "index.html.j2").is_file()
    assert (templates / "stale_banner.html.j2").is_file()


# ------------------------------------------------------------ the failures --


@pytest.fixture
def small_project(tmp_path):
    project = make_project(tmp_path)
    small_notebook(
        project / "notebooks/01_steady.ipynb", 'greeting: str = "hello"', "print(greeting)"
    )
    small_notebook(project / "notebooks/02_broken.ipynb", "fail: bool = False",
                   'print("first cell fine")', 'if fail:\n    raise RuntimeError("broken on purpose")')  # fmt: skip
    return project


def test_failing_notebook_keeps_the_last_good_page(small_project):
    project = small_project
    assert run(project).returncode == 0
    good = body(project / "reports/02_broken.html")

    result = run(project, "-p", "fail", "true")
    assert result.returncode == 1
    assert (
        "02_broken: FAILED in cell" in result.stdout
        and "RuntimeError: broken on purpose" in result.stderr
    )
    assert "01_steady: up to date, not run" in result.stdout  # the other one completed (reused)
    page = body(project / "reports/02_broken.html")
    assert "Stale: this is the last good page" in page and "broken on purpose" in page
    start = page.index('\n<div id="zibo-stale-banner"')
    assert (
        page[:start] + page[page.index("</div>\n", start) + 7 :] == good
    )  # the old page, untouched
    assert (project / "reports/02_broken.failed.ipynb").exists()
    index = (project / "reports/index.html").read_text(encoding="utf-8")
    assert (
        "failed in cell 4" in index
        and "RuntimeError: broken on purpose" in index
        and "stale" in index
    )
    assert not list((project / "reports").glob(".*.tmp"))

    fixed = run(project)  # parameters back to their defaults: the page is rebuilt, the banner goes
    assert fixed.returncode == 0
    assert "zibo-stale-banner" not in body(project / "reports/02_broken.html")
    assert not (project / "reports/02_broken.failed.ipynb").exists()


def test_string_parameter_reaches_the_notebook_verbatim(small_project):
    value = "He said \"你好\"\nand 'bye'; a backslash \\ and {braces}"
    results = report.run_report(
        only=["01_steady"], overrides=[("greeting", value)], reports_dir=small_project / "reports",
        notebooks_dir=small_project / "notebooks", processed_dir=small_project / "data/processed", log=lambda _: None,
    )  # fmt: skip
    assert results[0].status == "ok"
    executed = nbformat.read(small_project / "reports/01_steady.ipynb", as_version=4)
    printed = "".join(
        o["text"]
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.get("name") == "stdout"
    )
    assert printed == value + "\n"


def test_unknown_parameter_lists_the_valid_names(small_project):
    result = run(small_project, "-p", "greting", "hi")
    assert result.returncode == 2
    assert (
        "-p greting: no notebook has this parameter; valid names: fail, greeting" in result.stderr
    )


def test_unknown_notebook(small_project):
    result = run(small_project, "--only", "c_missing")
    assert result.returncode == 2 and "choose from 01_steady, 02_broken" in result.stderr


def test_unknown_region_is_refused_before_running_with_the_valid_values(tmp_path):
    project = make_project(tmp_path, [ROOT / "notebooks/02_coverage.ipynb"])
    result = run(project, "-p", "regions", '["Nowhere"]')
    assert result.returncode == 2 and "running" not in result.stdout
    assert result.stderr == (
        'zibo-analysis: error: 02_coverage: regions: unknown region "Nowhere" '
        "(valid: Xuecheng, Zhangdian, Zibo, Zichuan)\n"
    )
    assert not (project / "reports/02_coverage.failed.ipynb").exists()


def test_every_bad_value_is_one_line_naming_notebook_and_parameter(tmp_path):
    project = make_project(tmp_path, sorted((ROOT / "notebooks").glob("*.ipynb")))
    result = run(
        project, "-p", "region", "Nowhere", "-p", "lang", "fr", "-p", "start", "2030-01-01",
        "-p", "end", "2025-12-31",
    )  # fmt: skip
    assert result.returncode == 2 and "running" not in result.stdout
    lines = result.stderr.splitlines()
    assert lines == [
        'zibo-analysis: error: 01_overview: region: unknown region "Nowhere" '
        "(valid: all, Xuecheng, Zhangdian, Zibo, Zichuan)",
        'zibo-analysis: error: 01_overview: lang: unknown language "fr" (valid: en, zh)',
        "zibo-analysis: error: 01_overview: start 2030-01-01 is after end 2025-12-31; swap them",
        'zibo-analysis: error: 02_coverage: lang: unknown language "fr" (valid: en, zh)',
        "zibo-analysis: error: 02_coverage: start 2030-01-01 is after end 2025-12-31; swap them",
        'zibo-analysis: error: 03_growth: region: unknown region "Nowhere" '
        "(valid: all, Xuecheng, Zhangdian, Zibo, Zichuan)",
        'zibo-analysis: error: 03_growth: lang: unknown language "fr" (valid: en, zh)',
        "zibo-analysis: error: 03_growth: start 2030-01-01 is after end 2025-12-31; swap them",
        'zibo-analysis: error: 04_quality: lang: unknown language "fr" (valid: en, zh)',
        "zibo-analysis: error: 04_quality: start 2030-01-01 is after end 2025-12-31; swap them",
    ]
    assert not (project / "reports").exists() or not list((project / "reports").glob("*.html"))


# ------------------------------------------------------------ the notebooks --


def _committed_notebooks() -> list[str]:
    """The notebooks git tracks (a notebook made in the lab and never added is not one)."""
    listed = subprocess.run(["git", "ls-files", "-z", "notebooks"], cwd=ROOT, capture_output=True)
    names = [n for n in listed.stdout.decode().split("\0") if n.endswith(".ipynb")]
    return names or sorted(f"notebooks/{p.name}" for p in (ROOT / "notebooks").glob("*.ipynb"))


def _committed_text(name: str) -> str:
    """What a commit would store: git's index, after the nbstripout filter; else the file."""
    staged = subprocess.run(["git", "show", f":{name}"], cwd=ROOT, capture_output=True)
    return staged.stdout.decode() if staged.returncode == 0 else (ROOT / name).read_text("utf-8")


@pytest.mark.parametrize("name", _committed_notebooks())
def test_notebook_is_committed_without_outputs(name):
    """Running and saving a notebook in the lab must not break this: the index is checked."""
    nb = json.loads(_committed_text(name))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"{name} has outputs"
    assert nb["metadata"]["kernelspec"]["name"] == "zibo-analysis"
    if re.match(r"notebooks/\d\d_", name):  # a report notebook: its title, then the parameters
        tags = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tags) == 1
        titles = nb["cells"][: nb["cells"].index(tags[0])]  # the title, a cell per language
        langs = [t for c in titles for t in c["metadata"].get("tags", []) if t.startswith("lang-")]
        assert len(titles) == 1 or len(titles) == len(set(langs)) == len(langs)
        assert all(
            c["cell_type"] == "markdown" and "".join(c["source"]).startswith("# ") for c in titles
        )


def test_notebook_names_cover_the_three_analyses():
    names = " ".join(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert all(word in names for word in ("coverage", "growth", "quality"))


def test_parameter_of_the_wrong_type_is_refused_before_running(small_project):
    result = run(small_project, "-p", "fail", '"yes"')
    assert result.returncode == 2 and "running" not in result.stdout
    assert (
        "-p fail '\"yes\"': the notebooks declare fail: bool; write it as JSON, e.g. -p fail true"
        in result.stderr
    )


def test_cache_key_covers_every_data_file_the_notebooks_read(tmp_path):
    project = make_project(tmp_path)
    before = report.inputs_checksum(project / "data/processed")
    regions = project / "data/regions.csv"
    regions.write_text(
        regions.read_text(encoding="utf-8").replace("淄川区", "淄川區"), encoding="utf-8"
    )
    assert report.inputs_checksum(project / "data/processed") != before
    assert report.data_checksum(project / "data/processed") == report.data_checksum(
        project / "data/processed"
    )


# ------------------------------------------------------ the --help examples --


def help_texts() -> dict[str, str]:
    """The --help text of the command and of each of its subcommands."""
    parser = build_parser()
    commands = re.search(r"\{(.+?)\}", parser.format_usage()).group(1).split(",")
    texts = {"zibo-analysis": parser.format_help()}
    for command in commands:
        with contextlib.redirect_stdout(io.StringIO()) as out, pytest.raises(SystemExit):
            parser.parse_args([command, "--help"])
        texts[command] = out.getvalue()
    return texts


def examples(text: str) -> list[str]:
    """The indented lines under "examples:" in a help text."""
    lines = text.splitlines()
    if "examples:" not in lines:
        return []
    block = itertools.takewhile(str.strip, lines[lines.index("examples:") + 1 :])
    return [line.strip() for line in block]


def readme_examples() -> list[str]:
    """The command lines of the README's ``sh`` blocks that call the project's command."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    lines = [ln.strip() for block in blocks for ln in block.splitlines()]
    return [ln.replace(".venv/bin/zibo-analysis", "zibo-analysis") for ln in lines
            if ".venv/bin/zibo-analysis" in ln]  # fmt: skip


def example_runner(project: Path):
    """A function that runs one example command line in ``project``, as a shell would."""
    define = (
        f'zibo-analysis() {{ "{sys.executable}" -m zibo_analysis.cli "$@"; }}; set -o pipefail; '
    )

    def runs(command: str) -> None:
        result = subprocess.run(["bash", "-c", define + command], cwd=project, capture_output=True,
                                text=True, env=project_env(project))  # fmt: skip
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"

    return runs


def help_examples() -> tuple[dict[str, str], list[str]]:
    texts = help_texts()
    return texts, [example for text in texts.values() for example in examples(text)]


def test_every_help_example_runs(built, tmp_path):
    """Each example of each command's --help, in order, in one copy of the project (later
    runs reuse unchanged pages)."""
    texts, commands = help_examples()
    assert len(commands) >= 5 and any("--params-file" in c for c in commands)
    project = Path(shutil.copytree(built_zh_report(), tmp_path / "project"))  # reports-zh too
    report_help = texts["report"].splitlines()  # the parameters file the help shows
    shown = report_help[report_help.index("-p wins over the file. For example:") + 1 :]
    yaml_lines = itertools.takewhile(str.strip, shown)
    (project / "params.yaml").write_text("\n".join(ln[2:] for ln in yaml_lines) + "\n")
    runs = example_runner(project)
    for command in commands:
        runs(command)
    params = json.loads((project / "reports-zh/.cache/03_growth.json").read_text())["parameters"]
    assert params == {"lang": "zh", "region": "Zibo", "projection_level": 200}


def test_every_readme_example_runs(built, tmp_path):
    """Each command line of the README that no --help shows, in order, in a copy of the
    project."""
    from_readme = readme_examples()
    assert len(from_readme) >= 8 and any("--list-params" in c for c in from_readme)
    shown = help_examples()[1]
    project = Path(shutil.copytree(built_zh_report(), tmp_path / "project"))
    runs = example_runner(project)
    for command in from_readme:
        if command.split("#")[0].strip() not in shown:
            runs(command)
