"""Genealogy reads for a trace: the part of one MES source's lot links reachable from one lot,
with the details of every lot in it; and the small reads around a trace (lots by id, by search
key, which lots have inputs), so nothing needs the whole genealogy in memory.

One recursive query walks the links through their (source, child_lot_id) and (source,
parent_lot_id) indexes, so a trace needs neither an index loaded beforehand nor a query per
level (a chain thousands of lots long is still one round trip, which matters on PostgreSQL).
The walk uses UNION, not UNION ALL: a lot is reached once however many paths lead to it, so
cycles in bad data end the recursion; the caller rebuilds the paths from the links.

Reads block: run them in a worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import CTE, ColumnElement, Table, and_, cast, literal, or_, select

from app.cache.records import chunks
from app.cache.schema import mes
from app.cache.schema_mes import folded

if TYPE_CHECKING:
    from app.cache.store import CacheStore

# The lot columns a trace shows, in the order app.analytics.trace.LotInfo takes them.
LOT_FIELDS = ("id", "number", "product_id", "kind", "quantity", "unit", "created_at",
              "work_order_id", "machine_id", "supplier", "supplier_lot")

LinkRow = tuple[str, str, str, Decimal]  # link id, parent lot id, child lot id, quantity


@dataclass(frozen=True, slots=True)
class Cone:
    """What a trace from `root` can reach: lot rows (LOT_FIELDS) of the reached lots the cache
    holds, and every link a trace walks (into each reached lot backward, out of it forward),
    by link id."""

    root: str
    backward: bool
    lots: list[tuple[Any, ...]]
    links: list[LinkRow]


def read_cone(store: CacheStore, mes_source: str, root: str, backward: bool) -> Cone:
    links, lots = mes.lot_links, mes.lots
    # `near` is the end of a link at a reached lot, `far` the lot it leads to next.
    near, far = ((links.c.child_lot_id, links.c.parent_lot_id) if backward
                 else (links.c.parent_lot_id, links.c.child_lot_id))
    # The cast gives the seed the column's own type: PostgreSQL refuses a recursive query
    # whose two halves differ in type.
    reach = select(cast(literal(root), far.type).label("lot_id")).cte(
        "reach", recursive=True)
    reach = reach.union(select(far).where(links.c.source == mes_source,
                                          near == reach.c.lot_id))
    query = (
        select(reach.c.lot_id, *(lots.c[name] for name in LOT_FIELDS[1:]),
               links.c.id, links.c.parent_lot_id, links.c.child_lot_id, links.c.quantity)
        .select_from(reach)
        .outerjoin(lots, and_(lots.c.source == mes_source, lots.c.id == reach.c.lot_id))
        .outerjoin(links, and_(links.c.source == mes_source, near == reach.c.lot_id))
        # Link id last: two links between the same lots come back in a stable order.
        .order_by(reach.c.lot_id, links.c.id)
    )
    width = len(LOT_FIELDS)
    found_lots: dict[str, tuple[Any, ...]] = {}
    found_links: list[LinkRow] = []
    with store.engine.connect() as conn:
        for row in conn.execute(query):
            # A lot appears once per link; `number` is never null for a lot the cache holds.
            if row[1] is not None and row[0] not in found_lots:
                found_lots[row[0]] = tuple(row[:width])
            link_id, parent, child, quantity = row[width:]
            if link_id is not None:  # None: the lot has no link this way
                found_links.append((link_id, parent, child, quantity))
    return Cone(root, backward, list(found_lots.values()), found_links)


# --- small reads for the Traceability view: lots by id, search keys, inputs -------------------

def read_lots(store: CacheStore, mes_source: str, lot_ids: Iterable[str]
              ) -> list[tuple[Any, ...]]:
    """Rows (LOT_FIELDS) of those of `lot_ids` the cache holds."""
    lots = mes.lots
    found: list[tuple[Any, ...]] = []
    with store.engine.connect() as conn:
        for part in chunks(sorted(set(lot_ids))):
            query = select(*(lots.c[name] for name in LOT_FIELDS)).where(
                lots.c.source == mes_source, lots.c.id.in_(part))
            found.extend(tuple(row) for row in conn.execute(query))
    return found


def holds_lots(store: CacheStore, mes_source: str) -> bool:
    query = select(mes.lots.c.id).where(mes.lots.c.source == mes_source).limit(1)
    with store.engine.connect() as conn:
        return conn.execute(query).first() is not None


def with_inputs(store: CacheStore, mes_source: str, lot_ids: Iterable[str]) -> set[str]:
    """Those of `lot_ids` that some link names as its child (lots made from other lots)."""
    links = mes.lot_links
    found: set[str] = set()
    with store.engine.connect() as conn:
        for part in chunks(sorted(set(lot_ids))):
            query = select(links.c.child_lot_id).distinct().where(
                links.c.source == mes_source, links.c.child_lot_id.in_(part))
            found.update(conn.execute(query).scalars())
    return found


def starts_with(column: Any, needle: str) -> ColumnElement[bool]:
    """Case-insensitive prefix match of a folded `needle`, as a range of lower(column) that
    the column's search index serves (neither database uses an index for lower(c) LIKE 'x%')."""
    key = folded(column)
    after = after_prefix(needle)
    return key >= needle if after is None else and_(key >= needle, key < after)


def after_prefix(prefix: str) -> str | None:
    """The least string above every string that starts with `prefix`, in code point order;
    None if there is none (a prefix of U+10FFFF only)."""
    while prefix:
        following = ord(prefix[-1]) + 1
        if 0xD800 <= following <= 0xDFFF:  # surrogates are no text: skip to U+E000
            following = 0xE000
        if following <= 0x10FFFF:
            return prefix[:-1] + chr(following)
        prefix = prefix[:-1]  # "a\U0010ffff…" ends where "a" does: take "b"
    return None


def prefixed(table: Table, source: str, needle: str, keys: tuple[str, ...],
             wanted: tuple[str, ...]) -> CTE:
    """The `wanted` columns of the rows of `source` in `table` where one of the `keys` starts
    with `needle`, for a query to order and limit. Materialized, because for "ORDER BY key
    LIMIT n" SQLite would rather walk the whole (source, key) index in key order (every lot
    when nothing matches) than sort what the search indexes' ranges find."""
    query = select(*(table.c[name] for name in wanted)).where(
        table.c.source == source, or_(*(starts_with(table.c[key], needle) for key in keys)))
    return query.cte(f"{table.name}_found").prefix_with("MATERIALIZED")


def find_lots(store: CacheStore, mes_source: str, needle: str, limit: int
              ) -> list[tuple[str, str]]:
    """(id, number) of at most `limit` lots whose number or id starts with `needle`, by
    number."""
    found = prefixed(mes.lots, mes_source, needle, ("number", "id"), ("id", "number"))
    query = select(found.c.id, found.c.number).order_by(found.c.number, found.c.id).limit(limit)
    with store.engine.connect() as conn:
        return [(row[0], row[1]) for row in conn.execute(query)]


def lots_by_key(store: CacheStore, mes_source: str, column: str, needle: str, limit: int
                ) -> list[tuple[str, str]]:
    """(key, lot id) of every lot whose `column` (supplier_lot, work_order_id) holds one of
    the first `limit` keys starting with `needle`."""
    lots = mes.lots
    key = lots.c[column]
    found = prefixed(lots, mes_source, needle, (column,), (column,))
    keys = select(found.c[column]).distinct().order_by(found.c[column]).limit(limit)
    query = select(key, lots.c.id).where(
        lots.c.source == mes_source, key.in_(keys.scalar_subquery())).order_by(key, lots.c.id)
    with store.engine.connect() as conn:
        return [(row[0], row[1]) for row in conn.execute(query)]


def lots_of_work_orders(store: CacheStore, mes_source: str, work_order_ids: Iterable[str]
                        ) -> dict[str, list[str]]:
    """Lot ids per work order id, for the given work orders (the lots' work order index)."""
    lots = mes.lots
    found: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        for part in chunks(sorted(set(work_order_ids))):
            query = select(lots.c.work_order_id, lots.c.id).where(
                lots.c.source == mes_source, lots.c.work_order_id.in_(part)).order_by(
                    lots.c.work_order_id, lots.c.id)
            for work_order_id, lot_id in conn.execute(query):
                found.setdefault(work_order_id, []).append(lot_id)
    return found
