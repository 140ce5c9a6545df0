"""The Maintenance view: machines ranked by their chance of failing soon, the evidence for each
(the model chosen, its fit over the failures it used), the failure history, and maintenance
windows chosen against the plan with the order lines each would delay; "Plan this window"
writes one to the MES calendar through the outbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.analytics.maintenance.risk import MachineRisk, MaintenanceSettings, Model
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.runtime.pacing import Pacing
from app.sync import actions
from app.sync.bridge import SyncBridge
from widgets.common.background import Background
from widgets.common.date_text import moment_text
from widgets.common.empty_state import EmptyState, empty_or_content
from widgets.common.engine_control import EngineControl
from widgets.common.plan_service import PlanService
from widgets.common.queued_actions import QueuedActions
from widgets.maintenance.fit_plot import FitPlot
from widgets.maintenance.maintenance_data import MaintenanceData, load
from widgets.maintenance.risk_model import Column, RiskModel
from widgets.maintenance.texts import covariate_text, model_explanation, percent
from widgets.maintenance.window_jobs import MachineWindows, SuggestedWindow, machine_windows
from widgets.maintenance.windows_panel import WindowsPanel

RELOAD_FEEDS = frozenset({"mes.machine_events", "mes.equipment"})
DAY = timedelta(days=1)
# State events arrive all the time on a live floor: a change is read once they settle, and
# reading and refitting take at most this share of a core (the views share one worker).
SETTLE_MS = 5_000
LOAD_SHARE = 0.05


class RiskFilter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = ""
        self.only_modelled = False
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_filter(self, text: str, only_modelled: bool) -> None:
        self.beginFilterChange()
        self.text, self.only_modelled = text.strip().lower(), only_modelled
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 (Qt's name)
        model: RiskModel = self.sourceModel()
        risk = model.rows[row]
        if self.only_modelled and risk.model is Model.NONE:
            return False
        if not self.text:
            return True
        words = [risk.machine_id, model.cell_text(risk, Column.MACHINE),
                 model.cell_text(risk, Column.WORK_CENTER)]
        return any(self.text in w.lower() for w in words)


class MaintenanceView(QWidget):
    FEEDS = ("mes.machine_events", "mes.calendars")
    loaded = Signal()  # after the risks were (re)computed and shown
    windows_shown = Signal()  # after the selected machine's windows were shown

    def __init__(self, counts, bridge: SyncBridge | None = None,
                 store: CacheStore | None = None,
                 clock: Callable[[], datetime] | None = None, *,
                 planner: PlanService | None = None, engine: EngineControl | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = counts
        self.store = store
        self.clock = clock or (lambda: datetime.now(UTC))
        self.settings = MaintenanceSettings()
        self.planner = planner or PlanService(bridge, store, self.clock, self)
        self._own_planner = planner is None
        self.data: MaintenanceData | None = None
        self.worker = Background(self)
        self.window_worker = Background(self)
        self._started = False
        self._stale = False
        self._loading = False
        self._again = False
        self.queued = QueuedActions(engine, bridge, self)
        self.queued.changed.connect(self._show_status)
        self.queued.failed.connect(lambda text, why: self.windows_panel.set_status(
            self.tr("{action}: not stored: {reason}").format(action=text, reason=why)))
        self.pacing = Pacing(LOAD_SHARE)
        self._reload = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._reload.timeout.connect(self.refresh)

        self.empty = EmptyState(
            self.tr("No machine state history from the MES"),
            self.tr("Failure risks appear here once the sync engine has read the machines' "
                    "state changes (down, running, maintenance) from the MES."))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(5, 95)
        self.threshold.setSingleStep(5)
        self.threshold.setDecimals(0)
        self.threshold.setSuffix(" %")
        self.threshold.setValue(self.settings.threshold * 100)
        self.threshold.setToolTip(self.tr(
            "The plant's limit: maintenance is suggested before the chance of a failure from "
            "now reaches it."))
        self.threshold.editingFinished.connect(self._threshold_changed)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search machine or work center"))
        self.search.setClearButtonEnabled(True)
        self.only_modelled = QCheckBox(self.tr("Only machines with a model"))
        self.model = RiskModel(self)
        self.proxy = RiskFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self._filter)
        self.only_modelled.toggled.connect(self._filter)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NEXT_DAY, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().currentRowChanged.connect(self._show_machine)
        # Until a person picks a machine, the riskiest one is shown after every reload.
        self._picked = False
        self.table.clicked.connect(self._person_picked)
        self.table.activated.connect(self._person_picked)
        self.no_match = QLabel(self.tr("No machine matches the filter."))
        self.no_match.hide()

        self.detail_title = QLabel()
        self.detail_title.setObjectName("sectionTitle")
        self.detail_title.setWordWrap(True)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.modes = QLabel()
        self.modes.setWordWrap(True)
        self.plot = FitPlot()
        evidence = QWidget()
        evidence_layout = QHBoxLayout(evidence)
        evidence_layout.addWidget(self.plot, 3)
        words = QVBoxLayout()
        words.addWidget(self.explanation)
        words.addWidget(self.modes)
        words.addStretch(1)
        evidence_layout.addLayout(words, 2)
        self.history = QTableWidget(0, 4)
        self.history.setHorizontalHeaderLabels([
            self.tr("Failed at"), self.tr("Reason"), self.tr("Repair (h)"),
            self.tr("Operating hours before")])
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.windows_panel = WindowsPanel()
        self.windows_panel.can_send(self.queued.available)
        self.windows_panel.plan_requested.connect(self._plan_window)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.windows_panel, self.tr("Suggested windows"))
        self.tabs.addTab(evidence, self.tr("Evidence"))
        self.tabs.addTab(self.history, self.tr("History"))

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Service before the risk reaches")))
        filters.addWidget(self.threshold)
        filters.addSpacing(12)
        filters.addWidget(self.only_modelled)
        filters.addStretch(1)
        filters.addWidget(self.search)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.no_match)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.tabs, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(table_box)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.summary)
        content_layout.addLayout(filters)
        content_layout.addWidget(splitter, 1)
        self.pages = empty_or_content(self, self.empty, content)

        if bridge is not None:
            bridge.cache_changed.connect(self._on_cache_changed)
        self.planner.plan_ready.connect(lambda _plan: self._request_windows())

    # -- loading ---------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.refresh()
        elif self._stale:
            self._stale = False
            self.refresh()
            if self._own_planner or self.planner.result is None:
                self.planner.request()

    def _on_cache_changed(self, changes: ChangeSet) -> None:
        if not (self._started and changes.kinds & RELOAD_FEEDS):
            return
        if not self.isVisible():
            self._stale = True  # read again when shown, not for nobody
        elif not self._reload.isActive():
            self._reload.start(max(SETTLE_MS, round(self.pacing.wait_seconds() * 1000)))

    def refresh(self) -> None:
        if self.store is None:
            self.pages.setCurrentIndex(0)
            return
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.pacing.started()
        store, now, settings = self.store, self.clock(), self._settings()
        self.worker.run(lambda: load(store, now, settings), self._show,
                        lambda _error: self._done_loading())

    def _settings(self) -> MaintenanceSettings:
        return MaintenanceSettings(threshold=self.threshold.value() / 100.0)

    def _done_loading(self) -> None:
        self.pacing.finished()
        self._loading = False
        if self._again:
            self._again = False
            self.refresh()

    def _show(self, data: MaintenanceData) -> None:
        current = self.current_machine() if self._picked else None
        self.data = data
        self._done_loading()
        if not data.risks:
            self.pages.setCurrentIndex(0)
            self.loaded.emit()
            return
        self.model.set_data(data)
        # One row per machine (dozens, a few hundred at plant size): cheap to fit each time.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.MACHINE, QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        header.setSectionResizeMode(Column.MACHINE, QHeaderView.ResizeMode.Stretch)
        fitted = sum(r.model is Model.WEIBULL for r in data.risks)
        fallback = sum(r.model is Model.KAPLAN_MEIER for r in data.risks)
        soon = sum(1 for r in data.risks
                   if r.threshold_at is not None and r.threshold_at <= data.now + DAY)
        self.summary.setText(self.tr(
            "{machines} machines from {events} state changes: {fitted} with a Weibull model, "
            "{fallback} with too few failures (Kaplan–Meier); {soon} reach the {threshold} "
            "risk limit within a day.").format(
            machines=len(data.risks), events=data.events, fitted=fitted, fallback=fallback,
            soon=soon, threshold=percent(self.threshold.value() / 100.0)))
        if self.pages.currentIndex() != 1:
            self.pages.setCurrentIndex(1)
            QTimer.singleShot(0, self._share_space)
        self._filter()
        if current is None and self.proxy.rowCount() > 0:
            current = self.model.rows[self.proxy.mapToSource(self.proxy.index(0, 0)).row()
                                      ].machine_id
        if current is not None:
            self._select(current)
        self.loaded.emit()

    def _share_space(self) -> None:
        # Half each: the ranking, and the detail its tabs need (a 720-pixel-high window too).
        total = sum(self.splitter.sizes())
        self.splitter.setSizes([total // 2, total - total // 2])

    def _threshold_changed(self) -> None:
        if self.data is not None and abs(self._settings().threshold
                                         - self.settings.threshold) > 1e-9:
            self.settings = self._settings()
            self.refresh()

    def _filter(self, *_args) -> None:
        self.proxy.set_filter(self.search.text(), self.only_modelled.isChecked())
        empty = self.proxy.rowCount() == 0
        self.no_match.setVisible(empty)
        self.table.setVisible(not empty)

    # -- the selected machine --------------------------------------------------------------
    def current_machine(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.rows[self.proxy.mapToSource(index).row()].machine_id

    def current_risk(self) -> MachineRisk | None:
        machine_id = self.current_machine()
        row = self.model.row_of(machine_id) if machine_id else -1
        return self.model.rows[row] if row >= 0 else None

    def _person_picked(self, *_args) -> None:
        self._picked = True

    def select_machine(self, machine_id: str) -> bool:
        """Show `machine_id` (as a person's click would): it stays selected over reloads."""
        self._picked = True
        return self._select(machine_id)

    def _select(self, machine_id: str) -> bool:
        row = self.model.row_of(machine_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.search.clear()
            self.only_modelled.setChecked(False)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self._show_machine()
        return True

    def _show_machine(self, *_args) -> None:
        risk = self.current_risk()
        data = self.data
        if risk is None or data is None:
            return
        name = data.names.get(risk.machine_id, risk.machine_id)
        figures = data.figures.get(risk.machine_id)
        center = data.work_center_of.get(risk.machine_id, "")
        by_type = data.type_figures.get(center)
        self.detail_title.setText(self._title(name, risk))
        self.explanation.setText(model_explanation(risk))
        lines = []
        if figures and figures.modes:
            lines.append(self.tr("Failure modes: {modes}").format(modes=", ".join(
                self.tr("{reason} {share}").format(reason=m.reason, share=percent(m.share))
                for m in figures.modes[:5])))
        if by_type and by_type.mtbf_hours:
            lines.append(self.tr(
                "Its type ({center}, {machines} machines): MTBF {mtbf:.0f} h, MTTR "
                "{mttr:.1f} h.").format(center=data.names.get(center, center),
                                        machines=by_type.machines, mtbf=by_type.mtbf_hours,
                                        mttr=by_type.mttr_hours or 0.0))
        lines += [covariate_text(check) for check in data.covariates.get(risk.machine_id, [])]
        self.modes.setText("\n".join(lines))
        self.plot.show_risk(risk)
        self._show_history(risk)
        self._request_windows()

    def _title(self, name: str, risk: MachineRisk) -> str:
        p = risk.next_day
        if p.value is None:
            return self.tr("{machine}: the model cannot say for the next day").format(
                machine=name)
        if p.low is not None and p.high is not None:
            return self.tr("{machine}: {p} chance of a failure in the next day "
                           "(90 % interval {low} to {high}); {age:.0f} operating hours since "
                           "the last one").format(machine=name, p=percent(p.value),
                                                  low=percent(p.low), high=percent(p.high),
                                                  age=risk.history.age_hours)
        return self.tr("{machine}: {p} chance of a failure in the next day").format(
            machine=name, p=percent(p.value))

    def _show_history(self, risk: MachineRisk) -> None:
        failures = list(reversed(risk.history.failures))  # the latest first
        self.history.setRowCount(len(failures))
        for row, f in enumerate(failures):
            before = "—" if f.hours_before is None else f"{f.hours_before:.1f}"
            cells = [moment_text(f.start), f.reason, f"{f.repair_hours:.1f}", before]
            for column, text in enumerate(cells):
                self.history.setItem(row, column, QTableWidgetItem(text))

    # -- windows ---------------------------------------------------------------------------
    def _request_windows(self) -> None:
        risk = self.current_risk()
        result = self.planner.result
        if risk is None or self.data is None:
            return
        if result is None:
            self.windows_panel.set_intro(self.tr("Waiting for the plan…"))
            self.windows_panel.show_windows(None, {})
            return
        if risk.model is Model.NONE:
            self.windows_panel.set_intro(self.tr(
                "No failure model for this machine: no windows to suggest."))
            self.windows_panel.show_windows(None, {})
            self.windows_shown.emit()
            return
        settings, now = self._settings(), self.data.now
        self.window_worker.run(
            lambda: machine_windows(risk, result.snapshot, result.plan, now, settings),
            lambda windows: self._show_windows(risk, windows))

    def _show_windows(self, risk: MachineRisk, windows: MachineWindows) -> None:
        if self.current_machine() != risk.machine_id or self.data is None:
            return
        threshold = percent(self._settings().threshold)
        if risk.threshold_at is None:
            intro = self.tr("The risk does not reach {threshold} within what the model can "
                            "say; the least busy windows of the next two weeks:").format(
                threshold=threshold)
        elif risk.threshold_at <= self.data.now + DAY:
            intro = self.tr("The risk reaches {threshold} soon ({when}): the least busy "
                            "windows soonest.").format(threshold=threshold,
                                               when=moment_text(risk.threshold_at))
        else:
            intro = self.tr("The risk reaches {threshold} on {when}; the least busy windows "
                            "before then:").format(threshold=threshold,
                                                   when=moment_text(risk.threshold_at))
        self.windows_panel.set_intro(intro)
        self.windows_panel.show_windows(windows, self.data.customers)
        self._show_status()
        self.windows_shown.emit()

    def _plan_window(self, suggestion: SuggestedWindow) -> None:
        windows = self.windows_panel.windows
        result = self.planner.result
        if windows is None or windows.calendar_id is None or result is None \
                or result.mes_source is None or not self.queued.available:
            return
        w = suggestion.choice.window
        action = actions.plan_maintenance(result.mes_source, windows.calendar_id,
                                          w.machine_id, w.start, w.end, w.reason)
        name = self.data.names.get(w.machine_id, w.machine_id) if self.data else w.machine_id
        self.queued.queue(action, self.tr("Maintenance of {machine} {start}").format(
            machine=name, start=moment_text(w.start)))

    def _show_status(self) -> None:
        texts = []
        for pending in self.queued.pending:
            if pending.refused:
                texts.append(self.tr("{action}: refused by the MES: {reason}").format(
                    action=pending.text, reason=pending.reason))
            else:
                texts.append(self.tr("{action}: waiting to be sent").format(
                    action=pending.text))
        self.windows_panel.set_status("\n".join(texts))

