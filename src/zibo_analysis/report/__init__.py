"""Run the notebooks with papermill and write a readable HTML report.

``report.run_report()`` does it all; the modules beside this one hold its parts, one
concern each: ``notebooks`` (the notebooks and their parameters), ``cache`` (what a page
depends on), ``folder`` (the output folder the report owns), ``run`` (kernels and worker
processes), ``templates`` (Jinja2), ``pages`` (a notebook's page), ``sources`` (the article
pages), ``index`` (index.html), ``banner`` (the stale banner), ``flags``
(quality_flags.csv), ``removals`` (what notebooks that are gone left), ``datapackage``
(reports/data/), ``fonts`` (the CJK subsets), and ``build``, which puts them together.
``common`` holds what they share; see there for which may import which.

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
from zibo_analysis.report.index import write_index
from zibo_analysis.report.notebooks import declared_parameters, notebooks
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
    "run_report",
    "stop_on_signals",
    "versions",
    "write_index",
]
