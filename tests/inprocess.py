"""Run a report notebook's code cells in this process, with parameters, and keep what it shows.

papermill starts a kernel per notebook (seconds each); a parameter grid of dozens of runs
would take minutes. The cells are plain Python that call the library, so they can run
here: the parameters cell is replaced by the defaults with the overrides applied (as
papermill's injected cell does), each cell's last expression is kept as its output, and
``display`` calls are collected too.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def run_inprocess(notebook: Path, **overrides) -> list[object]:
    """Execute the notebook's code cells with ``overrides``; return every output, in order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    outputs: list[object] = []
    namespace: dict = {"display": lambda *objs, **_: outputs.extend(objs)}
    plt.close("all")
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            exec(compile(source, f"{notebook.name}:parameters", "exec"), namespace)
            namespace.update(overrides)
            continue
        tree = ast.parse(source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, notebook.name, "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), notebook.name, "eval"), namespace)
            if value is not None and not source.rstrip().endswith(";"):
                outputs.append(value)
            elif value is not None and hasattr(value, "savefig"):
                outputs.append(value)
    outputs.extend(plt.figure(n) for n in plt.get_fignums())
    plt.close("all")
    return outputs
