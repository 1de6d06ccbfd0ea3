"""A fresh set-up against the plain way, and what it installs.

A copy of the project as it stands (the files git tracks or would track, no .venv) gets
`make venv`, which is what `make report` sets up before anything else: uv installing
requirements.lock, the project, the bytecode of what the report imports, the kernel. The
plain way is ``python3 -m venv`` and ``pip install -r requirements.lock``: pip resolves
jionlp's dependencies again (its 147 MiB segmenter with them) and compiles every module.
Both have their download caches warm (pip's is warmed first if it is empty), so the
network counts for neither.

Run with ``python -m benchmarks.setup_speed``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from benchmarks.measure import ROOT, Run, at, run

SETUP_GOAL = 0.30  # a fresh `make report` set-up at most 0.3 of a plain pip install of the lock


def copy_project(dest: Path) -> Path:
    """The files git tracks, or would track, copied as they are now into ``dest``, which is
    made a git repository (the set-up configures git's notebook filter there)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    subprocess.run(["git", "init", "-q", str(dest)], check=True)
    return dest


def installed(venv: Path) -> tuple[float, int]:
    """(MB on disk, counting a file linked twice once, as du does; distributions installed)."""
    seen: set[int] = set()
    size = 0
    for folder, _, files in os.walk(venv):
        for name in files:
            stat = os.lstat(os.path.join(folder, name))
            if stat.st_ino not in seen:
                seen.add(stat.st_ino)
                size += stat.st_blocks * 512
    packages = len(list(venv.glob("lib/python*/site-packages/*.dist-info")))
    return size / 1e6, packages


def python3() -> str:
    """The interpreter make uses to create .venv (the Makefile's PYTHON)."""
    return shutil.which("python3") or "python3"


def make_venv(work: Path) -> tuple[Run, float, int]:
    project = copy_project(work)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "MAKEFLAGS", "MFLAGS")}
    result = run(["make", "venv"], cwd=project, env=env)
    return (result, *installed(project / ".venv"))


def plain_pip(work: Path, lock: Path) -> tuple[Run, float, int]:
    venv = work / "plain"
    command = f"'{python3()}' -m venv '{venv}' && '{venv}/bin/pip' install --quiet --disable-pip-version-check -r '{lock}'"  # fmt: skip
    result = run(["sh", "-c", command], cwd=work)
    size = installed(venv)
    shutil.rmtree(venv)
    return (result, *size)


def _pip_cache_is_empty() -> bool:
    found = subprocess.run([python3(), "-m", "pip", "cache", "dir"], capture_output=True, text=True)
    folder = Path(found.stdout.strip()) if found.returncode == 0 else None
    return folder is None or not folder.exists() or not any(folder.iterdir())


def main(repeats: int = 2) -> float:
    """Print both set-ups (each the best of ``repeats``, taken in turn), sizes and the ratio;
    return the ratio."""
    lock = ROOT / "requirements.lock"
    print(f"set-up: a fresh copy of the project; both with their download caches warm; best of {repeats}, in turn")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="setup-bench-") as folder:
        work = Path(folder)
        if _pip_cache_is_empty():
            plain_pip(work, lock)  # fills pip's cache: downloads are not what is compared
        leans, plains = [], []
        for i in range(repeats):
            leans.append(make_venv(work / f"lean-{i}"))
            plains.append(plain_pip(work, lock))
        lean, lean_mb, lean_packages = min(leans, key=lambda r: r[0].seconds)
        plain, plain_mb, plain_packages = min(plains, key=lambda r: r[0].seconds)
    ratio = lean.seconds / plain.seconds
    print(f"  make venv (what make report sets up)            {lean.seconds:6.1f} s  "
          f"{lean_mb:6.0f} MB installed, {lean_packages} packages {at(lean.load)}")  # fmt: skip
    print(f"  python3 -m venv + pip install -r requirements.lock {plain.seconds:5.1f} s  "
          f"{plain_mb:6.0f} MB installed, {plain_packages} packages {at(plain.load)}")  # fmt: skip
    print(f"  set-up / plain                                  {ratio:6.2f}    (goal <= {SETUP_GOAL:.2f})")  # fmt: skip
    return ratio


if __name__ == "__main__":
    main()
