"""The curate notebook's form: widgets for the rows of a review (`dataset.curate.Review`).

A row of widgets per candidate row: its quote with the figure in bold, the words that decided
each field, the indicator, region, as_of, period_start and status to accept or change, and
its decision (to review, accept, ignore with a reason). A filter shows the rows left to
review, or those decided. *Check* runs the checks of `make data` on the decided rows and
*Write* appends them. The form keeps no state of its own: every change calls the review's
methods (`change`, `accept`, `ignore`, `undo`, `check`, `write`), which work as plain calls too.

>>> from zibo_analysis.dataset.curate import load_review
>>> form = ReviewForm(load_review("zibo-2022-10"))
>>> form.message.value
'Nothing left to review in zibo-2022-10.'
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

import ipywidgets as widgets

__all__ = ["FILTERS", "ReviewForm", "RowWidgets"]

FILTERS = {
    "to review": ("todo",),
    "decided": ("accept", "ignore"),
    "all": ("todo", "accept", "ignore"),
}
DECISION_LABELS = {"to review": "todo", "accept": "accept", "ignore": "ignore"}
FIELDS = ("indicator_id", "region", "as_of", "period_start", "status")


@dataclass
class RowWidgets:
    """The widgets of one candidate row (``index`` in the review's rows)."""

    index: int
    box: widgets.VBox
    fields: dict[str, widgets.Widget]
    decision: widgets.ToggleButtons
    reason: widgets.Text


class ReviewForm:
    """Widgets for ``review``; ``widget`` is what to display. ``indicator_ids`` and
    ``region_ids`` are offered as you type (by default the review's `choices`: the catalog's
    and the reference's ids, regions.csv's)."""

    def __init__(
        self,
        review,
        indicator_ids: Iterable[str] | None = None,
        region_ids: Iterable[str] | None = None,
    ):
        self.review = review
        if indicator_ids is None or region_ids is None:
            default_ids, default_regions = review.choices()
            indicator_ids = default_ids if indicator_ids is None else indicator_ids
            region_ids = default_regions if region_ids is None else region_ids
        self.indicator_ids = list(dict.fromkeys(indicator_ids))
        self.region_ids = list(dict.fromkeys(region_ids))
        self.filter = widgets.ToggleButtons(
            options=list(FILTERS), value="to review", description="show"
        )
        self.filter.observe(lambda _: self._show(), "value")
        self.check_button = widgets.Button(
            description="Check", tooltip="the checks of make data, nothing written"
        )
        self.write_button = widgets.Button(
            description="Write",
            button_style="primary",
            tooltip="append the decided rows, if they pass",
        )
        self.check_button.on_click(lambda _: self.check())
        self.write_button.on_click(lambda _: self.write())
        self.message = widgets.HTML()
        self.list = widgets.VBox()
        self.widget = widgets.VBox(
            [
                self.filter,
                self.list,
                widgets.HBox([self.check_button, self.write_button]),
                self.message,
            ]
        )
        self._build()

    # ---------------------------------------------------------------- rows --

    def _build(self) -> None:
        self.rows = [self._row(i) for i in self.review.rows.index]
        self._show()
        if not self.rows:
            self.message.value = html.escape(f"Nothing left to review in {self.review.doc_id}.")

    def _row(self, i: int) -> RowWidgets:
        r = self.review.rows.loc[i]
        quote = html.escape(r["quote"]).replace(
            html.escape(r["mention"]), f"<b>{html.escape(r['mention'])}</b>", 1
        )
        head = widgets.HTML(
            f'<div style="font-size:1.05em">{i + 1}. {quote} <span style="color:#555">'
            f"→ {r['value']:,} {html.escape(str(r['unit']))}</span></div>"
            f'<div style="color:#555;font-size:0.85em">{html.escape(str(r["evidence"]))}</div>'
        )
        fields = {
            "indicator_id": widgets.Combobox(
                value=r["indicator_id"],
                options=self.indicator_ids,
                placeholder=_proposal(r["note"]),
                description="indicator",
                ensure_option=False,
            ),
            "region": widgets.Combobox(
                value=r["region"],
                options=self.region_ids,
                description="region",
                ensure_option=False,
            ),
            "as_of": widgets.Text(value=r["as_of"], description="as_of", placeholder="YYYY-MM-DD"),
            "period_start": widgets.Text(
                value=r["period_start"], description="period_start", placeholder="empty for a level"
            ),
            "status": widgets.Dropdown(
                value=r["status"], options=["actual", "target"], description="status"
            ),
        }
        for name, w in fields.items():
            w.layout = widgets.Layout(
                width="32%" if name in ("indicator_id", "region", "as_of") else "230px"
            )
            w.observe(lambda change, name=name: self._changed(i, name, change["new"]), "value")
        decision = widgets.ToggleButtons(
            options=list(DECISION_LABELS),
            value="to review",
            style={"button_width": "84px"},
            layout=widgets.Layout(width="auto"),
        )
        reason = widgets.Text(
            placeholder="why it is ignored (an age bound, a name)",
            layout=widgets.Layout(flex="1 1 auto", width="auto"),
        )
        decision.observe(lambda _: self._decided(i), "value")
        reason.observe(lambda _: self._decided(i), "value")
        box = widgets.VBox(
            [
                head,
                widgets.HBox(list(fields.values())[:3]),
                widgets.HBox([*list(fields.values())[3:], decision, reason]),
            ],
            layout=widgets.Layout(border="1px solid #ddd", padding="4px", margin="2px 0"),
        )
        return RowWidgets(i, box, fields, decision, reason)

    def _changed(self, i: int, name: str, value: str) -> None:
        self.review.change(i, **{name: value})

    def _decided(self, i: int) -> None:
        row = self.rows[i]
        decision = DECISION_LABELS[row.decision.value]
        if decision == "accept":
            self.review.accept(i)
        elif decision == "ignore":
            self.review.ignore(i, row.reason.value)
        else:
            self.review.undo(i)
        self._show()

    def _show(self) -> None:
        wanted = FILTERS[self.filter.value]
        decisions = self.review.rows["decision"]
        self.list.children = [r.box for r in self.rows if decisions[r.index] in wanted]
        left = int((decisions == "todo").sum())
        self.filter.description = f"{left} left"

    # ------------------------------------------------------------- actions --

    def check(self) -> None:
        """Show what `make data` would say of the decided rows."""
        issues = self.review.check()
        decided = self.review.rows["decision"].value_counts()
        if issues:
            self.message.value = _lines(issues)
        else:
            self.message.value = html.escape(
                f"{decided.get('accept', 0)} row(s) to accept and {decided.get('ignore', 0)} to "
                "ignore pass the checks of make data; Write appends them."
            )

    def write(self) -> None:
        """Append the decided rows when they pass; show what was written, or why not."""
        from zibo_analysis.dataset.issues import DataError

        try:
            written = self.review.write()
        except DataError as err:
            self.message.value = "Nothing was written:<br>" + _lines(err.issues)
            return
        self._build()
        self.message.value = html.escape(f"{written}; run make data.")


def _lines(issues) -> str:
    from zibo_analysis.dataset.issues import grouped

    return "<br>".join(html.escape(line) for line in grouped(issues))


def _proposal(note: str) -> str:
    from zibo_analysis.dataset.curation import proposal_in

    return proposal_in(note)
