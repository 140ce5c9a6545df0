"""Items and their outlook over the planning horizon, as a table model."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from app.analytics.schedule.shortages import ItemOutlook
from widgets.common.row_table import RowTableModel
from widgets.common.table_export import EXPORT_ROLE
from widgets.planning.plan_text import day_text, quantity_text

Index = QModelIndex | QPersistentModelIndex
SHORT_COLOUR = QColor("#fde2e1")
LOW_COLOUR = QColor("#fff3cd")


class MaterialsModel(RowTableModel):
    HEADERS = (QT_TRANSLATE_NOOP("MaterialsModel", "Item"),
               QT_TRANSLATE_NOOP("MaterialsModel", "Name"),
               QT_TRANSLATE_NOOP("MaterialsModel", "On hand"),
               QT_TRANSLATE_NOOP("MaterialsModel", "Safety stock"),
               QT_TRANSLATE_NOOP("MaterialsModel", "Plan takes"),
               QT_TRANSLATE_NOOP("MaterialsModel", "Next receipt"),
               QT_TRANSLATE_NOOP("MaterialsModel", "Short by"),
               QT_TRANSLATE_NOOP("MaterialsModel", "Below safety on"),
               QT_TRANSLATE_NOOP("MaterialsModel", "Order lines waiting"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[ItemOutlook] = []
        self.names: dict[str, str] = {}

    def set_rows(self, rows: list[ItemOutlook], names: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows, self.names = rows, names
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        row, column = self.row_at(index), index.column()
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return self._sort_key(row, column)
        if role == EXPORT_ROLE:
            return self._typed(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.short:
                return SHORT_COLOUR
            if row.below_safety_on is not None:
                return LOW_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3, 4, 6, 8):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _amount(self, value: float, row: ItemOutlook) -> str:
        return f"{quantity_text(value)} {row.unit}".strip()

    def _text(self, row: ItemOutlook, column: int) -> str:
        match column:
            case 0:
                return row.item_id
            case 1:
                return self.names.get(row.item_id, "")
            case 2:
                return self._amount(row.on_hand, row)
            case 3:
                return self._amount(row.safety_stock, row)
            case 4:
                return self._amount(row.demand, row)
            case 5:
                if not row.receipts:
                    return self.tr("none expected")
                first = row.receipts[0]
                return self.tr("{quantity} on {date}").format(
                    quantity=self._amount(first.quantity, row), date=day_text(first.expected))
            case 6:
                return self._amount(row.short_by, row) if row.short_by > 0 else ""
            case 7:
                return day_text(row.below_safety_on) if row.below_safety_on else ""
            case 8:
                return str(len(row.waiting_lines)) if row.waiting_lines else ""
        return ""

    @staticmethod
    def _typed(row: ItemOutlook, column: int):
        """Numbers and dates for an export (None: the text shown; "": nothing)."""
        match column:
            case 2:
                return row.on_hand
            case 3:
                return row.safety_stock
            case 4:
                return row.demand
            case 6:
                return row.short_by if row.short_by > 0 else ""
            case 7:
                return row.below_safety_on or ""
            case 8:
                return len(row.waiting_lines) if row.waiting_lines else ""
        return None

    @staticmethod
    def _sort_key(row: ItemOutlook, column: int):
        return (row.item_id, row.item_id, row.on_hand, row.safety_stock, row.demand,
                row.receipts[0].expected if row.receipts else date.max, row.short_by,
                row.below_safety_on or date.max, len(row.waiting_lines))[column]

    def row_of(self, item_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.item_id == item_id), -1)
