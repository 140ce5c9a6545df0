"""Finding where a trace starts, read from the cache: lots by id, number or supplier lot,
serials, work orders and sales orders, by exact or prefix match, case-insensitive.

Every kind is read from the cache (at most LIMIT keys per kind), so a search needs no
genealogy in memory: a cold console searches a million lots at once instead of after loading
them. `app.analytics.trace_search.rank` merges and ranks the matches.

Searches block (they read the cache): run them in a worker.
"""

from __future__ import annotations

from sqlalchemy import select

from app.analytics.trace_search import LIMIT, Match, SearchHit, grouped, rank
from app.cache.feed_maps import feed_map
from app.cache.genealogy import find_lots, lots_by_key, lots_of_work_orders, prefixed
from app.cache.store import CacheStore


def search(store: CacheStore, mes_source: str, text: str,
           crm_source: str | None = None) -> list[SearchHit]:
    """Exact or prefix matches of `text`, exact ones first: lots (id, number), supplier lots,
    serials and work orders (id, number); with `crm_source`, sales orders (id, number) and
    the lots shipped on them."""
    needle = text.strip().casefold()
    if not needle:
        return []
    found = lots(store, mes_source, needle)
    found += serials(store, mes_source, needle)
    found += work_orders(store, mes_source, needle)
    if crm_source is not None:
        found += sales_orders(store, crm_source, needle)
    return rank(found)


def lots(store: CacheStore, mes_source: str, needle: str) -> list[Match]:
    """Lots by number or id (keyed by number) and by supplier lot."""
    found: list[Match] = [("lot", number, needle in (lot_id.casefold(), number.casefold()),
                           (lot_id,))
                          for lot_id, number in find_lots(store, mes_source, needle, LIMIT)]
    found += grouped("supplier_lot", needle,
                      lots_by_key(store, mes_source, "supplier_lot", needle, LIMIT))
    return found


def serials(store: CacheStore, mes_source: str, needle: str) -> list[Match]:
    found = prefixed(feed_map("mes.serials").table, mes_source, needle, ("id",),
                     ("id", "lot_id"))
    query = select(found.c.id, found.c.lot_id).order_by(found.c.id).limit(LIMIT)
    with store.engine.connect() as conn:
        return [("serial", serial, serial.casefold() == needle, (lot_id,))
                for serial, lot_id in conn.execute(query)]


def work_orders(store: CacheStore, mes_source: str, needle: str) -> list[Match]:
    """Work orders by id or number, keyed by number, leading to the lots they made. Work
    order ids named by lots but not in the cache are still found, keyed by id."""
    found = prefixed(feed_map("mes.work_orders").table, mes_source, needle, ("id", "number"),
                     ("id", "number", "output_lot_id"))
    query = select(found.c.id, found.c.number, found.c.output_lot_id).order_by(
        found.c.number).limit(LIMIT)
    with store.engine.connect() as conn:
        rows = list(conn.execute(query))
    made = lots_of_work_orders(store, mes_source, [row[0] for row in rows])
    found: list[Match] = []
    for work_order_id, number, output_lot_id in rows:
        lot_ids = list(made.get(work_order_id, ()))
        if output_lot_id and output_lot_id not in lot_ids:
            lot_ids.append(output_lot_id)
        exact = needle in (work_order_id.casefold(), number.casefold())
        found.append(("work_order", number, exact, tuple(lot_ids)))
    known = {row[0] for row in rows}
    named = lots_by_key(store, mes_source, "work_order_id", needle, LIMIT)
    found += grouped("work_order", needle, [row for row in named if row[0] not in known])
    return found


def sales_orders(store: CacheStore, crm_source: str, needle: str) -> list[Match]:
    """Sales orders by id or number, leading to the lots shipped on them."""
    orders = feed_map("crm.orders").table
    shipments = feed_map("crm.shipments").table
    shipment_lots = shipments.metadata.tables["shipment_lots"]
    found = prefixed(orders, crm_source, needle, ("id", "number"), ("id", "number"))
    matched = select(found.c.id, found.c.number).order_by(found.c.number).limit(
        LIMIT).subquery()
    query = (
        select(matched.c.id, matched.c.number, shipment_lots.c.lot_id)
        .select_from(matched)
        .outerjoin(shipments, (shipments.c.source == crm_source)
                   & (shipments.c.order_id == matched.c.id))
        .outerjoin(shipment_lots, (shipment_lots.c.source == crm_source)
                   & (shipment_lots.c.shipment_id == shipments.c.id))
    )
    found: dict[str, tuple[bool, set[str]]] = {}
    with store.engine.connect() as conn:
        for order_id, number, lot_id in conn.execute(query):
            exact, lot_ids = found.setdefault(
                number, (needle in (order_id.casefold(), number.casefold()), set()))
            if lot_id is not None:
                lot_ids.add(lot_id)
    return [("sales_order", number, exact, tuple(sorted(lot_ids)))
            for number, (exact, lot_ids) in found.items()]
