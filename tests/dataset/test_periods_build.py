"""The build and periods, signs, caps and bases: what it accepts, and what it refuses with
the file, the line, the field and how to fix it (never a traceback)."""

from __future__ import annotations

import pytest

from zibo_analysis.dataset import build_indicators, load_reviewed_flags

from .helpers import add_article, add_rows, problems

# An employment report of our own, published in March 2025 about 2024, and a health one.
JOBS = "2024年，全市城镇新增就业7.39万人，同比减少0.29万人，城镇登记失业率2.43%，保持在4%以内。"
JOBS_TRAD = (
    "2024年，全市城鎮新增就業7.39萬人，同比減少0.29萬人，城鎮登記失業率2.43%，保持在4%以內。"
)
HEALTH = (
    "全市孕产妇死亡率为120/10万，婴儿死亡率3.1‰，规模以上医院门诊量同比-2.7%，全市医院床位2,615张。"
)
CATALOG_ROWS = [
    ["urban_jobs", "城镇新增就业", "New urban jobs", "employment", "人", "flow", "true", "People newly employed.", "", "",
     "", "", ""],
    ["urban_jobs_yoy", "城镇新增就业同比增减", "New urban jobs, change on a year before", "employment", "人", "change", "true",
     "New urban jobs minus those of the same period a year before.", "", "", "", "urban_jobs", "same_period_last_year"],
    ["jobless_rate", "城镇登记失业率", "Registered unemployment", "employment", "percent", "rate", "false",
     "Share unemployed.", "", "", "", "", ""],
    ["maternal_mortality", "孕产妇死亡率", "Maternal mortality", "public_health", "per_100k", "rate", "false",
     "Deaths per 100,000 births.", "", "", "", "", ""],
    ["infant_mortality", "婴儿死亡率", "Infant mortality", "public_health", "per_mille", "rate", "false",
     "Deaths per 1,000 births.", "", "", "", "", ""],
    ["outpatient_growth", "门诊量同比增长", "Outpatient growth", "health_care", "percent", "change", "true",
     "Growth of outpatient visits on a year before.", "", "", "", "outpatient_visits", "same_period_last_year"],
    ["outpatient_visits", "门诊量", "Outpatient visits", "health_care", "人次", "flow", "true", "Visits.", "", "", "",
     "", ""],
    ["hospital_beds", "医院床位数", "Hospital beds", "health_care", "张", "stock", "true", "Beds.", "", "", "", "", ""],
]  # fmt: skip


def curated(
    doc: str,
    quote: str,
    indicator: str,
    as_of: str,
    start: str = "",
    status: str = "actual",
    mention: str = "",
):
    return [doc, quote, mention, "", indicator, "Zibo", as_of, start, status, ""]


@pytest.fixture
def more(data_dir):
    """The small data folder with the full catalog header, period_start in the curation, and two
    articles of our own."""
    import csv

    rows = list(csv.reader((data_dir / "catalog.csv").open(encoding="utf-8")))
    header = [*rows[0], "numerator_id", "gap_of", "gap_direction", "change_of", "change_base"]
    body = [r + [""] * (len(header) - len(r)) for r in rows[1:]]
    cur = list(csv.reader((data_dir / "curation.csv").open(encoding="utf-8")))
    at = cur[0].index("as_of") + 1
    cur = [[*r[:at], "period_start" if i == 0 else "", *r[at:]] for i, r in enumerate(cur)]
    from .helpers import write_csv

    write_csv(data_dir / "catalog.csv", [header, *body, *CATALOG_ROWS])
    write_csv(data_dir / "curation.csv", cur)
    add_article(data_dir, "jobs-2025", JOBS, "2025-03-15")
    add_article(data_dir, "jobs-2025-trad", JOBS_TRAD, "2025-03-16")
    add_article(data_dir, "health-2025", HEALTH, "2025-02-20")
    return data_dir


def jobs_rows(
    doc: str = "jobs-2025", as_of: str = "2024-12-31", trad: bool = False
) -> list[list[str]]:
    w = (
        (lambda s: s.translate(str.maketrans("镇业万减内", "鎮業萬減內")))
        if trad
        else (lambda s: s)
    )
    return [
        curated(doc, w("全市城镇新增就业7.39万人"), "urban_jobs", as_of, "2024-01-01"),
        curated(doc, w("同比减少0.29万人"), "urban_jobs_yoy", as_of, "2024-01-01"),
        curated(doc, "2.43%", "jobless_rate", as_of),
        curated(doc, w("保持在4%以内"), "jobless_rate", as_of, status="target"),
    ]


@pytest.mark.parametrize("trad", [False, True], ids=["simplified", "traditional"])
def test_decrease_is_negative_in_the_dataset_and_the_mention_stays_as_printed(more, trad):
    add_rows(more, "curation.csv", jobs_rows("jobs-2025-trad" if trad else "jobs-2025", trad=trad))
    table = build_indicators(more).set_index("indicator_id")
    change = table.loc["urban_jobs_yoy"]
    assert (change["value"], change["mention"]) == (-2900, "0.29萬人" if trad else "0.29万人")
    assert (change["change_of"], change["change_base"]) == ("urban_jobs", "same_period_last_year")
    level = table.loc["urban_jobs"]
    assert (level["period_start"], level["as_of"]) == ("2024-01-01", "2024-12-31")


def test_a_cap_is_a_target_beside_the_measured_rate(more):
    add_rows(more, "curation.csv", jobs_rows())
    rates = build_indicators(more).query("indicator_id == 'jobless_rate'").set_index("status")
    assert (rates.loc["actual", "value"], rates.loc["target", "value"]) == (2.43, 4)
    assert rates.loc["target", "qualifier"] == "at_most"


@pytest.mark.parametrize(
    ("doc", "published", "trad"),
    [("jobs-2025", "2025-03-15", False), ("jobs-2025-trad", "2025-03-16", True)],
    ids=["simplified", "traditional"],
)
def test_an_actual_dated_after_its_article_is_refused(more, doc, published, trad):
    rows = jobs_rows(doc, as_of="2025-12-31", trad=trad)
    rows[0][7] = "2025-01-01"
    add_rows(more, "curation.csv", rows[:1])
    assert problems(more) == [
        f"data/curation.csv line 7, as_of: 2025-12-31 is after the article's publication date {published} "
        f"({doc}); an actual cannot report a day still to come: give the last day the figure covers "
        "(全年 in a March 2025 report about 2024 is 2024-12-31), or set status to target if it is a goal"
    ]


def test_a_target_may_lie_ahead(more):
    add_rows(
        more,
        "curation.csv",
        [curated("jobs-2025", "保持在4%以内", "jobless_rate", "2025-12-31", status="target")],
    )
    assert build_indicators(more).query("indicator_id == 'jobless_rate'")["as_of"].tolist() == [
        "2025-12-31"
    ]


def test_a_period_that_ends_before_it_starts_is_refused(more):
    add_rows(
        more,
        "curation.csv",
        [
            curated(
                "jobs-2025", "全市城镇新增就业7.39万人", "urban_jobs", "2024-07-31", "2024-12-01"
            )
        ],
    )
    (problem,) = problems(more)
    assert problem.startswith(
        "data/curation.csv line 7, period_start: 2024-12-01 is after as_of 2024-07-31"
    )


def test_a_stock_has_no_period(more):
    add_rows(
        more,
        "curation.csv",
        [
            curated(
                "health-2025", "全市医院床位2,615张", "hospital_beds", "2025-02-20", "2024-01-01"
            )
        ],
    )
    (problem,) = problems(more)
    assert problem.startswith(
        "data/curation.csv line 7, period_start: hospital_beds is a stock, a level at a date"
    )


@pytest.mark.parametrize("trad", [False, True], ids=["simplified", "traditional"])
def test_rates_of_every_base_are_checked_in_their_own_range(more, trad):
    doc = "health-2025"
    maternal, infant = "孕产妇死亡率为120/10万", "婴儿死亡率3.1‰"
    if trad:
        doc, maternal, infant = "health-2025-trad", "孕產婦死亡率為120/10萬", "嬰兒死亡率3.1‰"
        add_article(more, doc, f"全市{maternal}，{infant}。", "2025-02-21")
    add_rows(more, "curation.csv", [
        curated(doc, maternal, "maternal_mortality", "2024-12-31"),
        curated(doc, infant, "infant_mortality", "2024-12-31"),
    ])  # fmt: skip
    table = build_indicators(more).set_index("indicator_id")
    assert (table.loc["maternal_mortality", "value"], table.loc["maternal_mortality", "unit"]) == (
        120,
        "per_100k",
    )
    assert table.loc["infant_mortality", "unit"] == "per_mille"


def test_a_percent_above_100_is_refused_with_how_to_fix(more):
    add_rows(
        more,
        "catalog.csv",
        [
            [
                "bed_use_rate",
                "病床使用率",
                "Bed use",
                "health_care",
                "percent",
                "rate",
                "true",
                "Share.",
                "",
                "",
                "",
                "",
                "",
            ]
        ],
    )
    text = "全市病床使用率达到120%。"
    add_article(more, "beds-2025", text, "2025-02-21")
    add_rows(
        more,
        "curation.csv",
        [curated("beds-2025", "病床使用率达到120%", "bed_use_rate", "2025-02-21")],
    )
    (problem,) = problems(more)
    assert "120% is 120 but bed_use_rate is a rate in percent (0 to 100)" in problem


def test_the_extractors_own_negative_figure_is_a_message_not_a_traceback(more):
    # -2.7% curated as a rate: refused with file, line and field, not a pandera error
    add_rows(
        more,
        "curation.csv",
        [curated("health-2025", "门诊量同比-2.7%", "jobless_rate", "2024-12-31")],
    )
    (problem,) = problems(more)
    assert problem.startswith(
        "data/curation.csv line 7, indicator_id: -2.7% is -2.7, below zero, but jobless_rate is a rate"
    )
    assert "kind change" in problem


def test_the_extractors_own_negative_figure_as_a_change_is_kept(more):
    add_rows(
        more,
        "curation.csv",
        [
            curated(
                "health-2025", "门诊量同比-2.7%", "outpatient_growth", "2024-12-31", "2024-01-01"
            )
        ],
    )
    assert (
        build_indicators(more).set_index("indicator_id").loc["outpatient_growth", "value"] == -2.7
    )


def test_a_change_names_what_it_changes_and_its_base(more):
    add_rows(
        more,
        "catalog.csv",
        [
            [
                "beds_added",
                "新增床位",
                "Beds added",
                "health_care",
                "张",
                "change",
                "true",
                "Beds.",
                "",
                "",
                "",
                "",
                "",
            ]
        ],
    )
    found = problems(more)
    assert any(
        "catalog.csv" in p
        and "change_of: beds_added is a change: name the indicator it changes" in p
        for p in found
    )
    assert any(
        "change_base: beds_added is a change: say what it is measured against" in p for p in found
    )


def test_a_level_has_no_change_base(more):
    add_rows(
        more,
        "catalog.csv",
        [
            [
                "beds_now",
                "床位",
                "Beds now",
                "health_care",
                "张",
                "stock",
                "true",
                "Beds.",
                "",
                "",
                "",
                "",
                "previous_year",
            ]
        ],
    )
    (problem,) = problems(more)
    assert "change_base: only an indicator of kind change has change_base" in problem


def test_reviewed_flags_name_known_indicators_and_regions(more):
    (more / "reviewed_flags.csv").write_text(
        "kind,indicator_id,region,as_of,note\n"
        'jump,famous_doctor_station,Zibo,"2021-11-10, 2022-10-16",checked with the health commission\n',
        encoding="utf-8",
    )
    (problem,) = problems(more)
    assert problem.startswith(
        'data/reviewed_flags.csv line 2, indicator_id: unknown indicator "famous_doctor_station"'
    )


def test_reviewed_flags_read_with_the_analysts_words(more):
    (more / "reviewed_flags.csv").write_text(
        "kind,indicator_id,region,as_of,note\n"
        'jump,famous_doctor_stations,Zibo,"2021-11-10, 2022-10-16",the 2022 count adds the new county stations\n',
        encoding="utf-8",
    )
    build_indicators(more)
    reviewed = load_reviewed_flags(more / "reviewed_flags.csv")
    assert reviewed[["kind", "as_of", "note"]].values.tolist() == [
        ["jump", ["2021-11-10", "2022-10-16"], "the 2022 count adds the new county stations"]
    ]
