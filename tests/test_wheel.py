"""The helper library outside the repo: a wheel, installed in a fresh venv, used elsewhere.

The wheel is built from a copy of the checkout (so nothing here writes into it), installed
without dependencies into a venv that sees this interpreter's site-packages for them, and
used from a folder outside both, with PYTHONPATH and ZIBO_ANALYSIS_ROOT unset.
"""

from __future__ import annotations

import inspect
import json
import os
import runpy
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from zibo_analysis import config
from zibo_analysis.dataset import (
    load_catalog,
    load_indicators,
    load_reference,
    load_regions,
    load_sources,
)

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out

ROOT = Path(__file__).resolve().parents[1]
SETUP = runpy.run_path(str(ROOT / "setup.py"), run_name="setup")  # the build hook, not setup()
INDICATORS = ROOT / "data/processed/indicators.csv"
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "reports", "__pycache__", "*.egg-info", ".*_cache",
    ".hypothesis", ".ipynb_checkpoints",
)  # fmt: skip

# runs inside the temporary venv, from a folder outside the repo and the venv
USE_IT = """
import json, sys
from pathlib import Path
import zibo_analysis
from zibo_analysis import config
from zibo_analysis.quantities import find_quantities
from zibo_analysis.dataset import (load_catalog, load_indicators, load_reference, load_regions,
                                   load_sources)

out = Path(sys.argv[1])
for name, load in [("indicators", load_indicators), ("catalog", load_catalog),
                   ("regions", load_regions), ("sources", load_sources),
                   ("reference", load_reference)]:
    load().to_csv(out / f"{name}.csv", index=False)
q = find_quantities("派出353名名医专家")[0]
print(json.dumps({
    "file": zibo_analysis.__file__,
    "in_checkout": config.IN_CHECKOUT,
    "paths": {k: str(v) for k, v in vars(config).items() if isinstance(v, Path)},
    "quantity": [q.value, q.unit, q.text],
}))
"""


def tool(name: str) -> str | None:
    """A command from this interpreter's venv (the Makefile installs uv there), or the PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def copy_project(dest: Path) -> Path:
    """The checkout as a build sees it: sources, data (built) and build settings."""
    shutil.copytree(ROOT, dest, ignore=NOT_COPIED)
    return dest


def build_wheel(project: Path, out: Path) -> subprocess.CompletedProcess:
    """`uv build --wheel` (isolated, setuptools from uv's cache), or `pip wheel` without uv."""
    uv = tool("uv")
    command = (
        [uv, "build", "--wheel", "--out-dir", str(out), str(project)]
        if uv
        else [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(project)]
    )
    return subprocess.run(command, capture_output=True, text=True, cwd=project)


def install(wheel: Path, venv: Path) -> Path:
    """A venv holding only the wheel; the dependencies come from this interpreter's venv."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin/python"
    site = Path(
        subprocess.check_output(
            [python, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    ours = sysconfig.get_paths()
    # plain paths in a .pth: added to sys.path after the venv's own, their .pth files unread
    # (so the editable install of the checkout in this venv stays out)
    (site / "_dependencies.pth").write_text(f"{ours['purelib']}\n{ours['platlib']}\n")
    uv = tool("uv")
    command = (
        [uv, "pip", "install", "--no-deps", "--python", str(python), str(wheel)]
        if uv
        else [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", str(wheel)]
    )  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("wheel")
    done = build_wheel(copy_project(base / "project"), base / "dist")
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = (base / "dist").glob("zibo_analysis-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory) -> tuple[Path, dict, Path]:
    """The venv's site-packages, what the script printed there, and the tables it wrote."""
    base = tmp_path_factory.mktemp("installed")
    site = install(built, base / "venv")
    elsewhere, tables = base / "elsewhere", base / "tables"
    elsewhere.mkdir()
    tables.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ZIBO_ANALYSIS_ROOT")}
    done = subprocess.run(
        [base / "venv/bin/python", "-I", "-c", USE_IT, str(tables)],
        capture_output=True, text=True, cwd=elsewhere, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return site, json.loads(done.stdout), tables


def test_wheel_ships_the_package_and_the_built_dataset(built):
    with zipfile.ZipFile(built) as wheel:
        names = wheel.namelist()
        shipped = wheel.read("zibo_analysis/_data/processed/indicators.csv")
    dist_info = built.name.split("-py3")[0] + ".dist-info"
    assert {n.split("/")[0] for n in names} == {"zibo_analysis", dist_info}
    assert shipped == INDICATORS.read_bytes()
    for name in (
        "catalog.csv",
        "regions.csv",
        "curation.csv",
        "raw/sources.csv",
        "reference/indicators.csv",
        "reference/synonyms.csv",
    ):
        assert f"zibo_analysis/_data/{name}" in names
    assert not any("__pycache__" in n for n in names)


def test_installed_package_is_the_one_imported_from_elsewhere(installed):
    site, seen, _ = installed
    assert Path(seen["file"]).resolve() == (site / "zibo_analysis/__init__.py").resolve()
    assert seen["in_checkout"] is False


def test_find_quantities_works_installed(installed):
    _, seen, _ = installed
    assert seen["quantity"] == [353, "名", "353名"]


def test_installed_paths_stay_inside_the_package(installed):
    site, seen, _ = installed
    package = (site / "zibo_analysis").resolve()
    paths = {name: Path(path).resolve() for name, path in seen["paths"].items()}
    outside = {name: path for name, path in paths.items() if not path.is_relative_to(package)}
    assert not outside, f"config paths outside {package}: {outside}"
    assert Path(seen["paths"]["PROCESSED_DIR"]).is_relative_to(package / "_data")


IN_THE_REPO = {
    "indicators": lambda: load_indicators(INDICATORS),
    "catalog": lambda: load_catalog(ROOT / "data/catalog.csv"),
    "regions": lambda: load_regions(ROOT / "data/regions.csv"),
    "sources": lambda: load_sources(ROOT / "data/raw/sources.csv"),
    "reference": lambda: load_reference(ROOT / "data/reference/indicators.csv"),
}


@pytest.mark.parametrize("name", IN_THE_REPO)
def test_installed_loaders_return_the_repos_data(installed, name):
    _, _, tables = installed
    elsewhere = (tables / f"{name}.csv").read_text(encoding="utf-8")
    assert elsewhere == IN_THE_REPO[name]().to_csv(index=False)
    assert elsewhere.count("\n") > 1


def test_in_the_repo_the_loaders_read_data_processed():
    assert config.IN_CHECKOUT
    assert config.PROCESSED_DIR.resolve() == (ROOT / "data/processed").resolve()
    default = inspect.signature(load_indicators).parameters["path"].default
    assert default.resolve() == INDICATORS.resolve()


def test_an_install_beside_a_project_is_not_a_checkout(tmp_path):
    """`pip install --target vendor` inside an analyst's project: the project is not ours."""
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "data").mkdir()
    assert config.checkout_root(tmp_path / "vendor/zibo_analysis", {}) is None
    assert config.checkout_root(tmp_path / "src/zibo_analysis", {}) == tmp_path


def test_wheel_refuses_a_stale_dataset(tmp_path):
    project = copy_project(tmp_path / "project")
    with (project / "data/ignored.csv").open("a", encoding="utf-8") as ignored:
        ignored.write("\n")
    done = build_wheel(project, tmp_path / "dist")
    said = done.stdout + done.stderr
    assert done.returncode != 0
    assert "data/ignored.csv changed since data/processed/indicators.csv was built" in said
    assert "run `make data`" in said
    assert not list((tmp_path / "dist").glob("*.whl"))


def test_wheel_refuses_a_missing_dataset(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "data/processed")
    with pytest.raises(SETUP["DatasetNotReady"], match="indicators.csv is not built; run `make"):
        SETUP["dataset_files"](project)


@pytest.mark.parametrize(
    "change, problem",
    [
        (lambda p: (p / "data/raw/005_new.txt").write_text("新"), "data/raw/005_new.txt appeared"),
        (lambda p: (p / "data/regions.csv").unlink(), "data/regions.csv disappeared"),
        (lambda p: (p / "data/processed/indicators.csv").write_text(""), "does not match its build.json"),
    ],
    ids=["new-article", "removed-input", "edited-output"],
)  # fmt: skip
def test_wheel_refuses_a_dataset_other_than_its_inputs(tmp_path, change, problem):
    project = copy_project(tmp_path / "project")
    change(project)
    with pytest.raises(SETUP["DatasetNotReady"], match=problem):
        SETUP["dataset_files"](project)


def test_the_built_dataset_passes_the_checks_and_ships_its_inputs():
    shipped = set(SETUP["dataset_files"](ROOT))
    assert {"data/processed/indicators.csv", "data/catalog.csv", "data/raw/sources.csv"} <= shipped
    assert {"data/reference/indicators.csv", "data/reference/synonyms.csv"} <= shipped
    assert all((ROOT / name).is_file() for name in shipped)


CHECK_IT = """
import sys
sys.path.insert(0, sys.argv[1])
import zibo_analysis
from zibo_analysis.dataset import DataMismatch, load_indicators

assert zibo_analysis.__file__.startswith(sys.argv[1]), zibo_analysis.__file__
try:
    load_indicators()
except DataMismatch as err:
    print(err)
else:
    print("loaded")
"""


@pytest.mark.parametrize("damage", ["truncated", "edited"])
def test_the_installed_dataset_is_checked_against_its_shipped_checksum(installed, tmp_path, damage):
    site, _, _ = installed
    copy = tmp_path / "site"
    shutil.copytree(site / "zibo_analysis", copy / "zibo_analysis")
    table = copy / "zibo_analysis/_data/processed/indicators.csv"
    content = table.read_bytes()
    if damage == "truncated":
        table.write_bytes(content[: len(content) * 6 // 10])
    else:
        header, first, rest = content.split(b"\n", 2)
        value = first.split(b",")[header.split(b",").index(b"value")]
        table.write_bytes(
            b"\n".join(
                [header, first.replace(b"," + value + b",", b"," + value + b"000,", 1), rest]
            )
        )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ZIBO_ANALYSIS_ROOT")}
    done = subprocess.run([site.parents[2] / "bin/python", "-I", "-c", CHECK_IT, str(copy)],
                          capture_output=True, text=True, cwd=tmp_path, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{table} is not the table its build.json describes")
    assert "it was truncated or edited; reinstall zibo-analysis" in done.stdout
