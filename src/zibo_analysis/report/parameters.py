"""The notebooks to run and their parameters: what each declares, and -p overrides typed by it.

Standard library only, so that a run with nothing to do imports nothing else.

>>> _typed("min_points", "4", "int"), _typed("greeting", '"hi"', "str")
(4, '"hi"')
"""

from __future__ import annotations

import ast
import json
import math
from pathlib import Path

from zibo_analysis.parameters import parameter_problems, valid_values
from zibo_analysis.report.common import ParameterError


def notebooks(only: list[str] | None, notebooks_dir: Path) -> list[Path]:
    """The notebooks to run, in name order; ``only`` picks by name, with or without .ipynb."""
    found = sorted(p for p in notebooks_dir.glob("*.ipynb") if not p.name.startswith("."))
    if not only:
        return found
    by_name = {p.stem: p for p in found}
    chosen = []
    for name in only:
        stem = Path(name).stem
        if stem not in by_name:
            raise ParameterError(
                f"--only {name}: no such notebook; choose from {', '.join(by_name)}"
            )
        chosen.append(by_name[stem])
    return chosen


def declared_parameters(notebook: Path) -> dict[str, tuple[str, object]]:
    """Name -> (type name, default) from the cell tagged ``parameters``."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"])
            return _parse_parameters(source)
    return {}


def _parse_parameters(source: str) -> dict[str, tuple[str, object]]:
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found[node.target.id] = (
                ast.unparse(node.annotation),
                ast.literal_eval(node.value) if node.value else None,
            )
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            value = ast.literal_eval(node.value)
            found[node.targets[0].id] = (type(value).__name__, value)
    return found


def resolve_overrides(raw: list[tuple[str, str]], books: list[Path]) -> dict[str, dict]:
    """Per notebook, the -p NAME VALUE overrides it declares, typed as it declares them.

    A string parameter takes the value verbatim (quotes and newlines included); any other
    type is read as JSON (-p regions '["Zibo"]', -p min_points 4). A name that no notebook
    declares is an error listing the names that exist.
    """
    declared = {nb.stem: declared_parameters(nb) for nb in books}
    known = sorted({name for params in declared.values() for name in params})
    per_notebook: dict[str, dict] = {nb.stem: {} for nb in books}
    for name, text in raw:
        if name not in known:
            raise ParameterError(
                f"-p {name}: no notebook has this parameter; valid names: {', '.join(known)}"
            )
        for stem, params in declared.items():
            if name in params:
                per_notebook[stem][name] = _typed(name, text, params[name][0])
    return per_notebook


def effective(notebook: Path, overrides: dict) -> dict:
    """The values a notebook will run with: its declared defaults, with ``overrides`` applied."""
    declared = declared_parameters(notebook)
    return {name: default for name, (_, default) in declared.items()} | overrides


def check_against_data(runs: list[tuple[Path, dict]], indicators_csv: Path) -> None:
    """Refuse, before anything runs, any value the data does not have (an unknown region,
    topic, indicator, flag kind or language, a date that is not one, start after end).

    ``runs`` pairs each notebook with its overrides. The error has one line per problem,
    each naming the notebook and the parameter.
    """
    valid = valid_values(indicators_csv)
    problems = [
        f"{nb.stem}: {problem}"
        for nb, overrides in runs
        for problem in parameter_problems(effective(nb, overrides), valid)
    ]
    if problems:
        raise ParameterError("\n".join(problems))


_TYPES = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list,),
    "dict": (dict,),
}
_NOT_JSON = object()


def _typed(name: str, text: str, type_name: str):
    """The -p value as the type the notebook declares: a str verbatim, anything else as JSON."""
    kinds = [k.strip().split("[")[0] for k in type_name.split("|")]
    if "str" in kinds and not {"list", "dict", "int", "float", "bool"} & set(kinds):
        return text
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        if "str" in kinds:
            return text
        value = _NOT_JSON
    if value is None and "None" in kinds:
        return None
    allowed = tuple(t for k in kinds for t in _TYPES.get(k, ()))
    wrong_type = allowed and (
        not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed)
    )
    if value is _NOT_JSON or wrong_type:
        example = {"list": """'["Zibo"]'""", "int": "4", "float": "150", "bool": "true"}.get(
            kinds[0], "VALUE"
        )
        raise ParameterError(
            f"-p {name} {text!r}: the notebooks declare {name}: {type_name}; "
            f"write it as JSON, e.g. -p {name} {example}"
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise ParameterError(f"-p {name} {text!r}: not a finite number")
    return value
