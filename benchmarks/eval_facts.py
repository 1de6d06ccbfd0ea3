"""Leave-one-out accuracy of find_facts against data/curation.csv.

Each article is read in turn with a catalog that lacks the indicators only it
reports (they are what a new article brings), and each curated row is
compared with the fact find_facts gives for the same quantity:

- ``as_of``, ``status``: equal to the curation;
- ``region``: the curated region's Chinese name, with the article's region
  given (as ``zibo-analysis candidates`` does) and with it inferred from the
  text (as ``zibo-analysis facts`` does without ``--region``);
- ``indicator``: the curated id when the reduced catalog still has it, and
  no match (an empty id) when it does not: a proposal is then the right answer.

No rule reads curation.csv: the left-out article's curation only scores it.

    PYTHONPATH=src python -m benchmarks.eval_facts
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

from zibo_analysis.config import DATA_DIR
from zibo_analysis.facts import find_facts
from zibo_analysis.facts.indicator import IndicatorMatcher
from zibo_analysis.quantities import find_quantities


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def body_segments(text: str, src) -> list[tuple[int, int]]:
    """The article body: body_from … body_to, less exclude_from … exclude_to (as sources.csv says)."""
    start = text.find(src.body_from)
    end = text.find(src.body_to, start) + len(src.body_to)
    if not src.exclude_from:
        return [(start, end)]
    cut = text.find(src.exclude_from, start)
    cut_end = text.find(src.exclude_to, cut) + len(src.exclude_to)
    return [(start, cut), (cut_end, end)]


def locate(row, text: str, segments, quantities) -> int | None:
    """Start of the quantity a curation row designates (its quote, occurrence and mention)."""
    starts, at = [], text.find(row.quote)
    while at >= 0:
        if any(a <= at and at + len(row.quote) <= b for a, b in segments):
            starts.append(at)
        at = text.find(row.quote, at + 1)
    if not starts:
        return None
    start = starts[int(row.occurrence) - 1 if row.occurrence else 0]
    inside = [q for q in quantities if start <= q.start and q.end <= start + len(row.quote)]
    if row.mention:
        inside = [q for q in inside if q.text == row.mention]
    return inside[0].start if len(inside) >= 1 else None


def evaluate(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    sources = _read(data_dir / "raw/sources.csv")
    catalog = _read(data_dir / "catalog.csv")
    curation = _read(data_dir / "curation.csv")
    zh = dict(zip(*_read(data_dir / "regions.csv")[["region_id", "name_zh"]].T.values, strict=True))
    rows = []
    for src in sources.itertuples():
        text = (data_dir / "raw" / src.source_file).read_text(encoding="utf-8")
        mine = curation[curation["doc_id"] == src.doc_id]
        others = set(curation.loc[curation["doc_id"] != src.doc_id, "indicator_id"])
        kept = catalog[~catalog["indicator_id"].isin(set(mine["indicator_id"]) - others)]
        matcher = IndicatorMatcher(kept.to_dict("records"))
        started = time.perf_counter()
        given = {f.start: f for f in find_facts(text, src.published, zh[src.region], matcher)}
        seconds = time.perf_counter() - started
        inferred = {f.start: f for f in find_facts(text, src.published, None, matcher)}
        segments, quantities = body_segments(text, src), find_quantities(text)
        for row in mine.itertuples():
            at = locate(row, text, segments, quantities)
            fact, guess = given.get(at), inferred.get(at)
            in_catalog = row.indicator_id in set(kept["indicator_id"])
            rows.append({
                "doc_id": src.doc_id, "seconds": seconds, "found": fact is not None,
                "as_of": fact is not None and fact.as_of == row.as_of,
                "status": fact is not None and fact.status == row.status,
                "region": fact is not None and fact.region == zh[row.region],
                "region_inferred": guess is not None and guess.region == zh[row.region],
                "in_catalog": in_catalog,
                "indicator": fact is not None and fact.indicator_id == (row.indicator_id if in_catalog else ""),
            })  # fmt: skip
    return pd.DataFrame(rows)


def summary(results: pd.DataFrame) -> pd.DataFrame:
    def block(g: pd.DataFrame) -> pd.Series:
        known, new = g[g["in_catalog"]], g[~g["in_catalog"]]
        return pd.Series({
            "rows": len(g),
            "as_of": g["as_of"].mean(),
            "status": g["status"].mean(),
            "region": g["region"].mean(),
            "region (inferred)": g["region_inferred"].mean(),
            "indicator": g["indicator"].mean(),
            "  known: right id": known["indicator"].mean() if len(known) else float("nan"),
            "  new: no match": new["indicator"].mean() if len(new) else float("nan"),
            "known/new": f"{len(known)}/{len(new)}",
        })  # fmt: skip

    table = pd.concat(
        [results.groupby("doc_id", sort=False).apply(block, include_groups=False),
         block(results).to_frame("all").T]
    )  # fmt: skip
    return table


def main() -> int:
    results = evaluate()
    table = summary(results)
    with pd.option_context("display.float_format", "{:.0%}".format, "display.width", 200):
        print("Leave-one-out accuracy of find_facts against data/curation.csv\n")
        print(table.to_string())
    per_doc = results.groupby("doc_id", sort=False)["seconds"].first()
    print(f"\nfind_facts on the five articles: {per_doc.sum():.3f} s in all "
          f"(the first call includes loading the gazetteer)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
