"""Writing files so that a reader never sees half of one, and a failure leaves the old one.

Files are created with the permissions the user's umask gives (0644 under 022), as
``open()`` would: ``tempfile.mkstemp`` alone makes them 0600, which hides a report
from colleagues on a shared server.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    """The process umask (read by setting it, so set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it over ``path``.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "sub" / "a.txt"
    >>> atomic_write(target, "名医基层工作站102个")
    >>> target.read_text(encoding="utf-8")
    '名医基层工作站102个'
    >>> oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    True
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        if isinstance(content, bytes):
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(frame):
    """A copy of ``frame`` whose text cells a spreadsheet would run as a formula (starting
    with = + - @, a tab or a carriage return: OWASP's CSV-injection rule) start with an
    apostrophe instead. Only text columns are changed: a number such as -0.5 in a numeric
    column is data, and a spreadsheet reads it as a number.

    >>> import pandas as pd
    >>> spreadsheet_safe(pd.DataFrame({"name": ["=1+2", "Zibo"], "change": [-0.5, 2.0]}))
        name  change
    0  '=1+2    -0.5
    1   Zibo     2.0
    """
    text = [c for c in frame.columns if frame[c].dtype == object or str(frame[c].dtype) == "string"]
    return frame.assign(**{c: frame[c].map(_neutral) for c in text})


def _neutral(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value
