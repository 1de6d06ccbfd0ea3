"""A small but real data folder to break in tests, and ways to break it."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

from zibo_analysis.dataset import DataError, build_indicators

ROOT = Path(__file__).resolve().parents[2]
DOC = "zibo-2021-12-01"
ARTICLE = "000_578db123918dbc52.txt"

CATALOG = [
    ["indicator_id", "name_zh", "name_en", "topic", "unit", "kind", "higher_is_better", "definition"],
    ["famous_doctor_stations", "名医基层工作站数", "Famous-doctor stations", "health_care", "个", "stock", "true", "Stations."],
    ["famous_doctor_station_outpatient_visits", "名医工作站门诊服务人次", "Station outpatient visits", "health_care", "人次",
     "cumulative", "true", "Visits."],
    ["startup_combo_loans", "创业担保组合贷发放额", "Start-up combination loans", "entrepreneurship", "yuan", "cumulative",
     "true", "Loans."],
    ["rural_two_cancer_screening_coverage", "农村两癌筛查覆盖率", "Rural two-cancer screening coverage", "public_health",
     "percent", "rate", "true", "Coverage."],
    ["urban_registered_unemployment_rate", "城镇登记失业率", "Urban registered unemployment", "employment", "percent",
     "rate", "false", "Rate."],
]  # fmt: skip
CURATION = [
    ["doc_id", "quote", "mention", "occurrence", "indicator_id", "region", "as_of", "status", "note"],
    [DOC, "建成“名医基层工作站”102个", "", "", "famous_doctor_stations", "Zibo", "2021-12-01", "actual", ""],
    [DOC, "累计开展门诊服务12.8万人次", "", "", "famous_doctor_station_outpatient_visits", "Zibo", "2021-12-01", "actual", ""],
    [DOC, "发放创业担保组合贷近1.55亿元", "", "", "startup_combo_loans", "Zibo", "2021-12-01", "actual", ""],
    [DOC, "农村两癌筛查覆盖率已达91.27%", "", "", "rural_two_cancer_screening_coverage", "Zibo", "2021-12-01", "actual", ""],
    [DOC, "城镇登记失业率3.2%，低于省控目标1.3个百分点", "3.2%", "", "urban_registered_unemployment_rate", "Zibo", "2021-10-31",
     "actual", ""],
]  # fmt: skip
IGNORED = [
    ["doc_id", "quote", "mention", "occurrence", "reason"],
    [DOC, "今年前10个月", "", "", "period of the figure that follows"],
]


def make_data_dir(root: Path) -> Path:
    """The five articles, the real regions, and a few curated facts of one article."""
    data = root / "data"
    shutil.copytree(ROOT / "data/raw", data / "raw", ignore=shutil.ignore_patterns("*.tmp"))
    shutil.copy(ROOT / "data/regions.csv", data / "regions.csv")
    write_csv(data / "catalog.csv", CATALOG)
    write_csv(data / "curation.csv", CURATION)
    write_csv(data / "ignored.csv", IGNORED)
    return data


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def edit(data: Path, name: str, line: int, column: str, value: str) -> None:
    """Set one field of one CSV line (line 2 is the first row)."""
    rows = list(csv.reader((data / name).open(encoding="utf-8")))
    rows[line - 1][rows[0].index(column)] = value
    write_csv(data / name, rows)


def edit_text(path: Path, line: int, change) -> None:
    """Replace physical line ``line`` of a file by ``change(old_line)``, as a text editor would."""
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = change(lines[line - 1])
    path.write_text("\n".join(lines), encoding="utf-8")


def problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as err:
        build_indicators(data)
    return [str(i) for i in err.value.issues]


def add_article(data: Path, doc_id: str, text: str, published: str, region: str = "Zibo") -> str:
    """Save an article of our own in ``data/raw/`` with its row in sources.csv; its file name."""
    import hashlib

    name = f"{doc_id}.txt"
    (data / "raw" / name).write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    rows = list(csv.reader((data / "raw/sources.csv").open(encoding="utf-8")))
    rows.append([doc_id, name, published, region, "测试", "测试稿", text[:6], text[-6:], "", "",
                 digest, "written for the tests"])  # fmt: skip
    write_csv(data / "raw/sources.csv", rows)
    return name


def add_rows(data: Path, name: str, rows: list[list[str]]) -> None:
    """Append rows to a CSV of ``data``, in the order of its header."""
    existing = list(csv.reader((data / name).open(encoding="utf-8")))
    write_csv(data / name, existing + rows)


# An article in our own words, in the manner of a Hebei city's release, in both scripts; the
# page furniture around the body holds figures that are not the article's.
SIMPLIFIED = (
    "石家庄卫健 浏览次数：356\n"
    "今年以来，全市新建村卫生室48个，培训乡村医生1260人次。\n"
    "截至9月底，全市家庭医生签约服务覆盖率达到68.2%。\n"
    "（责任编辑：赵某）点赞12\n"
)
TRADITIONAL = (
    "石家莊衛健 瀏覽次數：356\n"
    "今年以來，全市新建村衛生室48個，培訓鄉村醫生1260人次。\n"
    "截至9月底，全市家庭醫生簽約服務覆蓋率達到68.2%。\n"
    "（責任編輯：趙某）點贊12\n"
)
MARKERS = {SIMPLIFIED: ("今年以来", "68.2%。"), TRADITIONAL: ("今年以來", "68.2%。")}
DOC_SJZ = "sjz-2024-10-08"


def add_sjz_article(data: Path, text: str) -> None:
    """Register ``text`` in data/raw/ and sources.csv, with its city in regions.csv."""
    (data / "raw/950_sjz.txt").write_text(text, encoding="utf-8")
    body_from, body_to = MARKERS[text]
    row = [DOC_SJZ, "950_sjz.txt", "2024-10-08", "Shijiazhuang", "石家庄市卫健委", "标题", body_from,
           body_to, "", "", hashlib.sha256(text.encode()).hexdigest(), "test"]  # fmt: skip
    for name, values in (
        ("raw/sources.csv", row),
        ("regions.csv", ["Shijiazhuang", "石家庄市", "Shijiazhuang", "city", ""]),
    ):
        with (data / name).open("a", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerow(values)


def with_period_start(data: Path) -> Path:
    """The small data folder's curation.csv with period_start, as the project's has it."""
    rows = list(csv.reader((data / "curation.csv").open(encoding="utf-8")))
    with (data / "curation.csv").open("w", encoding="utf-8", newline="") as handle:
        at = rows[0].index("as_of") + 1
        csv.writer(handle, lineterminator="\n").writerows(
            [*r[:at], "period_start" if n == 0 else "", *r[at:]] for n, r in enumerate(rows)
        )
    return data
