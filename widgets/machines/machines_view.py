"""The Machines view: which machines are down, what they are working on, and how well.

Left, the plant's ISA-95 tree filters the grid of tiles on the right. Tiles change in place
when the sync layer reports new machine statuses; the plant structure is read again only when
equipment or sites change. OEE for the chosen period is computed in the background every few
seconds while the view is shown. Double-click a tile for the machine's detail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSize, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.analytics.oee import combine
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.domain import MachineState
from app.sync.bridge import SyncBridge
from widgets.common.background import Background
from widgets.common.cache_counts import CacheCounts
from widgets.common.empty_state import EmptyState
from widgets.common.table_export import TableData, export_button
from widgets.machines.machine_state import state_word
from widgets.machines.oee_period import Period, compute_oee, period_label
from widgets.machines.plant_snapshot import (
    MachineKey,
    MachineTile,
    PlantSnapshot,
    StatusUpdate,
    WorkOrderInfo,
    load_snapshot,
    load_statuses,
)
from widgets.machines.plant_tree import PlantTree
from widgets.machines.tile_delegate import MachineTileDelegate
from widgets.machines.tile_model import TILE_ROLE, MachineFilterProxy, MachineTileModel, SortOrder

if TYPE_CHECKING:
    from widgets.common.plan_service import PlanService


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _fraction(value: float | None) -> float | str:
    return "" if value is None else round(value, 4)


OEE_REFRESH_MS = 5000  # OEE moves slowly; a few seconds keeps the worker mostly idle
CLOCK_REFRESH_MS = 30_000  # time in state is shown to the minute
STRUCTURE_FEEDS = frozenset({"mes.equipment", "mes.sites"})
CUSTOMER_FEEDS = frozenset({"crm.orders", "crm.customers", "mes.work_orders"})
TREE_WIDTH = 190


class MachinesView(QWidget):
    FEEDS = ("mes.machine_status", "mes.machine_events")

    def __init__(self, counts: CacheCounts, bridge: SyncBridge | None = None,
                 store: CacheStore | None = None,
                 clock: Callable[[], datetime] | None = None,
                 parent: QWidget | None = None, planner: PlanService | None = None) -> None:
        """`planner`: the window's shared plan, for the orders a machine's detail names."""
        super().__init__(parent)
        self.counts = counts
        self.store = store
        self.planner = planner
        self._clock = clock or (lambda: datetime.now(UTC))
        self.background = Background(self)
        self.model = MachineTileModel(self)
        self.proxy = MachineFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._snapshot: PlantSnapshot | None = None
        self._work_orders: dict[MachineKey, WorkOrderInfo] = {}
        self._pending: set[MachineKey] = set()
        self._loading_statuses = False
        self._loading_snapshot = False
        self._snapshot_again = False
        self._computing_oee = False
        self._details: dict[MachineKey, QWidget] = {}

        self._build()
        self.oee_timer = QTimer(self)
        self.oee_timer.setInterval(OEE_REFRESH_MS)
        self.oee_timer.timeout.connect(self.refresh_oee)
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(CLOCK_REFRESH_MS)
        self.clock_timer.timeout.connect(self.model.touch_all)
        self.clock_timer.start()
        if bridge is not None:
            bridge.cache_changed.connect(self._on_cache_changed)
        self.reload()
        self._show_page()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.tree = PlantTree()
        self.tree.setMinimumWidth(160)
        self.tree.node_chosen.connect(self._on_node)

        self.period = QComboBox()
        self.period.setObjectName("oeePeriod")
        for period in Period:
            self.period.addItem(period_label(period), int(period))
        self.period.setToolTip(self.tr("The period the OEE figures cover"))
        self.period.currentIndexChanged.connect(lambda _: self.refresh_oee(force=True))
        self.sort = QComboBox()
        self.sort.setObjectName("machineSort")
        self.sort.addItem(self.tr("State (down first)"), int(SortOrder.STATE))
        self.sort.addItem(self.tr("Name"), int(SortOrder.NAME))
        self.sort.currentIndexChanged.connect(
            lambda _: self.proxy.set_order(SortOrder(self.sort.currentData())))
        self.filter = QLineEdit()
        self.filter.setObjectName("machineFilter")
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(self.tr("Filter: name, work order, customer, state"))
        self.filter.textChanged.connect(self._on_filter)
        self.summary = QLabel()
        self.summary.setObjectName("machineSummary")

        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.period_label = QLabel(self.tr("OEE for"))
        self.sort_label = QLabel(self.tr("Sort by"))
        for widget in (self.period_label, self.period, self.sort_label, self.sort):
            bar.addWidget(widget)
        bar.addWidget(self.filter, 1)
        self.filter.setMinimumWidth(220)
        # One row per tile shown, in the grid's order.
        self.export = export_button(self, self.export_table, "machines")
        bar.addWidget(self.export)

        self.grid = QListView()
        self.grid.setObjectName("machineGrid")
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setUniformItemSizes(True)
        self.grid.setSpacing(4)
        self.grid.setWrapping(True)
        self.grid.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.grid.setIconSize(QSize(0, 0))
        self.grid.setModel(self.proxy)
        self.delegate = MachineTileDelegate(self.plant_now, self.grid)
        self.grid.setItemDelegate(self.delegate)
        self.grid.activated.connect(self._open_detail)
        self.grid.doubleClicked.connect(self._open_detail)
        self.grid.setStyleSheet("QListView#machineGrid { background: #f5f7fa; border: none; }")

        self.no_match = EmptyState(self.tr("No machine matches"),
                                   self.tr("Clear the filter or choose another part of the "
                                           "plant on the left."))
        self.right = QStackedWidget()
        self.right.addWidget(self.grid)
        self.right.addWidget(self.no_match)

        right_box = QWidget()
        right_layout = QVBoxLayout(right_box)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addLayout(bar)
        # Its own line: with the OEE of what is shown it is long, and in Chinese longer still.
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.right, 1)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(right_box)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([TREE_WIDTH, 800])

        self.empty_state = EmptyState(self.tr("No machine data yet"), self.tr(
            "Machine states, OEE and current work orders appear here once the sync "
            "engine has read them from the MES."))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_state)
        self.pages.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved,
                       self.proxy.modelReset, self.proxy.layoutChanged):
            signal.connect(self._show_page)

    # -- reading the cache -------------------------------------------------------------------
    def plant_now(self) -> datetime:
        """The plant's now: the console's clock, or the newest state change if later (a
        simulated plant may run ahead of the wall clock)."""
        now = self._clock()
        newest = max((t.since for t in self.model.tiles() if t.since is not None), default=now)
        return max(now, newest)

    def reload(self) -> None:
        """Read the plant's structure and every status again (start, equipment changed)."""
        if self.store is None:
            return
        if self._loading_snapshot:
            self._snapshot_again = True
            return
        self._loading_snapshot = True
        store = self.store
        extra = {s for s, _ in self._pending}
        # The snapshot reads every status as of now; later changes queue up again.
        self._pending.clear()
        self.background.run(lambda: load_snapshot(store, extra), self._on_snapshot,
                            lambda _: self._snapshot_done())

    def _snapshot_done(self) -> None:
        self._loading_snapshot = False
        if self._snapshot_again:
            self._snapshot_again = False
            self.reload()
        else:
            self._load_statuses()

    def _on_snapshot(self, snapshot: PlantSnapshot) -> None:
        self._snapshot = snapshot
        self._work_orders = dict(snapshot.work_orders)
        self.model.reset(snapshot.tiles)
        self.proxy.refresh()
        self.tree.set_nodes(snapshot.roots)
        self._snapshot_done()
        self._show_page()
        self.refresh_oee(force=True)

    def _on_cache_changed(self, changes: ChangeSet) -> None:
        kinds = changes.kinds
        if kinds & CUSTOMER_FEEDS:
            # A work order's customer may be known now: read them again with the next status.
            self._work_orders = {k: v for k, v in self._work_orders.items() if v.customer}
        if kinds & STRUCTURE_FEEDS or (self._snapshot is None and kinds & {
                "mes.machine_status"}):
            self._pending.update(changes.ids("mes.machine_status"))
            self.reload()
            return
        if "mes.machine_status" in kinds:
            self._pending.update(changes.ids("mes.machine_status"))
            # A hidden dashboard reads nothing: what changed meanwhile is read when it shows.
            if self.isVisible():
                self._load_statuses()

    def _load_statuses(self) -> None:
        # One read in flight at a time; what arrives meanwhile is read right after it.
        if self.store is None or self._loading_statuses or self._loading_snapshot:
            return
        if not self._pending:
            return
        keys, self._pending = self._pending, set()
        self._loading_statuses = True
        store = self.store
        crm = list(self._snapshot.crm_sources) if self._snapshot else []
        known = set(self._work_orders)
        self.background.run(lambda: load_statuses(store, keys, crm, known),
                            self._on_statuses, lambda _: self._statuses_done())

    def _statuses_done(self) -> None:
        self._loading_statuses = False
        if self._pending:
            self._load_statuses()

    def _on_statuses(self, update: StatusUpdate) -> None:
        self._work_orders.update(update.work_orders)
        added = self.model.apply_statuses(update, self._work_orders)
        if self.model.order_changed or added:
            self.proxy.refresh()
        for source in sorted({t.source for t in added}):
            self.tree.add_unassigned(source)
        self._refresh_summary()
        self._statuses_done()

    def refresh_oee(self, force: bool = False) -> None:
        if self.store is None or self._snapshot is None or self._computing_oee:
            return
        if not force and not self.isVisible():
            return
        self._computing_oee = True
        store, snapshot = self.store, self._snapshot
        period, now = Period(self.period.currentData()), self.plant_now()
        sources = sorted(set(snapshot.mes_sources) | {t.source for t in self.model.tiles()})
        self.background.run(
            lambda: compute_oee(store, sources, period, now, snapshot.time_zones),
            self._on_oee, lambda _: self._oee_done())

    def _oee_done(self) -> None:
        self._computing_oee = False

    def _on_oee(self, figures: dict) -> None:
        self.model.apply_oee(figures)
        self._oee_done()
        self._refresh_summary()

    # -- showing -----------------------------------------------------------------------------
    def _on_node(self, node) -> None:
        self.proxy.set_node(node)
        self._show_page()

    def _on_filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._show_page()

    def _show_page(self) -> None:
        has_machines = self.model.rowCount() > 0
        self.pages.setCurrentWidget(self.splitter if has_machines else self.empty_state)
        self.right.setCurrentWidget(self.grid if self.proxy.rowCount() else self.no_match)
        self._refresh_summary()

    def _refresh_summary(self) -> None:
        tiles = self.model.tiles()
        down = sum(1 for t in tiles if t.state == MachineState.DOWN)
        text = self.tr("{shown} of {total} machines · {down} down").format(
            shown=self.proxy.rowCount(), total=len(tiles), down=down)
        # The OEE of what is shown (a line, a work center, the plant): ratios of summed times,
        # not an average of the machines' percentages.
        shown = [self.proxy.index(row, 0).data(TILE_ROLE) for row in range(self.proxy.rowCount())]
        figures = [tile.oee for tile in shown if tile is not None and tile.oee is not None]
        if figures:
            total = combine(figures)
            text += " · " + self.tr("OEE {oee} (A {a} · P {p} · Q {q})").format(
                oee=_percent(total.oee), a=_percent(total.availability),
                p=_percent(total.performance), q=_percent(total.quality))
        if text != self.summary.text():
            self.summary.setText(text)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.oee_timer.start()
        self.refresh_oee()
        self._load_statuses()  # what changed while hidden

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().hideEvent(event)
        self.oee_timer.stop()

    def export_table(self) -> TableData:
        """The tiles shown, one row each, in the grid's order: what an export writes. Times
        are UTC; OEE and its factors are fractions (0.85) of the period chosen above."""
        period = period_label(Period(self.period.currentData()))
        headers = [self.tr("Machine"), self.tr("Name"), self.tr("Work center"),
                   self.tr("State"), self.tr("Since"), self.tr("Reason"),
                   self.tr("Work order"), self.tr("Customer"),
                   self.tr("OEE ({period})").format(period=period), self.tr("Availability"),
                   self.tr("Performance"), self.tr("Quality"), self.tr("Good"),
                   self.tr("Scrap"), self.tr("Source")]
        rows = []
        for row in range(self.proxy.rowCount()):
            tile: MachineTile | None = self.proxy.index(row, 0).data(TILE_ROLE)
            if tile is None:
                continue
            oee = tile.oee
            rows.append([
                tile.id, tile.name, tile.work_center,
                state_word(tile.state) if tile.state is not None else "", tile.since or "",
                tile.reason, tile.work_order, tile.customer,
                *(_fraction(getattr(oee, name, None))
                  for name in ("oee", "availability", "performance", "quality")),
                tile.good, tile.scrap, tile.source])
        return TableData(headers, rows)

    def tile_at(self, row: int) -> MachineTile:
        """The tile shown at `row` of the grid (tests, the detail)."""
        return self.proxy.index(row, 0).data(TILE_ROLE)

    def _open_detail(self, index: QModelIndex) -> None:
        tile: MachineTile | None = index.data(TILE_ROLE)
        if tile is not None and self.store is not None:
            self.open_detail(tile.key)

    def open_detail(self, key: MachineKey) -> QWidget | None:
        if self.store is None:
            return None
        from widgets.machines.machine_detail import MachineDetail  # pyqtgraph only when asked

        detail = self._details.get(key)
        if detail is None:
            crm = self._snapshot.crm_sources if self._snapshot else []
            zone = self._snapshot.time_zones.get(key[0]) if self._snapshot else None
            planner = self.planner
            detail = MachineDetail(self.store, key, self.model, crm, self.plant_now, self,
                                   time_zone=zone,
                                   plan=(lambda: planner.result) if planner else None)
            detail.finished.connect(lambda _=0, k=key: self._details.pop(k, None))
            self._details[key] = detail
        detail.show()
        detail.raise_()
        return detail
