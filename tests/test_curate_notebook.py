"""notebooks/curate.ipynb and its widgets (`plots.curate`): rows accepted through the review."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from dataset.helpers import DOC_SJZ as DOC
from dataset.helpers import (
    SIMPLIFIED,
    TRADITIONAL,
    add_sjz_article,
    make_data_dir,
    with_period_start,
)

from zibo_analysis.dataset.curate import load_review
from zibo_analysis.plots.curate import ReviewForm

pytestmark = pytest.mark.slow  # end to end: `make test-fast` leaves it out

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def data(tmp_path) -> Path:
    data = with_period_start(make_data_dir(tmp_path))
    add_sjz_article(data, SIMPLIFIED)
    return data


def test_the_form_accepts_and_ignores_rows_through_the_review(data):
    form = ReviewForm(load_review(DOC, data))
    assert [r.fields["indicator_id"].placeholder for r in form.rows][:2] != ["", ""]  # proposals
    third, second = form.rows[2], form.rows[1]
    third.fields["indicator_id"].value = "rural_two_cancer_screening_coverage"
    third.decision.value = "accept"
    second.reason.value = "a training count: not in the catalog"
    second.decision.value = "ignore"
    assert list(form.list.children) == [form.rows[0].box]  # the filter: what is left to review
    assert form.filter.description == "1 left"
    form.filter.value = "decided"
    assert list(form.list.children) == [second.box, third.box]
    form.check_button.click()
    assert (
        form.message.value
        == "1 row(s) to accept and 1 to ignore pass the checks of make data; Write appends them."
    )
    form.write_button.click()
    assert (
        form.message.value
        == "wrote 1 row(s) to data/curation.csv and 1 to data/ignored.csv; run make data."
    )
    last = list(csv.reader((data / "curation.csv").open(encoding="utf-8")))[-1]
    assert last[:2] == [DOC, "全市家庭医生签约服务覆盖率达到68.2%"]
    assert last[4] == "rural_two_cancer_screening_coverage"
    assert len(form.rows) == 1 and form.rows[0].fields["as_of"].value == "2024-10-08"


def test_the_form_says_why_nothing_was_written(tmp_path):  # and in traditional script
    data = with_period_start(make_data_dir(tmp_path))
    add_sjz_article(data, TRADITIONAL)
    before = (data / "curation.csv").read_bytes()
    form = ReviewForm(load_review(DOC, data))
    form.rows[0].decision.value = "accept"  # no indicator: the note proposes one
    form.write_button.click()
    assert form.message.value.startswith(
        "Nothing was written:<br>data/curation.csv line 7, indicator_id: empty; the note proposes "
    )
    assert (data / "curation.csv").read_bytes() == before and len(form.rows) == 3


def test_the_curate_notebook_runs_headless_and_writes_nothing(data, tmp_path):
    papermill = pytest.importorskip("papermill")
    before = {p.name: p.read_bytes() for p in data.glob("*.csv")}
    done = papermill.execute_notebook(
        str(ROOT / "notebooks/curate.ipynb"), str(tmp_path / "curate.ipynb"),
        parameters={"doc_id": DOC, "data_dir": str(data)}, kernel_name="zibo-analysis",
        progress_bar=False, cwd=str(ROOT),
    )  # fmt: skip
    outputs = [
        o for cell in done.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
    ]
    texts = "".join(o.get("text", "") for o in outputs)
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert f"{DOC}: 3 figure(s) to review" in texts
    assert f"<td>{DOC}</td>" in html  # among the articles to pick from
    assert html.count('<mark class="todo"') == 3 and "68.2%</mark>" in html
    assert '<mark class="outside"' in html  # the page furniture's figures, not to curate
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    assert "培训乡村医生1260人次" in html  # the table of the rows left
    assert {p.name: p.read_bytes() for p in data.glob("*.csv")} == before
