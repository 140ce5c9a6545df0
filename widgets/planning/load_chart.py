"""The bottleneck's load over the coming weeks: one bar per week, the 100 % line, and the week
the request runs there picked out."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from app.analytics.schedule import WeekLoad

BAR = "#4a90c2"
OVER = "#d62828"
PICKED = "#f4a261"


class LoadChart(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="#ffffff")
        self.setMinimumHeight(180)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.getPlotItem().setMenuEnabled(False)
        self.setLabel("left", QCoreApplication.translate("LoadChart", "Load (%)"))
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7, brushes=[])
        self.addItem(self.bars)
        self.full = pg.InfiniteLine(pos=100, angle=0, movable=False,
                                    pen=pg.mkPen("#444444", style=Qt.PenStyle.DashLine))
        self.addItem(self.full)
        self.weeks: tuple[WeekLoad, ...] = ()

    def show_load(self, weeks: tuple[WeekLoad, ...], picked: WeekLoad | None) -> None:
        self.weeks = weeks
        xs = list(range(len(weeks)))
        heights = [round(w.load * 100, 1) for w in weeks]
        brushes = [pg.mkBrush(PICKED if picked is not None and w.week_start == picked.week_start
                              else OVER if w.load > 1 else BAR) for w in weeks]
        self.bars.setOpts(x=xs, height=heights, brushes=brushes)
        week_word = QCoreApplication.translate("LoadChart", "W{week}")
        ticks = [(i, week_word.format(week=w.week_start.isocalendar().week))
                 for i, w in enumerate(weeks)]
        self.getAxis("bottom").setTicks([ticks])
        self.setYRange(0, max([110.0, *heights]) * 1.05, padding=0)
        self.setXRange(-0.6, max(len(weeks) - 0.4, 0.4), padding=0)
