"""`zibo-analysis facts` on articles and corpora: each article with its own sources row."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from zibo_analysis import corpus
from zibo_analysis.cli import main

# Articles in our own words, in the manner of releases from several provinces; the
# headline and the page furniture hold figures that are not the body's.
ZHEJIANG = (
    "嘉兴发布：上半年就业工作稳中有进 阅读量12万\n"
    "记者 周某 报道\n"
    "今年以来，嘉兴市新增城镇就业9.1万人，帮扶困难人员再就业3120人。\n"
    "全市城镇调查失业率控制在4.5%以内。\n"
    "（责任编辑：王某）相关阅读5篇"
)
GUANGDONG_TRADITIONAL = (
    "佛山人社快訊\n今年以來，佛山市發放創業擔保貸款4.6億元，扶持創業1.2萬人。\n分享到微信 點贊88次"
)
SICHUAN = "1—9月，全市开展职业技能培训6.8万人次，完成全年目标的85%。\n"
SOURCES = [
    ["doc_id", "source_file", "published", "region", "body_from", "body_to"],
    ["jx-2024", "zj/jiaxing.txt", "2024-07-05", "Jiaxing", "今年以来", "3120人。"],
    ["fs-2023", "foshan.txt", "2023-11-20", "佛山市", "今年以來", "萬人。"],
]
REGIONS = [["region_id", "name_zh", "name_en", "level", "parent_id"],
           ["Jiaxing", "嘉兴市", "Jiaxing", "city", ""]]  # fmt: skip


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.fixture
def folder(tmp_path) -> Path:
    """A corpus folder with its sources table, a regions table beside it, and one file the
    table does not list."""
    root = tmp_path / "corpus"
    (root / "zj").mkdir(parents=True)
    (root / "zj/jiaxing.txt").write_text(ZHEJIANG, encoding="utf-8")
    (root / "foshan.txt").write_text(GUANGDONG_TRADITIONAL, encoding="utf-8")
    (root / "sichuan.txt").write_text(SICHUAN, encoding="utf-8")
    write_csv(root / "sources.csv", SOURCES)
    write_csv(root / "regions.csv", REGIONS)
    write_csv(tmp_path / "catalog.csv", [["indicator_id", "name_zh", "unit", "kind"]])
    return root


def no_catalog(folder: Path) -> str:
    """A catalog with no indicator beside the corpus: matching is not what is tested here."""
    return str(folder.parent / "catalog.csv")


def facts(capsys, folder: Path, *argv: str) -> tuple[int, list[dict], str]:
    status = main(["facts", *argv, "--format", "jsonl", "--catalog", no_catalog(folder)])
    out, err = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines()], err


def test_each_article_is_read_with_its_own_date_region_and_body(folder, capsys):
    status, rows, err = facts(capsys, folder, str(folder))
    assert status == 2 and err.count("\n") == 1 and "sichuan.txt: not in " in err
    got = [(Path(r["source"]).name, r["text"], r["region"], r["period_start"], r["as_of"]) for r in rows]  # fmt: skip
    assert got == [  # the folder's files in path order; nothing from headlines or furniture
        ("foshan.txt", "4.6億元", "佛山市", "2023-01-01", "2023-11-20"),
        ("foshan.txt", "1.2萬人", "佛山市", "2023-01-01", "2023-11-20"),
        ("jiaxing.txt", "9.1万人", "嘉兴市", "2024-01-01", "2024-07-05"),
        ("jiaxing.txt", "3120人", "嘉兴市", "2024-01-01", "2024-07-05"),
    ]  # the rate after body_to is not read either
    text = (folder / "zj/jiaxing.txt").read_text(encoding="utf-8")
    assert [text[r["start"] : r["end"]] for r in rows[2:]] == ["9.1万人", "3120人"]


def test_a_file_no_table_lists_is_read_with_the_date_given(folder, capsys):
    status, rows, err = facts(
        capsys, folder, str(folder / "sichuan.txt"), "--published", "2024-10-15"
    )
    assert status == 0 and err == ""
    assert [(r["text"], r["period_start"], r["as_of"]) for r in rows] == [
        ("6.8万人次", "2024-01-01", "2024-09-30"),
        ("85%", "", "2024-09-30"),
    ]


def test_a_table_given_with_sources_is_used_for_files_elsewhere(folder, tmp_path, capsys):
    table = tmp_path / "list.csv"
    write_csv(table, [["source_file", "published", "region"], ["corpus/sichuan.txt", "2023-10-09", "成都市"]])  # fmt: skip
    status, rows, _ = facts(capsys, folder, str(folder / "sichuan.txt"), "--sources", str(table))
    assert status == 0 and {(r["region"], r["as_of"]) for r in rows} == {("成都市", "2023-09-30")}


def test_problems_of_a_sources_table_are_one_line_each_with_its_line(folder, capsys):
    write_csv(folder / "sources.csv", [
        ["source_file", "published", "region", "body_from", "body_to"],
        ["zj/jiaxing.txt", "2024-02-30", "Jiaxing", "", ""],
        ["foshan.txt", "2023-11-20", "Atlantis", "今年以來", ""],
    ])  # fmt: skip
    status, rows, err = facts(capsys, folder, str(folder))
    assert status == 2 and rows == []
    lines = err.splitlines()
    assert len(lines) == 2
    assert "sources.csv line 2, published: 2024-02-30 is not a day" in lines[0]
    assert "sources.csv line 3, body_to: empty while body_from is given" in lines[1]


def test_a_body_marker_not_in_its_article_fails_that_article_only(folder, capsys):
    rows = [r[:] for r in SOURCES]
    rows[2][4] = "今年以后"
    write_csv(folder / "sources.csv", rows)
    status, found, err = facts(capsys, folder, str(folder), "--published", "2024-10-15")
    assert status == 2 and err.count("\n") == 1
    assert 'sources.csv line 3, body_from: "今年以后" not found in foshan.txt' in err
    assert {Path(r["source"]).name for r in found} == {"jiaxing.txt", "sichuan.txt"}


def test_one_and_two_processes_give_the_same_rows_in_the_same_order(folder, tmp_path):
    for i in range(8):  # more articles than one task holds at this task size
        (folder / f"x{i}.txt").write_text(SICHUAN * (i + 1), encoding="utf-8")
    reading = corpus.facts_reading([str(folder)], published="2024-10-15")
    outputs = []
    for jobs in (1, 2):
        target = tmp_path / f"facts-{jobs}.csv"
        summary = corpus.write([str(folder)], "csv", str(target), jobs=jobs, chunk_bytes=300,
                               reading=reading)  # fmt: skip
        assert summary.failed == [] and summary.files == 11
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    rows = list(csv.DictReader(io.StringIO(outputs[0].decode())))
    assert len(rows) == 4 + 2 * 37 and rows[0]["source"].endswith("foshan.txt")


def test_parquet_holds_the_rows_typed(folder, tmp_path, capsys):
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "facts.parquet"
    status = main(["facts", str(folder), "--published", "2024-10-15", "--format", "parquet",
                   "-o", str(target), "--catalog", no_catalog(folder)])  # fmt: skip
    assert status == 0, capsys.readouterr().err
    table = pq.read_table(target)
    assert tuple(table.column_names) == corpus.FACTS_COLUMNS
    assert str(table.schema.field("value").type) == "double"
    assert table.column("text").to_pylist()[:2] == ["4.6億元", "1.2萬人"]
    assert table.column("value").to_pylist()[0] == 460_000_000


def test_the_output_is_refused_where_extract_refuses_it(folder, tmp_path, capsys):
    status = main(["facts", str(folder), "--published", "2024-10-15", "-o", str(folder / "out.txt")])  # fmt: skip
    err = capsys.readouterr().err
    assert status == 2 and "a .txt file inside" in err and not (folder / "out.txt").exists()


def test_facts_on_dask_equal_the_command_line(folder, tmp_path, capsys):
    pytest.importorskip("dask.dataframe", reason="dask is an optional extra: zibo-analysis[dask]")
    pd = pytest.importorskip("pandas")
    local = tmp_path / "local.parquet"
    assert main(["facts", str(folder), "--format", "parquet", "-o", str(local), "--catalog",
                 no_catalog(folder)]) == 2  # fmt: skip
    run = corpus.facts_corpus([str(folder)], client="sync", output=str(tmp_path / "dask.parquet"),
                              catalog=no_catalog(folder), chunk_bytes=200, partition_bytes=200)  # fmt: skip
    assert run.files == 3 and run.partitions >= 2 and len(run.failed) == 1
    assert run.failed[0].endswith("give --published")
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "dask.parquet"), pd.read_parquet(local)
    )
