"""The report package keeps the layering its `common` module states."""

from __future__ import annotations

import ast
from pathlib import Path

import zibo_analysis.report

REPORT = Path(zibo_analysis.report.__file__).parent
LAYERS = {
    "common": 1,
    **dict.fromkeys(
        ["words", "templates", "folder", "fonts", "cache", "notebooks", "run", "datapackage"], 2
    ),
    **dict.fromkeys(["pages", "sources", "index", "banner", "flags", "removals"], 3),
    **dict.fromkeys(["build", "lab", "pdf", "__init__"], 4),
}


def report_imports(path: Path) -> set[str]:
    """The report modules ``path`` imports, at its top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "zibo_analysis.report":
                found |= {a.name for a in node.names}
            elif node.module.startswith("zibo_analysis.report."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found |= {
                a.name.split(".")[2]
                for a in node.names
                if a.name.startswith("zibo_analysis.report.")
            }
    return found


def test_every_report_module_has_a_layer():
    assert {p.stem for p in REPORT.glob("*.py")} == set(LAYERS)


def test_report_modules_import_down_their_layers_never_across():
    crossing = {
        (path.stem, other)
        for path in REPORT.glob("*.py")
        for other in report_imports(path)
        if LAYERS[other] >= LAYERS[path.stem] and path.stem != "__init__"
    }
    assert crossing == set()


def test_the_layers_are_the_ones_common_states():
    doc = (REPORT / "common.py").read_text(encoding="utf-8").split('"""')[1]
    for name in LAYERS:
        if name not in ("common", "__init__"):
            assert f"``{name}``" in doc, name
