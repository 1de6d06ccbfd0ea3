"""Headless Chromium for the tests, driven by Playwright: open a page, collect its console
errors, evaluate JavaScript, emulate print or a dark scheme, take a screenshot.

Playwright drives the system's Chromium (``executable_path``): its own browser download is
neither needed nor possible offline. Without Chromium or Playwright, ``CHROMIUM`` is None and
the browser tests are skipped with the reason.

    with Browser() as browser:
        errors = browser.open(path.as_uri())
        width = browser.evaluate("document.body.scrollWidth")
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

FOUND = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM = FOUND if importlib.util.find_spec("playwright") else None
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--hide-scrollbars"]  # fmt: skip


class Browser:
    """One headless Chromium with one page, for a test module."""

    def __init__(self, width: int = 1400, height: int = 900):
        self.size = (width, height)
        self.found: list[str] = []

    def __enter__(self) -> Browser:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            self.page = self._browser.new_page(
                viewport={"width": self.size[0], "height": self.size[1]}
            )
        except BaseException:
            self._playwright.stop()
            raise
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.found.append(f"Uncaught {error}"))
        self.page.on("requestfailed", lambda r: self.found.append(f"network: {r.failure} {r.url}"))
        self._devtools = self.page.context.new_cdp_session(self.page)
        return self

    def __exit__(self, *exc) -> None:
        self._browser.close()
        self._playwright.stop()

    def _console(self, message) -> None:
        # console.error and console.assert, and Chromium's own errors (a resource that
        # failed to load, a refused script), which Playwright reports as console messages
        if message.type in ("error", "assert"):
            self.found.append(f"console: {message.text}")

    def call(self, method: str, **params) -> dict:
        """A DevTools command's result (what Playwright has no method for)."""
        return self._devtools.send(method, params)

    def open(self, url: str) -> list[str]:
        """Load ``url`` (and its fonts); return its console errors, uncaught exceptions and
        failed loads, one line each."""
        self.found = []
        self.page.goto(url, wait_until="load")
        self.page.evaluate("document.fonts.ready.then(() => true)")
        return self.errors()

    def errors(self) -> list[str]:
        return list(self.found)

    def evaluate(self, expression: str, await_promise: bool = False):
        """The value of a JavaScript expression (a promise's once it settles)."""
        return self.page.evaluate(expression)

    def viewport(self, width: int, height: int) -> None:
        self.page.set_viewport_size({"width": width, "height": height})

    def media(self, media: str = "", dark: bool = False) -> None:
        """Emulate a media type ("print", or "" for the screen) and the colour scheme, for
        this page and the pages it opens next. Through DevTools: with Chromium 156, the print
        media that Playwright 1.65's ``emulate_media`` sets is gone after the next navigation."""
        scheme = [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]
        self.call("Emulation.setEmulatedMedia", media=media, features=scheme)

    def screenshot(self, path: Path, height: int | None = None) -> None:
        """A PNG of the page from its top, ``height`` pixels tall (the window's by default)."""
        self.viewport(self.size[0], height or self.size[1])
        self.page.screenshot(path=path)
        self.viewport(*self.size)
