"""The Orders view, the account manager's home: "Where is order SO-1042? Will it ship by the
14th?"

Filters on top, then every order line (progress, predicted completion against the promise, a
risk badge and why); the selected order below with its work orders, a Gantt chart of its
operations and the history of its promised dates. A second tab lists what could not be linked,
with why. Cache reads and every computation run in the views' worker, once per relevant cache
change, new plan or new linking rules, never on the UI thread; a hidden view reads nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from time import monotonic
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.analytics.fulfilment import LinkingRules, RulesError
from app.analytics.schedule.plan import Plan
from app.cache.changes import ChangeSet, RecordKey
from app.cache.store import CacheStore
from app.reports.progress_report import read_progress_report
from app.sync.bridge import SyncBridge
from widgets.common.background import Background, executor
from widgets.common.cache_counts import CacheCounts
from widgets.common.empty_state import EmptyState
from widgets.common.pending_view import count_text
from widgets.common.table_export import export_button
from widgets.orders.filter_bar import OrderFilters
from widgets.orders.order_detail import OrderDetail
from widgets.orders.order_rows import (
    RELOAD_FEEDS,
    STATUS_FEED,
    OrderRow,
    OrdersData,
    OrdersInputs,
)
from widgets.orders.order_updates import FULL, Placement, Update
from widgets.orders.orders_filter import OrdersFilter
from widgets.orders.orders_model import OrdersModel
from widgets.orders.orders_table import OrdersTable
from widgets.orders.plan_source import PlanSource
from widgets.orders.rules_file import default_rules_path
from widgets.orders.unlinked_panel import UnlinkedPanel
from widgets.reports.pdf_writer import write_progress_pdf


def _ask_report_path(parent: QWidget, suggested: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("OrdersView", "Save the progress report"), suggested,
        QCoreApplication.translate("OrdersView", "PDF document (*.pdf)"))
    return path or None

log = logging.getLogger(__name__)

# What a pending refresh needs, least to most: it coalesces to the most asked for. STATUSES
# and ORDERS update the lines concerned; RECOMPUTE computes every line, RELOAD reads all too.
STATUSES, ORDERS, RECOMPUTE, RELOAD = 1, 2, 3, 4
RECOMPUTE_MS = 5 * 60 * 1000  # time moves risk ("due in 2 days", "down 5 h"): refresh it
STATUS_DELAY_MS = 10_000  # machine status changes every poll; look at most this often
PLAN_DELAY_MS = 10_000  # the planner may replan at every poll: take its plans at most this often
# At plant size a full computation is a second or more of CPU that starves the UI thread:
# at most one per FULL_GAP_MS; orders changed meanwhile are updated line by line.
LARGE_LINES = 10_000
FULL_GAP_MS = 15_000
# More changed orders than this at once (a first sync): reading everything is cheaper.
MAX_ORDER_CHANGES = 2_000


def _release(garbage: list[object]) -> None:
    """Let go of `garbage` in the worker: freeing 30,000 rows and their records holds the
    interpreter for up to a tenth of a second, which the UI thread must not pay. The caller
    holds no other reference to what is in it."""
    executor().submit(garbage.clear)


class OrdersView(QWidget):
    FEEDS = ("crm.orders", "mes.work_orders", "crm.shipments", "crm.customers")
    loaded = Signal()  # after order lines were computed and shown
    rules_dialog_opened = Signal(object)  # the LinkingRulesDialog, once it is open
    material_requested = Signal(str)  # the person asked to see an item holding an order up
    customer_requested = Signal(str, str)  # (CRM source, customer id): open its page
    report_saved = Signal(str)  # the path of a progress report PDF just written

    def __init__(self, counts: CacheCounts, bridge: SyncBridge | None = None,
                 store: CacheStore | None = None,
                 clock: Callable[[], datetime] | None = None,
                 planner: PlanSource | None = None, *, rules_path: Path | None = None,
                 engine: Any | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = counts
        self.store = store
        self._clock = clock or (lambda: datetime.now(UTC))
        self.planner = planner
        self.plan: Plan | None = planner.plan if planner is not None else None
        self.rules_path = rules_path or default_rules_path()
        self.rules_problem = ""
        self.rules = self._read_rules()
        self.background = Background(self)
        self.data: OrdersData | None = None
        self.inputs: OrdersInputs | None = None
        self._started = False
        self._loading = False
        self._pending = 0
        self._order_keys: set[RecordKey] = set()  # changed orders not read yet
        self._statuses_due = False  # machine status not read since it changed
        self._deferred = 0  # a full refresh waiting for FULL_GAP_MS to pass
        self._full_at = float("-inf")  # monotonic() of the last full refresh shown
        self.last_path = ""  # FULL or LINES: how the data shown last was computed

        self.model = OrdersModel(self)
        self.proxy = OrdersFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filters = OrderFilters()
        self.note = QLabel()
        self.note.setObjectName("sectionNote")
        self.note.setWordWrap(True)
        self.table = OrdersTable(self.proxy)
        # Next to "Linking rules…": the lines shown, as filtered and sorted.
        self.export = export_button(self, lambda: self.table, "orders")
        self.filters.layout().addWidget(self.export)
        self.no_match = self._no_match_page()
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.no_match)
        self.detail = OrderDetail()
        self.detail.material_requested.connect(self.material_requested)
        self.detail.customer_requested.connect(self.customer_requested)
        self.detail.report_requested.connect(self.save_progress_report)
        # Where to save a report; replaceable (tests never open a modal dialog).
        self.ask_report_path: Callable[[QWidget, str], str | None] = _ask_report_path
        self.detail_hint = EmptyState(self.tr("Select an order line"), self.tr(
            "Its order's work orders, operations and promised-date history show here."))
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self.detail_hint)
        self.detail_stack.addWidget(self.detail)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table_stack)
        splitter.addWidget(self.detail_stack)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([420, 330])
        self.unlinked = UnlinkedPanel()
        # Release to production from "Not linked" (widgets.orders.release_control).
        from widgets.orders.release_control import ReleaseControl

        self.release = ReleaseControl(self, engine, bridge)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("ordersTabs")
        self.tabs.addTab(splitter, self.tr("Order lines"))
        self.tabs.addTab(self.unlinked, self.tr("Not linked"))
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(4)
        content_layout.addWidget(self.filters)
        content_layout.addWidget(self.note)
        self.report_status = QLabel()
        self.report_status.setObjectName("sectionNote")
        self.report_status.hide()
        content_layout.addWidget(self.report_status)
        content_layout.addWidget(self.tabs, 1)
        self.content = content

        self.empty_state = EmptyState(self._empty_title(), self._empty_text())
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.recompute_timer = QTimer(self)
        self.recompute_timer.setInterval(RECOMPUTE_MS)
        self.recompute_timer.timeout.connect(lambda: self._request(RECOMPUTE))
        self.status_timer = QTimer(self)
        self.status_timer.setSingleShot(True)
        self.status_timer.setInterval(STATUS_DELAY_MS)
        self.status_timer.timeout.connect(lambda: self._request(STATUSES))
        self.plan_timer = QTimer(self)
        self.plan_timer.setSingleShot(True)
        self.plan_timer.setInterval(PLAN_DELAY_MS)
        self.plan_timer.timeout.connect(self._take_waiting_plan)
        self._plan_waiting = False
        self.full_timer = QTimer(self)
        self.full_timer.setSingleShot(True)
        self.full_timer.timeout.connect(self._take_deferred)

        self.filters.changed.connect(self._apply_filters)
        self.filters.rules_button.clicked.connect(self.open_rules)
        self.unlinked.rules_requested.connect(self.open_rules)
        self.unlinked.order_requested.connect(self.show_order)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.sortByColumn(int(self.table.default_sort_column), Qt.SortOrder.AscendingOrder)
        if bridge is not None:
            bridge.cache_changed.connect(self._on_cache_changed)
        if planner is not None:
            planner.plan_ready.connect(self._on_plan)
        counts.changed.connect(self._before_start)
        self._before_start()

    # -- texts -------------------------------------------------------------------------------
    def _empty_title(self) -> str:
        return self.tr("No orders cached yet")

    def _empty_text(self) -> str:
        return self.tr("Orders appear here once the sync engine has read them from the CRM.")

    def _no_match_page(self) -> QWidget:
        page = QWidget()
        state = EmptyState(self.tr("No order lines match these filters"), self.tr(
            "Choose another customer, status or risk, or clear the search."))
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.clicked.connect(self.filters.clear)
        layout = QVBoxLayout(page)
        layout.addWidget(state, 1)
        layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        return page

    def _note_text(self, data: OrdersData) -> str:
        parts = [self.tr(
            "Stock allocation is not in the CRM and MES contract: progress counts what linked"
            " work orders made and what was shipped, never stock set aside for a line.")]
        if not data.gaps.plan:
            parts.append(self.tr(
                "No plan from the scheduler yet: predicted completion, and the risks that need"
                " it, appear once there is one."))
        if not data.gaps.mes_links and not data.gaps.references:
            parts.append(self.tr(
                "The MES gives neither links to order lines nor order references, so only the"
                " product code map can link them."))
        if self.rules_problem:
            parts.append(self.tr(
                "The linking rules file could not be read ({problem}); the default rules are"
                " in use.").format(problem=self.rules_problem))
        return " ".join(parts)

    # -- rules -------------------------------------------------------------------------------
    def _read_rules(self) -> LinkingRules:
        try:
            rules = LinkingRules.load(self.rules_path)
        except (RulesError, OSError) as error:
            log.warning("linking rules at %s not used: %s", self.rules_path, error)
            self.rules_problem = str(error)
            return LinkingRules()
        self.rules_problem = ""
        return rules

    def open_rules(self) -> None:
        from widgets.orders.linking_rules_dialog import LinkingRulesDialog

        known = set(self.data.inputs.products) if self.data is not None else set()
        dialog = LinkingRulesDialog(self.rules, self.rules_path, known, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.set_rules(dialog.rules))
        dialog.open()
        self.rules_dialog_opened.emit(dialog)

    def set_rules(self, rules: LinkingRules) -> None:
        self.rules = rules
        self.rules_problem = ""
        self._request(RECOMPUTE)

    # -- reading -----------------------------------------------------------------------------
    def _before_start(self) -> None:
        """Until the view is first shown it reads nothing; it says what the cache holds."""
        if self._started:
            return
        orders = self.counts.records("crm.orders")
        if orders == 0:
            self.empty_state.set_texts(self._empty_title(), self._empty_text())
        else:
            self.empty_state.set_texts(
                self.tr("Orders cached: {count}").format(count=count_text(orders)),
                self.tr("Their lines, progress and risk are read when this view opens."))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.recompute_timer.start()
        if not self._started and self.store is not None:
            self._started = True
            self.empty_state.set_texts(self.tr("Reading orders from the cache…"), "")
            self._request(RELOAD)
        elif self._pending:
            self._start()

    def _on_cache_changed(self, changes: ChangeSet) -> None:
        kinds = changes.kinds
        if kinds & (RELOAD_FEEDS - {"crm.orders"}):
            self._request(RELOAD)
        elif "crm.orders" in kinds:
            self._order_keys |= changes.ids("crm.orders")
            self._request(RELOAD if len(self._order_keys) > MAX_ORDER_CHANGES else ORDERS)
        if STATUS_FEED in kinds and not self.status_timer.isActive():
            self.status_timer.start()

    def _on_plan(self, plan: Plan) -> None:
        """A new plan shows at once, then at most once per PLAN_DELAY_MS (the latest one)."""
        self.plan = plan
        if self.plan_timer.isActive():
            self._plan_waiting = True
            return
        self._request(RECOMPUTE)
        self.plan_timer.start()

    def _take_waiting_plan(self) -> None:
        if self._plan_waiting:
            self._plan_waiting = False
            self._request(RECOMPUTE)
            self.plan_timer.start()

    def reload(self) -> None:
        """Read everything again (asks while a read runs coalesce into one after it)."""
        self._request(RELOAD)

    def _request(self, need: int) -> None:
        if self.store is None or not self._started:
            return
        self._pending = max(self._pending, need)
        if need == STATUSES:
            self._statuses_due = True
        if not self._loading and self.isVisible():
            self._start()

    def _full_wait_ms(self) -> int:
        """How long a full refresh must still wait (0: it may run now)."""
        if self.data is None or len(self.data.rows) < LARGE_LINES:
            return 0
        return max(0, int(FULL_GAP_MS - (monotonic() - self._full_at) * 1000))

    def _take_deferred(self) -> None:
        need, self._deferred = self._deferred, 0
        if need:
            self._request(need)

    def _start(self) -> None:
        from widgets.orders import order_rows as rows
        from widgets.orders import order_updates as updates

        need, keys, statuses = self._pending, self._order_keys, self._statuses_due
        store, data = self.store, self.data
        if need == 0 or store is None:
            return
        if need >= RECOMPUTE and (wait := self._full_wait_ms()) > 0:
            # Too soon for another full refresh: it waits; changed orders go in line by line.
            self._deferred = max(self._deferred, need)
            if not self.full_timer.isActive():
                self.full_timer.start(wait)
            need = ORDERS if keys or statuses else 0
            if need == 0:
                self._pending = 0
                return
        self._pending, self._order_keys, self._statuses_due = 0, set(), False
        rules, plan, now = self.rules, self.plan, self._clock()
        shown = self.model.rows  # the model swaps lists, never changes one: safe to read there
        self._loading = True
        if need == RELOAD or data is None:
            def work() -> tuple[Update, Placement | None] | None:
                fresh = Update(rows.load_orders(store, rules, plan, now), FULL, -1)
                return fresh, updates.place(shown, fresh.data)
        else:
            if need < RECOMPUTE:
                # A newer plan or rules wait for the full recompute asked for with them.
                rules, plan = data.rules, data.plan

            def work() -> tuple[Update, Placement | None] | None:
                update = updates.update_data(data, store, keys, statuses, rules, plan, now,
                                             full=need == RECOMPUTE)
                if update is None:
                    return None
                if update.data.rows is data.rows:
                    return update, None  # the same rows: the table stays as it is
                return update, updates.place(shown, update.data)
        self.background.run(work, self._show_data, self._failed)

    def _failed(self, error: BaseException) -> None:
        self._loading = False
        if self.data is None:
            self.empty_state.set_texts(self.tr("Orders could not be read"), str(error))
            self.stack.setCurrentWidget(self.empty_state)
        elif self._pending and self.isVisible():
            self._start()  # what changed meanwhile is not left waiting for the next poll

    def _show_data(self, result: tuple[Update, Placement | None] | None) -> None:
        self._loading = False
        if result is not None:
            self._show(*result)
        if self._pending and self.isVisible():
            self._start()

    def _show(self, update: Update, placement: Placement | None) -> None:
        selected = self.current_row()
        key = selected.key if selected is not None else None
        del selected
        data = update.data
        # The old data (and rows) go to the worker to be freed, after the widgets let go.
        garbage: list[object] = [self.data]
        self.data, self.inputs = data, data.inputs
        if update.path == FULL:
            self._full_at = monotonic()
        self.last_path = update.path
        if placement is not None:
            if self.model.rowCount() == 0:
                garbage.append((self.model.rows, self.model.row_index))
                self.model.set_rows(placement.rows, placement.index)
            else:
                garbage.append(self.model.update(placement))
        self.filters.set_customers(list(data.index.customers))
        fulfilment = data.fulfilment
        customers = {c.id: c.name for c in data.inputs.customers.values()}
        self.unlinked.set_items(fulfilment.unlinked_lines, fulfilment.unlinked_work_orders,
                                customers, data.rules)
        unlinked = len(fulfilment.unlinked_lines) + len(fulfilment.unlinked_work_orders)
        self.tabs.setTabText(1, self.tr("Not linked ({count})").format(
            count=count_text(unlinked)))
        self.tabs.setTabText(0, self.tr("Order lines ({count})").format(
            count=count_text(len(data.rows))))
        self.note.setText(self._note_text(data))
        if not data.rows:
            self.empty_state.set_texts(self._empty_title(), self._empty_text())
            self.stack.setCurrentWidget(self.empty_state)
        else:
            self.stack.setCurrentWidget(self.content)
        still = self.current_row()
        if key is not None and still is not None and still.key == key:
            # Updated in place, the selection followed its line: no scrolling back to it.
            self._after_filter(None)
            if placement is not None or update.path == FULL:
                self._show_selected()
        else:
            self._after_filter(key)
        _release(garbage)
        self.loaded.emit()

    # -- filtering and selecting -------------------------------------------------------------
    def _apply_filters(self) -> None:
        selected = self.current_row()
        self.proxy.set_filters(**self.filters.values())
        self._after_filter(selected.key if selected is not None else None)

    def _after_filter(self, key: tuple[str, int] | None) -> None:
        self.filters.update_count(self.proxy.rowCount(), self.model.rowCount())
        matches = self.proxy.rowCount() > 0 or self.model.rowCount() == 0
        self.table_stack.setCurrentWidget(self.table if matches else self.no_match)
        if key is not None and self._select_key(key):
            return
        if self.detail.order_id is not None and self.data is not None:
            # The order shown may be filtered out; its detail stays until another is chosen.
            if self.detail.order_id in self.data.orders:
                self.detail.show_order(self.data, self.detail.order_id, self._clock())
            else:
                self.detail.order_id = None
                self.detail_stack.setCurrentWidget(self.detail_hint)

    def _select_key(self, key: tuple[str, int]) -> bool:
        row = self.model.find(key)
        if row is None:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not proxy_index.isValid():
            return False
        self.table.selectRow(proxy_index.row())
        self.table.scrollTo(proxy_index)
        self._show_selected()
        return True

    # -- the customer's progress report --------------------------------------------------------
    def save_progress_report(self, order_id: str) -> None:
        data, store = self.data, self.store
        found = data.orders.get(order_id) if data is not None else None
        if found is None or store is None:
            return
        source, order = found
        path = self.ask_report_path(self, f"{order.number}.pdf")
        if not path:
            return
        mes = store.sources_of("mes.work_orders")
        made_on = self._clock().date()
        self.background.run(
            lambda: read_progress_report(store, source, order_id, mes, data.plan, made_on,
                                         fulfilment=data.fulfilment),
            lambda report: self._write_report(report, Path(path), order.number),
            lambda error: self._report_failed(order.number, str(error)))

    def _write_report(self, report, path: Path, number: str) -> None:
        if report is None:
            self._report_failed(number, self.tr("the order is no longer in the cache"))
            return
        try:
            write_progress_pdf(report, path)  # Qt's PDF writer: on the GUI thread
        except OSError as error:
            self._report_failed(number, str(error))
            return
        self.report_status.setText(self.tr("Progress report of {number} saved to {path}")
                                   .format(number=number, path=path))
        self.report_status.show()
        self.report_saved.emit(str(path))

    def _report_failed(self, number: str, reason: str) -> None:
        self.report_status.setText(self.tr("The progress report of {number} was not saved: "
                                           "{reason}").format(number=number, reason=reason))
        self.report_status.show()

    def select_line(self, number: str, line_no: int = 1) -> bool:
        """Select the line of the order with this number (as a click would); False if it is
        not shown."""
        for proxy_row in range(self.proxy.rowCount()):
            row = self.proxy.row_at(proxy_row)
            if row.number == number and row.line_no == line_no:
                self.table.selectRow(proxy_row)
                return True
        return False

    def show_order(self, order_id: str) -> None:
        """The order lines tab, with the order's first line selected (filters cleared when
        they hide it)."""
        self.tabs.setCurrentIndex(0)
        lines = [r for r in self.model.rows if r.order_id == order_id]
        if not lines:
            return
        key = min(lines, key=lambda r: r.line_no).key
        if not self._select_key(key):
            self.filters.clear()
            self._select_key(key)

    def current_row(self) -> OrderRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes or not 0 <= indexes[0].row() < self.proxy.rowCount():
            return None
        return self.proxy.row_at(indexes[0].row())

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        row = self.current_row()
        if row is None or self.data is None:
            return
        self.detail.show_order(self.data, row.order_id, self._clock())
        self.detail_stack.setCurrentWidget(self.detail)
