"""The raw articles: recorded bytes, bodies, and one line for an article that cannot be read."""

from __future__ import annotations

from .helpers import ARTICLE, DOC, edit, edit_text, problems


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


# ------------------------------------------- one line per failed article --


def test_missing_article_is_one_line_not_one_per_row(real_data_dir):
    (real_data_dir / "raw" / ARTICLE).unlink()
    found = problems(real_data_dir)
    assert found[0] == (
        f"data/raw/sources.csv line 2, source_file: {ARTICLE} is not in data/raw/; "
        "save the article there, or correct source_file"
    )
    assert found[1:] == [
        f"data/curation.csv: 72 rows naming doc_id {DOC} were not checked; "
        "its article did not load (see data/raw/sources.csv line 2)",
        f"data/ignored.csv: 2 rows naming doc_id {DOC} were not checked; "
        "its article did not load (see data/raw/sources.csv line 2)",
    ]


def test_misnamed_article_suggests_the_file(data_dir):
    (data_dir / "raw" / ARTICLE).rename(data_dir / "raw" / ARTICLE.replace("000_", "00_"))
    assert (
        f'is not in data/raw/; did you mean "{ARTICLE.replace("000_", "00_")}"?'
        in problems(data_dir)[0]
    )


def test_article_not_in_utf8_says_how_to_convert_it(data_dir):
    path = data_dir / "raw" / ARTICLE
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    found = problems(data_dir)
    assert found[0].startswith(
        f"data/raw/sources.csv line 2, source_file: {ARTICLE} is not UTF-8 (byte 0x"
    )
    assert "it reads as GB18030" in found[0] and "iconv -f GB18030 -t UTF-8" in found[0]
    assert "record its new SHA-256" in found[0]
    assert len(found) == 3  # no sha256 line; one summary each for curation and ignored


def test_article_that_cannot_be_read_is_one_line(data_dir):
    path = data_dir / "raw" / ARTICLE
    path.unlink()
    path.mkdir()  # reading it fails as a permission problem would, also as root
    found = problems(data_dir)
    assert found[0].startswith(
        f"data/raw/sources.csv line 2, source_file: {ARTICLE} cannot be read (Is a directory)"
    )
    assert len(found) == 3


def test_unreadable_sources_row_is_one_line(real_data_dir):
    edit_text(real_data_dir / "raw/sources.csv", 3, lambda line: line + ",extra")
    found = problems(real_data_dir)
    assert found[0].startswith("data/raw/sources.csv line 3, field 13: the row has 13 fields")
    assert found[1].startswith(
        "data/curation.csv: 50 rows naming doc_id zibo-2021-11 were not checked; "
        "its row in data/raw/sources.csv (line 3) could not be read"
    )
    assert len(found) == 3


def test_unreadable_catalog_row_is_one_line(real_data_dir):
    edit_text(real_data_dir / "catalog.csv", 5, lambda line: line + ",extra")
    assert problems(real_data_dir)[1:] == [
        "data/curation.csv: 1 row naming indicator quality_control_standards was not checked; "
        "its row in data/catalog.csv (line 5) could not be read"
    ]
