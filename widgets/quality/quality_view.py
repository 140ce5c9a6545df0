"""The Quality view: "Is the bore diameter on line 2 drifting?"

Two tabs. "Chart": pickers on top; the control chart (on subgroup numbers or on time) with
its violations (in words, each opening the measurements behind it) on the left; the histogram
with capability and the defect Pareto on the right. "By line": every characteristic of a line
or work center in one table (widgets.quality.matrix_panel), each row opening its chart.
Cache reads and chart computations run in a worker, once per relevant cache change (or pick),
never on the UI thread. pyqtgraph is imported only when the view is first shown,
so it costs nothing at start-up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge
from widgets.common.background import Background
from widgets.common.cache_counts import CacheCounts
from widgets.common.empty_state import EmptyState

if TYPE_CHECKING:
    from widgets.quality.matrix_panel import MatrixPanel
    from widgets.quality.quality_catalogue import Catalogue
    from widgets.quality.quality_compute import FrozenLimits, QualityResult, Selection, Window
    from widgets.quality.quality_content import QualityContent

log = logging.getLogger(__name__)

CATALOGUE_FEEDS = frozenset({"mes.characteristics", "mes.products"})
CHART_FEEDS = frozenset({"mes.measurements", "mes.defects", "mes.characteristics"})


class QualityView(QWidget):
    FEEDS = ("mes.measurements", "mes.characteristics", "mes.defects")
    # After the catalogue (what can be picked) was read and shown.
    catalogue_loaded = Signal()
    # After a chart result was shown (or the empty state that replaces it).
    updated = Signal()

    def __init__(self, counts: CacheCounts, bridge: SyncBridge | None = None,
                 store: CacheStore | None = None,
                 clock: Callable[[], datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = counts
        self.store = store
        self._clock = clock or (lambda: datetime.now(UTC))
        self.background = Background(self)
        self.catalogue: Catalogue | None = None
        self.result: QualityResult | None = None
        self._frozen: FrozenLimits | None = None
        self._recompute = False
        self._running: str | None = None  # the job in the worker, if any
        self._wanted: set[str] = set()  # jobs to run once the worker is free
        self._started = False
        self.content: QualityContent | None = None
        self.matrix: MatrixPanel | None = None  # the "By line" tab, made with the content

        self.empty_state = EmptyState(self._no_characteristics_title(),
                                      self._no_characteristics_text())
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        if bridge is not None:
            bridge.cache_changed.connect(self._on_cache_changed)

    # -- texts -----------------------------------------------------------------------------

    def _run(self, tag: str, fn) -> None:
        """`fn` in the worker; its result or error comes back to the job handlers."""
        self.background.run(fn, lambda result: self._on_job_finished(tag, result),
                            lambda error: self._on_job_failed(tag, error))
    def _no_characteristics_title(self) -> str:
        return self.tr("No quality characteristics cached yet")

    def _no_characteristics_text(self) -> str:
        return self.tr(
            "Control charts, capability and the defect Pareto appear here once the sync "
            "engine has read the characteristics to control and their measurements from the "
            "MES.")

    def _loading_text(self) -> str:
        return self.tr("Reading quality data from the cache…")

    # -- starting lazily -------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._started and self.store is not None:
            self._started = True
            self.empty_state.set_texts(self._loading_text(), "")
            self._request("catalogue")
        elif self._wanted and self._running is None:
            self._run_next()

    def _on_cache_changed(self, changes: ChangeSet) -> None:
        if not self._started:
            return
        if self.matrix is not None:
            self.matrix.on_cache_changed(changes)
        kinds = changes.kinds
        if kinds & CATALOGUE_FEEDS or (self.catalogue is not None
                                       and not self.catalogue.characteristics
                                       and kinds & CHART_FEEDS):
            self._request("catalogue")
        elif kinds & CHART_FEEDS and self.content is not None:
            self._request("chart")

    # -- jobs --------------------------------------------------------------------------------
    def _request(self, job: str) -> None:
        """Ask for a job; while one runs, asks coalesce into a single run after it."""
        self._wanted.add(job)
        if self._running is None and self.isVisible():
            self._run_next()

    def recompute_limits(self) -> None:
        self._recompute = True
        self._request("chart")

    def _run_next(self) -> None:
        store = self.store
        if store is None or not self._wanted:
            return
        if "catalogue" in self._wanted:
            self._wanted.discard("catalogue")
            self._running = "catalogue"
            from widgets.quality.quality_catalogue import load_catalogue

            self._run("catalogue", lambda: load_catalogue(store))
            return
        self._wanted.discard("chart")
        job = self._chart_job(store)
        if job is None:
            self._run_next()
            return
        self._running = "chart"
        self._run("chart", job)

    def _chart_job(self, store: CacheStore) -> Callable[[], QualityResult] | None:
        from widgets.quality.quality_compute import Selection, compute

        assert self.content is not None
        pickers = self.content.pickers
        item = pickers.current_characteristic()
        if item is None:
            return None
        selection = Selection(item.source, item.characteristic.id, pickers.current_machine(),
                              pickers.current_window(), pickers.current_chart())
        frozen = None if self._recompute else self._frozen
        self._recompute = False
        now = self._clock()
        characteristic = item.characteristic
        return lambda: compute(store, selection, characteristic, characteristic.product_id,
                               now, frozen)

    def _on_job_finished(self, tag: str, result: Any) -> None:
        self._running = None
        if tag == "catalogue":
            self._show_catalogue(result)
        else:
            self._show_result(result)
        if self.isVisible():
            self._run_next()

    def _on_job_failed(self, tag: str, error: BaseException) -> None:
        self._running = None
        log.error("quality %s job failed", tag, exc_info=error)
        if self.content is not None:
            self.content.show_error(error)
        else:
            self.empty_state.set_texts(self.tr("Quality data could not be read"), str(error))
        if self.isVisible():
            self._run_next()

    # -- showing -----------------------------------------------------------------------------
    def _ensure_content(self) -> QualityContent:
        if self.content is None:
            # pyqtgraph and the analytics load here, the first time there is data to chart.
            from widgets.quality.matrix_panel import MatrixPanel
            from widgets.quality.quality_content import QualityContent

            self.matrix = MatrixPanel(self.store, self._clock)
            self.matrix.open_requested.connect(self.open_characteristic)
            self.content = QualityContent(self.matrix)
            self.content.pickers.changed.connect(lambda: self._request("chart"))
            self.content.pickers.recompute_requested.connect(self.recompute_limits)
            self.stack.addWidget(self.content)
        return self.content

    def _show_catalogue(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        if not catalogue.characteristics:
            self.empty_state.set_texts(self._no_characteristics_title(),
                                       self._no_characteristics_text())
            self.stack.setCurrentWidget(self.empty_state)
            self.catalogue_loaded.emit()
            return
        content = self._ensure_content()
        content.pickers.set_catalogue(catalogue)
        self.stack.setCurrentWidget(content)
        self.catalogue_loaded.emit()
        self._wanted.add("chart")

    def _show_result(self, result: QualityResult) -> None:
        assert self.content is not None
        pickers = self.content.pickers
        item = pickers.current_characteristic()
        if item is None or item.key != (result.selection.source,
                                        result.selection.characteristic_id):
            return  # the person picked something else meanwhile; its job is queued
        self.result = result
        self._frozen = result.limits
        pickers.set_machines(result.machines)
        self.content.show_result(result)
        self.updated.emit()

    def show_matrix(self) -> None:
        """The "By line" tab: every characteristic of a line at once."""
        if self.content is not None and self.matrix is not None:
            self.content.tabs.setCurrentWidget(self.matrix)

    def open_characteristic(self, source: str, characteristic_id: str,
                            window: Window | None = None) -> bool:
        """The chart of this characteristic (all machines; the window given, else the one
        picked), as a drill-down from the matrix or an alarm would open it."""
        if self.content is None:
            return False
        if not self.content.pickers.select_characteristic((source, characteristic_id),
                                                          window):
            return False
        self.content.tabs.setCurrentWidget(self.content.chart_page)
        return True

    def current_selection(self) -> Selection | None:
        return self.result.selection if self.result is not None else None

    def select_violation(self, row: int) -> None:
        """Show the measurements behind the violation in `row` (as a click would)."""
        assert self.content is not None
        table = self.content.violations_table
        table.selectRow(row)
