"""`make bench`: every figure beside its goal and the load it was measured at.

The extractor against cn2an and chinese2digits, its linearity, the uncurated step; the
facts step against extraction on prose and on plan-like text, its scaling, and the start-up
of `facts` against `extract`; corpus mode's MB/s and the memory of its process tree; the
analysis (quality flags, coverage, growth, trends) at 10^3, 10^4 and 10^5 rows against
reading the same rows from CSV; a fresh set-up against a plain pip install and its size;
`make report` cold, warm and against the naive way (the papermill and nbconvert command
lines on exactly the notebooks the report runs). Memory is the command's own (see
`benchmarks.measure`), never the benchmark's.

Run with ``python -m benchmarks.run [--only SECTION ...]``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

from benchmarks.measure import (
    VENV_BIN,
    at,
    best,
    cli,
    load,
    make_corpus,
    paragraphs,
    run,
)

SECTIONS = (
    "extractor",
    "linearity",
    "uncurated",
    "facts",
    "startup",
    "corpus",
    "percore",
    "analysis",
    "setup",
    "report",
)
CORPUS_MEMORY_GOAL = 250  # MB for 100 MB of text
COLD_GOAL = 0.25  # cold make report at most 0.25 of the naive way
WARM_GOAL = 1.0  # seconds


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

    at_load = load()
    ours = throughput(find_quantities, texts)
    theirs = throughput(cn2an_transform, texts)
    c2d = throughput(chinese2digits.takeNumberFromString, texts)
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(
        f"extractor benchmark: {len(texts)} paragraphs, {size / 1e3:.1f} kB of UTF-8 {at(at_load)}"
    )
    print(f"  find_quantities        {ours:8.2f} MB/s  (spans, values, units, qualifiers)")
    print(f"  cn2an.transform(cn2an) {theirs:8.2f} MB/s  (numerals rewritten only)")
    print(f"  chinese2digits         {c2d:8.2f} MB/s  (takeNumberFromString: numbers, no units)")
    print(f"  ratio to cn2an         {ours / theirs:8.2f} x  (goal: >= 3)")
    print(f"  ratio to chinese2digits{ours / c2d:8.2f} x  (goal: >= 3)")


def bench_corpus() -> None:
    """`zibo-analysis extract` over a folder of copies of the articles: MB/s with 1 and 2
    jobs on 50 MB; the memory of its process tree on 100 MB, as a folder and as one file."""
    work = Path(tempfile.mkdtemp(prefix="corpus-bench-"))
    try:
        half = make_corpus(work / "corpus/a", 50)
        whole = half + make_corpus(work / "corpus/b", 50)
        with open(work / "one.txt", "wb") as one:
            for path in sorted((work / "corpus").rglob("*.txt")):
                one.write(path.read_bytes())
        files = sum(1 for _ in (work / "corpus/a").rglob("*.txt"))
        out = str(work / "rows.csv")
        print(f"corpus benchmark: {half / 1e6:.0f} MB in {files} files (copies of the articles), best of 2 runs")  # fmt: skip
        for jobs in ("1", "2"):
            args = (str(work / "corpus/a"), "--jobs", jobs, "--format", "csv", "-o", out)
            r = best([run(cli("extract", *args)) for _ in range(2)])
            print(f"  extract --jobs {jobs} --format csv   {half / 1e6 / r.seconds:6.2f} MB/s  "
                  f"({r.seconds:.1f} s, start-up included) {at(r.load)}")  # fmt: skip
        print(f"peak memory of the command's processes on {whole / 1e6:.0f} MB (goal: < {CORPUS_MEMORY_GOAL} MB all processes)")  # fmt: skip
        runs = [("a folder, --jobs 2 --format csv    ", [str(work / "corpus"), "--jobs", "2", "--format", "csv", "-o", out]),
                ("one file, --jobs 2 --format csv    ", [str(work / "one.txt"), "--jobs", "2", "--format", "csv", "-o", out]),
                ("one file, --jobs 1 --format csv    ", [str(work / "one.txt"), "--jobs", "1", "--format", "csv", "-o", out]),
                ("a folder, --jobs 2 --format parquet", [str(work / "corpus"), "--jobs", "2", "--format", "parquet", "-o", str(work / "rows.parquet")])]  # fmt: skip
        for label, args in runs:
            r = run(cli("extract", *args))
            print(f"  {label}  {r.tree_mb:6.1f} MB all processes  ({r.largest_mb:.1f} MB the largest) {at(r.load)}")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report_notebooks() -> list[Path]:
    """Exactly the notebooks `make report` runs."""
    from zibo_analysis.config import NOTEBOOKS_DIR
    from zibo_analysis.report.notebooks import notebooks

    return notebooks(None, NOTEBOOKS_DIR)


def naive_report(books: list[Path]) -> tuple[float, float]:
    """After `make clean`: the data step, then the papermill and nbconvert command lines on
    each notebook in turn; wall seconds and the processor time of every command."""
    out = Path(tempfile.mkdtemp(prefix="naive-report-"))
    try:
        run(["make", "clean"])
        started = time.perf_counter()
        cpu = run(cli("data")).cpu  # the same data step make report runs
        for nb in books:
            executed = out / nb.name
            papermill = [str(VENV_BIN / "papermill"), str(nb), str(executed), "-k"]
            papermill += ["zibo-analysis", "--cwd", str(nb.parent), "--no-progress-bar"]
            cpu += run(papermill).cpu
            cpu += run(
                [
                    str(VENV_BIN / "jupyter"),
                    "nbconvert",
                    "--to",
                    "html",
                    "--no-input",
                    str(executed),
                ]
            ).cpu
        return time.perf_counter() - started, cpu
    finally:
        shutil.rmtree(out, ignore_errors=True)


def bench_report(repeats: int = 2) -> None:
    """Cold `make report` (after `make clean`) against the naive way, in turn (naive then
    cold, then cold then naive, ...), so that both meet the same load; then warm. Each
    figure is the best of ``repeats`` runs, with the load at its start and the processor
    time of all its processes (which the load changes much less than the wall time)."""
    books = report_notebooks()
    names = ", ".join(nb.stem for nb in books)
    print(f"report benchmark: {len(books)} notebooks ({names}), best of {repeats} runs, in turn")

    def naive_run() -> tuple[float, float, float]:
        at_load = load()
        seconds, cpu = naive_report(books)
        return seconds, cpu, at_load

    def cold_run():
        run(["make", "clean"])
        return run(["make", "report"])

    naive_runs, cold_runs = [], []
    for i in range(repeats):
        if i % 2:
            cold_runs.append(cold_run())
            naive_runs.append(naive_run())
        else:
            naive_runs.append(naive_run())
            cold_runs.append(cold_run())
    run(["make", "report"])  # a built report behind, whichever ran last
    naive, naive_cpu, naive_load = min(naive_runs)
    cold = best(cold_runs)
    warm = best([run(["make", "report"]) for _ in range(repeats)])
    cpu_ratio = min(r.cpu for r in cold_runs) / min(r[1] for r in naive_runs)
    rows = [
        (
            "naive (data, then papermill CLI + nbconvert CLI per notebook)",
            f"{naive:6.2f} s  {naive_cpu:5.1f} s processor {at(naive_load)}",
        ),
        (
            "cold make report (after make clean)",
            f"{cold.seconds:6.2f} s  {cold.cpu:5.1f} s processor  {cold.tree_mb:5.0f} MB all "
            f"processes, {cold.largest_mb:.0f} MB the largest {at(cold.load)}",
        ),
        (
            "cold / naive",
            f"{cold.seconds / naive:6.2f}    (goal <= {COLD_GOAL:.2f}); processor time {cpu_ratio:.2f}",
        ),
        (
            "warm make report (nothing changed)",
            f"{warm.seconds:6.2f} s  (goal < {WARM_GOAL:g} s) {at(warm.load)}",
        ),
    ]
    for label, figure in rows:
        print(f"  {label:<61} {figure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, metavar="SECTION",
                        help=f"run only these sections, of: {', '.join(SECTIONS)}")  # fmt: skip
    chosen = parser.parse_args().only or SECTIONS
    print(f"make bench: {len(chosen)} sections on {Path(sys.executable).parents[1]}; "
          f"[load L]: the one-minute load average when a figure's measurement began (2 cores here)")  # fmt: skip
    for section in chosen:
        if section == "extractor":
            bench_extractor()
        elif section == "linearity":
            from benchmarks import linearity  # 10x the input costs at most about 15x the time

            linearity.main()
        elif section == "uncurated":
            from benchmarks import uncurated  # the uncurated-mentions step on 100 KB and 1 MB

            uncurated.main([])
        elif section == "facts":
            from benchmarks import facts_speed

            facts_speed.bench_throughput()
            facts_speed.bench_scaling()
        elif section == "startup":
            from benchmarks import facts_speed

            facts_speed.bench_startup()
        elif section == "corpus":
            bench_corpus()
        elif section == "percore":
            from benchmarks import per_core  # what a cluster is sized by: MB per core-second

            per_core.main([])
        elif section == "analysis":
            from benchmarks import analysis  # the analysis at 10^3, 10^4 and 10^5 rows

            analysis.main()
        elif section == "setup":
            from benchmarks import setup_speed

            setup_speed.main()
        elif section == "report":
            bench_report()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
