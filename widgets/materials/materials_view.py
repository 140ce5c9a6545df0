"""The Materials view: items running short within the planning horizon, the order lines each
shortage holds up, and when the receipts arrive."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.analytics.schedule.shortages import ItemOutlook, item_outlook
from widgets.common.background import Background
from widgets.common.empty_state import EmptyState, empty_or_content
from widgets.common.plan_service import PlanResult, PlanService
from widgets.common.table_export import export_button
from widgets.materials.materials_model import MaterialsModel
from widgets.planning.plan_text import day_text, quantity_text


class ShortFilter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.only_short = True
        self.text = ""
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_filter(self, only_short: bool, text: str) -> None:
        self.beginFilterChange()
        self.only_short, self.text = only_short, text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 (Qt's name)
        model: MaterialsModel = self.sourceModel()
        item = model.rows[row]
        if self.only_short and not item.short and item.below_safety_on is None:
            return False
        if self.text:
            name = model.names.get(item.item_id, "")
            return self.text in item.item_id.lower() or self.text in name.lower()
        return True


class MaterialsView(QWidget):
    FEEDS = ("mes.stock", "mes.receipts")

    def __init__(self, planner: PlanService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.planner = planner
        if planner.parent() is None:  # a plan of its own: it goes with the view
            planner.setParent(self)
        self.result: PlanResult | None = None
        self.worker = Background(self)
        self.model = MaterialsModel(self)
        self.proxy = ShortFilter(self)
        self.proxy.setSourceModel(self.model)

        self.empty = EmptyState(
            self.tr("No stock levels from the MES"),
            self.tr("Shortages appear here once the sync engine has read stock levels and "
                    "expected receipts from the MES; until then delivery dates do not check "
                    "materials."))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.only_short = QCheckBox(self.tr("Only items running short or below safety stock"))
        self.only_short.setChecked(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search item or name"))
        self.search.setClearButtonEnabled(True)
        for signal in (self.only_short.toggled, self.search.textChanged):
            signal.connect(self._filter)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.no_match = QLabel(self.tr("No item matches: every item is covered."))
        self.detail_title = QLabel()
        self.detail_title.setWordWrap(True)
        self.waiting = QListWidget()
        self.receipts = QListWidget()
        for listing in (self.waiting, self.receipts):
            # The detail column is narrow: long lines wrap rather than hide behind a scroll bar.
            listing.setWordWrap(True)
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        filters = QHBoxLayout()
        filters.addWidget(self.only_short)
        filters.addStretch(1)
        filters.addWidget(self.search)
        self.export = export_button(self, lambda: self.table, "materials")
        filters.addWidget(self.export)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(QLabel(self.tr("Order lines waiting for it")))
        detail_layout.addWidget(self.waiting, 1)
        detail_layout.addWidget(QLabel(self.tr("Expected receipts")))
        detail_layout.addWidget(self.receipts, 1)
        splitter = QSplitter()
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.no_match)
        splitter.addWidget(table_box)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.summary)
        content_layout.addLayout(filters)
        content_layout.addWidget(splitter, 1)
        self.pages = empty_or_content(self, self.empty, content)

        planner.plan_ready.connect(self._on_plan)
        if planner.result is not None:
            self._on_plan(planner.result.plan)

    def _on_plan(self, _plan) -> None:
        result = self.planner.result
        if result is None:
            return
        self.worker.run(lambda: item_outlook(result.snapshot, result.plan),
                        lambda rows: self._show(result, rows))

    def _show(self, result: PlanResult, rows: list[ItemOutlook]) -> None:
        current = self.current_item()
        self.result = result
        snapshot = result.snapshot
        if not snapshot.stock and not snapshot.receipts:
            self.pages.setCurrentIndex(0)
            return
        names = {pid: p.name for pid, p in snapshot.products.items()}
        self.model.set_rows(rows, names)
        short = sum(1 for r in rows if r.short)
        low = sum(1 for r in rows if not r.short and r.below_safety_on is not None)
        self.summary.setText(self.tr(
            "{short} item(s) short for the plan, {low} more dropping below safety stock; "
            "{items} items tracked.").format(short=short, low=low, items=len(rows)))
        self.pages.setCurrentIndex(1)
        self._filter()
        if current is None and self.proxy.rowCount() > 0:
            current = self.model.rows[self.proxy.mapToSource(self.proxy.index(0, 0)).row()].item_id
        if current is not None:
            self.select_item(current)

    def _filter(self, *_args) -> None:
        self.proxy.set_filter(self.only_short.isChecked(), self.search.text())
        self.no_match.setVisible(self.proxy.rowCount() == 0)
        self.table.setVisible(self.proxy.rowCount() > 0)

    def current_item(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.rows[self.proxy.mapToSource(index).row()].item_id

    def select_item(self, item_id: str) -> bool:
        """Show `item_id` (click-through from an order held up by it)."""
        row = self.model.row_of(item_id)
        if row < 0:
            return False
        if not self.proxy.mapFromSource(self.model.index(row, 0)).isValid():
            self.only_short.setChecked(False)
            self.search.clear()
        self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
        return True

    def _show_detail(self, *_args) -> None:
        self.waiting.clear()
        self.receipts.clear()
        item_id = self.current_item()
        if item_id is None or self.result is None:
            self.detail_title.setText("")
            return
        row = self.model.rows[self.model.row_of(item_id)]
        name = self.model.names.get(item_id, item_id)
        if row.waiting_jobs and row.resolved_on is None:
            self.detail_title.setText(self.tr(
                "{name}: no expected receipt covers what the plan needs.").format(name=name))
        elif row.waiting_jobs:
            self.detail_title.setText(self.tr("{name}: waiting work can start on {date}.")
                                      .format(name=name, date=day_text(row.resolved_on)))
        else:
            self.detail_title.setText(name)
        orders = {o.id: o for o in self.result.snapshot.orders}
        for order_id, line_no in row.waiting_lines:
            order = orders.get(order_id)
            number = order.number if order else order_id
            self.waiting.addItem(f"{number} / {line_no}")
        for receipt in row.receipts:
            self.receipts.addItem(self.tr("{date}: {quantity} {unit} ({po}, {supplier})").format(
                date=day_text(receipt.expected), quantity=quantity_text(receipt.quantity),
                unit=row.unit, po=receipt.purchase_order, supplier=receipt.supplier))
