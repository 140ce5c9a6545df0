"""Machine status history: raw samples for hours, one-minute aggregates for months.

Aggregation is done in Python rather than SQL so it is the same on SQLite and PostgreSQL; it only
touches minutes that have samples not yet aggregated, so calling it often is cheap.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, and_, delete, select, update

from app.cache.bulk import BulkUpserter
from app.cache.schema_local import machine_status_history as history
from app.cache.schema_local import machine_status_minutes as minutes
from app.domain import MachineState, MachineStatus

MINUTE = timedelta(minutes=1)
_HISTORY_COLUMNS = ("source", "machine_id", "sampled_at", "state", "good_count", "scrap_count",
                    "signals", "aggregated")
_MINUTE_COLUMNS = ("source", "machine_id", "minute", "samples", "state", "state_samples",
                   "good_count", "scrap_count", "good_delta", "scrap_delta", "signals")


@dataclass(slots=True, kw_only=True)
class StatusSample:
    machine_id: str
    sampled_at: datetime
    state: MachineState
    good_count: Decimal
    scrap_count: Decimal
    signals: dict[str, float]


@dataclass(slots=True, kw_only=True)
class StatusMinute:
    machine_id: str
    minute: datetime  # start of the minute, UTC
    samples: int
    state: MachineState  # the last state seen in the minute
    state_samples: dict[str, int]
    good_count: Decimal
    scrap_count: Decimal
    good_delta: Decimal
    scrap_delta: Decimal
    signals: dict[str, dict[str, float]]  # name -> {"min", "avg", "max"}


def floor_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def append(conn: Connection, upserter: BulkUpserter, source: str,
           statuses: Sequence[MachineStatus], sampled_at: datetime) -> None:
    rows = [(source, s.id, sampled_at, s.state, s.good_count, s.scrap_count, s.signals, False)
            for s in statuses]
    upserter.upsert(conn, history, _HISTORY_COLUMNS, rows)


def _increase(before: Decimal | None, after: Decimal) -> Decimal:
    """What a counter counted between two samples; a drop means it was reset."""
    if before is None:
        return Decimal(0)
    return after - before if after >= before else after


def _aggregate(minute: datetime, rows: list[Any], baseline: Any | None) -> dict[str, Any]:
    previous = baseline
    good = scrap = Decimal(0)
    series: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        good += _increase(previous.good_count if previous else None, row.good_count)
        scrap += _increase(previous.scrap_count if previous else None, row.scrap_count)
        for name, value in row.signals.items():
            series[name].append(float(value))
        previous = row
    last = rows[-1]
    return dict(
        minute=minute, samples=len(rows), state=last.state,
        state_samples=dict(Counter(row.state for row in rows)),
        good_count=last.good_count, scrap_count=last.scrap_count, good_delta=good,
        scrap_delta=scrap,
        signals={name: {"min": min(v), "avg": sum(v) / len(v), "max": max(v)}
                 for name, v in series.items()})


def aggregate(conn: Connection, upserter: BulkUpserter) -> int:
    """(Re)compute every minute that has samples not yet aggregated; returns minutes written."""
    dirty: dict[tuple[str, str], set[datetime]] = defaultdict(set)
    query = select(history.c.source, history.c.machine_id, history.c.sampled_at).where(
        history.c.aggregated.is_(False))
    for source, machine_id, sampled_at in conn.execute(query):
        dirty[(source, machine_id)].add(floor_minute(sampled_at))
    written = 0
    for (source, machine_id), minute_starts in dirty.items():
        first, last = min(minute_starts), max(minute_starts) + MINUTE
        # One minute earlier too: the sample before a minute is its counters' baseline.
        samples = list(conn.execute(select(history).where(
            history.c.source == source, history.c.machine_id == machine_id,
            history.c.sampled_at >= first - MINUTE, history.c.sampled_at < last,
        ).order_by(history.c.sampled_at)))
        by_minute: dict[datetime, list[Any]] = defaultdict(list)
        baseline: dict[datetime, Any] = {}
        previous = None
        for row in samples:
            start = floor_minute(row.sampled_at)
            if start not in by_minute and previous is not None:
                baseline[start] = previous
            by_minute[start].append(row)
            previous = row
        rows = []
        for start in sorted(minute_starts):
            values = _aggregate(start, by_minute[start], baseline.get(start))
            rows.append(tuple({"source": source, "machine_id": machine_id, **values}[name]
                              for name in _MINUTE_COLUMNS))
        upserter.upsert(conn, minutes, _MINUTE_COLUMNS, rows)
        conn.execute(update(history).where(and_(
            history.c.source == source, history.c.machine_id == machine_id,
            history.c.aggregated.is_(False), history.c.sampled_at < last,
        )).values(aggregated=True))
        written += len(rows)
    return written


def prune(conn: Connection, *, raw_before: datetime, minutes_before: datetime) -> tuple[int, int]:
    """Delete raw samples and minute aggregates older than the given times."""
    raw = conn.execute(delete(history).where(history.c.sampled_at < raw_before)).rowcount
    aggregated = conn.execute(delete(minutes).where(minutes.c.minute < minutes_before)).rowcount
    return raw, aggregated


def samples_between(conn: Connection, source: str, machine_id: str, start: datetime,
                    end: datetime) -> list[StatusSample]:
    rows = conn.execute(select(history).where(
        history.c.source == source, history.c.machine_id == machine_id,
        history.c.sampled_at >= start, history.c.sampled_at < end,
    ).order_by(history.c.sampled_at))
    return [StatusSample(machine_id=r.machine_id, sampled_at=r.sampled_at,
                         state=MachineState(r.state), good_count=r.good_count,
                         scrap_count=r.scrap_count, signals=r.signals) for r in rows]


def minutes_between(conn: Connection, source: str, machine_id: str, start: datetime,
                    end: datetime) -> list[StatusMinute]:
    rows = conn.execute(select(minutes).where(
        minutes.c.source == source, minutes.c.machine_id == machine_id,
        minutes.c.minute >= start, minutes.c.minute < end,
    ).order_by(minutes.c.minute))
    return [StatusMinute(**{name: getattr(r, name) for name in _MINUTE_COLUMNS[1:]}
                         | {"state": MachineState(r.state)}) for r in rows]
