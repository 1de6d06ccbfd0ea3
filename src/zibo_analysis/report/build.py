"""Build the report: decide what needs running, run it, publish the pages and the index.

A thin wrapper over papermill and nbconvert, in the manner of ploomber: each
notebook's inputs (the notebook, its parameters, the data checksum and the
library source) are hashed into a sidecar under ``.cache/`` in the output folder,
and a notebook whose inputs are unchanged is not run again. Parameters are checked
against the data before anything runs. Notebooks run in parallel processes; HTML is
exported in-process with the code hidden. A failing notebook does not stop the
others, and never replaces its last good page: that page is kept and marked stale,
and the index says which cell failed and why. A page is replaced only by renaming a
complete new one over it, so an interrupted run leaves the last good pages.

The output folder is the report's own (`folder.OutputFolder`: a marker and a manifest
of what it wrote), and every notebook and page of a run reads one snapshot of the data
(`take_snapshot`), taken under the lock `zibo-analysis data` holds while it builds.

The warm path (nothing changed) imports only the standard library.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import shutil
from concurrent.futures import as_completed
from datetime import UTC, datetime
from pathlib import Path

from zibo_analysis import manifest
from zibo_analysis.config import NOTEBOOKS_DIR, PROCESSED_DIR, REPORTS_DIR
from zibo_analysis.errors import ZiboError
from zibo_analysis.parameters import valid_values
from zibo_analysis.report import cache, run
from zibo_analysis.report.banner import mark_stale
from zibo_analysis.report.common import (
    NotebookResult,
    ParameterError,
    sha,
    stamp_matches,
    write_stamp,
)
from zibo_analysis.report.datapackage import COPIED
from zibo_analysis.report.flags import update_quality_flags
from zibo_analysis.report.folder import OutputFolder
from zibo_analysis.report.index import write_index
from zibo_analysis.report.notebooks import (
    check_against_data,
    declared_parameters,
    describe,
    effective,
    listing,
    not_taken,
    notebooks,
    resolve_parameters,
)
from zibo_analysis.report.removals import remove_gone
from zibo_analysis.vocab import LANGS


class DataChanged(ZiboError, ValueError):
    """The data/ inputs changed since data/processed/ was built; one line: run make data."""


def run_report(
    only: list[str] | None = None,
    overrides: list[tuple[str, str]] | None = None,
    jobs: int = 2,
    force: bool = False,
    reports_dir: Path = REPORTS_DIR,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    processed_dir: Path = PROCESSED_DIR,
    log=print,
    params_file: Path | None = None,
    wait: float = 0.0,
) -> list[NotebookResult]:
    """Run the notebooks that need it and write ``reports_dir``; returns one result per notebook.

    ``overrides`` are -p NAME VALUE pairs; ``params_file`` a YAML or JSON file of values
    for every notebook, or per notebook (see `parameters.resolve_parameters`). One run
    at a time writes a folder: another run waits up to ``wait`` seconds for it. The folder
    must be the report's own (see `folder.OutputFolder.claim`). Every notebook and page
    reads one snapshot of the data, taken under the lock `zibo-analysis data` holds while
    it builds; a notebook that cannot be read, or whose parameters cell cannot, is a failed
    result and the others run.
    """
    reports_dir = Path(reports_dir).absolute()  # the workers are told where to write
    data_dir = processed_dir.parent
    books = notebooks(only, notebooks_dir)
    all_books = notebooks(None, notebooks_dir)
    broken = _unreadable(all_books + books)
    good = [nb for nb in all_books if nb.stem not in broken]
    params = resolve_parameters(
        overrides or [], [nb for nb in books if nb.stem not in broken], params_file, good
    )
    for line in not_taken(overrides or [], [nb for nb in books if nb.stem not in broken]):
        log(f"  {line}")
    out = OutputFolder.claim(reports_dir, project=data_dir.parent, inside=[data_dir, notebooks_dir])
    with out.lock(wait, log):
        out.clean_work()
        work = out.new_work_folder()
        try:
            return _run(
                out,
                work,
                books,
                all_books,
                broken,
                params,
                force,
                jobs,
                notebooks_dir,
                processed_dir,
                only,
                log,
            )
        finally:
            out.remove_work_folder(work)


def _run(
    out,
    work,
    books,
    all_books,
    broken,
    params,
    force,
    jobs,
    notebooks_dir,
    processed_dir,
    only,
    log,
) -> list[NotebookResult]:
    reports_dir = out.root
    snapshot = take_snapshot(processed_dir, work / "snapshot", log)
    out.check(_planned(books, snapshot))
    out.own_folder(".cache")
    data_sha, library_sha = cache.data_checksum(snapshot), cache.library_checksum()
    inputs_sha = cache.inputs_checksum(snapshot, data_sha)
    runnable = [nb for nb in books if nb.stem not in broken]
    results, todo = _plan(runnable, params, force, reports_dir, inputs_sha, library_sha, log)
    lang = run_language(results)
    pages = [{"name": nb.stem, "title": describe(nb, lang)[0]} for nb in all_books]
    made = RunContext(out, snapshot, data_sha, library_sha, pages, log, inputs_sha, lang)
    if todo:
        check_against_data([(nb, r.parameters) for nb, r in todo], snapshot / "indicators.csv")
        run.ensure_kernel()
        _run_all(todo, jobs, out, work, notebooks_dir, made, log)
    else:
        made.write_data_pages()
    for nb in books:
        if nb.stem in broken:
            results.append(_failed_to_read(out, nb, broken[nb.stem], log))
    results.sort(key=lambda r: [nb.stem for nb in books].index(r.name))
    if not only:  # a full run: pages of notebooks that are gone go too
        for name in remove_gone(out, {nb.stem for nb in all_books}):
            log(f"  {name}: its notebook is gone; its page was removed")
    for result in results:
        if result.status == "reused":
            cache.write_sidecar(reports_dir / ".cache" / f"{result.name}.json", result)
    records = [cache.read_sidecar(reports_dir / ".cache" / f"{nb.stem}.json") for nb in all_books]
    made.write_datapackage()
    write_index(out, data_sha, records, fonts=lambda: made.fonts, lang=lang)
    if not only and made.used_fonts:  # a full run that wrote pages: fonts no page uses go
        made.fonts.prune()
    return results


def take_snapshot(processed_dir: Path, into: Path, log=print) -> Path:
    """A copy, in ``into``/data/, of the built table, its build.json and every input it was
    built from, taken while holding the lock of ``processed_dir`` (so that `zibo-analysis
    data` cannot replace the table half-way); returns the copy's processed folder. Every
    notebook and page of the run reads the copy, and its checksum is taken once, from it.
    DataChanged when the copy is not what build.json describes (inputs edited since the
    table was built)."""
    data_dir = processed_dir.parent
    copy = into / "data"

    def waiting(holder: str) -> None:
        log(f"  waiting for `zibo-analysis data` ({holder}) to finish writing {processed_dir}")

    with manifest.lock(processed_dir, shared=True, on_wait=waiting):
        table = processed_dir / manifest.TABLE
        if not table.is_file():
            raise FileNotFoundError(f"{table} is missing; run `make data` first")
        for source in [table, processed_dir / manifest.MANIFEST, *manifest.input_files(data_dir)]:
            target = copy / source.relative_to(data_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_file():
                shutil.copyfile(source, target)
    problems = manifest.changes(copy, copy / "processed")
    if problems:
        raise DataChanged(
            f"{'; '.join(problems)}: run `make data` (or `zibo-analysis data`) "
            "first, then the report"
        )
    return copy / "processed"


def _unreadable(books: list[Path]) -> dict[str, str]:
    """The notebooks (by name) that cannot be read, or whose parameters cell cannot: why."""
    broken = {}
    for nb in dict.fromkeys(books):
        try:
            declared_parameters(nb)
        except ParameterError as err:
            broken[nb.stem] = str(err)
        except (OSError, UnicodeDecodeError) as err:
            broken[nb.stem] = f"{nb.name}: cannot be read ({err})"
    return broken


def _failed_to_read(out: OutputFolder, nb: Path, error: str, log) -> NotebookResult:
    """The result of a notebook that could not be run at all: its last good page is kept,
    marked stale, and the index says why."""
    result = NotebookResult(nb.stem, "failed", error=error, title=nb.stem, run_date=now())
    result.stale = (out.root / f"{nb.stem}.html").exists()
    out.remove(f"{nb.stem}.failed.ipynb")  # an older failed run would mislead
    mark_stale(out, f"{nb.stem}.html", result)
    cache.write_sidecar(out.root / ".cache" / f"{nb.stem}.json", result)
    log(f"  {nb.stem}: FAILED before any cell ran: {error}")
    return result


def _planned(books: list[Path], snapshot: Path) -> list[str]:
    """What a run may write in the output folder (each must be the report's, or absent)."""
    names = [
        "index.html",
        "quality_flags.csv",
        ".cache",
        *(f"data/{n}" for n in COPIED),
        "data/datapackage.json",
    ]
    for nb in books:
        names += [
            f"{nb.stem}.html",
            f"{nb.stem}.ipynb",
            f"{nb.stem}.failed.ipynb",
            f"data/{nb.stem}",
        ]
    with open(snapshot.parent / "raw/sources.csv", encoding="utf-8", newline="") as handle:
        names += [f"sources/{row.get('doc_id')}.html" for row in csv.DictReader(handle)]
    return names


class RunContext:
    """What every page of one run shares (the output folder, the data snapshot and its
    checksum, the list of pages, the language, the CJK font cache), and the files written
    from it alone rather than from a notebook: quality_flags.csv, reports/data/, the
    article pages and the data package."""

    def __init__(
        self,
        out: OutputFolder,
        processed_dir,
        data_sha,
        library_sha,
        pages,
        log,
        inputs_sha="",
        lang="en",
    ):
        self.out, self.reports_dir, self.processed_dir, self.log = out, out.root, processed_dir, log
        self.data_sha, self.library_sha, self.pages = data_sha, library_sha, pages
        self.inputs_sha = inputs_sha  # the CSVs beside the data too (curation, ignored, sources)
        self.lang = lang  # the run's language: the index's and the article pages' words
        self._fonts = None

    @property
    def used_fonts(self) -> bool:
        return self._fonts is not None

    @property
    def fonts(self):
        """The run's CJK font subsets (fontTools is imported when a page first needs one)."""
        if self._fonts is None:
            from zibo_analysis.report.fonts import FontCache, project_characters

            self._fonts = FontCache(
                self.reports_dir / ".cache/fonts",
                lambda: project_characters(self.processed_dir.parent, cache.PACKAGE_DIR),
            )
        return self._fonts

    def write_data_pages(self) -> None:
        """quality_flags.csv, reports/data/ (the dataset and its tables) and the article pages,
        when the data, the library or the list of pages changed since they were written."""
        update_quality_flags(
            self.out, self.processed_dir, self.data_sha + self.library_sha, self.log
        )
        stamp = self.reports_dir / ".cache/data-pages.sha"
        key = sha(json.dumps([self.inputs_sha, self.library_sha, self.pages, self.lang]).encode())
        data = self.reports_dir / "data"
        if stamp_matches(stamp, key) and (data / "indicators.csv").exists():
            return
        from zibo_analysis.report import datapackage, sources

        data_dir = self.processed_dir.parent
        datapackage.copy_inputs(
            self.out, data_dir, self.processed_dir, self.reports_dir / "quality_flags.csv"
        )
        context = {
            "data_sha": self.data_sha,
            "run_date": now(),
            "pages": self.pages,
            "lang": self.lang,
        }
        sources.write_source_pages(
            self.out, data_dir, self.processed_dir, context, self.fonts, self.log
        )
        write_stamp(stamp, key)

    def write_datapackage(self) -> None:
        """reports/data/datapackage.json, when the data, the library or a page's tables changed."""
        from zibo_analysis.report import datapackage

        data = self.reports_dir / "data"
        stamp = self.reports_dir / ".cache/datapackage.sha"
        key = sha((self.data_sha + self.library_sha + datapackage.listing_key(data)).encode())
        if stamp_matches(stamp, key) and (data / "datapackage.json").exists():
            return
        datapackage.write_datapackage(self.out, datapackage.vocabularies())
        write_stamp(stamp, key)
        self.log("  data/datapackage.json: written")

    def page(self, result: NotebookResult):
        from zibo_analysis.report.pages import Page

        return Page(
            result.name,
            result.title,
            self.data_sha,
            result.run_date,
            self.pages,
            result.parameters,
            result.lang,
        )


def run_language(results: list[NotebookResult]) -> str:
    """The language of the index and the article pages: the pages' own, when they share one
    (``-p lang zh`` for every notebook), else English."""
    langs = {r.lang for r in results}
    return langs.pop() if len(langs) == 1 else "en"


def now() -> str:
    return f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"


def _plan(books, params, force, reports_dir, inputs_sha, library_sha, log):
    """A result per notebook, and the (notebook, result) pairs that need running."""
    results, todo = [], []
    for nb in books:
        lang = effective(nb, params[nb.stem]).get("lang", "en")
        lang = lang if lang in LANGS else "en"  # refused before anything runs otherwise
        title, summary = describe(nb, lang)
        key = cache.inputs_hash(nb, params[nb.stem], inputs_sha, library_sha)
        previous = cache.read_sidecar(reports_dir / ".cache" / f"{nb.stem}.json")
        result = NotebookResult(
            nb.stem,
            "reused",
            parameters=params[nb.stem],
            inputs_hash=key,
            title=title,
            summary=summary,
            lang=lang,
        )
        # a page states the first run from its inputs: two runs of the same inputs give
        # the same page, byte for byte
        same = previous.get("inputs_hash") == key
        result.run_date = previous.get("run_date") if same and previous.get("run_date") else now()
        result.seconds = previous.get("seconds", 0.0)
        if (
            not force
            and same
            and previous.get("status") in ("ok", "reused")
            and (reports_dir / f"{nb.stem}.html").exists()
        ):
            log(f"  {nb.stem}: up to date, not run")
        else:
            todo.append((nb, result))
        results.append(result)
    return results, todo


def _longest_first(todo):
    """The longest notebooks first (by their last run, else by their code), so that two
    workers end close together rather than one running the longest alone at the end.
    Notebooks within a second of each other keep their order."""

    def expected(item):
        nb, result = item
        if result.seconds:
            return result.seconds
        cells = json.loads(nb.read_text(encoding="utf-8")).get("cells", [])
        return (
            sum(len("".join(c.get("source", ""))) for c in cells if c.get("cell_type") == "code")
            / 100
        )

    return sorted(todo, key=lambda item: -round(expected(item)))


def _run_all(
    todo, jobs: int, out: OutputFolder, work: Path, notebooks_dir: Path, made: RunContext, log
) -> None:
    """Run each notebook of ``todo`` in this run's work folder; publish each as it ends.

    The pages that depend on the data alone are written meanwhile, as soon as a processor
    is free of kernels: before, they would only slow down the kernels."""
    workers = min(jobs, len(todo))
    warm = run.warm_up([nb for nb, _ in todo])
    root = made.processed_dir.parent.parent  # the snapshot, as a checkout for the kernels
    with run.NotebookPool(workers, work, notebooks_dir, warm, root) as pool:
        futures = {}
        for i, (nb, result) in enumerate(_longest_first(todo), 1):
            executed = work / f"{nb.stem}.ipynb"
            log(f"[{i}/{len(todo)}] {nb.stem}: running")
            future = pool.submit(nb, executed, result.parameters, work / "data" / nb.stem)
            futures[future] = (nb, result, executed)
        pending, written = len(futures), False
        for future in itertools.chain([None], as_completed(futures)):
            if future is not None:
                nb, result, executed = futures[future]
                _publish(out, nb, result, run.outcome(future), executed, made, log)
                pending -= 1
            if not written and min(pending, workers) < (os.cpu_count() or 1):
                made.write_data_pages()
                written = True


def _publish(
    out: OutputFolder,
    nb: Path,
    result: NotebookResult,
    outcome: dict,
    executed: Path,
    made: RunContext,
    log,
):
    """Put a successful run's page, notebook and data in place (or record a failure), then
    its sidecar."""
    from zibo_analysis.report import pages

    if outcome["ok"]:
        try:
            ipynb, page = pages.export(executed, made.page(result), made.fonts)
        except Exception as err:  # an export that failed
            outcome = {
                "ok": False,
                "seconds": outcome["seconds"],
                "cell": None,
                "error": f"{type(err).__name__}: {err}",
            }
    result.seconds = round(outcome["seconds"], 2)
    with run.uninterrupted():  # the page, its notebook, its data and its sidecar change together
        if outcome["ok"]:
            out.write(f"{nb.stem}.ipynb", ipynb)
            out.write(f"{nb.stem}.html", page)
            out.replace_folder(executed.parent / "data" / nb.stem, f"data/{nb.stem}")
            out.remove(f"{nb.stem}.failed.ipynb")
            result.status = "ok"
        else:
            _keep_failed(out, nb, result, outcome, executed)
        cache.write_sidecar(out.root / ".cache" / f"{nb.stem}.json", result)
    if result.status == "ok":
        log(f"  {nb.stem}: ok in {result.seconds:.1f}s")
    else:
        log(f"  {nb.stem}: FAILED in cell {result.failed_cell}: {result.error}")


def _keep_failed(
    out: OutputFolder, nb: Path, result: NotebookResult, outcome: dict, executed: Path
):
    """Record a failure: the failed run's notebook beside the last good page, which is marked
    stale. The failed notebook is kept only when it was written whole (a full disk can cut
    it short): else no failed copy at all, and the error says why."""
    result.status, result.error, result.failed_cell = (
        "failed",
        outcome["error"],
        outcome.get("cell"),
    )
    result.stale = (out.root / f"{nb.stem}.html").exists()
    failed_copy = f"{nb.stem}.failed.ipynb"
    content = _whole_notebook(executed)
    if content is not None:  # keep the failed run for debugging, beside the last good page
        out.write(failed_copy, content)
    else:  # an older failed run would mislead
        out.remove(failed_copy)
        if executed.exists():
            result.error += " (its partial notebook could not be kept: it was not written whole)"
    mark_stale(out, f"{nb.stem}.html", result)


def _whole_notebook(path: Path) -> bytes | None:
    """The bytes of the notebook papermill wrote at ``path``, if it is whole (valid JSON
    with cells), else None."""
    try:
        content = path.read_bytes()
        return content if isinstance(json.loads(content).get("cells"), list) else None
    except (OSError, ValueError, AttributeError):
        return None


def list_parameters(
    only: list[str] | None = None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    processed_dir: Path = PROCESSED_DIR,
) -> list[str]:
    """Lines listing each notebook's parameters and the values the data allows: of the
    indicators, those of a series with two or more reports (the others give no result)."""
    books = notebooks(only, notebooks_dir, option="--list-params")
    indicators = processed_dir / "indicators.csv"
    valid = valid_values(indicators) if indicators.exists() else None
    useful = {"indicator": series_indicators(indicators)} if indicators.exists() else None
    return listing(books, {nb.stem: describe(nb)[0] for nb in books}, valid, useful)


def series_indicators(indicators_csv: Path) -> set[str]:
    """The indicators with two or more reports in one region (`growth.observations`)."""
    from zibo_analysis.dataset import load_indicators
    from zibo_analysis.growth import observations

    counts = (
        observations(load_indicators(indicators_csv))
        .groupby(["indicator_id", "region"], observed=True)
        .size()
    )
    return {str(indicator) for (indicator, _), n in counts.items() if n >= 2}
