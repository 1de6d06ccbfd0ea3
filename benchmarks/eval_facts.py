"""`make eval`: how often the pre-filled fields of find_facts are right, per field.

Two sets of articles, each with its curation as the answer:

- **seeds**: the five articles of ``data/``, each left out in turn: it is read with a catalog that
  lacks the indicators only it reports (they are what a new article brings);
- **held-out**: ``benchmarks/heldout/``, ten articles of our own in the manner of other cities',
  provinces' and national releases (two in traditional script), which no rule was written or tuned
  on; read with the project's whole ``data/catalog.csv``.

Both are read with the reference catalog (``data/reference/``) as well, as ``facts`` and
``candidates`` read them. Each curated row is compared with the fact find_facts gives for the
same quantity, the article's region given as ``candidates`` gives it (its ``sources.csv`` row):

- ``indicator``: the curated id when the catalog or the reference has it (a reference id comes
  back marked to be added with ``zibo-analysis catalog add``), else no id (a proposal is then right);
- ``region``: the curated region's Chinese name (and, apart, with the region inferred from the
  text as ``zibo-analysis facts`` does without ``--region``);
- ``as_of``, ``period_start``, ``status``: equal to the curation; ``all``: the five together.

No rule reads a curation: it only scores.

    .venv/bin/python -m benchmarks.eval_facts
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import pandas as pd

from zibo_analysis.config import DATA_DIR
from zibo_analysis.facts import find_facts, load_matcher, read_catalog
from zibo_analysis.quantities import find_quantities

HELDOUT = Path(__file__).resolve().parent / "heldout"
FIELDS = ["indicator", "region", "as_of", "period_start", "status"]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def body_segments(text: str, src: dict) -> list[tuple[int, int]]:
    """The article body: body_from … body_to, less exclude_from … exclude_to (as sources.csv says)."""
    start = text.find(src["body_from"])
    end = text.find(src["body_to"], start) + len(src["body_to"])
    if not src["exclude_from"]:
        return [(start, end)]
    cut = text.find(src["exclude_from"], start)
    cut_end = text.find(src["exclude_to"], cut) + len(src["exclude_to"])
    return [(start, cut), (cut_end, end)]


def locate(row: dict, text: str, segments, quantities) -> int | None:
    """Start of the quantity a curation row designates (its quote, occurrence and mention)."""
    quote, starts, at = row["quote"], [], text.find(row["quote"])
    while at >= 0:
        if any(a <= at and at + len(quote) <= b for a, b in segments):
            starts.append(at)
        at = text.find(quote, at + 1)
    if not starts:
        return None
    start = starts[int(row["occurrence"]) - 1 if row["occurrence"] else 0]
    inside = [q for q in quantities if start <= q.start and q.end <= start + len(quote)]
    if row["mention"]:
        inside = [q for q in inside if q.text == row["mention"]]
    return inside[0].start if inside else None


def _score(set_name: str, doc_id: str, rows, text, src, zh, matcher, known: set[str]) -> list[dict]:
    started = time.perf_counter()
    given = {f.start: f for f in find_facts(text, src["published"], zh[src["region"]], matcher)}
    seconds = time.perf_counter() - started
    inferred = {f.start: f for f in find_facts(text, src["published"], None, matcher)}
    segments, quantities = body_segments(text, src), find_quantities(text)
    out = []
    for row in rows:
        at = locate(row, text, segments, quantities)
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
    sources = _read(folder / "raw/sources.csv")
    curation = _read(folder / "curation.csv")
    zh = {r["region_id"]: r["name_zh"] for r in _read(folder / "regions.csv")}
    matcher = load_matcher(read_catalog(data_dir / "catalog.csv"))
    rows = []
    for src in sources:
        text = (folder / "raw" / src["source_file"]).read_text(encoding="utf-8")
        mine = [r for r in curation if r["doc_id"] == src["doc_id"]]
        rows += _score("held-out", src["doc_id"], mine, text, src, zh, matcher, matcher.ids)
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
    verbose = "-v" in (argv if argv is not None else sys.argv[1:])
    for name, results in (("seeds (leave-one-out)", evaluate()), ("held-out", evaluate_heldout())):
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
