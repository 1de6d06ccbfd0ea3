"""`make bench`: the extractor against cn2an, and `make report` cold, warm and against the naive way.

Run with ``python -m benchmarks.run [--only extractor|report]``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def paragraphs() -> list[str]:
    """Every non-empty line of the five raw articles."""
    lines: list[str] = []
    for path in sorted((ROOT / "data/raw").glob("*.txt")):
        lines.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return lines


def throughput(function, texts: list[str], min_seconds: float = 2.0) -> float:
    """MB/s of ``function`` over ``texts``, best of repeated passes lasting ``min_seconds``."""
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    best = float("inf")
    spent = 0.0
    while spent < min_seconds:
        t0 = time.perf_counter()
        for t in texts:
            function(t)
        elapsed = time.perf_counter() - t0
        best = min(best, elapsed)
        spent += elapsed
    return size_mb / best


def bench_extractor() -> None:
    import cn2an

    from zibo_analysis.quantities import find_quantities

    warnings.filterwarnings("ignore", module="cn2an")  # it warns on every bare 万, 千, 亿
    texts = paragraphs()

    def cn2an_transform(t: str) -> str:
        return cn2an.transform(t, "cn2an")

    ours = throughput(find_quantities, texts)
    theirs = throughput(cn2an_transform, texts)
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(f"extractor benchmark: {len(texts)} paragraphs, {size / 1e3:.1f} kB of UTF-8")
    print(f"  find_quantities        {ours:8.2f} MB/s  (spans, values, units, qualifiers)")
    print(f"  cn2an.transform(cn2an) {theirs:8.2f} MB/s  (numerals rewritten only)")
    print(f"  ratio                  {ours / theirs:8.2f} x  (goal: >= 3)")


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - started


def bench_report(repeats: int = 2) -> None:
    """Cold `make report` (after `make clean`) against papermill + nbconvert CLIs in turn; then warm.

    The machine has two cores and other work disturbs a single run, so each figure is the
    best of ``repeats`` runs.
    """
    venv_bin = Path(sys.executable).parent
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    print(f"report benchmark: {len(notebooks)} notebooks, 2 cores, best of {repeats} runs")

    def cold_run() -> float:
        _timed(["make", "clean"])
        return _timed(["make", "report"])

    def naive_run() -> float:
        out = Path(tempfile.mkdtemp(prefix="naive-report-"))
        try:
            _timed(["make", "clean"])
            started = time.perf_counter()
            _timed([str(venv_bin / "zibo-analysis"), "data"])  # the same data step make report runs
            for nb in notebooks:
                executed = out / nb.name
                _timed([str(venv_bin / "papermill"), str(nb), str(executed), "-k", "zibo-analysis",
                        "--cwd", str(ROOT / "notebooks"), "--no-progress-bar"])  # fmt: skip
                _timed(
                    [
                        str(venv_bin / "jupyter"),
                        "nbconvert",
                        "--to",
                        "html",
                        "--no-input",
                        str(executed),
                    ]
                )
            return time.perf_counter() - started
        finally:
            shutil.rmtree(out, ignore_errors=True)

    naive = min(naive_run() for _ in range(repeats))
    cold = min(cold_run() for _ in range(repeats))  # the last one leaves a built report behind
    warm = min(_timed(["make", "report"]) for _ in range(repeats))
    print(f"  naive (data, then papermill CLI + nbconvert CLI per notebook) {naive:7.2f} s")
    print(
        f"  cold make report (after make clean)                         {cold:7.2f} s  ({cold / naive:.2f} of naive; goal <= 0.30)"
    )
    print(
        f"  warm make report (nothing changed)                          {warm:7.2f} s  (goal < 1 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["extractor", "report"])
    args = parser.parse_args()
    if args.only in (None, "extractor"):
        bench_extractor()
    if args.only in (None, "report"):
        bench_report()


if __name__ == "__main__":
    main()
