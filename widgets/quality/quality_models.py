"""Item models of the Quality view: the violations in words, and the measurements behind the
one chosen. Both are thin adapters over lists the worker computed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from widgets.common.rule_texts import panel_text, rule_text
from widgets.quality.quality_compute import PointDetail, ViolationItem

AnyIndex = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def time_text(moment: datetime) -> str:
    # Shown in the user's local time; the date always, as windows span days.
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class ListModel(QAbstractTableModel):
    """Rows from a list, columns from an IntEnum, headers from `header_text`."""

    Column: type[IntEnum]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_item(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.Column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = DISPLAY) -> Any:
        if (role != DISPLAY or orientation != Qt.Orientation.Horizontal
                or not 0 <= section < len(self.Column)):
            return None
        return self.header_text(self.Column(section))

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (DISPLAY, TOOLTIP):
            return self.cell(self._rows[index.row()], self.Column(index.column()))
        return None

    def header_text(self, column: Any) -> str:
        raise NotImplementedError

    def cell(self, row: Any, column: Any) -> str:
        raise NotImplementedError


class ViolationsModel(ListModel):
    class Column(IntEnum):
        TIME = 0
        RULE = 1
        CHART = 2
        POINTS = 3

    def header_text(self, column: Column) -> str:
        return {
            self.Column.TIME: self.tr("Since"),
            self.Column.RULE: self.tr("Rule"),
            self.Column.CHART: self.tr("Chart"),
            self.Column.POINTS: self.tr("Points"),
        }[column]

    def cell(self, row: ViolationItem, column: Column) -> str:
        if column is self.Column.TIME:
            return time_text(row.first_at)
        if column is self.Column.RULE:
            return rule_text(row.rule, row.description)
        if column is self.Column.CHART:
            return panel_text(row.panel)
        return str(len(row.points))


class PointsModel(ListModel):
    class Column(IntEnum):
        TIME = 0
        VALUE = 1
        LOT = 2
        WORK_ORDER = 3
        MACHINE = 4

    def __init__(self, value_format: Callable[[float], str] = "{:g}".format,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.value_format = value_format

    def header_text(self, column: Column) -> str:
        return {
            self.Column.TIME: self.tr("Measured"),
            self.Column.VALUE: self.tr("Value"),
            self.Column.LOT: self.tr("Lot"),
            self.Column.WORK_ORDER: self.tr("Work order"),
            self.Column.MACHINE: self.tr("Machine"),
        }[column]

    def cell(self, row: PointDetail, column: Column) -> str:
        if column is self.Column.TIME:
            return time_text(row.measured_at)
        if column is self.Column.VALUE:
            return self.value_format(row.value)
        return {self.Column.LOT: row.lot, self.Column.WORK_ORDER: row.work_order,
                self.Column.MACHINE: row.machine}[column]
