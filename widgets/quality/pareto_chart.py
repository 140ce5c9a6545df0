"""Defect Pareto: bars per defect code, largest first, and the cumulative share as a line on
a 0–100 % axis of its own."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from app.analytics.pareto import ParetoBar

BAR_COLOUR = "#f6ad55"
LINE_COLOUR = "#2d3748"
BAR_WIDTH = 0.7


class ParetoChart(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="#ffffff")
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        self.setMinimumHeight(150)
        plot = self.getPlotItem()
        self.bars_item = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH, brush=BAR_COLOUR)
        plot.addItem(self.bars_item)
        # The cumulative share lives in its own view box, scaled 0..100 on the right axis.
        self.share_box = pg.ViewBox()
        self.share_box.setMouseEnabled(x=False, y=False)
        self.share_box.setZValue(plot.zValue() + 1)  # the line over the bars
        plot.showAxis("right")
        plot.scene().addItem(self.share_box)
        plot.getAxis("right").linkToView(self.share_box)
        self.share_box.setXLink(plot)
        self.share_box.setYRange(0, 100, padding=0.02)
        self.cumulative = pg.PlotDataItem(pen=pg.mkPen(LINE_COLOUR, width=2), symbol="o",
                                          symbolSize=6, symbolBrush=LINE_COLOUR)
        self.share_box.addItem(self.cumulative)
        plot.vb.sigResized.connect(self._sync_boxes)
        self.bars: list[ParetoBar] = []

    def _sync_boxes(self) -> None:
        self.share_box.setGeometry(self.getPlotItem().vb.sceneBoundingRect())

    def set_texts(self, quantity: str, share: str) -> None:
        self.getPlotItem().setLabel("left", quantity)
        self.getPlotItem().setLabel("right", share)

    def set_bars(self, bars: Sequence[ParetoBar]) -> None:
        self.bars = list(bars)
        x = np.arange(len(bars), dtype=float)
        self.bars_item.setOpts(x=x, height=[b.value for b in bars], width=BAR_WIDTH)
        self.cumulative.setData(x, [100 * b.cumulative_share for b in bars])
        axis = self.getPlotItem().getAxis("bottom")
        # Defect codes are long; every other label drops when they would collide.
        axis.setStyle(autoReduceTextSpace=True, hideOverlappingLabels=True)
        axis.setTicks([[(float(i), b.label) for i, b in enumerate(bars)]])
        plot = self.getPlotItem()
        plot.setXRange(-0.6, max(len(bars), 1) - 0.4, padding=0)
        top = max((b.value for b in bars), default=1.0)
        plot.setYRange(0, top * 1.1, padding=0)
        self._sync_boxes()
