"""Search by lot, serial, work order, sales order or supplier lot; hits listed by kind.

A hit leading to one lot opens it when chosen; one leading to several (a work order, a sales
order) lists its lots beneath it, each to choose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.analytics.trace import SearchHit
from widgets.traceability.trace_texts import TraceTexts

LOT_ROLE = Qt.ItemDataRole.UserRole + 1


class SearchPanel(QWidget):
    search_requested = Signal(str)
    lot_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setPlaceholderText(self.tr("Lot, serial, work order, sales order or supplier "
                                              "lot"))
        self.field.setClearButtonEnabled(True)
        self.field.returnPressed.connect(self._on_return)
        self.status = QLabel(self._hint())
        self.status.setWordWrap(True)
        self.status.setObjectName("traceSearchStatus")
        self.results = QTreeWidget()
        self.results.setHeaderHidden(True)
        self.results.setUniformRowHeights(True)
        self.results.itemActivated.connect(self._on_activated)
        self.results.itemClicked.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

    def _hint(self) -> str:
        return self.tr("Type a number and press Enter to find the lots it leads to.")

    def _on_return(self) -> None:
        text = self.field.text().strip()
        if text:
            self.status.setText(self.tr("Searching…"))
            self.search_requested.emit(text)

    def show_hits(self, text: str, hits: Sequence[SearchHit],
                  lot_number: Callable[[str], str]) -> None:
        self.results.clear()
        if not hits:
            self.status.setText(self.tr("Nothing found for “{text}”.").format(text=text))
            return
        self.status.setText(self.tr("Found for “{text}”:").format(text=text))
        groups: dict[str, QTreeWidgetItem] = {}
        for hit in hits:
            group = groups.get(hit.kind)
            if group is None:
                group = QTreeWidgetItem([TraceTexts.search_kind(hit.kind)])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                groups[hit.kind] = group
                self.results.addTopLevelItem(group)
            group.addChild(self._hit_item(hit, lot_number))
        self.results.expandAll()
        first = self._first_lot_item()
        if first is not None:
            self.results.setCurrentItem(first)

    def _hit_item(self, hit: SearchHit, lot_number: Callable[[str], str]) -> QTreeWidgetItem:
        numbers = [lot_number(lot_id) for lot_id in hit.lot_ids]
        if len(hit.lot_ids) == 1:
            text = hit.key if numbers[0] == hit.key else f"{hit.key} → {numbers[0]}"
            item = QTreeWidgetItem([text])
            item.setData(0, LOT_ROLE, hit.lot_ids[0])
            return item
        item = QTreeWidgetItem([f"{hit.key} · {TraceTexts.lots_count(len(hit.lot_ids))}"])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        for lot_id, number in zip(hit.lot_ids, numbers, strict=True):
            child = QTreeWidgetItem([number])
            child.setData(0, LOT_ROLE, lot_id)
            item.addChild(child)
        return item

    def _first_lot_item(self) -> QTreeWidgetItem | None:
        stack = [self.results.topLevelItem(i) for i in range(self.results.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            if item.data(0, LOT_ROLE):
                return item
            stack[0:0] = [item.child(i) for i in range(item.childCount())]
        return None

    def lot_items(self) -> list[tuple[str, str]]:
        """(text, lot id) of every choosable row, top to bottom: what a test reads."""
        found = []
        stack = [self.results.topLevelItem(i) for i in range(self.results.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            lot_id = item.data(0, LOT_ROLE)
            if lot_id:
                found.append((item.text(0), lot_id))
            stack[0:0] = [item.child(i) for i in range(item.childCount())]
        return found

    def choose(self, lot_id: str) -> None:
        self.lot_chosen.emit(lot_id)

    def _on_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        lot_id = item.data(0, LOT_ROLE)
        if lot_id:
            self.lot_chosen.emit(lot_id)
