"""The Overview view: until the KPI page arrives, a table of what the local cache holds.

It will show KPIs with trends and the demand forecast against capacity.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.contract import FEEDS
from widgets.common.cache_counts import CacheCounts
from widgets.common.empty_state import EmptyState
from widgets.overview.cached_feeds_model import SORT_ROLE, CachedFeedsModel, Clock, Column

AGE_REFRESH_MS = 5000
ROW_HEIGHT = 24


class OverviewView(QWidget):
    FEEDS: tuple[str, ...] = tuple(spec.name for spec in FEEDS)  # it sums up all of them

    def __init__(self, counts: CacheCounts, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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

        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_state)
        self.pages.addWidget(self.table_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self.model.modelReset.connect(self._show_page)
        self._show_page()
        self._ages = QTimer(self)
        self._ages.setInterval(AGE_REFRESH_MS)
        self._ages.timeout.connect(self.model.refresh_ages)
        self._ages.start()

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("cachedFeeds")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.FEED, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        # At most a few dozen rows (feeds × sources), so fitting columns to content is cheap;
        # the last column takes the rest, keeping each number close to its feed's name.
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return table

    def _build_table_page(self) -> QWidget:
        title = QLabel(self.tr("Cached data"))
        title.setObjectName("sectionTitle")
        note = QLabel(self.tr(
            "What the local cache holds, per source. The KPI page arrives with the "
            "Overview view; until then this shows that syncing works."))
        note.setObjectName("sectionNote")
        note.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        return page

    def _show_page(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.pages.setCurrentWidget(self.table_page if has_rows else self.empty_state)
