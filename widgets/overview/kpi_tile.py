"""One KPI as a tile: its name, value and unit, what it is made of, and its trend over the
weeks; a click asks for the rows behind it.

The trend is painted with QPainter rather than pyqtgraph: eight tiles on the first view the
console opens would otherwise pay pyqtgraph's import and eight plot scenes at cold start.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.analytics.kpi_types import Kpi, WeekPoint
from widgets.overview.kpi_texts import NONE, detail_text, period_text, tile_specs, unit_text

LINE_COLOUR = QColor("#1F6FB2")
LAST_COLOUR = QColor("#B34400")
SELECTED_BORDER = "#1F6FB2"
TILE_COLUMNS = 4
READING = "…"  # the value while the data it is made of is still being read


def value_text(kpi: Kpi) -> str:
    if kpi.value is None:
        return NONE
    if kpi.unit == "%":
        return f"{kpi.value:.1f}"
    if kpi.unit == "days":
        return f"{kpi.value:.1f}"
    return f"{kpi.value:,.0f}"


def value_range(known: Sequence[float]) -> tuple[float, float]:
    """The values the chart's height spans. It always takes in 0, so a 0 is drawn on the
    baseline, never as a bar scaled from the smallest value; all zeros stay flat there."""
    lo, hi = min(0.0, *known), max(0.0, *known)
    return (lo, hi) if hi - lo > 1e-9 else (lo, lo + 1.0)


class Sparkline(QWidget):
    """The weekly values: a line (rates, times) or bars (counts) on a scale from 0; nothing
    where a week has no value (before the records begin, or nothing to measure), a flat mark
    on the baseline where it is 0. The last point is marked: it is the week the tile's words
    are about."""

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
        tip = ""
        if known:
            lo = min(p.value for p in known)
            hi = max(p.value for p in known)
            tip = (f"{known[0].week.label} … {self.points[-1].week.label}: "
                   f"{lo:,.1f} – {hi:,.1f}")
        self.setToolTip(tip)
        self.update()

    def _area(self) -> QRectF:
        return QRectF(self.rect()).adjusted(3, 4, -3, -4)

    def _scale(self) -> tuple[float, float, float] | None:
        """(width of a week, y of 0, pixels per unit), or None when no week has a value."""
        known = [p.value for p in self.points if p.value is not None]
        if not known:
            return None
        area = self._area()
        lo, hi = value_range(known)
        per_unit = area.height() / (hi - lo)
        return area.width() / len(self.points), area.bottom() + lo * per_unit, per_unit

    def bar_rects(self) -> list[tuple[int, QRectF]]:
        """Each week with a value and its bar, from the 0 line (zero high for a 0)."""
        scale = self._scale()
        if scale is None:
            return []
        step, zero, per_unit = scale
        left = self._area().left()
        return [(i, QRectF(left + i * step + step * 0.15, zero - p.value * per_unit,
                           step * 0.7, p.value * per_unit).normalized())
                for i, p in enumerate(self.points) if p.value is not None]

    def line_points(self) -> list[tuple[int, QPointF]]:
        """Each week with a value and where the line passes through it."""
        scale = self._scale()
        if scale is None:
            return []
        step, zero, per_unit = scale
        left = self._area().left()
        return [(i, QPointF(left + (i + 0.5) * step, zero - p.value * per_unit))
                for i, p in enumerate(self.points) if p.value is not None]

    def paintEvent(self, _event: object) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self._area()
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        scale = self._scale()
        if scale is None:
            painter.drawLine(area.bottomLeft(), area.bottomRight())
            painter.end()
            return
        step, zero, _ = scale
        # The 0 line runs under the weeks the records reach only: nothing before they begin.
        first = next(i for i, p in enumerate(self.points) if p.value is not None)
        painter.drawLine(QPointF(area.left() + first * step, zero), QPointF(area.right(), zero))
        last = len(self.points) - 1
        if self.bars:
            for i, rect in self.bar_rects():
                colour = LAST_COLOUR if i == last else LINE_COLOUR
                if rect.height() >= 1:
                    painter.fillRect(rect, colour)
                else:  # a 0 (or next to it): a flat mark, so it reads apart from no value
                    painter.setPen(QPen(colour, 2))
                    painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        else:
            painter.setPen(QPen(LINE_COLOUR, 2))
            path, previous = QPainterPath(), None
            for i, point in self.line_points():
                if previous == i - 1:
                    path.lineTo(point)
                else:  # a gap: a week without a value breaks the line
                    path.moveTo(point)
                previous = i
                painter.drawEllipse(point, 1.5, 1.5)
            painter.drawPath(path)
            if previous == last:
                painter.setBrush(LAST_COLOUR)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawEllipse(self.line_points()[-1][1], 3.5, 3.5)
        painter.end()


class KpiTile(QFrame):
    clicked = Signal(str)  # the KPI's name

    def __init__(self, name: str, title: str, definition: str, bars: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.bars = bars
        self.kpi: Kpi | None = None
        self.reading = False  # showing a first read's progress instead of the figure
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
        self.reading = False
        self.value_label.setText(value_text(kpi))
        self.unit_label.setText(unit if kpi.value is not None else "")
        self.detail_label.setText(detail)
        self.period_label.setText(period)
        self.sparkline.set_points(kpi.series, self.bars)

    def show_reading(self, progress: str) -> None:
        """A feed the figure is made of is still in its first read: how far that got, in
        place of a figure (and trend) made of part of the data."""
        self.reading = True
        self.value_label.setText(READING)
        self.unit_label.setText("")
        self.detail_label.setText(progress)
        self.period_label.setText("")
        self.sparkline.set_points((), self.bars)

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


def tile_grid() -> tuple[QGridLayout, dict[str, KpiTile]]:
    """Every figure's tile, by name, in rows of TILE_COLUMNS."""
    tiles: dict[str, KpiTile] = {}
    grid = QGridLayout()
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setSpacing(8)
    for n, spec in enumerate(tile_specs()):
        tile = KpiTile(spec.name, spec.title, spec.definition, spec.bars)
        tile.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        tiles[spec.name] = tile
        grid.addWidget(tile, n // TILE_COLUMNS, n % TILE_COLUMNS)
    for column in range(TILE_COLUMNS):
        grid.setColumnStretch(column, 1)
    return grid, tiles


def show_kpis(tiles: Mapping[str, KpiTile], kpis: Mapping[str, Kpi]) -> None:
    """Each figure of `kpis` on its tile; a tile without one keeps what it shows."""
    for name, tile in tiles.items():
        kpi = kpis.get(name)
        if kpi is not None:
            tile.set_kpi(kpi, unit_text(kpi), detail_text(kpi), period_text(kpi))
