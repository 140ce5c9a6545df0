"""Quality by line: every characteristic of a line or work center in one table, worst first,
with its Cpk, rule violations, trend and whether it is critical. Double-click or Enter opens
the characteristic's chart. The rows are read from the cache in the views' worker
(`app.runtime.quality_matrix`), once per relevant cache change or window pick.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.analytics.quality_matrix import Status
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.domain import EquipmentLevel
from app.runtime.quality_matrix import Place, QualityMatrix, read_matrix
from widgets.common.background import Background
from widgets.quality.matrix_model import ROW, MatrixModel, MatrixProxy, SparklineDelegate
from widgets.quality.quality_compute import WINDOW_SPANS, Window
from widgets.quality.quality_pickers import window_combo

log = logging.getLogger(__name__)

MATRIX_FEEDS = frozenset({"mes.measurements", "mes.characteristics", "mes.products",
                          "mes.equipment"})
ROW_HEIGHT = 24


class MatrixPanel(QWidget):
    # (source, characteristic id, window) of the row a person opened.
    open_requested = Signal(str, str, object)
    # After rows were read and shown.
    updated = Signal()

    def __init__(self, store: CacheStore | None, clock: Callable[[], datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._clock = clock
        self.background = Background(self)
        self.matrix: QualityMatrix | None = None
        self._running = False
        self._wanted = False

        self.place = QComboBox()
        self.place.setMinimumContentsLength(22)
        self.place.addItem(self.tr("All lines"), None)
        self.window = window_combo()
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter characteristics"))
        self.filter.setClearButtonEnabled(True)
        self.only_violations = QCheckBox(self.tr("Only with violations"))
        self.summary = QLabel()
        self.summary.setObjectName("qualitySummary")
        self.summary.setWordWrap(True)

        self.model = MatrixModel(self)
        self.proxy = MatrixProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.setItemDelegateForColumn(MatrixModel.Column.TREND, SparklineDelegate(self))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(MatrixModel.Column.STATUS, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(MatrixModel.Column.CHARACTERISTIC,
                                    QHeaderView.ResizeMode.Stretch)
        # Flagged cells are bold: measure those columns with the bold font, so their words
        # are not cut; the rest get what the characteristic's name does not need.
        bold = QFont(self.font())
        bold.setBold(True)
        Column = MatrixModel.Column  # noqa: N806 (an enum, read as one)
        header = self.model.headerData
        widths = {
            Column.STATUS: (bold, self.model.status_text(Status.OUT_OF_CONTROL_AND_WEAK)),
            Column.WORK_CENTER: (self.font(), "Drilling and tapping"),
            Column.CRITICAL: (bold, header(Column.CRITICAL, Qt.Orientation.Horizontal)),
            Column.CPK: (bold, "0.00"),
            Column.VIOLATIONS: (bold, header(Column.VIOLATIONS, Qt.Orientation.Horizontal)),
            Column.LAST_VIOLATION: (self.font(), "2026-11-24 12:45"),
            Column.TREND: (self.font(), "M" * 7)}
        for column, (font, sample) in widths.items():
            self.table.setColumnWidth(column, QFontMetrics(font).horizontalAdvance(sample) + 20)

        bar = QHBoxLayout()
        bar.setSpacing(8)
        for text, field in ((self.tr("Line or work center"), self.place),
                            (self.tr("Window"), self.window)):
            label = QLabel(text)
            label.setBuddy(field)
            bar.addWidget(label)
            bar.addWidget(field)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.only_violations)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

        self.place.currentIndexChanged.connect(self._on_place)
        self.window.currentIndexChanged.connect(lambda _i: self.refresh())
        self.filter.textChanged.connect(self._on_filter)
        self.only_violations.toggled.connect(self._on_only_violations)
        # Enter and double-click both activate a row.
        self.table.activated.connect(self._on_activated)

    # -- what is picked -----------------------------------------------------------------------
    def current_window(self) -> Window:
        return Window(self.window.currentData())

    def current_place(self) -> Place | None:
        row = self.place.currentData()
        if row is None or self.matrix is None:
            return None
        return self.matrix.places[row]

    def select_place(self, place_id: str) -> bool:
        """Narrow the table to the line or work center with this id."""
        if self.matrix is None:
            return False
        for row, place in enumerate(self.matrix.places):
            if place.id == place_id:
                self.place.setCurrentIndex(self.place.findData(row))
                return True
        return False

    def visible_rows(self) -> list:
        return [self.proxy.index(r, 0).data(ROW) for r in range(self.proxy.rowCount())]

    # -- reading --------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.matrix is None or self._wanted:
            self.refresh()

    def on_cache_changed(self, changes: ChangeSet) -> None:
        if changes.kinds & MATRIX_FEEDS:
            if self.isVisible():
                self.refresh()
            else:
                self._wanted = True  # read again when shown

    def refresh(self) -> None:
        """Read the rows again; while a read runs, asks coalesce into one read after it."""
        self._wanted = True
        if self._running or self.store is None:
            return
        self._wanted = False
        self._running = True
        store, now, window = self.store, self._clock(), self.current_window()
        span = WINDOW_SPANS[window]
        self.background.run(lambda: read_matrix(store, now, span), self._on_read,
                            self._on_failed)

    def _on_read(self, matrix: QualityMatrix) -> None:
        self._running = False
        self.matrix = matrix
        self._fill_places(matrix)
        self.model.set_matrix(matrix.rows, matrix.places, self.window.currentText())
        self._show_summary()
        self.updated.emit()
        if self._wanted and self.isVisible():
            self.refresh()

    def _on_failed(self, error: BaseException) -> None:
        self._running = False
        log.error("quality matrix read failed", exc_info=error)
        self.summary.setText(self.tr("Quality data could not be read: {error}").format(
            error=error))
        if self._wanted and self.isVisible():
            self.refresh()

    def _fill_places(self, matrix: QualityMatrix) -> None:
        kept = self.current_place()
        self.place.blockSignals(True)
        try:
            while self.place.count() > 1:
                self.place.removeItem(1)
            for row, place in enumerate(matrix.places):
                indent = "" if place.level is EquipmentLevel.LINE else "    "
                self.place.addItem(f"{indent}{place.name}", row)
            chosen = 0
            if kept is not None:
                chosen = next((self.place.findData(row) for row, p in enumerate(matrix.places)
                               if (p.source, p.id) == (kept.source, kept.id)), 0)
            self.place.setCurrentIndex(chosen)
        finally:
            self.place.blockSignals(False)
        self.proxy.set_place(self.current_place())

    # -- a person narrows or opens ----------------------------------------------------------------
    def _on_place(self) -> None:
        self.proxy.set_place(self.current_place())
        self._show_summary()

    def _on_filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._show_summary()

    def _on_only_violations(self, only: bool) -> None:
        self.proxy.set_only_violations(only)
        self._show_summary()

    def _show_summary(self) -> None:
        rows = self.visible_rows()
        flagged = [r for r in rows if r.violations]
        self.summary.setText(self.tr(
            "{count} characteristics · {flagged} with rule violations ({critical} critical) "
            "· {window} · double-click or Enter opens the chart").format(
                count=len(rows), flagged=len(flagged),
                critical=sum(1 for r in flagged if r.critical),
                window=self.window.currentText()))

    def _on_activated(self, index: QModelIndex) -> None:
        row = index.data(ROW)
        if row is not None:
            self.open_requested.emit(row.source, row.characteristic.id, self.current_window())
