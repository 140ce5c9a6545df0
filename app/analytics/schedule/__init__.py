"""Finite-capacity scheduling over the cached plant: predicted completion for every open work
order and order line, capable-to-promise answers and the effect of an expedite.

    snapshot = snapshot_from_cache(store, now)   # app.runtime.plan_inputs; or built by hand
    plan = make_plan(snapshot)
    answer = capable_to_promise(snapshot, PromiseRequest("P-200", Decimal(500), date(...)))

Pure computation on plain data: run it off the UI thread.
"""

from app.analytics.schedule.compare import LineShift, line_shifts
from app.analytics.schedule.dispatch import make_plan
from app.analytics.schedule.plan import JobPlan, LineKey, Plan, PlannedOperation
from app.analytics.schedule.promise import (
    ExpediteEffect,
    PromiseAnswer,
    PromiseRequest,
    WeekLoad,
    capable_to_promise,
    expedite_effect,
)
from app.analytics.schedule.snapshot import PlanSettings, PlantSnapshot

__all__ = [
    "ExpediteEffect", "JobPlan", "LineKey", "LineShift", "Plan", "PlanSettings",
    "PlannedOperation", "PlantSnapshot", "PromiseAnswer", "PromiseRequest", "WeekLoad",
    "capable_to_promise", "expedite_effect", "line_shifts", "make_plan",
]
