"""Running notebooks: the project's kernel, papermill in workers, and stopping all of it at
once on Ctrl-C or SIGTERM.

A run holds the output folder's lock (see `folder`) for as long as it runs. Each notebook runs
with papermill in a process of a spawn-started pool; the parent process only waits for
outcomes and exports pages. Workers ignore SIGINT (Ctrl-C reaches the whole foreground
process group): the parent alone handles signals, and on one kills the workers and the
kernels they started (each kernel runs in a session of its own, so its pid is recorded
in the run's work folder while it lives). A parent killed outright (SIGKILL) cannot do
that; its workers notice it is gone, kill the kernels and end.
"""

from __future__ import annotations

import ast
import atexit
import json
import os
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import active_children, get_context
from pathlib import Path

from zibo_analysis.report.common import KERNEL_NAME
from zibo_analysis.signals import SIGNALS, uninterrupted


def ensure_kernel() -> None:
    """Register the project's kernel from this environment when it is missing or points elsewhere."""
    spec = Path(sys.prefix) / "share/jupyter/kernels" / KERNEL_NAME / "kernel.json"
    if spec.exists():
        argv = json.loads(spec.read_text()).get("argv", [])
        if argv and Path(argv[0]).resolve() == Path(sys.executable).resolve():
            return
    from ipykernel.kernelspec import install

    install(kernel_name=KERNEL_NAME, display_name="Python (zibo-analysis)", prefix=sys.prefix)


class NotebookPool:
    """Worker processes running notebooks with papermill, ``jobs`` at a time.

    Each worker starts its kernel (in ``cwd``, reading the checkout at ``root``: the run's
    snapshot of the data) as soon as it starts, has it import the
    modules the notebooks import (``warm``, Python code) while papermill is imported, and
    runs every notebook it is given in that kernel, its namespace and counts reset in
    between: starting a kernel and importing pandas, matplotlib and seaborn into it costs
    seconds every time. Leaving the block normally waits for the workers, which shut
    their kernels down; leaving it on an exception (an interrupt included) kills the
    workers and their kernels at once and waits for nothing.
    """

    def __init__(self, jobs: int, work: Path, cwd: Path, warm: str = "", root: Path | None = None):
        self.kernels = work / "kernels"  # one empty file per live kernel, named by its pid
        self.kernels.mkdir(exist_ok=True)
        # The pool's workers are the children this process starts from now on (the pool
        # names them only in a private attribute): those alive before are not its own.
        self._others = {child.pid for child in active_children()}
        with uninterrupted():  # starts the resource tracker
            self._pool = ProcessPoolExecutor(
                max_workers=max(1, jobs),
                mp_context=get_context("spawn"),
                initializer=_start_worker,
                initargs=(os.getpid(), str(self.kernels), str(cwd), warm, str(root or "")),
            )

    def submit(self, notebook: Path, output: Path, parameters: dict, data: Path) -> Future:
        """Run ``notebook`` into ``output``; the future's result is an outcome (see `execute`).
        Tables and figures the notebook shows are written under ``data`` as it runs."""
        # Submitting may start a worker; a signal in the middle of that would leave one
        # that is neither killed nor able to start (it prints a traceback).
        with uninterrupted():
            return self._pool.submit(execute, str(notebook), str(output), parameters, str(data))

    def __enter__(self) -> NotebookPool:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self._pool.shutdown(wait=True)
        else:
            self.kill()

    def kill(self) -> None:
        """Kill the workers, then the kernels they started, and let the pool go."""
        workers = [child for child in active_children() if child.pid not in self._others]
        for worker in workers:
            _kill(worker.pid, group=False)
        for worker in workers:
            worker.join(timeout=1)
        _kill_kernels(self.kernels)
        self._pool.shutdown(wait=True, cancel_futures=True)


def _kill(pid: int, group: bool) -> None:
    try:
        (os.killpg if group else os.kill)(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _kill_kernels(kernels: Path) -> None:
    for pidfile in kernels.iterdir():
        if pidfile.name.isdigit():
            _kill(int(pidfile.name), group=True)  # the kernel leads its own session


class _Worker:
    """What a worker process keeps between notebooks: where kernels are recorded, the
    folder notebooks run in, its kernel and a client of it once started."""

    kernels: Path
    cwd: str
    km = None
    client = None
    pidfile: Path | None = None


def _start_worker(parent: int, kernels: str, cwd: str, warm: str, root: str = "") -> None:
    """In each worker: leave Ctrl-C to the parent, keep the kernel off its stdout, end
    (with the kernel) when the parent is gone without stopping it (SIGKILL); then start
    the kernel and have it import what the notebooks import."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)  # held back while it was started
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    # The kernel inherits this worker's stderr: its start-up chatter goes to a log file
    # in the work folder, so that the progress lines stay readable.
    log = os.open(
        Path(kernels).parent / f"worker-{os.getpid()}.log", os.O_WRONLY | os.O_CREAT, 0o600
    )
    os.dup2(log, 2)
    os.close(log)
    # A backend forced from the shell (MPLBACKEND=Agg) would stop the kernel's inline
    # figures from reaching the page.
    os.environ.pop("MPLBACKEND", None)
    if root:  # the kernel reads the data of the run's snapshot (zibo_analysis.config)
        os.environ["ZIBO_ANALYSIS_ROOT"] = root
    _Worker.kernels, _Worker.cwd = Path(kernels), cwd
    atexit.register(_shut_kernel)
    threading.Thread(target=_end_with, args=(parent, Path(kernels)), daemon=True).start()
    try:  # a kernel that does not start is reported by the notebook that needs it
        _client().execute(warm, silent=True, store_history=False)
    except Exception:
        _shut_kernel()


def _end_with(parent: int, kernels: Path) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    _kill_kernels(kernels)
    os._exit(1)


def notebook_imports(notebooks: list[Path]) -> list[str]:
    """The modules the notebooks' code cells import at their top level, in order, each once
    (``from a import b`` gives ``a`` and ``a.b``: b may be a module). A cell that is not
    Python (a magic) is skipped.

    >>> import tempfile
    >>> cell = {"cell_type": "code", "source": ["from zibo_analysis import plots\\nimport json"]}
    >>> nb = Path(tempfile.mkdtemp()) / "01_x.ipynb"
    >>> _ = nb.write_text(json.dumps({"cells": [cell]}))
    >>> notebook_imports([nb])
    ['zibo_analysis', 'zibo_analysis.plots', 'json']
    """
    modules: dict[str, None] = {}
    for notebook in notebooks:
        try:
            cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            continue
        for cell in cells:
            if cell.get("cell_type") == "code":
                modules.update(dict.fromkeys(top_level_imports("".join(cell.get("source", "")))))
    return list(modules)


def top_level_imports(source: str) -> list[str]:
    """The modules Python ``source`` imports at its top level ([] if it is not Python).

    >>> top_level_imports("import a.b as c\\nfrom d import e\\nfrom . import f")
    ['a.b', 'd', 'd.e']
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:  # magics, or a cell that fails anyway
        return []
    modules: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            modules.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.append(node.module)
            modules.extend(f"{node.module}.{a.name}" for a in node.names)
    return modules


# After the notebooks' imports, a kernel imports what the project's modules import only on
# first use and declare in DEFERRED_IMPORTS (scipy.special for the trend fits' Student's t,
# imported otherwise in a notebook's first fit). Then what those imports made (some
# million objects, modules and their functions, that live as long as the kernel) is moved
# out of the garbage collector's sight (`gc.freeze`): each collection the notebooks cause
# then scans what they make, not everything imported (the growth notebook took 1.39 s of
# processor time without it and 1.20-1.30 s with it, in one process, load 3.5).
WARM_DEFERRED = """\
def _warm_deferred():
    import gc, sys
    for module in [m for n, m in list(sys.modules.items()) if n.startswith("zibo_analysis")]:
        for name in getattr(module, "DEFERRED_IMPORTS", ()):
            try:
                __import__(name)
            except Exception:
                pass
    gc.collect()
    gc.freeze()
_warm_deferred()
del _warm_deferred"""


def warm_up(notebooks: list[Path]) -> str:
    """Code that imports the modules the notebooks' code cells import at their top level
    (each in its own try: a name that is not a module is left to the notebook), then the
    modules those declare they import on first use (``DEFERRED_IMPORTS``)."""
    lines = [
        f"try:\n    __import__({m!r})\nexcept Exception:\n    pass"
        for m in notebook_imports(notebooks)
    ]
    return "\n".join([*lines, WARM_DEFERRED])


KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False", "--IPCompleter.use_jedi=False"]
# Run silently in the worker's kernel before each notebook, so that a notebook starts as in
# a kernel of its own (`tests/test_report_kernels.py` runs the report's notebooks one after
# another in one kernel and finds the same state before each): a new history session, an
# empty namespace and execution counts from 1; no figure left open; matplotlib's settings
# as the kernel started with them; and the notebook's own `plots.output.ReportOutput`,
# installed as how IPython shows figures and tables: the folder for its tables and figures.
# A kernel that has not imported matplotlib has nothing of it to reset, and a notebook that
# imports only the standard library shows no figure or table: importing `plots` (pandas,
# matplotlib, seaborn: 1.2 s of processor time) is left out for it, unless an earlier
# notebook of the kernel installed one, which is then replaced by this notebook's.
SETUP = """\
get_ipython().reset(new_session=True)
if "matplotlib.pyplot" in __import__("sys").modules:
    __import__("matplotlib.pyplot").pyplot.close("all")
    __import__("matplotlib").rc_file_defaults()
if {output} or "zibo_analysis.plots.output" in __import__("sys").modules:
    __import__("zibo_analysis.plots.output", fromlist=["ReportOutput"]).ReportOutput({data!r}).install(get_ipython())
"""


def shows_output(notebook: Path) -> bool:
    """Whether ``notebook`` may show figures or tables: it imports something outside the
    standard library at the top level of a cell, or has a cell that is not plain Python (a
    magic may load anything). False only for a notebook of the standard library alone.

    >>> import json, tempfile
    >>> path = Path(tempfile.mkdtemp()) / "n.ipynb"
    >>> cells = [{"cell_type": "code", "source": ["import time\\n", "time.sleep(0)"]}]
    >>> _ = path.write_text(json.dumps({"cells": cells}))
    >>> shows_output(path)
    False
    """
    try:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return True
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        try:
            ast.parse(source)
        except SyntaxError:
            return True
        if any(m.split(".")[0] not in sys.stdlib_module_names for m in top_level_imports(source)):
            return True
    return False


def execute(notebook: str, output: str, parameters: dict, data: str) -> dict:
    """Run one notebook with papermill into ``output`` (in a worker process). Returns an outcome:
    {"ok", "seconds"} and, on failure, the "cell" that failed and the "error"."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    started = time.perf_counter()
    try:
        _silently(SETUP.format(data=data, output=shows_output(Path(notebook))))
        papermill.execute_notebook(
            notebook,
            output,
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            cwd=_Worker.cwd,
            progress_bar=False,
            record_timing=False,
            request_save_on_cell_execute=False,
            km=_Worker.km,
        )
        return {"ok": True, "seconds": time.perf_counter() - started}
    except PapermillExecutionError as err:
        return {
            "ok": False,
            "seconds": time.perf_counter() - started,
            "cell": err.exec_count,
            "error": f"{err.ename}: {err.evalue}",
        }
    except Exception as err:  # a kernel that dies, a notebook that is not JSON
        return {
            "ok": False,
            "seconds": time.perf_counter() - started,
            "cell": None,
            "error": f"{type(err).__name__}: {err}",
        }


def _client():
    """A client of this worker's kernel; the kernel is started on first use, and again if
    it died. While it lives, its pid is recorded in the run's work folder, so that the
    parent can kill it (a kernel leads a session of its own); one killed before its pid was
    recorded ends by itself within a second of its worker (ipykernel watches its parent)."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = _Worker.km
    if km is not None and run_sync(km.is_alive)():
        return _Worker.client
    _shut_kernel()
    km = AsyncKernelManager(kernel_name=KERNEL_NAME)
    # no history database (kernels running side by side would wait on its lock), and no
    # jedi for completions nobody asks for
    run_sync(km.start_kernel)(cwd=_Worker.cwd, extra_arguments=KERNEL_ARGUMENTS)
    _Worker.pidfile = _Worker.kernels / str(km.provisioner.pid)
    _Worker.pidfile.touch()
    _Worker.km, _Worker.client = km, km.blocking_client()
    _Worker.client.start_channels()  # requests wait in the socket until the kernel listens
    return _Worker.client


def _silently(code: str) -> None:
    """Run ``code`` in the kernel without output or a count (after what it was sent
    before); raise if it fails."""
    reply = _client().execute(code, silent=True, store_history=False, reply=True, timeout=120)
    content = reply["content"]
    if content["status"] != "ok":
        raise RuntimeError(f"kernel set-up failed: {content.get('ename')}: {content.get('evalue')}")


def _shut_kernel() -> None:
    from jupyter_core.utils import run_sync

    km, client, pidfile = _Worker.km, _Worker.client, _Worker.pidfile
    _Worker.km = _Worker.client = _Worker.pidfile = None
    if client is not None:
        client.stop_channels()
    if km is not None:
        run_sync(km.shutdown_kernel)(now=True)
    if pidfile is not None:
        pidfile.unlink(missing_ok=True)


def outcome(future: Future) -> dict:
    """A finished run's outcome; a worker that died is a failed run."""
    try:
        return future.result()
    except Exception as err:
        return {"ok": False, "seconds": 0.0, "cell": None, "error": f"{type(err).__name__}: {err}"}
