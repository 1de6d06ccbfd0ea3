"""The five rules that read across articles and into their sentences, each on small articles
of our own, firing where they should and silent where they should not."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import make_indicators

from zibo_analysis.quality import quality_flags
from zibo_analysis.quality.text import clause_span

REGIONS = pd.DataFrame(
    {"region_id": ["Alpha", "North", "South"], "parent_id": ["", "Alpha", "Alpha"]}
)


def article(doc_id: str, text: str, figures: list[dict], **common) -> tuple[list[dict], dict]:
    """Rows whose quote is the clause around each figure, located in ``text`` as the dataset
    does it; figures give mention, indicator_id, value (and unit, kind ... as needed)."""
    rows, used = [], set()
    for figure in figures:
        figure = {**common, **figure}
        at = text.index(figure["mention"])
        while at in used:
            at = text.index(figure["mention"], at + 1)
        used.add(at)
        after = at + len(figure["mention"])
        left, right = clause_span(text, at, after)
        rows.append(
            {
                "doc_id": doc_id,
                "region": "Alpha",
                "as_of": "2024-03-01",
                **figure,
                "quote": text[left:right],
                "start": left,
                "end": right,
                "mention_start": at,
                "mention_end": after,
            }
        )
    return rows, {"doc_id": doc_id, "text": text}


def flags_of(*articles, kinds=None, **tables) -> pd.DataFrame:
    rows = [r for rs, _ in articles for r in rs]
    texts = pd.DataFrame([t for _, t in articles])
    return quality_flags(make_indicators(rows), kinds=kinds, articles=texts, **tables)


def kinds_of(flags: pd.DataFrame) -> list[str]:
    return flags["kind"].tolist()


# ------------------------------------------------- populations_differ --

CATALOG = pd.DataFrame(
    {
        "indicator_id": ["clinic_basic_rate", "clinic_model_rate"],
        "definition": [
            "Share of village clinics that meet the basic standard.",
            "Share of village clinics that meet the model standard.",
        ],
    }
)
RATE = {"kind": "rate", "unit": "percent"}


def _clinic_rates(later: str, days: str = "2024-03-22", counts: bool = True):
    text_a = "村卫生室达标率87.50%；其中12家达示范标准，示范率30%。"
    figures = [{"mention": "87.50%", "indicator_id": "clinic_basic_rate", "value": 87.5, **RATE}]
    if counts:
        figures += [
            {"mention": "12家", "indicator_id": "clinic_model", "value": 12, "unit": "家"},
            {
                "mention": "30%",
                "indicator_id": "clinic_model_rate",
                "value": 30,
                "numerator_id": "clinic_model",
                **RATE,
            },
        ]
    a = article("spring", text_a, figures, as_of="2024-03-01")
    b = article(
        "summer",
        f"全区村卫生室达标率{later}。",
        [
            {
                "mention": later,
                "indicator_id": "clinic_basic_rate",
                "value": float(later[:-1]),
                **RATE,
            }
        ],
        as_of=days,
    )
    return a, b


def test_rates_that_cannot_share_a_population():
    # 12 at 30% needs 39.3 to 40.7 clinics: 40; 87.50% of 40 is 35, but no k/40 prints as 88.10%.
    (flag,) = flags_of(*_clinic_rates("88.10%"), catalog=CATALOG).itertuples()
    assert (flag.kind, flag.severity, flag.indicator_id) == (
        "populations_differ",
        "check",
        "clinic_basic_rate",
    )
    assert "in spring the population is 40, since 12家 at 30% needs 40" in flag.detail
    assert "35/40 is 87.50% and 36/40 is 90.00%" in flag.detail
    assert "the smallest population that gives 88.10% is 42" in flag.detail  # 37/42
    assert "a change of scope, not progress" in flag.detail
    assert flag.doc_ids == ["spring", "summer"]


def test_rates_that_may_share_a_population_stay_unflagged():
    assert flags_of(*_clinic_rates("90.00%"), catalog=CATALOG).empty  # 36/40


def test_without_a_count_a_rate_says_nothing_about_its_population():
    assert flags_of(*_clinic_rates("88.10%", counts=False), catalog=CATALOG).empty
    assert flags_of(*_clinic_rates("88.10%")).empty  # no catalog: 30% counts other clinics


def test_rates_far_apart_may_count_a_changed_population():
    assert flags_of(*_clinic_rates("88.10%", days="2025-06-01"), catalog=CATALOG).empty


def test_each_rate_with_its_own_count():
    def pair(count: int, rate: str):
        return [
            {"mention": f"{count}家", "indicator_id": "signed", "value": count, "unit": "家"},
            {
                "mention": rate,
                "indicator_id": "signed_rate",
                "value": float(rate[:-1]),
                "numerator_id": "signed",
                **RATE,
            },
        ]

    a = article("a", "签约45家，签约率90.00%。", pair(45, "90.00%"))  # 50
    same = article("b", "签约46家，签约率92.00%。", pair(46, "92.00%"), as_of="2024-04-01")  # 50
    other = article("b", "签约60家，签约率92.31%。", pair(60, "92.31%"), as_of="2024-04-01")  # 65
    assert flags_of(a, same).empty
    (flag,) = flags_of(a, other).itertuples()
    assert "in a the population is 50" in flag.detail and "in b it is 65" in flag.detail


# -------------------------------------------------- scope_mislabelled --


def _dispatches(
    region_b="Alpha",
    text_b="全市累计派出医生2400人次到村卫生室开展义诊。",
    value_b=2400,
    doc_b="city",
    as_of_b="2024-05-01",
):
    a = article(
        "north",
        "北区累计派出医生2315人次到村卫生室开展义诊。",
        [
            {
                "mention": "2315人次",
                "indicator_id": "doctor_visits",
                "value": 2315,
                "unit": "人次",
                "region": "North",
            }
        ],
    )
    mention = f"{value_b}人次"
    b = article(
        doc_b,
        text_b,
        [
            {
                "mention": mention,
                "indicator_id": "doctor_visits",
                "value": value_b,
                "unit": "人次",
                "region": region_b,
            }
        ],
        as_of=as_of_b,
    )
    return a, b


def test_one_figure_given_to_a_district_and_its_city():
    (flag,) = flags_of(*_dispatches(), regions=REGIONS).itertuples()
    assert (flag.kind, flag.severity, flag.region) == ("scope_mislabelled", "check", "North")
    assert "2315人次 (north, as of 2024-03-01) for North and 2400人次 (city" in flag.detail
    assert "Probably one figure given two scopes" in flag.detail


@pytest.mark.parametrize(
    "change",
    [
        {"text_b": "全市培训护士2400人次。"},  # other words
        {"text_b": "全市累计派出医生4000人次到村卫生室开展义诊。", "value_b": 4000},  # far apart
        {"region_b": "South"},  # sibling districts, neither contains the other
        {"as_of_b": "2025-01-01"},  # ten months later
    ],
    ids=["other_words", "other_value", "siblings", "months_apart"],
)
def test_scope_needs_parent_child_words_value_and_time(change):
    assert flags_of(*_dispatches(**change), regions=REGIONS).empty


def test_scope_needs_the_regions_table():
    assert flags_of(*_dispatches()).empty


# ------------------------------------------------ descriptions_differ --


def _hospitals(text_b: str):
    a = article(
        "a",
        "全市45家二级医院参与帮扶。",
        [{"mention": "45家", "indicator_id": "helpers", "value": 45, "unit": "家"}],
    )
    b = article(
        "b",
        text_b,
        [{"mention": "45家", "indicator_id": "helpers", "value": 45, "unit": "家"}],
        as_of="2024-09-01",
    )
    return a, b


def test_one_count_several_descriptions():
    (flag,) = flags_of(*_hospitals("从45家医疗机构选派专家。")).itertuples()
    assert (flag.kind, flag.severity) == ("descriptions_differ", "check")
    assert "45家 in 2 articles" in flag.detail
    assert "「二级医院参与帮扶」 in a; 「医疗机构选派专家」 in b" in flag.detail


def test_one_count_one_description_is_not_flagged():
    assert flags_of(*_hospitals("全市45家二级医院参与帮扶。")).empty


def test_one_description_in_two_scripts_is_one_description():
    assert flags_of(*_hospitals("全市45家二級醫院參與幫扶。")).empty


def test_traditional_script_description():
    (flag,) = flags_of(*_hospitals("從45家醫療機構選派專家。")).itertuples()
    assert "「醫療機構選派專家」" in flag.detail


# ----------------------------------------------------- coverage_claim --


def test_full_coverage_against_a_rate_in_the_same_sentence():
    a = article(
        "a",
        "实现适龄儿童免费体检全覆盖，儿童体检覆盖率达87.6%。",
        [{"mention": "87.6%", "indicator_id": "checkup_rate", "value": 87.6, **RATE}],
    )
    (flag,) = flags_of(a).itertuples()
    assert (flag.kind, flag.severity, flag.indicator_id) == (
        "coverage_claim",
        "check",
        "checkup_rate",
    )
    assert "claims the whole set (全覆盖)" in flag.detail and "shared words: 体检" in flag.detail


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        ("实现村卫生室全覆盖，门诊预约率达41%。", "41%", 41.0),  # the rate is about something else
        ("实现适龄儿童免费体检全覆盖，儿童体检覆盖率达100%。", "100%", 100.0),
    ],
    ids=["unrelated_rate", "rate_of_100"],
)
def test_coverage_claims_that_hold(text, mention, value):
    a = article("a", text, [{"mention": mention, "indicator_id": "r", "value": value, **RATE}])
    assert flags_of(a).empty


def _huts(villages: int, script: str = "simplified"):
    claim = "全市建成健康小屋64个，实现了对全市行政村的全覆盖。"
    later = f"全市共有行政村{villages}个。"
    text = claim + later
    if script == "traditional":
        text = (
            "全市建成健康小屋64個，實現了對全市行政村的全覆蓋。" + f"全市共有行政村{villages}個。"
        )
    unit = "个" if script == "simplified" else "個"
    return article(
        "a",
        text,
        [
            {"mention": f"64{unit}", "indicator_id": "health_huts", "value": 64, "unit": unit},
            {
                "mention": f"{villages}{unit}",
                "indicator_id": "villages",
                "value": villages,
                "unit": unit,
            },
        ],
    )


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_full_coverage_against_a_larger_count_of_the_set(script):
    (flag,) = flags_of(_huts(72, script)).itertuples()
    assert (flag.kind, flag.indicator_id) == ("coverage_claim", "health_huts")
    assert "72" in flag.detail and "行政村" in flag.detail and "more than the 64" in flag.detail


def test_full_coverage_with_enough_to_cover_the_set():
    assert flags_of(_huts(60)).empty


def test_all_of_a_set_against_a_larger_count_of_it():
    text = "全市27家公立医院全部实行预约诊疗。另有31家公立医院开展日间手术。"
    figures = [
        {"mention": "27家", "indicator_id": "booking_hospitals", "value": 27, "unit": "家"},
        {"mention": "31家", "indicator_id": "day_surgery_hospitals", "value": 31, "unit": "家"},
    ]
    (flag,) = flags_of(article("a", text, figures)).itertuples()
    assert "31家 of 「公立医院」" in flag.detail and "全部" in flag.detail


def test_all_of_a_set_named_after_the_figure_is_not_read_as_its_size():
    text = "所有村卫生室可开展4类中医适宜技术。全区改造147家村卫生室。"
    figures = [
        {"mention": "4类", "indicator_id": "techniques", "value": 4, "unit": "类"},
        {"mention": "147家", "indicator_id": "clinics_upgraded", "value": 147, "unit": "家"},
    ]
    assert flags_of(article("a", text, figures)).empty


# ------------------------------------------------ parts_do_not_add_up --


def _posts(text: str, parts: list[tuple[str, float]], total: tuple[str, float]):
    unit = total[0].lstrip("0123456789.万")
    figures = [
        {"mention": m, "indicator_id": f"posts_{i}", "value": v, "unit": unit}
        for i, (m, v) in enumerate(parts)
    ]
    figures.append({"mention": total[0], "indicator_id": "posts", "value": total[1], "unit": unit})
    return article("a", text, figures)


POSTS = [("120个", 120), ("85个", 85), ("40个", 40)]


def test_parts_that_do_not_add_up_to_the_printed_total():
    text = "三个区分别新增岗位120个、85个、40个，共计255个。"
    (flag,) = flags_of(_posts(text, POSTS, ("255个", 255))).itertuples()
    assert (flag.kind, flag.severity, flag.indicator_id) == (
        "parts_do_not_add_up",
        "error",
        "posts",
    )
    assert "the parts it lists add up to 120个 + 85个 + 40个 = 245" in flag.detail
    assert "the total printed with them is 255个" in flag.detail


def test_traditional_parts_and_total():
    text = "三個區分別新增崗位120個、85個、40個，合計255個。"
    parts = [("120個", 120), ("85個", 85), ("40個", 40)]
    assert kinds_of(flags_of(_posts(text, parts, ("255個", 255)))) == ["parts_do_not_add_up"]


@pytest.mark.parametrize(
    ("text", "parts", "total"),
    [
        ("三个区分别新增岗位120个、85个、40个，共计245个。", POSTS, ("245个", 245)),
        (
            "两区分别新增1.2万人、0.8万人，合计2.1万人。",
            [("1.2万人", 12_000), ("0.8万人", 8_000)],
            ("2.1万人", 21_000),
        ),
        ("三个区分别新增岗位120个、85个、40个，共计255个。", POSTS[:2], ("255个", 255)),
        ("共建成示范平台12家，其中国家级3家、省级7家。", [("3家", 3), ("7家", 7)], ("12家", 12)),
    ],
    ids=["adds_up", "within_rounding", "a_part_not_curated", "subset_below_total"],
)
def test_parts_that_may_add_up(text, parts, total):
    assert flags_of(_posts(text, parts, total)).empty


def test_parts_under_qizhong_above_the_total():
    text = "共建成示范平台12家，其中国家级3家、省级11家。"
    (flag,) = flags_of(_posts(text, [("3家", 3), ("11家", 11)], ("12家", 12))).itertuples()
    assert "listed under 其中 add up to 3家 + 11家 = 14" in flag.detail


def test_a_level_and_a_change_under_qizhong_are_never_summed_together():
    text = "全国医疗机构107.1万个，比上年增加37867个，其中医院38355个，比上年增加1379个。"
    figures = [
        {"mention": "107.1万个", "indicator_id": "institutions", "value": 1_071_000, "unit": "个"},
        {"mention": "37867个", "indicator_id": "institutions_change", "value": 37867, "unit": "个", "kind": "change"},
        {"mention": "38355个", "indicator_id": "hospitals", "value": 38355, "unit": "个"},
        {"mention": "1379个", "indicator_id": "hospitals_change", "value": 1379, "unit": "个", "kind": "change"},
    ]  # fmt: skip

    def flagged_with(printed: str, mention: str, value: float) -> list[str]:
        """The indicators flagged when ``printed`` is printed as ``mention`` instead."""
        changed = [
            {**f, "value": value, "mention": mention} if f["mention"] == printed else f
            for f in figures
        ]
        found = flags_of(
            article("a", text.replace(printed, mention), changed), kinds=["parts_do_not_add_up"]
        )
        return found["indicator_id"].tolist()

    assert flags_of(article("a", text, figures), kinds=["parts_do_not_add_up"]).empty
    assert flagged_with("1379个", "40000个", 40_000) == [
        "institutions_change"
    ]  # a change's part, above it
    assert flagged_with("107.1万个", "3.0万个", 30_000) == [
        "institutions"
    ]  # a level's part, above it


# ------------------------------------------------------------ together --


def test_steady_series_stays_unflagged_by_every_rule():
    texts = [
        "建立了101个名医基层工作站，实现了乡镇卫生院全覆盖。",
        "建成名医基层工作站102个，实现了乡镇卫生院全覆盖。",
        "全市共建立名医基层工作站123个。",
    ]
    dates = ["2021-11-10", "2021-12-01", "2022-10-16"]
    articles = [
        article(
            f"d{i}", t, [{"mention": f"{v}个", "indicator_id": "stations", "value": v}], as_of=d
        )
        for i, (t, v, d) in enumerate(zip(texts, (101, 102, 123), dates, strict=True))
    ]
    assert flags_of(*articles, regions=REGIONS, catalog=CATALOG).empty


def test_traditional_script_scope_and_claim():
    north = article(
        "north",
        "北區累計派出醫生2315人次到村衛生室開展義診。",
        [
            {
                "mention": "2315人次",
                "indicator_id": "visits",
                "value": 2315,
                "unit": "人次",
                "region": "North",
            }
        ],
    )
    city = article(
        "city",
        "全市累計派出醫生2400人次到村衛生室開展義診。",
        [{"mention": "2400人次", "indicator_id": "visits", "value": 2400, "unit": "人次"}],
        as_of="2024-05-01",
    )
    claim = article(
        "claim",
        "實現適齡兒童免費體檢全覆蓋，兒童體檢覆蓋率達87.6%。",
        [{"mention": "87.6%", "indicator_id": "checkup_rate", "value": 87.6, **RATE}],
    )
    flags = flags_of(north, city, claim, regions=REGIONS)
    assert kinds_of(flags) == ["scope_mislabelled", "coverage_claim"]
    assert "shared words: 兒童, 體檢" in flags["detail"].iloc[1]


@pytest.mark.parametrize(
    "text",
    [
        "四个县分别新增岗位1,200个、850个、400个，共计2,550个。",
        "四個縣分別新增崗位1,200個、850個、400個，共計2,550個。",
    ],
    ids=["simplified", "traditional"],
)
def test_parts_with_thousands_separators_that_do_not_add_up(text):
    unit = "个"
    mentions = [m for m in ("1,200", "850", "400", "2,550")]
    suffix = text[text.index("1,200") + 5]
    figures = [(m + suffix, float(m.replace(",", ""))) for m in mentions]
    rows = _posts(text, figures[:3], figures[3])
    for row in rows[0]:
        row["unit"] = unit
    (flag,) = flags_of(rows).itertuples()
    assert flag.kind == "parts_do_not_add_up"
    assert "= 2450" in flag.detail and f"2,550{suffix}" in flag.detail
