"""`zibo-analysis catalog add`: reference rows into a catalog, in-process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zibo_analysis.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "data/catalog.csv"
    path.parent.mkdir()
    shutil.copy(ROOT / "data/catalog.csv", path)
    return path


def test_catalog_add_appends_and_lists_the_rows(catalog, capsys):
    before = catalog.read_bytes()
    assert main(["catalog", "add", "--catalog", str(catalog), "beds_per_1000", "life_expectancy"]) == 0  # fmt: skip
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "added 2 indicator(s) to data/catalog.csv:"
    assert out[1].split() == ["beds_per_1000", "每千人口医疗卫生机构床位数", "(张,", "ratio)"]
    after = catalog.read_bytes()
    assert after.startswith(before)
    assert [line.split(",")[0] for line in after[len(before) :].decode().splitlines()] == [
        "beds_per_1000",
        "life_expectancy",
    ]


def test_catalog_add_dry_run_prints_the_rows_and_writes_nothing(catalog, capsys):
    before = catalog.read_bytes()
    assert (
        main(
            [
                "catalog",
                "add",
                "--dry-run",
                "--catalog",
                str(catalog),
                "hospitals",
                "hospitals_change",
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    assert captured.out.splitlines()[1] == (
        "hospitals_change,医院数比上年增加,Change in hospitals,health_care,个|家|所,change,true,"
        "How many more (or fewer) hospitals there are than a year before.,,,,hospitals,previous_year"
    )
    assert "2 row(s) would be appended to data/catalog.csv; nothing was written" in captured.err
    assert catalog.read_bytes() == before


def test_catalog_add_refusal_is_exit_2_with_every_problem(catalog, capsys):
    before = catalog.read_bytes()
    assert main(["catalog", "add", "--catalog", str(catalog), "urban_new_jobs", "bed_per_1000"]) == 2  # fmt: skip
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith(
        "indicator_id: urban_new_jobs is already in the catalog; its row stays as it is (edit it there, "
        "or leave urban_new_jobs out)"
    )
    assert err[1].startswith(
        'catalog add: unknown reference indicator "bed_per_1000"; did you mean "beds_per_1000"?'
    )
    assert err[2] == "zibo-analysis: data/catalog.csv was not changed: 2 problem(s) above"
    assert catalog.read_bytes() == before


def test_catalog_without_an_action_is_a_usage_error(capsys):
    assert main(["catalog"]) == 2
    assert "the following arguments are required: ACTION" in capsys.readouterr().err


def test_catalog_add_help_names_the_reference_and_an_example(capsys):
    assert main(["catalog", "add", "--help"]) == 0
    out = capsys.readouterr().out
    assert "data/reference/indicators.csv" in out
    assert "zibo-analysis catalog add urban_surveyed_unemployment_rate beds_per_1000" in out
