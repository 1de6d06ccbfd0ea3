"""One base exception for the package, and one way out on a signal."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import signal

import pytest

import zibo_analysis
from zibo_analysis.errors import ZiboError
from zibo_analysis.signals import Interrupted, stop_on_signals


def defined_exceptions() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(zibo_analysis.__path__, "zibo_analysis."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == info.name:
                found.append(cls)
    return found


def test_every_exception_the_package_defines_is_a_zibo_error():
    found = defined_exceptions()
    names = {cls.__name__ for cls in found}
    assert {"DataError", "ParameterError", "NotOwned", "DataMismatch", "DataChanged", "UserError",
            "FolderBusy", "LockBusy", "NotRegularFile", "OutputLost", "CorpusError", "BadInput",
            "SourceError"} <= names  # fmt: skip
    assert [cls.__name__ for cls in found if not issubclass(cls, ZiboError)] == ["Interrupted"]


def test_an_error_keeps_the_builtin_class_it_had():
    from zibo_analysis.dataset import DataError
    from zibo_analysis.files import NotRegularFile
    from zibo_analysis.report import FolderBusy

    assert issubclass(DataError, ValueError) and issubclass(NotRegularFile, OSError)
    assert issubclass(FolderBusy, RuntimeError)


def test_a_signal_is_interrupted_with_its_number_and_not_an_exception():
    with pytest.raises(Interrupted) as stopped, stop_on_signals():
        signal.raise_signal(signal.SIGTERM)
    assert stopped.value.signum == signal.SIGTERM and not isinstance(stopped.value, Exception)
    # after the first signal both are ignored, so that cleaning up is not interrupted
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def test_the_command_line_and_the_report_share_one_signal_path():
    from zibo_analysis import cli, report

    assert report.Interrupted is cli.Interrupted is Interrupted
    assert report.stop_on_signals is cli.stop_on_signals is stop_on_signals
