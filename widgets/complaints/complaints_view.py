"""The Complaints view: "A customer complains about lot L-778. What else is affected?"

Filters on top; the complaints (open first, most severe, oldest) on the left; the selected
complaint on the right with the traces of its lot and its actions. Cache reads run in the
views' worker, once per relevant cache change, never on the UI thread.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QScrollArea, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.domain.actions import ActionKind
from app.sync import actions
from app.sync.bridge import SyncBridge
from app.sync.write_support import not_taken
from widgets.common.background import Background
from widgets.common.cache_counts import CacheCounts
from widgets.common.empty_state import EmptyState
from widgets.common.queued_actions import ActionQueue, QueuedActions
from widgets.common.table_export import export_button
from widgets.complaints.complaint_data import ComplaintData, ComplaintRow, LotKey
from widgets.complaints.complaint_detail import ComplaintDetail
from widgets.complaints.complaint_filters import ComplaintFilters
from widgets.complaints.complaint_table import ComplaintTable
from widgets.complaints.complaints_model import ComplaintsFilter, ComplaintsModel
from widgets.status.source_health import utc_now

log = logging.getLogger(__name__)

RELOAD_FEEDS = frozenset({"crm.complaints", "crm.customers", "crm.orders", "mes.lots",
                          "mes.products"})


class Navigator(Protocol):
    """The main window as far as this view needs it: other views, and showing one."""

    views: dict[str, QWidget]

    def switch_view(self, name: str) -> None: ...


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): the action is still worth keeping
        return ""


class ComplaintsView(QWidget):
    FEEDS = ("crm.complaints", "crm.customers", "crm.orders", "mes.lots")
    loaded = Signal()  # after the complaints were read and shown
    suspects_loaded = Signal()  # after the selected complaint's suspect lots were read
    customer_requested = Signal(str, str)  # (CRM source, customer id): open its page

    def __init__(self, counts: CacheCounts, bridge: SyncBridge | None = None,
                 store: CacheStore | None = None,
                 clock: Callable[[], datetime] = utc_now,
                 engine: ActionQueue | None = None, navigator: Navigator | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = counts
        self.bridge = bridge
        self.store = store
        self._clock = clock  # the console's clock: every view's ages are on it
        self._navigator = navigator
        self.background = Background(self)
        self.data = ComplaintData()
        self._started = False
        self._loading = False
        self._reload = False
        self.actions = QueuedActions(engine, bridge, self)

        self.model = ComplaintsModel(self._clock, self)
        self.proxy = ComplaintsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filters = ComplaintFilters()
        self.table = ComplaintTable(self.proxy)
        self.export = export_button(self, lambda: self.table, "complaints")
        self.filters.layout().addWidget(self.export)  # the filter row: what it exports
        self.detail = ComplaintDetail()
        self.detail.customer_requested.connect(self.customer_requested)
        detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setWidget(self.detail)
        detail_scroll.setMinimumWidth(300)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(detail_scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([880, 300])
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.filters)
        content_layout.addWidget(splitter, 1)
        self.content = content

        self.empty_state = EmptyState(self._empty_title(), self._empty_text())
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.filters.changed.connect(self._apply_filters)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.detail.backward_requested.connect(lambda key: self._open_trace(key, "backward"))
        self.detail.forward_requested.connect(lambda key: self._open_trace(key, "forward"))
        self.detail.link_requested.connect(self.link_lot)
        self.detail.finding_requested.connect(self.add_finding)
        self.actions.changed.connect(self._show_waiting)
        self.actions.failed.connect(self._tell_failed)
        self.detail.set_offline("" if self.actions.available else self._offline_text())
        self.table.sortByColumn(int(self.table.default_sort_column), Qt.SortOrder.AscendingOrder)
        if bridge is not None:
            bridge.cache_changed.connect(self._on_cache_changed)

    # -- texts -------------------------------------------------------------------------------
    def _empty_title(self) -> str:
        return self.tr("No complaints cached yet")

    def _empty_text(self) -> str:
        return self.tr(
            "Customer complaints and the lots they point to appear here once the sync"
            " engine has read them from the CRM.")

    def _offline_text(self) -> str:
        return self.tr(
            "Offline: no sync engine is running, so findings and lot links cannot be queued"
            " for the CRM. Start the console with its sources to record them.")

    # -- reading -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._started and self.store is not None:
            self._started = True
            self.empty_state.set_texts(self.tr("Reading complaints from the cache…"), "")
            self.reload()
        elif self._reload:
            self.reload()

    def _on_cache_changed(self, changes: ChangeSet) -> None:
        if self._started and changes.kinds & RELOAD_FEEDS:
            self.reload()
        elif self._started and "mes.genealogy" in changes.kinds and self.detail.row:
            self._read_suspects(self.detail.row)  # the lot's inputs may be known now

    def reload(self) -> None:
        """Read the complaints again; while a read runs, asks coalesce into one after it."""
        store = self.store
        if store is None:
            return
        if self._loading or not self.isVisible():
            self._reload = True
            return
        self._reload = False
        self._loading = True
        from widgets.complaints.complaint_data import load_complaints

        self.background.run(lambda: load_complaints(store), self._show_data, self._failed)

    def _failed(self, error: BaseException) -> None:
        self._loading = False
        self.empty_state.set_texts(self.tr("Complaints could not be read"), str(error))
        self.stack.setCurrentWidget(self.empty_state)

    def _show_data(self, data: ComplaintData) -> None:
        self._loading = False
        selected = self.current_row()
        self.data = data
        self.model.set_rows(data.rows)
        self.filters.set_customers(sorted({row.customer for row in data.rows},
                                          key=str.casefold))
        if not data.rows:
            self.empty_state.set_texts(self._empty_title(), self._empty_text())
            self.stack.setCurrentWidget(self.empty_state)
        else:
            self.stack.setCurrentWidget(self.content)
            self._reselect(selected.key if selected else None)
        self.filters.update_count(self.proxy.rowCount(), self.model.rowCount())
        self.loaded.emit()
        if self._reload:
            self.reload()

    # -- filtering and selecting -------------------------------------------------------------
    def _apply_filters(self) -> None:
        self.proxy.set_filters(**self.filters.values())
        self.filters.update_count(self.proxy.rowCount(), self.model.rowCount())

    def _reselect(self, key: tuple[str, str] | None) -> None:
        row = self.model.find(key) if key is not None else None
        if row is not None:
            proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
            if proxy_index.isValid():
                self.table.selectRow(proxy_index.row())
                self._show_selected()
                return
        if self.proxy.rowCount():
            self.table.selectRow(0)

    def select_complaint(self, number: str) -> bool:
        """Select the complaint with this number (as a click would); False if not shown."""
        for proxy_row in range(self.proxy.rowCount()):
            row: ComplaintRow = self.model.row_at(
                self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row())
            if row.complaint.number == number:
                self.table.selectRow(proxy_row)
                return True
        return False

    def current_row(self) -> ComplaintRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.row_at(self.proxy.mapToSource(indexes[0]).row())

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_selected()

    def _link_not_taken(self, source: str) -> str:
        """Why the complaint's CRM takes no link to a lot, in words ("" when it does)."""
        health = self.bridge.health() if self.bridge is not None else []
        kind = next((h.backend for h in health if h.source == source), None)
        if not_taken(kind, ActionKind.LINK_LOT) == "no_complaint_lot":
            return self.tr("Tryton keeps no lot on a complaint (a complaint refers to a sale "
                           "or a sale line), so a link to a lot cannot be written there.")
        return ""

    def _show_selected(self) -> None:
        row = self.current_row()
        if row is None:
            return
        previous = self.detail.row
        opened = row.complaint.opened_at.astimezone().strftime("%Y-%m-%d %H:%M")
        self.detail.show_row(row, opened)
        self.detail.set_link_not_taken(self._link_not_taken(row.source))
        self._show_waiting()
        if previous is None or previous.key != row.key or previous.lot_key != row.lot_key:
            self._read_suspects(row)

    def _read_suspects(self, row: ComplaintRow) -> None:
        store, lot = self.store, row.lot_key
        if store is None or lot is None:
            return
        from widgets.complaints.suspect_lots import suspect_lots

        def done(suspects: Any) -> None:
            current = self.detail.row
            if current is not None and current.lot_key == lot:  # still the one shown
                self.detail.set_suspects(suspects)
                self.suspects_loaded.emit()

        self.background.run(lambda: suspect_lots(store, lot), done,
                            lambda error: self.detail.set_suspects([]))

    # -- tracing -----------------------------------------------------------------------------
    def _navigator_now(self) -> Navigator | None:
        if self._navigator is not None:
            return self._navigator
        window = self.window()
        return window if hasattr(window, "switch_view") and hasattr(window, "views") else None  # type: ignore[return-value]

    def _open_trace(self, lot: LotKey, direction: str) -> None:
        navigator = self._navigator_now()
        view = navigator.views.get("traceability") if navigator is not None else None
        open_lot = getattr(view, "open_lot", None)
        if navigator is None or open_lot is None:
            self.detail.trace_hint.setText(self.tr(
                "The Traceability view cannot open lots in this console yet."))
            self.detail.trace_hint.show()
            return
        navigator.switch_view("traceability")
        # The trace views key lots by id; the lot's source is the MES the lot was read from.
        open_lot(lot[1], direction)

    # -- acting ------------------------------------------------------------------------------
    def link_lot(self, number: str) -> None:
        row = self.current_row()
        form = self.detail.link_form
        if row is None or not self.actions.available:
            return
        if not number.strip():
            form.tell(self.tr("Type the lot's number."))
            return
        lot = self.data.find_lot(number)
        if lot is None:
            form.tell(self.tr("No cached lot has the number {number}. Check the number, or"
                              " wait until the MES's lots are synced.").format(
                                  number=number.strip()))
            return
        c = row.complaint
        action = actions.link_complaint_lot(row.source, c.id, lot[1], c.version, _user())
        self.actions.queue(action, self.tr("Link to lot {number}").format(
            number=number.strip()))
        form.clear()
        form.hide()

    def add_finding(self, text: str) -> None:
        row = self.current_row()
        form = self.detail.finding_form
        if row is None or not self.actions.available:
            return
        if not text.strip():
            form.tell(self.tr("Write the finding first: it cannot be empty."))
            return
        action = actions.finding(row.source, row.complaint.id, text.strip(), _user())
        self.actions.queue(action, self.tr("Finding: {text}").format(text=text.strip()))
        form.clear()
        form.hide()

    def _show_waiting(self) -> None:
        row = self.detail.row
        self.detail.set_waiting(self.actions.of(row.key) if row is not None else [])

    def _tell_failed(self, text: str, error: str) -> None:
        self.detail.offline.setText(self.tr("Could not keep “{action}”: {error}").format(
            action=text, error=error))
        self.detail.offline.show()
