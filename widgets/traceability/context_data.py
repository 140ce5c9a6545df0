"""A lot's process context, read from the cache in a worker: where and when it was made, the
machine's states around then, that work's measurements with control-chart rule violations,
and its defects. No Qt here.

`None` in a part means the MES source provides no such data at all (an empty feed), which the
panel says in words, unlike an empty tuple: provided, but nothing for this lot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from app.analytics.quality_watch import (
    build_chart,
    default_chart,
    group_points,
    occurrences,
    values_of,
)
from app.analytics.spc import violations
from app.cache.queries import defects, measurements, state_events
from app.cache.store import CacheStore
from app.domain import Characteristic, MachineState, Measurement, WorkOrder
from widgets.traceability.trace_names import Names

# Without the operation's actual times, "around when it was made" is this span.
BEFORE_MADE = timedelta(hours=4)
AFTER_MADE = timedelta(hours=1)
# Control limits come from this much history before the window, so a short run is judged
# against the machine's usual spread, not only against itself.
LIMITS_LOOKBACK = timedelta(days=7)
MAX_STATES = 50


@dataclass(frozen=True, slots=True)
class StateRow:
    state: MachineState
    start: datetime
    end: datetime | None
    reason: str


@dataclass(frozen=True, slots=True)
class MeasurementRow:
    characteristic: str
    unit: str
    count: int
    mean: float
    low: float
    high: float
    rules: tuple[str, ...]  # rule ids ("nelson-1"); the panel words them


@dataclass(frozen=True, slots=True)
class DefectRow:
    code: str
    quantity: Decimal
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class ProcessContext:
    lot_id: str
    work_order: str | None
    machine: str | None
    made_at: datetime
    start: datetime
    end: datetime
    states: tuple[StateRow, ...] | None
    measurements: tuple[MeasurementRow, ...] | None
    defects: tuple[DefectRow, ...] | None


def compute_context(store: CacheStore, mes: str, lot: Any, names: Names) -> ProcessContext:
    """`lot`: a trace LotInfo. Blocking: run in the worker."""
    work_order: WorkOrder | None = (store.get(mes, "mes.work_orders", lot.work_order_id)
                                    if lot.work_order_id else None)
    start, end = _window(work_order, lot)
    return ProcessContext(
        lot_id=lot.id,
        work_order=names.work_order(lot.work_order_id) or None,
        machine=names.machine(lot.machine_id) or None,
        made_at=lot.created_at, start=start, end=end,
        states=_states(store, mes, lot.machine_id, start, end),
        measurements=_measurements(store, mes, lot, start, end),
        defects=_defects(store, mes, lot, start, end),
    )


def _window(work_order: WorkOrder | None, lot: Any) -> tuple[datetime, datetime]:
    if work_order is not None:
        ops = [op for op in work_order.operations if op.actual_start is not None
               and (lot.machine_id is None or op.machine_id == lot.machine_id)]
        if ops:
            start = min(op.actual_start for op in ops if op.actual_start)
            ends = [op.actual_end for op in ops if op.actual_end]
            end = max([*ends, lot.created_at])
            return start, max(end, start + timedelta(minutes=1))
    return lot.created_at - BEFORE_MADE, lot.created_at + AFTER_MADE


def _provided(store: CacheStore, mes: str, feed: str) -> bool:
    return store.count(mes, feed) > 0


def _states(store: CacheStore, mes: str, machine_id: str | None, start: datetime,
            end: datetime) -> tuple[StateRow, ...] | None:
    if not _provided(store, mes, "mes.machine_events"):
        return None
    if machine_id is None:
        return ()
    events = state_events(store, mes, start, end, [machine_id])
    return tuple(StateRow(e.state, e.start, e.end, e.reason) for e in events[-MAX_STATES:])


def _belongs(lot: Any, lot_id: str | None, work_order_id: str | None) -> bool:
    return lot_id == lot.id or (work_order_id is not None
                                and work_order_id == lot.work_order_id)


def _measurements(store: CacheStore, mes: str, lot: Any, start: datetime, end: datetime
                  ) -> tuple[MeasurementRow, ...] | None:
    if not _provided(store, mes, "mes.measurements"):
        return None
    characteristics: list[Characteristic] = [
        c for c in store.all(mes, "mes.characteristics") if c.product_id == lot.product_id]
    rows = []
    for ch in sorted(characteristics, key=lambda c: (not c.critical, c.name)):
        found = _characteristic_row(store, mes, lot, ch, start, end)
        if found is not None:
            rows.append(found)
    return tuple(rows)


def _characteristic_row(store: CacheStore, mes: str, lot: Any, ch: Characteristic,
                        start: datetime, end: datetime) -> MeasurementRow | None:
    history = measurements(store, mes, ch.id, start - LIMITS_LOOKBACK, end,
                           machine_id=lot.machine_id)
    mine = [i for i, m in enumerate(history) if _in_lot(lot, m, start)]
    if not mine:
        return None
    values = values_of(history)
    picked = values[mine]
    return MeasurementRow(ch.name, ch.unit, len(mine), float(picked.mean()),
                          float(picked.min()), float(picked.max()),
                          _rules_hit(history, ch, set(mine)))


def _in_lot(lot: Any, m: Measurement, start: datetime) -> bool:
    if m.lot_id is not None or m.work_order_id is not None:
        return _belongs(lot, m.lot_id, m.work_order_id)
    return m.measured_at >= start  # unattributed: its time on the lot's machine says it


def _rules_hit(history: Sequence[Measurement], ch: Characteristic, mine: set[int]
               ) -> tuple[str, ...]:
    kind = default_chart(ch.subgroup_size)
    groups = group_points(history, kind, ch.subgroup_size)
    chart = build_chart(values_of(history), groups, kind)
    if chart is None:
        return ()
    series = chart.primary
    rules: list[str] = []
    for o in occurrences(violations(series, rule_set="nelson")):
        points = {int(series.point_index[p]) for p in o.points}
        # Only patterns that involve this lot's own measurements concern it.
        if any(mine.intersection(groups[p].members) for p in points) and o.rule not in rules:
            rules.append(o.rule)
    return tuple(rules)


def _defects(store: CacheStore, mes: str, lot: Any, start: datetime, end: datetime
             ) -> tuple[DefectRow, ...] | None:
    if not _provided(store, mes, "mes.defects"):
        return None
    found = defects(store, mes, start, end + AFTER_MADE, machine_id=lot.machine_id)
    return tuple(DefectRow(r.code, r.quantity, r.recorded_at) for r in found
                 if _belongs(lot, r.lot_id, r.work_order_id)
                 or (r.lot_id is None and r.work_order_id is None))
