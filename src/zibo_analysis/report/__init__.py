"""Run the notebooks with papermill and write a readable HTML report.

``report.run_report()`` does it all; the modules beside this one hold its parts:
``parameters`` (the notebooks and their parameters), ``cache`` (what a page depends
on), ``run`` (kernels and worker processes), ``site`` (pages, index, CSV), and
``build``, which puts them together. ``common`` holds what they share.

>>> from zibo_analysis import report
>>> report.REPORTS_DIR.name
'reports'
"""

from zibo_analysis.config import NOTEBOOKS_DIR, PROCESSED_DIR, REPORTS_DIR
from zibo_analysis.report.build import DataChanged, list_parameters, run_report
from zibo_analysis.report.cache import (
    data_checksum,
    inputs_checksum,
    inputs_hash,
    library_checksum,
)
from zibo_analysis.report.common import (
    KERNEL_NAME,
    FolderBusy,
    NotebookResult,
    ParameterError,
    versions,
)
from zibo_analysis.report.folder import NotOwned, OutputFolder
from zibo_analysis.report.parameters import declared_parameters, notebooks, resolve_overrides
from zibo_analysis.report.site import write_index
from zibo_analysis.signals import Interrupted, stop_on_signals

__all__ = [
    "KERNEL_NAME",
    "DataChanged",
    "NotOwned",
    "OutputFolder",
    "NOTEBOOKS_DIR",
    "FolderBusy",
    "Interrupted",
    "PROCESSED_DIR",
    "REPORTS_DIR",
    "NotebookResult",
    "ParameterError",
    "data_checksum",
    "declared_parameters",
    "inputs_checksum",
    "inputs_hash",
    "library_checksum",
    "list_parameters",
    "notebooks",
    "resolve_overrides",
    "run_report",
    "stop_on_signals",
    "versions",
    "write_index",
]
