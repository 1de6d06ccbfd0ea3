"""Candidate curation rows pre-filled from the facts of their article."""

from __future__ import annotations

__all__ = ["prefill_candidates"]


def prefill_candidates(rows, text: str, published, region: str | None, catalog, regions=None):
    """Candidate curation rows pre-filled from the facts of their article.

    ``rows`` has the columns of ``zibo-analysis candidates`` (doc_id, quote, mention,
    occurrence, indicator_id, region, as_of, status, note, start, value, unit, qualifier);
    ``start`` says which quantity each row is. ``region`` may be a region id of
    data/regions.csv when ``regions`` (region_id, name_zh) is given; regions found in the text
    come back as ids where regions.csv knows them, else as Chinese names (add them there).
    Returns a copy with indicator_id, region, as_of and status filled, and ``score`` and
    ``evidence`` added; rows whose quantity is not found keep their values.
    """
    import pandas as pd  # only here: importing zibo_analysis.facts stays free of pandas

    from zibo_analysis.facts import find_facts

    to_zh, to_id = {}, {}
    if regions is not None:
        to_zh = dict(zip(regions["region_id"], regions["name_zh"], strict=True))
        to_id = {v: k for k, v in to_zh.items()}
    zh = to_zh.get(region, region) if region else None
    by_start = {f.start: f for f in find_facts(text, published, zh, catalog)}
    out = rows.copy()
    filled = {
        "indicator_id": [],
        "region": [],
        "as_of": [],
        "status": [],
        "score": [],
        "evidence": [],
    }
    for row in out.itertuples(index=False):
        f = by_start.get(int(row.start))
        if f is None:
            for col in ("indicator_id", "region", "as_of", "status"):
                filled[col].append(getattr(row, col))
            filled["score"].append(pd.NA)
            filled["evidence"].append("")
            continue
        filled["indicator_id"].append(f.indicator_id)
        filled["region"].append(to_id.get(f.region, f.region))
        filled["as_of"].append(f.as_of)
        filled["status"].append(f.status)
        filled["score"].append(f.score)
        why = (
            f.evidence
            if f.indicator_id
            else f"{f.evidence}; new indicator? {f.proposed_id} ({f.name_zh})"
        )
        filled["evidence"].append(why)
    return out.assign(**filled)
