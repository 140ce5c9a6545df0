"""The order lines table: whole rows selected, fixed row heights, painted progress and risk."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from widgets.orders.orders_model import Column
from widgets.orders.progress_delegate import ProgressDelegate, RiskBadgeDelegate

# Widths in pixels that fit typical values; measuring 100,000 rows would not scale.
WIDTHS = {Column.ORDER: 78, Column.LINE: 38, Column.CUSTOMER: 150, Column.PO: 86,
          Column.PRODUCT: 64, Column.QUANTITY: 70, Column.REQUESTED: 84, Column.PROMISED: 84,
          Column.PREDICTED: 146, Column.PROGRESS: 92, Column.STATUS: 92, Column.RISK: 78,
          Column.REASON: 220}
ROW_HEIGHT = 26


class OrdersTable(QTableView):
    # Risk sorts worst first, then by the earliest promise: what needs attention on top.
    default_sort_column = Column.RISK

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ordersTable")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.progress_delegate = ProgressDelegate(self)
        self.risk_delegate = RiskBadgeDelegate(self)
        self.setItemDelegateForColumn(Column.PROGRESS, self.progress_delegate)
        self.setItemDelegateForColumn(Column.RISK, self.risk_delegate)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(32)
        for column, width in WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.setSortingEnabled(True)
