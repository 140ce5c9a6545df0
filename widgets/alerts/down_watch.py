"""Noticing machines that went down, from the statuses a cache change names.

Runs in the background worker: reads the statuses, and for each machine newly down (a key
not raised before) builds a MACHINE_DOWN alert with the orders it puts at risk.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from app.analytics.impact import importance
from app.automation.alerts import AffectedOrder, Alert, AlertKind
from app.cache.queries import machines_in_state
from app.cache.store import CacheStore
from app.domain import Equipment, MachineState, MachineStatus
from app.runtime.machine_impact import orders_affected_by_machine

RecordKey = tuple[str, str]


def down_key(source: str, machine_id: str, since: datetime) -> str:
    """One key per occurrence: the same machine down again later is a new alert."""
    return f"{AlertKind.MACHINE_DOWN}:{source}:{machine_id}:{since.isoformat()}"


def new_down_alerts(store: CacheStore, keys: Iterable[RecordKey], known: set[str],
                    now: datetime) -> list[Alert]:
    by_source: dict[str, list[str]] = {}
    for source, machine_id in keys:
        by_source.setdefault(source, []).append(machine_id)
    alerts: list[Alert] = []
    crm: list[str] | None = None
    for source, ids in sorted(by_source.items()):
        # Most changes are counters ticking: read in full only the machines that are down.
        down = machines_in_state(store, source, ids, MachineState.DOWN.value)
        statuses: list[MachineStatus] = store.get_many(source, "mes.machine_status", down)
        for status in statuses:
            if status.state != MachineState.DOWN:
                continue
            key = down_key(source, status.id, status.since)
            if key in known:
                continue
            if crm is None:
                crm = store.sources_of("crm.orders")
            machine: Equipment | None = store.get(source, "mes.equipment", status.id)
            affected: list[AffectedOrder] = []
            for crm_source in crm:
                affected += orders_affected_by_machine(store, source, crm_source, status.id)
            alerts.append(Alert(
                key=key, kind=AlertKind.MACHINE_DOWN, source=source, subject_id=status.id,
                subject_name=machine.name if machine is not None else status.id,
                since=status.since, raised_at=now, reason=status.reason,
                machine_id=status.id, affected=tuple(sorted(affected, key=importance))))
    return alerts
