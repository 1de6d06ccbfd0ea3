"""The banner on a page whose notebook failed: the last good page stays, marked out of date.

>>> failed_where(3, "before any cell ran"), failed_where(None, "before any cell ran")
('cell 3', 'before any cell ran')
"""

from __future__ import annotations

import re

from zibo_analysis.report.common import STALE_BANNER_ID, NotebookResult, failed_where
from zibo_analysis.report.folder import OutputFolder
from zibo_analysis.report.templates import render


def mark_stale(out: OutputFolder, name: str, result: NotebookResult) -> None:
    """Put a banner on the last good page ``name`` (a file of ``out``) saying it is out of
    date, and why; a banner put there before is replaced."""
    page = out.root / name
    if not page.exists() or not out.owns(name):
        return
    text = page.read_text(encoding="utf-8")
    text = re.sub(rf'<div id="{STALE_BANNER_ID}".*?</div>\n', "", text, flags=re.S)
    banner = render(
        "stale_banner.html.j2",
        banner_id=STALE_BANNER_ID,
        where=failed_where(result.failed_cell, "before any cell ran"),
        error=result.error,
    )
    text = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + banner + "\n", text, count=1)
    out.write(name, text)
