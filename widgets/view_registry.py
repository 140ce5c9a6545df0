"""The console's views, in navigation order: name, label, icon and how to build each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from widgets.complaints.complaints_view import ComplaintsView
from widgets.machines.machines_view import MachinesView
from widgets.orders.orders_view import OrdersView
from widgets.overview.overview_view import OverviewView
from widgets.planning.planning_view import PlanningView
from widgets.quality.quality_view import QualityView
from widgets.traceability.traceability_view import TraceabilityView

# Labels live at module level, so they carry an explicit context: `tr` needs a class.
LABEL_CONTEXT = "Navigation"


@dataclass(frozen=True, slots=True)
class ViewSpec:
    name: str  # stable id used by --view and switch_view
    label_source: str  # English source text; translate with `label()`
    icon_file: str
    factory: Callable[[], QWidget]

    def label(self) -> str:
        return QCoreApplication.translate(LABEL_CONTEXT, self.label_source)


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("overview", QT_TRANSLATE_NOOP("Navigation", "Overview"), "overview.svg",
             OverviewView),
    ViewSpec("orders", QT_TRANSLATE_NOOP("Navigation", "Orders"), "orders.svg", OrdersView),
    ViewSpec("machines", QT_TRANSLATE_NOOP("Navigation", "Machines"), "machines.svg",
             MachinesView),
    ViewSpec("quality", QT_TRANSLATE_NOOP("Navigation", "Quality"), "quality.svg", QualityView),
    ViewSpec("traceability", QT_TRANSLATE_NOOP("Navigation", "Traceability"),
             "traceability.svg", TraceabilityView),
    ViewSpec("complaints", QT_TRANSLATE_NOOP("Navigation", "Complaints"), "complaints.svg",
             ComplaintsView),
    ViewSpec("planning", QT_TRANSLATE_NOOP("Navigation", "Planning"), "planning.svg",
             PlanningView),
)

VIEW_NAMES: tuple[str, ...] = tuple(spec.name for spec in VIEWS)
