"""The quality matrix as a table: a thin model over the rows the worker computed, a proxy that
narrows them to a line or work center and to a text, and a delegate that draws each row's
recent points as a sparkline."""

from __future__ import annotations

import math
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.analytics.quality_matrix import MatrixRow, Status, Trend
from app.domain import EquipmentLevel
from app.runtime.quality_matrix import Place
from widgets.quality.capability_panel import index_text
from widgets.quality.quality_models import ListModel, time_text

AnyIndex = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
SORT = Qt.ItemDataRole.UserRole + 1  # a number or text to sort a column by
ROW = Qt.ItemDataRole.UserRole + 2  # the MatrixRow itself

# Critical characteristics with violations raise alarms elsewhere; here every characteristic
# with violations is flagged, the critical ones in red, the others in amber.
CRITICAL_FLAG = QColor("#fed7d7")
FLAG = QColor("#feebc8")
WEAK_FLAG = QColor("#fefcbf")
LINE_COLOUR = QColor("#2b6cb0")
LIMIT_COLOUR = QColor("#c05621")
DRIFT_COLOUR = QColor("#d62828")
ARROWS = {Trend.UP: "↑", Trend.DOWN: "↓", Trend.LEVEL: "→"}


class MatrixModel(ListModel):
    class Column(IntEnum):
        STATUS = 0
        CHARACTERISTIC = 1
        WORK_CENTER = 2
        CRITICAL = 3
        CPK = 4
        VIOLATIONS = 5
        LAST_VIOLATION = 6
        TREND = 7

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._place_names: dict[tuple[str, str], str] = {}
        self.window_text = ""

    def set_matrix(self, rows: list[MatrixRow], places: list[Place], window_text: str) -> None:
        self._place_names = {(p.source, p.id): p.name for p in places}
        self.window_text = window_text
        self.set_rows(rows)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = DISPLAY) -> Any:
        if (role == TOOLTIP and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.Column)):
            return self._header_tip(self.Column(section))
        return super().headerData(section, orientation, role)

    def header_text(self, column: Column) -> str:
        return self._header(column)

    def cell(self, row: MatrixRow, column: Column) -> str:
        return self._text(row, column)

    def _header(self, column: Column) -> str:
        return {
            self.Column.STATUS: self.tr("Status"),
            self.Column.CHARACTERISTIC: self.tr("Characteristic"),
            self.Column.WORK_CENTER: self.tr("Work center"),
            self.Column.CRITICAL: self.tr("Critical"),
            self.Column.CPK: self.tr("Cpk"),
            self.Column.VIOLATIONS: self.tr("Violations"),
            self.Column.LAST_VIOLATION: self.tr("Last violation"),
            self.Column.TREND: self.tr("Trend"),
        }[column]

    def _header_tip(self, column: Column) -> str | None:
        if column is self.Column.CPK:
            return self.tr("Cpk over the window, from the within-subgroup spread, as the "
                           "chart's capability panel shows it; below 1.33 is marked.")
        if column is self.Column.VIOLATIONS:
            return self.tr("Control-chart rule violations in the window, as the chart lists "
                           "them. Only critical characteristics raise alarms.")
        if column is self.Column.TREND:
            return self.tr("The newest points against the control limits; the arrow says "
                           "where the last five points sit against the centre line.")
        return None

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.Column(index.column())
        if role == DISPLAY:
            return self._text(row, column)
        if role == TOOLTIP:
            return self._tip(row, column)
        if role == SORT:
            return self._sort_value(index.row(), row, column)
        if role == ROW:
            return row
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row, column)
        if role == Qt.ItemDataRole.FontRole and column in (
                self.Column.VIOLATIONS, self.Column.STATUS) and row.violations:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
                self.Column.CPK, self.Column.VIOLATIONS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def status_text(self, status: Status) -> str:
        return {
            Status.OUT_OF_CONTROL_AND_WEAK: self.tr("Out of control, Cpk low"),
            Status.OUT_OF_CONTROL: self.tr("Out of control"),
            Status.WEAK: self.tr("Cpk below 1.33"),
            Status.OK: self.tr("In control"),
            Status.NO_DATA: self.tr("Too few points"),
        }[status]

    def _text(self, row: MatrixRow, column: Column) -> str:
        ch = row.characteristic
        if column is self.Column.STATUS:
            return self.status_text(row.status)
        if column is self.Column.CHARACTERISTIC:
            # The product first: two products may name a characteristic alike.
            return f"{ch.product_id} · {ch.name} ({ch.unit})"
        if column is self.Column.WORK_CENTER:
            if row.work_center_id is None:
                return "—"
            return self._place_names.get((row.source, row.work_center_id), row.work_center_id)
        if column is self.Column.CRITICAL:
            return self.tr("critical") if row.critical else "—"
        if column is self.Column.CPK:
            return index_text(row.cpk)
        if column is self.Column.VIOLATIONS:
            return str(row.violations) if row.status is not Status.NO_DATA else "—"
        if column is self.Column.LAST_VIOLATION:
            return time_text(row.last_violation_at) if row.last_violation_at else ""
        return ARROWS[row.trend] if row.recent else ""

    def _tip(self, row: MatrixRow, column: Column) -> str:
        ch = row.characteristic
        if column is self.Column.CHARACTERISTIC:
            return self.tr("{name} ({id}), product {product}, operation {operation}").format(
                name=ch.name, id=ch.id, product=ch.product_id,
                operation=ch.operation_sequence)
        if column is self.Column.CPK:
            return self.tr("Cpk {cpk}, Ppk {ppk}, from {count} measurements ({window})"
                           ).format(cpk=index_text(row.cpk), ppk=index_text(row.ppk),
                                    count=row.measurements, window=self.window_text)
        if column is self.Column.VIOLATIONS and row.violations and not row.critical:
            return self.tr("{count} rule violations on a characteristic that is not "
                           "critical: flagged here, no alarm raised").format(
                               count=row.violations)
        if column is self.Column.TREND:
            return {Trend.UP: self.tr("Drifting up"), Trend.DOWN: self.tr("Drifting down"),
                    Trend.LEVEL: self.tr("Near the centre line")}[row.trend]
        return self._text(row, column)

    def _sort_value(self, position: int, row: MatrixRow, column: Column) -> Any:
        if column is self.Column.STATUS:
            return position  # the rows come worst first
        if column is self.Column.CPK:
            return row.cpk if row.cpk is not None and math.isfinite(row.cpk) else math.inf
        if column is self.Column.VIOLATIONS:
            return row.violations
        if column is self.Column.LAST_VIOLATION:
            return row.last_violation_at.timestamp() if row.last_violation_at else 0.0
        if column is self.Column.CRITICAL:
            return 0 if row.critical else 1
        if column is self.Column.TREND:
            return -abs(int(row.trend))
        return self._text(row, column).casefold()

    def _background(self, row: MatrixRow, column: Column) -> QBrush | None:
        if column in (self.Column.VIOLATIONS, self.Column.STATUS) and row.violations:
            return QBrush(CRITICAL_FLAG if row.critical else FLAG)
        if column is self.Column.CPK and row.status in (Status.WEAK,
                                                        Status.OUT_OF_CONTROL_AND_WEAK):
            return QBrush(WEAK_FLAG)
        return None


class MatrixProxy(QSortFilterProxyModel):
    """Rows of one line or work center (or all), whose texts contain the filter, optionally
    only those with violations."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT)
        self.place: Place | None = None
        self.only_violations = False
        self.text = ""

    def set_place(self, place: Place | None) -> None:
        self.beginFilterChange()
        self.place = place
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_only_violations(self, only: bool) -> None:
        self.beginFilterChange()
        self.only_violations = only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, MatrixModel)
        row = model.row_item(source_row)
        place = self.place
        if place is not None:
            if row.source != place.source:
                return False
            at = row.line_id if place.level is EquipmentLevel.LINE else row.work_center_id
            if at != place.id:
                return False
        if self.only_violations and not row.violations:
            return False
        if self.text:
            ch = row.characteristic
            words = " ".join((ch.id, ch.name, ch.product_id, model.index(
                source_row, MatrixModel.Column.WORK_CENTER).data() or "")).casefold()
            return self.text in words
        return True


class SparklineDelegate(QStyledItemDelegate):
    """The row's newest chart points as a line between its control limits, then the arrow."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        row = index.data(ROW)
        if not isinstance(row, MatrixRow) or not row.recent:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            # Background and selection as any cell, without the text.
            plain = QStyleOptionViewItem(option)
            self.initStyleOption(plain, index)
            plain.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter,
                              option.widget)
        rect = QRectF(option.rect).adjusted(4, 3, -22, -3)
        values = [v for v in row.recent if math.isfinite(v)]
        if len(values) < 2 or rect.width() < 10:
            super().paint(painter, option, index)
            return
        levels = values + [v for v in (row.ucl, row.lcl, row.centre) if v is not None]
        low, high = min(levels), max(levels)
        span = (high - low) or 1.0

        def y(v: float) -> float:
            return rect.bottom() - (v - low) / span * rect.height()

        step = rect.width() / (len(values) - 1)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(LIMIT_COLOUR, 1, Qt.PenStyle.DotLine))
        for limit in (row.ucl, row.lcl):
            if limit is not None:
                painter.drawLine(QPointF(rect.left(), y(limit)), QPointF(rect.right(), y(limit)))
        drifting = row.trend is not Trend.LEVEL
        colour = DRIFT_COLOUR if drifting else LINE_COLOUR
        painter.setPen(QPen(colour, 1.5))
        painter.drawPolyline(QPolygonF([QPointF(rect.left() + i * step, y(v))
                                        for i, v in enumerate(values)]))
        painter.setPen(QPen(colour))
        font = QFont(option.font)
        font.setBold(drifting)
        painter.setFont(font)
        arrow_box = QRectF(rect.right() + 4, option.rect.top(), 16, option.rect.height())
        painter.drawText(arrow_box, Qt.AlignmentFlag.AlignCenter, ARROWS[row.trend])
        painter.restore()
