"""Bytecode for what a command imports, compiled once when the environment is set up.

``pip install`` and ``uv pip install --compile-bytecode`` compile every module of every
installed package (7,400 files for the runtime alone), though a report imports 2,900 of them.
The Makefile compiles only those, after installing a lock::

    python -m zibo_analysis.bytecode report    # make data, make report, its kernels
    python -m zibo_analysis.bytecode tests     # make test: pytest and what tests/ imports

``report`` compiles, on every processor, the files ``bytecode.lock`` names (relative to
site-packages) and the project's own modules; ``make lock`` writes that list (``record``)
by importing what a report imports, process by process, and noting the files. ``tests``
imports what the test files import, with bytecode writing on (the test tools are not timed).

Where ``PYTHONDONTWRITEBYTECODE`` is set, no process would ever write the bytecode and each
would compile what it imports again, every run; this writes it all the same. A module
left out (another Python's, a version the list does not know) is compiled the first time
it is imported, as without this step.

A set-up tool, run on its own: it imports what the commands import (`zibo_analysis.cli`, the
report's runner and notebooks), so it stands above them all and no module imports it.
"""

from __future__ import annotations

import ast
import importlib
import os
import py_compile
import sys
import sysconfig
import warnings
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from zibo_analysis.config import NOTEBOOKS_DIR, ROOT
from zibo_analysis.report.run import WARM_DEFERRED, notebook_imports

# What a report run imports besides the notebooks' own imports, process by process; the
# modules imported only on first use (pandera's checks, the kernel's debugger, PIL's plugins)
# are named too: a report run after this step compiled 185 more modules before they were.
REPORT_MODULES = (
    # `zibo-analysis data` and the report's parent: the build, pages, fonts, data package
    "zibo_analysis.cli",
    "zibo_analysis.dataset",
    "zibo_analysis.report.build",
    "zibo_analysis.report.pages",
    "zibo_analysis.report.index",
    "zibo_analysis.report.banner",
    "zibo_analysis.report.flags",
    "zibo_analysis.report.removals",
    "zibo_analysis.report.templates",
    "zibo_analysis.report.sources",
    "zibo_analysis.report.fonts",
    "zibo_analysis.report.datapackage",
    "nbconvert.exporters.html",
    "fontTools.subset",
    "fontTools.ttLib.woff2",
    "fontTools.ttLib.tables.O_S_2f_2",
    "fontTools.ttLib.tables._h_h_e_a",
    "fontTools.cffLib.transforms",
    "brotli",
    "jinja2.ext",
    "mistune.plugins.def_list",
    "mistune.plugins.task_lists",
    "mistune.plugins.url",
    "pandera.backends.pandas.register",
    "pandera.backends.pandas.container",
    "pandera.backends.pandas.components",
    "pandera.backends.pandas.array",
    "pandera.backends.pandas.parsers",
    "pandera.accessors.pandas_accessor",
    "pandera.api.geopandas.container",
    "pandera.backends.register_checks",
    "pandera.backends.pandas.builtin_checks",
    "pandera.backends.pandas.builtin_hypotheses",
    "pandas.io.formats.string",
    "pandas.core.reshape.reshape",
    "pandas.core.methods.to_dict",
    # each worker
    "papermill",
    "papermill.engines",
    "jupyter_client.manager",
    "jupyter_client.blocking",
    "chardet",
    "chardet.pipeline.binary",
    "chardet.pipeline.bom",
    # each kernel, before the notebooks' imports; figures as PNG and SVG
    "ipykernel_launcher",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "IPython.core.debugger",
    "IPython.core.completerlib",
    "IPython.core.oinspect",
    "IPython.core.logger",
    "IPython.extensions.storemagic",
    "tornado.platform.asyncio",
    "zmq.utils.garbage",
    "matplotlib_inline.backend_inline",
    "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_svg",
    "mplfonts",
    "PIL.PngImagePlugin",
    "PIL.BmpImagePlugin",
    "PIL.GifImagePlugin",
    "PIL.JpegImagePlugin",
    "PIL.PpmImagePlugin",
)


def report_modules(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[str]:
    """The modules a report run imports: its processes' own, the notebooks', and what the
    project's modules import on first use (``DEFERRED_IMPORTS``)."""
    notebooks = sorted(notebooks_dir.glob("*.ipynb"))
    return list(dict.fromkeys([*REPORT_MODULES, *notebook_imports(notebooks)]))


def modules_for_tests(tests_dir: Path) -> list[str]:
    """pytest with its built-in plugins, and every module the files of ``tests_dir`` import
    anywhere (inside functions too, and ``pytest.importorskip("name")``).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "test_a.py").write_text("def f():\\n    import json\\n    pytest.importorskip('csv')")
    >>> [m for m in modules_for_tests(folder) if not m.startswith(("pytest", "_pytest"))]
    ['json', 'csv']
    """
    from _pytest.config import default_plugins

    modules = ["pytest", *(f"_pytest.{name}" for name in default_plugins)]
    for path in sorted(tests_dir.rglob("*.py")):
        modules.extend(_imports_anywhere(path.read_text(encoding="utf-8")))
    return list(dict.fromkeys(modules))


def _imports_anywhere(source: str) -> list[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    modules: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.append(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", None) == "importorskip"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            modules.append(node.args[0].value)
    return modules


def compile_imports(modules: Iterable[str]) -> int:
    """Import each module with bytecode writing on (one that fails to import is skipped),
    then what the project's imported modules declare in ``DEFERRED_IMPORTS``; the number
    of modules loaded in all."""
    sys.dont_write_bytecode = False
    before = len(sys.modules)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in modules:
            _try_import(name)
        exec(WARM_DEFERRED, {})  # as a report's kernel does after the notebooks' imports
    return len(sys.modules) - before


def _try_import(name: str) -> None:
    try:
        importlib.import_module(name)
    except Exception:  # noqa: BLE001 - not a module, or one this command never imports
        pass


BYTECODE_LOCK = ROOT / "bytecode.lock"
LOCK_HEADER = """\
# The files a report run imports (make data, make report, its workers and kernels), relative
# to site-packages: `make venv` compiles them to bytecode. Written by `make lock`
# (python -m zibo_analysis.bytecode record bytecode.lock); do not edit.
"""


def site_packages() -> list[Path]:
    """The folders third-party modules are installed in, in this environment."""
    paths = sysconfig.get_paths()
    return list(dict.fromkeys(Path(paths[k]) for k in ("purelib", "platlib")))


def record(modules: Iterable[str], lock: Path = ROOT / "requirements.lock") -> list[str]:
    """Import ``modules`` (and what they defer) and list the files of every module then
    loaded from site-packages, relative to it, sorted; only the distributions ``lock`` pins
    (a library imported only because a development tool is installed is left out)."""
    from importlib.metadata import packages_distributions

    compile_imports(modules)
    pinned = {
        _normal(line.split("==")[0])
        for line in lock.read_text().splitlines()
        if "==" in line and not line.startswith((" ", "#"))
    }
    owners = packages_distributions()
    roots = [root.resolve() for root in site_packages()]
    found = set()
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if not path or not path.endswith(".py"):
            continue
        for root in roots:
            try:
                relative = Path(path).resolve().relative_to(root)
            except ValueError:
                continue
            top = relative.parts[0].removesuffix(".py")
            if any(_normal(d) in pinned for d in owners.get(top, [])):
                found.add(relative.as_posix())
    return sorted(found)


def _normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-").strip()


def listed_files(lock: Path = BYTECODE_LOCK) -> list[Path]:
    """The files ``lock`` names that exist here, under this environment's site-packages."""
    names = [
        n for n in lock.read_text(encoding="utf-8").splitlines() if n and not n.startswith("#")
    ]
    found = []
    for root in site_packages():
        found += [root / n for n in names if (root / n).is_file()]
    return list(dict.fromkeys(found))


def rewrite_tests(tests_dir: Path) -> None:
    """Cache pytest's rewritten test modules (its assertion rewriting) as bytecode, by
    collecting the tests once with bytecode writing on: otherwise, where
    PYTHONDONTWRITEBYTECODE is set, every pytest process rewrites and compiles every test
    module again (2.6 s of each worker's collection, measured: 6.9 s against 4.2 s)."""
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run([*command, str(tests_dir)], env=env, cwd=tests_dir.parent, check=False, **quiet)


def compile_files(paths: Iterable[Path], jobs: int | None = None) -> int:
    """Compile ``paths`` to bytecode where imports look for it, in ``jobs`` processes (the
    processors, by default); the number compiled."""
    paths = [str(p) for p in paths]
    with ProcessPoolExecutor(jobs or os.cpu_count() or 1) as pool:
        return sum(pool.map(_compile, paths, chunksize=max(1, len(paths) // 64)))


def _compile(path: str) -> bool:
    try:
        return py_compile.compile(path, doraise=True, quiet=2) is not None
    except py_compile.PyCompileError:
        return False


def main(argv: list[str] | None = None) -> None:
    """``report``, ``tests``, or ``record FILE`` (see the module's docstring)."""
    which = (argv if argv is not None else sys.argv[1:]) or ["report"]
    # the kernel's debugger (pydevd) warns about frozen modules when imported; here it is
    # only being compiled
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    if which[0] == "record" and len(which) == 2:
        listed = record(report_modules())
        Path(which[1]).write_text(LOCK_HEADER + "\n".join(listed) + "\n", encoding="utf-8")
        print(f"bytecode: {which[1]} lists the {len(listed)} files a report imports")
        return
    for name in which:
        if name == "report" and BYTECODE_LOCK.exists():
            own = sorted(Path(__file__).resolve().parents[1].rglob("*.py"))
            done = compile_files([*listed_files(), *own])
            print(f"bytecode: compiled what make data and make report import ({done} files)")
        elif name in ("report", "tests"):
            modules = report_modules() if name == "report" else modules_for_tests(ROOT / "tests")
            loaded = compile_imports(modules)
            command = "make data and make report" if name == "report" else "make test"
            print(f"bytecode: compiled what {command} import ({loaded} modules)")
            if name == "tests":
                rewrite_tests(ROOT / "tests")
        else:
            raise SystemExit(
                f"bytecode: unknown command {name!r}; use report, tests or record FILE"
            )


if __name__ == "__main__":
    main()
