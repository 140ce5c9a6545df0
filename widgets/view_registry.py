"""The console's views, in navigation order: name, label, icon, feeds and how to build each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

# Only for type hints: a view's module (and what it pulls in: charts, analytics) is imported
# when the view is first built, not when the console starts.
if TYPE_CHECKING:
    from app.cache.store import CacheStore
    from app.sync.bridge import SyncBridge
    from widgets.automation.rule_runner import RuleRunner
    from widgets.common.cache_counts import CacheCounts
    from widgets.common.engine_control import EngineControl
    from widgets.common.plan_service import PlanService
    from widgets.shared.shared_firings import SharedFirings

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
    view_path: str  # "module:Class" of the view, imported when first needed
    # Builds the view from its class (view_class()) and what views may use.
    factory: Callable[[Any, ViewContext], QWidget]

    def label(self) -> str:
        return QCoreApplication.translate(LABEL_CONTEXT, self.label_source)

    def view_class(self) -> Any:
        module, _, name = self.view_path.partition(":")
        return getattr(import_module(module), name)

    def build(self, context: ViewContext) -> QWidget:
        return self.factory(self.view_class(), context)

    @property
    def feeds(self) -> tuple[str, ...]:
        """The feeds it shows: its header says how fresh they are."""
        return self.view_class().FEEDS


def _materials(cls: Any, c: ViewContext) -> QWidget:
    from widgets.common.plan_service import PlanService

    return cls(c.planner or PlanService(c.bridge, c.store, c.clock))


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("overview", QT_TRANSLATE_NOOP("Navigation", "Overview"), "overview.svg",
             "widgets.overview.overview_view:OverviewView",
             lambda cls, c: cls(c.counts, c.clock, c.bridge, c.store, c.planner)),
    ViewSpec("orders", QT_TRANSLATE_NOOP("Navigation", "Orders"), "orders.svg",
             "widgets.orders.orders_view:OrdersView",
             lambda cls, c: cls(c.counts, c.bridge, c.store, c.clock, c.planner,
                                engine=c.engine)),
    ViewSpec("machines", QT_TRANSLATE_NOOP("Navigation", "Machines"), "machines.svg",
             "widgets.machines.machines_view:MachinesView",
             lambda cls, c: cls(c.counts, c.bridge, c.store, c.clock, planner=c.planner)),
    ViewSpec("maintenance", QT_TRANSLATE_NOOP("Navigation", "Maintenance"), "maintenance.svg",
             "widgets.maintenance.maintenance_view:MaintenanceView",
             lambda cls, c: cls(c.counts, c.bridge, c.store, c.clock, planner=c.planner,
                                engine=c.engine)),
    ViewSpec("quality", QT_TRANSLATE_NOOP("Navigation", "Quality"), "quality.svg",
             "widgets.quality.quality_view:QualityView",
             lambda cls, c: cls(c.counts, c.bridge, c.store, c.clock)),
    ViewSpec("traceability", QT_TRANSLATE_NOOP("Navigation", "Traceability"),
             "traceability.svg", "widgets.traceability.traceability_view:TraceabilityView",
             lambda cls, c: cls(c.counts, c.bridge, c.store, c.clock)),
    ViewSpec("complaints", QT_TRANSLATE_NOOP("Navigation", "Complaints"), "complaints.svg",
             "widgets.complaints.complaints_view:ComplaintsView",
             lambda cls, c: cls(c.counts, c.bridge, c.store, c.clock, engine=c.engine)),
    ViewSpec("planning", QT_TRANSLATE_NOOP("Navigation", "Planning"), "planning.svg",
             "widgets.planning.planning_view:PlanningView",
             lambda cls, c: cls(c.counts, c.bridge, c.store, c.clock, planner=c.planner,
                                engine=c.engine)),
    ViewSpec("materials", QT_TRANSLATE_NOOP("Navigation", "Materials"), "materials.svg",
             "widgets.materials.materials_view:MaterialsView", _materials),
    ViewSpec("events", QT_TRANSLATE_NOOP("Navigation", "Events"), "events.svg",
             "widgets.automation.event_log_view:EventLogView",
             lambda cls, c: cls(c.store, c.firings, bridge=c.bridge)),
)

VIEW_NAMES: tuple[str, ...] = tuple(spec.name for spec in VIEWS)
