"""A backward or forward trace as a lazy tree: a lot's parents (or children) are taken from its
lineage's part of the genealogy (read in the worker when the lot was opened, held in memory)
only when its row is expanded, in batches, so a raw lot consumed into thousands of lots opens
at once.

While the lineage is being read the tree shows the lot's row alone, not expandable
(`show_reading`); `fill` then completes that same row, so indexes taken meanwhile stay valid.

A lot already on the path above closes a cycle (bad data): it shows, marked in words, and has
no children, so expanding never loops.
"""

from __future__ import annotations

from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.analytics.trace import BACKWARD, Genealogy, LotInfo
from widgets.traceability.trace_names import Names
from widgets.traceability.trace_texts import TraceTexts, quantity_text, time_text

BATCH = 200  # rows fetched per fetchMore
LOT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CYCLE_COLOUR = QColor("#b35c00")

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    LOT = 0
    PRODUCT = 1
    KIND = 2
    QUANTITY = 3
    UNIT = 4
    WORK_ORDER = 5
    MACHINE = 6
    CREATED = 7


class Node:
    """One row: a lot as reached along one path (the same lot may hang under two parents)."""

    __slots__ = ("children", "cycle", "lot", "parent", "path", "pending", "quantity", "row")

    def __init__(self, lot: LotInfo | None, quantity: Decimal | None, parent: Node | None,
                 row: int, cycle: bool = False) -> None:
        self.lot = lot
        self.quantity = quantity
        self.parent = parent
        self.row = row
        self.cycle = cycle
        self.children: list[Node] = []
        self.pending: list[tuple[LotInfo, Decimal]] | None = None  # None: not read yet
        above = parent.path if parent is not None else frozenset()
        self.path: frozenset[str] = above | {lot.id} if lot is not None else above


class LineageModel(QAbstractItemModel):
    def __init__(self, direction: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.direction = direction
        self.genealogy: Genealogy | None = None
        self.names = Names()
        self._root = Node(None, None, None, 0)

    # -- content ---------------------------------------------------------------------------
    def set_root(self, genealogy: Genealogy | None, lot_id: str | None, names: Names) -> None:
        lot = genealogy.lot(lot_id) if genealogy is not None and lot_id else None
        self._reset(genealogy, names, lot, lot.quantity if lot is not None else None)

    def show_reading(self, lot_id: str) -> None:
        """`lot_id`'s row alone, as a lot not read yet, until `fill` brings its lineage."""
        self._reset(None, self.names, LotInfo.unknown(lot_id), None)

    def _reset(self, genealogy: Genealogy | None, names: Names, lot: LotInfo | None,
               quantity: Decimal | None) -> None:
        self.beginResetModel()
        self.genealogy = genealogy
        self.names = names
        self._root = Node(None, None, None, 0)
        if lot is not None:
            self._root.children = [Node(lot, quantity, self._root, 0)]
        self._root.pending = []
        self.endResetModel()

    def fill(self, genealogy: Genealogy, names: Names) -> bool:
        """Complete the row shown by `show_reading` in place; False (nothing done) if the tree
        shows something else or the cache does not hold the lot."""
        top = self._root.children[0] if self._root.children else None
        if self.genealogy is not None or top is None or top.lot is None:
            return False
        lot = genealogy.lot(top.lot.id)
        if lot is None:
            return False
        self.genealogy, self.names = genealogy, names
        top.lot, top.quantity = lot, lot.quantity
        self.dataChanged.emit(self.index(0, 0), self.index(0, len(Column) - 1))
        return True

    def root_lot_id(self) -> str | None:
        return self._root.children[0].lot.id if self._root.children else None

    def _links(self, node: Node) -> list[tuple[LotInfo, Decimal]]:
        if self.genealogy is None:
            return []  # still being read
        if node.pending is None:
            assert node.lot is not None
            lot_id = node.lot.id
            node.pending = (self.genealogy.parents(lot_id) if self.direction == BACKWARD
                            else self.genealogy.children(lot_id))
        return node.pending

    def node(self, index: Index) -> Node:
        if not index.isValid():
            return self._root
        return index.internalPointer()

    def lot_at(self, index: Index) -> LotInfo | None:
        return self.node(index).lot

    # -- structure -------------------------------------------------------------------------
    def index(self, row: int, column: int,
              parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(Column) or (parent.isValid() and parent.column() != 0):
            return QModelIndex()
        node = self.node(parent)
        if 0 <= row < len(node.children):
            return self.createIndex(row, column, node.children[row])
        return QModelIndex()

    def parent(self, index: Index | None = None) -> Any:  # type: ignore[override]
        if index is None:  # QObject.parent()
            return super().parent()
        if not index.isValid():
            return QModelIndex()
        above = index.internalPointer().parent
        if above is None or above is self._root:
            return QModelIndex()
        return self.createIndex(above.row, 0, above)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return len(Column)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        if parent.isValid() and parent.column() != 0:
            return False
        node = self.node(parent)
        if node.children:
            return True
        if node is self._root or node.cycle:
            return False
        # A dict lookup in memory: cheap enough to draw the expand arrow honestly.
        return bool(self._links(node))

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802 (Qt's name)
        if parent.isValid() and parent.column() != 0:
            return False
        node = self.node(parent)
        if node is self._root or node.cycle:
            return False
        return len(node.children) < len(self._links(node))

    def fetchMore(self, parent: Index) -> None:  # noqa: N802 (Qt's name)
        if not self.canFetchMore(parent):
            return
        node = self.node(parent)
        links = self._links(node)
        first = len(node.children)
        batch = links[first:first + BATCH]
        self.beginInsertRows(parent, first, first + len(batch) - 1)
        for offset, (lot, quantity) in enumerate(batch):
            node.children.append(Node(lot, quantity, node, first + offset,
                                      cycle=lot.id in node.path))
        self.endInsertRows()

    # -- data ------------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(Column)):
            return TraceTexts.column(Column(section))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        lot = node.lot
        if lot is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(node, lot, Column(index.column()))
        if role == Qt.ItemDataRole.ToolTipRole and node.cycle:
            return TraceTexts.cycle_tooltip()
        if role == Qt.ItemDataRole.ForegroundRole and node.cycle:
            return QBrush(CYCLE_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == Column.QUANTITY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == LOT_ID_ROLE:
            return lot.id
        return None

    def _display(self, node: Node, lot: LotInfo, column: Column) -> str:
        names = self.names
        match column:
            case Column.LOT:
                if node.cycle:
                    return TraceTexts.cycle_label(lot.number)
                return lot.number
            case Column.PRODUCT:
                return names.product(lot.product_id)
            case Column.KIND:
                return TraceTexts.kind(lot.kind)
            case Column.QUANTITY:
                return quantity_text(node.quantity)
            case Column.UNIT:
                return lot.unit
            case Column.WORK_ORDER:
                return names.work_order(lot.work_order_id)
            case Column.MACHINE:
                return names.machine(lot.machine_id)
            case Column.CREATED:
                return time_text(lot.created_at) if lot.kind != "unknown" else ""
        return ""
