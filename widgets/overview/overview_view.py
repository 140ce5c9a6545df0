"""The Overview view: the figures management asks for (tab "Figures") and what the local
cache holds (tab "Cached data").

Figures are KPI tiles — value, unit, what it is made of and a weekly trend; a click on a tile
lists the rows behind its value in the table below. They, and every tile's rows, are read and
computed in the views' worker (never on the UI thread), when the view is first shown, then
again when a feed they are made of changes or the planner has a new plan: at most every
`MIN_REFRESH_SECONDS`. A hidden view reads nothing; it catches up when shown. A figure worked
out while a feed it is made of was in its first read would count part of the data: its tile
says how far the read got instead, until the figures are worked out from the whole.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.analytics.fulfilment import LinkingRules, RulesError
from app.analytics.kpi_feeds import KPI_FEEDS, OVERVIEW_FEEDS, kpi_inputs
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.runtime import figures_snapshot
from app.runtime.overview_figures import OverviewFigures, load
from app.runtime.pacing import Pacing
from app.sync.bridge import SyncBridge
from app.sync.health import FirstRead
from widgets.common.background import Background
from widgets.common.cache_counts import CacheCounts
from widgets.common.empty_state import EmptyState
from widgets.common.freshness_text import clock_text, first_reads_text
from widgets.common.plan_service import PlanService
from widgets.common.table_export import export_button
from widgets.common.zone_time import zone_abbreviation
from widgets.overview.cached_feeds_model import SORT_ROLE, CachedFeedsModel, Clock, Column
from widgets.overview.kpi_rows import KpiRowsModel, KpiRowsProxy, RowsTable, all_rows
from widgets.overview.kpi_texts import saved_figures_note
from widgets.overview.kpi_tile import show_kpis, tile_grid

log = logging.getLogger(__name__)

AGE_REFRESH_MS = 5000
ROW_HEIGHT = 24
MIN_REFRESH_SECONDS = 30.0  # figures over weeks need not follow every poll
# Right after start the first syncs fill an empty cache: follow them closely for a while.
STARTUP_SECONDS, STARTUP_REFRESH_SECONDS = 120.0, 5.0
FIGURES_SHARE = 0.05  # of a core: at plant size the figures take a second or more
CELL_PADDING = 16  # px beside a cell's text: the style's margins and focus frame, so nothing elides
DEFAULT_TILE = "orders_at_risk"  # what needs attention first

if TYPE_CHECKING:
    from app.runtime.plan_inputs import PlanResult


class OverviewView(QWidget):
    # The feeds the figures count (the header's "Data as of"; master data read every few
    # minutes is left out), in the contract's order.
    FEEDS: tuple[str, ...] = OVERVIEW_FEEDS
    figures_ready = Signal(object)  # OverviewFigures, once shown on the tiles

    def __init__(self, counts: CacheCounts, clock: Clock, bridge: SyncBridge | None = None,
                 store: CacheStore | None = None, planner: PlanService | None = None,
                 parent: QWidget | None = None, *, rules_path: Path | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._clock = clock
        self._bridge = bridge
        self.store = store
        self.planner = planner
        self.rules_path = rules_path
        self.figures: OverviewFigures | None = None
        # The oldest last read of FEEDS when the shown figures began reading the cache: the
        # figures are at least that fresh, and never claim to be fresher.
        self.data_as_of: datetime | None = None
        self._reading_as_of: datetime | None = None
        # The feeds in their first read when the shown figures read the cache, and how far
        # each got (kept once it ends, until the figures are worked out again).
        self.incomplete: frozenset[str] = frozenset()
        self._reading_incomplete: frozenset[str] = frozenset()
        self._progress: dict[str, FirstRead] = {}
        self.tables: dict[str, RowsTable] = {}  # the rows behind each tile, made with figures
        self.selected: str | None = None
        self.background = Background(self)
        self._monotonic = monotonic
        self._born = monotonic()
        self._last_start = -math.inf
        self.pacing = Pacing(FIGURES_SHARE, monotonic)
        self._running = False
        self._again = False
        self._stale = True  # figures to (re)compute next time the view is shown
        self.refresh_timer = QTimer(self, singleShot=True)
        self.refresh_timer.timeout.connect(self.refresh)

        # Honest about why there is nothing here: the cache is empty, not the plant.
        self.empty_state = EmptyState(
            self.tr("No figures yet"),
            self.tr(
                "On-time delivery, OEE and complaint counts appear here once the sync "
                "engine has filled the local cache. Nothing has been synced yet."
            ),
        )
        self.model = CachedFeedsModel(counts, clock, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setDynamicSortFilter(True)
        self.table = self._build_table()
        self.table_page = self._build_table_page()
        self.figures_page = self._build_figures_page()

        self.tabs = QTabWidget()
        self.tabs.setObjectName("overviewTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.figures_page, self.tr("Figures"))
        self.tabs.addTab(self.table_page, self.tr("Cached data"))
        self.content = self.tabs

        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_state)
        self.pages.addWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        # The figures as last worked out, shown until they are worked out again.
        self.snapshot_path = (figures_snapshot.snapshot_path(str(store.engine.url))
                              if store is not None else None)
        if store is None:
            self.status_label.setText(self.tr("No cache is open: there are no figures."))
        else:
            self._show_saved_figures()
        self.model.modelReset.connect(self._show_page)
        self._show_page()
        self._ages = QTimer(self)
        self._ages.setInterval(AGE_REFRESH_MS)
        self._ages.timeout.connect(self.model.refresh_ages)
        self._ages.start()
        if bridge is not None:
            bridge.cache_changed.connect(self._on_cache_changed)
            bridge.health_changed.connect(lambda _health: self._show_first_reads())
        if planner is not None:
            planner.plan_ready.connect(lambda _plan: self.request_refresh())

    # -- building ----------------------------------------------------------------------------
    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("cachedFeeds")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.FEED, Qt.SortOrder.AscendingOrder)
        _table_looks(table)
        # At most a few dozen rows (feeds × sources), so fitting columns to content is cheap;
        # the last column takes the rest, keeping each number close to its feed's name.
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return table

    def _build_table_page(self) -> QWidget:
        title = QLabel(self.tr("Cached data"))
        title.setObjectName("sectionTitle")
        note = QLabel(self.tr("What the local cache holds, per source, and how fresh it is."))
        note.setObjectName("sectionNote")
        note.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        self.cached_export = export_button(self, lambda: self.table, "cached-data")
        layout.addWidget(self.cached_export, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _build_figures_page(self) -> QWidget:
        grid, self.tiles = tile_grid()
        for tile in self.tiles.values():
            tile.clicked.connect(self.show_rows)
        self.status_label = QLabel(self.tr("Computing the figures…"))
        self.status_label.setObjectName("sectionNote")
        self.status_label.setWordWrap(True)
        self.rows_title = QLabel(self.tr("Click a figure to see the rows behind it."))
        self.rows_title.setObjectName("sectionTitle")
        self.rows_model = KpiRowsModel(self)
        self.rows_proxy = KpiRowsProxy(self)
        self.rows_proxy.setSourceModel(self.rows_model)
        self.rows_table = QTableView()
        self.rows_table.setObjectName("kpiRows")
        self.rows_table.setModel(self.rows_proxy)
        self.rows_table.setSortingEnabled(True)
        _table_looks(self.rows_table)
        self.rows_table.horizontalHeader().setStretchLastSection(True)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.status_label)
        layout.addLayout(grid)
        title_row = QHBoxLayout()
        title_row.addWidget(self.rows_title, 1)
        self.rows_export = export_button(self, lambda: self.rows_table, "figures")
        title_row.addWidget(self.rows_export)
        layout.addLayout(title_row)
        layout.addWidget(self.rows_table, 1)
        return page

    def _show_page(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.pages.setCurrentWidget(self.content if has_rows else self.empty_state)

    # -- keeping up --------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.request_refresh()

    def _on_cache_changed(self, changes: ChangeSet) -> None:
        if changes.kinds & set(KPI_FEEDS):
            self.request_refresh()

    def request_refresh(self) -> None:
        """Compute the figures again: now if the last run is long enough ago, else once the
        interval has passed; later, when shown, if the view is hidden."""
        self._stale = True
        if self.store is None or not self.isVisible():
            return
        if self._running:
            self._again = True
            return
        if self.refresh_timer.isActive():
            return
        starting = self._monotonic() - self._born < STARTUP_SECONDS
        interval = STARTUP_REFRESH_SECONDS if starting else MIN_REFRESH_SECONDS
        wait = max(0.0, interval - (self._monotonic() - self._last_start),
                   self.pacing.wait_seconds())
        self.refresh_timer.start(math.ceil(wait * 1000))

    def refresh(self) -> None:
        """Read and compute in the worker now, whatever the interval."""
        self.refresh_timer.stop()
        if self.store is None:
            return
        if self._running:
            self._again = True
            return
        self._running = True
        self._stale = False
        self._last_start = self._monotonic()
        self.pacing.started()
        store, now, rules = self.store, self._clock(), self._rules()
        # Taken before the read: whatever the worker reads is at least this fresh, and at
        # most this incomplete.
        self._reading_as_of = (self._bridge.last_synced(set(self.FEEDS))
                               if self._bridge is not None else None)
        self._reading_incomplete = frozenset(
            self._bridge.first_reads().keys() & set(KPI_FEEDS)
            if self._bridge is not None else ())
        # Figures of part of the data are not kept for the next start's first frame.
        path = None if self._reading_incomplete else self.snapshot_path
        as_of = self._reading_as_of

        def compute(shared: PlanResult | None) -> tuple[OverviewFigures, dict[str, RowsTable]]:
            figures = load(store, now, rules, shared.plan if shared is not None else None)
            if path is not None:
                _save_figures(path, figures, as_of)
            return figures, all_rows(figures)

        # With the window's runtime: computed there, with the very plan Orders shows.
        runtime = self.planner.runtime if self.planner is not None else None
        if runtime is not None:
            runtime.submit(compute, self._on_computed, self._on_failed, latest=True)
        else:
            self.background.run(lambda: compute(None), self._on_computed, self._on_failed)

    def _show_saved_figures(self) -> None:
        saved = figures_snapshot.load(self.snapshot_path)
        if saved is not None:
            show_kpis(self.tiles, saved.kpis)
            self.status_label.setText(saved_figures_note(saved, self._clock()))

    def _rules(self) -> LinkingRules:
        """The plant's linking rules, as the Orders view uses them (the defaults when the file
        is missing or cannot be read): "at risk" must count the same lines."""
        path = self.rules_path
        if path is None:
            from widgets.orders.rules_file import default_rules_path

            path = default_rules_path()
        try:
            return LinkingRules.load(path)
        except (RulesError, OSError) as error:
            log.warning("linking rules at %s not used: %s", path, error)
            return LinkingRules()

    def _finish(self) -> None:
        self.pacing.finished()
        self._running = False
        if self._again:
            self._again = False
            self.request_refresh()

    def _on_failed(self, error: BaseException) -> None:
        self._finish()
        self.status_label.setText(self.tr("The figures could not be computed: {error}").format(
            error=str(error) or type(error).__name__))

    def _on_computed(self, result: tuple[OverviewFigures, dict[str, RowsTable]]) -> None:
        self._finish()
        self.figures, self.tables = result
        self.data_as_of = self._reading_as_of
        self.incomplete = self._reading_incomplete
        figures = self.figures
        show_kpis(self.tiles, figures.kpis)
        self._show_first_reads()
        self.status_label.setText(self._figures_note(figures))
        if self.selected is None:
            # What needs attention first; else the first figure with rows behind it.
            with_rows = [n for n, k in figures.kpis.items() if k.keys]
            self.selected = DEFAULT_TILE if DEFAULT_TILE in with_rows or not with_rows \
                else with_rows[0]
        self.show_rows(self.selected)
        self.figures_ready.emit(figures)

    def _figures_note(self, figures: OverviewFigures) -> str:
        """When the figures were worked out and from data as of when (the header's "Data as
        of" keeps moving on; these stay until the next computation). Both in the
        workstation's time, as the header's; the site's zone is named for the weeks."""
        now = self._clock()
        made = clock_text(figures.now, now)
        abbreviation = zone_abbreviation(figures.now, figures.zone)
        zone = figures.zone.key if abbreviation == figures.zone.key \
            else f"{figures.zone.key}, {abbreviation}"
        if self.data_as_of is None:
            when = self.tr("Figures worked out at {made} from the data read so far.").format(
                made=made)
        else:
            when = self.tr("Figures from the data as of {data}, worked out at {made}.").format(
                data=clock_text(min(self.data_as_of, figures.now), now), made=made)
        weeks = self.tr(
            "Weeks are ISO weeks in the site's time zone ({zone}); rates and times cover the "
            "last 4 weeks, counts are as of the data. Click a figure for the rows behind "
            "it.").format(zone=zone)
        # Sentences join with a space in English, without one in Chinese.
        return self.tr("{figures} {weeks}").format(figures=when, weeks=weeks)

    def _show_first_reads(self) -> None:
        """Each tile whose figure counts part of a feed still in its first read shows how far
        that read got instead of the figure."""
        if not self.incomplete:
            return
        if self._bridge is not None:
            reading = self._bridge.first_reads()
            self._progress.update((feed, read) for feed, read in reading.items()
                                  if feed in self.incomplete)
            if self.incomplete - reading.keys():  # one ended: the figures can be whole now
                self.request_refresh()
        for name, tile in self.tiles.items():
            feeds = kpi_inputs(name) & self.incomplete
            if feeds:
                tile.show_reading(first_reads_text(
                    [self._progress.get(feed, FirstRead(feed)) for feed in feeds]))

    # -- click-through -----------------------------------------------------------------------
    def show_rows(self, name: str) -> None:
        """List the rows behind the tile `name` in the table below the tiles."""
        self.selected = name
        for tile_name, tile in self.tiles.items():
            tile.set_selected(tile_name == name)
        table = self.tables.get(name)
        if table is None:
            return
        other_figure = table.name != self.rows_model.table.name
        if self.rows_model.set_table(table):
            if other_figure:
                # The header's default indicator is descending; a figure's rows start sorted
                # on their first column. Fresh rows of the same figure keep the person's sort.
                self.rows_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            self._fit_columns()
        title = self.tiles[name].title_label.text()
        self.rows_title.setText(self.tr("{title}: the {n} rows behind the figure").format(
            title=title, n=f"{len(table):,}"))

    def _fit_columns(self) -> None:
        """Each column as wide as its header or the widest of a few sample texts: Qt's fit to
        contents would format every one of tens of thousands of cells on the UI thread."""
        header = self.rows_table.horizontalHeader()
        metrics = self.rows_table.fontMetrics()
        for column in range(self.rows_model.columnCount()):
            texts = self.rows_model.texts(column)
            widest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
            header.resizeSection(column, max(header.sectionSizeHint(column),
                                             widest + CELL_PADDING))


def _save_figures(path: Path, figures: OverviewFigures, as_of: datetime | None) -> None:
    """Keep the figures for the next start's first frame; failing that is only logged."""
    try:
        figures_snapshot.save(path, figures_snapshot.FiguresSnapshot(
            figures.kpis, figures.now, as_of, figures.zone.key))
    except OSError as error:
        log.warning("figures not saved at %s: %s", path, error)


def _table_looks(table: QTableView) -> None:
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(ROW_HEIGHT)
    table.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
