"""Ctrl-C (SIGINT) and SIGTERM stop a report run at once: one line, no process left, old pages kept."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psutil
import pytest
from test_report import run, sleepy_copy, start

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out

MESSAGE = "zibo-analysis: interrupted; the last good pages were kept\n"


@pytest.fixture
def sleepy_project(tmp_path) -> Path:
    return sleepy_copy(tmp_path / "project")


def published(project: Path) -> dict[str, bytes]:
    reports = project / "reports"
    return {
        p.name: p.read_bytes()
        for p in reports.iterdir()
        if p.is_file() and p.name not in (".lock", ".zibo-report")
    }  # the run's bookkeeping


def running(family: list[psutil.Process]) -> list[psutil.Process]:
    """The processes of ``family`` still running (a zombie has ended; it waits to be reaped)."""
    alive = []
    for proc in family:
        try:
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                alive.append(proc)
        except psutil.NoSuchProcess:
            pass
    return alive


def in_group(pgid: int) -> list[psutil.Process]:
    """The processes of group ``pgid`` still running (zombies excluded, as in `running`)."""
    members = []
    for proc in psutil.process_iter():
        try:
            if os.getpgid(proc.pid) == pgid:
                members.append(proc)
        except ProcessLookupError:
            pass
    return running(members)


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("signum", "status", "moment"),
    [(signal.SIGINT, 130, "kernels busy"), (signal.SIGTERM, 143, "kernels busy"),
     (signal.SIGINT, 130, "workers starting")],
)  # fmt: skip
def test_signal_stops_the_run_at_once_and_keeps_the_last_good_pages(
    sleepy_project, signum, status, moment
):
    project = sleepy_project
    before = published(project)
    proc = start(project, "--force", "-p", "seconds", "120")
    family = [psutil.Process(proc.pid)]
    if moment == "kernels busy":
        wait_for(lambda: all((project / f"notebooks/{n}.started").exists()
                             for n in ("01_sleepy", "02_sleepy")))  # fmt: skip
    family += psutil.Process(proc.pid).children(recursive=True)
    if moment == "kernels busy":
        kernels = [p for p in family if "ipykernel" in " ".join(p.cmdline())]
        assert len(kernels) == 2, [p.cmdline() for p in family]

    sent = time.monotonic()
    os.kill(proc.pid, signum)
    try:
        assert proc.wait(timeout=10) == status
        exited = time.monotonic() - sent
        assert proc.stderr.read() == MESSAGE
        wait_for(lambda: not running(family), timeout=3)
        wait_for(lambda: not in_group(proc.pid), timeout=3)  # nor in its process group
        print(f"{signal.Signals(signum).name} while {moment}: exited in {exited:.2f}s, "
              f"every process ended in {time.monotonic() - sent:.2f}s")  # fmt: skip
    finally:  # a failed test leaves nothing running either
        for survivor in running(family):
            survivor.kill()
    assert published(project) == before
    assert not list((project / "reports").glob(".work*"))


def test_a_killed_run_leaves_no_worker_or_kernel_behind(sleepy_project):
    project = sleepy_project
    before = published(project)
    proc = start(project, "--force", "-p", "seconds", "120")
    wait_for(lambda: all((project / f"notebooks/{n}.started").exists()
                         for n in ("01_sleepy", "02_sleepy")))  # fmt: skip
    family = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    proc.kill()  # SIGKILL: the run itself cannot clean up; its workers notice
    try:
        assert proc.wait(timeout=10) == -signal.SIGKILL
        wait_for(lambda: not running(family), timeout=5)
    finally:
        for survivor in running(family):
            survivor.kill()
    assert published(project) == before
    rerun = run(project)  # the folder is free again, and the killed run's work files go
    assert rerun.returncode == 0, rerun.stderr
    assert not list((project / "reports").glob(".work*"))
