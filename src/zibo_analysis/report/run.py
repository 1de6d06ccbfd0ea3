"""Running notebooks: one run per output folder, the project's kernel, papermill in workers.

A run holds the output folder's lock file for as long as it runs; each notebook runs
with papermill in a process of a spawn-started pool; the parent process only waits for
outcomes and exports pages.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path

from zibo_analysis.report.common import KERNEL_NAME, FolderBusy

LOCK_NAME = ".lock"


@contextmanager
def folder_lock(
    folder: Path, wait: float = 0.0, log: Callable[[str], None] = print
) -> Iterator[None]:
    """Hold ``folder``'s lock for the block, so that no other run writes there meanwhile.

    The lock is ``flock`` on ``folder/.lock``, which holds the holder's pid; the system
    releases it when the holder's process ends, however it ends. When another run holds
    it, wait up to ``wait`` seconds, then raise FolderBusy naming that run's pid.

    >>> import tempfile, pathlib
    >>> with folder_lock(pathlib.Path(tempfile.mkdtemp())):
    ...     pass
    """
    folder.mkdir(parents=True, exist_ok=True)
    handle = open(folder / LOCK_NAME, "a+", encoding="utf-8")  # noqa: SIM115 (held for the block)
    try:
        deadline = time.monotonic() + wait
        said = False
        while not _try_lock(handle):
            holder = _holder(handle)
            if time.monotonic() >= deadline:
                raise FolderBusy(
                    f"{folder} is in use by another report run ({holder}); wait for it "
                    "(--wait SECONDS) or write elsewhere (--output-dir)"
                )
            if not said:
                log(f"  waiting for the report run ({holder}) that holds {folder}")
                said = True
            time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # closing the file releases the lock


def _try_lock(handle) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _holder(handle) -> str:
    handle.seek(0)
    pid = handle.read().strip()
    return f"pid {pid}" if pid.isdigit() else "pid unknown"


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
