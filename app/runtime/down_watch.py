"""Noticing machines that went down, from the statuses a cache change names.

Runs in the background worker: reads the statuses, and for each machine newly down (a key
not raised before) builds a MACHINE_DOWN alert with the orders waiting on it
(`app.runtime.machine_impact`, the same orders the machine detail, Orders and Overview name).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from app.automation.alerts import Alert, AlertKind
from app.cache.queries import machines_in_state
from app.cache.store import CacheStore
from app.domain import Equipment, MachineState, MachineStatus

if TYPE_CHECKING:  # the plan's modules load in the worker, with the first down machine
    from app.runtime.plan_inputs import PlanResult

RecordKey = tuple[str, str]


def down_key(source: str, machine_id: str, since: datetime) -> str:
    """One key per occurrence: the same machine down again later is a new alert."""
    return f"{AlertKind.MACHINE_DOWN}:{source}:{machine_id}:{since.isoformat()}"


def newly_down(store: CacheStore, keys: Iterable[RecordKey], known: set[str]
               ) -> list[tuple[str, MachineStatus]]:
    """(source, status) of the machines `keys` names that are down in an occurrence not in
    `known` (occurrence keys). Reads in full only the machines that are down: most changes
    are counters ticking."""
    found: list[tuple[str, MachineStatus]] = []
    for source, ids in sorted(_by_source(keys).items()):
        down = machines_in_state(store, source, ids, MachineState.DOWN.value)
        statuses: list[MachineStatus] = store.get_many(source, "mes.machine_status", down)
        found += [(source, status) for status in statuses
                  if status.state == MachineState.DOWN
                  and down_key(source, status.id, status.since) not in known]
    return found


def down_alerts(store: CacheStore, down: Iterable[tuple[str, MachineStatus]], now: datetime,
                plan: PlanResult | None) -> list[Alert]:
    """A MACHINE_DOWN alert per machine, naming the orders it affects in `plan` (the runtime's,
    made with the machine down, so the alert names what the views name)."""
    from app.runtime.machine_impact import machine_impact

    alerts: list[Alert] = []
    for source, status in down:
        machine: Equipment | None = store.get(source, "mes.equipment", status.id)
        alerts.append(Alert(
            key=down_key(source, status.id, status.since), kind=AlertKind.MACHINE_DOWN,
            source=source, subject_id=status.id,
            subject_name=machine.name if machine is not None else status.id,
            since=status.since, raised_at=now, reason=status.reason, machine_id=status.id,
            affected=tuple(machine_impact(store, source, status.id, plan))))
    return alerts


def _by_source(keys: Iterable[RecordKey]) -> dict[str, list[str]]:
    by_source: dict[str, list[str]] = {}
    for source, machine_id in keys:
        by_source.setdefault(source, []).append(machine_id)
    return by_source


def still_down(store: CacheStore, keys: Iterable[RecordKey]) -> set[RecordKey]:
    """Those of the machines `keys` names that are down now."""
    return {(source, machine_id) for source, ids in _by_source(keys).items()
            for machine_id in machines_in_state(store, source, ids, MachineState.DOWN.value)}
