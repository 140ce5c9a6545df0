"""What the Complaints view shows, read from the cache in a worker. No Qt here.

Complaints live in the CRM and the lots they point to in the MES: lot ids are looked up in
every MES source the cache holds, so a lot shows by its number wherever it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.cache.feed_maps import feed_map
from app.cache.store import CacheStore
from app.domain import Complaint, Customer, Lot, Product, SalesOrder

LotKey = tuple[str, str]  # (source, lot id)


@dataclass(frozen=True, slots=True)
class ComplaintRow:
    source: str
    complaint: Complaint
    customer: str  # the customer's name, or its id when the cache has no customer record
    order: str  # the order's number, its id, or "" without an order
    product: str  # the product's name, its id, or ""
    lot: str  # the lot's number, its id, or ""
    lot_key: LotKey | None  # where the lot is cached, when it is

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.complaint.id)


@dataclass(frozen=True, slots=True)
class ComplaintData:
    rows: list[ComplaintRow] = field(default_factory=list)
    # Every cached lot by its number (case-folded): "Link to lot…" accepts only these.
    lots_by_number: dict[str, LotKey] = field(default_factory=dict)

    def find_lot(self, number: str) -> LotKey | None:
        return self.lots_by_number.get(number.strip().casefold())


def sources(store: CacheStore, feed: str) -> list[str]:
    table = feed_map(feed).table
    with store.engine.connect() as conn:
        return sorted(conn.execute(select(table.c.source).distinct()).scalars())


def load_complaints(store: CacheStore) -> ComplaintData:
    lots: dict[str, tuple[LotKey, str]] = {}  # lot id -> (key, number)
    by_number: dict[str, LotKey] = {}
    products: dict[str, str] = {}
    for source in sources(store, "mes.lots"):
        lot: Lot
        for lot in store.all(source, "mes.lots"):
            lots.setdefault(lot.id, ((source, lot.id), lot.number))
            by_number.setdefault(lot.number.casefold(), (source, lot.id))
    for source in sources(store, "mes.products"):
        product: Product
        for product in store.all(source, "mes.products"):
            products.setdefault(product.id, product.name)

    rows: list[ComplaintRow] = []
    for source in sources(store, "crm.complaints"):
        complaints: list[Complaint] = store.all(source, "crm.complaints")
        customers: dict[str, Customer] = {
            c.id: c for c in store.get_many(source, "crm.customers",
                                            sorted({c.customer_id for c in complaints}))}
        orders: dict[str, SalesOrder] = {
            o.id: o for o in store.get_many(
                source, "crm.orders", sorted({c.order_id for c in complaints if c.order_id}))}
        for complaint in complaints:
            customer = customers.get(complaint.customer_id)
            order = orders.get(complaint.order_id) if complaint.order_id else None
            lot_ref = lots.get(complaint.lot_id) if complaint.lot_id else None
            rows.append(ComplaintRow(
                source=source,
                complaint=complaint,
                customer=customer.name if customer else complaint.customer_id,
                order=order.number if order else (complaint.order_id or ""),
                product=products.get(complaint.product_id or "", complaint.product_id or ""),
                lot=lot_ref[1] if lot_ref else (complaint.lot_id or ""),
                lot_key=lot_ref[0] if lot_ref else None,
            ))
    return ComplaintData(rows, by_number)
