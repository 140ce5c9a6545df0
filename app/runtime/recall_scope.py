"""Recall scope read from the cache: lot → forward trace (the lot itself included; read
straight from the cache, no genealogy loaded) → shipments carrying any of those lots → order,
customer and each of the customer's contacts, joined by `app.analytics.recall.recall_rows`.

Calls block (they read the cache): run them in a worker.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from app.analytics.recall import RecallRow, recall_rows
from app.analytics.trace import FORWARD
from app.cache.feed_maps import feed_map
from app.cache.records import chunks
from app.cache.store import CacheStore
from app.domain import Contact, Customer, SalesOrder, Shipment
from app.runtime.lineage import trace_from_cache


def recall_scope(store: CacheStore, mes_source: str, crm_source: str,
                 lot_id: str) -> list[RecallRow]:
    """Every shipment of any lot in the forward trace of `lot_id` (of `mes_source`), one row
    per shipped lot and contact; key accounts first, then customer, order, shipment."""
    # A lot the cache lacks is in the trace too, as unknown: its number is its id.
    traced = {node.lot.id: node.lot for node in
              trace_from_cache(store, mes_source, lot_id, FORWARD).nodes}
    lot_ids = list(traced)
    shipments: list[Shipment] = store.get_many(
        crm_source, "crm.shipments", shipments_of_lots(store, crm_source, lot_ids))
    orders: dict[str, SalesOrder] = {o.id: o for o in store.get_many(
        crm_source, "crm.orders", sorted({s.order_id for s in shipments}))}
    customer_ids = sorted({s.customer_id for s in shipments})
    customers: dict[str, Customer] = {
        c.id: c for c in store.get_many(crm_source, "crm.customers", customer_ids)}
    return recall_rows(traced, shipments, orders, customers,
                       contacts_of(store, crm_source, customer_ids))


def shipments_of_lots(store: CacheStore, crm_source: str, lot_ids: Sequence[str]) -> list[str]:
    """Ids of the shipments that carried any of `lot_ids` (the shipment_lots lot index)."""
    table = feed_map("crm.shipments").table.metadata.tables["shipment_lots"]
    found: set[str] = set()
    with store.engine.connect() as conn:
        for part in chunks(list(lot_ids)):
            query = select(table.c.shipment_id).where(
                table.c.source == crm_source, table.c.lot_id.in_(part))
            found.update(conn.execute(query).scalars())
    return sorted(found)


def contacts_of(store: CacheStore, crm_source: str,
                customer_ids: Sequence[str]) -> dict[str, list[Contact]]:
    """Each customer's contacts, by name (the contacts customer index)."""
    table = feed_map("crm.contacts").table
    ids: list[str] = []
    with store.engine.connect() as conn:
        for part in chunks(list(customer_ids)):
            query = select(table.c.id).where(
                table.c.source == crm_source, table.c.customer_id.in_(part))
            ids.extend(conn.execute(query).scalars())
    found: dict[str, list[Contact]] = {}
    for contact in store.get_many(crm_source, "crm.contacts", ids):
        found.setdefault(contact.customer_id, []).append(contact)
    for people in found.values():
        people.sort(key=lambda c: (c.name, c.id))
    return found
