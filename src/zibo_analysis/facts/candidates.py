"""Candidate curation rows pre-filled from the facts of their article."""

from __future__ import annotations

__all__ = ["prefill_candidates"]


def prefill_candidates(rows, text: str, published, region: str | None, catalog, regions=None):
    """Candidate curation rows pre-filled from the facts of their article.

    ``rows`` has the columns of ``zibo-analysis candidates`` (doc_id, quote, mention,
    occurrence, indicator_id, region, as_of, period_start, status, note, start, value, unit,
    qualifier);
    ``start`` says which quantity each row is. ``region`` may be a region id of
    data/regions.csv when ``regions`` (region_id, name_zh) is given; regions found in the text
    come back as ids where regions.csv knows them, else as Chinese names (add them there).
    Returns a copy with indicator_id, region, as_of, period_start (the first day of the
    period a flow, a running total or a change covers; empty for a level at a date) and
    status filled, ``value`` signed as a change's words say, and ``score``, ``evidence`` and
    ``catalog_add`` added (the id of a reference indicator the row needs in data/catalog.csv:
    ``zibo-analysis catalog add`` it, or empty); rows whose quantity is not found keep their
    values. A change is filled with a change indicator (never the level's id):
    where the catalog has none, the evidence proposes ``<level>_change``.
    """
    import pandas as pd  # only here: importing zibo_analysis.facts stays free of pandas

    from zibo_analysis.facts.find import find_facts, resolve_region

    to_zh, to_id = {}, {}
    if regions is not None:
        to_zh = dict(zip(regions["region_id"], regions["name_zh"], strict=True))
        for region_id, name in to_zh.items():
            to_id[name] = region_id
            try:  # the facts name each place as the gazetteer does: 中国 is 全国, 河南 河南省
                to_id.setdefault(resolve_region(name).name, region_id)
            except ValueError:
                pass  # a name the gazetteer does not know (or knows twice): as written
    zh = to_zh.get(region, region) if region else None
    by_start = {f.start: f for f in find_facts(text, published, zh, catalog)}
    out = rows.copy()
    if "period_start" not in out:
        out.insert(out.columns.get_loc("as_of") + 1, "period_start", "")
    filled = {
        "indicator_id": [],
        "region": [],
        "as_of": [],
        "period_start": [],
        "status": [],
        "score": [],
        "evidence": [],
        "catalog_add": [],
        "value": [],  # a change signed by its words (同比减少0.29万人 is -2900), as the build signs it
    }
    for row in out.itertuples(index=False):
        f = by_start.get(int(row.start))
        if f is None:
            for col in ("indicator_id", "region", "as_of", "period_start", "status"):
                filled[col].append(getattr(row, col))
            filled["score"].append(pd.NA)
            filled["evidence"].append("")
            filled["catalog_add"].append("")
            filled["value"].append(row.value)
            continue
        filled["indicator_id"].append(f.indicator_id)
        filled["region"].append(to_id.get(f.region, f.region))
        filled["as_of"].append(f.as_of)
        filled["period_start"].append(f.period_start)
        filled["status"].append(f.status)
        filled["score"].append(f.score)
        why = (
            f.evidence
            if f.indicator_id
            else f"{f.evidence}; new indicator? {f.proposed_id} ({f.name_zh}"
            + (", kind change: set change_of and change_base)" if f.kind == "change" else ")")
        )
        filled["evidence"].append(why)
        filled["catalog_add"].append(f.indicator_id if f.proposed_id == f.indicator_id else "")
        filled["value"].append(f.value)
    return out.assign(**filled)
