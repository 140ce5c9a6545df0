"""One KPI as a tile: its name, value and unit, what it is made of, and its trend over the
weeks; a click asks for the rows behind it.

The trend is painted with QPainter rather than pyqtgraph: eight tiles on the first view the
console opens would otherwise pay pyqtgraph's import and eight plot scenes at cold start.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.analytics.kpi import Kpi, WeekPoint
from widgets.overview.kpi_rows import NONE

LINE_COLOUR = QColor("#1F6FB2")
LAST_COLOUR = QColor("#B34400")
SELECTED_BORDER = "#1F6FB2"


def value_text(kpi: Kpi) -> str:
    if kpi.value is None:
        return NONE
    if kpi.unit == "%":
        return f"{kpi.value:.1f}"
    if kpi.unit == "days":
        return f"{kpi.value:.1f}"
    return f"{kpi.value:,.0f}"


class Sparkline(QWidget):
    """The weekly values: a line (rates, times) or bars (counts); gaps where a week has none.
    The last point is marked: it is the week the tile's words are about."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: tuple[WeekPoint, ...] = ()
        self.bars = False
        self.setMinimumHeight(36)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(160, 44)

    def set_points(self, points: Sequence[WeekPoint], bars: bool) -> None:
        self.points, self.bars = tuple(points), bars
        known = [p for p in self.points if p.value is not None]
        if known:
            lo = min(p.value for p in known)
            hi = max(p.value for p in known)
            self.setToolTip(f"{self.points[0].week.label} … {self.points[-1].week.label}: "
                            f"{lo:,.1f} – {hi:,.1f}")
        self.update()

    def paintEvent(self, _event: object) -> None:  # noqa: N802 (Qt's name)
        values = [p.value for p in self.points]
        known = [v for v in values if v is not None]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(3, 4, -3, -4)
        base = self.palette().color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(base, 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        if not known:
            painter.end()
            return
        lo = 0.0 if self.bars else min(known)
        hi = max(known)
        if hi - lo < 1e-9:
            lo, hi = lo - 1, hi + 1
        step = area.width() / max(1, len(values))

        def y(v: float) -> float:
            return area.bottom() - (v - lo) / (hi - lo) * area.height()

        if self.bars:
            for i, v in enumerate(values):
                if v is None:
                    continue
                colour = LAST_COLOUR if i == len(values) - 1 else LINE_COLOUR
                top = min(y(v), area.bottom() - 1)
                painter.fillRect(QRectF(area.left() + i * step + step * 0.15, top,
                                        step * 0.7, area.bottom() - top), colour)
        else:
            painter.setPen(QPen(LINE_COLOUR, 2))
            path, drawing = QPainterPath(), False
            for i, v in enumerate(values):
                if v is None:
                    drawing = False
                    continue
                point = QPointF(area.left() + (i + 0.5) * step, y(v))
                if drawing:
                    path.lineTo(point)
                else:
                    path.moveTo(point)
                    drawing = True
                painter.drawEllipse(point, 1.5, 1.5)
            painter.drawPath(path)
            if values[-1] is not None:
                painter.setBrush(LAST_COLOUR)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawEllipse(QPointF(area.left() + (len(values) - 0.5) * step,
                                            y(values[-1])), 3.5, 3.5)
        painter.end()


class KpiTile(QFrame):
    clicked = Signal(str)  # the KPI's name

    def __init__(self, name: str, title: str, definition: str, bars: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.bars = bars
        self.kpi: Kpi | None = None
        self.setObjectName("kpiTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(definition)
        self.setAccessibleName(title)
        self.setAccessibleDescription(definition)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("kpiTitle")
        self.value_label = QLabel(NONE)
        self.value_label.setObjectName("kpiValue")
        font = self.value_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value_label.setFont(font)
        self.unit_label = QLabel("")
        self.detail_label = QLabel("")
        self.detail_label.setObjectName("kpiDetail")
        self.detail_label.setWordWrap(True)
        self.period_label = QLabel("")
        self.period_label.setObjectName("kpiPeriod")
        for label in (self.detail_label, self.period_label, self.unit_label):
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.sparkline = Sparkline()
        value_row = QWidget()
        from PySide6.QtWidgets import QHBoxLayout

        row = QHBoxLayout(value_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.value_label, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.unit_label, 0, Qt.AlignmentFlag.AlignBottom)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title_label)
        layout.addWidget(value_row)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.sparkline, 1)
        layout.addWidget(self.period_label)
        self.set_selected(False)

    def set_kpi(self, kpi: Kpi, unit: str, detail: str, period: str) -> None:
        self.kpi = kpi
        self.value_label.setText(value_text(kpi))
        self.unit_label.setText(unit if kpi.value is not None else "")
        self.detail_label.setText(detail)
        self.period_label.setText(period)
        self.sparkline.set_points(kpi.series, self.bars)

    def set_selected(self, selected: bool) -> None:
        border = SELECTED_BORDER if selected else "palette(mid)"
        width = 2 if selected else 1
        self.setStyleSheet(f"QFrame#kpiTile {{ border: {width}px solid {border}; "
                           f"border-radius: 6px; }}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.clicked.emit(self.name)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.name)
            return
        super().keyPressEvent(event)
