"""The Traceability view: "Which customers got parts from supplier lot R-55?"

Search on the left; the chosen lot's backward and forward traces in tabs (lazy trees that
expand over the lot's lineage, held in memory); the selected lot's process context below;
"Recall scope…" lists every shipment of the lot or of what was made from it.

Nothing loads the whole genealogy: opening a lot reads only its lineage (the lots and links
its two traces reach, one recursive query each way), and search, recall scope and process
context query the cache too, so a cache of a million links answers as fast as a small one.
Every read runs in the views' single worker, so reads never overlap and results come back in
the order asked; a cache change reads the open lot's lineage again and rebuilds its trees.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.analytics.trace import BACKWARD, FORWARD, Genealogy, Lineage, LotInfo, SearchHit
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.runtime import lot_search
from app.runtime.lineage import lineage_from_cache, lots_from_cache
from app.sync.bridge import SyncBridge
from widgets.common.background import Background
from widgets.common.cache_counts import CacheCounts
from widgets.common.empty_state import EmptyState
from widgets.common.table_export import export_button
from widgets.traceability.context_panel import ContextPanel
from widgets.traceability.lineage_model import Column, LineageModel
from widgets.traceability.search_panel import SearchPanel
from widgets.traceability.trace_load import TraceData, load_trace_data
from widgets.traceability.trace_names import Names, load_names
from widgets.traceability.trace_texts import TraceTexts, quantity_text

if TYPE_CHECKING:
    from widgets.traceability.recall_dialog import RecallDialog

log = logging.getLogger(__name__)

GENEALOGY_FEEDS = frozenset({"mes.lots", "mes.genealogy"})
NAME_FEEDS = frozenset({"mes.products", "mes.work_orders", "mes.equipment"})


class TraceabilityView(QWidget):
    FEEDS = ("mes.lots", "mes.genealogy", "crm.shipments")
    loaded = Signal()  # sources, names and the first lot were read (or found missing), shown
    trace_shown = Signal(str)  # lot id whose lineage was read and shown (or found missing)
    searched = Signal()  # search hits (or "nothing found") shown
    context_shown = Signal(str)  # lot id whose process context is shown
    recall_opened = Signal(object)  # the RecallDialog
    traces_reset = Signal()  # the trees were rebuilt after a cache change

    def __init__(self, counts: CacheCounts, bridge: SyncBridge | None = None,
                 store: CacheStore | None = None,
                 clock: Callable[[], datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = counts
        self.store = store
        self._clock = clock or (lambda: datetime.now(UTC))
        self.background = Background(self)
        self.data: TraceData | None = None
        self.lineage: Lineage | None = None  # of the lot whose trees are shown
        self._opening: str | None = None  # the lot whose lineage is being read
        self._started = False
        self._loading = False
        self._reload_wanted = False
        self._pending_open: tuple[str, str] | None = None
        self._context_lot: str | None = None
        self.recall_dialog: RecallDialog | None = None

        self.empty_state = EmptyState(self._no_lots_title(), self._no_lots_text())
        self.content = self._build_content()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        if bridge is not None:
            bridge.cache_changed.connect(self._on_cache_changed)
        counts.changed.connect(self._on_counts_changed)

    # -- texts -----------------------------------------------------------------------------
    def _no_lots_title(self) -> str:
        return self.tr("No lots cached yet")

    def _no_lots_text(self) -> str:
        return self.tr(
            "Backward and forward traces appear here once the sync engine has read "
            "lots and their genealogy from the MES.")

    def _backward_title(self) -> str:
        return self.tr("Backward (where it came from)")

    def _forward_title(self) -> str:
        return self.tr("Forward (where it went)")

    # -- building --------------------------------------------------------------------------
    def _build_content(self) -> QWidget:
        self.search_panel = SearchPanel()
        self.search_panel.search_requested.connect(self.search)
        self.search_panel.lot_chosen.connect(lambda lot_id: self.open_lot(lot_id))

        self.lot_title = QLabel(self.tr("No lot chosen yet: search for one on the left."))
        self.lot_title.setObjectName("traceLotTitle")
        self.lot_title.setWordWrap(True)
        self.recall_button = QPushButton(self.tr("Recall scope…"))
        self.recall_button.setToolTip(self.tr(
            "Every shipment of this lot or of anything made from it, with orders, customers "
            "and contacts"))
        self.recall_button.setEnabled(False)
        self.recall_button.clicked.connect(self.show_recall_scope)
        # The trace in front, its expanded rows as shown, each with its level.
        self.export = export_button(self, lambda: self.trees[self.current_direction()],
                                    "trace")
        self.export.button.setEnabled(False)
        header = QHBoxLayout()
        header.addWidget(self.lot_title, 1)
        header.addWidget(self.export)
        header.addWidget(self.recall_button)

        self.models = {BACKWARD: LineageModel(BACKWARD, self), FORWARD: LineageModel(FORWARD, self)}
        self.trees: dict[str, QTreeView] = {}
        self.tabs = QTabWidget()
        for direction, title in ((BACKWARD, self._backward_title()),
                                 (FORWARD, self._forward_title())):
            tree = self._tree(self.models[direction])
            self.trees[direction] = tree
            self.tabs.addTab(tree, title)

        trace_box = QWidget()
        trace_layout = QVBoxLayout(trace_box)
        trace_layout.setContentsMargins(0, 0, 0, 0)
        trace_layout.addLayout(header)
        trace_layout.addWidget(self.tabs, 1)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.search_panel)
        top.addWidget(trace_box)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 4)
        top.setSizes([260, 1000])

        self.context_panel = ContextPanel()
        main = QSplitter(Qt.Orientation.Vertical)
        main.addWidget(top)
        main.addWidget(self.context_panel)
        main.setStretchFactor(0, 3)
        main.setStretchFactor(1, 2)
        main.setSizes([420, 240])
        wrapper = QWidget()
        box = QVBoxLayout(wrapper)
        box.setContentsMargins(8, 8, 8, 8)
        box.addWidget(main)
        return wrapper

    def _tree(self, model: LineageModel) -> QTreeView:
        tree = QTreeView()
        tree.setModel(model)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        header = tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((Column.LOT, 200), (Column.PRODUCT, 130), (Column.KIND, 80),
                              (Column.QUANTITY, 70), (Column.UNIT, 40),
                              (Column.WORK_ORDER, 80), (Column.MACHINE, 120)):
            header.resizeSection(column, width)
        tree.selectionModel().selectionChanged.connect(
            lambda selected, _old, t=tree: self._on_tree_selection(t, selected))
        return tree

    # -- starting lazily -------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._started and self.store is not None:
            self._started = True
            self._load()

    def _load(self) -> None:
        store = self.store
        if store is None:
            return
        if self._loading:
            self._reload_wanted = True  # what arrived meanwhile may be missing from that read
            return
        self._reload_wanted = False
        self._loading = True
        self.empty_state.set_texts(self.tr("Reading lots and their genealogy…"), "")
        # A lot asked for already is read in the same job: its trees are the first answer.
        lot_id = self._pending_open[0] if self._pending_open is not None else None
        self.background.run(lambda: load_trace_data(store, lot_id), self._on_loaded,
                            self._on_failed)

    def _on_loaded(self, data: TraceData) -> None:
        self._loading = False
        self.data = data
        if self._reload_wanted:
            self._load()
        if not data.has_lots:
            self.empty_state.set_texts(self._no_lots_title(), self._no_lots_text())
            self.stack.setCurrentWidget(self.empty_state)
            self.loaded.emit()
            return
        self.stack.setCurrentWidget(self.content)
        pending, self._pending_open = self._pending_open, None
        first = data.first
        if pending is not None and (first is None or first.lot_id != pending[0]):
            self.open_lot(*pending)  # asked for while that read ran
        elif first is not None and (pending is not None or self.current_lot_id() is None):
            self._show_lineage(first, pending[1] if pending is not None else BACKWARD)
        self.loaded.emit()

    def _on_failed(self, error: BaseException) -> None:
        self._loading = False
        self.empty_state.set_texts(self.tr("Lots could not be read from the cache"),
                                   str(error))
        self.stack.setCurrentWidget(self.empty_state)
        self.loaded.emit()

    def _on_counts_changed(self) -> None:
        # Lots arrived in an empty cache: read them now rather than on the next change.
        if (self._started and not self._loading and self.data is not None
                and self.data.mes is None and self.counts.records("mes.lots")):
            self._load()

    # -- public ----------------------------------------------------------------------------
    def open_lot(self, lot_id: str, direction: str = BACKWARD) -> None:
        """Show `lot_id`'s traces, the `direction` ("backward"/"forward") tab in front, the
        lot selected. Its lineage is read in the worker while the trees show the lot's row alone
        (`trace_shown` once read). Before the view's first read, the request joins that read."""
        data, store = self.data, self.store
        if data is None or data.mes is None or store is None:
            self._pending_open = (lot_id, direction)
            if not self._started and store is not None and self.isVisible():
                self._started = True
                self._load()
            return
        mes = data.mes
        self._opening = lot_id
        for model in self.models.values():
            model.show_reading(lot_id)
        self.lot_title.setText(self.tr("Reading lots and their genealogy…"))
        self.recall_button.setEnabled(data.crm is not None)  # it reads the cache itself
        self.export.button.setEnabled(False)
        self.tabs.setCurrentWidget(self.trees[FORWARD if direction == FORWARD else BACKWARD])
        self.background.run(lambda: lineage_from_cache(store, mes, lot_id),
                            lambda lineage: self._on_lineage(lineage, direction),
                            self._on_lineage_failed)

    def current_lot_id(self) -> str | None:
        return self.models[BACKWARD].root_lot_id()

    def current_direction(self) -> str:
        return FORWARD if self.tabs.currentWidget() is self.trees[FORWARD] else BACKWARD

    def search(self, text: str) -> None:
        data, store = self.data, self.store
        if data is None or data.mes is None or store is None:
            return
        mes, crm = data.mes, data.crm

        def find() -> tuple[list[SearchHit], dict[str, LotInfo]]:
            hits = lot_search.search(store, mes, text, crm)
            return hits, lots_from_cache(store, mes, {i for hit in hits for i in hit.lot_ids})

        self.background.run(find, lambda found: self._on_hits(text, *found),
                            self._on_search_failed)

    def show_recall_scope(self) -> None:
        from app.runtime.recall_scope import recall_scope

        data, store, lot_id = self.data, self.store, self.current_lot_id()
        if data is None or data.mes is None or data.crm is None or store is None \
                or lot_id is None:
            return
        mes, crm = data.mes, data.crm
        self.recall_button.setEnabled(False)
        self.background.run(lambda: recall_scope(store, mes, crm, lot_id),
                            lambda rows: self._on_recall(lot_id, rows), self._on_recall_failed)

    # -- results ---------------------------------------------------------------------------
    def _on_lineage(self, lineage: Lineage, direction: str) -> None:
        if lineage.lot_id != self._opening:
            return  # another lot was opened meanwhile; its lineage follows
        self._opening = None
        self._show_lineage(lineage, direction)

    def _on_lineage_failed(self, error: BaseException) -> None:
        self._opening = None
        self._show_previous()
        self.lot_title.setText(f"{self.tr('Lots could not be read from the cache')}: {error}")

    def _show_previous(self) -> None:
        """The trees go back to the lot shown before the one that could not be shown."""
        assert self.data is not None
        previous = self.lineage
        for d, model in self.models.items():
            model.set_root(_part(previous, d), previous.lot_id if previous else None,
                           self.data.names)

    def _show_lineage(self, lineage: Lineage, direction: str) -> None:
        assert self.data is not None
        names = self.data.names
        lot = lineage.lot()
        if lot is None:
            self._show_previous()
            self.lot_title.setText(self.tr("Lot {lot} is not in the cache.").format(
                lot=lineage.lot_id))
            self.trace_shown.emit(lineage.lot_id)
            return
        self.lineage = lineage
        for d, model in self.models.items():
            # In place if the lot's row shows as being read: indexes taken from it stay valid.
            if not model.fill(_part(lineage, d), names):
                model.set_root(_part(lineage, d), lineage.lot_id, names)
        self._show_title(lot)
        self.recall_button.setEnabled(self.data.crm is not None)
        self.export.button.setEnabled(True)
        self.export.default_name = f"trace-{lot.number}"
        tree = self.trees[FORWARD if direction == FORWARD else BACKWARD]
        self.tabs.setCurrentWidget(tree)
        for each in self.trees.values():
            _expand(each, each.model().index(0, 0))
        tree.selectionModel().clear()  # selecting it again shows its process context
        tree.setCurrentIndex(tree.model().index(0, 0))
        self.stack.setCurrentWidget(self.content)
        self.trace_shown.emit(lineage.lot_id)

    def _show_title(self, lot: LotInfo) -> None:
        assert self.data is not None
        parts = [self.tr("Lot {lot}").format(lot=lot.number),
                 self.data.names.product(lot.product_id), TraceTexts.kind(lot.kind),
                 f"{quantity_text(lot.quantity)} {lot.unit}".strip()]
        if lot.supplier_lot:
            parts.append(self.tr("supplier lot {lot} ({supplier})").format(
                lot=lot.supplier_lot, supplier=lot.supplier or "?"))
        self.lot_title.setText(" · ".join(p for p in parts if p))

    def _on_hits(self, text: str, hits: list[SearchHit], lots: dict[str, LotInfo]) -> None:
        def number(lot_id: str) -> str:
            lot = lots.get(lot_id)
            return lot.number if lot is not None else lot_id

        self.search_panel.show_hits(text, hits, number)
        if len(self.search_panel.lot_items()) == 1:  # one answer: no need to click it
            self.open_lot(self.search_panel.lot_items()[0][1])
        self.searched.emit()

    def _on_search_failed(self, error: BaseException) -> None:
        self.search_panel.status.setText(self.tr("The search failed: {error}").format(
            error=error))
        self.searched.emit()

    def _on_tree_selection(self, tree: QTreeView, selected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        lot = tree.model().lot_at(indexes[0])
        if lot is not None:
            self._request_context(lot)

    def _request_context(self, lot: LotInfo) -> None:
        data, store = self.data, self.store
        if data is None or data.mes is None or store is None or lot.kind == "unknown":
            return
        self._context_lot = lot.id
        self.context_panel.show_loading(lot.number)
        mes, names = data.mes, data.names
        # The process context pulls in the SPC analytics (numpy): loaded when first needed.
        from widgets.traceability.context_data import compute_context

        self.background.run(lambda: compute_context(store, mes, lot, names),
                            lambda context: self._on_context(lot, context),
                            self._on_context_failed)

    def _on_context(self, lot: LotInfo, context: Any) -> None:
        if lot.id != self._context_lot:
            return  # another lot was selected meanwhile; its context follows
        self.context_panel.show_context(lot.number, context)
        self.context_shown.emit(lot.id)

    def _on_context_failed(self, error: BaseException) -> None:
        self.context_panel.lot_label.setText(
            self.tr("The process context could not be read: {error}").format(error=error))

    def _on_recall(self, lot_id: str, rows: list[Any]) -> None:
        self.recall_button.setEnabled(True)
        assert self.data is not None
        lineage = self.lineage
        lot = lineage.lot() if lineage is not None and lineage.lot_id == lot_id else None
        from widgets.traceability.recall_dialog import RecallDialog  # the exports: on demand

        self.recall_dialog = RecallDialog(lot.number if lot else lot_id, rows,
                                          self.data.names, self)
        self.recall_dialog.open()
        self.recall_opened.emit(self.recall_dialog)

    def _on_recall_failed(self, error: BaseException) -> None:
        self.recall_button.setEnabled(True)
        self.lot_title.setText(self.tr("The recall scope could not be read: {error}").format(
            error=error))

    # -- keeping up with the cache ---------------------------------------------------------
    def _on_cache_changed(self, changes: ChangeSet) -> None:
        data, store = self.data, self.store
        kinds = changes.kinds
        if data is None or store is None or not kinds & (GENEALOGY_FEEDS | NAME_FEEDS):
            return
        mes = data.mes
        if mes is None or self.stack.currentWidget() is self.empty_state:
            # Nothing shown yet: read everything afresh, the default lot included.
            if kinds & GENEALOGY_FEEDS:
                self._load()
            return
        # The open lot's lineage predates the change: read it again (it is small).
        lot_id = self.current_lot_id() if kinds & GENEALOGY_FEEDS else None

        def reread() -> tuple[Names, Lineage | None]:
            names = load_names(store, mes) if kinds & NAME_FEEDS else data.names
            return names, lineage_from_cache(store, mes, lot_id) if lot_id else None

        self.background.run(reread, lambda found: self._on_reread(*found),
                            lambda _error: self.traces_reset.emit())

    def _on_reread(self, names: Names, lineage: Lineage | None) -> None:
        assert self.data is not None
        self.data = replace(self.data, names=names)
        lineage = lineage or self.lineage
        # A lot opened meanwhile is shown by its own read, with these names.
        if lineage is not None and self._opening is None \
                and lineage.lot_id == self.current_lot_id():
            expanded = {d: self._expanded_paths(d) for d in self.trees}
            self._show_lineage(lineage, self.current_direction())
            for d, paths in expanded.items():
                self._expand_paths(d, paths)
        self.traces_reset.emit()

    def _expanded_paths(self, direction: str) -> list[tuple[str, ...]]:
        """Lot-id paths of the expanded rows, to open them again after a rebuild."""
        tree, model = self.trees[direction], self.models[direction]
        found: list[tuple[str, ...]] = []
        stack = [(model.index(0, 0), ())]
        while stack:
            index, above = stack.pop()
            if not index.isValid() or not tree.isExpanded(index):
                continue
            lot = model.lot_at(index)
            path = (*above, lot.id if lot else "")
            found.append(path)
            stack += [(model.index(r, 0, index), path) for r in range(model.rowCount(index))]
        return found

    def _expand_paths(self, direction: str, paths: list[tuple[str, ...]]) -> None:
        tree, model = self.trees[direction], self.models[direction]
        for path in sorted(paths, key=len):
            index = model.index(0, 0)
            for lot_id in path[1:]:
                rows = [model.index(r, 0, index) for r in range(model.rowCount(index))]
                match = [i for i in rows if (lot := model.lot_at(i)) and lot.id == lot_id]
                if not match:
                    break
                index = match[0]
            else:
                _expand(tree, index)


def _part(lineage: Lineage | None, direction: str) -> Genealogy | None:
    if lineage is None:
        return None
    return lineage.backward if direction == BACKWARD else lineage.forward


def _expand(tree: QTreeView, index: Any) -> None:
    # Fetch first: the rows below must exist now, for the paths expanded after this one.
    model = tree.model()
    if model.canFetchMore(index):
        model.fetchMore(index)
    tree.expand(index)
