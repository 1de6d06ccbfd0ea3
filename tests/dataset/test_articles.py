"""The raw articles: recorded bytes, bodies, and one line for an article that cannot be read."""

from __future__ import annotations

from .helpers import edit, problems


def test_changed_raw_article_is_refused(data_dir):
    path = data_dir / "raw/003_351e60ca40d762c5.txt"
    path.write_bytes(path.read_bytes().replace("218人次".encode(), "219人次".encode()))
    (message,) = problems(data_dir)
    assert message.startswith(
        "data/raw/sources.csv line 5, sha256: 003_351e60ca40d762c5.txt has changed"
    )


def test_body_marker_not_found(data_dir):
    edit(data_dir / "raw", "sources.csv", 6, "body_to", "这句话不在文章里")
    (message,) = problems(data_dir)
    assert message.startswith('data/raw/sources.csv line 6, body_to: "这句话不在文章里" not found')
