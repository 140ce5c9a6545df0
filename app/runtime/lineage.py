"""Lot genealogy read from the cache: one lot's trace or lineage, lots by id, and the whole
in-memory `Genealogy` of a source with its updates from change sets.

A trace reads only the cone reachable from its lot (one recursive query,
`app.cache.genealogy`), so nothing needs loading first. Reads block: run them in a worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

from sqlalchemy import Connection, Select, select

from app.analytics.trace import BACKWARD, Genealogy, Lineage, LotInfo, TraceResult
from app.cache.changes import ChangeSet
from app.cache.feed_maps import feed_map
from app.cache.genealogy import LOT_FIELDS, Cone, read_cone, read_lots
from app.cache.store import CacheStore
from app.collector import collector_paused
from app.domain import Lot, LotLink

_LOAD_PART = 50_000


def load_genealogy(store: CacheStore, mes_source: str) -> Genealogy:
    """Every lot and lot link of `mes_source`. Slow for a large plant (tens of seconds at a
    million links): traces for the console use `trace_from_cache` instead."""
    lots = feed_map("mes.lots").table
    links = feed_map("mes.genealogy").table
    lot_query = select(*(lots.c[name] for name in LOT_FIELDS)).where(
        lots.c.source == mes_source)
    link_query = select(links.c.id, links.c.parent_lot_id, links.c.child_lot_id,
                        links.c.quantity).where(links.c.source == mes_source)
    with collector_paused(), store.engine.connect() as conn:
        # Lazily, so the link query runs only once the lots are read.
        return Genealogy.from_rows(mes_source, _rows(conn, lot_query), _rows(conn, link_query))


def _rows(conn: Connection, query: Select[Any]) -> Iterator[Any]:
    # Whole partitions, chained in C: a million rows make per-row overhead count.
    def parts() -> Iterator[Sequence[Any]]:
        yield from conn.execute(query).partitions(_LOAD_PART)

    return chain.from_iterable(parts())


def apply_changes(genealogy: Genealogy, store: CacheStore, changes: ChangeSet) -> None:
    """Re-read the lots and links `changes` names (for the genealogy's source); others are
    kept."""
    source = genealogy.mes_source
    lot_ids = _ids_of(changes, "mes.lots", source)
    link_ids = _ids_of(changes, "mes.genealogy", source)
    if lot_ids:
        found: dict[str, Lot] = {
            lot.id: lot for lot in store.get_many(source, "mes.lots", lot_ids)}
        for lot_id in lot_ids:
            genealogy.set_lot(lot_id, found.get(lot_id))
    if link_ids:
        links: dict[str, LotLink] = {
            link.id: link for link in store.get_many(source, "mes.genealogy", link_ids)}
        for link_id in link_ids:
            link = links.get(link_id)
            genealogy.set_link(link_id, None if link is None else (
                link.parent_lot_id, link.child_lot_id, link.quantity))


def _ids_of(changes: ChangeSet, feed: str, source: str) -> list[str]:
    return sorted(record_id for src, record_id in changes.ids(feed) if src == source)


def trace_cone(cone: Cone) -> TraceResult:
    """The trace of `cone.root` over what the cache found reachable from it. Walked by the
    same code as a loaded Genealogy's traces, so both list the same nodes in the same order:
    the cone holds every link the walk follows and every lot it shows."""
    held = _held(cone)
    return held.backward(cone.root) if cone.backward else held.forward(cone.root)


def _held(cone: Cone) -> Genealogy:
    return Genealogy.of("", (LotInfo(*row) for row in cone.lots), cone.links)


def trace_from_cache(store: CacheStore, mes_source: str, lot_id: str,
                     direction: str = BACKWARD) -> TraceResult:
    """`lot_id`'s backward or forward trace read from the cache, no Genealogy loaded."""
    return trace_cone(read_cone(store, mes_source, lot_id, backward=direction == BACKWARD))


def lineage_from_cache(store: CacheStore, mes_source: str, lot_id: str) -> Lineage:
    """Two recursive queries: the lot's backward and forward cones."""
    return Lineage(lot_id, _held(read_cone(store, mes_source, lot_id, backward=True)),
                   _held(read_cone(store, mes_source, lot_id, backward=False)))


def lots_from_cache(store: CacheStore, mes_source: str, lot_ids: Iterable[str]
                    ) -> dict[str, LotInfo]:
    """Those of `lot_ids` the cache holds, by id."""
    return {row[0]: LotInfo(*row) for row in read_lots(store, mes_source, lot_ids)}
