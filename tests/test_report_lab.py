"""JupyterLab draws Chinese on a machine without CJK fonts: `make lab` installs a labextension
whose stylesheet brings the font the pages use."""

from __future__ import annotations

import json
import re
from pathlib import Path

from zibo_analysis.report.fonts import CJK_RANGES, page_characters
from zibo_analysis.report.lab import NAME, install_lab_font

ROOT = Path(__file__).resolve().parents[1]


def covered(css: str) -> list[tuple[int, int]]:
    ranges = re.search(r"unicode-range: ([^;]+);", css).group(1)
    return [tuple(int(x, 16) for x in part.strip()[2:].split("-")) for part in ranges.split(",")]


def test_jupyterlab_finds_the_extension_and_its_style(tmp_path):
    from jupyterlab_server.config import get_federated_extensions

    folder = install_lab_font(tmp_path)
    found = get_federated_extensions([str(tmp_path / "share/jupyter/labextensions")])
    assert found[NAME]["jupyterlab"]["_build"] == {
        "load": "static/remoteEntry.js",
        "style": "./style",
    }
    script = (folder / "static/remoteEntry.js").read_text(encoding="utf-8")
    assert f'containers["{NAME}"]' in script and 'base + "cjk.css"' in script
    assert json.loads((folder / "package.json").read_text())["name"] == NAME


def test_the_served_css_covers_every_chinese_character_of_the_curation_notebook(tmp_path):
    from fontTools.ttLib import TTFont

    folder = install_lab_font(tmp_path)
    css = (folder / "static/cjk.css").read_text(encoding="utf-8")
    font = folder / "static" / re.search(r'src: url\("([^"]+)"\)', css).group(1)
    cmap = TTFont(font, lazy=True, fontNumber=0).getBestCmap()
    # what curate.ipynb shows: its own text and the articles it displays
    shown = (ROOT / "notebooks/curate.ipynb").read_text(encoding="utf-8")
    shown += "".join(p.read_text(encoding="utf-8") for p in (ROOT / "data/raw").glob("*.txt"))
    shown += "淄博市卫健委「十四五」規劃：醫療衛生機構1,205個"  # and traditional script
    chars = page_characters(shown)
    assert len(chars) > 1000
    ranges = covered(css)
    assert ranges == list(CJK_RANGES)
    assert not [c for c in chars if not any(a <= ord(c) <= b for a, b in ranges)]
    assert not [c for c in chars if ord(c) not in cmap]
    for variable in ("--jp-content-font-family", "--jp-ui-font-family", "--jp-code-font-family"):
        assert re.search(rf'{variable}: "Zibo CJK", ', css), variable


def test_installing_twice_changes_nothing(tmp_path):
    folder = install_lab_font(tmp_path)
    before = {p.name: p.stat().st_mtime_ns for p in (folder / "static").iterdir()}
    install_lab_font(tmp_path)
    assert (folder / "static/NotoSansCJKsc-Regular.otf").stat().st_mtime_ns == before[
        "NotoSansCJKsc-Regular.otf"
    ]
