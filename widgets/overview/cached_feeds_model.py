"""The "Cached data" table: one row per feed and source, records held, last synced, age."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.analytics.ages import elapsed
from widgets.common.cache_counts import CacheCounts, FeedRow
from widgets.common.feed_names import feed_name, feed_order
from widgets.common.freshness_text import age_text, clock_text, stale_after
from widgets.common.pending_view import count_text

Clock = Callable[[], datetime]
AnyIndex = QModelIndex | QPersistentModelIndex

# Raw values to sort by, so "9" sorts before "10" and ages sort by time, not by their words.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
STALE_COLOUR = QColor("#B34400")  # the vermillion of "down", darkened to read as text
NOT_YET = "—"  # no number or time to show; a dash needs no translation


class Column(IntEnum):
    FEED = 0
    SOURCE = 1
    RECORDS = 2
    LAST_SYNCED = 3
    AGE = 4


class CachedFeedsModel(QAbstractTableModel):
    def __init__(self, counts: CacheCounts, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._counts = counts
        self._clock = clock
        self._rows: list[FeedRow] = self._sorted(counts.rows())
        # Every cell's roles, built once per refresh: painting asks for a dozen roles per cell,
        # and answering each from scratch costs the UI thread a frame's worth of time.
        self._cells: list[list[dict[int, Any]]] | None = None
        counts.changed.connect(self._on_counts_changed)

    @staticmethod
    def _sorted(rows: list[FeedRow]) -> list[FeedRow]:
        # The contract's order: CRM before MES, master data before transactions.
        return sorted(rows, key=lambda r: (feed_order(r.feed), r.feed, r.source))

    def row(self, number: int) -> FeedRow:
        return self._rows[number]

    # -- Qt's model interface ----------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header(Column(section))
        if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.RECORDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _header(self, column: Column) -> str:
        return {
            Column.FEED: self.tr("Data"),
            Column.SOURCE: self.tr("Source"),
            Column.RECORDS: self.tr("Records held"),
            Column.LAST_SYNCED: self.tr("Last synced"),
            Column.AGE: self.tr("Age"),
        }[column]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._cells is None:
            self._cells = [[self._cell_roles(row, column) for column in Column]
                           for row in self._rows]
        row, column = index.row(), index.column()
        if not index.isValid() or not 0 <= row < len(self._cells):
            return None
        return self._cells[row][column].get(role)

    def _cell_roles(self, row: FeedRow, column: Column) -> dict[int, Any]:
        roles = (Qt.ItemDataRole.DisplayRole, SORT_ROLE, Qt.ItemDataRole.TextAlignmentRole,
                 Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole)
        found = {int(role): self._value(row, column, role) for role in roles}
        return {role: value for role, value in found.items() if value is not None}

    def _value(self, row: FeedRow, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.RECORDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.AGE and self._stale(row):
            return STALE_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.FEED:
            return row.feed  # the contract's name, for people who talk to the backend's admins
        return None

    def _display(self, row: FeedRow, column: Column) -> str:
        now = self._clock()
        match column:
            case Column.FEED:
                return feed_name(row.feed)
            case Column.SOURCE:
                return row.source
            case Column.RECORDS:
                return NOT_YET if row.records is None else count_text(row.records)
            case Column.LAST_SYNCED:
                if row.synced_at is None:
                    return NOT_YET
                return clock_text(row.synced_at, now, seconds=True)
            case Column.AGE:
                if row.synced_at is None:
                    return NOT_YET
                age = age_text(elapsed(row.synced_at, now))
                if self._stale(row):
                    # The word as well as the colour: colour alone fails some readers.
                    return self.tr("{age} · stale").format(age=age)
                return age

    def _sort_value(self, row: FeedRow, column: Column) -> Any:
        match column:
            case Column.FEED:
                return feed_order(row.feed)
            case Column.SOURCE:
                return row.source
            case Column.RECORDS:
                return -1 if row.records is None else row.records
            case Column.LAST_SYNCED:
                return 0.0 if row.synced_at is None else row.synced_at.timestamp()
            case Column.AGE:
                # Never synced counts as the oldest.
                return float("inf") if row.synced_at is None else (
                    self._clock() - row.synced_at).total_seconds()

    def _stale(self, row: FeedRow) -> bool:
        return row.synced_at is not None and (
            self._clock() - row.synced_at > stale_after(row.feed))

    # -- keeping up --------------------------------------------------------------------------
    def _on_counts_changed(self) -> None:
        rows = self._sorted(self._counts.rows())
        if [(r.source, r.feed) for r in rows] == [(r.source, r.feed) for r in self._rows]:
            self._rows = rows
            self._cells = None
            self._changed(Column.RECORDS, Column.AGE)
            return
        # Rows come and go rarely (a feed's first sync): a reset is simplest and cheap here.
        self.beginResetModel()
        self._rows = rows
        self._cells = None
        self.endResetModel()

    def refresh_ages(self) -> None:
        """Ages move with the clock, not only with the cache; a timer calls this."""
        self._cells = None
        self._changed(Column.LAST_SYNCED, Column.AGE)

    def _changed(self, first: Column, last: Column) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, first), self.index(len(self._rows) - 1, last))
