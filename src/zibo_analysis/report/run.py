"""Running notebooks: the project's kernel, papermill in worker processes.

Each notebook runs with papermill in a process of a spawn-started pool; the parent
process only waits for outcomes and exports pages.
"""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from zibo_analysis.report.common import KERNEL_NAME


def ensure_kernel() -> None:
    """Register the project's kernel from this environment when it is missing or points elsewhere."""
    spec = Path(sys.prefix) / "share/jupyter/kernels" / KERNEL_NAME / "kernel.json"
    if spec.exists():
        argv = json.loads(spec.read_text()).get("argv", [])
        if argv and Path(argv[0]).resolve() == Path(sys.executable).resolve():
            return
    from ipykernel.kernelspec import install

    install(kernel_name=KERNEL_NAME, display_name="Python (zibo-analysis)", prefix=sys.prefix)


def execute(notebook: str, output: str, parameters: dict, cwd: str) -> dict:
    """Run one notebook with papermill into ``output`` (in a worker process). Returns an outcome."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    # The kernel inherits this worker's stderr; send its start-up chatter to a log file
    # so that the progress lines stay readable.
    log = open(Path(output).with_suffix(".log"), "w", encoding="utf-8")  # noqa: SIM115
    os.dup2(log.fileno(), 2)
    # A backend forced from the shell (MPLBACKEND=Agg) would stop the kernel's inline
    # figures from reaching the page.
    os.environ.pop("MPLBACKEND", None)
    started = time.perf_counter()
    try:
        papermill.execute_notebook(
            notebook, output, parameters=parameters, kernel_name=KERNEL_NAME, cwd=cwd,
            progress_bar=False, record_timing=False, request_save_on_cell_execute=False,
        )  # fmt: skip
        return {"ok": True, "seconds": time.perf_counter() - started}
    except PapermillExecutionError as err:
        return {"ok": False, "seconds": time.perf_counter() - started, "cell": err.exec_count,
                "error": f"{err.ename}: {err.evalue}"}  # fmt: skip
    except Exception as err:  # a kernel that dies, a notebook that is not JSON
        return {"ok": False, "seconds": time.perf_counter() - started, "cell": None,
                "error": f"{type(err).__name__}: {err}"}  # fmt: skip


def outcome(future: Future) -> dict:
    """A finished run's outcome; a worker that died is a failed run."""
    try:
        return future.result()
    except Exception as err:
        return {"ok": False, "seconds": 0.0, "cell": None, "error": f"{type(err).__name__}: {err}"}


def pool(jobs: int, total: int) -> ProcessPoolExecutor:
    """Worker processes, started fresh (spawn) so that none inherits the parent's state."""
    return ProcessPoolExecutor(
        max_workers=max(1, min(jobs, total)), mp_context=get_context("spawn")
    )
