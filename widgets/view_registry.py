"""The console's views, in navigation order: name, label, icon, feeds and how to build each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge
from widgets.automation.event_log_view import EventLogView
from widgets.automation.rule_runner import RuleRunner
from widgets.common.cache_counts import CacheCounts
from widgets.common.engine_control import EngineControl
from widgets.common.plan_service import PlanService
from widgets.complaints.complaints_view import ComplaintsView
from widgets.machines.machines_view import MachinesView
from widgets.materials.materials_view import MaterialsView
from widgets.orders.orders_view import OrdersView
from widgets.overview.overview_view import OverviewView
from widgets.planning.planning_view import PlanningView
from widgets.quality.quality_view import QualityView
from widgets.shared.shared_firings import SharedFirings
from widgets.traceability.traceability_view import TraceabilityView

# Labels live at module level, so they carry an explicit context: `tr` needs a class.
LABEL_CONTEXT = "Navigation"


@dataclass(frozen=True, slots=True)
class ViewContext:
    """What a view may use: the bridge's signals, the cache's counts, the clock, the cache
    itself (None: nothing to show) for views that read records, and the sync engine (None:
    offline) for views whose actions go to a backend through the outbox, and the plan shared by
    the views that show predicted completion."""

    bridge: SyncBridge
    counts: CacheCounts
    clock: Callable[[], datetime]
    store: CacheStore | None = None
    engine: EngineControl | None = None
    planner: PlanService | None = None  # the console's shared plan
    # What stores rule firings, when there is a cache: the console's own RuleRunner, or on a
    # desk of a shared cache SharedFirings (the agent runs the rules). Its `changed` signal
    # reloads the event log.
    firings: RuleRunner | SharedFirings | None = None


@dataclass(frozen=True, slots=True)
class ViewSpec:
    name: str  # stable id used by --view and switch_view
    label_source: str  # English source text; translate with `label()`
    icon_file: str
    factory: Callable[[ViewContext], QWidget]
    feeds: tuple[str, ...]  # the feeds it shows: its header says how fresh they are

    def label(self) -> str:
        return QCoreApplication.translate(LABEL_CONTEXT, self.label_source)


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("overview", QT_TRANSLATE_NOOP("Navigation", "Overview"), "overview.svg",
             lambda c: OverviewView(c.counts, c.clock, c.bridge, c.store, c.planner),
             OverviewView.FEEDS),
    ViewSpec("orders", QT_TRANSLATE_NOOP("Navigation", "Orders"), "orders.svg",
             lambda c: OrdersView(c.counts, c.bridge, c.store, c.clock, c.planner),
             OrdersView.FEEDS),
    ViewSpec("machines", QT_TRANSLATE_NOOP("Navigation", "Machines"), "machines.svg",
             lambda c: MachinesView(c.counts, c.bridge, c.store, c.clock), MachinesView.FEEDS),
    ViewSpec("quality", QT_TRANSLATE_NOOP("Navigation", "Quality"), "quality.svg",
             lambda c: QualityView(c.counts, c.bridge, c.store, c.clock), QualityView.FEEDS),
    ViewSpec("traceability", QT_TRANSLATE_NOOP("Navigation", "Traceability"),
             "traceability.svg", lambda c: TraceabilityView(c.counts, c.bridge, c.store, c.clock),
             TraceabilityView.FEEDS),
    ViewSpec("complaints", QT_TRANSLATE_NOOP("Navigation", "Complaints"), "complaints.svg",
             lambda c: ComplaintsView(c.counts, c.bridge, c.store, c.clock,
                                      engine=c.engine),
             ComplaintsView.FEEDS),
    ViewSpec("planning", QT_TRANSLATE_NOOP("Navigation", "Planning"), "planning.svg",
             lambda c: PlanningView(c.counts, c.bridge, c.store, c.clock, planner=c.planner,
                                    engine=c.engine), PlanningView.FEEDS),
    ViewSpec("materials", QT_TRANSLATE_NOOP("Navigation", "Materials"), "materials.svg",
             lambda c: MaterialsView(c.planner or PlanService(c.bridge, c.store, c.clock)),
             MaterialsView.FEEDS),
    ViewSpec("events", QT_TRANSLATE_NOOP("Navigation", "Events"), "events.svg",
             lambda c: EventLogView(c.store, c.firings), EventLogView.FEEDS),
)

VIEW_NAMES: tuple[str, ...] = tuple(spec.name for spec in VIEWS)
