"""`make bench`: throughput of the extractor against cn2an on the same paragraphs.

Run with ``python -m benchmarks.run [--only extractor|report]``.
"""

from __future__ import annotations

import argparse
import time
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
    import warnings

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["extractor", "report"])
    args = parser.parse_args()
    if args.only in (None, "extractor"):
        bench_extractor()


if __name__ == "__main__":
    main()
