"""What every benchmark shares: the machine's load beside each figure, and commands timed with
the memory of their own process tree.

A figure measured on a loaded machine cannot be judged without the load: `load` is the
one-minute load average (processes running or waiting for a processor) when a measurement
starts, and every figure `make bench` prints carries it.

Memory: a process started by fork from this benchmark would count the benchmark's own
memory as its peak (the kernel keeps the high-water mark of the address space it replaces
at exec). So `run` starts each command from a small launcher (Python without site, about
9 MB), which reads the peak resident set of the command's largest process from
``getrusage(RUSAGE_CHILDREN)`` once the command and everything it started has ended; the
benchmark meanwhile sums the resident sets of the whole tree every 50 ms (psutil).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent

# Runs argv[2:] and writes its exit status, the peak RSS (KiB) of the largest process it
# started and the processor time (user and system, seconds) of all of them, all of them
# waited for, to the file argv[1].
_LAUNCHER = """\
import os, resource, sys
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
status = os.waitpid(pid, 0)[1]
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    out.write("%d %d %f" % (os.waitstatus_to_exitcode(status), usage.ru_maxrss,
                            usage.ru_utime + usage.ru_stime))
"""


def load() -> float:
    """The one-minute load average now."""
    return os.getloadavg()[0]


def at(load_average: float) -> str:
    """How a figure states the load it was measured at."""
    return f"[load {load_average:.2f}]"


@dataclass
class Run:
    """One run of a command: wall seconds, peak RSS of its largest process and of its whole
    tree (MB, 10^6 bytes), exit status, the load when it started, and the processor time
    (user and system) of every process it started."""

    seconds: float
    largest_mb: float
    tree_mb: float
    returncode: int
    load: float
    cpu: float = 0.0


def run(command: list[str], cwd: Path = ROOT, env: dict | None = None, stdin: bytes | None = None,
        stdout=subprocess.DEVNULL, check: bool = True) -> Run:  # fmt: skip
    """Run ``command`` to its end from the launcher; see the module's docstring."""
    import psutil

    with tempfile.NamedTemporaryFile("r", suffix=".peak") as result:
        started_load = load()
        started = time.perf_counter()
        launcher = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _LAUNCHER, result.name, *command], cwd=cwd,
            env=env, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=stdout, stderr=subprocess.PIPE,
        )  # fmt: skip
        if stdin is not None:
            launcher.stdin.write(stdin)
            launcher.stdin.close()
        tree = 0
        parent = psutil.Process(launcher.pid)
        while launcher.poll() is None:
            try:
                tree = max(tree, sum(p.memory_info().rss for p in parent.children(recursive=True)))
            except psutil.Error:
                pass
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        stderr = launcher.stderr.read().decode(errors="replace")
        words = result.read().split()
    if len(words) != 3:
        raise SystemExit(f"benchmark: could not run {' '.join(command)}: {stderr[-500:]}")
    returncode, peak_kib, cpu = int(words[0]), int(words[1]), float(words[2])
    if check and returncode:
        raise SystemExit(f"benchmark: {' '.join(command)} failed ({returncode}): {stderr[-800:]}")
    return Run(seconds, peak_kib * 1024 / 1e6, tree / 1e6, returncode, started_load, cpu)


def best(runs: list[Run]) -> Run:
    """The fastest of several runs (the others were disturbed more by other work)."""
    return min(runs, key=lambda r: r.seconds)


def cli(*args: str) -> list[str]:
    """The project's command, as a user runs it from the environment."""
    return [str(VENV_BIN / "zibo-analysis"), *args]


def paragraphs() -> list[str]:
    """Every non-empty line of the five raw articles."""
    lines: list[str] = []
    for path in sorted((ROOT / "data/raw").glob("*.txt")):
        lines.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return lines


def make_corpus(folder: Path, megabytes: float, articles: list[Path] | None = None) -> int:
    """Copies of ``articles`` (by default the five seeds), 500 to a folder, until ``megabytes``
    MB; the bytes written."""
    articles = articles or sorted((ROOT / "data/raw").glob("*.txt"))
    texts = [p.read_bytes() for p in articles]
    total = i = 0
    while total < megabytes * 1e6:
        sub = folder / f"{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:06d}.txt").write_bytes(texts[i % len(texts)])
        total += len(texts[i % len(texts)])
        i += 1
    return total
