"""tests/browser.py reports what goes wrong on a page: the browser tests rely on it."""

from __future__ import annotations

import pytest
from browser import CHROMIUM, Browser

pytestmark = [
    pytest.mark.slow,  # a browser: `make test-fast` leaves it out
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium or Playwright is missing"),
]


def test_a_page_with_a_thrown_error_a_console_error_and_a_missing_image_gives_three(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(
        "<!doctype html><meta charset=utf-8><title>x</title><img src='missing.png' alt=''>"
        "<script>console.error('said on purpose'); throw new Error('thrown on purpose');</script>",
        encoding="utf-8",
    )
    with Browser(800, 600) as browser:
        found = browser.open(page.as_uri())
        assert any("said on purpose" in e for e in found), found
        assert any(e.startswith("Uncaught") and "thrown on purpose" in e for e in found), found
        assert any("missing.png" in e or "ERR_FILE_NOT_FOUND" in e for e in found), found
        with pytest.raises(Exception, match="ERR_FILE_NOT_FOUND"):  # a page that is not there
            browser.open((tmp_path / "nowhere.html").as_uri())


def test_print_and_the_dark_scheme_last_across_pages(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    with Browser(800, 600) as browser:
        browser.media("print", dark=True)
        for name in ("a", "b"):
            browser.open((tmp_path / f"{name}.html").as_uri())
            assert browser.evaluate("matchMedia('print').matches") is True
            assert browser.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") is True
        browser.media("")
        assert browser.evaluate("matchMedia('print').matches") is False
