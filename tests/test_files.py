"""Built files: atomic, and readable by others as the umask allows."""

from __future__ import annotations

import os

import pytest

from zibo_analysis.files import atomic_write


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_built_files_follow_the_umask(tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        atomic_write(tmp_path / "index.html", "<p>名医</p>")
    finally:
        os.umask(old)
    assert (tmp_path / "index.html").stat().st_mode & 0o777 == mode


def test_a_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "indicators.csv"
    atomic_write(target, "old\n")

    with pytest.raises(TypeError):
        atomic_write(target, 12345)  # not text: the write fails
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["indicators.csv"]
