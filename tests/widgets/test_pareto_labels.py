"""The defect Pareto names every bar, however narrow the chart: long codes break at a hyphen
or are cut short with the whole code on hover, and no two labels overlap (they used to run
together as "CRACK-MPISURF-SCRATCH", or vanish)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter

from app.analytics.pareto import pareto
from widgets.quality.pareto_chart import ParetoChart

CODES = {"SURF-SCRATCH": (9.0, 3), "CRACK-MPI": (7.0, 2), "DIM-OOT": (5.0, 2),
         "ASSY-MISSING-PART": (3.0, 1), "BURR": (2.0, 1), "TEST-TORQUE": (1.0, 1)}


def drawn_labels(chart: ParetoChart) -> list[tuple]:
    """(rect, text) of every label the axis draws at its present size."""
    axis = chart.code_axis
    image = QImage(max(1, int(axis.width())), max(1, int(axis.height())),
                   QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [(rect, text) for rect, _flags, text in specs[2]]


@pytest.mark.parametrize("width", [300, 420, 700])
def test_every_bar_keeps_a_readable_label_that_overlaps_no_other(qtbot, width) -> None:
    chart = ParetoChart()
    qtbot.addWidget(chart)
    chart.resize(width, 220)
    chart.show()
    qtbot.waitExposed(chart)
    bars = pareto(CODES)
    chart.set_bars(bars)
    qtbot.waitUntil(lambda: chart.code_axis.pitch() > 0)

    labels = drawn_labels(chart)
    assert len(labels) == len(bars), "a label vanished"
    rects = sorted((rect for rect, _ in labels), key=lambda r: r.left())
    for left, right in zip(rects, rects[1:], strict=False):
        assert left.right() <= right.left(), "two labels overlap"
    for (_, text), bar in zip(sorted(labels, key=lambda x: x[0].left()), bars, strict=True):
        whole = text.replace("\n", "")
        if whole != bar.label:
            assert text.endswith("…") and bar.label.startswith(text[:-1].replace("\n", ""))


def test_hovering_a_shortened_label_tells_the_whole_code(qtbot) -> None:
    chart = ParetoChart()
    qtbot.addWidget(chart)
    chart.resize(260, 220)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_bars(pareto(CODES))
    axis = chart.code_axis
    qtbot.waitUntil(lambda: axis.pitch() > 0)
    shown = axis.shown_labels()
    cut = [i for i, text in enumerate(shown) if text.endswith("…")]
    assert cut, "at this width some code must be cut short"
    i = cut[0]
    x = (i - axis.range[0]) * axis.pitch()
    assert axis.label_at(x) == axis.labels[i]

    class Hover:
        def isExit(self) -> bool:  # noqa: N802 (pyqtgraph's name)
            return False

        def pos(self) -> QPointF:
            return QPointF(x, 5)

    axis.hoverEvent(Hover())
    assert axis.toolTip() == axis.labels[i]
