"""Run the notebooks with papermill and write a readable HTML report.

A thin wrapper over papermill and nbconvert, in the manner of ploomber: each
notebook's inputs (the notebook, its parameters, the data checksum and the
library source) are hashed into a sidecar under ``reports/.cache/``, and a
notebook whose inputs are unchanged is not run again. Notebooks run in parallel
processes; HTML is exported in-process with the code hidden. A failing notebook
does not stop the others, and never replaces its last good page: that page is
kept and marked stale, and the index says which cell failed and why.

The warm path (nothing changed) imports only the standard library.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path

from zibo_analysis.config import NOTEBOOKS_DIR, PROCESSED_DIR, REPORTS_DIR
from zibo_analysis.files import atomic_write

KERNEL_NAME = "zibo-analysis"
PACKAGES = ("zibo-analysis", "pandas", "numpy", "matplotlib", "seaborn", "statsmodels", "pandera", "papermill", "nbconvert", "ipykernel")  # fmt: skip
STALE_BANNER_ID = "zibo-stale-banner"


class ParameterError(ValueError):
    """A -p override names no parameter of the notebooks, or has a value of the wrong type."""


@dataclass
class NotebookResult:
    name: str
    status: str  # ok, reused, failed
    seconds: float = 0.0
    parameters: dict = field(default_factory=dict)
    inputs_hash: str = ""
    error: str = ""
    failed_cell: int | None = None
    stale: bool = False
    title: str = ""
    summary: str = ""


# ------------------------------------------------------------------ inputs --


def notebooks(only: list[str] | None = None, notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
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


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def data_checksum(processed_dir: Path = PROCESSED_DIR) -> str:
    """SHA-256 of the built table; the index shows it."""
    path = processed_dir / "indicators.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; run `make data` first")
    return _sha(path.read_bytes())


def inputs_checksum(processed_dir: Path = PROCESSED_DIR, data_sha: str | None = None) -> str:
    """Everything a notebook may read besides itself: the built table, the CSVs beside it
    (sources, regions, catalog) and the package versions."""
    data_dir = processed_dir.parent
    digest = hashlib.sha256((data_sha or data_checksum(processed_dir)).encode())
    for path in sorted([*data_dir.glob("*.csv"), *(data_dir / "raw").glob("*.csv")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(json.dumps(versions(), sort_keys=True).encode())
    return digest.hexdigest()


def library_checksum() -> str:
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def inputs_hash(notebook: Path, parameters: dict, data_sha: str, library_sha: str) -> str:
    payload = json.dumps(
        {
            "notebook": _sha(notebook.read_bytes()),
            "parameters": parameters,
            "data": data_sha,
            "library": library_sha,
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return _sha(payload.encode())


# -------------------------------------------------------------- parameters --


def declared_parameters(notebook: Path) -> dict[str, tuple[str, object]]:
    """Name -> (type name, default) from the cell tagged ``parameters`` (stdlib only)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"])
            return _parse_parameters(source)
    return {}


def _parse_parameters(source: str) -> dict[str, tuple[str, object]]:
    import ast

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


# ------------------------------------------------------------------- run --


def ensure_kernel() -> None:
    """Register the project's kernel from this environment when it is missing or points elsewhere."""
    spec = Path(sys.prefix) / "share/jupyter/kernels" / KERNEL_NAME / "kernel.json"
    if spec.exists():
        argv = json.loads(spec.read_text()).get("argv", [])
        if argv and Path(argv[0]).resolve() == Path(sys.executable).resolve():
            return
    from ipykernel.kernelspec import install

    install(kernel_name=KERNEL_NAME, display_name="Python (zibo-analysis)", prefix=sys.prefix)


def execute(notebook: str, output: str, parameters: dict, cwd: str) -> dict:
    """Run one notebook with papermill into ``output`` (in a worker process). Returns an outcome."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    # The kernel inherits this worker's stderr; send its start-up chatter to a log file
    # so that the progress lines stay readable.
    log = open(Path(output).with_suffix(".log"), "w", encoding="utf-8")  # noqa: SIM115
    os.dup2(log.fileno(), 2)
    # A backend forced from the shell (MPLBACKEND=Agg) would stop the kernel's inline
    # figures from reaching the page.
    os.environ.pop("MPLBACKEND", None)
    started = time.perf_counter()
    try:
        papermill.execute_notebook(
            notebook, output, parameters=parameters, kernel_name=KERNEL_NAME, cwd=cwd,
            progress_bar=False, record_timing=False, request_save_on_cell_execute=False,
        )  # fmt: skip
        return {"ok": True, "seconds": time.perf_counter() - started}
    except PapermillExecutionError as err:
        return {"ok": False, "seconds": time.perf_counter() - started, "cell": err.exec_count,
                "error": f"{err.ename}: {err.evalue}"}  # fmt: skip
    except Exception as err:  # a kernel that dies, a notebook that is not JSON
        return {"ok": False, "seconds": time.perf_counter() - started, "cell": None,
                "error": f"{type(err).__name__}: {err}"}  # fmt: skip


def _clean_and_export(executed: Path) -> tuple[str, str]:
    """Strip run-dependent metadata from an executed notebook; return (ipynb text, HTML)."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)  # fmt: skip
    body, _ = exporter.from_notebook_node(nb)
    return nbformat.writes(nb) + "\n", body


def _mark_stale(page: Path, result: NotebookResult) -> None:
    """Put a banner on the last good page saying it is out of date, and why."""
    if not page.exists():
        return
    text = page.read_text(encoding="utf-8")
    text = re.sub(rf'<div id="{STALE_BANNER_ID}".*?</div>\n', "", text, flags=re.S)
    where = (
        f"cell {result.failed_cell}" if result.failed_cell is not None else "before any cell ran"
    )
    banner = (f'<div id="{STALE_BANNER_ID}" style="background:#fde0dd;border:1px solid #c51b7d;padding:8px 12px;'
              f'margin:8px;font-family:sans-serif">Stale: this is the last good page. The latest run failed in '
              f"{html.escape(where)}: <code>{html.escape(result.error)}</code>. See index.html.</div>\n")  # fmt: skip
    text = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + banner, text, count=1)
    atomic_write(page, text)


def _describe(notebook: Path) -> tuple[str, str]:
    """Title and first paragraph of a notebook's first Markdown cell."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            lines = [ln.strip() for ln in "".join(cell["source"]).splitlines() if ln.strip()]
            title = lines[0].lstrip("# ") if lines else notebook.stem
            summary = next((ln for ln in lines[1:] if not ln.startswith("#")), "")
            return title, summary
    return notebook.stem, ""


def run_report(
    only: list[str] | None = None,
    overrides: list[tuple[str, str]] | None = None,
    jobs: int = 2,
    force: bool = False,
    reports_dir: Path = REPORTS_DIR,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    processed_dir: Path = PROCESSED_DIR,
    log=print,
) -> list[NotebookResult]:
    """Run the notebooks that need it and write reports/; returns one result per notebook."""
    books = notebooks(only, notebooks_dir)
    params = resolve_overrides(overrides or [], books)
    data_sha, library_sha = data_checksum(processed_dir), library_checksum()
    inputs_sha = inputs_checksum(processed_dir, data_sha)
    cache = reports_dir / ".cache"
    results: dict[str, NotebookResult] = {}
    todo = []
    for nb in books:
        title, summary = _describe(nb)
        key = inputs_hash(nb, params[nb.stem], inputs_sha, library_sha)
        previous = _read_sidecar(cache / f"{nb.stem}.json")
        result = NotebookResult(
            nb.stem,
            "reused",
            parameters=params[nb.stem],
            inputs_hash=key,
            title=title,
            summary=summary,
        )
        if (
            not force
            and previous.get("inputs_hash") == key
            and previous.get("status") in ("ok", "reused")
            and (reports_dir / f"{nb.stem}.html").exists()
        ):
            result.seconds = previous.get("seconds", 0.0)
            results[nb.stem] = result
            log(f"  {nb.stem}: up to date, not run")
        else:
            todo.append((nb, result))
    if todo:
        ensure_kernel()
        _run_all(todo, jobs, reports_dir, notebooks_dir, results, log)
    _write_quality_flags(reports_dir, processed_dir, data_sha + library_sha, log)
    ordered = [results[nb.stem] for nb in books]
    for result in ordered:
        _write_sidecar(cache / f"{result.name}.json", result)
    write_index(reports_dir, data_sha, [nb.stem for nb in notebooks(None, notebooks_dir)])
    return ordered


def _run_all(todo, jobs: int, reports_dir: Path, notebooks_dir: Path, results: dict, log) -> None:
    work = reports_dir / ".work"
    work.mkdir(parents=True, exist_ok=True)
    total = len(todo)
    with ProcessPoolExecutor(
        max_workers=max(1, min(jobs, total)), mp_context=get_context("spawn")
    ) as pool:
        futures = {}
        for i, (nb, result) in enumerate(todo, 1):
            out = work / f"{nb.stem}.ipynb"
            log(f"[{i}/{total}] {nb.stem}: running")
            futures[
                pool.submit(execute, str(nb), str(out), result.parameters, str(notebooks_dir))
            ] = (nb, result, out)
        for future in as_completed(futures):
            nb, result, out = futures[future]
            try:
                outcome = future.result()
                if outcome["ok"]:
                    ipynb, page = _clean_and_export(out)
            except Exception as err:  # a worker that died, an export that failed
                outcome = {
                    "ok": False,
                    "seconds": 0.0,
                    "cell": None,
                    "error": f"{type(err).__name__}: {err}",
                }
            result.seconds = round(outcome["seconds"], 2)
            if outcome["ok"]:
                atomic_write(reports_dir / f"{nb.stem}.ipynb", ipynb)
                atomic_write(reports_dir / f"{nb.stem}.html", page)
                (reports_dir / f"{nb.stem}.failed.ipynb").unlink(missing_ok=True)
                result.status = "ok"
                log(f"  {nb.stem}: ok in {result.seconds:.1f}s")
            else:
                result.status, result.error, result.failed_cell = (
                    "failed",
                    outcome["error"],
                    outcome.get("cell"),
                )
                result.stale = (reports_dir / f"{nb.stem}.html").exists()
                failed_copy = reports_dir / f"{nb.stem}.failed.ipynb"
                if out.exists():  # keep the failed run for debugging, beside the last good page
                    os.replace(out, failed_copy)
                else:  # an older failed run would mislead
                    failed_copy.unlink(missing_ok=True)
                _mark_stale(reports_dir / f"{nb.stem}.html", result)
                log(f"  {nb.stem}: FAILED in cell {result.failed_cell}: {result.error}")
            out.unlink(missing_ok=True)
            results[nb.stem] = result


def _write_quality_flags(reports_dir: Path, processed_dir: Path, inputs: str, log) -> None:
    """quality_flags.csv, rebuilt only when the data or the library changed."""
    target = reports_dir / "quality_flags.csv"
    stamp = reports_dir / ".cache/quality_flags.sha"
    key = _sha(inputs.encode())
    if target.exists() and stamp.exists() and stamp.read_text() == key:
        return
    from zibo_analysis.dataset import load_indicators
    from zibo_analysis.quality import quality_flags

    flags = quality_flags(load_indicators(processed_dir / "indicators.csv"))
    atomic_write(target, flags.to_csv(index=False, lineterminator="\n"))
    atomic_write(stamp, key)
    log(f"  quality_flags.csv: {len(flags)} flags")


def _read_sidecar(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def _write_sidecar(path: Path, result: NotebookResult) -> None:
    previous = _read_sidecar(path)
    record = asdict(result)
    if result.status == "reused":  # keep the record of the run that made the page
        record = {**previous, "status": "ok", "stale": False}
    atomic_write(path, json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


# ------------------------------------------------------------------ index --


def versions() -> dict[str, str]:
    found = {"python": sys.version.split()[0]}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def write_index(
    reports_dir: Path, data_sha: str, names: list[str], now: datetime | None = None
) -> Path:
    """reports/index.html: each page, what it shows, its status and parameters; the run date once."""
    now = now or datetime.now(UTC)
    rows = []
    for name in names:
        r = _read_sidecar(reports_dir / ".cache" / f"{name}.json")
        if not r.get("name"):
            continue
        page = reports_dir / f"{r['name']}.html"
        if r.get("status") == "failed":
            where = f"cell {r['failed_cell']}" if r.get("failed_cell") is not None else "start-up"
            status = f'<span class="failed">failed in {html.escape(where)}</span><br><code>{html.escape(r.get("error", ""))}</code>'
            if r.get("stale"):
                status += (
                    '<br><span class="stale">the page shown is the last good one (stale)</span>'
                )
            if (reports_dir / f"{r['name']}.failed.ipynb").exists():
                status += f'<br><a href="{html.escape(r["name"])}.failed.ipynb">the failed run</a>'
        else:
            status = '<span class="ok">ok</span>'
        link = (
            f'<a href="{html.escape(page.name)}">{html.escape(r.get("title") or r["name"])}</a>'
            if page.exists()
            else html.escape(r.get("title") or r["name"])
        )
        params = html.escape(json.dumps(r.get("parameters", {}), ensure_ascii=False)) or "{}"
        rows.append(f"<tr><td>{link}<br><small>{html.escape(r['name'])}.html · "
                     f'<a href="{html.escape(r["name"])}.ipynb">notebook</a></small></td>'
                     f"<td>{html.escape(r.get('summary', ''))}</td><td>{status}</td>"
                     f"<td><code>{params}</code><br><small>defaults otherwise</small></td></tr>")  # fmt: skip
    version_rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
        for k, v in versions().items()
    )
    flags = reports_dir / "quality_flags.csv"
    n_flags = (
        max(0, len(flags.read_text(encoding="utf-8").splitlines()) - 1) if flags.exists() else 0
    )
    page = _INDEX.format(
        run_date=f"{now:%Y-%m-%d %H:%M} UTC",
        data_sha=data_sha,
        rows="\n".join(rows),
        versions=version_rows,
        n_flags=n_flags,
    )
    target = reports_dir / "index.html"
    atomic_write(target, page)
    return target


_INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>zibo-analysis report</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 70em; margin: 2em auto; padding: 0 1em; color: #222; }}
table {{ border-collapse: collapse; width: 100%; margin: 1em 0; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 6px 8px; text-align: left; vertical-align: top; }}
th {{ background: #f4f4f4; }}
.ok {{ color: #1b7837; font-weight: bold; }} .failed {{ color: #c51b7d; font-weight: bold; }} .stale {{ color: #e08214; }}
code {{ font-size: 85%; }} small {{ color: #666; }}
</style></head>
<body>
<h1>zibo-analysis: health and employment figures from Zibo and Xuecheng press releases</h1>
<p>Every number comes from a quoted sentence of one of five articles (Zibo city 2021&ndash;2022,
Zhangdian district 2023, Xuecheng district of Zaozhuang 2025); each page shows the quote behind its figures.</p>
<p><b>Report built:</b> {run_date}<br>
<b>Data checksum</b> (SHA-256 of data/processed/indicators.csv): <code>{data_sha}</code><br>
<b>Quality flags:</b> <a href="quality_flags.csv">quality_flags.csv</a> ({n_flags} flags)</p>
<h2>Pages</h2>
<table><tr><th>Page</th><th>What it shows</th><th>Status</th><th>Parameters</th></tr>
{rows}
</table>
<h2>Software</h2>
<table><tr><th>Package</th><th>Version</th></tr>{versions}</table>
</body></html>
"""
