"""Stopping on Ctrl-C or SIGTERM: one way for every command.

Within `stop_on_signals`, SIGINT and SIGTERM raise `Interrupted`, which like
``KeyboardInterrupt`` is a ``BaseException``: ``finally`` blocks and context managers on
the way out remove half-written files, ``except Exception`` does not swallow it. The
command-line tool wraps every command in it and exits with 128 + the signal's number;
`uninterrupted` holds both signals back for a few writes that belong together.

>>> with stop_on_signals():
...     signal.getsignal(signal.SIGTERM).__name__
'_raise_interrupted'
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """The run was stopped by a signal (SIGINT, SIGTERM); like KeyboardInterrupt, not an Exception."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise Interrupted; after the first, both are
    ignored, so that cleaning up is not itself interrupted. Only in the main thread (a
    block entered elsewhere leaves the signals as they are); blocks may nest."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _raise_interrupted) for signum in SIGNALS}
    interrupted = False
    try:
        yield
    except Interrupted:
        interrupted = True  # leave the signals ignored: the process is on its way out
        raise
    finally:
        if not interrupted:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


def _raise_interrupted(signum: int, frame) -> None:
    for other in SIGNALS:
        signal.signal(other, signal.SIG_IGN)
    raise Interrupted(signum)


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for the block (a few writes that belong together); a
    signal that came meanwhile is handled as the block ends."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
