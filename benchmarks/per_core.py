"""What one core reads: `extract` and `facts` over a corpus, in MB per processor-second.

The figure a cluster is sized by (README, "A corpus of 10^7 articles on a Dask cluster"):
the commands run on a folder of copies of every article the project holds (the five seeds,
the held-out and tuning sets), with one job and with two, and each run's processor time is
that of the command and every process it started (``RUSAGE_CHILDREN``), so that it does not
depend on how busy the machine is; wall-clock MB/s and the load are printed beside it.

    .venv/bin/python -m benchmarks.per_core [--extract-mb 20] [--facts-mb 3]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.measure import ROOT, at, cli, load, make_corpus

ARTICLES = sorted(
    [
        *(ROOT / "data/raw").glob("*.txt"),
        *(ROOT / "benchmarks/heldout/raw").glob("*.txt"),
        *(ROOT / "benchmarks/tuning/raw").glob("*.txt"),
    ]
)


def timed(command: list[str]) -> tuple[float, float, float]:
    """Run ``command``: (wall seconds, processor seconds of it and its children, load)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started_load, started = load(), time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, started_load


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extract-mb", type=float, default=20)
    parser.add_argument("--facts-mb", type=float, default=3)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="per-core-"))
    try:
        print(
            f"per core: copies of the {len(ARTICLES)} articles the project holds, --format csv, best of 2"
        )
        for command, megabytes, extra in (
            ("extract", args.extract_mb, []),
            ("facts", args.facts_mb, ["--published", "2024-12-31"]),
        ):
            size = make_corpus(work / command, megabytes, ARTICLES)
            files = sum(1 for _ in (work / command).rglob("*.txt"))
            for jobs in ("1", "2"):
                argv_ = [
                    str(work / command),
                    "--jobs",
                    jobs,
                    "--format",
                    "csv",
                    "-o",
                    str(work / "out.csv"),
                ]
                runs = [timed(cli(command, *argv_, *extra)) for _ in range(2)]
                wall, cpu, started_load = min(runs)
                print(
                    f"  {command:<7} --jobs {jobs}  {size / 1e6:5.1f} MB in {files:5d} files  "
                    f"{size / 1e6 / cpu:6.2f} MB per processor-second  "
                    f"{size / 1e6 / wall:6.2f} MB/s wall ({wall:.1f} s) {at(started_load)}"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
