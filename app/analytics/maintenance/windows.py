"""Suggested maintenance windows for one machine: the lowest-load stretches (the hours of
planned work they overlap on that machine) between now and when its risk crosses the plant's
threshold; earliest first among equal loads, since a failure only gets likelier with time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.analytics.maintenance.risk import MachineRisk, MaintenanceSettings
from app.analytics.schedule import Plan
from app.domain import PlannedMaintenance

STEP = timedelta(hours=1)
REASON = "Preventive maintenance (predicted failure risk)"


@dataclass(frozen=True, slots=True)
class WindowChoice:
    window: PlannedMaintenance
    load_hours: float  # planned work on the machine that the window overlaps
    before_threshold: bool  # False: the threshold is already (nearly) reached


def _busy(plan: Plan, machine_id: str) -> list[tuple[datetime, datetime]]:
    return sorted((op.start, op.finish) for job in plan.jobs.values() for op in job.operations
                  if op.machine_id == machine_id)


def _overlap(busy: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> float:
    seconds = 0.0
    for s, e in busy:
        if s >= end:
            break
        if e > start:
            seconds += (min(e, end) - max(s, start)).total_seconds()
    return seconds / 3600.0


def suggest_windows(risk: MachineRisk, plan: Plan, now: datetime,
                    settings: MaintenanceSettings | None = None) -> list[WindowChoice]:
    settings = settings or MaintenanceSettings()
    length = timedelta(hours=settings.window_hours)
    first = now.replace(minute=0, second=0, microsecond=0) + STEP
    deadline = risk.threshold_at or now + settings.max_search
    in_time = deadline - length >= first + settings.min_search
    last = min(max(deadline, first + settings.min_search), now + settings.max_search)
    busy = _busy(plan, risk.machine_id)
    candidates = []
    start = first
    while start + length <= last:
        candidates.append((_overlap(busy, start, start + length), start))
        start += STEP
    chosen: list[WindowChoice] = []
    for load, start in sorted(candidates):
        if any(start < c.window.end and c.window.start < start + length for c in chosen):
            continue
        chosen.append(WindowChoice(
            PlannedMaintenance(machine_id=risk.machine_id, start=start, end=start + length,
                               reason=REASON), round(load, 3), in_time))
        if len(chosen) == settings.windows_offered:
            break
    return sorted(chosen, key=lambda c: (c.load_hours, c.window.start))
