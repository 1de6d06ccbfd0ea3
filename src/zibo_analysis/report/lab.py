"""Chinese in JupyterLab on a machine without CJK fonts: a small labextension with the font.

JupyterLab draws Markdown cells, HTML outputs (the tables) and the editor with the
machine's fonts; where none has CJK glyphs, Chinese is a row of boxes, and the curation
notebook cannot be used. `make lab` therefore installs, into the environment's
``share/jupyter/labextensions`` (where pip puts prebuilt extensions; nothing outside the
environment is written), an extension whose only part is a stylesheet: an ``@font-face``
for Noto Sans CJK SC, the font the figures and the report's pages use (from the
installed ``mplfonts`` wheel, SIL Open Font License 1.1), limited to the CJK blocks, and
JupyterLab's font variables with it first. Latin text keeps JupyterLab's fonts.

JupyterLab loads an extension's style through a module-federation container; this one is
written by hand (about twenty lines, no build step, no Node.js): its ``get("./style")``
adds the stylesheet to the page.

>>> "Zibo CJK" in lab_css() and "unicode-range: U+2E80-2FDF" in lab_css()
True
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from zibo_analysis.files import atomic_write
from zibo_analysis.report.fonts import FAMILY, FONT_FILE, UNICODE_RANGE, font_path

NAME = "zibo-analysis-cjk"
VERSION = "0.1.0"
UI = (
    "system-ui, -apple-system, blinkmacsystemfont, 'Segoe UI', helvetica, arial, sans-serif, "
    "'Apple Color Emoji', 'Segoe UI Emoji', 'Segoe UI Symbol'"
)
CODE = "menlo, consolas, 'DejaVu Sans Mono', monospace"

REMOTE_ENTRY = """/* zibo-analysis: the CJK font in JupyterLab. A module-federation container by hand:
   JupyterLab calls init(), then get("./style"); the module adds cjk.css to the page. */
(function () {
  var script = document.currentScript;
  var base = script && script.src ? script.src.replace(/[^/]*$/, "") : "";
  var containers = (window._JUPYTERLAB = window._JUPYTERLAB || {});
  containers[%(name)s] = {
    init: function () { return Promise.resolve(); },
    get: function () {
      return Promise.resolve(function () {
        if (!document.getElementById(%(name)s)) {
          var link = document.createElement("link");
          link.id = %(name)s;
          link.rel = "stylesheet";
          link.href = base + "cjk.css";
          document.head.appendChild(link);
        }
        return {};
      });
    }
  };
})();
"""


def lab_css(font_url: str = FONT_FILE) -> str:
    """The extension's stylesheet: the font, limited to the CJK blocks, first in each of
    JupyterLab's font families (over the theme's, which sets them on ``:root``)."""
    families = {
        "--jp-ui-font-family": UI,
        "--jp-content-font-family": UI,
        "--jp-code-font-family-default": CODE,
        "--jp-code-font-family": CODE,
    }
    declarations = "\n".join(f'  {name}: "{FAMILY}", {value};' for name, value in families.items())
    return (
        f'@font-face {{ font-family: "{FAMILY}"; font-style: normal; font-weight: 400; '
        f'font-display: swap; unicode-range: {UNICODE_RANGE}; src: url("{font_url}") format("opentype"); }}\n'
        f"html:root, html .jp-ThemedContainer.jp-ThemedContainer {{\n{declarations}\n}}\n"
    )


def install_lab_font(prefix: Path | None = None) -> Path:
    """Write the extension under ``prefix``/share/jupyter/labextensions (the running
    environment's by default); returns its folder. The font is linked where the file
    system allows it, else copied; an unchanged extension is left as it is."""
    prefix = Path(prefix or sys.prefix)
    folder = prefix / "share" / "jupyter" / "labextensions" / NAME
    static = folder / "static"
    static.mkdir(parents=True, exist_ok=True)
    font, target = font_path(), static / FONT_FILE
    if not target.exists() or target.stat().st_size != font.stat().st_size:
        target.unlink(missing_ok=True)
        try:
            os.link(font, target)
        except OSError:
            shutil.copyfile(font, target)
    atomic_write(static / "cjk.css", lab_css())
    atomic_write(static / "remoteEntry.js", REMOTE_ENTRY % {"name": json.dumps(NAME)})
    package = {
        "name": NAME,
        "version": VERSION,
        "private": True,
        "description": "zibo-analysis: Noto Sans CJK SC in JupyterLab, for machines without CJK fonts",
        "license": "MIT",
        "jupyterlab": {"_build": {"load": "static/remoteEntry.js", "style": "./style"}},
    }
    atomic_write(folder / "package.json", json.dumps(package, indent=1) + "\n")
    return folder


if __name__ == "__main__":
    print(f"lab: CJK font installed in {install_lab_font()}")
