"""Corpus mode: many files, many processes, chunks of a big file, streamed rows, bad files."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from zibo_analysis import corpus
from zibo_analysis.quantities import find_quantities

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "data/raw").glob("*.txt"))
COLUMNS = ["source", "start", "end", "text", "value", "unit", "qualifier"]


def traditional_text() -> str:
    from test_quantities_real import TRADITIONAL

    return "。\n".join(dict.fromkeys(sentence for _, sentence, *_ in TRADITIONAL)) + "。\n"


def expected_rows(source: str, text: str) -> list[tuple]:
    return [(source, q.start, q.end, q.text, q.value, q.unit, q.qualifier)
            for q in find_quantities(text)]  # fmt: skip


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """The five articles and a traditional-script text in nested folders, and a file to ignore."""
    root = tmp_path / "corpus"
    places = ["b/000.txt", "a/z/001.txt", "a/002.txt", "c.txt", "b/0/003.txt", "a/y/004.txt"]
    for article, place in zip(ARTICLES, places, strict=False):
        (root / place).parent.mkdir(parents=True, exist_ok=True)
        (root / place).write_bytes(article.read_bytes())
    (root / places[-1]).parent.mkdir(parents=True, exist_ok=True)
    (root / places[-1]).write_text(traditional_text(), encoding="utf-8")
    (root / "a/notes.md").write_text("共3人", encoding="utf-8")
    return root


def run_cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    kwargs = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.run([sys.executable, "-m", "zibo_analysis.cli", *args], text=True,
                          cwd=ROOT, env=env, **kwargs)  # fmt: skip


def csv_rows(text: str) -> list[tuple]:
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == COLUMNS
    return [tuple(r) for r in rows[1:]]


def as_csv(rows: list[tuple]) -> list[tuple]:
    return [tuple(str(v) for v in row) for row in rows]


def test_a_folder_is_read_recursively_in_path_order(small_corpus):
    result = run_cli("extract", str(small_corpus), "--format", "csv", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    order = ["a/002.txt", "a/y/004.txt", "a/z/001.txt", "b/0/003.txt", "b/000.txt", "c.txt"]
    expected = []
    for name in order:
        path = small_corpus / name
        expected += expected_rows(str(path), path.read_text(encoding="utf-8"))
    assert csv_rows(result.stdout) == as_csv(expected)
    assert len(expected) > 300 and "notes.md" not in result.stdout


def test_one_and_two_jobs_give_the_same_bytes(small_corpus, tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.csv"
        result = run_cli("extract", str(small_corpus), "--jobs", jobs, "--format", "csv",
                         "--output", str(out))  # fmt: skip
        assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n") > 300


def test_files_given_one_by_one_keep_the_order_given(small_corpus):
    first, second = small_corpus / "c.txt", small_corpus / "a/002.txt"
    result = run_cli("extract", str(first), str(second), "--format", "csv", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    expected = expected_rows(str(first), first.read_text(encoding="utf-8"))
    expected += expected_rows(str(second), second.read_text(encoding="utf-8"))
    assert csv_rows(result.stdout) == as_csv(expected)


def big_file(tmp_path) -> tuple[Path, str]:
    text = "".join(a.read_text(encoding="utf-8") for a in ARTICLES) + traditional_text()
    text = text * 3
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    return path, text


@pytest.mark.parametrize(("chunk_bytes", "jobs"), [(3000, 1), (3000, 2), (700, 1)])
def test_a_big_file_cut_in_chunks_gives_the_rows_of_the_whole(tmp_path, chunk_bytes, jobs):
    """700 bytes is shorter than some lines: those are cut after a 。 inside them."""
    path, text = big_file(tmp_path)
    rows = list(corpus.iter_rows([str(path)], jobs=jobs, chunk_bytes=chunk_bytes))
    assert rows == expected_rows(str(path), text)
    assert len(rows) > 1000


def test_two_jobs_from_a_process_with_threads(tmp_path):
    """As in a notebook's kernel: the workers come from a fork server, the rows are the same."""
    path, text = big_file(tmp_path)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        rows = list(corpus.iter_rows([str(path)], jobs=2, chunk_bytes=20_000))
    finally:
        stop.set()
        other.join()
    assert rows == expected_rows(str(path), text)


def test_chunks_end_at_a_sentence_end_and_carry_their_offsets(tmp_path):
    path, text = big_file(tmp_path)
    pieces = [p for task in corpus.plan([str(path)], chunk_bytes=3000) for p in task]
    assert len(pieces) > 50
    data = path.read_bytes()
    assert pieces[0].start == 0 and pieces[-1].end == len(data)
    sentence_ends = 0
    for before, after in zip(pieces, pieces[1:], strict=False):
        assert before.end == after.start
        assert before.end - before.start <= 3000
        assert after.char_base == len(data[: after.start].decode("utf-8"))
        window = data[before.start : before.start + 3000]
        if "。\n".encode() in window:  # the last sentence end in reach, else the last newline
            assert before.end == before.start + window.rindex("。\n".encode()) + 4
            sentence_ends += 1
        else:
            assert before.end == before.start + window.rindex(b"\n") + 1
    assert sentence_ends > 50


def test_stdin_is_read_in_chunks_too():
    data = "".join(a.read_text(encoding="utf-8") for a in ARTICLES) * 2
    rows = list(corpus.iter_rows(["-"], stdin=io.BytesIO(data.encode()), chunk_bytes=2000))
    assert rows == expected_rows("<stdin>", data)


def test_a_bad_file_is_one_line_skipped_and_the_status_says_so(small_corpus):
    (small_corpus / "b/gbk.txt").write_bytes("张店区".encode("gb18030"))
    (small_corpus / "b/nul.txt").write_bytes(b"abc\x00def")
    locked = small_corpus / "b/locked.txt"
    locked.write_text("共3人", encoding="utf-8")
    locked.chmod(0)
    readable = os.access(locked, os.R_OK)  # root reads anything
    result = run_cli("extract", str(small_corpus), "--format", "csv", "--jobs", "2")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"zibo-analysis: error: {small_corpus}/b/gbk.txt: not UTF-8 (byte 0xd5 at offset 0); "
        "convert it, e.g. iconv -f GB18030 -t UTF-8",
        *([] if readable else [f"zibo-analysis: error: {locked}: permission denied"]),
        f"zibo-analysis: error: {small_corpus}/b/nul.txt: binary file (NUL byte at offset 3), "
        "expected UTF-8 text",
    ]
    sources = {row[0] for row in csv_rows(result.stdout)}
    assert len(sources) == (7 if readable else 6) and not any(
        "gbk" in s or "nul" in s for s in sources
    )


def test_a_bad_chunk_of_a_big_file_skips_the_whole_file(tmp_path):
    path, _ = big_file(tmp_path)
    path.write_bytes(path.read_bytes() + "共3人".encode("gb18030"))
    good = tmp_path / "good.txt"
    good.write_text("共3人", encoding="utf-8")
    errors: list[str] = []
    rows = list(corpus.iter_rows([str(path), str(good)], chunk_bytes=3000, on_error=errors.append))
    assert rows == [(str(good), 1, 3, "3人", 3, "人", "exact")]
    assert len(errors) == 1 and errors[0].startswith(f"{path}: not UTF-8 (byte 0xb9 at offset ")


def test_a_missing_file_among_good_ones(small_corpus):
    result = run_cli("extract", "missing.txt", str(small_corpus / "c.txt"), "--format", "csv")
    assert result.returncode == 2
    assert result.stderr == "zibo-analysis: error: missing.txt: no such file\n"
    assert {row[0] for row in csv_rows(result.stdout)} == {str(small_corpus / "c.txt")}


def test_a_folder_without_text_files_is_an_error(tmp_path):
    result = run_cli("extract", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == f"zibo-analysis: error: {tmp_path}: a folder with no *.txt file\n"


def test_jsonl_round_trip(small_corpus):
    result = run_cli("extract", str(small_corpus / "a"), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    expected = []
    for name in ["a/002.txt", "a/y/004.txt", "a/z/001.txt"]:
        path = small_corpus / name
        expected += expected_rows(str(path), path.read_text(encoding="utf-8"))
    assert [tuple(r[c] for c in COLUMNS) for r in rows] == expected
    assert list(rows[0]) == COLUMNS


def test_json_is_streamed_in_todays_layout(small_corpus):
    path = small_corpus / "c.txt"
    result = run_cli("extract", str(path), str(path), "--format", "json")
    rows = [
        dict(zip(COLUMNS, row, strict=True)) for row in expected_rows(str(path), path.read_text())
    ]
    assert result.stdout == json.dumps(rows * 2, ensure_ascii=False, indent=1) + "\n"
    empty = run_cli("extract", "--format", "json", input="没有数字")
    assert empty.returncode == 0 and empty.stdout == "[]\n"


def test_parquet_round_trip(small_corpus, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "rows.parquet"
    result = run_cli("extract", str(small_corpus), "--format", "parquet", "--output", str(out))
    assert result.returncode == 0, result.stderr
    table = pq.read_table(out)
    assert table.column_names == COLUMNS
    assert [str(t) for t in table.schema.types] == [
        "string", "int64", "int64", "string", "double", "string", "string"]  # fmt: skip
    expected = []
    for path in sorted(
        small_corpus.rglob("*.txt"), key=lambda p: p.relative_to(small_corpus).parts
    ):
        expected += expected_rows(str(path), path.read_text(encoding="utf-8"))
    assert [tuple(r.values()) for r in table.to_pylist()] == expected


def test_parquet_needs_an_output_file(small_corpus):
    result = run_cli("extract", str(small_corpus), "--format", "parquet")
    assert result.returncode == 2
    assert result.stderr == (
        "zibo-analysis: error: --format parquet writes a file: give --output FILE\n"
    )


def test_nothing_is_written_when_every_file_failed(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe")
    out = tmp_path / "rows.csv"
    result = run_cli("extract", str(bad), "--format", "csv", "--output", str(out))
    assert result.returncode == 2 and result.stdout == ""
    assert not out.exists() and os.listdir(tmp_path) == ["bad.txt"]


def test_progress_is_quiet_when_not_a_terminal(small_corpus):
    result = run_cli("extract", str(small_corpus), "--format", "csv", "--jobs", "2")
    assert result.returncode == 0 and result.stderr == ""


def test_progress_bar_on_a_terminal_counts_files_and_megabytes(small_corpus, tmp_path):
    leader, follower = pty.openpty()
    try:
        result = run_cli("extract", str(small_corpus), "--format", "csv", "--jobs", "2",
                         "--output", str(tmp_path / "rows.csv"), stderr=follower)  # fmt: skip
        os.close(follower)
        shown = b""
        while True:
            try:
                block = os.read(leader, 65536)
            except OSError:  # the terminal is closed once all was read
                break
            if not block:
                break
            shown += block
    finally:
        os.close(leader)
    assert result.returncode == 0
    last = shown.decode().replace("\r\n", "\n").split("\r")[-1]
    assert "6/6 files" in last and "MB/s" in last, last


def test_into_a_closed_stdout_with_two_jobs_is_one_line(small_corpus):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m zibo_analysis.cli extract {small_corpus} --jobs 2 --format csv >&-"],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == "zibo-analysis: error: cannot write to standard output: it is closed\n"


def _sigint_as_in_a_terminal() -> None:
    """A shell running the tests in the background ignores SIGINT for its children."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stopped_run_leaves_no_output_behind(tmp_path, signum):
    out = tmp_path / "rows.csv"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "zibo_analysis.cli", "extract", "-", "-o", str(out)],
                            stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=_sigint_as_in_a_terminal)  # fmt: skip
    proc.stdin.write("共3人\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 30
    while not list(tmp_path.iterdir()) and time.monotonic() < deadline:  # the temp file
        time.sleep(0.05)
    proc.send_signal(signum)
    assert proc.wait(timeout=30) == 128 + signum
    assert proc.stderr.read() == "zibo-analysis: interrupted\n"
    assert list(tmp_path.iterdir()) == []


def test_a_row_is_a_plain_tuple_of_the_contract_columns():
    (row,) = corpus.iter_rows(["-"], stdin=io.BytesIO("预约治疗率41%".encode()))
    assert type(row) is tuple and row == ("<stdin>", 5, 8, "41%", 41, "percent", "exact")


def test_streaming_rows_holds_a_chunk_in_memory_not_the_file(tmp_path):
    """1 MB of articles in pieces of 16 KiB: the memory Python allocates while every row streams
    past is at most a quarter of the file (the file alone, decoded, would be more than that)."""
    import tracemalloc

    text = "\n".join(article.read_text(encoding="utf-8") for article in ARTICLES)
    path = tmp_path / "big.txt"
    path.write_text(text * 20, encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    list(corpus.iter_rows(["-"], stdin=io.BytesIO(text.encode())))  # patterns compiled first
    tracemalloc.start()
    try:
        rows = sum(1 for _ in corpus.iter_rows([str(path)], chunk_bytes=16 << 10))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows > 20 * 300  # the five articles hold some 320 figures
    assert peak < path.stat().st_size / 4


# ------------------------------------------------------------------ on Dask --


def test_dask_extraction_equals_the_local_one(small_corpus, tmp_path):
    pytest.importorskip("dask.dataframe", reason="dask is an optional extra: zibo-analysis[dask]")
    distributed = pytest.importorskip(
        "distributed", reason="zibo-analysis[dask] brings distributed"
    )
    pd = pytest.importorskip("pandas")

    big, _ = big_file(small_corpus)  # chunks of a big file, among small files
    local = tmp_path / "local.parquet"
    assert run_cli("extract", str(small_corpus), "--format", "parquet",
                   "--output", str(local)).returncode == 0  # fmt: skip
    (small_corpus / "bad.txt").write_bytes(b"\xff")
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        run = corpus.extract_corpus([str(small_corpus)], client=client,
                                    output=str(tmp_path / "dask.parquet"),
                                    chunk_bytes=20_000, partition_bytes=40_000)  # fmt: skip
        lazy = corpus.extract_corpus([str(small_corpus)], client=client, chunk_bytes=20_000,
                                     partition_bytes=40_000)  # fmt: skip
        in_memory = lazy.compute(scheduler=client)
    assert run.failed == [f"{small_corpus}/bad.txt: not UTF-8 (byte 0xff at offset 0); "
                          "convert it, e.g. iconv -f GB18030 -t UTF-8"]  # fmt: skip
    assert run.files == 8 and run.partitions > 3
    on_dask = pd.read_parquet(tmp_path / "dask.parquet")
    expected = pd.read_parquet(local)
    assert run.rows == len(expected) > 1000
    assert str(big) in set(expected["source"])
    pd.testing.assert_frame_equal(on_dask.reset_index(drop=True), expected)
    text_columns = ["source", "text", "unit", "qualifier"]  # dask keeps text as Arrow strings
    in_memory = in_memory.astype(dict.fromkeys(text_columns, object)).reset_index(drop=True)
    pd.testing.assert_frame_equal(in_memory, expected)
