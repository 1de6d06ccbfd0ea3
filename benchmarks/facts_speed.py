"""The facts step against extraction on the same text, and its scaling: `make bench` prints it.

Four kinds of text, each built to ``size`` characters:

- **prose**: the five articles' lines, in turn;
- **plan**: sentences of a plan, every other figure a target with a deadline (到2025年底, 年内);
- **run-on**: the prose with every sentence end turned into a comma and no line breaks, one
  sentence as long as the text;
- **table**: a bulletin's table without 。: rows of cells longer than a heading, one paragraph.

For each: seconds of ``find_quantities`` and of ``find_facts`` (with the project's catalog and
the reference), their ratio (goal: at most 3), and the facts time at ten times the text over
the time at the text (goal: at most about 12; linear work costs 10). Then the start-up of
``zibo-analysis facts`` on one line against ``zibo-analysis extract`` on the same line (goal:
at most 1.5), best of several runs, with the load average beside.

    .venv/bin/python -m benchmarks.facts_speed [--size 20000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.run import paragraphs

ROOT = Path(__file__).resolve().parents[1]

# Our own plan sentences, in the manner of five-year and annual plans of several places.
_PLAN = [
    "到2025年底，全市每千人口医疗卫生机构床位数达到7.2张，每千人口执业（助理）医师达到3.4人。",
    "力争到2027年，城镇新增就业累计达到30万人以上，城镇调查失业率控制在5.5%以内。",
    "年内新建社区卫生服务中心8处、村卫生室120家，二级以上公立医院预约诊疗率不低于70%。",
    "到“十四五”末，婴儿死亡率降至3.5‰以下，孕产妇死亡率控制在10/10万以下。",
    "2022年，全市已建成县域医共体12个，家庭医生签约服务覆盖率达到68.5%。",
    "计划于2026年6月底前完成120家乡镇卫生院提标改造，每千人口托位数达到4.5个。",
]
_CELLS = ["医疗卫生机构数（个） 1071240 1032918", "医院（个） 38410 36976",
          "基层医疗卫生机构（个） 1016500 979768", "床位数（万张） 1018.2 975.0",
          "卫生技术人员（万人） 1247.5 1165.8", "总诊疗人次（亿） 95.2 84.2"]  # fmt: skip


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def texts(size: int) -> dict[str, str]:
    """The four kinds of text, ``size`` characters each."""
    prose = "\n".join(paragraphs()) + "\n"
    run_on = prose.translate(
        str.maketrans({"。": "，", "；": "，", "！": "，", "？": "，", "\n": ""})
    )
    return {
        "prose": _fill(prose, size),
        "plan": _fill("\n".join(_PLAN) + "\n", size),
        "run-on": _fill(run_on, size),
        "table": _fill("  ".join(_CELLS) + "  ", size),
    }


def _best(function, *args, repeat: int = 3, before=None) -> float:
    best = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.process_time()
        function(*args)
        best = min(best, time.process_time() - started)
    return best


def compare(size: int = 20_000, scale: int = 10) -> list[tuple[str, float, float, float]]:
    """(kind, extraction seconds, facts seconds, facts at ``scale``× the text / facts)."""
    from zibo_analysis.facts import find_facts, load_matcher, read_catalog
    from zibo_analysis.quantities import find_quantities

    matcher = load_matcher(read_catalog(ROOT / "data/catalog.csv"))
    find_facts("淄博市新增就业1人。", "2024-01-01", None, matcher)  # load the tables once
    small, large = texts(size), texts(size * scale)
    rows = []
    for kind, text in small.items():
        extract = _best(find_quantities, text)
        # the matcher's memo of matches is emptied before each run: no run reuses another's
        facts = _best(find_facts, text, "2024-06-30", "淄博市", matcher, before=matcher.forget)
        bigger = _best(find_facts, large[kind], "2024-06-30", "淄博市", matcher, repeat=1,
                       before=matcher.forget)  # fmt: skip
        rows.append((kind, extract, facts, bigger / facts))
    return rows


def _seconds(command: list[str], stdin: str, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            command, input=stdin.encode(), check=True, stdout=subprocess.DEVNULL, cwd=ROOT
        )
        best = min(best, time.perf_counter() - started)
    return best


def startup() -> tuple[float, float]:
    """Seconds of `zibo-analysis facts` and `zibo-analysis extract` on one line, best of 5."""
    line = "截至3月27日24时，全市累计接种新冠疫苗3亿5857.6万剂次。\n"
    cli = [sys.executable, "-m", "zibo_analysis.cli"]
    facts = _seconds([*cli, "facts", "-", "--published", "2022-03-28", "--region", "淄博市"], line)
    extract = _seconds([*cli, "extract", "-"], line)
    return facts, extract


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000, help="characters of each text")
    args = parser.parse_args(argv)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"facts against extraction, {args.size:,} characters of each text (load average {load})")
    for kind, extract, facts, scaling in compare(args.size):
        print(f"  {kind:7s} extract {extract:7.3f} s  facts {facts:7.3f} s  "
              f"facts/extract {facts / extract:5.2f} (goal <= 3)  10x text: {scaling:5.1f}x time (goal <= 12)")  # fmt: skip
    facts, extract = startup()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"  one line: facts {facts:.2f} s, extract {extract:.2f} s, "
          f"ratio {facts / extract:.2f} (goal <= 1.5; load average {load})")  # fmt: skip


if __name__ == "__main__":
    main()
