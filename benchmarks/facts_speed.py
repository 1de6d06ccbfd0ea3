"""The facts step against extraction, in one process on the same text; how it scales; and the
start-up of `zibo-analysis facts` against `extract`, on one line each.

Two kinds of text: prose (the five articles, each read with its publication date) and
plan-like text, a made-up development plan full of deadlines and targets (到2027年底 …
达到 …), in simplified and traditional script, which is where the facts step's date
patterns work hardest. The scaling also runs on run-on text (the prose with every sentence end
a comma, no line breaks) and on a bulletin's table without 。, where a step quadratic in the
length of a sentence shows. Each is timed in processor seconds (other work on the machine
counts less), the best of repeated passes.

Run with ``python -m benchmarks.facts_speed``.

>>> plan = plan_text(2_000)
>>> len(plan), "到20" in plan
(2000, True)
"""

from __future__ import annotations

import csv
import random
import time
from collections.abc import Callable

from benchmarks.measure import ROOT, at, best, cli, load, run

FACTS_GOAL = 3.0  # facts within 3x of extraction on the same text
SCALING_GOAL = 12.0  # 10x the text costs at most about 12x the time
STARTUP_GOAL = 1.5  # `facts` on one line within 1.5x of `extract` on one line
ONE_LINE = "截至3月27日24时，全市累计接种新冠疫苗3亿5857.6万剂次。\n"

# Sentences in the manner of provincial, city and county plans (our own words), with the
# numbers and years drawn at random: {y} a year, {a}-{u} figures.
PLAN_SENTENCES = (
    "到{y}年底，全市建成社区医院{a}家，每千常住人口执业（助理）医师数达到{s}人。",
    "力争到{y}年，县域内就诊率稳定在{p}%以上，基层医疗卫生机构诊疗量占比不低于{q}%。",
    "到{y}年6月底前，完成{a}个乡镇卫生院提档升级，新增床位{c}张。",
    "确保{y}年城镇新增就业{d}万人以上，城镇调查失业率控制在{r}%以内。",
    "至{y}年末，全区家庭医生签约服务覆盖率提高到{p}%，重点人群签约率达到{q}%以上。",
    "{y}年前，二级以上医院检查检验结果互认项目不少于{a}项。",
    "到{y}年，全省培训全科医生{c}名，每万名居民拥有全科医生{s}名。",
    "到{y}年底前，累计发放创业担保贷款{e}亿元，扶持{d}万人创业。",
    "到{y}年底，全縣建成標準化村衛生室{a}個，基層中醫館覆蓋率達到{p}%。",
    "力爭至{y}年，孕產婦死亡率降至{s}/10萬以下，嬰兒死亡率控制在{t}‰以內。",
    "到{y}年，居民健康素养水平达到{p}%，人均预期寿命再提高{u}岁。",
    "年内新增养老机构床位{c}张，到{y}年底护理型床位占比达到{q}%。",
)
PLAN_HEADINGS = ("（一）总体目标", "（二）主要指标", "（三）重点任务", "（四）保障措施")


def plan_text(characters: int, seed: int = 20) -> str:
    """Plan-like text of exactly ``characters`` characters (see the module's docstring)."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < characters:
        if rng.random() < 0.08:
            part = rng.choice(PLAN_HEADINGS) + "\n"
        else:
            part = rng.choice(PLAN_SENTENCES).format(
                y=rng.randint(2025, 2030), a=rng.randint(12, 980), c=rng.randint(100, 9000),
                d=round(rng.uniform(1, 12), 1), e=round(rng.uniform(1, 40), 2),
                p=round(rng.uniform(60, 99), 1), q=rng.randint(40, 95), r=round(rng.uniform(3, 6), 1),
                s=round(rng.uniform(1, 9), 1), t=round(rng.uniform(2, 6), 1), u=round(rng.uniform(0.5, 2), 1),
            ) + ("\n" if rng.random() < 0.3 else "")  # fmt: skip
        parts.append(part)
        size += len(part)
    return "".join(parts)[:characters]


def articles() -> list[tuple[str, str]]:
    """(text, published) of each raw article."""
    with (ROOT / "data/raw/sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [((ROOT / "data/raw" / r["source_file"]).read_text(encoding="utf-8"), r["published"]) for r in rows]  # fmt: skip


def prose_text(characters: int) -> str:
    """The articles one after another, repeated to ``characters`` characters."""
    whole = "\n".join(text for text, _ in articles()) + "\n"
    return (whole * (characters // len(whole) + 1))[:characters]


def matcher():
    """The indicator catalogs as `zibo-analysis facts` reads them by default: data/catalog.csv
    and the reference catalog. Its memo of matches is emptied before each timed pass
    (``forget``), so that no pass reuses another's work."""
    from zibo_analysis.facts import load_matcher, read_catalog

    return load_matcher(read_catalog(ROOT / "data/catalog.csv"))


def run_on_text(characters: int) -> str:
    """The prose with every sentence end a comma and no line breaks: one sentence."""
    ends = str.maketrans({"。": "，", "；": "，", "！": "，", "？": "，", "\n": ""})
    whole = prose_text(max(characters * 2, 10_000)).translate(ends)
    return (whole * (characters // len(whole) + 1))[:characters]


# A bulletin's table pasted without 。: rows of cells, longer than a heading, in one paragraph.
TABLE_CELLS = ("医疗卫生机构数（个） 1071240 1032918", "医院（个） 38410 36976",
               "基层医疗卫生机构（个） 1016500 979768", "床位数（万张） 1018.2 975.0",
               "卫生技术人员（万人） 1247.5 1165.8", "总诊疗人次（亿） 95.2 84.2")  # fmt: skip


def table_text(characters: int) -> str:
    """A table without 。 of ``characters`` characters (see TABLE_CELLS)."""
    whole = "  ".join(TABLE_CELLS) + "  "
    return (whole * (characters // len(whole) + 1))[:characters]


def cpu_seconds(
    work: Callable[[], object], min_seconds: float = 1.0, max_repeats: int = 20
) -> float:
    """The best processor time of ``work`` over passes lasting ``min_seconds`` in all."""
    best_time, spent, repeats = float("inf"), 0.0, 0
    while (spent < min_seconds or repeats < 2) and repeats < max_repeats:
        started = time.process_time()
        work()
        elapsed = time.process_time() - started
        best_time, spent, repeats = min(best_time, elapsed), spent + elapsed, repeats + 1
    return best_time


def bench_throughput() -> dict:
    """MB/s of find_quantities and of find_facts on prose and on plan-like text."""
    from zibo_analysis.facts import find_facts
    from zibo_analysis.quantities import find_quantities

    catalog = matcher()
    docs = articles()
    plan = plan_text(sum(len(t) for t, _ in docs))
    kinds = {"prose (the five articles)": docs, "plan-like text": [(plan, "2023-02-15")]}
    print("facts against extraction: one process, the same text, processor time, best of repeats")
    figures = {}
    for label, texts in kinds.items():
        size = sum(len(t.encode("utf-8")) for t, _ in texts) / 1e6
        at_load = load()
        extract = cpu_seconds(lambda texts=texts: [find_quantities(t) for t, _ in texts])
        facts = cpu_seconds(
            lambda texts=texts: [
                catalog.forget(),
                *(find_facts(t, p, None, catalog) for t, p in texts),
            ]
        )
        ratio = facts / extract
        figures[label] = ratio
        print(f"  {label:26} {size * 1e3:6.1f} kB  find_quantities {size / extract:6.2f} MB/s  "
              f"find_facts {size / facts:5.2f} MB/s  facts/extraction {ratio:5.1f}x "
              f"(goal <= {FACTS_GOAL:g}x) {at(at_load)}")  # fmt: skip
    return figures


def bench_scaling(n: int = 10_000) -> dict:
    """find_facts (and find_quantities, for comparison) at n and 10n characters."""
    from zibo_analysis.facts import find_facts
    from zibo_analysis.quantities import find_quantities

    catalog = matcher()
    print(f"facts scaling: processor time at n = {n:,} and 10n characters, best of 2")
    figures = {}
    kinds = (("prose", prose_text), ("plan-like text", plan_text), ("run-on text", run_on_text),
             ("table without 。", table_text))  # fmt: skip
    for label, make in kinds:
        small, large = make(n), make(10 * n)
        at_load = load()
        times = {}
        for name, step in (("find_facts", lambda t: (catalog.forget(), find_facts(t, "2023-02-15", None, catalog))),
                           ("find_quantities", find_quantities)):  # fmt: skip
            t_small = cpu_seconds(lambda step=step, text=small: step(text), min_seconds=0)
            t_large = cpu_seconds(
                lambda step=step, text=large: step(text), min_seconds=0, max_repeats=2
            )
            times[name] = (t_small, t_large)
        (f_small, f_large), (q_small, q_large) = times["find_facts"], times["find_quantities"]
        figures[label] = f_large / f_small
        print(f"  {label:16} find_facts {f_small:6.2f} s -> {f_large:7.2f} s  {f_large / f_small:5.1f}x "
              f"(goal <= {SCALING_GOAL:g}x)   find_quantities {q_large / q_small:5.1f}x {at(at_load)}")  # fmt: skip
    return figures


def bench_startup(repeats: int = 5) -> float:
    """`zibo-analysis facts` and `extract` on one line from stdin: wall time and memory."""
    line = ONE_LINE.encode("utf-8")
    commands = {
        "extract -": cli("extract", "-"),
        "facts - --published --region": cli("facts", "-", "--published", "2022-03-28", "--region", "淄博市"),
    }  # fmt: skip
    print(f"command start-up: one line on stdin, wall time, best of {repeats}")
    found = {}
    for label, command in commands.items():
        found[label] = best([run(command, stdin=line) for _ in range(repeats)])
        r = found[label]
        print(f"  zibo-analysis {label:30} {r.seconds:5.2f} s  {r.largest_mb:6.1f} MB peak RSS {at(r.load)}")  # fmt: skip
    ratio = found["facts - --published --region"].seconds / found["extract -"].seconds
    print(f"  facts / extract                          {ratio:5.2f}x  (goal <= {STARTUP_GOAL:g}x)")
    return ratio


def main() -> None:
    bench_throughput()
    bench_scaling()
    bench_startup()


if __name__ == "__main__":
    main()
