"""Every report notebook over a grid of parameters, run in this process (see inprocess.py).

Each run must finish without an error and show something on every table and figure it
reaches: a non-empty table, a figure, or a sentence saying which filter left nothing.
"""

from __future__ import annotations

import pandas as pd
import pytest
from inprocess import run_inprocess
from matplotlib.figure import Figure

from zibo_analysis import plots
from zibo_analysis.config import NOTEBOOKS_DIR, PROCESSED_DIR
from zibo_analysis.hanzi import text_lang
from zibo_analysis.parameters import valid_values

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out

VALID = valid_values(PROCESSED_DIR / "indicators.csv")
REGIONS, TOPICS, KINDS = VALID["region"], VALID["topic"], VALID["flag_kind"]
EMPTY_WINDOW = {"start": "2030-01-01", "end": "2030-12-31"}
CUT_WINDOW = {"start": "2022-01-01", "end": "2022-12-31"}  # cuts the famous-doctor series

GRID = [
    *[("01_overview", {"region": r}) for r in REGIONS],
    *[("02_coverage", {"regions": [r]}) for r in REGIONS],
    *[("02_coverage", {"topics": [t]}) for t in TOPICS],
    ("02_coverage", EMPTY_WINDOW),
    ("02_coverage", CUT_WINDOW),
    ("02_coverage", {"regions": ["Xuecheng"], "topics": ["public_health"]}),
    *[("03_growth", {"region": r}) for r in [*REGIONS, "all"]],
    ("03_growth", {"indicator_ids": ["famous_doctor_stations"], "min_points": 2}),
    (
        "03_growth",
        {"projection_indicator": "famous_doctor_station_experts", "projection_level": 1000.0},
    ),
    *[("04_quality", {"flag_kinds": [k]}) for k in KINDS],
    *[
        (nb, {"lang": lang})
        for nb in ("01_overview", "02_coverage", "03_growth", "04_quality")
        for lang in ("en", "zh")
    ],
]


def _says_something(output) -> bool:
    if isinstance(output, plots.Note):
        return bool(output.text.strip())
    if isinstance(output, plots.Table):
        return len(output.frame) > 0
    if isinstance(output, plots.GrowthCards):
        return bool(output.cards) and all(card["lines"] for card in output.cards)
    return isinstance(output, Figure)


@pytest.mark.parametrize(("notebook", "params"), GRID, ids=[f"{n}-{p}" for n, p in GRID])
def test_notebook_over_the_grid(notebook, params):
    outputs = run_inprocess(NOTEBOOKS_DIR / f"{notebook}.ipynb", **params)
    assert outputs, "the page shows nothing"
    assert all(_says_something(o) for o in outputs), [type(o).__name__ for o in outputs]
    # every page states its window, in its language; by default the span of the data
    chinese = params.get("lang") == "zh"
    (window,) = [n for n in notes(outputs) if n.startswith("时间范围：" if chinese else "Window:")]
    if "start" not in params and "end" not in params:
        assert ("即数据的全部时段，没有" if chinese else "the span of the data; no") in window
    if chinese:  # a Chinese page prints no English sentence
        assert [n for n in notes(outputs) if text_lang(n) != "zh"] == []


def test_empty_window_names_the_filter():
    outputs = run_inprocess(
        NOTEBOOKS_DIR / "02_coverage.ipynb", regions=["Xuecheng"], **EMPTY_WINDOW
    )
    notes = [o.text for o in outputs if isinstance(o, plots.Note)]
    assert "No coverage rates for Xuecheng between 2030-01-01 and 2030-12-31." in notes
    assert not any(isinstance(o, Figure) for o in outputs)


def notes(outputs) -> list[str]:
    return [o.text for o in outputs if isinstance(o, plots.Note)]


def test_a_flag_kind_with_no_flags_says_so():
    outputs = run_inprocess(NOTEBOOKS_DIR / "04_quality.ipynb", flag_kinds=["jump"])
    assert "No quality flags of kind jump: the rules found nothing to check." in notes(outputs)


def test_a_region_without_series_says_so():
    outputs = run_inprocess(NOTEBOOKS_DIR / "03_growth.ipynb", region="Xuecheng")
    assert (
        "No series for Xuecheng has two or more reports, so there is no change to show."
        in notes(outputs)
    )


def test_a_window_says_how_many_figures_it_leaves_out_and_which():
    outputs = run_inprocess(NOTEBOOKS_DIR / "02_coverage.ipynb", **CUT_WINDOW)
    (window,) = [n for n in notes(outputs) if n.startswith("Window:")]
    assert window.startswith("Window: 2022-01-01 to 2022-12-31 (the data runs from ")
    assert " rates of the data fall outside it and are not shown: " in window
    left = [o for o in outputs if isinstance(o, plots.Table) and "as_of" in o.frame]
    assert len(left) and (left[0].frame["as_of"] < "2022-01-01").any()


def test_bad_value_stops_in_the_first_cell():
    with pytest.raises(ValueError, match='did you mean "Xuecheng"'):
        run_inprocess(NOTEBOOKS_DIR / "03_growth.ipynb", region="xuecheng")


def test_every_section_of_an_empty_growth_page_says_why():
    outputs = run_inprocess(NOTEBOOKS_DIR / "03_growth.ipynb", region="Xuecheng")
    notes = [o.text for o in outputs if isinstance(o, plots.Note)]
    assert "No series for Xuecheng has two or more reports to draw." in notes
    assert not any(isinstance(o, Figure) for o in outputs)


# ------------------------------------------- a dataset the seed articles do not hold --
# Two articles of our own added as the README says: a January–July 2018 report (simplified)
# and a report on the whole of 2024 published in March 2025 (traditional), with a decrease,
# a cap, and rates per 100,000 and per mille.

JULY_2018 = (
    "淄博市人社局8月10日通报，1—7月，全市城镇新增就业4.96万人，同比增加0.21万人。"
    "城镇登记失业率3.05%，控制在4%以内。"
)
YEAR_2024 = (
    "2024年全市就業和衛生健康工作情況\n"
    "全年城鎮新增就業7.39萬人，同比減少0.29萬人，城鎮登記失業率2.43%，保持在4%以內。"
    "全市孕產婦死亡率為9.8/10萬，嬰兒死亡率2.1‰。"
)
OTHER_CATALOG = [
    [
        "urban_new_jobs_change",
        "城镇新增就业同比增减",
        "New urban jobs, change on a year before",
        "employment",
        "人",
        "change",
        "true",
        "New urban jobs minus those of the same period a year before.",
        "",
        "",
        "",
        "urban_new_jobs",
        "same_period_last_year",
    ],
    [
        "maternal_mortality_rate",
        "孕产妇死亡率",
        "Maternal mortality rate",
        "public_health",
        "per_100k",
        "rate",
        "false",
        "Maternal deaths per 100,000 live births.",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "infant_mortality_rate",
        "婴儿死亡率",
        "Infant mortality rate",
        "public_health",
        "per_mille",
        "rate",
        "false",
        "Infant deaths per 1,000 live births.",
        "",
        "",
        "",
        "",
        "",
    ],
]


def _row(doc, quote, indicator, as_of, start="", status="actual", note=""):
    return [doc, quote, "", "", indicator, "Zibo", as_of, start, status, note]


OTHER_CURATION = [
    _row("zibo-2018-08-10", "全市城镇新增就业4.96万人", "urban_new_jobs", "2018-07-31", "2018-01-01"),
    _row("zibo-2018-08-10", "同比增加0.21万人", "urban_new_jobs_change", "2018-07-31", "2018-01-01"),
    _row("zibo-2018-08-10", "城镇登记失业率3.05%", "urban_registered_unemployment_rate", "2018-07-31"),
    _row("zibo-2018-08-10", "控制在4%以内", "urban_registered_unemployment_rate", "2018-12-31", status="target"),
    _row("zibo-2025-03-12", "全年城鎮新增就業7.39萬人", "urban_new_jobs", "2024-12-31", "2024-01-01"),
    _row("zibo-2025-03-12", "同比減少0.29萬人", "urban_new_jobs_change", "2024-12-31", "2024-01-01"),
    _row("zibo-2025-03-12", "城鎮登記失業率2.43%", "urban_registered_unemployment_rate", "2024-12-31"),
    _row("zibo-2025-03-12", "保持在4%以內", "urban_registered_unemployment_rate", "2024-12-31", status="target"),
    _row("zibo-2025-03-12", "孕產婦死亡率為9.8/10萬", "maternal_mortality_rate", "2024-12-31"),
    _row("zibo-2025-03-12", "嬰兒死亡率2.1‰", "infant_mortality_rate", "2024-12-31"),
]  # fmt: skip


@pytest.fixture(scope="module")
def other_data(tmp_path_factory):
    """The committed data with the two articles added, built into its own data/processed/."""
    import csv
    import hashlib
    import shutil

    from zibo_analysis.config import DATA_DIR
    from zibo_analysis.dataset import build_indicators, write_indicators

    data = tmp_path_factory.mktemp("other") / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("processed", "*.tmp"))

    def append(name, rows):
        with (data / name).open("a", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)

    for doc, text, published in [
        ("zibo-2018-08-10", JULY_2018, "2018-08-10"),
        ("zibo-2025-03-12", YEAR_2024, "2025-03-12"),
    ]:
        (data / "raw" / f"{doc}.txt").write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        append(
            "raw/sources.csv",
            [
                [
                    doc,
                    f"{doc}.txt",
                    published,
                    "Zibo",
                    "测试",
                    "测试稿",
                    text[:6],
                    text[-6:],
                    "",
                    "",
                    digest,
                    "written for the tests",
                ]
            ],
        )
    append("catalog.csv", OTHER_CATALOG)
    append("curation.csv", OTHER_CURATION)
    write_indicators(build_indicators(data), data, data / "processed")
    return data


def run_on(data, notebook, **params):
    """A notebook run in process on another data folder: the loaders read it by default."""
    from zibo_analysis import dataset

    defaults = {
        dataset.load_indicators: data / "processed/indicators.csv",
        dataset.load_catalog: data / "catalog.csv",
        dataset.load_sources: data / "raw/sources.csv",
        dataset.load_regions: data / "regions.csv",
        dataset.load_texts: data / "raw/sources.csv",
        dataset.load_reviewed_flags: data / "reviewed_flags.csv",
    }
    saved = {f: f.__defaults__ for f in defaults}
    try:
        for f, path in defaults.items():
            f.__defaults__ = (path,)
        return run_inprocess(NOTEBOOKS_DIR / f"{notebook}.ipynb", **params)
    finally:
        for f, old in saved.items():
            f.__defaults__ = old


OTHER_GRID = [
    ("01_overview", {}),
    ("02_coverage", {}),
    ("02_coverage", {"topics": ["public_health"], "lang": "zh"}),
    ("03_growth", {}),
    ("03_growth", {"region": "Zibo", "indicator_ids": ["urban_new_jobs"]}),
    ("03_growth", {"region": "Zibo", "lang": "zh"}),
    ("04_quality", {}),
]


@pytest.mark.parametrize(
    ("notebook", "params"), OTHER_GRID, ids=[f"{n}-{p}" for n, p in OTHER_GRID]
)
def test_notebooks_on_a_dataset_with_unequal_spans_and_a_rate_per_100k(
    other_data, notebook, params
):
    outputs = run_on(other_data, notebook, **params)
    assert outputs and all(_says_something(o) for o in outputs), [type(o).__name__ for o in outputs]


def test_an_analyst_sees_no_growth_across_unequal_periods_and_why(other_data):
    outputs = run_on(other_data, "03_growth", region="Zibo", indicator_ids=["urban_new_jobs"])
    assert (
        "New urban jobs: January–July 2018, January–October 2021 and the whole of 2024 cover "
        "different periods; no growth is computed between them." in notes(outputs)
    )
    (growth,) = [o.frame for o in outputs if isinstance(o, plots.Table) and "pct_change" in o.frame]
    row = growth.set_index("indicator_en").loc["New urban jobs"]
    assert pd.isna(row["pct_change"]) and pd.isna(row["annualised_growth_pct"])
    assert row["periods"] == "January–July 2018; January–October 2021; the whole of 2024"


def test_a_chinese_page_says_in_chinese_why_no_growth_is_computed(other_data):
    outputs = run_on(
        other_data, "03_growth", region="Zibo", indicator_ids=["urban_new_jobs"], lang="zh"
    )
    assert (
        "城镇新增就业：2018年1—7月、2021年1—10月和2024年全年的统计期不同，不计算其间的增长。"
        in notes(outputs)
    )
    (growth,) = [o.frame for o in outputs if isinstance(o, plots.Table) and "pct_change" in o.frame]
    assert growth.loc[0, "periods"] == "2018年1—7月；2021年1—10月；2024年全年"


def test_the_coverage_page_keeps_a_rate_per_100k_in_its_base(other_data):
    outputs = run_on(other_data, "02_coverage")
    (table,) = [o.frame for o in outputs if isinstance(o, plots.Table) and "verdict" in o.frame]
    maternal = table[table["indicator_en"] == "Maternal mortality rate"].iloc[0]
    assert (maternal["value"], maternal["unit"]) == (9.8, "per_100k")
    caps = table[
        (table["indicator_en"] == "Urban registered unemployment rate") & table["value"].notna()
    ]
    assert set(caps["target"]) >= {4.0}  # the 4% cap, not a second measurement


def test_the_overview_counts_the_added_articles(other_data):
    (about,) = [n for n in notes(run_on(other_data, "01_overview")) if "quoted from" in n]
    assert about.startswith(
        "257 figures quoted from 7 articles published from 2018-08-10 to 2025-10-16"
    )
    assert "referring to 2018 to 2025" in about
