"""Point labels that do not collide, and date ticks that suit the span of a series.

`place_labels` is a small, deterministic stand-in for adjustText (not a dependency of
the project): each label tries a fixed list of positions around its point (above,
below, right, left, the four corners, then further out) and takes the first whose box
stays inside the axes and meets no label placed before it and no point; if every
position collides, the one with the least overlap. Offsets are in points, so the
layout holds at any resolution the figure is saved at. The axes must be laid out
(``tight_layout``) before labels are placed, and not moved afterwards.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FixedLocator
from matplotlib.transforms import Bbox

POINT_LABEL = "zibo-point-label"  # the gid of every label placed here, for tests and captions
GAP = 7  # points between a point and its label
# (dx, dy, horizontal alignment, vertical alignment), in the order they are tried
POSITIONS = [
    (0, 1, "center", "bottom"),
    (0, -1, "center", "top"),
    (1, 0, "left", "center"),
    (-1, 0, "right", "center"),
    (1, 1, "left", "bottom"),
    (-1, 1, "right", "bottom"),
    (1, -1, "left", "top"),
    (-1, -1, "right", "top"),
]
REACH = (1, 2.6, 4.2)  # each position at these multiples of GAP


def place_labels(
    ax: Axes,
    xs: Sequence[float],
    ys: Sequence[float],
    texts: Sequence[str],
    fontsize: float = 8,
    marker_size: float = 60,
    colors: Sequence[str] | None = None,
    lines: Sequence[tuple[Sequence[float], Sequence[float]]] = (),
) -> list:
    """Annotate each point (in data coordinates) with its text where it collides least.

    ``marker_size`` is the scatter size (points squared) of the markers to keep clear;
    ``lines`` are polylines (xs, ys) that labels should rather not cross.
    Returns the annotations, in the order given.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    area = ax.get_window_extent(renderer).padded(-2)
    points = ax.transData.transform(np.column_stack([np.asarray(xs, float), np.asarray(ys, float)]))
    radius = math.sqrt(marker_size) / 2 * fig.dpi / 72 + 1
    obstacles = [
        Bbox.from_extents(x - radius, y - radius, x + radius, y + radius) for x, y in points
    ]
    obstacles += [
        Bbox.from_extents(x - 1.5, y - 1.5, x + 1.5, y + 1.5)
        for line in lines
        for x, y in _along(ax, *line)
    ]
    placed: list[Bbox] = []
    labels = []
    for i, ((x, y), text) in enumerate(zip(zip(xs, ys, strict=True), texts, strict=True)):
        label = ax.annotate(
            text,
            (x, y),
            textcoords="offset points",
            xytext=(0, GAP),
            fontsize=fontsize,
            gid=POINT_LABEL,
            annotation_clip=False,
            color=colors[i] if colors is not None else "#222222",
            linespacing=1.15,
        )
        best, best_cost = None, math.inf
        for reach in REACH:
            for dx, dy, ha, va in POSITIONS:
                label.xyann = (dx * GAP * reach, dy * GAP * reach)
                label.set_horizontalalignment(ha)
                label.set_verticalalignment(va)
                box = label.get_window_extent(renderer).padded(2.5)
                cost = _overlap(box, placed + obstacles) + _outside(box, area)
                if cost < best_cost:
                    best, best_cost = (label.xyann, ha, va, box), cost
                if cost == 0:
                    break
            if best_cost == 0:
                break
        label.xyann, ha, va, box = best
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        placed.append(box)
        labels.append(label)
    return labels


def _along(ax: Axes, xs, ys, step: float = 3.0) -> list[tuple[float, float]]:
    """Points every ``step`` pixels along a polyline given in data coordinates."""
    drawn = ax.transData.transform(np.column_stack([np.asarray(xs, float), np.asarray(ys, float)]))
    found = []
    for (x0, y0), (x1, y1) in zip(drawn[:-1], drawn[1:], strict=True):
        n = max(1, int(math.hypot(x1 - x0, y1 - y0) / step))
        found += [(x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n) for k in range(n + 1)]
    return found


def _overlap(box: Bbox, others: list[Bbox]) -> float:
    total = 0.0
    for other in others:
        w = min(box.x1, other.x1) - max(box.x0, other.x0)
        h = min(box.y1, other.y1) - max(box.y0, other.y0)
        if w > 0 and h > 0:
            total += w * h
    return total


def _outside(box: Bbox, area: Bbox) -> float:
    inside_w = max(0.0, min(box.x1, area.x1) - max(box.x0, area.x0))
    inside_h = max(0.0, min(box.y1, area.y1) - max(box.y0, area.y0))
    return box.width * box.height - inside_w * inside_h


def date_ticks(ax: Axes, dates: Sequence[pd.Timestamp], most: int = 4) -> None:
    """Ticks for a time axis: report dates (YYYY-MM-DD) over a few months or less, months
    (YYYY-MM) over a few years or less, years beyond. No offset text such as "2021-Dec"."""
    dates = sorted(pd.Timestamp(d) for d in dates)
    left, right = (mdates.num2date(v).replace(tzinfo=None) for v in ax.get_xlim())
    span = (right - left).days
    if span <= 120:
        ticks = _spread(dates, min_gap=(right - left) / (most + 0.5))
        ax.xaxis.set_major_locator(FixedLocator(mdates.date2num(ticks)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    elif span <= 4 * 365:
        step = next((k for k in (1, 2, 3, 4, 6, 12) if span / 30.4 / k <= most), 12)
        locator = mdates.MonthLocator(bymonth=range(1, 13, step))
        if (
            len(
                [
                    t
                    for t in locator.tick_values(left, right)
                    if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]
                ]
            )
            < 2
        ):
            # too few month starts in view: the first and last report's months instead
            ends = [dates[0], dates[-1]] if len(dates) > 1 else dates
            locator = FixedLocator(mdates.date2num(ends))
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    else:
        ax.xaxis.set_major_locator(mdates.YearLocator(base=max(1, math.ceil(span / 365 / most))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlim(left, right)


def _spread(dates: list[pd.Timestamp], min_gap: pd.Timedelta) -> list[pd.Timestamp]:
    """The first and last date, and those between that keep ``min_gap`` from their neighbours."""
    kept = [dates[0]]
    for date in dates[1:-1]:
        if date - kept[-1] >= min_gap and dates[-1] - date >= min_gap:
            kept.append(date)
    if len(dates) > 1 and dates[-1] - kept[-1] >= min_gap:
        kept.append(dates[-1])
    return kept
