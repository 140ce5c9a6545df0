"""The selected order's operations on a time axis: the plan's bars (wide, light) against what
actually happened on the floor (narrow, dark), a line for now and one for each promised day.
pyqtgraph is imported here only, when the first order is opened."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

PLANNED_BRUSH = "#b9d3ea"
PLANNED_PEN = "#4a90c2"
ACTUAL_BRUSH = "#2c3e50"
RUNNING_BRUSH = "#2e7d32"
NOW_PEN = "#d35400"
PROMISE_PEN = "#c62828"
PLANNED_HEIGHT = 0.62
ACTUAL_HEIGHT = 0.26
AXIS_WIDTH = (90, 240)  # the row labels' axis: as wide as its longest label, within these
MIN_BAR_SHARE = 0.012  # a bar at least this share of the time shown, so a just-started one shows
AXIS_TEXT = "#34495e"


@dataclass(frozen=True, slots=True)
class GanttRow:
    label: str  # "MO-2012 · 20 · WC-210"
    planned: tuple[datetime, datetime] | None
    actual: tuple[datetime, datetime] | None
    running: bool = False  # actual bar still growing (ends now)


def _bars(rows: Sequence[GanttRow], attr: str, least: float
          ) -> tuple[list[float], list[float], list[float]]:
    ys, starts, widths = [], [], []
    for y, row in enumerate(rows):
        span = getattr(row, attr)
        if span is None:
            continue
        start, end = span[0].timestamp(), span[1].timestamp()
        ys.append(float(y))
        starts.append(start)
        widths.append(max(least, end - start))
    return ys, starts, widths


class GanttChart(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="#ffffff",
                         axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self.setObjectName("ganttChart")
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setMinimumHeight(160)
        plot = self.getPlotItem()
        plot.invertY(True)
        plot.setMouseEnabled(x=True, y=False)
        plot.showGrid(x=True, y=False, alpha=0.25)
        for side in ("left", "bottom"):
            plot.getAxis(side).setTextPen(AXIS_TEXT)
        self.planned_item = pg.BarGraphItem(x0=[], y=[], width=[], height=PLANNED_HEIGHT,
                                            brush=PLANNED_BRUSH, pen=pg.mkPen(PLANNED_PEN))
        self.actual_item = pg.BarGraphItem(x0=[], y=[], width=[], height=ACTUAL_HEIGHT,
                                           brush=ACTUAL_BRUSH, pen=pg.mkPen(None))
        self.running_item = pg.BarGraphItem(x0=[], y=[], width=[], height=ACTUAL_HEIGHT,
                                            brush=RUNNING_BRUSH, pen=pg.mkPen(None))
        for item in (self.planned_item, self.actual_item, self.running_item):
            plot.addItem(item)
        self.now_line = pg.InfiniteLine(angle=90, movable=False,
                                        pen=pg.mkPen(NOW_PEN, width=2))
        plot.addItem(self.now_line)
        self.promise_lines: list[pg.InfiniteLine] = []
        self.legend = plot.addLegend(offset=(-8, 4), labelTextSize="8pt",
                                     labelTextColor="#1b2631", brush="#ffffffd0")
        self.rows: list[GanttRow] = []

    def set_legend(self, planned: str, actual: str, running: str, now: str,
                   promised: str) -> None:
        """Legend texts, already translated by the caller (who knows its context)."""
        self.legend.clear()
        for brush, text in ((PLANNED_BRUSH, planned), (ACTUAL_BRUSH, actual),
                            (RUNNING_BRUSH, running)):
            self.legend.addItem(pg.BarGraphItem(x=[0], height=[1], width=1, brush=brush), text)
        self.legend.addItem(pg.PlotDataItem(pen=pg.mkPen(NOW_PEN, width=2)), now)
        self.legend.addItem(pg.PlotDataItem(pen=pg.mkPen(PROMISE_PEN, width=2,
                                                         style=Qt.PenStyle.DashLine)), promised)

    def set_rows(self, rows: Sequence[GanttRow], now: datetime,
                 promised_ends: Sequence[datetime] = ()) -> None:
        self.rows = list(rows)
        plot = self.getPlotItem()
        times = [t.timestamp() for r in rows for span in (r.planned, r.actual) if span
                 for t in span]
        times += [now.timestamp(), *(e.timestamp() for e in promised_ends)]
        left, right = min(times), max(times)
        margin = max(3600.0, (right - left) * 0.04)
        least = max(60.0, (right - left + 2 * margin) * MIN_BAR_SHARE)
        for item, attr, keep in ((self.planned_item, "planned", None),
                                 (self.actual_item, "actual", False),
                                 (self.running_item, "actual", True)):
            chosen = [r if keep is None or r.running == keep else
                      GanttRow(r.label, None, None) for r in rows]
            ys, starts, widths = _bars(chosen, attr, least)
            height = PLANNED_HEIGHT if attr == "planned" else ACTUAL_HEIGHT
            item.setOpts(x0=starts, y=ys, width=widths, height=height)
        axis = plot.getAxis("left")
        axis.setTicks([[(float(y), r.label) for y, r in enumerate(rows)]])
        metrics = QFontMetrics(axis.style.get("tickFont") or self.font())
        widest = max((metrics.horizontalAdvance(r.label) for r in rows), default=0)
        axis.setWidth(min(max(widest + 24, AXIS_WIDTH[0]), AXIS_WIDTH[1]))
        self.now_line.setValue(now.timestamp())
        for line in self.promise_lines:
            plot.removeItem(line)
        self.promise_lines = []
        for end in dict.fromkeys(promised_ends):
            line = pg.InfiniteLine(pos=end.timestamp(), angle=90, movable=False,
                                   pen=pg.mkPen(PROMISE_PEN, width=2, style=Qt.PenStyle.DashLine))
            plot.addItem(line)
            self.promise_lines.append(line)
        plot.setXRange(left - margin, right + margin, padding=0)
        plot.setYRange(-0.6, max(len(rows), 1) - 0.4, padding=0)
