"""The base of every exception the package raises: ``except ZiboError`` catches them all.

Each error keeps the built-in class it has always had as a second base (a `DataError` is
still a `ValueError`, `NotRegularFile` an `OSError`), so that code catching those goes on
working. Standard library only and importing nothing of the package, so that every module
can import it (like papermill's ``PapermillException``).

Not an error, and so not under it: `signals.Interrupted`, the run stopped by a signal,
which like ``KeyboardInterrupt`` is a ``BaseException`` that ``except Exception`` lets pass.

>>> from zibo_analysis.dataset import DataError
>>> issubclass(DataError, ZiboError) and issubclass(DataError, ValueError)
True
"""

from __future__ import annotations


class ZiboError(Exception):
    """Something zibo-analysis cannot do, and says why (file, line, field, how to fix it)."""
