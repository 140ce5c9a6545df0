"""A strip of coloured bars: which state a machine was in over a time window (the shift)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain import MachineState, StateEvent
from widgets.machines.machine_state import STATE_COLOURS, state_colour, state_word

BAR_HEIGHT = 22
LEGEND_HEIGHT = 18


class StateTimeline(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stateTimeline")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(BAR_HEIGHT + LEGEND_HEIGHT + 24)
        self._spans: list[tuple[datetime, datetime, MachineState]] = []
        self._window: tuple[datetime, datetime] | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(600, BAR_HEIGHT + LEGEND_HEIGHT + 24)

    def set_events(self, events: list[StateEvent], start: datetime, end: datetime) -> None:
        spans = [(max(e.start, start), min(e.end or end, end), e.state) for e in events]
        spans = [s for s in spans if s[1] > s[0]]
        if spans == self._spans and self._window == (start, end):
            return  # nothing new: no repaint
        self._spans, self._window = spans, (start, end)
        self.update()

    def spans(self) -> list[tuple[datetime, datetime, MachineState]]:
        return list(self._spans)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        area = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        bar = QRectF(area.left(), area.top() + 16, area.width(), BAR_HEIGHT)
        painter.fillRect(bar, QColor("#e9eef3"))
        metrics = QFontMetrics(self.font())
        painter.setPen(QColor("#5d6d7e"))
        if self._window is None:
            painter.drawText(bar, Qt.AlignmentFlag.AlignCenter, self.tr("No state history"))
            return
        start, end = self._window
        seconds = max(1.0, (end - start).total_seconds())
        for span_start, span_end, state in self._spans:
            left = bar.left() + (span_start - start).total_seconds() / seconds * bar.width()
            right = bar.left() + (span_end - start).total_seconds() / seconds * bar.width()
            painter.fillRect(QRectF(left, bar.top(), max(1.0, right - left), bar.height()),
                             state_colour(state))
        painter.setPen(QColor("#5d6d7e"))
        painter.drawText(QRectF(area.left(), area.top(), area.width(), 14),
                         Qt.AlignmentFlag.AlignLeft, _local(start))
        painter.drawText(QRectF(area.left(), area.top(), area.width(), 14),
                         Qt.AlignmentFlag.AlignRight, _local(end))
        # A legend in words: colour alone is not enough.
        x = area.left()
        y = bar.bottom() + 6
        for state, colour in STATE_COLOURS.items():
            painter.fillRect(QRectF(x, y + 3, 10, 10), colour)
            word = state_word(state)
            painter.setPen(QColor("#2c3e50"))
            painter.drawText(QRectF(x + 14, y, 200, LEGEND_HEIGHT),
                             Qt.AlignmentFlag.AlignLeft, word)
            x += 14 + metrics.horizontalAdvance(word) + 16


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")
