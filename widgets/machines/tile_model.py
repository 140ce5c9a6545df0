"""The machine tiles as a Qt list model, and the proxy that filters and sorts them.

Updates change tiles in place and announce them with dataChanged: the view repaints the tiles
concerned and never rebuilds the grid (no flicker, no lost scroll position or selection).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from widgets.machines.machine_state import STATE_URGENCY, state_word
from widgets.machines.plant_snapshot import (
    MachineKey,
    MachineTile,
    NodeKey,
    StatusUpdate,
    stray_tile,
)

TILE_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
AnyIndex = QModelIndex | QPersistentModelIndex


class MachineTileModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Set by apply_statuses: a change that can move a tile in the sort or the filter.
        self.order_changed = False
        self._tiles: list[MachineTile] = []
        self._rows: dict[MachineKey, int] = {}

    # -- reading -------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._tiles)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._tiles):
            return None
        tile = self._tiles[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return tile.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(tile)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{tile.name} {state_word(tile.state)}"
        if role == TILE_ROLE:
            return tile
        if role == KEY_ROLE:
            return f"{tile.source}/{tile.id}"
        return None

    def tooltip(self, tile: MachineTile) -> str:
        parts = [f"{tile.name} ({tile.id})", state_word(tile.state)]
        if tile.reason:  # the MES's words, as sent, said to be the reason
            parts[-1] = self.tr("{state}: {reason}").format(state=parts[-1], reason=tile.reason)
        if tile.work_order:
            parts.append(self.tr("Work order {number}").format(number=tile.work_order))
        return " · ".join(parts)

    def tiles(self) -> list[MachineTile]:
        return list(self._tiles)

    def tile(self, key: MachineKey) -> MachineTile | None:
        row = self._rows.get(key)
        return self._tiles[row] if row is not None else None

    def row_of(self, key: MachineKey) -> int | None:
        return self._rows.get(key)

    # -- changing ------------------------------------------------------------------------------
    def reset(self, tiles: list[MachineTile]) -> None:
        """A new plant structure (first load, equipment changed); keeps what the old tiles
        knew that a snapshot does not (OEE, trend) for machines still there."""
        old = {t.key: t for t in self._tiles}
        for tile in tiles:
            before = old.get(tile.key)
            if before is not None:
                tile.oee = before.oee
                if len(before.trend) > len(tile.trend):
                    tile.trend = before.trend
        self.beginResetModel()
        self._tiles = list(tiles)
        self._rows = {t.key: row for row, t in enumerate(self._tiles)}
        self.endResetModel()

    def apply_statuses(self, update: StatusUpdate,
                       work_orders: dict[MachineKey, Any]) -> list[MachineTile]:
        """Live statuses into their tiles; returns tiles added for machines the equipment
        list does not know (they go to the Unassigned group)."""
        added: list[MachineTile] = []
        changed: list[int] = []
        self.order_changed = False
        for source, status in update.statuses:
            row = self._rows.get((source, status.id))
            if row is None:
                tile = stray_tile(source, status.id)
                tile.apply(status, work_orders)
                added.append(tile)
                continue
            tile = self._tiles[row]
            before = (tile.state, tile.work_order, tile.customer, tile.reason)
            tile.apply(status, work_orders)
            if before != (tile.state, tile.work_order, tile.customer, tile.reason):
                self.order_changed = True
            changed.append(row)
        self._announce(changed)
        if added:
            first = len(self._tiles)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            for tile in added:
                self._rows[tile.key] = len(self._tiles)
                self._tiles.append(tile)
            self.endInsertRows()
        return added

    def apply_oee(self, figures: dict[MachineKey, Any]) -> None:
        changed = []
        for key, value in figures.items():
            row = self._rows.get(key)
            if row is not None:
                self._tiles[row].oee = value
                changed.append(row)
        self._announce(changed)

    def touch_all(self) -> None:
        """Repaint every tile (the time in state moves on with the clock)."""
        self._announce(range(len(self._tiles)))

    def _announce(self, rows: Iterable[int]) -> None:
        rows = list(rows)
        if rows:
            # One signal for the span: 500 machines changing each second cost one proxy pass.
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)),
                                  [TILE_ROLE, Qt.ItemDataRole.DisplayRole])


class SortOrder(IntEnum):
    STATE = 0  # down first, then by name
    NAME = 1


class MachineFilterProxy(QSortFilterProxyModel):
    """Tree node, text filter, and sort order over the tile model."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._node: NodeKey | None = None
        self._text = ""
        self._order = SortOrder.STATE
        # Not dynamic: re-sorting 500 tiles on every counter change would stall the UI;
        # the view calls refresh() when a state (the sort key) or a filtered text changes.
        self.setDynamicSortFilter(False)
        self.sort(0)

    def refresh(self) -> None:
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        self.sort(0)

    def set_node(self, node: NodeKey | None) -> None:
        if node != self._node:
            self.beginFilterChange()
            self._node = node
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._text:
            self.beginFilterChange()
            self._text = text
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_order(self, order: SortOrder) -> None:
        if order != self._order:
            self._order = order
            self.refresh()

    def filterAcceptsRow(self, row: int, parent: AnyIndex) -> bool:  # noqa: N802
        tile: MachineTile = self.sourceModel().index(row, 0, parent).data(TILE_ROLE)
        if tile is None:
            return False
        if self._node is not None and self._node not in tile.nodes:
            return False
        if not self._text:
            return True
        haystack = " ".join((tile.name, tile.id, tile.work_center, tile.work_order,
                             tile.customer, tile.reason, state_word(tile.state))).casefold()
        return self._text in haystack

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:  # noqa: N802
        a: MachineTile = left.data(TILE_ROLE)
        b: MachineTile = right.data(TILE_ROLE)
        return self._sort_key(a) < self._sort_key(b)

    def _sort_key(self, tile: MachineTile) -> tuple[int, str, str]:
        urgency = STATE_URGENCY.get(tile.state, 9) if tile.state else 9
        if self._order == SortOrder.NAME:
            urgency = 0
        return (urgency, tile.name.casefold(), tile.id)
