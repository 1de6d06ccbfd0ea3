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

from zibo_analysis.vocab import FLAG_KINDS, LANGS, in_lang, unknown, value_words

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
    "projection_level": ("level", "", "level"),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def valid_values(indicators_csv: Path) -> dict[str, list[str]]:
    """The values each vocabulary may take, read from the built table with the csv module;
    under ``names``, the ids by the names a reader may write instead (淄博市, 城镇新增就业):
    the indicators' from the table, the regions' from data/regions.csv when it is beside."""
    seen: dict[str, set[str]] = {"region": set(), "topic": set(), "indicator": set()}
    names: dict[str, str] = {}
    with open(indicators_csv, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            seen["region"].add(row["region"])
            seen["topic"].add(row["topic"])
            seen["indicator"].add(row["indicator_id"])
            names[row["indicator_zh"]] = names[row["indicator_en"]] = row["indicator_id"]
    regions = Path(indicators_csv).parent.parent / "regions.csv"
    if regions.is_file():
        with open(regions, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("region_id") in seen["region"]:
                    names[row.get("name_zh", "")] = names[row.get("name_en", "")] = row["region_id"]
    valid = _with_fixed({k: sorted(v) for k, v in seen.items()})
    valid["names"] = {k: v for k, v in names.items() if k and k != v}  # type: ignore[assignment]
    return valid


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

    >>> valid = {"region": ["Xuecheng", "Zibo"], "topic": [], "indicator": ["a"], "lang": ["en"],
    ...          "flag_kind": []}
    >>> for line in parameter_problems({"region": "Nowhere", "start": "2025-01-01", "end": "2024-01-01"}, valid):
    ...     print(line)
    region: unknown region "Nowhere" (valid: all, Xuecheng, Zibo)
    start 2025-01-01 is after end 2024-01-01; swap them
    """
    problems = []
    for name, value in params.items():
        if name not in RULES:
            continue
        what, vocab, shape = RULES[name]
        problem = _check(name, value, what, choices(name, valid) or [], shape, valid.get("names"))
        if problem:
            problems.append(problem)
    start, end = _date(params.get("start")), _date(params.get("end"))
    if start and end and start > end:
        problems.append(f"start {start} is after end {end}; swap them")
    return problems


def _check(
    name: str, value, what: str, allowed: list[str], shape: str, names: dict | None = None
) -> str | None:
    if shape == "list":
        if not isinstance(value, list | tuple):
            return f'{name}: expected a list such as ["{allowed[0] if allowed else "..."}"], got {value!r}'
        bad = [v for v in value if v not in allowed]
        return "; ".join(f"{name}: {unknown(what, v, allowed, names)}" for v in bad) or None
    if shape in ("one", "one_or_all", "one_or_empty"):
        if shape == "one_or_empty" and value == "":
            return None  # the notebook chooses from the data
        if not isinstance(value, str) or value not in allowed:
            return f"{name}: {unknown(what, value, allowed, names)}"
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
    if shape == "level":  # 0: the notebook chooses, half as much again as the last report
        return (
            None
            if value >= 0
            else f"{name}: {value!r} must be 0 (half as much again as the last report) or above"
        )
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


# The sentences of this module in each language (`vocab.in_lang`). In Chinese a selection is
# a phrase that opens the sentence it qualifies (所选范围（…）内没有…), in English one that ends it.
WORDS = {
    "en": {
        "region": "for {v}",
        "topic": "on {v}",
        "indicator": "of {v}",
        "flag_kind": "of kind {v}",
        "between": "between {start} and {end}",
        "from": "from {start}",
        "to": "up to {end}",
        "join": " ",
        "list": ", ",
        "selection": "{parts}",
        "everything": "in the data",
        "window_empty": "Window: the span of the data; no {what} in this selection.",
        "span": "the span of the data",
        "runs": "the data runs from {first} to {last}",
        "window_all": "Window: {lo} to {hi}, {span}; no {one} is left out.",
        "left_out_name": "{name} {as_of} ({doc})",
        "more": ", and {n} more (listed in the table below)",
        "window_one": "Window: {lo} to {hi} (the data runs from {first} to {last}). "
        "1 {one} of the data falls outside it and is not shown: {names}{more}.",
        "window_many": "Window: {lo} to {hi} (the data runs from {first} to {last}). "
        "{n} {what} of the data fall outside it and are not shown: {names}{more}.",
        "no_figures": "No figures yet: {m} article{s}, none curated.",
        "dataset": "{n} quoted from {m} published {when}, for {k} ({regions}), referring to {span}.",
        "on": "on {day}",
        "from_to": "from {first} to {last}",
        "years": "{first} to {last}",
    },
    "zh": {
        "region": "地区：{v}",
        "topic": "主题：{v}",
        "indicator": "指标：{v}",
        "flag_kind": "问题类型：{v}",
        "between": "{start}至{end}",
        "from": "{start}起",
        "to": "截至{end}",
        "join": "；",
        "list": "、",
        "selection": "所选范围（{parts}）内",
        "everything": "数据中",
        "window_empty": "时间范围：数据的全部时段；本次选择中没有{what}。",
        "span": "即数据的全部时段",
        "runs": "数据时段为{first}至{last}",
        "window_all": "时间范围：{lo}至{hi}，{span}，没有{one}被排除在外。",
        "left_out_name": "{name} {as_of}（{doc}）",
        "more": "，另有{n}{measure}（见下表）",
        "window_one": "时间范围：{lo}至{hi}（数据时段为{first}至{last}）。数据中有1{measure}{one}不在此范围内，未予显示：{names}{more}。",
        "window_many": "时间范围：{lo}至{hi}（数据时段为{first}至{last}）。数据中有{n}{measure}{what}不在此范围内，未予显示：{names}{more}。",
        "no_figures": "尚无数据：共{m}篇报道，均未整理。",
        "dataset": "共{n}个数字，引自{m}篇报道（发布于{when}），涉及{k}个地区（{regions}），所指年份为{span}。",
        "on": "{day}",
        "from_to": "{first}至{last}",
        "years": "{first}至{last}年",
    },
}
# What a window counts (``what``), in Chinese: the noun and its measure word.
WHAT_ZH = {"figures": ("数字", "个"), "rates": ("比率", "项")}


def selection_words(
    region: str | list[str] | None = None,
    topics: list[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    indicator_ids: list[str] | None = None,
    flag_kinds: list[str] | None = None,
    lang: str = "en",
) -> str:
    """The filters of a selection in words, for a sentence that says it is empty: in English
    a phrase that ends the sentence, in Chinese one that opens it. Ids stay ids; topics and
    flag kinds are read as words.

    >>> selection_words(region=["Xuecheng"], start="2030-01-01", end="2030-12-31")
    'for Xuecheng between 2030-01-01 and 2030-12-31'
    >>> selection_words(region="all", flag_kinds=["jump"])
    'of kind jump'
    >>> selection_words(region=["Xuecheng"], topics=["public_health"], end="2030-12-31", lang="zh")
    '所选范围（地区：Xuecheng；主题：公共卫生；截至2030-12-31）内'
    """
    w = in_lang(WORDS, lang)
    if isinstance(region, str):
        region = [] if region == "all" else [region]
    read = (lambda v: value_words(v, lang)) if lang == "zh" else str
    parts = []
    for key, values, show in (
        ("region", region, str),
        ("topic", topics, read),
        ("indicator", indicator_ids, str),
        ("flag_kind", flag_kinds, read),
    ):
        if values:
            parts.append(w[key].format(v=w["list"].join(show(v) for v in values)))
    if start and end:
        parts.append(w["between"].format(start=start, end=end))
    elif start:
        parts.append(w["from"].format(start=start))
    elif end:
        parts.append(w["to"].format(end=end))
    return w["selection"].format(parts=w["join"].join(parts)) if parts else w["everything"]


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
    indicators,
    start: str = "",
    end: str = "",
    listed: int = 8,
    what: str = "figures",
    lang: str = "en",
) -> str:
    """What a page's window is and what it leaves out, in one paragraph, in ``lang``.

    ``indicators`` is the table before the window (after any other selection): the figures
    the page is about (``what``: figures, rates ...). Those left out are counted and named,
    by indicator and date, up to ``listed`` of them.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"indicator_en": ["Jobs", "Jobs", "Rate"], "indicator_zh": ["就业", "就业", "比率"],
    ...     "doc_id": ["a", "b", "b"], "as_of": pd.to_datetime(["2018-07-31", "2024-12-31", "2024-12-31"])})
    >>> window_words(table)
    'Window: 2018-07-31 to 2024-12-31, the span of the data; no figure is left out.'
    >>> print(window_words(table, start="2021-01-01"))  # doctest: +NORMALIZE_WHITESPACE
    Window: 2021-01-01 to 2024-12-31 (the data runs from 2018-07-31 to 2024-12-31).
    1 figure of the data falls outside it and is not shown: Jobs 2018-07-31 (a).
    >>> window_words(table, start="2021-01-01", lang="zh")
    '时间范围：2021-01-01至2024-12-31（数据时段为2018-07-31至2024-12-31）。数据中有1个数字不在此范围内，未予显示：就业 2018-07-31（a）。'
    """
    w = in_lang(WORDS, lang)
    if lang == "zh":
        one, measure = WHAT_ZH.get(what, (what, "个"))
        what = one
    else:
        one, measure = what.removesuffix("s"), ""
    first, last = data_span(indicators)
    if not first:
        return w["window_empty"].format(what=what)
    lo, hi = window(indicators, start, end)
    if (lo, hi) == (first, last) or not len(out := left_out(indicators, start, end)):
        span = w["span"] if (lo, hi) == (first, last) else w["runs"].format(first=first, last=last)
        return w["window_all"].format(lo=lo, hi=hi, span=span, one=one)
    out = out.sort_values("as_of")
    column = "indicator_zh" if lang == "zh" and "indicator_zh" in out else "indicator_en"
    names = [
        w["left_out_name"].format(name=r[column], as_of=f"{r['as_of']:%Y-%m-%d}", doc=r["doc_id"])
        for r in out.head(listed).to_dict("records")
    ]
    more = w["more"].format(n=len(out) - listed, measure=measure) if len(out) > listed else ""
    sentence = w["window_one"] if len(out) == 1 else w["window_many"]
    return sentence.format(
        lo=lo,
        hi=hi,
        first=first,
        last=last,
        n=len(out),
        one=one,
        what=what,
        measure=measure,
        names="；".join(names) if lang == "zh" else "; ".join(names),
        more=more,
    )


# ---------------------------------------------------------- the dataset in words --


def dataset_words(articles, figures, region_names: dict | None = None, lang: str = "en") -> str:
    """The dataset as it is, in one sentence, counted from the data: how many figures, from
    how many articles published when, for which regions, referring to which years; in ``lang``.

    ``articles`` and ``figures`` are rows (dicts, or a DataFrame's records) with
    ``published``, and ``region`` and ``as_of``; ``region_names`` maps a region id to the
    name to show. Standard library only: the report's index calls it without pandas.

    >>> articles = [{"published": "2021-11-10"}, {"published": "2025-10-16"}]
    >>> figures = [{"region": "Zibo", "as_of": "2021-10-31"}, {"region": "Xuecheng", "as_of": "2025-12-31"}]
    >>> print(dataset_words(articles, figures))  # doctest: +NORMALIZE_WHITESPACE
    2 figures quoted from 2 articles published from 2021-11-10 to 2025-10-16,
    for 2 regions (Xuecheng, Zibo), referring to 2021 to 2025.
    >>> dataset_words(articles, figures, {"Zibo": "淄博市", "Xuecheng": "薛城区"}, lang="zh")
    '共2个数字，引自2篇报道（发布于2021-11-10至2025-10-16），涉及2个地区（淄博市、薛城区），所指年份为2021至2025年。'
    """
    w = in_lang(WORDS, lang)
    articles, figures = list(articles), list(figures)
    if not figures:
        return w["no_figures"].format(m=len(articles), s="" if len(articles) == 1 else "s")
    published = sorted(str(a["published"])[:10] for a in articles)
    names = region_names or {}
    regions = sorted({names.get(str(f["region"]), str(f["region"])) for f in figures})
    years = sorted({str(f["as_of"])[:4] for f in figures})
    n, m, k = len(figures), len(articles), len(regions)
    when = (
        w["on"].format(day=published[0])
        if published[0] == published[-1]
        else w["from_to"].format(first=published[0], last=published[-1])
    )
    span = (
        years[0] + ("年" if lang == "zh" else "")
        if years[0] == years[-1]
        else w["years"].format(first=years[0], last=years[-1])
    )
    if lang == "en":
        n, m, k = (
            f"{n:,} figure{'' if n == 1 else 's'}",
            f"{m} article{'' if m == 1 else 's'}",
            f"{k} region{'' if k == 1 else 's'}",
        )
    return w["dataset"].format(n=n, m=m, k=k, when=when, span=span, regions=w["list"].join(regions))
