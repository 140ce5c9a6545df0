"""What the Orders view needs from the scheduler: its latest Plan, and a signal when a new one
is made. The console's planner (a QObject, such as widgets.common.plan_service.PlanService)
provides both; the view never runs the scheduler itself."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import SignalInstance

from app.analytics.schedule.plan import Plan


class PlanSource(Protocol):
    """A QObject with `plan_ready = Signal(object)` (emitting a Plan) and the latest `plan`."""

    @property
    def plan(self) -> Plan | None: ...

    @property
    def plan_ready(self) -> SignalInstance: ...
