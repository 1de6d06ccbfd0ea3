"""`make bench`: the extractor against cn2an and chinese2digits, corpus mode's MB/s and peak
memory, and `make report` cold, warm and against the naive way.

Run with ``python -m benchmarks.run [--only extractor|corpus|report]``.
"""

from __future__ import annotations

import argparse
import os
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
    import chinese2digits
    import cn2an

    from zibo_analysis.quantities import find_quantities

    warnings.filterwarnings("ignore", module="cn2an")  # it warns on every bare 万, 千, 亿
    texts = paragraphs()

    def cn2an_transform(t: str) -> str:
        return cn2an.transform(t, "cn2an")

    ours = throughput(find_quantities, texts)
    theirs = throughput(cn2an_transform, texts)
    c2d = throughput(chinese2digits.takeNumberFromString, texts)
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(f"extractor benchmark: {len(texts)} paragraphs, {size / 1e3:.1f} kB of UTF-8")
    print(f"  find_quantities        {ours:8.2f} MB/s  (spans, values, units, qualifiers)")
    print(f"  cn2an.transform(cn2an) {theirs:8.2f} MB/s  (numerals rewritten only)")
    print(f"  chinese2digits         {c2d:8.2f} MB/s  (takeNumberFromString: numbers, no units)")
    print(f"  ratio to cn2an         {ours / theirs:8.2f} x  (goal: >= 3)")
    print(f"  ratio to chinese2digits{ours / c2d:8.2f} x  (goal: >= 3)")


def make_corpus(folder: Path, megabytes: int) -> int:
    """Copies of the five articles, 500 to a folder, until ``megabytes`` MB; the bytes."""
    articles = [p.read_bytes() for p in sorted((ROOT / "data/raw").glob("*.txt"))]
    total = i = 0
    while total < megabytes * 1e6:
        sub = folder / f"{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:06d}.txt").write_bytes(articles[i % len(articles)])
        total += len(articles[i % len(articles)])
        i += 1
    return total


def _extract_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "zibo_analysis.cli", "extract", *args]


def _cli_env() -> dict[str, str]:
    src = str(ROOT / "src")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}  # fmt: skip


def corpus_seconds(*args: str) -> float:
    """Wall time of one `zibo-analysis extract` run, nothing else running beside it."""
    started = time.perf_counter()
    subprocess.run(_extract_command(*args), check=True, env=_cli_env(), stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def peak_memory(*args: str) -> tuple[float, float]:
    """(MB) the peak RSS of the largest process of one run, as the kernel counts it when it
    is reaped (wait4), and the peak of the RSS summed over the command and its worker
    processes, sampled every 50 ms (shared pages counted once per process)."""
    import psutil

    proc = subprocess.Popen(_extract_command(*args), env=_cli_env(), stdout=subprocess.DEVNULL)
    command = psutil.Process(proc.pid)
    summed = 0
    while True:
        try:
            tree = [command, *command.children(recursive=True)]
            summed = max(summed, sum(p.memory_info().rss for p in tree))
        except psutil.Error:
            pass
        done, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"extract {' '.join(args)} failed with status {proc.returncode}")
    return usage.ru_maxrss / 1024, summed / 2**20


def bench_corpus() -> None:
    """`zibo-analysis extract` over a folder of copies of the articles: MB/s with 1 and 2
    jobs on 50 MB; peak memory on 100 MB, as a folder and as one file."""
    work = Path(tempfile.mkdtemp(prefix="corpus-bench-"))
    try:
        half = make_corpus(work / "corpus/a", 50)
        whole = half + make_corpus(work / "corpus/b", 50)
        with open(work / "one.txt", "wb") as one:
            for path in sorted((work / "corpus").rglob("*.txt")):
                one.write(path.read_bytes())
        files = sum(1 for _ in (work / "corpus/a").rglob("*.txt"))
        out = str(work / "rows.csv")
        print(
            f"corpus benchmark: {half / 1e6:.0f} MB in {files} files (copies of the articles), 2 cores, best of 2 runs"
        )
        for jobs in ("1", "2"):
            args = (str(work / "corpus/a"), "--jobs", jobs, "--format", "csv", "-o", out)
            seconds = min(corpus_seconds(*args) for _ in range(2))  # other work disturbs one run
            print(
                f"  extract --jobs {jobs} --format csv   {half / 1e6 / seconds:6.2f} MB/s  ({seconds:.1f} s, start-up included)"
            )
        print(
            f"peak memory on {whole / 1e6:.0f} MB (goal: < 250 MB; one 100 MB file took 464 MB before)"
        )
        runs = [("a folder, --jobs 2 --format csv    ", [str(work / "corpus"), "--jobs", "2", "--format", "csv", "-o", out]),
                ("one file, --jobs 2 --format csv    ", [str(work / "one.txt"), "--jobs", "2", "--format", "csv", "-o", out]),
                ("one file, --jobs 1 --format csv    ", [str(work / "one.txt"), "--jobs", "1", "--format", "csv", "-o", out]),
                ("a folder, --jobs 2 --format parquet", [str(work / "corpus"), "--jobs", "2", "--format", "parquet", "-o", str(work / "rows.parquet")])]  # fmt: skip
        for label, args in runs:
            largest, summed = peak_memory(*args)
            print(f"  {label}  {summed:6.1f} MB all processes  ({largest:.1f} MB the largest)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


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
    parser.add_argument(
        "--only", choices=["extractor", "linearity", "uncurated", "facts", "corpus", "report"]
    )
    args = parser.parse_args()
    if args.only in (None, "extractor"):
        bench_extractor()
    if args.only in (None, "linearity"):
        from benchmarks import linearity  # 10x the input costs at most about 15x the time

        linearity.main()
    if args.only in (None, "uncurated"):
        from benchmarks import uncurated  # the uncurated-mentions step on 100 KB and 1 MB

        uncurated.main()
    if args.only in (None, "facts"):
        from benchmarks import facts_speed  # facts against extraction, scaling, start-up

        facts_speed.main([])
    if args.only in (None, "corpus"):
        bench_corpus()
    if args.only in (None, "report"):
        bench_report()


if __name__ == "__main__":
    main()
