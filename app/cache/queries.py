"""Windowed reads straight from the cache tables, returning domain objects.

Each read is one short transaction and blocks: callers run it in a worker thread. Reads go
through the tables' (source, machine_id, start) and (source, characteristic_id, measured_at)
and (source, recorded_at) indexes; see the notes on each read for what they cannot bound.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, or_, select

from app.cache.feed_maps import feed_map
from app.cache.mapping import decode_row
from app.cache.records import chunks
from app.domain import DefectRecord, Downtime, Measurement, ProductionCount, StateEvent

if TYPE_CHECKING:
    from app.cache.store import CacheStore


def _read(store: CacheStore, feed: str, source: str, where: Sequence[ColumnElement[bool]],
          order: Sequence[str], machine_ids: Sequence[str] | None = None) -> list[Any]:
    """Records of a list-free feed matching `where`, sorted by `order` (then id); machine
    ids go in chunks under the parameter limit."""
    fmap = feed_map(feed)
    table = fmap.table
    base = select(*(table.c[name] for name in fmap.fields)).where(
        table.c.source == source, *where).order_by(
            *(table.c[name] for name in (*order, "id")))
    if machine_ids is None:
        queries = [base]
    else:
        ids = list(dict.fromkeys(machine_ids))
        queries = [base.where(table.c.machine_id.in_(part)) for part in chunks(ids)]
    records = []
    with store.engine.connect() as conn:
        for query in queries:
            for row in conn.execute(query):
                records.append(fmap.record(**decode_row(fmap.fields, row, fmap.decoders)))
    if len(queries) > 1:  # each chunk came sorted; together they need sorting once more
        records.sort(key=lambda r: tuple(getattr(r, name) for name in (*order, "id")))
    return records


def _overlapping(feed: str, start: datetime, end: datetime) -> list[ColumnElement[bool]]:
    """Intervals [start, end) meeting the window; an open end (NULL) lasts until now.

    The (source, machine_id, start) index bounds `start < end`; nothing bounds the other side
    (no index on the end column), so a long history before the window is scanned.
    """
    table = feed_map(feed).table
    return [table.c.start < end, or_(table.c.end.is_(None), table.c.end > start)]


def state_events(store: CacheStore, source: str, start: datetime, end: datetime,
                 machine_ids: Sequence[str] | None = None) -> list[StateEvent]:
    """State events overlapping [start, end), ordered by machine, start."""
    return _read(store, "mes.machine_events", source,
                 _overlapping("mes.machine_events", start, end), ("machine_id", "start"),
                 machine_ids)


def production_counts(store: CacheStore, source: str, start: datetime, end: datetime,
                      machine_ids: Sequence[str] | None = None) -> list[ProductionCount]:
    """Production counts whose interval overlaps [start, end) — an instant count (start ==
    end) when it lies inside — ordered by machine, start."""
    table = feed_map("mes.production_counts").table
    where = [table.c.start < end,
             or_(table.c.end > start, and_(table.c.end == table.c.start, table.c.start >= start))]
    return _read(store, "mes.production_counts", source, where, ("machine_id", "start"),
                 machine_ids)


def downtimes(store: CacheStore, source: str, start: datetime, end: datetime,
              machine_ids: Sequence[str] | None = None) -> list[Downtime]:
    """Downtime records overlapping [start, end) (open ones included), ordered by machine,
    start."""
    return _read(store, "mes.downtime", source, _overlapping("mes.downtime", start, end),
                 ("machine_id", "start"), machine_ids)


def measurements(store: CacheStore, source: str, characteristic_id: str,
                 start: datetime | None = None, end: datetime | None = None,
                 machine_id: str | None = None) -> list[Measurement]:
    """Measurements of one characteristic taken in [start, end), ordered by measured_at, id."""
    table = feed_map("mes.measurements").table
    where: list[ColumnElement[bool]] = [table.c.characteristic_id == characteristic_id]
    if start is not None:
        where.append(table.c.measured_at >= start)
    if end is not None:
        where.append(table.c.measured_at < end)
    if machine_id is not None:
        where.append(table.c.machine_id == machine_id)
    return _read(store, "mes.measurements", source, where, ("measured_at",))


def defects(store: CacheStore, source: str, start: datetime | None = None,
            end: datetime | None = None, product_id: str | None = None,
            machine_id: str | None = None) -> list[DefectRecord]:
    """Defects recorded in [start, end), ordered by recorded_at, id."""
    table = feed_map("mes.defects").table
    where: list[ColumnElement[bool]] = []
    if start is not None:
        where.append(table.c.recorded_at >= start)
    if end is not None:
        where.append(table.c.recorded_at < end)
    if product_id is not None:
        where.append(table.c.product_id == product_id)
    if machine_id is not None:
        where.append(table.c.machine_id == machine_id)
    return _read(store, "mes.defects", source, where, ("recorded_at",))


def machines_in_state(store: CacheStore, source: str, machine_ids: Sequence[str],
                      state: str) -> list[str]:
    """Which of these machines' live status is `state` now: a check that reads ids only, for
    watchers that see hundreds of status changes a second and care about a few."""
    table = feed_map("mes.machine_status").table
    found: list[str] = []
    with store.engine.connect() as conn:
        for part in chunks(list(machine_ids)):
            query = select(table.c.id).where(table.c.source == source, table.c.state == state,
                                             table.c.id.in_(part))
            found += conn.execute(query).scalars()
    return sorted(found)
