"""Suggested windows for one machine with what each does to the plan, computed in the worker
(each is a plan of its own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.analytics.maintenance.effect import WindowEffect, window_effect
from app.analytics.maintenance.risk import MachineRisk, MaintenanceSettings
from app.analytics.maintenance.windows import WindowChoice, suggest_windows
from app.analytics.schedule import Plan, PlantSnapshot
from app.domain import PlannedMaintenance


@dataclass(frozen=True, slots=True)
class SuggestedWindow:
    choice: WindowChoice
    effect: WindowEffect


@dataclass(frozen=True, slots=True)
class MachineWindows:
    machine_id: str
    calendar_id: str | None  # where a window goes; None: no calendar names its work center
    suggestions: list[SuggestedWindow]
    planned: list[PlannedMaintenance]  # already on the calendar, from now on


def machine_windows(risk: MachineRisk, snapshot: PlantSnapshot, plan: Plan, now: datetime,
                    settings: MaintenanceSettings) -> MachineWindows:
    center = snapshot.machines.get(risk.machine_id)
    calendar = next((c for c in sorted(snapshot.calendars, key=lambda c: c.id)
                     if center in c.work_center_ids), None)
    planned = sorted((w for c in snapshot.calendars for w in c.maintenance
                      if w.machine_id == risk.machine_id and w.end > now),
                     key=lambda w: w.start)
    suggestions = [SuggestedWindow(choice, window_effect(snapshot, plan, choice.window))
                   for choice in suggest_windows(risk, plan, now, settings)]
    return MachineWindows(risk.machine_id, calendar.id if calendar else None, suggestions,
                          planned)
