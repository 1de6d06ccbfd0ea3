"""A worker's kernel is reused for the next notebook: the report's notebooks, run one after
another in one kernel as a run's workers run them, each start from the same state.

The state compared is what one notebook could leave for the next: the variables of the
namespace, matplotlib's settings, the formatters IPython shows outputs with, open figures,
and the module-level containers of the library (its dicts, lists and sets; a cache of a pure
function, ``functools.lru_cache``, changes no result and is not compared).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from zibo_analysis.report import run
from zibo_analysis.report.notebooks import notebooks

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out

ROOT = Path(__file__).resolve().parents[1]
# Defined in the kernel, called, and gone again at the next set-up (its name starts with _).
STATE = """\
def _zibo_state():
    import hashlib, json, sys
    import matplotlib, matplotlib.pyplot as plt
    shell = get_ipython()
    def digest(value):
        return hashlib.sha256(repr(value).encode()).hexdigest()[:16]
    hidden = set(shell.user_ns_hidden)
    variables = sorted(k for k in shell.user_ns if not k.startswith("_") and k not in hidden)
    formatters = {mime: sorted(f"{t.__module__}.{t.__qualname__}: {getattr(p, '__qualname__', type(p).__name__)}"
                               for t, p in f.type_printers.items())
                  for mime, f in shell.display_formatter.formatters.items()}
    library = {name: digest(sorted((k, repr(v)) for k, v in vars(module).items()
                                   if isinstance(v, (dict, list, set)) and not k.startswith("__")))
               for name, module in sorted(sys.modules.items()) if name.startswith("zibo_analysis")}
    return json.dumps({"variables": variables, "formatters": formatters, "figures": plt.get_fignums(),
                       "rcParams": digest(sorted((k, repr(v)) for k, v in matplotlib.rcParams.items())),
                       "library": library})
"""


def state() -> dict:
    reply = run._client().execute(STATE, silent=False, store_history=False, reply=True, timeout=60,
                                  user_expressions={"state": "_zibo_state()"})  # fmt: skip
    found = reply["content"]["user_expressions"]["state"]
    assert found["status"] == "ok", found
    return json.loads(ast.literal_eval(found["data"]["text/plain"]))  # the repr of a str


@pytest.fixture
def worker(tmp_path):
    """This process as a report worker: the kernel it starts, in the notebooks' folder."""
    run._Worker.kernels, run._Worker.cwd = tmp_path / "kernels", str(ROOT / "notebooks")
    run._Worker.kernels.mkdir()
    yield tmp_path
    run._shut_kernel()
    assert list(run._Worker.kernels.iterdir()) == []  # its pid was recorded while it lived


def test_each_notebook_starts_in_a_reused_kernel_as_the_first_did(worker):
    books = notebooks(None, ROOT / "notebooks")
    run._client().execute(
        run.warm_up(books), silent=True, store_history=False, reply=True, timeout=120
    )
    states = []
    for book in books:
        run._silently(run.SETUP.format(data=str(worker / "data" / book.stem), output=True))
        states.append(state())
        outcome = run.execute(
            str(book), str(worker / f"{book.stem}.ipynb"), {}, str(worker / "data" / book.stem)
        )
        assert outcome["ok"], outcome
        assert (worker / "data" / book.stem).is_dir()  # it wrote its tables and figures there
    first = states[0]
    assert first["variables"] == [] and first["figures"] == []
    assert first["formatters"]["image/png"] == ["matplotlib.figure.Figure: ReportOutput.figure"]
    assert (
        "zibo_analysis.plots.tables.Table: ReportOutput.table" in first["formatters"]["text/html"]
    )
    for book, later in zip(books[1:], states[1:], strict=True):
        # a module first imported by an earlier notebook is no state of its own: compare the
        # modules both had
        shared = first["library"].keys() & later["library"].keys()
        assert {k: later["library"][k] for k in shared} == {
            k: first["library"][k] for k in shared
        }, book.stem
        assert {**later, "library": None} == {**first, "library": None}, book.stem


def test_a_notebook_of_the_standard_library_alone_imports_no_plotting_and_one_that_plots_keeps_its_figure(
    tmp_path,
):
    from test_report import make_project, small_notebook
    from test_report import run as run_report

    project = make_project(tmp_path / "project")
    probe = (
        'import sys\nprint("loaded:", [m for m in ("matplotlib", "pandas") if m in sys.modules])'
    )
    small_notebook(project / "notebooks/01_plain.ipynb", "n: int = 1", probe)
    result = run_report(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "loaded: []" in (project / "reports/01_plain.html").read_text(encoding="utf-8")

    small_notebook(project / "notebooks/02_plots.ipynb", "n: int = 1",
                   "import matplotlib.pyplot as plt\nfig = plt.figure(figsize=(2, 2))\n"
                   "plt.plot([0, n], [0, n])")  # fmt: skip
    result = run_report(project)
    assert result.returncode == 0, result.stdout + result.stderr
    figures = sorted(p.name for p in (project / "reports/data/02_plots").glob("figure-*"))
    assert figures == ["figure-1.png", "figure-1.svg"]  # shown through the run's ReportOutput


def test_shows_output_reads_the_imports_of_every_code_cell(tmp_path):
    def notebook(*sources: str) -> Path:
        path = tmp_path / f"n{len(list(tmp_path.iterdir()))}.ipynb"
        cells = [{"cell_type": "code", "source": [s]} for s in sources]
        path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
        return path

    assert run.shows_output(notebook("import json, time", "from pathlib import Path")) is False
    assert run.shows_output(notebook("import json", "import pandas as pd")) is True
    assert run.shows_output(notebook("from zibo_analysis import dataset")) is True
    assert run.shows_output(notebook("%matplotlib inline")) is True  # a magic may load anything
    assert run.shows_output(tmp_path / "missing.ipynb") is True
