"""The pages, the index and the data package describe the dataset as it is, counted from
its files, never the seed articles by name; and a coverage figure gives each base its panel."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
from conftest import make_indicators

from zibo_analysis import plots
from zibo_analysis.coverage import coverage_table
from zibo_analysis.report import datapackage
from zibo_analysis.report.folder import OutputFolder
from zibo_analysis.report.index import write_index


def write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def data_folder(tmp_path: Path) -> Path:
    """A reports/data/ of two articles of our own, in two regions."""
    OutputFolder.claim(tmp_path / "reports")  # the report's own folder, with its marker
    data = tmp_path / "reports/data"
    data.mkdir(parents=True)
    head = ["doc_id", "published", "title", "publisher", "source_file", "sha256", "region"]
    write(data / "articles.csv", [head, ["linyi-2019-02", "2019-02-11", "临沂就业", "测试", "a.txt", "0" * 64, "Linyi"],
                                  ["rizhao-2024-07", "2024-07-30", "日照卫生", "测试", "b.txt", "0" * 64, "Rizhao"],
                                  ["unused", "2025-01-01", "未整理", "测试", "c.txt", "0" * 64, "Rizhao"]])  # fmt: skip
    write(
        data / "regions.csv",
        [
            ["region_id", "name_zh", "name_en", "level", "parent_id"],
            ["Linyi", "临沂市", "Linyi", "city", ""],
            ["Rizhao", "日照市", "Rizhao", "city", ""],
        ],
    )
    write(
        data / "indicators.csv",
        [
            ["obs_id", "doc_id", "region", "as_of"],
            ["a:1", "linyi-2019-02", "Linyi", "2018-12-31"],
            ["b:1", "rizhao-2024-07", "Rizhao", "2024-06-30"],
            ["b:9", "rizhao-2024-07", "Rizhao", "2024-06-30"],
        ],
    )
    write(
        data / "quality_flags.csv",
        [["indicator_id", "region", "kind", "detail", "doc_ids", "as_of", "obs_ids", "severity"]],
    )
    write(
        data / "catalog.csv", [["indicator_id", "topic", "kind", "higher_is_better", "change_base"]]
    )
    return data


def test_the_dataset_is_counted_from_its_files(tmp_path):
    assert datapackage.describe(data_folder(tmp_path)) == (
        "3 figures quoted from 2 articles published from 2019-02-11 to 2024-07-30, "
        "for 2 regions (Linyi, Rizhao), referring to 2018 to 2024."
    )


def test_the_data_package_describes_the_dataset_as_it_is(tmp_path):
    data = data_folder(tmp_path)
    package = json.loads(
        datapackage.write_datapackage(
            OutputFolder.claim(data.parent), datapackage.vocabularies()
        ).read_text(encoding="utf-8")
    )
    assert package["description"].startswith(
        "3 figures quoted from 2 articles published from 2019-02-11"
    )
    assert "Zibo" not in package["title"] + package["description"]
    fields = {f["name"] for f in datapackage.indicator_fields(datapackage.vocabularies())}
    assert {"period_start", "change_of", "change_base"} <= fields


def test_the_index_describes_the_dataset_as_it_is(tmp_path):
    data = data_folder(tmp_path)
    page = write_index(OutputFolder.claim(data.parent), "0" * 64, [])
    text = page.read_text(encoding="utf-8")
    assert "3 figures quoted from 2 articles published from 2019-02-11 to 2024-07-30" in text
    assert "five" not in text and "Xuecheng" not in text


def test_a_coverage_figure_gives_a_rate_per_100k_a_panel_of_its_own():
    table = coverage_table(make_indicators([
        {"indicator_id": "maternal", "indicator_en": "Maternal mortality", "region": "Zibo", "as_of": "2024-12-31",
         "value": 9.8, "kind": "rate", "unit": "per_100k", "topic": "public_health", "doc_id": "a"},
        {"indicator_id": "screening", "indicator_en": "Screening", "region": "Zibo", "as_of": "2024-12-31",
         "value": 91.5, "kind": "rate", "unit": "percent", "topic": "public_health", "doc_id": "a"},
    ]))  # fmt: skip
    fig = plots.plot_coverage(
        table, indicators=pd.DataFrame({"doc_id": ["a"], "published": [pd.Timestamp("2025-01-01")]})
    )
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["Public health", "Public health (per 100,000)"]
    assert fig.axes[1].get_xlim()[1] < 20  # its own scale, not 0 to 100
