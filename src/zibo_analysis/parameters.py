"""Notebook parameters, checked against the data before a notebook runs.

The report runner calls `parameter_problems` with `valid_values` read from
indicators.csv (standard library only, so the check costs no pandas import);
each notebook's first cell calls `check_parameters` on the loaded table, so that a
lab user gets the same messages.

>>> import pandas as pd
>>> table = pd.DataFrame({"region": ["Zibo"], "topic": ["employment"], "indicator_id": ["x"]})
>>> check_parameters(table, regions=["zibo"], lang="fr")
Traceback (most recent call last):
...
ValueError: regions: unknown region "zibo"; did you mean "Zibo"? (valid: Zibo)
lang: unknown language "fr" (valid: en, zh)
"""

from __future__ import annotations

import csv
import math
import re
from datetime import date
from pathlib import Path

from zibo_analysis.vocab import FLAG_KINDS, LANGS, unknown

# name -> (what each value is, the vocabulary it comes from, shape): the parameter names
# the notebooks declare. Outside checks rely on these names; keep them.
RULES: dict[str, tuple[str, str, str]] = {
    "region": ("region", "region", "one_or_all"),
    "regions": ("region", "region", "list"),
    "topics": ("topic", "topic", "list"),
    "indicator_ids": ("indicator", "indicator", "list"),
    "projection_indicator": ("indicator", "indicator", "one_or_empty"),
    "lang": ("language", "lang", "one"),
    "flag_kinds": ("flag kind", "flag_kind", "list"),
    "start": ("date", "", "date"),
    "end": ("date", "", "date"),
    "min_points": ("number of reports", "", "min_points"),
    "projection_level": ("level", "", "positive"),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def valid_values(indicators_csv: Path) -> dict[str, list[str]]:
    """The values each vocabulary may take, read from the built table with the csv module."""
    seen: dict[str, set[str]] = {"region": set(), "topic": set(), "indicator": set()}
    with open(indicators_csv, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            seen["region"].add(row["region"])
            seen["topic"].add(row["topic"])
            seen["indicator"].add(row["indicator_id"])
    return _with_fixed({k: sorted(v) for k, v in seen.items()})


def valid_from_table(indicators) -> dict[str, list[str]]:
    """The same vocabularies from a loaded indicator table (a DataFrame)."""
    columns = {"region": "region", "topic": "topic", "indicator": "indicator_id"}
    return _with_fixed({k: sorted(indicators[c].astype(str).unique()) for k, c in columns.items()})


def _with_fixed(found: dict[str, list[str]]) -> dict[str, list[str]]:
    return {**found, "lang": list(LANGS), "flag_kind": list(FLAG_KINDS)}


def choices(name: str, valid: dict[str, list[str]]) -> list[str] | None:
    """The values a parameter may take, or None when it is free (a date, a number)."""
    rule = RULES.get(name)
    if rule is None or not rule[1]:
        return None
    extra = ["all"] if rule[2] == "one_or_all" else []
    return extra + valid[rule[1]]


def parameter_problems(params: dict, valid: dict[str, list[str]]) -> list[str]:
    """One line per problem in ``params`` (a notebook's parameters, defaults included).

    Names the notebooks do not share with `RULES` are not checked here.

    >>> valid = {"region": ["Xuecheng", "Zibo"], "topic": [], "indicator": ["a"], "lang": ["en"], "flag_kind": []}
    >>> parameter_problems({"region": "Nowhere", "start": "2025-01-01", "end": "2024-01-01"}, valid)
    ['region: unknown region "Nowhere" (valid: all, Xuecheng, Zibo)', 'start 2025-01-01 is after end 2024-01-01; swap them']
    """
    problems = []
    for name, value in params.items():
        if name not in RULES:
            continue
        what, vocab, shape = RULES[name]
        problem = _check(name, value, what, choices(name, valid) or [], shape)
        if problem:
            problems.append(problem)
    start, end = _date(params.get("start")), _date(params.get("end"))
    if start and end and start > end:
        problems.append(f"start {start} is after end {end}; swap them")
    return problems


def _check(name: str, value, what: str, allowed: list[str], shape: str) -> str | None:
    if shape == "list":
        if not isinstance(value, list | tuple):
            return f'{name}: expected a list such as ["{allowed[0] if allowed else "..."}"], got {value!r}'
        bad = [v for v in value if v not in allowed]
        return "; ".join(f"{name}: {unknown(what, v, allowed)}" for v in bad) or None
    if shape in ("one", "one_or_all", "one_or_empty"):
        if shape == "one_or_empty" and value == "":
            return None  # the notebook chooses from the data
        if not isinstance(value, str) or value not in allowed:
            return f"{name}: {unknown(what, value, allowed)}"
        return None
    if shape == "date":
        if value in (None, "") or _date(value):
            return None
        return f"{name}: {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2022-01-01"
    if shape == "min_points":
        if isinstance(value, bool) or not isinstance(value, int) or value < 2:
            return f"{name}: {value!r} must be a whole number of reports, 2 or more (a line needs two points)"
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return f"{name}: {value!r} must be a number"
    return None if value > 0 else f"{name}: {value!r} must be above 0"


def _date(value) -> date | None:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def check_parameters(indicators, **params) -> None:
    """Raise one ValueError naming every bad parameter value and the valid ones.

    ``indicators`` is the loaded table; pass the notebook's parameters by name.
    """
    problems = parameter_problems(params, valid_from_table(indicators))
    if problems:
        raise ValueError("\n".join(problems))


def select(
    indicators,
    regions: str | list[str] | None = None,
    start: str | None = None,
    end: str | None = None,
):
    """The rows a notebook's parameters ask for: regions ("all", one id or a list, where an
    empty list means all) and figures dated within [start, end] (targets by their due date;
    an empty ``start`` or ``end`` leaves that side open)."""
    import pandas as pd

    if isinstance(regions, str):
        regions = [] if regions == "all" else [regions]
    keep = pd.Series(True, index=indicators.index)
    if regions:
        keep &= indicators["region"].isin(regions)
    if start:
        keep &= indicators["as_of"] >= pd.Timestamp(start)
    if end:
        keep &= indicators["as_of"] <= pd.Timestamp(end)
    return indicators[keep]


def selection_words(
    region: str | list[str] | None = None,
    topics: list[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    indicator_ids: list[str] | None = None,
    flag_kinds: list[str] | None = None,
) -> str:
    """The filters of a selection in words, for a sentence that says it is empty.

    >>> selection_words(region=["Xuecheng"], start="2030-01-01", end="2030-12-31")
    'for Xuecheng between 2030-01-01 and 2030-12-31'
    >>> selection_words(region="all", flag_kinds=["jump"])
    'of kind jump'
    """
    if isinstance(region, str):
        region = [] if region == "all" else [region]
    parts = []
    if region:
        parts.append("for " + ", ".join(region))
    if topics:
        parts.append("on " + ", ".join(topics))
    if indicator_ids:
        parts.append("of " + ", ".join(indicator_ids))
    if flag_kinds:
        parts.append("of kind " + ", ".join(flag_kinds))
    if start and end:
        parts.append(f"between {start} and {end}")
    elif start:
        parts.append(f"from {start}")
    elif end:
        parts.append(f"up to {end}")
    return " ".join(parts) or "in the data"


# ------------------------------------------------------------------ windows --


def data_span(indicators) -> tuple[str, str]:
    """The first and last date the figures refer to (targets by their due date), as
    YYYY-MM-DD; ("", "") for an empty table."""
    dates = indicators["as_of"].dropna()
    if dates.empty:
        return "", ""
    return f"{dates.min():%Y-%m-%d}", f"{dates.max():%Y-%m-%d}"


def window(indicators, start: str = "", end: str = "") -> tuple[str, str]:
    """A page's window: ``start`` and ``end`` as given, each empty one the data's own first
    or last date, so that by default nothing is left out (a window given one end beyond the
    data is that one day wide on the other side)."""
    first, last = data_span(indicators)
    lo, hi = start or first, end or last
    if lo > hi:
        lo, hi = (lo, lo) if not end else (hi, hi)
    return lo, hi


def left_out(indicators, start: str = "", end: str = ""):
    """The figures a window leaves out: dated before ``start`` or after ``end``."""
    kept = select(indicators, start=start or None, end=end or None)
    return indicators.drop(index=kept.index)


def window_words(
    indicators, start: str = "", end: str = "", listed: int = 8, what: str = "figures"
) -> str:
    """What a page's window is and what it leaves out, in one paragraph.

    ``indicators`` is the table before the window (after any other selection): the figures
    the page is about (``what``: figures, rates ...). Those left out are counted and named,
    by indicator and date, up to ``listed`` of them.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"indicator_en": ["Jobs", "Jobs", "Rate"], "doc_id": ["a", "b", "b"],
    ...     "as_of": pd.to_datetime(["2018-07-31", "2024-12-31", "2024-12-31"])})
    >>> window_words(table)
    'Window: 2018-07-31 to 2024-12-31, the span of the data; no figure is left out.'
    >>> window_words(table, start="2021-01-01")
    'Window: 2021-01-01 to 2024-12-31 (the data runs from 2018-07-31 to 2024-12-31). 1 figure of the data falls outside it and is not shown: Jobs 2018-07-31 (a).'
    """
    first, last = data_span(indicators)
    one_word = what.removesuffix("s")
    if not first:
        return f"Window: the span of the data; no {what} in this selection."
    lo, hi = window(indicators, start, end)
    if (lo, hi) == (first, last) or not len(out := left_out(indicators, start, end)):
        span = (
            "the span of the data"
            if (lo, hi) == (first, last)
            else f"the data runs from {first} to {last}"
        )
        return f"Window: {lo} to {hi}, {span}; no {one_word} is left out."
    out = out.sort_values("as_of")
    names = [f"{r['indicator_en']} {r['as_of']:%Y-%m-%d} ({r['doc_id']})" for r in out.head(listed).to_dict("records")]  # fmt: skip
    more = (
        f", and {len(out) - listed} more (listed in the table below)" if len(out) > listed else ""
    )
    one = len(out) == 1
    return (f"Window: {lo} to {hi} (the data runs from {first} to {last}). {len(out)} "
            f"{one_word if one else what} of the data {'falls' if one else 'fall'} outside it and "
            f"{'is' if one else 'are'} not shown: {'; '.join(names)}{more}.")  # fmt: skip


# ---------------------------------------------------------- the dataset in words --


def dataset_words(articles, figures, region_names: dict | None = None) -> str:
    """The dataset as it is, in one sentence, counted from the data: how many figures, from
    how many articles published when, for which regions, referring to which years.

    ``articles`` and ``figures`` are rows (dicts, or a DataFrame's records) with
    ``published``, and ``region`` and ``as_of``; ``region_names`` maps a region id to the
    name to show. Standard library only: the report's index calls it without pandas.

    >>> dataset_words([{"published": "2021-11-10"}, {"published": "2025-10-16"}],
    ...     [{"region": "Zibo", "as_of": "2021-10-31"}, {"region": "Xuecheng", "as_of": "2025-12-31"}])
    '2 figures quoted from 2 articles published from 2021-11-10 to 2025-10-16, for 2 regions (Xuecheng, Zibo), referring to 2021 to 2025.'
    """
    articles, figures = list(articles), list(figures)
    if not figures:
        return f"No figures yet: {len(articles)} article{'' if len(articles) == 1 else 's'}, none curated."
    published = sorted(str(a["published"])[:10] for a in articles)
    names = region_names or {}
    regions = sorted({names.get(str(f["region"]), str(f["region"])) for f in figures})
    years = sorted({str(f["as_of"])[:4] for f in figures})
    n, m = len(figures), len(articles)
    when = (
        f"on {published[0]}"
        if published[0] == published[-1]
        else f"from {published[0]} to {published[-1]}"
    )
    span = years[0] if years[0] == years[-1] else f"{years[0]} to {years[-1]}"
    return (f"{n:,} figure{'' if n == 1 else 's'} quoted from {m} article{'' if m == 1 else 's'} "
            f"published {when}, for {len(regions)} region{'' if len(regions) == 1 else 's'} "
            f"({', '.join(regions)}), referring to {span}.")  # fmt: skip
