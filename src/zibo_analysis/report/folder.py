"""The report's output folder: only a folder it made or marked, and in it only what it wrote.

A report writes into a folder it created, or one that holds its marker, ``.zibo-report``.
The marker is also the folder's manifest: the files the report wrote there, the folders it
owns whole (``.cache/`` and each page's ``data/<notebook>/``) and the work folders of runs
in progress. Any other non-empty folder, the project's own folders and a file are refused
(`OutputFolder.claim`), before anything is written; so is a folder holding files that a run
would replace but that the report did not write. Within its folder the report replaces and
removes only what the manifest lists, writes through no symbolic link it did not make, and
cleans up only its own work folders, which is where its temporary files are made.

A ``reports/`` folder written by a version without the marker is adopted when it holds
exactly what that version wrote (`previous_layout`).

The lock (`OutputFolder.lock`) is ``flock`` on ``.lock`` (opened without following a
symbolic link, never truncated before it is held), so that one run at a time writes a folder.

Standard library only.

>>> import tempfile, pathlib
>>> out = OutputFolder.claim(pathlib.Path(tempfile.mkdtemp()) / "reports")
>>> _ = out.write("index.html", "<p>ok</p>")
>>> out.owns("index.html"), out.owns("notes.html")
(True, False)
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from zibo_analysis.errors import ZiboError
from zibo_analysis.files import LockBusy, NotRegularFile, atomic_write, lock
from zibo_analysis.report.common import REPORT_NOTEBOOK, FolderBusy

MARKER = ".zibo-report"
LOCK_NAME = ".lock"
WORK_PREFIX = ".work-"
ABOUT = (
    "written by zibo-analysis report: the files it wrote in this folder, which it alone "
    "replaces; delete this file and the report will no longer write here"
)


class NotOwned(ZiboError, ValueError):
    """The output folder, or a file in it, is not the report's to write; one line."""


class OutputFolder:
    """An output folder the report owns, and its manifest."""

    def __init__(self, root: Path, record: dict | None = None):
        record = record or {}
        self.root = root
        self.files: set[str] = set(record.get("files", []))
        self.folders: set[str] = set(record.get("folders", []))  # owned whole
        self.work: set[str] = set(record.get("work", []))
        self.tmp: Path | None = None  # where temporary files are made during a run

    # ----------------------------------------------------------------- claiming --

    @classmethod
    def claim(
        cls, root: Path, project: Path | None = None, inside: Iterable[Path] = ()
    ) -> OutputFolder:
        """``root`` as the report's output folder, created (with its marker) when it does not
        exist. NotOwned, before anything is written, for a file; for the ``project`` folder
        or a folder that holds it; for a folder of ``inside`` (data/, notebooks/), one in it
        or one holding it; and for a non-empty folder without the marker that is not a
        report of the previous layout."""
        root = Path(os.path.abspath(root))
        shown = _shown(root)
        if os.path.lexists(root) and not root.is_dir():
            raise NotOwned(
                f"--output-dir {shown}: a file, not a folder; give a folder for the report"
            )
        real = root.resolve()
        places = [(project.resolve(), False)] if project is not None else []
        places += [(place.resolve(), True) for place in inside]
        for place, below in places:
            if place.is_relative_to(real) or (below and real.is_relative_to(place)):
                raise NotOwned(
                    f"--output-dir {shown}: the project's own folder ({_shown(place)}); "
                    "the report writes only into a folder of its own, such as reports/"
                )
        if not root.exists():
            root.mkdir(parents=True)
            out = cls(root)
            out.save()
            return out
        marker = root / MARKER
        if os.path.lexists(marker):
            return cls(root, _read_marker(marker, shown))
        entries = sorted(os.listdir(root))
        if not entries:
            out = cls(root)
            out.save()
            return out
        adopted = previous_layout(root)
        if adopted is not None:
            out = cls(root, adopted)
            out.save()
            return out
        listed = ", ".join(entries[:3]) + (
            f" and {len(entries) - 3} more" if len(entries) > 3 else ""
        )
        raise NotOwned(
            f"--output-dir {shown}: a folder the report did not make (it holds {listed}); "
            "give a new or empty folder"
        )

    # -------------------------------------------------------------- ownership --

    def owns(self, rel: str) -> bool:
        """Whether the report wrote ``rel`` (a path relative to the folder, with /)."""
        if rel in self.files or rel in self.folders:
            return True
        return any(rel.startswith(folder + "/") for folder in self.folders)

    def check(self, names: Iterable[str]) -> None:
        """NotOwned when any of ``names`` exists without the report having written it (so
        that a run refuses before it writes anything), or is reached through a link."""
        for rel in names:
            self._check_parents(rel)
            if rel in self.folders and os.path.islink(self.root / rel):
                raise NotOwned(
                    f"{_shown(self.root / rel)} is a symbolic link, which the report did "
                    "not make; remove it, or give another --output-dir"
                )
            if os.path.lexists(self.root / rel) and not self.owns(rel):
                raise NotOwned(
                    f"{_shown(self.root / rel)} was not written by the report, which "
                    "would replace it; move it away, or give another --output-dir"
                )

    def _check_parents(self, rel: str) -> None:
        """NotOwned when a folder on the way to ``rel`` is a symbolic link or not a folder."""
        here = self.root
        for part in Path(rel).parts[:-1]:
            here = here / part
            try:
                mode = os.lstat(here).st_mode
            except FileNotFoundError:
                return
            if not stat.S_ISDIR(mode):
                what = "a symbolic link" if stat.S_ISLNK(mode) else "not a folder"
                raise NotOwned(
                    f"{_shown(here)} is {what}, which the report did not make; "
                    "remove it, or give another --output-dir"
                )

    def own_folder(self, rel: str) -> None:
        """Take ``rel`` as a folder the report owns whole (absent, or the report's)."""
        self.check([rel])
        if rel not in self.folders:
            self.folders.add(rel)
            self.save()

    def _claim(self, rel: str) -> Path:
        """``rel``'s path, once it is known to be the report's to write (recorded first, so
        that a run killed half-way still knows the file as its own)."""
        self.check([rel])
        if not self.owns(rel):
            self.files.add(rel)
            self.save()
        return self.root / rel

    # ---------------------------------------------------------------- writing --

    def write(self, rel: str, content: str | bytes) -> Path:
        """Write ``rel`` whole (a temporary file, renamed over it)."""
        path = self._claim(rel)
        atomic_write(path, content, self.tmp)
        return path

    def remove(self, rel: str) -> None:
        """Remove ``rel`` (a file or an owned folder) if the report wrote it."""
        if not self.owns(rel):
            return
        path = self.root / rel
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        elif os.path.lexists(path):
            path.unlink()
        if rel in self.files or rel in self.folders:
            self.files.discard(rel)
            self.folders.discard(rel)
            self.save()

    def replace_folder(self, new: Path, rel: str) -> None:
        """Put the folder ``new`` (in a work folder) in the place of ``rel``, owned whole."""
        self.check([rel])
        target = self.root / rel
        if rel not in self.folders:
            self.folders.add(rel)
            self.save()
        target.parent.mkdir(parents=True, exist_ok=True)
        if not new.exists():
            new.mkdir(parents=True)
        old = new.with_name(new.name + ".old")
        if os.path.lexists(target):
            os.replace(target, old)
        os.replace(new, target)
        shutil.rmtree(old, ignore_errors=True)

    def owned_under(self, folder: str) -> list[str]:
        """The files the report wrote directly in ``folder``."""
        return sorted(f for f in self.files if f.rpartition("/")[0] == folder)

    def save(self) -> None:
        """Write the manifest (the marker)."""
        record = {
            "about": ABOUT,
            "files": sorted(self.files),
            "folders": sorted(self.folders),
            "work": sorted(self.work),
        }
        atomic_write(self.root / MARKER, json.dumps(record, indent=1) + "\n", self.tmp)

    # ------------------------------------------------------------ work folders --

    def new_work_folder(self) -> Path:
        """A new work folder for this run (recorded before it is made); temporary files go
        there from now on."""
        name = f"{WORK_PREFIX}{secrets.token_hex(6)}"
        self.work.add(name)
        self.save()
        path = self.root / name
        path.mkdir()
        self.tmp = path / "tmp"
        self.tmp.mkdir()
        return path

    def remove_work_folder(self, path: Path) -> None:
        self.tmp = None
        shutil.rmtree(path, ignore_errors=True)
        self.work.discard(path.name)
        self.save()

    def clean_work(self) -> None:
        """Remove the work folders of runs that were killed (the lock says none is running)."""
        for name in sorted(self.work):
            path = self.root / name
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
        if self.work:
            self.work.clear()
            self.save()

    @contextmanager
    def lock(self, wait: float = 0.0, log: Callable[[str], None] = print) -> Iterator[None]:
        """Hold the folder's lock for the block; FolderBusy when another run holds it past
        ``wait`` seconds. The manifest is read again once it is held."""

        def waiting(holder: str) -> None:
            log(f"  waiting for the report run ({holder}) that holds {self.root}")

        try:
            held = lock(self.root / LOCK_NAME, wait=wait, on_wait=waiting)
            held.__enter__()
        except LockBusy as busy:
            raise FolderBusy(
                f"{self.root} is in use by another report run ({busy.holder}); wait for it "
                "(--wait SECONDS) or write elsewhere (--output-dir)"
            ) from None
        except NotRegularFile as err:
            raise NotOwned(str(err)) from None
        try:
            record = _reread(self)
            if record is not None:
                self.__init__(self.root, record)
            yield
        finally:
            held.__exit__(None, None, None)


def _reread(out: OutputFolder) -> dict | None:
    try:
        return _read_marker(out.root / MARKER, _shown(out.root))
    except NotOwned:
        return None


def _read_marker(marker: Path, shown: str) -> dict:
    """The manifest in ``marker``; NotOwned when it is not a regular file or not readable."""
    try:
        if not stat.S_ISREG(os.lstat(marker).st_mode):
            raise ValueError("not a regular file")
        record = json.loads(marker.read_text(encoding="utf-8"))
        if not isinstance(record, dict) or not all(
            isinstance(record.get(k, []), list) for k in ("files", "folders", "work")
        ):
            raise ValueError("not a manifest")
    except (OSError, ValueError) as err:
        raise NotOwned(
            f"--output-dir {shown}: its {MARKER} cannot be read ({err}); "
            "remove the folder's contents or give another --output-dir"
        ) from None
    return record


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# ------------------------------------------------------------ previous layout --

_DATA_FILES = {
    "indicators.csv",
    "catalog.csv",
    "regions.csv",
    "articles.csv",
    "quality_flags.csv",
    "datapackage.json",
}
_PAGE = re.compile(r"^(\d\d_[A-Za-z0-9_-]+)\.(html|ipynb|failed\.ipynb)$")
# the work folder of a run that was killed (tempfile.mkdtemp's names) and what it held
_OLD_WORK = re.compile(r"^\.work-[a-z0-9_]{8}$")
_OLD_WORK_ITEM = re.compile(r"^(kernels|data|\d\d_[A-Za-z0-9_-]+\.ipynb|worker-\d+\.log)$")


def previous_layout(root: Path) -> dict | None:
    """The manifest of a folder that holds exactly what a report without the marker wrote
    (index.html, .cache/, pages, notebooks, quality_flags.csv, data/, sources/, .lock, the
    work folders of killed runs), or None. No symbolic link anywhere."""
    files, folders, work = [], [".cache"], []
    top = {e.name: e for e in os.scandir(root)}
    if "index.html" not in top or ".cache" not in top:
        return None
    for name, entry in top.items():
        if entry.is_symlink():
            return None
        if name in (".lock", "index.html", "quality_flags.csv") or _PAGE.match(name):
            if not entry.is_file(follow_symlinks=False):
                return None
            files.append(name)
        elif name == ".cache" and entry.is_dir(follow_symlinks=False):
            continue
        elif _OLD_WORK.match(name) and entry.is_dir(follow_symlinks=False):
            if any(not _OLD_WORK_ITEM.match(item.name) for item in os.scandir(entry.path)):
                return None  # not a work folder of a killed run: someone's folder
            work.append(name)
        elif name == "sources" and entry.is_dir(follow_symlinks=False):
            for page in os.scandir(entry.path):
                if not (page.name.endswith(".html") and page.is_file(follow_symlinks=False)):
                    return None
                files.append(f"sources/{page.name}")
        elif name == "data" and entry.is_dir(follow_symlinks=False):
            for item in os.scandir(entry.path):
                if item.name in _DATA_FILES and item.is_file(follow_symlinks=False):
                    files.append(f"data/{item.name}")
                elif REPORT_NOTEBOOK.match(item.name + ".ipynb") and item.is_dir(
                    follow_symlinks=False
                ):
                    if any(not f.is_file(follow_symlinks=False) for f in os.scandir(item.path)):
                        return None
                    folders.append(f"data/{item.name}")
                else:
                    return None
        else:
            return None
    return {"files": [f for f in files if f != ".lock"], "folders": folders, "work": work}
