"""The complaints table: whole rows selected, fixed row heights, no ResizeToContents."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from widgets.complaints.complaints_model import Column

# Widths in pixels that fit typical values; measuring every row would not scale.
WIDTHS = {Column.NUMBER: 88, Column.CUSTOMER: 130, Column.ORDER: 66, Column.PRODUCT: 110,
          Column.LOT: 124, Column.CATEGORY: 70, Column.SEVERITY: 64, Column.STATUS: 88,
          Column.AGE: 46}


class ComplaintTable(QTableView):
    # Status sorts by urgency: open first, then most severe, then oldest.
    default_sort_column = Column.STATUS

    def __init__(self, proxy: QSortFilterProxyModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaintsTable")
        self.setModel(proxy)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(26)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        header.setSectionResizeMode(Column.PRODUCT, QHeaderView.ResizeMode.Stretch)
