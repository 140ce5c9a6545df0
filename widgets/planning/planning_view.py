"""The Planning view: the delivery-date check (capable-to-promise) for account managers, and
expedite with its effect for plant managers, both over the console's current plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.analytics.schedule.promise import promised_dates
from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge
from widgets.common.background import Background
from widgets.common.cache_counts import CacheCounts
from widgets.common.empty_state import EmptyState, empty_or_content
from widgets.common.plan_service import PlanService
from widgets.common.queued_actions import ActionQueue, QueuedActions
from widgets.common.zone_time import zoned_time
from widgets.planning.capacity_panel import CapacityPanel
from widgets.planning.expedite_panel import ExpeditePanel
from widgets.planning.feasibility_panel import FeasibilityPanel
from widgets.planning.plan_text import day_text
from widgets.planning.planning_choices import PlanningChoices, read_choices


class PlanningView(QWidget):
    FEEDS = ("mes.work_orders", "mes.calendars", "crm.orders")

    def __init__(self, counts: CacheCounts, bridge: SyncBridge | None,
                 store: CacheStore | None, clock: Callable[[], datetime],
                 planner: PlanService | None = None, engine: ActionQueue | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.planner = planner or PlanService(bridge, store, clock, self)
        self.queued = QueuedActions(engine, bridge, self)
        self.reader = Background(self)
        self.choices = PlanningChoices()

        self.empty = EmptyState(
            self.tr("Nothing to plan yet"),
            self.tr("Delivery-date checks and expedites appear here once the sync engine has "
                    "read work orders, calendars and products from the MES."))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.feasibility = FeasibilityPanel(self.planner, self.queued, bridge=bridge)
        self.expedite = ExpeditePanel(self.planner, self.queued)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.feasibility, self.tr("Delivery date"))
        self.tabs.addTab(self.expedite, self.tr("Expedite work orders"))
        self.capacity = CapacityPanel(self.planner, store)
        self.tabs.addTab(self.capacity, self.tr("Capacity"))
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.summary)
        content_layout.addWidget(self.tabs, 1)
        self.pages = empty_or_content(self, self.empty, content)

        self.planner.plan_ready.connect(self._on_plan)
        if self.planner.result is not None:
            self._on_plan(self.planner.result.plan)
        else:
            self.planner.request()

    def _on_plan(self, _plan) -> None:
        result = self.planner.result
        if result is None or self.store is None:
            return
        store = self.store
        self.reader.run(lambda: read_choices(store), lambda choices: self._show(choices))

    def _show(self, choices: PlanningChoices) -> None:
        result = self.planner.result
        if result is None:
            return
        self.choices = choices
        plan = result.plan
        today = plan.local_date(plan.made_at)
        self.feasibility.set_choices(choices, today)
        self.feasibility.set_holds(result.snapshot.holds)
        self.expedite.set_result(result, choices)
        promised = promised_dates(result.snapshot)
        late = sum(1 for key, finish in plan.line_finish.items()
                   if finish is not None and promised.get(key) is not None
                   and plan.local_date(finish) > promised[key])
        # Day and time at the site, as its calendars run; the zone is named when it is not
        # the workstation's, beside the header's "Data as of" in workstation time.
        self.summary.setText(self.tr(
            "Plan of {day} {time}: {jobs} jobs on the floor's calendars; {late} order line(s) "
            "predicted after their promised date.").format(
            day=day_text(today), time=zoned_time(plan.made_at, plan.zone),
            jobs=len(plan.jobs), late=late))
        self.pages.setCurrentIndex(1)
