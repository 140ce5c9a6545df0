"""The evidence for a machine's model: the share of its intervals between failures that lasted
beyond each operating hour (Kaplan-Meier steps, what the data says), the fitted Weibull curve
over it when there is one, and where the machine is now."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.analytics.maintenance.kaplan_meier import kaplan_meier
from app.analytics.maintenance.risk import MachineRisk

DATA_COLOUR = "#4a5568"
FIT_COLOUR = "#dd6b20"
AGE_COLOUR = "#c53030"
# A pyqtgraph widget's tr() looks up "PlotWidget": name the context.
translate = QCoreApplication.translate


class FitPlot(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="#ffffff")
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        self.setMinimumHeight(140)
        plot = self.getPlotItem()
        plot.showGrid(x=True, y=True, alpha=0.2)
        plot.setLabel("left", translate("FitPlot", "Still running"))
        plot.setLabel("bottom", translate("FitPlot", "Operating hours since the last failure"))
        self.legend = plot.addLegend(offset=(-10, 10))
        self.steps = pg.PlotDataItem(pen=pg.mkPen(DATA_COLOUR, width=2), stepMode="right",
                                     name=translate("FitPlot", "Observed (Kaplan–Meier)"))
        self.curve = pg.PlotDataItem(pen=pg.mkPen(FIT_COLOUR, width=2),
                                     name=translate("FitPlot", "Weibull fit"))
        self.age = pg.InfiniteLine(angle=90, pen=pg.mkPen(AGE_COLOUR, width=1.5,
                                                          style=pg.QtCore.Qt.PenStyle.DashLine),
                                   label=translate("FitPlot", "now"), labelOpts={"position": 0.9,
                                                                    "color": AGE_COLOUR})
        for item in (self.steps, self.curve, self.age):
            plot.addItem(item)
        plot.setYRange(0, 1.02, padding=0)

    def show_risk(self, risk: MachineRisk | None) -> None:
        durations, observed = risk.history.survival_data() if risk else ([], [])
        if not any(observed):
            self.steps.setData([], [])
            self.curve.setData([], [])
            self.age.hide()
            return
        km = risk.km or kaplan_meier(durations, observed)
        xs = np.array([0.0, *km.times, km.longest])
        ys = np.array([1.0, *km.survival, km.survival[-1] if km.survival else 1.0])
        self.steps.setData(xs, ys)
        right = max(km.longest, risk.history.age_hours) * 1.05
        if risk.weibull is not None:
            grid = np.linspace(0.0, right, 200)
            self.curve.setData(grid, risk.weibull.survival(grid))
        else:
            self.curve.setData([], [])
        self.age.setValue(risk.history.age_hours)
        self.age.show()
        self.getPlotItem().setXRange(0, right, padding=0.01)
