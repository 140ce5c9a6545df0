"""The Outbox dialog's table: actions not yet delivered, in the order they were made."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.cache.outbox import OutboxItem, OutboxState
from widgets.common.date_text import moment_text
from widgets.common.table_export import EXPORT_ROLE
from widgets.outbox.outbox_text import (
    DisplayId,
    answer_text,
    describe,
    done_today,
    raw_id,
    reason_text,
    state_word,
)

AnyIndex = QModelIndex | QPersistentModelIndex
REFUSED_COLOUR = QColor("#B34400")
NOBODY = "—"


class Column(IntEnum):
    ACTION = 0
    MADE_BY = 1
    MADE_AT = 2
    STATE = 3
    ATTEMPTS = 4
    REASON = 5


class OutboxModel(QAbstractTableModel):
    def __init__(self, display_id: DisplayId = raw_id, parent: QObject | None = None, *,
                 done: bool = False) -> None:
        """`done`: the actions delivered today, with what the source answered, instead of
        those still waiting or refused."""
        super().__init__(parent)
        self._display_id = display_id
        self._items: list[OutboxItem] = []
        self.done = done

    def set_items(self, items: list[OutboxItem]) -> None:
        self.beginResetModel()
        if self.done:
            self._items = done_today(items)
        else:  # what still needs the outbox
            self._items = [i for i in items if i.state != OutboxState.DELIVERED]
        self.endResetModel()

    def item(self, row: int) -> OutboxItem:
        return self._items[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole
                or not 0 <= section < len(Column)):
            return None
        return {
            Column.ACTION: self.tr("Action"),
            Column.MADE_BY: self.tr("Made by"),
            Column.MADE_AT: self.tr("Sent at") if self.done else self.tr("Made at"),
            Column.STATE: self.tr("State"),
            Column.ATTEMPTS: self.tr("Attempts"),
            Column.REASON: self.tr("Source's answer"),
        }[Column(section)]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(item, column)
        if role == EXPORT_ROLE:
            # The moment itself (UTC in a workbook), and the count as a number.
            return {Column.MADE_AT: item.created_at, Column.ATTEMPTS: item.attempts}.get(column)
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.STATE and (
                item.state == OutboxState.PARKED):
            return REFUSED_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.ATTEMPTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, item: OutboxItem, column: Column) -> str:
        match column:
            case Column.ACTION:
                return describe(item, self._display_id)
            case Column.MADE_BY:
                return item.made_by or NOBODY
            case Column.MADE_AT:
                if self.done and item.delivered_at is not None:
                    return moment_text(item.delivered_at)
                return moment_text(item.created_at)
            case Column.STATE:
                return state_word(item.state)
            case Column.ATTEMPTS:
                return str(item.attempts)
            case Column.REASON if self.done:
                return answer_text(item)
            case Column.REASON:
                # A refusal in the source's words; for a retry, the last error (5xx, timeout).
                return reason_text(item)
