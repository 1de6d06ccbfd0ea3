"""`extract` writes only its own regular file, reads only regular files, and shows no raw
control characters: outputs that are files, corpora with odd names and special files,
workers that end with their parent, a vanished input, CSV cells that run no formula."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from zibo_analysis import corpus
from zibo_analysis.cli import main
from zibo_analysis.streams import printable

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = "全省新增城镇就业12.5万人，其中高校毕业生3.2万人。\n"


def run_cli(*args: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "zibo_analysis.cli", *args], capture_output=True,
                          env=env, timeout=timeout, **kwargs)  # fmt: skip


def extract(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["extract", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "in" / "a.txt"
    path.parent.mkdir()
    path.write_text(SENTENCE, encoding="utf-8")
    return path


# ------------------------------------------------------ outputs that are files --


def test_output_onto_a_fifo_is_refused_and_the_fifo_stays(article, capsys):
    fifo = article.parent.parent / "out.csv"
    os.mkfifo(fifo)
    status, out, err = extract(capsys, str(article), "--format", "csv", "-o", str(fifo))
    assert status == 2 and out == ""
    assert err == (f"zibo-analysis: error: --output {fifo}: a named pipe (FIFO), not a regular "
                   "file; write to a file\n")  # fmt: skip
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_onto_a_device_is_refused_and_the_device_stays(article, capsys):
    device = article.parent.parent / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    except PermissionError:
        pytest.skip("making a device node needs root (as CI runs)")
    status, _, err = extract(capsys, str(article), "-o", str(device))
    assert status == 2 and "a character device, not a regular file" in err
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_output_onto_a_symlink_is_refused_and_neither_link_nor_target_changes(article, capsys):
    victim = article.parent.parent / "victim.csv"
    victim.write_text("keep me\n")
    link = article.parent.parent / "out.csv"
    link.symlink_to(victim)
    status, _, err = extract(capsys, str(article), "--format", "csv", "-o", str(link))
    assert status == 2 and err.count("\n") == 1 and "a symbolic link" in err
    assert link.is_symlink() and victim.read_text() == "keep me\n"


def test_output_onto_an_input_is_refused_and_the_article_stays(article, capsys):
    status, _, err = extract(capsys, str(article), "--format", "csv", "-o", str(article))
    assert (
        status == 2
        and err
        == f"zibo-analysis: error: --output {article}: is one of the inputs; write elsewhere\n"
    )
    assert article.read_text(encoding="utf-8") == SENTENCE


def test_output_onto_a_folder_is_refused(article, capsys):
    status, _, err = extract(capsys, str(article), "-o", str(article.parent))
    assert status == 2 and "a directory, not a regular file" in err


def test_a_txt_output_inside_a_folder_being_read_is_refused(article, capsys):
    target = article.parent / "sub" / "rows.txt"
    target.parent.mkdir()
    status, _, err = extract(capsys, str(article.parent), "--format", "csv", "-o", str(target))
    assert status == 2 and "which is read for *.txt files" in err
    assert not target.exists() and sorted(p.name for p in target.parent.iterdir()) == []


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_the_output_file_follows_the_umask(article, capsys, mask, mode):
    target = article.parent.parent / "rows.csv"
    old = os.umask(mask)
    try:
        status, _, _ = extract(capsys, str(article), "--format", "csv", "-o", str(target))
    finally:
        os.umask(old)
    assert status == 0 and stat.S_IMODE(target.stat().st_mode) == mode


def test_dash_as_output_is_standard_output(article, capsys):
    status, out, _ = extract(capsys, str(article), "--format", "csv", "-o", "-", "--jobs", "1")
    assert status == 0 and out.splitlines()[1].endswith(",12.5万人,125000,人,exact")
    assert not Path("-").exists()


# ------------------------------------------------------------------- corpora --


def test_a_file_name_that_is_not_utf8_is_one_line_and_the_other_rows_are_kept(article, tmp_path):
    gbk = os.fsencode(article.parent) + b"/\xd5\xc5\xb5\xea.txt"  # 张店 in GBK, as from a zip
    with open(gbk, "wb") as handle:
        handle.write(SENTENCE.encode())
    target = tmp_path / "rows.csv"
    for output in (["-o", str(target)], []):
        result = run_cli("extract", str(article.parent), "--format", "csv", *output)
        assert result.returncode == 2
        assert result.stderr.decode() == (
            f"zibo-analysis: error: {printable(os.fsdecode(gbk))}: the file name is not UTF-8; "
            "rename it, e.g. convmv -f GBK -t UTF-8 --notest FILE\n"
        )
        assert "\\xd5" in result.stderr.decode()  # the bytes written out, not raw
        written = target.read_bytes() if output else result.stdout
        rows = list(csv.reader(io.StringIO(written.decode("utf-8"))))  # valid UTF-8
        assert [r[3] for r in rows[1:]] == ["12.5万人", "3.2万人"] and rows[1][0] == str(article)


def test_special_files_named_txt_are_refused_one_line_each_and_never_read(article):
    folder = article.parent
    os.mkfifo(folder / "b_fifo.txt")
    (folder / "c_dangling.txt").symlink_to(folder / "gone.txt")
    (folder / "d_zero.txt").symlink_to("/dev/zero")
    result = run_cli("extract", str(folder), "--format", "csv", "--jobs", "1", timeout=60)
    assert result.returncode == 2
    assert (
        result.stderr.decode().splitlines()
        == [
            f"zibo-analysis: error: {folder}/b_fifo.txt: a named pipe (FIFO), not a regular file; skipped",  # fmt: skip
            f"zibo-analysis: error: {folder}/c_dangling.txt: a dangling symbolic link, skipped",
            f"zibo-analysis: error: {folder}/d_zero.txt: a character device (through a symbolic "
            "link), not a regular file; skipped",
        ]
    )
    assert [r[3] for r in csv.reader(io.StringIO(result.stdout.decode()))][1:] == ["12.5万人", "3.2万人"]  # fmt: skip


def test_a_fifo_given_by_name_is_refused_without_waiting_for_a_writer(article):
    fifo = article.parent / "pipe.txt"
    os.mkfifo(fifo)
    result = run_cli("extract", str(fifo), str(article), "--format", "csv", timeout=60)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"zibo-analysis: error: {fifo}: a named pipe (FIFO), not a regular file; give a text file\n"
    )


def test_a_file_that_vanishes_mid_run_is_one_line(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(SENTENCE * 400, encoding="utf-8")  # 30 kB: ten pieces of 3 kB
    errors: list[str] = []
    rows = corpus.iter_rows([str(big)], chunk_bytes=3000, on_error=errors.append)
    first = next(rows)
    big.unlink()
    rest = list(rows)
    assert first[3] == "12.5万人" and len(rest) < 2 * 400 - 1
    assert errors == [f"{big}: no such file"]


def test_jobs_are_capped_at_the_cores(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(SENTENCE * 2000, encoding="utf-8")
    cores = corpus.available_cores()
    results = corpus.results(corpus.plan([str(big)], chunk_bytes=3000), "rows", jobs=cores + 3)
    next(results)
    workers = psutil.Process().children()
    list(results)
    assert 1 <= len(workers) <= cores


def test_workers_end_when_their_parent_is_killed(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(SENTENCE * 40_000, encoding="utf-8")  # 3 MB: pieces for both workers
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    parent = subprocess.Popen([sys.executable, "-m", "zibo_analysis.cli", "extract", str(big),
                               "--jobs", "2", "--format", "csv"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, env=env)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        workers: list[psutil.Process] = []
        while len(workers) < 2 and time.monotonic() < deadline:  # the unread pipe holds it
            workers = psutil.Process(parent.pid).children()
            time.sleep(0.05)
        assert len(workers) == 2
        parent.kill()
        parent.wait(timeout=30)
        gone, alive = psutil.wait_procs(workers, timeout=20)
        assert alive == []
    finally:
        parent.kill()
        for p in psutil.Process().children(recursive=True):
            if p.pid != parent.pid and p.ppid() == 1:
                p.kill()


# ------------------------------------------------------------- what is shown --


def test_a_csv_cell_that_would_run_as_a_formula_gets_an_apostrophe(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "=HYPERLINK(1+2).txt"
    Path(name).write_text("增速为-2.7%，另有3人。", encoding="utf-8")
    status, out, _ = extract(capsys, name, "--format", "csv", "--jobs", "1")
    rows = list(csv.reader(io.StringIO(out)))
    assert status == 0 and [r[0] for r in rows[1:]] == ["'" + name] * 2
    assert [(r[3], r[4]) for r in rows[1:]] == [("-2.7%", "-2.7"), ("3人", "3")]  # numbers stay


def test_control_characters_of_file_names_are_written_out_on_the_terminal(tmp_path, capsys):
    name = str(tmp_path / "x\x1b[2J\x1b]0;pwned\x07.txt")
    status, _, err = extract(capsys, name)
    assert status == 2 and "\x1b" not in err and "\x07" not in err
    assert (
        err == f"zibo-analysis: error: {tmp_path}/x\\x1b[2J\\x1b]0;pwned\\x07.txt: no such file\n"
    )
    Path(name).write_text(SENTENCE, encoding="utf-8")
    status, out, _ = extract(capsys, name, "--jobs", "1")  # the table's source column
    assert status == 0 and "\x1b" not in out and "x\\x1b[2J" in out


@pytest.mark.parametrize("control", ["\x00", "\x1b", "\x7f", "\u009b"])
def test_a_control_character_in_the_text_is_one_line_in_extract_and_facts(control, monkeypatch, capsys):  # fmt: skip
    data = f"共3人{control}[31m另有5人".encode()
    for command in (["extract", "-"], ["facts", "-", "--published", "2024-05-01"]):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        status = main(command)
        captured = capsys.readouterr()
        assert status == 2 and captured.out == "" and captured.err.count("\n") == 1, captured
        assert "<stdin>: " in captured.err and "at offset 7" in captured.err  # 共3人: 7 bytes


def test_the_facts_table_writes_out_bidirectional_controls_of_the_text(monkeypatch, capsys):
    text = "全市新增\u202e就业\u202c人数3人。"  # shown reversed on a terminal, if printed raw
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["facts", "-", "--published", "2024-05-01"]) == 0
    out = capsys.readouterr().out
    assert "\u202e" not in out and "\\u202e就业\\u202c人数" in out


def test_a_facts_csv_cell_that_would_run_as_a_formula_gets_an_apostrophe(tmp_path, capsys, monkeypatch):  # fmt: skip
    monkeypatch.chdir(tmp_path)
    Path("=1+2.txt").write_text("全市新增就业3人。", encoding="utf-8")
    assert main(["facts", "=1+2.txt", "--published", "2024-05-01", "--format", "csv"]) == 0
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert (row["source"], row["text"], row["value"]) == ("'=1+2.txt", "3人", "3")


def test_a_candidate_quote_never_starts_as_a_formula_and_stays_the_articles(tmp_path):
    import hashlib
    import shutil

    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data", ignore=shutil.ignore_patterns("processed"))
    text = "试读稿\n正文开始\n=A1+共3人；@B2-另有5人。\n正文结束\n"
    (project / "data/raw/900_x.txt").write_text(text, encoding="utf-8")
    with (project / "data/raw/sources.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            ["x-2024", "900_x.txt", "2024-05-01", "Zibo", "试", "试读稿", "正文开始", "正文结束", "", "",
             hashlib.sha256(text.encode()).hexdigest(), "test"])  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "ZIBO_ANALYSIS_ROOT": str(project)}
    done = subprocess.run([sys.executable, "-m", "zibo_analysis.cli", "candidates", "x-2024"],
                          capture_output=True, text=True, env=env, cwd=project, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["quote"], r["mention"]) for r in rows] == [  # both in the article as written
        ("A1+共3人", "3人"),
        ("B2-另有5人", "5人"),
    ]


def test_a_failed_dask_run_leaves_the_previous_output_whole(tmp_path, monkeypatch):
    pytest.importorskip("dask.bag", reason="dask is an optional extra: zibo-analysis[dask]")
    pd = pytest.importorskip("pandas")
    from zibo_analysis.corpus import cluster

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"{i}.txt").write_text(SENTENCE * 50, encoding="utf-8")
    output = tmp_path / "mentions.parquet"
    first = corpus.extract_corpus([str(folder)], client="sync", output=str(output),
                                  chunk_bytes=3000, partition_bytes=6000)  # fmt: skip
    parts = sorted(p.name for p in output.iterdir())
    assert first.rows == 6 * 100 and len(parts) == first.partitions > 2
    write = cluster._write_partition

    def fails_at_the_third(numbered, out):
        if numbered[0] == 2:
            raise OSError(28, "No space left on device")
        return write(numbered, out)

    monkeypatch.setattr(cluster, "_write_partition", fails_at_the_third)
    with pytest.raises(OSError, match="No space left"):
        corpus.extract_corpus([str(folder)], client="sync", output=str(output), chunk_bytes=3000,
                              partition_bytes=6000)  # fmt: skip
    assert sorted(p.name for p in output.iterdir()) == parts  # not fewer parts: a smaller dataset
    assert len(pd.read_parquet(output)) == 6 * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "mentions.parquet"]  # nothing left


def test_a_dask_output_holding_other_files_is_refused(tmp_path):
    pytest.importorskip("dask.bag", reason="dask is an optional extra: zibo-analysis[dask]")
    output = tmp_path / "out"
    output.mkdir()
    (output / "notes.md").write_text("mine")
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    with pytest.raises(ValueError, match="holds files that are not this function's part files"):
        corpus.extract_corpus([str(tmp_path / "a.txt")], client="sync", output=str(output))
    assert [p.name for p in output.iterdir()] == ["notes.md"]


def test_on_a_terminal_every_format_writes_control_characters_out(tmp_path):
    import pty

    name = tmp_path / "x\x1b]0;pwned\x07.txt"
    name.write_text(SENTENCE, encoding="utf-8")
    leader, follower = pty.openpty()
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        done = subprocess.run([sys.executable, "-m", "zibo_analysis.cli", "extract", str(name), "--format", "csv"],
                              stdout=follower, stderr=subprocess.PIPE, env=env, timeout=60)  # fmt: skip
        os.close(follower)
        shown = b""
        while True:
            try:
                block = os.read(leader, 65536)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not block:
                break
            shown += block
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert b"\x1b" not in shown and b"\x07" not in shown
    assert "x\\x1b]0;pwned\\x07.txt" in shown.decode()
