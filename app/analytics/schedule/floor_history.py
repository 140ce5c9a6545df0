"""The floor's recent past in working time: the completed operations of the last weeks, each
with the machine it ran on, its priority, when the order it was made for was placed and how
many working seconds it took, and each
machine's past working time (its work center's shifts). What the plan learns from the
history (run rates, downtime, the load of more urgent orders) starts from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from app.analytics.schedule.snapshot import PlantSnapshot
from app.analytics.schedule.supply import shift_windows
from app.analytics.schedule.working_time import WorkingTime
from app.domain import OperationStatus

# Long enough to hold a few hundred operations and dozens of breakdowns per work center,
# short enough to follow a machine that got slower or a season with more urgent orders.
LEARNING_DAYS = 56


@dataclass(frozen=True, slots=True)
class PastOperation:
    machine_id: str
    work_center_id: str
    priority: int
    start: float  # POSIX seconds
    end: float
    working_seconds: float  # on its machine's shifts
    nominal_seconds: float  # the routing's setup plus units processed at the ideal rate
    setup_seconds: float  # the routing's setup alone
    # When the earliest order its work order served was placed (POSIX seconds); None: it
    # served no order the CRM gives.
    placed: float | None = None


@dataclass(frozen=True, slots=True)
class FloorHistory:
    start: float  # POSIX seconds: the window [start, end)
    end: float
    operations: tuple[PastOperation, ...]
    center_time: dict[str, WorkingTime]  # each work center's shifts over the window
    machines: dict[str, str]  # machine id -> work center id

    def working_seconds(self, center: str) -> float:
        time = self.center_time.get(center)
        return time.total if time is not None else 0.0


def floor_history(snapshot: PlantSnapshot, days: int = LEARNING_DAYS) -> FloorHistory:
    """Computed once per snapshot (cached on it)."""
    return snapshot.cached("floor_history", lambda: _history(snapshot, days))


def _history(snapshot: PlantSnapshot, days: int) -> FloorHistory:
    end_dt = snapshot.now
    start_dt = end_dt - timedelta(days=days)
    start, end = start_dt.timestamp(), end_dt.timestamp()
    center_time: dict[str, WorkingTime] = {}
    for calendar in sorted(snapshot.calendars, key=lambda c: c.id):
        time = WorkingTime(shift_windows(calendar, snapshot.zone, start_dt, end_dt))
        for center in calendar.work_center_ids:
            center_time.setdefault(center, time)
    # Planned maintenance is a hole in the plan's working time already: an operation it
    # interrupted did not take that long.
    maintenance: dict[str, list[tuple[float, float]]] = {}
    for calendar in snapshot.calendars:
        for m in calendar.maintenance:
            maintenance.setdefault(m.machine_id, []).append((m.start.timestamp(),
                                                             m.end.timestamp()))
    routings = {pid: {t.sequence: t for t in p.routing.operations}
                for pid, p in snapshot.products.items()}
    placed_at = {o.id: o.created_at.timestamp() for o in snapshot.orders}
    past: list[PastOperation] = []
    for wo in snapshot.work_orders:
        templates = routings.get(wo.product_id)
        if not templates:
            continue
        placed = min((placed_at[k.order_id] for k in wo.links if k.order_id in placed_at),
                     default=None)
        given = wo.units_given()
        for op in sorted(wo.operations, key=lambda o: o.sequence):
            units = float(op.good + op.scrap or given[op.sequence])
            if (op.status is not OperationStatus.DONE or op.actual_start is None
                    or op.actual_end is None or op.machine_id is None):
                continue
            a, b = op.actual_start.timestamp(), op.actual_end.timestamp()
            time = center_time.get(op.work_center_id)
            template = templates.get(op.sequence)
            if a < start or b > end or time is None or template is None:
                continue
            setup = float(template.setup_minutes) * 60.0
            nominal = setup + units * float(template.run_seconds_per_unit)
            worked = time.between(a, b) - sum(
                time.between(max(a, m_a), min(b, m_b))
                for m_a, m_b in maintenance.get(op.machine_id, ()) if m_a < b and m_b > a)
            if nominal <= 0 or worked <= 0:
                continue
            past.append(PastOperation(op.machine_id, op.work_center_id, wo.priority, a, b,
                                      worked, nominal, setup, placed))
    return FloorHistory(start, end, tuple(past), center_time, dict(snapshot.machines))
