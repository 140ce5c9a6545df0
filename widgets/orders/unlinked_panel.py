""""Not linked": open order lines no work order could be found for, and open work orders no
order line could be found for, each with why, and which rules were in force."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
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
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
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
        self.items: list[Item] = []
        self.customers: dict[str, str] = {}  # customer id -> name
        self._reasons: dict[int, str] = {}

    def headers(self) -> list[str]:
        return [self.tr("What"), self.tr("Number"), self.tr("Customer"), self.tr("Product"),
                self.tr("Quantity"), self.tr("Needed by"), self.tr("Why not linked")]

    def set_items(self, lines: list[UnlinkedLine], work_orders: list[UnlinkedWorkOrder],
                  customers: dict[str, str]) -> None:
        self.beginResetModel()
        self.items = [*lines, *work_orders]
        self.customers = customers
        self._reasons = {}
        self.endResetModel()

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
        text = self._reasons.get(row)
        if text is None:
            text = self._reasons[row] = reasons_text(self.items[row].reasons)
        return text

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        column = UnlinkedColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), item, column)
        if role == SORT_ROLE:
            if column == UnlinkedColumn.DATE:
                day = item.need_date if isinstance(item, UnlinkedLine) else item.due_date
                return day.toordinal() if day is not None else 10_000_000
            if column == UnlinkedColumn.QUANTITY:
                return float(item.quantity)
            return self._text(index.row(), item, column).casefold()
        if role == ITEM_ROLE:
            return item
        if role == Qt.ItemDataRole.ToolTipRole and column == UnlinkedColumn.REASON:
            return self.reason(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole and column == UnlinkedColumn.QUANTITY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: int, item: Item, column: UnlinkedColumn) -> str:
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
                return self.reason(row)


class UnlinkedFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:  # noqa: N802
        return bool(left.data(SORT_ROLE) < right.data(SORT_ROLE))


class UnlinkedPanel(QWidget):
    rules_requested = Signal()
    order_requested = Signal(str)  # an order id: show it among the order lines

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = UnlinkedModel(self)
        self.proxy = UnlinkedFilter(self)
        self.proxy.setSourceModel(self.model)
        self.summary = QLabel()
        self.summary.setObjectName("unlinkedSummary")
        self.summary.setWordWrap(True)
        self.rules = QLabel()
        self.rules.setObjectName("sectionNote")
        self.rules.setWordWrap(True)
        self.rules_button = QPushButton(self.tr("Linking rules…"))
        self.table = QTableView()
        self.table.setObjectName("unlinkedTable")
        self.table.setModel(self.proxy)
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
        top.addWidget(self.rules_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.rules)
        layout.addWidget(self.table, 1)
        self.rules_button.clicked.connect(self.rules_requested)
        self.table.doubleClicked.connect(self._open)

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
