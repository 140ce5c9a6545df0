"""Recall scope rows as a table: a thin adapter over the analytics' RecallRow list."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from app.analytics.recall import RecallRow
from widgets.traceability.trace_names import Names
from widgets.traceability.trace_texts import quantity_text, time_text

Index = QModelIndex | QPersistentModelIndex


class RecallColumn(IntEnum):
    CUSTOMER = 0
    KEY_ACCOUNT = 1
    ORDER = 2
    SHIPPED = 3
    LOT = 4
    PRODUCT = 5
    QUANTITY = 6
    CONTACT = 7
    EMAIL = 8
    PHONE = 9


def _header(column: RecallColumn) -> str:
    words = [
        QCoreApplication.translate("RecallModel", "Customer"),
        QCoreApplication.translate("RecallModel", "Key account"),
        QCoreApplication.translate("RecallModel", "Sales order"),
        QCoreApplication.translate("RecallModel", "Shipped"),
        QCoreApplication.translate("RecallModel", "Lot"),
        QCoreApplication.translate("RecallModel", "Product"),
        QCoreApplication.translate("RecallModel", "Quantity"),
        QCoreApplication.translate("RecallModel", "Contact"),
        QCoreApplication.translate("RecallModel", "Email"),
        QCoreApplication.translate("RecallModel", "Phone"),
    ]
    return words[column]


class RecallModel(QAbstractTableModel):
    def __init__(self, rows: Sequence[RecallRow], names: Names, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = list(rows)
        self.names = names

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(RecallColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(RecallColumn)):
            return _header(RecallColumn(section))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, RecallColumn(index.column()))
        if role == Qt.ItemDataRole.FontRole and row.key_account \
                and index.column() == RecallColumn.CUSTOMER:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _display(self, row: RecallRow, column: RecallColumn) -> str:
        match column:
            case RecallColumn.CUSTOMER:
                return row.customer_name or row.customer_id
            case RecallColumn.KEY_ACCOUNT:
                return (QCoreApplication.translate("RecallModel", "key account")
                        if row.key_account else "")
            case RecallColumn.ORDER:
                return row.order_number or row.order_id
            case RecallColumn.SHIPPED:
                return time_text(row.shipped_at)
            case RecallColumn.LOT:
                return row.lot_number
            case RecallColumn.PRODUCT:
                return self.names.product(row.product_id)
            case RecallColumn.QUANTITY:
                return f"{quantity_text(row.quantity)} {row.unit}".strip()
            case RecallColumn.CONTACT:
                return row.contact_name
            case RecallColumn.EMAIL:
                return row.contact_email
            case RecallColumn.PHONE:
                return row.contact_phone
        return ""
