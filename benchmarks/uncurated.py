"""The uncurated-mentions step and the build on one large article of new text: linear or not.

A temporary copy of data/ gets one more article with its sources.csv row and no
curation; then `uncurated_mentions` and `build_indicators` are timed at 100 KB and
1 MB. Linear work costs about 10× for 10× the text; quadratic work about 100×.
Four kinds of text: a real seed article's body repeated (each quote recurs once per
copy), a statistical table of short clauses (one quote recurs in every clause), the seed
body as one run-on sentence without 。 or line ends, and a bulletin's table without any
sentence end.

Run with ``python -m benchmarks.uncurated [--sizes 100 1000] [--text seed table]``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.measure import at, load
from zibo_analysis.dataset import body_segments, build_indicators, uncurated_mentions

ROOT = Path(__file__).resolve().parents[1]
SEED = "000_578db123918dbc52.txt"
BEGIN, END = "【基准正文开始】", "【基准正文结束】"


def seed_body() -> str:
    """The body of a real seed article, as its sources.csv row delimits it."""
    with (ROOT / "data/raw/sources.csv").open(encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["source_file"] == SEED)
    text = (ROOT / "data/raw" / SEED).read_text(encoding="utf-8")
    segments = body_segments(text, row)
    return text[segments[0][0] : segments[-1][1]]


def run_on() -> str:
    """The seed body as one run-on sentence: no 。！？； and no line ends, only commas."""
    body = seed_body()
    for mark in "。！？；\n":
        body = body.replace(mark, "，")
    return body + "，"


# a statistical bulletin's table pasted as text: figures and labels, no sentence end at all
BULLETIN = (
    "总诊疗人次95.5亿 出院人数3.0亿 医院床位数975.0万张 卫生技术人员1155万人 "
    "执业医师478万人 注册护士563万人 婴儿死亡率4.5‰ 孕产妇死亡率15.1/10万 "
)

TEXTS = {"seed": seed_body, "table": lambda: "男性1人，女性2人；", "runon": run_on,
         "bulletin": lambda: BULLETIN}  # fmt: skip


def make_project(folder: Path, size_kb: int, kind: str = "seed") -> Path:
    """A copy of data/ in ``folder`` with one more article of about ``size_kb`` KB of body."""
    data = folder / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("processed", "*.tmp"))
    if not size_kb:
        return data  # the baseline: the committed data alone
    body = TEXTS[kind]()
    repeats = max(1, size_kb * 1000 // len(body.encode("utf-8")))
    joint = "" if kind in ("runon", "bulletin") else "\n"  # one line, however long
    text = f"基准文章\n{BEGIN}\n" + joint.join([body] * repeats) + f"\n{END}\n"
    name = "900_benchmark.txt"
    (data / "raw" / name).write_text(text, encoding="utf-8")
    row = {
        "doc_id": "benchmark", "source_file": name, "published": "2024-01-01", "region": "Zibo",
        "publisher": "benchmark", "title": "benchmark", "body_from": BEGIN, "body_to": END,
        "exclude_from": "", "exclude_to": "", "date_evidence": "benchmark",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }  # fmt: skip
    sources = data / "raw/sources.csv"
    with sources.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with sources.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, header, lineterminator="\n").writerow(row)
    return data


def best_time(function, *args, repeat: int = 3) -> tuple[float, object]:
    """The shortest of ``repeat`` runs (this machine is shared), and the result."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - t0)
    return min(times), result


def measure(size_kb: int, kind: str) -> tuple[float, float, int]:
    """Seconds for uncurated_mentions and build_indicators, and the mentions left."""
    with tempfile.TemporaryDirectory() as folder:
        data = make_project(Path(folder), size_kb, kind)
        left_s, left = best_time(uncurated_mentions, data)
        build_s, _ = best_time(build_indicators, data)
    return left_s, build_s, len(left)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[100, 1000], metavar="KB")
    parser.add_argument("--text", nargs="+", choices=TEXTS, default=list(TEXTS))
    args = parser.parse_args(argv)
    small, large = args.sizes
    at_load = load()
    base = measure(0, "seed")
    print(f"committed data alone: uncurated_mentions {base[0]:.2f} s, "
          f"build_indicators {base[1]:.2f} s (best of 3 runs throughout) {at(at_load)}")  # fmt: skip
    for kind in args.text:
        times = {}
        for size in (small, large):
            at_load = load()
            *times[size], left = measure(size, kind)
            print(f"{kind:>5} {size:>5} KB: uncurated_mentions {times[size][0]:6.2f} s "
                  f"({left} mentions left), build_indicators {times[size][1]:6.2f} s {at(at_load)}")  # fmt: skip
        ratio = [times[large][i] / times[small][i] for i in (0, 1)]
        print(f"{kind:>5} ratio {large}/{small} KB: uncurated_mentions {ratio[0]:.1f}×, "
              f"build_indicators {ratio[1]:.1f}× (linear: at most {large / small:.0f}×; "
              f"quadratic: about {(large / small) ** 2:.0f}×)")  # fmt: skip


if __name__ == "__main__":
    main()
