"""The two charts of the Capacity tab: demand hours (firm, forecast, weighted opportunities,
stacked) against capacity hours per week for one work center; and one product's weekly order
history with its forecast and uncertainty band."""

from __future__ import annotations

from datetime import date

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from app.analytics.forecast import ProductForecast, WeekCapacity

FIRM = "#2f6f9f"
FORECAST = "#8fbfe0"
OPPORTUNITY = "#f4a261"
CAPACITY = "#222222"
SHORT = "#d62828"
HISTORY = "#2f6f9f"
BAND = (143, 191, 224, 90)



def week_tick(monday: date) -> str:
    return QCoreApplication.translate("CapacityCharts", "W{week}").format(
        week=monday.isocalendar().week
    )


def _plot(widget: pg.PlotWidget, left: str) -> None:
    widget.setMouseEnabled(x=False, y=False)
    widget.hideButtons()
    widget.getPlotItem().setMenuEnabled(False)
    widget.setLabel("left", left)
    widget.showGrid(x=False, y=True, alpha=0.25)


class CapacityChart(pg.PlotWidget):
    """Bars stacked from 0: firm, then forecast, then opportunities; capacity as a stepped
    line over them. `series` holds what is drawn, per week, in hours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="#ffffff")
        self.setMinimumHeight(220)
        _plot(self, QCoreApplication.translate("CapacityCharts", "Hours per week"))
        self.addLegend(offset=(10, 5), colCount=4)
        self.firm = pg.BarGraphItem(
            x=[],
            height=[],
            width=0.7,
            brush=FIRM,
            pen=None,
            name=QCoreApplication.translate("CapacityCharts", "Firm orders"),
        )
        self.forecast = pg.BarGraphItem(
            x=[],
            height=[],
            width=0.7,
            brush=FORECAST,
            pen=None,
            name=QCoreApplication.translate("CapacityCharts", "Forecast"),
        )
        self.opportunities = pg.BarGraphItem(
            x=[],
            height=[],
            width=0.7,
            brush=OPPORTUNITY,
            pen=None,
            name=QCoreApplication.translate("CapacityCharts", "Opportunities × probability"),
        )
        for item in (self.firm, self.forecast, self.opportunities):
            self.addItem(item)  # named items join the legend by themselves
        self.capacity = self.plot(
            [],
            [],
            stepMode="center",
            pen=pg.mkPen(CAPACITY, width=2),
            name=QCoreApplication.translate("CapacityCharts", "Capacity"),
        )
        self.gaps: list[pg.TextItem] = []
        self.weeks: tuple[WeekCapacity, ...] = ()
        self.series: dict[str, list[float]] = {
            "firm": [],
            "forecast": [],
            "opportunities": [],
            "capacity": [],
        }

    def show_weeks(self, weeks: tuple[WeekCapacity, ...]) -> None:
        self.weeks = weeks
        xs = list(range(len(weeks)))
        firm = [w.firm_hours for w in weeks]
        fore = [w.forecast_hours for w in weeks]
        opp = [w.opportunity_hours for w in weeks]
        cap = [w.available_hours for w in weeks]
        self.series = {"firm": firm, "forecast": fore, "opportunities": opp, "capacity": cap}
        self.firm.setOpts(x=xs, y0=[0.0] * len(xs), height=firm)
        self.forecast.setOpts(x=xs, y0=firm, height=fore)
        self.opportunities.setOpts(
            x=xs, y0=[a + b for a, b in zip(firm, fore, strict=True)], height=opp
        )
        # stepMode "center": one edge more than values, so each week's capacity spans its bar.
        self.capacity.setData([x - 0.5 for x in xs] + [len(xs) - 0.5] if xs else [], cap)
        for item in self.gaps:
            self.removeItem(item)
        self.gaps = []
        for i, w in enumerate(weeks):
            if w.short:
                label = pg.TextItem(
                    QCoreApplication.translate("CapacityCharts", "+{hours} h").format(
                        hours=f"{w.gap_hours:,.1f}"
                    ),
                    color=SHORT,
                    anchor=(0.5, 1.0),
                )
                label.setPos(i, w.demand_hours)
                self.addItem(label)
                self.gaps.append(label)
        self.getAxis("bottom").setTicks(
            [[(i, week_tick(w.week_start)) for i, w in enumerate(weeks)]]
        )
        top = max([1.0, *cap, *(w.demand_hours for w in weeks)])
        self.setYRange(0, top * 1.3, padding=0)  # room for the legend and the gap labels
        self.setXRange(-0.6, max(len(weeks) - 0.4, 0.4), padding=0)


class ForecastChart(pg.PlotWidget):
    """Weekly quantities ordered (history, solid) and the forecast (dashed) with its band;
    x is the week relative to this one (0 = this week)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="#ffffff")
        self.setMinimumHeight(170)
        _plot(self, QCoreApplication.translate("CapacityCharts", "Ordered per week"))
        self.addLegend(offset=(10, 10), colCount=3)
        self.low = pg.PlotDataItem([], [], pen=pg.mkPen(None))
        self.high = pg.PlotDataItem([], [], pen=pg.mkPen(None))
        self.band = pg.FillBetweenItem(self.low, self.high, brush=pg.mkBrush(*BAND))
        for item in (self.low, self.high, self.band):
            self.addItem(item)
        self.history = self.plot(
            [],
            [],
            pen=pg.mkPen(HISTORY, width=2),
            name=QCoreApplication.translate("CapacityCharts", "Ordered"),
        )
        self.mean = self.plot(
            [],
            [],
            pen=pg.mkPen(HISTORY, width=2, style=Qt.PenStyle.DashLine),
            name=QCoreApplication.translate("CapacityCharts", "Forecast"),
        )
        band_sample = pg.BarGraphItem(x=[], height=[], width=0, brush=pg.mkBrush(*BAND), pen=None)
        self.plotItem.legend.addItem(
            band_sample, QCoreApplication.translate("CapacityCharts", "Uncertainty band")
        )
        self.now_line = pg.InfiniteLine(
            pos=-0.5, angle=90, movable=False, pen=pg.mkPen("#888888", style=Qt.PenStyle.DotLine)
        )
        self.addItem(self.now_line)
        self.product: ProductForecast | None = None

    def show_forecast(self, forecast: ProductForecast | None) -> None:
        self.product = forecast
        if forecast is None:
            for item in (self.history, self.mean, self.low, self.high):
                item.setData([], [])
            return
        n = len(forecast.history)
        hx = list(range(-n, 0))
        fx = list(range(len(forecast.weeks)))
        fc = forecast.forecast
        self.history.setData(hx, list(forecast.history))
        # The forecast line starts from the last week ordered, so the two read as one line.
        joined_x = ([-1] if n else []) + fx
        joined_y = ([forecast.history[-1]] if n else []) + list(fc.mean)
        self.mean.setData(joined_x, joined_y)
        self.low.setData(fx, list(fc.low))
        self.high.setData(fx, list(fc.high))
        all_weeks = list(forecast.history_weeks) + list(forecast.weeks)
        step = max(1, len(all_weeks) // 12)
        self.getAxis("bottom").setTicks(
            [
                [
                    (x, week_tick(w))
                    for x, w in zip(hx + fx, all_weeks, strict=True)
                    if (x % step) == 0
                ]
            ]
        )
        top = max([1.0, *forecast.history, *fc.high])
        self.setYRange(0, top * 1.3, padding=0)
        self.setXRange(-n - 0.5, len(fx) - 0.5, padding=0)
