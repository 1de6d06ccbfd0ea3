"""From quantities to facts: what each number measures, where, when, and whether it is a goal.

``find_facts(text, published)`` runs the extractor and reads each quantity
as a reader of official statistics does: the phrase it measures
(``subject``), the place (``region``), the date the figure refers to
(``as_of``, and ``period_start`` for a flow), ``status`` (actual or target),
``kind`` and, given a catalog, the indicator it reports. Traditional script
is read through a character-level mapping that keeps offsets, so ``start``
and ``end`` index the text as given. ``evidence`` names the words that
decided each field, for the analyst who reviews them.

The modules, each one concern: `find` (the reading itself), `text` (sentences and clauses),
`time` (periods and dates), `place` (regions), `subject`, `status` (status, kind, changes),
`indicator` and `catalog` (matching an indicator), `candidates` (curation rows pre-filled),
`review`, `words`.

>>> fact = find_facts("截至11月9日，淄博市累计接种新冠疫苗778.31万剂次。", "2021-11-10")[0]
>>> fact.text, fact.region, fact.as_of, fact.status, fact.kind, fact.subject
('778.31万剂次', '淄博市', '2021-11-09', 'actual', 'cumulative', '新冠疫苗')
"""

from __future__ import annotations

from zibo_analysis.facts.candidates import prefill_candidates
from zibo_analysis.facts.catalog import load_matcher, read_catalog
from zibo_analysis.facts.find import FACT_COLUMNS, Fact, find_facts, resolve_region

__all__ = [
    "Fact",
    "FACT_COLUMNS",
    "find_facts",
    "load_matcher",
    "prefill_candidates",
    "read_catalog",
    "resolve_region",
]
