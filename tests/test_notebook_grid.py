"""Every report notebook over a grid of parameters, run in this process (see inprocess.py).

Each run must finish without an error and show something on every table and figure it
reaches: a non-empty table, a figure, or a sentence saying which filter left nothing.
"""

from __future__ import annotations

import pytest
from inprocess import run_inprocess
from matplotlib.figure import Figure

from zibo_analysis import plots
from zibo_analysis.config import NOTEBOOKS_DIR, PROCESSED_DIR
from zibo_analysis.parameters import valid_values

VALID = valid_values(PROCESSED_DIR / "indicators.csv")
REGIONS, TOPICS, KINDS = VALID["region"], VALID["topic"], VALID["flag_kind"]
EMPTY_WINDOW = {"start": "2030-01-01", "end": "2030-12-31"}
CUT_WINDOW = {"start": "2022-01-01", "end": "2022-12-31"}  # cuts the famous-doctor series

GRID = [
    *[("01_overview", {"region": r}) for r in REGIONS],
    *[("02_coverage", {"regions": [r]}) for r in REGIONS],
    *[("02_coverage", {"topics": [t]}) for t in TOPICS],
    ("02_coverage", EMPTY_WINDOW),
    ("02_coverage", CUT_WINDOW),
    ("02_coverage", {"regions": ["Xuecheng"], "topics": ["public_health"]}),
    *[("03_growth", {"region": r}) for r in [*REGIONS, "all"]],
    ("03_growth", {"indicator_ids": ["famous_doctor_stations"], "min_points": 2}),
    (
        "03_growth",
        {"projection_indicator": "famous_doctor_station_experts", "projection_level": 1000.0},
    ),
    *[("04_quality", {"flag_kinds": [k]}) for k in KINDS],
    *[
        (nb, {"lang": lang})
        for nb in ("01_overview", "02_coverage", "03_growth", "04_quality")
        for lang in ("en", "zh")
    ],
]


def _says_something(output) -> bool:
    if isinstance(output, plots.Note):
        return bool(output.text.strip())
    if isinstance(output, plots.Table):
        return len(output.frame) > 0
    return isinstance(output, Figure)


@pytest.mark.parametrize(("notebook", "params"), GRID, ids=[f"{n}-{p}" for n, p in GRID])
def test_notebook_over_the_grid(notebook, params):
    outputs = run_inprocess(NOTEBOOKS_DIR / f"{notebook}.ipynb", **params)
    assert outputs, "the page shows nothing"
    assert all(_says_something(o) for o in outputs), [type(o).__name__ for o in outputs]


def test_empty_window_names_the_filter():
    outputs = run_inprocess(
        NOTEBOOKS_DIR / "02_coverage.ipynb", regions=["Xuecheng"], **EMPTY_WINDOW
    )
    notes = [o.text for o in outputs if isinstance(o, plots.Note)]
    assert "No coverage rates for Xuecheng between 2030-01-01 and 2030-12-31." in notes
    assert not any(isinstance(o, Figure) for o in outputs)


def notes(outputs) -> list[str]:
    return [o.text for o in outputs if isinstance(o, plots.Note)]


def test_a_flag_kind_with_no_flags_says_so():
    outputs = run_inprocess(NOTEBOOKS_DIR / "04_quality.ipynb", flag_kinds=["jump"])
    assert "No quality flags of kind jump: the rules found nothing to check." in notes(outputs)


def test_a_region_without_series_says_so():
    outputs = run_inprocess(NOTEBOOKS_DIR / "03_growth.ipynb", region="Xuecheng")
    assert (
        "No series for Xuecheng has two or more reports, so there is no change to show."
        in notes(outputs)
    )


def test_every_page_states_its_window():
    for notebook in ("01_overview", "02_coverage", "03_growth", "04_quality"):
        (window,) = [
            n
            for n in notes(run_inprocess(NOTEBOOKS_DIR / f"{notebook}.ipynb"))
            if n.startswith("Window:")
        ]
        assert "the span of the data; no" in window, notebook


def test_a_window_says_how_many_figures_it_leaves_out_and_which():
    outputs = run_inprocess(NOTEBOOKS_DIR / "02_coverage.ipynb", **CUT_WINDOW)
    (window,) = [n for n in notes(outputs) if n.startswith("Window:")]
    assert window.startswith("Window: 2022-01-01 to 2022-12-31 (the data runs from ")
    assert " rates of the data fall outside it and are not shown: " in window
    left = [o for o in outputs if isinstance(o, plots.Table) and "as_of" in o.frame]
    assert len(left) and (left[0].frame["as_of"] < "2022-01-01").any()


def test_bad_value_stops_in_the_first_cell():
    with pytest.raises(ValueError, match='did you mean "Xuecheng"'):
        run_inprocess(NOTEBOOKS_DIR / "03_growth.ipynb", region="xuecheng")


def test_every_section_of_an_empty_growth_page_says_why():
    outputs = run_inprocess(NOTEBOOKS_DIR / "03_growth.ipynb", region="Xuecheng")
    notes = [o.text for o in outputs if isinstance(o, plots.Note)]
    assert "No series for Xuecheng has two or more reports to draw." in notes
    assert not any(isinstance(o, Figure) for o in outputs)
