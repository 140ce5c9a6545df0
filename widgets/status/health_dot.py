"""A small coloured mark for a source's state.

Colour alone fails colour-blind readers and grey-scale screenshots, so each state also has its
own shape (ring, disc, triangle, square) and the state word always sits next to it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from app.sync.health import SourceState

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
STATE_COLOURS: dict[SourceState, QColor] = {
    SourceState.CONNECTING: QColor("#0072B2"),  # blue
    SourceState.CONNECTED: QColor("#009E73"),  # bluish green
    SourceState.DEGRADED: QColor("#E69F00"),  # orange
    SourceState.DOWN: QColor("#D55E00"),  # vermillion
}

DOT_SIZE = 12


class HealthDot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = SourceState.CONNECTING
        self.setFixedSize(QSize(DOT_SIZE, DOT_SIZE))

    def state(self) -> SourceState:
        return self._state

    def set_state(self, state: SourceState) -> None:
        if state != self._state:
            self._state = state
            self.update()

    def colour(self) -> QColor:
        return STATE_COLOURS[self._state]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = self.colour()
        box = QRectF(1.5, 1.5, DOT_SIZE - 3, DOT_SIZE - 3)
        if self._state == SourceState.CONNECTING:
            painter.setPen(QPen(colour, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(box)
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        if self._state == SourceState.CONNECTED:
            painter.drawEllipse(box)
        elif self._state == SourceState.DEGRADED:
            painter.drawPolygon(
                QPolygonF([
                    QPointF(box.center().x(), box.top()),
                    QPointF(box.right(), box.bottom()),
                    QPointF(box.left(), box.bottom()),
                ])
            )
        else:
            painter.drawRect(box)
