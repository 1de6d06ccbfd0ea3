"""What the quality rules write for a reader (each flag's ``detail``, where a review is
written), in English and in Chinese, and `Say`, which writes it in one language.

The rules build every sentence from these words, so a flag reads the same in both
languages apart from the language: `quality_flags(..., lang="zh")` gives the details in
Chinese, with the indicator's Chinese name and the region's (from the regions table);
ids, quotes and figures as printed stay as they are.

>>> say = Say("zh", {"Zibo": "淄博市"})
>>> say.region("Zibo"), say("reports_disagree", name="名医基层工作站数", region="淄博市", date="2021-11-10",
...     first="101个", first_doc="a", other="123个", other_doc="b")[:26]
('淄博市', '名医基层工作站数（淄博市）2021-11-10的数字')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from zibo_analysis.vocab import in_lang, value_words

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "name": "{en} ({zh})",
        "figure": "{mention} ({doc}, as of {date})",
        "sep": "; ",
        "list": ", ",
        # series.py
        "cumulative_fell": (
            "a running total cannot fall, so the two reports count different things or one of them is wrong"
        ),
        "stock_fell": "a stock can fall (closures, mergers), but check whether the two reports use the same scope",
        "still_below": " The later figure is a lower bound (余/多/以上), yet still below the earlier one.",
        "count_went_down": (
            "{name} in {region} went down from {before} to {after}: {why}.{bound} Compare the quotes: "
            "「{quote_before}」 and 「{quote_after}」."
        ),
        "reports_disagree": (
            "{name} in {region} on {date} is {first} in {first_doc} but {other} in {other_doc}: two reports "
            "of one figure disagree; keep both and check which scope each counts."
        ),
        "rate_out_of_range": (
            "{name} in {region} is {figure}, but a rate in {unit} must lie between 0 and {whole:,}: "
            "a growth figure (增长…%) belongs to an indicator of kind change."
        ),
        "no_population": (
            "no whole population gives {rate} from {count} (it would need between {low:.0f} and {high:.0f})"
        ),
        "fewer_than_counted": "{count} at {rate} implies fewer people than were counted",
        "denominator_mismatch": (
            "{name} in {region}: {problem}; the rate and the count beside it cannot share a denominator, "
            "so one of them counts another population or is misprinted."
        ),
        "jump": (
            "{name} in {region} moved from {before} to {after}, {pace} a month against {rest} "
            "a month over the rest of the series ({times:.1f} times): check for a change of scope or a typo."
        ),
        # populations.py
        "needs": "{count} at {rate} needs {range}{also}",
        "same_population": " ({name}: the same population in the catalog)",
        "range": "{low:.0f} to {high:.0f}",
        "one_of": "one of {members}",
        "between": "between {low} and {high}",
        "only_one": "only {n} gives",
        "only_some": "only {k} whole numbers give",
        "population_is": (
            "in {doc} the population is {listed}, since {evidence}, and within that range {gives} {mention}"
        ),
        "other_is": "{why}; in {doc} it is {listed}, since {evidence}",
        "near": ": {k}/{n} is {low:.2f}{sym} and {k1}/{n} is {high:.2f}{sym}",
        "smallest": "; the smallest population that gives {mention} is {n}",
        "no_share": "{why}; no share of it prints as {mention}{near}{least}",
        "populations_differ": (
            "{name} in {region} is {first} in {first_doc} ({first_date}) and {other} in {other_doc} ({other_date}), "
            "{days} days apart, but the two cannot be shares of one population: {detail}. The change "
            "from {first} to {other} is a change of scope, not progress; check what each article counts."
        ),
        # wording.py
        "scope_mislabelled": (
            "{name}: {child} for {child_region} and {parent} for {parent_region}, which contains "
            "it, are {days} days apart, nearly equal, and worded alike ({alike:.0%}): 「{child_quote}」"
            " and 「{parent_quote}」. Probably one figure given two scopes: check whether {parent_region}'s "
            "figure is really {child_region}'s (or the reverse) before comparing either with other figures."
        ),
        "described": "「{words}」 in {doc}",
        "descriptions_differ": (
            "{name} in {region} is {mention} in {n} articles, but the counted set is described as {described}. "
            "One count with several descriptions: check whether the articles mean one set (and say so "
            "in the curation note) or different sets that happen to have the same size."
        ),
        # claims.py
        "coverage_claim": "「{sentence}」 claims the whole set ({words}), but {why}",
        "rate_below": (
            "the same sentence gives {mention} for 「{quote}」 (shared words: {shared}). Check whether "
            "the claim means a service offered everywhere while the rate counts who was reached, "
            "or the claim is wider than the figure."
        ),
        "count_above": (
            "the article also counts {mention} of 「{head}」 (「{quote}」), more than the {base} the "
            "claim rests on (「{base_quote}」). Check whether each of those covers more than one, or "
            "the claim is wider than the count."
        ),
        "parts_listed": "the parts it lists",
        "parts_under": "the parts listed under 其中",
        "parts_do_not_add_up": (
            "「{sentence}」: {listed} add up to {printed} = {total_parts:g}, but the total printed "
            "with them is {total}, a difference beyond rounding. Both cannot be true: check for a "
            "missing, repeated or misprinted part."
        ),
        # changes.py
        "change_disagrees": (
            "{name} in {region}: {level} and its stated change {change} (「{quote}」, a change on {base}) "
            "imply {value:,.6g} for {period} ({low:,.6g} to {high:,.6g} at the precision printed), "
            "but {reported} gave {mention} for it. The two reports cannot both hold as printed: check "
            "whether the earlier figure was revised, or the two count different scopes."
        ),
        # review.py
        "line": "{file} line {line}",
        "a_curation_note": "a curation note",
    },
    "zh": {
        "name": "{zh}",
        "figure": "{mention}（{doc}，截至{date}）",
        "sep": "；",
        "list": "、",
        "cumulative_fell": "累计数不会减少，说明两次报道统计的对象不同，或其中之一有误",
        "stock_fell": "存量可能减少（关停、合并），但须核查两次报道的统计口径是否一致",
        "still_below": "后一数字为下限（余/多/以上），却仍低于前一数字。",
        "count_went_down": "{name}（{region}）从{before}降至{after}：{why}。{bound}请对照原文：「{quote_before}」与「{quote_after}」。",
        "reports_disagree": (
            "{name}（{region}）{date}的数字，{first_doc}报道为{first}，{other_doc}报道为{other}：同一数字的两次报道不一致；两"
            "者均予保留，请核查各自的统计口径。"
        ),
        "rate_out_of_range": "{name}（{region}）为{figure}，但以{unit}计的比率应在0至{whole:,}之间：增长幅度（增长…%）应归入变化类指标。",
        "no_population": "没有任何整数总数能由{count}得出{rate}（所需总数应在{low:.0f}至{high:.0f}之间）",
        "fewer_than_counted": "{count}对应{rate}，推算出的总数少于已计入的数量",
        "denominator_mismatch": "{name}（{region}）：{problem}；该比率与其旁的计数不可能有同一分母，二者之一统计的是另一总体，或有印刷错误。",
        "jump": (
            "{name}（{region}）从{before}变为{after}，每月变动{pace}，而序列其余时段每月变动{rest}（相差{times:.1f}倍"
            "）：请核查是否口径变化或录入有误。"
        ),
        "needs": "{count}对应{rate}，总数须为{range}{also}",
        "same_population": "（{name}：目录中为同一总体）",
        "range": "{low:.0f}至{high:.0f}",
        "one_of": "{members}之一",
        "between": "{low}至{high}之间",
        "only_one": "只有{n}能得出",
        "only_some": "只有{k}个整数能得出",
        "population_is": "{doc}中的总数为{listed}，因为{evidence}，而在此范围内{gives}{mention}",
        "other_is": "{why}；{doc}中的总数为{listed}，因为{evidence}",
        "near": "：{k}/{n}为{low:.2f}{sym}，{k1}/{n}为{high:.2f}{sym}",
        "smallest": "；能得出{mention}的最小总数为{n}",
        "no_share": "{why}；该总数的任何比例都不会印作{mention}{near}{least}",
        "populations_differ": (
            "{name}（{region}）在{first_doc}（{first_date}）为{first}，在{other_doc}（{other_date}）为{other}，"
            "相隔{days}天，但两者不可能是同一总体中的比例：{detail}。从{first}到{other}的变化是口径变化，而非进展；请核查两篇报道各自统计的对象。"
        ),
        "scope_mislabelled": (
            "{name}：{child_region}的{child}与包含它的{parent_region}的{parent}相隔{days}天，数值几乎相等，表述相近（相似度{alike:.0%}）"
            "：「{child_quote}」与「{parent_quote}」。很可能是同一数字被赋予了两种口径：在与其他数字比较之前，请核查{parent_region}的数字是"
            "否其实属于{child_region}（或相反）。"
        ),
        "described": "{doc}称「{words}」",
        "descriptions_differ": (
            "{name}（{region}）在{n}篇报道中均为{mention}，但所计对象的表述各不相同：{described}。同一计数、多种表述：请核查这些报道所指是否为同"
            "一对象（并在整理说明中注明），抑或恰好数量相同的不同对象。"
        ),
        "coverage_claim": "「{sentence}」称全部覆盖（{words}），但{why}",
        "rate_below": "同一句中「{quote}」给出的是{mention}（共同词语：{shared}）。请核查：该说法是否指服务处处可及，而比率统计的是实际覆盖的人；抑或说法比数字所指更宽。",
        "count_above": (
            "该报道另计有「{head}」{mention}（「{quote}」），多于该说法所依据的{base}（「{base_quote}」）。请核查其中每一个是否覆盖不止一处，"
            "抑或说法比计数所指更宽。"
        ),
        "parts_listed": "所列各分项",
        "parts_under": "“其中”所列分项",
        "parts_do_not_add_up": (
            "「{sentence}」：{listed}合计{printed} = {total_parts:g}，但同时印出的合计数为{total}，差额超出四舍五入的范围。两者不"
            "可能同时成立：请核查是否有分项遗漏、重复或印错。"
        ),
        "change_disagrees": (
            "{name}（{region}）：{level}及其所述变化{change}（「{quote}」，相对{base}）推算出{period}为{value:,.6g}（按"
            "印出的精度在{low:,.6g}至{high:,.6g}之间），但{reported}给出的是{mention}。两次报道按印出的数字不可能同时成立：请核查前一数字是否"
            "经过修订，或两者统计口径不同。"
        ),
        "line": "{file} 第{line}行",
        "a_curation_note": "整理说明",
    },
}


@dataclass(frozen=True)
class Say:
    """The quality rules' words in one language: ``say(key, **fields)`` is a sentence,
    ``say.name(row)`` an indicator, ``say.figure(row)`` a figure with its source, and
    ``say.region(id)`` a region by its name in ``lang`` (``places``, id -> name; the id
    where it has none)."""

    lang: str = "en"
    places: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        in_lang(WORDS, self.lang)  # a language the report does not speak is refused here

    def __call__(self, key: str, **fields) -> str:
        return WORDS[self.lang][key].format(**fields)

    def word(self, key: str) -> str:
        return WORDS[self.lang][key]

    def region(self, region: object) -> str:
        return self.places.get(str(region), str(region))

    def value(self, value: object) -> str:
        """A vocabulary value (a unit, a change base) as a reader reads it."""
        return value_words(value, self.lang) if self.lang == "zh" else str(value).replace("_", " ")

    def name(self, row) -> str:
        """ "Famous-doctor stations (名医基层工作站数)", in Chinese 名医基层工作站数."""
        return self("name", en=row["indicator_en"], zh=row["indicator_zh"])

    def figure(self, row) -> str:
        """ "101个 (zibo-2021-11, as of 2021-11-10)": a figure as printed, with its source."""
        return self(
            "figure", mention=row["mention"], doc=row["doc_id"], date=f"{row['as_of']:%Y-%m-%d}"
        )

    def pair(self, key: str, before, after, **fields) -> str:
        """The sentence ``key`` about two figures of one series, earlier and later: the
        indicator's name and region, each figure with its source, and ``fields``."""
        return self(
            key,
            name=self.name(before),
            region=self.region(before["region"]),
            before=self.figure(before),
            after=self.figure(after),
            **fields,
        )


ENGLISH = Say()
