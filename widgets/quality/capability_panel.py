"""Histogram of the values with the specification limits and target, and the capability
indices beside it ("—" where they cannot be computed, e.g. no USL or no spread)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QWidget

from app.analytics.spc import Capability

BAR_COLOUR = "#90cdf4"
SPEC_PEN = pg.mkPen("#d62828", width=2)
TARGET_PEN = pg.mkPen("#2f855a", width=2, style=Qt.PenStyle.DashLine)
MAX_BINS = 40
NOT_COMPUTABLE = "—"


def index_text(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return NOT_COMPUTABLE
    return f"{value:.2f}"


def histogram(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Counts and edges; about √n bins, at most MAX_BINS, so small samples are not all gaps."""
    bins = int(min(MAX_BINS, max(5, math.sqrt(len(values)))))
    return np.histogram(values, bins=bins)


class CapabilityPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(background="#ffffff")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMinimumHeight(120)  # with the Pareto below, the view fits 1280 × 720
        self.bars = pg.BarGraphItem(x0=[], x1=[], height=[], brush=BAR_COLOUR,
                                    pen=pg.mkPen("#4a90c2"))
        self.plot.addItem(self.bars)
        self.lsl = pg.InfiniteLine(angle=90, pen=SPEC_PEN, movable=False,
                                   label="LSL", labelOpts={"position": 0.92, "color": "#d62828"})
        self.usl = pg.InfiniteLine(angle=90, pen=SPEC_PEN, movable=False,
                                   label="USL", labelOpts={"position": 0.92, "color": "#d62828"})
        self.target = pg.InfiniteLine(angle=90, pen=TARGET_PEN, movable=False)
        for line in (self.lsl, self.usl, self.target):
            self.plot.addItem(line)

        self.figures: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for name in ("Cp", "Cpk", "Pp", "Ppk"):
            label = QLabel(NOT_COMPUTABLE)
            label.setObjectName(f"capability{name}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.figures[name] = label
            form.addRow(QLabel(name), label)
        self.sample = QLabel()
        self.sample.setWordWrap(True)
        form.addRow(self.sample)
        figures_box = QWidget()
        figures_box.setLayout(form)
        figures_box.setFixedWidth(150)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(figures_box)

    def show_values(self, values: np.ndarray, lsl: float | None, usl: float | None,
                    target: float | None, cap: Capability | None) -> None:
        if len(values):
            counts, edges = histogram(values)
            self.bars.setOpts(x0=edges[:-1], x1=edges[1:], height=counts)
        else:
            self.bars.setOpts(x0=[], x1=[], height=[])
        for line, value in ((self.lsl, lsl), (self.usl, usl), (self.target, target)):
            line.setVisible(value is not None)
            if value is not None:
                line.setValue(value)
        self.plot.enableAutoRange()
        self.figures["Cp"].setText(index_text(cap.cp if cap else None))
        self.figures["Cpk"].setText(index_text(cap.cpk if cap else None))
        self.figures["Pp"].setText(index_text(cap.pp if cap else None))
        self.figures["Ppk"].setText(index_text(cap.ppk if cap else None))
        self.sample.setText(self.tr("n = {count}").format(count=cap.n if cap else len(values)))
