"""Figures and tables for the report: ``from zibo_analysis import plots``.

``figures`` holds the seaborn figures with their theme and CJK font, ``labels`` the
placing of point labels and date ticks, ``cards`` the growth cards (HTML), ``tables`` the DataFrames shown for reading,
``words`` the sentences a notebook prints in place of an empty table or figure (`sentences`).
Every public name of ``figures`` is offered here, so a figure function added to it is
``plots.<name>`` with no change to this file. ``output`` is what a report run keeps of
them; ``%load_ext zibo_analysis.plots`` shows figures with their captions in any IPython.
"""

from zibo_analysis.plots.cards import CARD_TEXT, GrowthCards, growth_card_lines, plot_growth_cards
from zibo_analysis.plots.figures import *  # noqa: F403
from zibo_analysis.plots.figures import (
    CJK_FONT_FILE,
    CJK_FONT_NAME,
    LANGS,
    TEXT,
    VERDICT_COLOURS,
    Caption,
    CaptionedFigure,
    cjk_font_path,
    figure_caption,
    indicator_label,
    plot_coverage,
    plot_fact_counts,
    plot_growth,
    plot_regions,
    region_label,
    region_names,
    source_line,
    theme,
    unit_label,
    use_theme,
)
from zibo_analysis.plots.output import ReportOutput, load_ipython_extension
from zibo_analysis.plots.tables import Note, Table, display_table, window_section
from zibo_analysis.plots.words import NOTES, sentences

__all__ = [
    "CARD_TEXT",
    "CJK_FONT_FILE",
    "CJK_FONT_NAME",
    "LANGS",
    "TEXT",
    "VERDICT_COLOURS",
    "Caption",
    "CaptionedFigure",
    "GrowthCards",
    "Note",
    "ReportOutput",
    "Table",
    "cjk_font_path",
    "display_table",
    "figure_caption",
    "growth_card_lines",
    "indicator_label",
    "load_ipython_extension",
    "NOTES",
    "sentences",
    "plot_coverage",
    "plot_fact_counts",
    "plot_growth",
    "plot_growth_cards",
    "plot_regions",
    "region_label",
    "region_names",
    "source_line",
    "theme",
    "unit_label",
    "use_theme",
    "window_section",
]
