"""`make eval`: how often the pre-filled fields of find_facts are right, per field.

Three sets of articles, each with its curation as the answer:

- **seeds**: the five articles of ``data/``, each left out in turn: it is read with a catalog that
  lacks the indicators only it reports (they are what a new article brings);
- **tuning**: ``benchmarks/tuning/``, nine articles of our own in the manner of other provinces',
  cities', counties' and national releases (two in traditional script): the rules are tuned on
  these and on the seeds;
- **held-out**: ``benchmarks/heldout/``, ten articles of our own in the same manner, which no rule
  was written or tuned on.

The tuning and held-out sets are read with the project's whole ``data/catalog.csv``.

Both are read with the reference catalog (``data/reference/``) as well, as ``facts`` and
``candidates`` read them. Each curated row is compared with the fact find_facts gives for the
same quantity, the article's region given as ``candidates`` gives it (its ``sources.csv`` row):

- ``indicator``: the curated id when the catalog or the reference has it (a reference id comes
  back marked to be added with ``zibo-analysis catalog add``), else no id (a proposal is then right);
- ``region``: the curated region's Chinese name (and, apart, with the region inferred from the
  text as ``zibo-analysis facts`` does without ``--region``);
- ``as_of``, ``period_start``, ``status``: equal to the curation; ``all``: the five together.

No rule reads a curation: it only scores.

    .venv/bin/python -m benchmarks.eval_facts [-v] [--sets seeds,tuning,held-out]

``-v`` lists the rows with a field wrong; ``--sets`` names the sets to score (all three by
default; while tuning rules, leave out held-out).
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from zibo_analysis.config import DATA_DIR
from zibo_analysis.dataset import Article, body_segments, locate
from zibo_analysis.facts import find_facts, load_matcher, read_catalog

HELDOUT = Path(__file__).resolve().parent / "heldout"
TUNING = Path(__file__).resolve().parent / "tuning"
SETS = ("seeds", "tuning", "held-out")
FIELDS = ["indicator", "region", "as_of", "period_start", "status"]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def quantity_start(row: dict, article: Article) -> int | None:
    """Start of the quantity a curation row designates, located as the build locates it
    (`zibo_analysis.dataset.locate`: its quote in the body, occurrence and mention); None
    where the build would refuse the row."""
    fields = {k: row[k] for k in ("quote", "mention", "occurrence")}
    found = locate(SimpleNamespace(**fields, line=None), article, "curation.csv", issues=[])
    return None if found is None else found.quantity.start


def _score(set_name: str, doc_id: str, rows, text, src, zh, matcher, known: set[str]) -> list[dict]:
    started = time.perf_counter()
    given = {f.start: f for f in find_facts(text, src["published"], zh[src["region"]], matcher)}
    seconds = time.perf_counter() - started
    inferred = {f.start: f for f in find_facts(text, src["published"], None, matcher)}
    article = Article.of(src["doc_id"], src["source_file"], text, body_segments(text, src))
    out = []
    for row in rows:
        at = quantity_start(row, article)
        fact, guess = given.get(at), inferred.get(at)
        expected = row["indicator_id"] if row["indicator_id"] in known else ""
        right = {
            "indicator": fact is not None and fact.indicator_id == expected,
            "region": fact is not None and fact.region == zh[row["region"]],
            "as_of": fact is not None and fact.as_of == row["as_of"],
            "period_start": fact is not None and fact.period_start == row["period_start"],
            "status": fact is not None and fact.status == row["status"],
        }
        out.append({
            "set": set_name, "doc_id": doc_id, "seconds": seconds, "found": fact is not None,
            **right, "all": all(right.values()),
            "region_inferred": guess is not None and guess.region == zh[row["region"]],
            "known": bool(expected), "quote": row["quote"], "mention": row["mention"],
            "got": "" if fact is None else " ".join(
                f"{k}={getattr(fact, 'indicator_id' if k == 'indicator' else k)}"
                for k, ok in right.items() if not ok),
            "want": " ".join(f"{k}={expected if k == 'indicator' else row['region' if k == 'region' else k]}"
                             for k, ok in right.items() if not ok),
        })  # fmt: skip
    return out


def evaluate(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The seeds, each article left out in turn (its own indicators taken out of the catalog)."""
    sources = _read(data_dir / "raw/sources.csv")
    catalog = read_catalog(data_dir / "catalog.csv")
    curation = _read(data_dir / "curation.csv")
    zh = {r["region_id"]: r["name_zh"] for r in _read(data_dir / "regions.csv")}
    rows = []
    for src in sources:
        text = (data_dir / "raw" / src["source_file"]).read_text(encoding="utf-8")
        mine = [r for r in curation if r["doc_id"] == src["doc_id"]]
        others = {r["indicator_id"] for r in curation if r["doc_id"] != src["doc_id"]}
        own = {r["indicator_id"] for r in mine} - others
        kept = [r for r in catalog if r["indicator_id"] not in own]
        matcher = load_matcher(kept)
        known = matcher.ids
        rows += _score("seeds", src["doc_id"], mine, text, src, zh, matcher, known)
    return pd.DataFrame(rows)


def evaluate_heldout(folder: Path = HELDOUT, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The held-out articles, read with the project's whole catalog and the reference."""
    return evaluate_folder(folder, data_dir, "held-out")


def evaluate_tuning(folder: Path = TUNING, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The tuning articles, read with the project's whole catalog and the reference."""
    return evaluate_folder(folder, data_dir, "tuning")


def evaluate_folder(folder: Path, data_dir: Path = DATA_DIR, name: str = "") -> pd.DataFrame:
    """The articles of ``folder`` (laid out as benchmarks/heldout/), read with the project's
    whole catalog and the reference."""
    name = name or folder.name
    sources = _read(folder / "raw/sources.csv")
    curation = _read(folder / "curation.csv")
    zh = {r["region_id"]: r["name_zh"] for r in _read(folder / "regions.csv")}
    matcher = load_matcher(read_catalog(data_dir / "catalog.csv"))
    rows = []
    for src in sources:
        text = (folder / "raw" / src["source_file"]).read_text(encoding="utf-8")
        mine = [r for r in curation if r["doc_id"] == src["doc_id"]]
        rows += _score(name, src["doc_id"], mine, text, src, zh, matcher, matcher.ids)
    return pd.DataFrame(rows)


def summary(results: pd.DataFrame) -> pd.DataFrame:
    """Share right per field, per article and for all of a set's rows."""

    def block(g: pd.DataFrame) -> pd.Series:
        return pd.Series({
            "rows": len(g), **{f: g[f].mean() for f in [*FIELDS, "all"]},
            "region (inferred)": g["region_inferred"].mean(),
            "known/new": f"{int(g['known'].sum())}/{int((~g['known']).sum())}",
        })  # fmt: skip

    per_doc = results.groupby("doc_id", sort=False).apply(block, include_groups=False)
    return pd.concat([per_doc, block(results).to_frame("all").T])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    verbose = "-v" in argv
    chosen = list(SETS)
    if "--sets" in argv:
        chosen = argv[argv.index("--sets") + 1].split(",")
        unknown = set(chosen) - set(SETS)
        if unknown:
            print(f"--sets: unknown {', '.join(sorted(unknown))}; choose from {', '.join(SETS)}")
            return 2
    runs = {
        "seeds": ("seeds (leave-one-out)", evaluate),
        "tuning": ("tuning", evaluate_tuning),
        "held-out": ("held-out", evaluate_heldout),
    }
    for key in chosen:
        name, run = runs[key]
        results = run()
        with pd.option_context("display.float_format", "{:.0%}".format, "display.width", 200):
            print(f"\n{name}: share of pre-filled fields right\n")
            print(summary(results).to_string())
        if verbose:
            wrong = results[~results["all"]]
            for row in wrong.itertuples():
                print(f"  {row.doc_id}: {row.quote} [{row.mention}] got {row.got}; want {row.want}")
        per_doc = results.groupby("doc_id", sort=False)["seconds"].first()
        print(f"find_facts on these {len(per_doc)} articles: {per_doc.sum():.3f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
