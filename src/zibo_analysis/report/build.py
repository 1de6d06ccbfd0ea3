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

The warm path (nothing changed) imports only the standard library.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import tempfile
from concurrent.futures import as_completed
from datetime import UTC, datetime
from pathlib import Path

from zibo_analysis.config import NOTEBOOKS_DIR, PROCESSED_DIR, REPORTS_DIR
from zibo_analysis.files import atomic_write
from zibo_analysis.parameters import valid_values
from zibo_analysis.report import cache, run, site
from zibo_analysis.report.common import NotebookResult, sha, stamp_matches, write_stamp
from zibo_analysis.report.parameters import (
    check_against_data,
    effective,
    listing,
    notebooks,
    resolve_parameters,
)
from zibo_analysis.vocab import LANGS


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
    at a time writes a folder: another run waits up to ``wait`` seconds for it.
    """
    reports_dir = Path(reports_dir).absolute()  # the workers are told where to write
    books = notebooks(only, notebooks_dir)
    all_books = notebooks(None, notebooks_dir)
    params = resolve_parameters(overrides or [], books, params_file, all_books)
    with run.folder_lock(reports_dir, wait, log):
        _remove_work_folders(reports_dir)
        data_sha, library_sha = cache.data_checksum(processed_dir), cache.library_checksum()
        inputs_sha = cache.inputs_checksum(processed_dir, data_sha)
        results, todo = _plan(books, params, force, reports_dir, inputs_sha, library_sha, log)
        lang = run_language(results)
        pages = [{"name": nb.stem, "title": site.describe(nb, lang)[0]} for nb in all_books]
        made = Site(reports_dir, processed_dir, data_sha, library_sha, pages, log, inputs_sha, lang)
        if todo:
            check_against_data([(nb, r.parameters) for nb, r in todo], processed_dir / "indicators.csv")  # fmt: skip
            run.ensure_kernel()
            _run_all(todo, jobs, reports_dir, notebooks_dir, made, log)
        else:
            made.write_data_pages()
        if not only:  # a full run: pages of notebooks that are gone go too
            for name in site.remove_gone(reports_dir, {nb.stem for nb in all_books}):
                log(f"  {name}: its notebook is gone; its page was removed")
        for result in results:
            if result.status == "reused":
                cache.write_sidecar(reports_dir / ".cache" / f"{result.name}.json", result)
        records = [cache.read_sidecar(reports_dir / ".cache" / f"{nb.stem}.json") for nb in all_books]  # fmt: skip
        made.write_datapackage()
        site.write_index(reports_dir, data_sha, records, fonts=lambda: made.fonts, lang=lang)
        if not only and made.used_fonts:  # a full run that wrote pages: fonts no page uses go
            made.fonts.prune()
        return results


class Site:
    """What a run writes besides the notebooks' pages, and what the pages share: the CJK
    font cache, the data checksum, the list of pages."""

    def __init__(
        self,
        reports_dir,
        processed_dir,
        data_sha,
        library_sha,
        pages,
        log,
        inputs_sha="",
        lang="en",
    ):
        self.reports_dir, self.processed_dir, self.log = reports_dir, processed_dir, log
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
        _write_quality_flags(self.reports_dir, self.processed_dir, self.data_sha + self.library_sha, self.log)  # fmt: skip
        stamp = self.reports_dir / ".cache/data-pages.sha"
        key = sha(json.dumps([self.inputs_sha, self.library_sha, self.pages, self.lang]).encode())
        data = self.reports_dir / "data"
        if stamp_matches(stamp, key) and (data / "indicators.csv").exists():
            return
        from zibo_analysis.report import datapackage, sources

        data_dir = self.processed_dir.parent
        datapackage.copy_inputs(data, data_dir, self.processed_dir, self.reports_dir / "quality_flags.csv")  # fmt: skip
        context = {"data_sha": self.data_sha, "run_date": now(), "pages": self.pages,
                   "lang": self.lang}  # fmt: skip
        sources.write_source_pages(self.reports_dir, data_dir, self.processed_dir, context, self.fonts, self.log)  # fmt: skip
        write_stamp(stamp, key)

    def write_datapackage(self) -> None:
        """reports/data/datapackage.json, when the data, the library or a page's tables changed."""
        from zibo_analysis.report import datapackage

        data = self.reports_dir / "data"
        stamp = self.reports_dir / ".cache/datapackage.sha"
        key = sha((self.data_sha + self.library_sha + datapackage.listing_key(data)).encode())
        if stamp_matches(stamp, key) and (data / "datapackage.json").exists():
            return
        datapackage.write_datapackage(data, datapackage.vocabularies())
        write_stamp(stamp, key)
        self.log("  data/datapackage.json: written")

    def page(self, result: NotebookResult):
        from zibo_analysis.report.pages import Page

        return Page(result.name, result.title, self.data_sha, result.run_date, self.pages,
                    result.parameters, result.lang)  # fmt: skip


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
        title, summary = site.describe(nb, lang)
        key = cache.inputs_hash(nb, params[nb.stem], inputs_sha, library_sha)
        previous = cache.read_sidecar(reports_dir / ".cache" / f"{nb.stem}.json")
        result = NotebookResult(nb.stem, "reused", parameters=params[nb.stem], inputs_hash=key,
                                title=title, summary=summary, lang=lang)  # fmt: skip
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


def _remove_work_folders(reports_dir: Path) -> None:
    """Work folders left by runs that were killed (the lock says no run is using them)."""
    for folder in reports_dir.glob(".work*"):
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


def _longest_first(todo):
    """The longest notebooks first (by their last run, else by their code), so that two
    workers end close together rather than one running the longest alone at the end.
    Notebooks within a second of each other keep their order."""

    def expected(item):
        nb, result = item
        if result.seconds:
            return result.seconds
        cells = json.loads(nb.read_text(encoding="utf-8")).get("cells", [])
        return sum(len("".join(c.get("source", ""))) for c in cells if c.get("cell_type") == "code") / 100  # fmt: skip

    return sorted(todo, key=lambda item: -round(expected(item)))


def _run_all(todo, jobs: int, reports_dir: Path, notebooks_dir: Path, made: Site, log) -> None:
    """Run each notebook of ``todo`` in this run's own work folder; publish each as it ends.

    The pages that depend on the data alone are written meanwhile, as soon as a processor
    is free of kernels: before, they would only slow down the kernels."""
    work = Path(tempfile.mkdtemp(prefix=".work-", dir=reports_dir))
    workers = min(jobs, len(todo))
    try:
        warm = run.warm_up([nb for nb, _ in todo])
        with run.NotebookPool(workers, work, notebooks_dir, warm) as pool:
            futures = {}
            for i, (nb, result) in enumerate(_longest_first(todo), 1):
                out = work / f"{nb.stem}.ipynb"
                log(f"[{i}/{len(todo)}] {nb.stem}: running")
                future = pool.submit(nb, out, result.parameters, work / "data" / nb.stem)
                futures[future] = (nb, result, out)
            pending, written = len(futures), False
            for future in itertools.chain([None], as_completed(futures)):
                if future is not None:
                    nb, result, out = futures[future]
                    _publish(reports_dir, nb, result, run.outcome(future), out, made, log)
                    pending -= 1
                if not written and min(pending, workers) < (os.cpu_count() or 1):
                    made.write_data_pages()
                    written = True
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _publish(reports_dir: Path, nb: Path, result: NotebookResult, outcome: dict, out: Path,
             made: Site, log):  # fmt: skip
    """Put a successful run's page, notebook and data in place (or record a failure), then
    its sidecar."""
    from zibo_analysis.report import pages

    if outcome["ok"]:
        try:
            ipynb, page = pages.export(out, made.page(result), made.fonts)
        except Exception as err:  # an export that failed
            outcome = {"ok": False, "seconds": outcome["seconds"], "cell": None,
                       "error": f"{type(err).__name__}: {err}"}  # fmt: skip
    result.seconds = round(outcome["seconds"], 2)
    with run.uninterrupted():  # the page, its notebook, its data and its sidecar change together
        if outcome["ok"]:
            atomic_write(reports_dir / f"{nb.stem}.ipynb", ipynb)
            atomic_write(reports_dir / f"{nb.stem}.html", page)
            _replace_folder(out.parent / "data" / nb.stem, reports_dir / "data" / nb.stem)
            (reports_dir / f"{nb.stem}.failed.ipynb").unlink(missing_ok=True)
            result.status = "ok"
        else:
            _keep_failed(reports_dir, nb, result, outcome, out)
        cache.write_sidecar(reports_dir / ".cache" / f"{nb.stem}.json", result)
    if result.status == "ok":
        log(f"  {nb.stem}: ok in {result.seconds:.1f}s")
    else:
        log(f"  {nb.stem}: FAILED in cell {result.failed_cell}: {result.error}")


def _replace_folder(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is (an empty folder when ``new`` does not exist)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not new.exists():
        new.mkdir(parents=True)
    old = new.with_name(new.name + ".old")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _keep_failed(reports_dir: Path, nb: Path, result: NotebookResult, outcome: dict, out: Path):
    """Record a failure: the failed copy beside the last good page, which is marked stale."""
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
    site.mark_stale(reports_dir / f"{nb.stem}.html", result)


def _write_quality_flags(reports_dir: Path, processed_dir: Path, inputs: str, log) -> None:
    """quality_flags.csv, rebuilt only when the data or the library changed."""
    stamp = reports_dir / ".cache/quality_flags.sha"
    key = sha(inputs.encode())
    if (reports_dir / "quality_flags.csv").exists() and stamp_matches(stamp, key):
        return
    n_flags = site.write_quality_flags(reports_dir, processed_dir)
    write_stamp(stamp, key)
    log(f"  quality_flags.csv: {n_flags} flags")


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
    return listing(books, {nb.stem: site.describe(nb)[0] for nb in books}, valid, useful)


def series_indicators(indicators_csv: Path) -> set[str]:
    """The indicators with two or more reports in one region (`growth.observations`)."""
    from zibo_analysis.dataset import load_indicators
    from zibo_analysis.growth import observations

    counts = observations(load_indicators(indicators_csv)).groupby(["indicator_id", "region"], observed=True).size()  # fmt: skip
    return {str(indicator) for (indicator, _), n in counts.items() if n >= 2}
