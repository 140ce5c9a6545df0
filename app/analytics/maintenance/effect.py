"""What a maintenance window does to the plan: planned again with the window on the machine's
calendar (the scheduler subtracts planned maintenance from working time), the order lines that
finish later, and which of them it makes late."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from app.analytics.schedule import Plan, PlantSnapshot, make_plan
from app.analytics.schedule.plan import LineKey
from app.domain import Calendar, PlannedMaintenance


@dataclass(frozen=True, slots=True)
class LineDelay:
    line: LineKey
    order_number: str
    customer_id: str
    before: datetime | None  # predicted completion without the window
    after: datetime | None  # ... and with it
    promised: date | None  # promised (else requested) date
    late_before: bool
    late_after: bool

    @property
    def hours(self) -> float:
        if self.before is None or self.after is None:
            return 0.0
        return (self.after - self.before).total_seconds() / 3600.0

    @property
    def made_late(self) -> bool:
        return self.late_after and not self.late_before


@dataclass(frozen=True, slots=True)
class WindowEffect:
    window: PlannedMaintenance
    plan: Plan
    delays: tuple[LineDelay, ...]  # lines finishing later, most delayed first
    late_before: int  # lines predicted after their promised date, without the window
    late_after: int  # ... with it


def with_maintenance(snapshot: PlantSnapshot, window: PlannedMaintenance) -> PlantSnapshot:
    """The snapshot with `window` on the calendar of the machine's work center."""
    center = snapshot.machines.get(window.machine_id)
    calendars: list[Calendar] = []
    placed = False
    for calendar in snapshot.calendars:
        if not placed and center in calendar.work_center_ids:
            calendar = replace(calendar, maintenance=[*calendar.maintenance, window])
            placed = True
        calendars.append(calendar)
    return replace(snapshot, calendars=calendars)  # replace(): nothing derived carried over


def due_dates(snapshot: PlantSnapshot) -> dict[LineKey, date]:
    """Promised (else requested) date per order line, pending promises included."""
    out: dict[LineKey, date] = {}
    for order in snapshot.orders:
        for line in order.lines:
            key = (order.id, line.line_no)
            out[key] = snapshot.pending_promises.get(key) or line.promised_date \
                or line.requested_date
    return out


def late_lines(plan: Plan, due: dict[LineKey, date]) -> set[LineKey]:
    """Lines the plan predicts to complete after their promised (else requested) date, or
    cannot plan at all."""
    late = set()
    for key in plan.line_finish:
        if key not in due:
            continue
        finish = plan.line_completion_date(key)
        if finish is None or finish > due[key]:
            late.add(key)
    return late


def window_effect(snapshot: PlantSnapshot, baseline: Plan, window: PlannedMaintenance
                  ) -> WindowEffect:
    after = make_plan(with_maintenance(snapshot, window))
    due = due_dates(snapshot)
    orders = {o.id: o for o in snapshot.orders}
    late_before, late_after = late_lines(baseline, due), late_lines(after, due)
    delays = []
    for key, finish in after.line_finish.items():
        before = baseline.line_finish.get(key)
        if key not in baseline.line_finish or before == finish:
            continue
        if before is not None and finish is not None and finish <= before:
            continue
        order = orders.get(key[0])
        delays.append(LineDelay(key, order.number if order else key[0],
                                order.customer_id if order else "", before, finish,
                                due.get(key), key in late_before, key in late_after))
    delays.sort(key=lambda d: (not d.made_late, -d.hours, d.line))
    return WindowEffect(window, after, tuple(delays), len(late_before), len(late_after))
