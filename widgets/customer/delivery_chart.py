"""On-time deliveries by month: one stacked bar per month, on time below, late on top."""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QWidget

from app.analytics.customer_summary import MonthDelivery

ON_TIME = "#2e7d32"
LATE = "#c62828"


class DeliveryChart(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="#ffffff")
        self.setMinimumHeight(170)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.getPlotItem().setMenuEnabled(False)
        self.setLabel("left", QCoreApplication.translate("DeliveryChart", "Lines delivered"))
        self.on_time = pg.BarGraphItem(x=[], height=[], width=0.6, brush=ON_TIME, pen=None)
        self.late = pg.BarGraphItem(x=[], y0=[], height=[], width=0.6, brush=LATE, pen=None)
        self.addItem(self.on_time)
        self.addItem(self.late)
        legend = self.addLegend(offset=(-10, 6), labelTextColor="#34495e")
        legend.addItem(self.on_time, QCoreApplication.translate("DeliveryChart", "on time"))
        legend.addItem(self.late, QCoreApplication.translate("DeliveryChart", "late"))
        self.months: tuple[MonthDelivery, ...] = ()

    def show_months(self, months: Sequence[MonthDelivery]) -> None:
        self.months = tuple(months)
        xs = list(range(len(months)))
        on_time = [m.on_time for m in months]
        self.on_time.setOpts(x=xs, height=on_time)
        self.late.setOpts(x=xs, y0=on_time, height=[m.late for m in months])
        locale = QLocale()
        ticks = [(i, f"{locale.monthName(m.month.month, QLocale.FormatType.ShortFormat)}"
                     f" {m.month.year % 100:02d}") for i, m in enumerate(months)]
        self.getAxis("bottom").setTicks([ticks])
        top = max([1, *(m.total for m in months)])
        self.setYRange(0, top * 1.25, padding=0)
        # Room for six months at least, the latest on the right: a lone bar stays a bar.
        self.setXRange(min(-0.6, len(months) - 6.6), max(len(months) - 0.4, 0.4), padding=0)
