"""zibo-analysis: press releases read into a traceable dataset, and its analysis.

The stages, each a module or package importing only those below it (no cycle):
`quantities` (text -> quantity mentions), `facts` (mention -> subject, region, period,
status, indicator), `dataset` (strict CSV, the build of indicators.csv, loading), then
`coverage`, `growth` and `quality` (pure functions on DataFrames), `plots` (figures and
tables), `report` (the notebooks' runner and pages), `corpus` (many files, many processes,
Dask) and `cli` (the `zibo-analysis` command). Nothing is imported here, so that the
command starts with what it uses:

>>> from zibo_analysis import coverage, growth, quality, plots
"""

__all__ = [
    "cli",
    "corpus",
    "coverage",
    "dataset",
    "facts",
    "growth",
    "plots",
    "quality",
    "quantities",
    "report",
]
