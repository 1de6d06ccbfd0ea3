"""Imports point down only, with no cycle, not even a lazy one (GUIDE.md).

The graph is read from the source (the AST), not from a running interpreter, so that an
import inside a function counts as much as one at the top of a module, and so does a module
named by a string for `importlib.import_module` (the dataset package's lazy exports).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Each chain from the top down: a stage imports the stages after it, never one before it.
# coverage, growth and quality are one stage (growth builds on coverage, quality on both).
CHAINS = (
    ("cli", "report", "plots", ("coverage", "growth", "quality")),
    ("cli", "corpus", "dataset", "facts", "quantities"),
)
# and the pure functions on DataFrames read no files and write no pages
PURE = ("coverage", "growth", "quality")
NOT_FROM_PURE = ("dataset", "report", "plots", "corpus", "cli")


def modules(root: Path, package: str = "zibo_analysis") -> dict[str, tuple[Path, bool]]:
    """Every module of ``package`` under ``root``: dotted name -> (file, is a package)."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def import_graph(root: Path, package: str = "zibo_analysis") -> dict[str, set[str]]:
    """module -> the modules of ``package`` it imports, anywhere in its code.

    ``from a.b import c`` is an edge to ``a.b.c`` when that is a module, else to ``a.b``
    (whose ``__init__`` defines or re-exports ``c``); a parent package run on the way is
    not an edge of its own. A string that is exactly a module's dotted name is an edge too.
    """
    known = modules(root, package)
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in known.items():
        here = name.split(".") if is_package else name.split(".")[:-1]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                edges.update(alias.name for alias in node.names if alias.name in known)
            elif isinstance(node, ast.ImportFrom):
                base = here[: len(here) - node.level + 1] if node.level else []
                module = ".".join([*base, *([node.module] if node.module else [])])
                for alias in node.names:
                    if f"{module}.{alias.name}" in known:
                        edges.add(f"{module}.{alias.name}")
                    elif module in known:
                        edges.add(module)
            elif isinstance(node, ast.Constant) and node.value in known:
                edges.add(node.value)
        graph[name] = edges - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def stage(module: str) -> str:
    """The stage a module belongs to: the first name below ``zibo_analysis``."""
    return module.split(".")[1] if "." in module else ""


def stage_edges(graph: dict[str, set[str]]) -> dict[tuple[str, str], list[str]]:
    """(stage, stage it imports) -> the module imports that make the edge."""
    out: dict[tuple[str, str], list[str]] = {}
    for source, targets in graph.items():
        for target in targets:
            if stage(source) != stage(target):
                out.setdefault((stage(source), stage(target)), []).append(f"{source} -> {target}")
    return out


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(SRC)


def write_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_lazy_import_inside_a_function_closes_a_cycle(tmp_path):
    root = write_package(
        tmp_path,
        {
            "__init__.py": "from pkg.b import run\n",
            "a.py": "X = 1\n",
            "b.py": "def run():\n    from pkg import helper\n    return helper()\n",
            "c.py": "from . import a\nimport pkg.a\n",
        },
    )
    graph = import_graph(root, "pkg")
    assert graph == {"pkg": {"pkg.b"}, "pkg.a": set(), "pkg.b": {"pkg"}, "pkg.c": {"pkg.a"}}
    assert cycles(graph) == [["pkg", "pkg.b"]]


def test_a_module_named_in_a_string_for_import_module_is_an_edge(tmp_path):
    root = write_package(
        tmp_path,
        {
            "__init__.py": "OFFERS = {'load': 'pkg.load'}\n",
            "load.py": "from pkg import OFFERS\n",
        },
    )
    assert cycles(import_graph(root, "pkg")) == [["pkg", "pkg.load"]]


def test_a_package_importing_its_modules_is_no_cycle(tmp_path):
    root = write_package(
        tmp_path,
        {
            "__init__.py": "from pkg.find import find\n",
            "find.py": "from pkg.text import split\n\ndef find():\n    return split()\n",
            "text.py": "def split():\n    return []\n",
        },
    )
    assert cycles(import_graph(root, "pkg")) == []


def test_the_graph_sees_the_commands_and_the_lazy_exports(graph):
    assert {"zibo_analysis.cli.facts", "zibo_analysis.cli.errors"} <= graph["zibo_analysis.cli"]
    assert "zibo_analysis.cli.errors" in graph["zibo_analysis.cli.facts"]
    assert "zibo_analysis.dataset.load" in graph["zibo_analysis.dataset"]  # by its string
    assert "zibo_analysis.facts" in graph["zibo_analysis.cli.facts"]  # inside a function


def test_no_import_cycle_in_the_package(graph):
    assert cycles(graph) == []


def test_no_cycle_between_stages(graph):
    stages: dict[str, set[str]] = {}
    for source, target in stage_edges(graph):
        stages.setdefault(source, set()).add(target)
        stages.setdefault(target, set())
    assert cycles(stages) == []


@pytest.mark.parametrize("chain", CHAINS)
def test_imports_point_down_each_chain(graph, chain):
    edges = stage_edges(graph)
    levels = [level if isinstance(level, tuple) else (level,) for level in chain]
    upward = [
        edge
        for i, lower in enumerate(levels)
        for higher in levels[:i]
        for edge in ((a, b) for a in lower for b in higher)
        if edge in edges
    ]
    assert upward == [], [edges[e] for e in upward]


def test_the_pure_functions_import_neither_files_nor_pages(graph):
    edges = stage_edges(graph)
    wrong = {(a, b): edges[a, b] for a in PURE for b in NOT_FROM_PURE if (a, b) in edges}
    assert wrong == {}


def test_the_commands_share_one_error_module_and_import_not_their_parent(graph):
    commands = [
        m for m in graph if m.startswith("zibo_analysis.cli.") and m != "zibo_analysis.cli.__main__"
    ]
    assert len(commands) >= 7
    for module in commands:
        assert "zibo_analysis.cli" not in graph[module], module
    users = sorted(m for m in commands if "zibo_analysis.cli.errors" in graph[m])
    assert users == [
        "zibo_analysis.cli.candidates",
        "zibo_analysis.cli.catalog",
        "zibo_analysis.cli.data",
        "zibo_analysis.cli.extract",
        "zibo_analysis.cli.facts",
        "zibo_analysis.cli.report",
    ]


def test_the_bytecode_tool_is_imported_by_no_module(graph):
    assert [m for m, targets in graph.items() if "zibo_analysis.bytecode" in targets] == []
