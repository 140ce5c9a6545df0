""""Not linked": open order lines no work order could be found for, and open work orders no
order line could be found for, each with why, and which rules were in force.

The model sorts itself (no QSortFilterProxyModel: it would call Python's lessThan for every
comparison of up to 30,000 items): a sort key per item for the sorted column, made once per list
of items, then one `sorted` of positions. A refresh with the same lists changes nothing."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.analytics.fulfilment import (
    LinkingRules,
    UnlinkedLine,
    UnlinkedWorkOrder,
    quantity_text,
)
from widgets.common.pending_view import count_text
from widgets.orders.order_texts import day_text, key_word, reasons_text, work_order_word

AnyIndex = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2  # the UnlinkedLine or UnlinkedWorkOrder


class UnlinkedColumn(IntEnum):
    KIND = 0
    NUMBER = 1
    CUSTOMER = 2
    PRODUCT = 3
    QUANTITY = 4
    DATE = 5
    REASON = 6


Item = UnlinkedLine | UnlinkedWorkOrder


class UnlinkedModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[Item] = []  # in the analytics' order
        self.customers: dict[str, str] = {}  # customer id -> name
        self._given: tuple[list[UnlinkedLine], list[UnlinkedWorkOrder]] = ([], [])
        self._reasons: dict[int, str] = {}  # by item position
        self._order: list[int] | None = None  # row -> item position; None: the items' order
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder

    def headers(self) -> list[str]:
        return [self.tr("What"), self.tr("Number"), self.tr("Customer"), self.tr("Product"),
                self.tr("Quantity"), self.tr("Needed by"), self.tr("Why not linked")]

    def set_items(self, lines: list[UnlinkedLine], work_orders: list[UnlinkedWorkOrder],
                  customers: dict[str, str]) -> None:
        if (lines is self._given[0] and work_orders is self._given[1]
                and customers == self.customers):
            return  # the same lists (the worker keeps them when equal): nothing to redo
        self.beginResetModel()
        self._given = (lines, work_orders)
        self.items = [*lines, *work_orders]
        self.customers = customers
        self._reasons = {}
        self._order = self._sorted()
        self.endResetModel()

    def item(self, row: int) -> Item:
        return self.items[row if self._order is None else self._order[row]]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        at = [self._position(i.row()) for i in persistent]
        self.sort_column, self.sort_order = column, order
        self._order = self._sorted()
        rows = ({p: r for r, p in enumerate(self._order)} if self._order is not None
                else None)
        moved = [self.index(p if rows is None else rows[p], i.column())
                 for p, i in zip(at, persistent, strict=True)]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _position(self, row: int) -> int:
        return row if self._order is None else self._order[row]

    def _sorted(self) -> list[int] | None:
        if not 0 <= self.sort_column < len(UnlinkedColumn):
            return None
        keys = [self._sort_key(n, item, UnlinkedColumn(self.sort_column))
                for n, item in enumerate(self.items)]
        # sorted() stays stable when reversed: equal items keep the analytics' order.
        return sorted(range(len(keys)), key=keys.__getitem__,
                      reverse=self.sort_order == Qt.SortOrder.DescendingOrder)

    def _sort_key(self, n: int, item: Item, column: UnlinkedColumn) -> Any:
        if column == UnlinkedColumn.DATE:
            day = item.need_date if isinstance(item, UnlinkedLine) else item.due_date
            return day.toordinal() if day is not None else 10_000_000
        if column == UnlinkedColumn.QUANTITY:
            return float(item.quantity)
        return self._text(n, item, column).casefold()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(UnlinkedColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(UnlinkedColumn)):
            return self.headers()[section]
        return None

    def reason(self, row: int) -> str:
        return self._reason(self._position(row))

    def _reason(self, n: int) -> str:
        text = self._reasons.get(n)
        if text is None:
            text = self._reasons[n] = reasons_text(self.items[n].reasons)
        return text

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        n = self._position(index.row())
        item = self.items[n]
        column = UnlinkedColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(n, item, column)
        if role == ITEM_ROLE:
            return item
        if role == Qt.ItemDataRole.ToolTipRole and column == UnlinkedColumn.REASON:
            return self._reason(n)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == UnlinkedColumn.QUANTITY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, n: int, item: Item, column: UnlinkedColumn) -> str:
        """The text of item `n` (its position in `items`) in `column`."""
        line = item if isinstance(item, UnlinkedLine) else None
        wo = item if isinstance(item, UnlinkedWorkOrder) else None
        match column:
            case UnlinkedColumn.KIND:
                return self.tr("Order line") if line else self.tr("Work order")
            case UnlinkedColumn.NUMBER:
                if line is not None:
                    return self.tr("{order} line {line}").format(order=line.order_number,
                                                                 line=line.line_no)
                assert wo is not None
                return f"{wo.number} ({work_order_word(wo.status)})"
            case UnlinkedColumn.CUSTOMER:
                return self.customers.get(line.customer_id, line.customer_id) if line else "—"
            case UnlinkedColumn.PRODUCT:
                return item.product_id
            case UnlinkedColumn.QUANTITY:
                return f"{quantity_text(item.quantity)} {item.unit}"
            case UnlinkedColumn.DATE:
                return day_text(line.need_date if line else wo.due_date if wo else None)
            case UnlinkedColumn.REASON:
                return self._reason(n)


class UnlinkedPanel(QWidget):
    rules_requested = Signal()
    order_requested = Signal(str)  # an order id: show it among the order lines
    release_requested = Signal(object)  # the UnlinkedLine to release to production
    mapping_requested = Signal()  # "Option mapping…"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = UnlinkedModel(self)
        self.summary = QLabel()
        self.summary.setObjectName("unlinkedSummary")
        self.summary.setWordWrap(True)
        self.rules = QLabel()
        self.rules.setObjectName("sectionNote")
        self.rules.setWordWrap(True)
        self.rules_button = QPushButton(self.tr("Linking rules…"))
        self.release_button = QPushButton(self.tr("Release to production"))
        self.release_button.setObjectName("releaseButton")
        self.release_button.setToolTip(self.tr(
            "Create the selected line's work order in the MES: its quantity, a due date from the "
            "promise, the order's priority and its options as production parameters"))
        self.release_button.setEnabled(False)
        self.mapping_button = QPushButton(self.tr("Option mapping…"))
        self.mapping_button.setObjectName("optionMappingButton")
        self.release_status = QLabel()
        self.release_status.setObjectName("releaseStatus")
        self.release_status.setWordWrap(True)
        self.release_status.hide()
        self.can_release = False  # a sync engine takes actions (set by the view)
        self.table = QTableView()
        self.table.setObjectName("unlinkedTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in ((UnlinkedColumn.KIND, 90), (UnlinkedColumn.NUMBER, 170),
                              (UnlinkedColumn.CUSTOMER, 150), (UnlinkedColumn.PRODUCT, 80),
                              (UnlinkedColumn.QUANTITY, 80), (UnlinkedColumn.DATE, 90)):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the analytics' order
        self.table.setSortingEnabled(True)
        self.table.setToolTip(self.tr("Double-click an order line to see its order"))

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.release_button)
        top.addWidget(self.mapping_button)
        top.addWidget(self.rules_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.release_status)
        layout.addWidget(self.rules)
        layout.addWidget(self.table, 1)
        self.rules_button.clicked.connect(self.rules_requested)
        self.mapping_button.clicked.connect(self.mapping_requested)
        self.release_button.clicked.connect(self._release)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_release())
        self.model.modelReset.connect(self._update_release)
        self.table.doubleClicked.connect(self._open)

    def selected_line(self) -> UnlinkedLine | None:
        rows = self.table.selectionModel().selectedRows()
        item = self.model.item(rows[0].row()) if rows else None
        return item if isinstance(item, UnlinkedLine) else None

    def _update_release(self) -> None:
        self.release_button.setEnabled(self.can_release and self.selected_line() is not None)

    def _release(self) -> None:
        line = self.selected_line()
        if line is not None:
            self.release_requested.emit(line)

    def show_release_status(self, text: str, refused: bool = False) -> None:
        self.release_status.setText(text)
        self.release_status.setStyleSheet("color: #c62828;" if refused else "")
        self.release_status.setVisible(bool(text))

    def set_items(self, lines: list[UnlinkedLine], work_orders: list[UnlinkedWorkOrder],
                  customers: dict[str, str], rules: LinkingRules) -> None:
        self.model.set_items(lines, work_orders, customers)
        if not lines and not work_orders:
            self.summary.setText(self.tr(
                "Every open order line and every open work order is linked."))
        else:
            self.summary.setText(self.tr(
                "Open order lines not linked: {lines} · open work orders not linked:"
                " {work_orders}").format(lines=count_text(len(lines)),
                                         work_orders=count_text(len(work_orders))))
        self.rules.setText(self.rules_text(rules))

    def rules_text(self, rules: LinkingRules) -> str:
        keys = " → ".join(key_word(k) for k in rules.keys) or self.tr("none")
        text = self.tr("Links from the MES are used where it gives them; otherwise work orders"
                       " are matched by: {keys}.").format(keys=keys)
        entries = count_text(len(rules.product_map))
        if rules.same_product_codes:
            text += " " + self.tr("Product map: {count} entries; codes not in it are the same"
                                  " in both systems.").format(count=entries)
        elif rules.product_map:
            text += " " + self.tr("Product map: {count} entries.").format(count=entries)
        return text

    def _open(self, index: QModelIndex) -> None:
        item = index.data(ITEM_ROLE)
        if isinstance(item, UnlinkedLine):
            self.order_requested.emit(item.order_id)
