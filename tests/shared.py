"""What several test modules read and none may change (a built report, a small built project),
made once per test run: by the one process of a plain run or, when pytest-xdist runs the
suite on both cores, by the first worker that asks, while a worker asking meanwhile waits
for it rather than building its own (each build runs its kernels on every core already).

The folder is the run's (`conftest.py` makes it before the workers start and removes it at
the end; they find it in ``ZIBO_TEST_SHARED``); a lock file per build serialises the
workers (``fcntl.flock``: the suite runs on Linux and macOS), and a build that failed is
tried again by the next test that asks, which then fails with the same message.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

ENV = "ZIBO_TEST_SHARED"


def run_folder() -> Path:
    """The folder this test run shares between its processes."""
    found = os.environ.get(ENV)
    if not found:
        raise RuntimeError(f"{ENV} is unset: tests/conftest.py sets it when the run starts")
    return Path(found)


def built_once(name: str, build: Callable[[Path], None]) -> Path:
    """``run_folder() / name``, made by ``build(folder)`` in the first process that asks
    (``tests/test_shared.py`` races two processes for it)."""
    root = run_folder()
    folder, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed build left
            build(folder)
            done.touch()
    return folder
