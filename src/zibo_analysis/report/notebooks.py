"""The notebooks to run and their parameters: what each declares, typed -p values, params files.

Standard library only (PyYAML is imported for a YAML parameters file alone), so that a
run with nothing to do imports nothing else.

>>> _typed("min_points", "4", "int"), _typed("greeting", '"hi"', "str")
(4, '"hi"')
"""

from __future__ import annotations

import ast
import datetime
import io
import json
import math
import re
import textwrap
import tokenize
from pathlib import Path
from typing import NamedTuple

from zibo_analysis.errors import ZiboError
from zibo_analysis.files import NotRegularFile, read_regular
from zibo_analysis.parameters import RULES, choices, parameter_problems, valid_values
from zibo_analysis.report.common import REPORT_NOTEBOOK, ParameterError, cell_shown_in
from zibo_analysis.vocab import closest


def notebooks(only: list[str] | None, notebooks_dir: Path, option: str = "--only") -> list[Path]:
    """The report's notebooks (named NN_name.ipynb) in name order; ``only`` picks by name,
    with or without .ipynb, each once (``option`` names the command-line option, for the
    error)."""
    found = sorted(p for p in notebooks_dir.glob("*.ipynb") if REPORT_NOTEBOOK.match(p.name))
    if not only:
        return found
    by_name = {p.stem: p for p in found}
    chosen = []
    for name in only:
        stem = Path(name).stem
        if stem not in by_name:
            known = (notebooks_dir / f"{stem}.ipynb").exists()
            why = "not a report notebook (report notebooks are named NN_name.ipynb)"
            raise ParameterError(
                f"{option} {name}: {why if known else 'no such notebook'}; "
                f"choose from {', '.join(by_name)}"
            )
        chosen.append(by_name[stem])
    return list(dict.fromkeys(chosen))  # a notebook named twice runs once


class Declared(NamedTuple):
    """A parameter as the notebook declares it: type name, default and the comment after it."""

    type: str
    default: object
    help: str = ""


def declared_parameters(notebook: Path) -> dict[str, Declared]:
    """Name -> (type name, default, comment) from the cell tagged ``parameters``."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (ValueError, KeyError, TypeError) as err:
        raise ParameterError(f"{notebook.name}: not a readable notebook ({err})") from None
    for cell in cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return _parse_parameters(notebook.stem, "".join(cell["source"]))
    return {}


def _parse_parameters(where: str, source: str) -> dict[str, Declared]:
    """The assignments of a parameters cell, with their types, literal defaults and comments.

    >>> _parse_parameters("x", 'region: str = "all"  # or a region id')
    {'region': Declared(type='str', default='all', help='or a region id')}
    """
    try:
        body = ast.parse(source).body
    except SyntaxError as err:
        raise ParameterError(f"{where}: parameters cell, line {err.lineno}: {err.msg}") from None
    comments = _comments(source)
    found = {}
    for node in body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name, type_name = node.target.id, ast.unparse(node.annotation)
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name, type_name = node.targets[0].id, ""
        else:
            continue
        try:
            default = ast.literal_eval(node.value) if node.value else None
        except ValueError:
            raise ParameterError(
                f"{where}: parameter {name}: the default must be a literal (text, a number, "
                f"a list...), not {ast.unparse(node.value)}"
            ) from None
        help_text = comments.get(node.end_lineno, "")
        found[name] = Declared(type_name or type(default).__name__, default, help_text)
    return found


def _comments(source: str) -> dict[int, str]:
    """Line number -> the text of the comment on that line."""
    found = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                found[token.start[0]] = token.string.lstrip("#").strip()
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


def resolve_parameters(
    raw: list[tuple[str, str]],
    books: list[Path],
    params_file: Path | None = None,
    all_books: list[Path] | None = None,
) -> dict[str, dict]:
    """Per notebook in ``books``, its values from ``params_file``, then from the -p NAME VALUE
    pairs ``raw`` (which win), typed as the notebook declares them.

    A -p string parameter takes the value verbatim (quotes and newlines included); any
    other type is read as JSON (-p regions '["Zibo"]', -p min_points 4). A name that no
    notebook declares is an error listing the names that exist.

    In the file, a key that names a notebook holds that notebook's values; any other key
    is a parameter, set in every notebook that declares it. The file's names are checked
    against ``all_books``, so that one file serves a run of a few notebooks too.
    """
    declared = {nb.stem: declared_parameters(nb) for nb in books}
    per_notebook: dict[str, dict] = {nb.stem: {} for nb in books}
    if params_file is not None:
        every = {nb.stem: declared_parameters(nb) for nb in all_books or books}
        shared, own = _split_file(params_file, read_params_file(params_file), every)
        for stem, params in declared.items():
            for name, value in shared.items():
                if name in params:
                    where = f"{params_file}: {name}"
                    per_notebook[stem][name] = _from_file(where, value, params[name].type)
            for name, value in own.get(stem, {}).items():
                where = f"{params_file}: {stem}: {name}"
                per_notebook[stem][name] = _from_file(where, value, params[name].type)
    known = sorted({name for params in declared.values() for name in params})
    for name, text in raw:
        if name not in known:
            raise ParameterError(
                f"-p {name}: no notebook has this parameter; valid names: {', '.join(known)}"
            )
        for stem, params in declared.items():
            if name in params:
                per_notebook[stem][name] = _typed(name, text, params[name].type)
    return per_notebook


def not_taken(raw: list[tuple[str, str]], books: list[Path]) -> list[str]:
    """One line per -p name that some of ``books`` declare and others do not, naming those
    that leave it out (and a parameter of theirs it is close to), so that a run with
    -p region does not silently show every region on a page that takes ``regions``.
    """
    declared = {nb.stem: declared_parameters(nb) for nb in books}
    lines = []
    for name in dict.fromkeys(n for n, _ in raw):
        takers = [stem for stem, params in declared.items() if name in params]
        others = [stem for stem, params in declared.items() if name not in params]
        if not takers or not others:
            continue
        near = {stem: closest(name, declared[stem]) for stem in others}
        said = ", ".join(
            f"{stem} (it takes {near[stem][0]})" if near[stem] else stem for stem in others
        )
        lines.append(f"-p {name} is set in {', '.join(takers)}; not in {said}")
    return lines


MAX_FILE_BYTES = 1 << 20  # a parameters file is a few lines; a mebibyte is plenty
MAX_DEPTH = 32  # lists of lists ...: the notebooks take two levels at most
MAX_DIGITS = 18  # integers up to 10**18 - 1: any count, level or year a notebook takes


def read_params_file(path: Path) -> dict:
    """The mapping in a parameters file: JSON when it is named *.json, YAML otherwise.

    The file must be a regular file of at most a mebibyte; YAML aliases (``*name``) are
    refused (a few hundred bytes of them can stand for gigabytes), and so are values nested
    deeper than `MAX_DEPTH` or integers of more than `MAX_DIGITS` digits: each is one line.
    """
    try:
        text = read_regular(path, MAX_FILE_BYTES).decode("utf-8")
    except UnicodeDecodeError as err:
        raise ParameterError(f"{path}: not UTF-8 (byte at offset {err.start})") from None
    except NotRegularFile as err:
        raise ParameterError(f"{path}: {err}; give a YAML or JSON file") from None
    except OSError as err:
        raise ParameterError(f"{path}: cannot read it: {err.strerror}") from None
    if path.suffix.lower() == ".json":
        data = _load_json(text, str(path))
    else:
        data = _load_yaml(path, text)
    _check_bounds(data, str(path))
    if data is None:  # an empty file sets nothing
        return {}
    if not isinstance(data, dict):
        raise ParameterError(
            f"{path}: expected a mapping of parameter (or notebook) names to values, "
            f"not a {type(data).__name__}"
        )
    return data


class _TooLarge(ZiboError, ValueError):
    pass


def _bounded_int(text: str) -> int:
    """An integer of JSON text, refused before it is converted when it is too long."""
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _TooLarge(text)
    return int(text)


def _load_json(text: str, where: str):
    """JSON ``text``; one ParameterError for bad JSON, too deep or too large a value."""
    try:
        return json.loads(text, parse_int=_bounded_int)
    except json.JSONDecodeError as err:
        raise ParameterError(f"{where} line {err.lineno}: not valid JSON: {err.msg}") from None
    except _TooLarge as err:
        raise ParameterError(
            f"{where}: an integer of {len(str(err))} digits; integers have at most {MAX_DIGITS}"
        ) from None
    except RecursionError:
        raise ParameterError(
            f"{where}: values nested too deeply (at most {MAX_DEPTH} levels)"
        ) from None


def _check_bounds(value, where: str) -> None:
    """Refuse a value nested deeper than MAX_DEPTH levels or holding too large an integer."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise ParameterError(
                    f"{where}: values nested too deeply (at most {MAX_DEPTH} levels)"
                )
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) >= 10**MAX_DIGITS:
            raise ParameterError(f"{where}: an integer of more than {MAX_DIGITS} digits")


def _load_yaml(path: Path, text: str):
    import yaml

    try:
        return yaml.load(text, Loader=_bounded_loader())  # noqa: S506 (a SafeLoader, bounded)
    except yaml.MarkedYAMLError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else "?"
        raise ParameterError(f"{path} line {line}: not valid YAML: {err.problem}") from None
    except yaml.YAMLError as err:
        raise ParameterError(f"{path}: not valid YAML: {err}") from None


def _bounded_loader():
    """PyYAML's SafeLoader without aliases, nesting at most MAX_DEPTH levels and integers of
    at most MAX_DIGITS digits."""
    import yaml
    from yaml.composer import ComposerError
    from yaml.constructor import ConstructorError

    class BoundedLoader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise ComposerError(
                    None, None, "aliases (*name) are not allowed here; write each value out", mark
                )
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    mark = self.peek_event().start_mark
                    raise ComposerError(
                        None, None, f"values nested too deeply (at most {MAX_DEPTH} levels)", mark
                    )
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_yaml_int(self, node):
            digits = sum(ch.isdigit() for ch in str(node.value))
            if digits > MAX_DIGITS:
                raise ConstructorError(
                    None,
                    None,
                    f"an integer of {digits} digits; integers have at most {MAX_DIGITS}",
                    node.start_mark,
                )
            return super().construct_yaml_int(node)

    BoundedLoader.add_constructor("tag:yaml.org,2002:int", BoundedLoader.construct_yaml_int)
    return BoundedLoader


def _split_file(path: Path, data: dict, every: dict[str, dict]) -> tuple[dict, dict]:
    """The file's values for every notebook, and per notebook; unknown names refused."""
    known = sorted({name for params in every.values() for name in params})
    shared, own = {}, {}
    for key, value in data.items():
        key = str(key)
        if key in every:
            if not isinstance(value, dict):
                raise ParameterError(
                    f"{path}: {key}: expected a mapping of {key}'s parameters to values"
                )
            for name in map(str, value):
                if name not in every[key]:
                    raise ParameterError(
                        f"{path}: {key}: {name}: {key} has no such parameter; "
                        f"its parameters: {', '.join(every[key])}"
                    )
            own[key] = {str(k): v for k, v in value.items()}
        elif key in known:
            shared[key] = value
        else:
            raise ParameterError(
                f"{path}: {key}: neither a parameter nor a notebook; "
                f"parameters: {', '.join(known)}; notebooks: {', '.join(every)}"
            )
    return shared, own


def effective(notebook: Path, overrides: dict) -> dict:
    """The values a notebook will run with: its declared defaults, with ``overrides`` applied."""
    declared = declared_parameters(notebook)
    return {name: d.default for name, d in declared.items()} | overrides


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


_FREE = {  # what a parameter without a vocabulary takes: by its rule, else by its type
    "date": "a date, YYYY-MM-DD",
    "min_points": "a whole number, 2 or more",
    "positive": "a number above 0",
    "str": "any text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "list": "a list, as JSON",
    "dict": "a mapping, as JSON",
}


def listing(
    books: list[Path], titles: dict[str, str], valid: dict | None, useful: dict | None = None
) -> list[str]:
    """Each notebook's parameters: name, type, default, comment and the values it takes,
    in the manner of papermill's --help-notebook. ``valid`` is None when the data is not built.
    ``useful`` names, per vocabulary, the values that give a result (for indicators: the
    series with two or more reports); only those are listed, with a count of the rest.
    """
    lines = []
    for nb in books:
        lines.extend(["", f"{nb.stem}: {titles.get(nb.stem, '')}".rstrip(": ")])
        listed: dict[tuple, str] = {}
        for name, d in declared_parameters(nb).items():
            default = json.dumps(d.default, ensure_ascii=False)
            lines.append(f"  {name}: {d.type} (default {default})  {d.help}".rstrip())
            lines.append(_takes(name, d.type, valid, listed, useful or {}))
    return lines[1:]


USEFUL_WORDS = {
    "indicator": "{n} other indicators have fewer than two reports in any region and give no result"
}


def _takes(
    name: str, type_name: str, valid: dict | None, listed: dict[tuple, str], useful: dict
) -> str:
    """One (wrapped) line: the values a parameter takes."""
    rule = RULES.get(name)
    each = "each one of" if "list" in _kinds(type_name) else "one of"
    if rule and rule[1] and valid is None:
        return "      values: from the data; build it first (zibo-analysis data)"
    values = choices(name, valid) if rule and valid is not None else None
    if values is None:
        free = _FREE.get(rule[2] if rule else "") or _FREE.get(_kinds(type_name)[0], "any value")
        return f"      takes: {free}"
    rest = ""
    if rule[1] in useful:
        kept = [v for v in values if v in useful[rule[1]]]
        if len(kept) < len(values):
            rest = f" ({USEFUL_WORDS[rule[1]].format(n=len(values) - len(kept))})"
        values = kept
    if tuple(values) in listed:
        return f"      {each}: the values listed for {listed[tuple(values)]}"
    listed.setdefault(tuple(values), name)
    return textwrap.fill(
        ", ".join(values) + rest,
        width=100,
        initial_indent=f"      {each}: ",
        subsequent_indent=" " * 8,
        break_on_hyphens=False,
    )


_TYPES = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list,),
    "dict": (dict,),
}
_NOT_JSON = object()


def _kinds(type_name: str) -> list[str]:
    return [k.strip().split("[")[0] for k in type_name.split("|")]


def _allowed(value, kinds: list[str]) -> bool:
    """Whether ``value`` is of one of the declared kinds (a bool is not an int here)."""
    allowed = tuple(t for k in kinds for t in _TYPES.get(k, ()))
    if not allowed:  # a type this check does not know (object, Any): anything goes
        return True
    return isinstance(value, allowed) and not (isinstance(value, bool) and bool not in allowed)


def _from_file(where: str, value, type_name: str):
    """A value read from a parameters file, checked against the declared type.

    >>> _from_file("p.yaml: start", datetime.date(2022, 1, 1), "str")
    '2022-01-01'
    >>> _from_file("p.yaml: min_points", "3", "int")
    Traceback (most recent call last):
    ...
    zibo_analysis.report.common.ParameterError: p.yaml: min_points: expected int, got "3"
    """
    kinds = _kinds(type_name)
    if isinstance(value, datetime.date) and "str" in kinds:  # YAML reads 2022-01-01 as a date
        return value.isoformat()
    if value is None and "None" in kinds:
        return None
    finite = not isinstance(value, float) or math.isfinite(value)
    if not _allowed(value, kinds) or not finite:
        shown = json.dumps(value, ensure_ascii=False, default=str)
        raise ParameterError(f"{where}: expected {type_name}, got {shown}")
    return value


def _typed(name: str, text: str, type_name: str):
    """The -p value as the type the notebook declares: a str verbatim, anything else as JSON."""
    kinds = _kinds(type_name)
    if "str" in kinds and not {"list", "dict", "int", "float", "bool"} & set(kinds):
        return text
    try:
        value = _load_json(text, f"-p {name}")
    except ParameterError as err:
        if "str" in kinds and "not valid JSON" in str(err):
            return text
        if "not valid JSON" not in str(err):
            raise
        value = _NOT_JSON
    if value is not _NOT_JSON:
        _check_bounds(value, f"-p {name}")
    if value is None and "None" in kinds:
        return None
    if value is _NOT_JSON or not _allowed(value, kinds):
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


# Markdown's code and emphasis marks around words: the index shows a summary as plain text
MARKUP = re.compile(r"(`|\*\*)(.+?)\1")


def describe(notebook: Path, lang: str = "en") -> tuple[str, str]:
    """Title and first paragraph of a notebook's first Markdown cell shown in ``lang``
    (see `common.cell_shown_in`); the notebook's name and nothing when it cannot be read
    (the run reports why)."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        cells = [c for c in cells if isinstance(c, dict)]
    except (OSError, ValueError, KeyError, TypeError):
        return notebook.stem, ""
    for cell in cells:
        if cell.get("cell_type") == "markdown" and cell_shown_in(cell, lang):
            lines = [
                ln.strip() for ln in "".join(cell.get("source", "")).splitlines() if ln.strip()
            ]
            title = lines[0].lstrip("# ") if lines else notebook.stem
            summary = next((ln for ln in lines[1:] if not ln.startswith("#")), "")
            return title, MARKUP.sub(r"\2", summary)
    return notebook.stem, ""
