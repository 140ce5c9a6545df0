"""Defect Pareto: bars per defect code, largest first, and the cumulative share as a line on
a 0–100 % axis of its own."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

from app.analytics.pareto import ParetoBar

BAR_COLOUR = "#f6ad55"
LINE_COLOUR = "#2d3748"
BAR_WIDTH = 0.7
LABEL_GAP = 6  # pixels kept free between neighbouring labels


class CodeAxis(pg.AxisItem):
    """Defect codes under their bars, every one of them: a code wider than its bar's share of
    the axis breaks at a hyphen onto two lines, or else is cut short with "…"; hovering shows
    the whole code. (pyqtgraph would drop colliding labels, or draw them over each other.)"""

    def __init__(self) -> None:
        super().__init__("bottom")
        self.labels: list[str] = []
        # Room for two lines always, so a code broken in two is never dropped for want of
        # height (pyqtgraph grows the axis only after a draw that needed more).
        lines = QFontMetrics(self.font()).lineSpacing() * 2 + 2
        self.setStyle(hideOverlappingLabels=False, autoExpandTextSpace=False,
                      tickTextHeight=lines)
        self.setAcceptHoverEvents(True)

    def set_labels(self, labels: Sequence[str]) -> None:
        self.labels = list(labels)
        self.setTicks([[(float(i), label) for i, label in enumerate(self.labels)]])

    def pitch(self) -> float:
        """Pixels between two bars' centres."""
        low, high = self.range
        return self.geometry().width() / (high - low) if high > low else 0.0

    def fitted(self, label: str, room: float, metrics: QFontMetrics) -> str:
        if metrics.horizontalAdvance(label) <= room:
            return label
        cuts = [i for i, c in enumerate(label) if c == "-" and 0 < i < len(label) - 1]
        if cuts:
            cut = min(cuts, key=lambda i: abs(2 * i - len(label))) + 1  # the middle hyphen
            lines = [label[:cut], label[cut:]]
            if all(metrics.horizontalAdvance(line) <= room for line in lines):
                return "\n".join(lines)
        return metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(room))

    def shown_labels(self) -> list[str]:
        """The labels as drawn at the axis's current width."""
        metrics = QFontMetrics(self.style["tickFont"] or self.font())
        room = max(self.pitch() - LABEL_GAP, float(metrics.horizontalAdvance("W…")))
        return [self.fitted(label, room, metrics) for label in self.labels]

    def generateDrawSpecs(self, p):  # noqa: N802 (pyqtgraph's name)
        if self.labels:
            # Fitted at every draw: the width changes with the window and the splitters.
            self._tickLevels = [[(float(i), text)
                                 for i, text in enumerate(self.shown_labels())]]
        return super().generateDrawSpecs(p)

    def label_at(self, x: float) -> str | None:
        """The code whose bar's stretch of the axis holds x (in the axis's pixels)."""
        pitch = self.pitch()
        if not pitch or not self.labels:
            return None
        index = round(self.range[0] + x / pitch)
        return self.labels[index] if 0 <= index < len(self.labels) else None

    def hoverEvent(self, event) -> None:  # noqa: N802 (pyqtgraph's name)
        label = None if event.isExit() else self.label_at(event.pos().x())
        self.setToolTip(label or "")


class ParetoChart(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        axis = CodeAxis()
        super().__init__(parent, background="#ffffff", axisItems={"bottom": axis})
        self.code_axis = axis
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        self.setMinimumHeight(120)  # with the capability above, the view fits 1280 × 720
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
        self.code_axis.set_labels([b.label for b in bars])
        plot = self.getPlotItem()
        plot.setXRange(-0.6, max(len(bars), 1) - 0.4, padding=0)
        top = max((b.value for b in bars), default=1.0)
        plot.setYRange(0, top * 1.1, padding=0)
        self._sync_boxes()
