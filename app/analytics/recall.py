"""Recall scope: who received a lot, or anything made from it, as rows for a recall list.

`recall_rows` joins the lots of a forward trace with the shipments that carried them and their
orders, customers and contacts (read from the cache by `app.runtime.recall_scope`). A shipment
is never dropped for missing CRM details (an order or customer not synced yet): its row keeps
empty fields instead, because a recall list that silently omits a delivery is worse than one
with a blank name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from app.analytics.trace import LotInfo
from app.domain import Contact, Customer, SalesOrder, Shipment


@dataclass(frozen=True, slots=True)
class RecallRow:
    lot_id: str
    lot_number: str
    product_id: str
    shipment_id: str
    shipped_at: datetime
    quantity: Decimal  # of this lot on this shipment
    unit: str
    order_id: str
    order_number: str
    customer_id: str
    customer_name: str
    key_account: bool
    contact_name: str
    contact_email: str
    contact_phone: str


def recall_rows(traced: Mapping[str, LotInfo], shipments: Sequence[Shipment],
                orders: Mapping[str, SalesOrder], customers: Mapping[str, Customer],
                contacts: Mapping[str, list[Contact]]) -> list[RecallRow]:
    """One row per shipped lot of `traced` (by id) and contact of its customer; key accounts
    first, then customer, order, shipment."""
    rows: list[RecallRow] = []
    for shipment in shipments:
        order = orders.get(shipment.order_id)
        customer = customers.get(shipment.customer_id)
        people: Sequence[Contact | None] = contacts.get(shipment.customer_id) or [None]
        for shipped in shipment.lots:
            lot = traced.get(shipped.lot_id)
            if lot is None:
                continue
            for person in people:
                rows.append(RecallRow(
                    lot_id=shipped.lot_id,
                    lot_number=lot.number, product_id=lot.product_id,
                    shipment_id=shipment.id, shipped_at=shipment.shipped_at,
                    quantity=shipped.quantity, unit=shipment.unit,
                    order_id=shipment.order_id, order_number=order.number if order else "",
                    customer_id=shipment.customer_id,
                    customer_name=customer.name if customer else "",
                    key_account=customer.key_account if customer else False,
                    contact_name=person.name if person else "",
                    contact_email=person.email if person else "",
                    contact_phone=person.phone if person else "",
                ))
    rows.sort(key=lambda r: (not r.key_account, r.customer_name, r.customer_id,
                             r.order_number, r.order_id, r.shipped_at, r.shipment_id,
                             r.lot_number, r.lot_id, r.contact_name, r.contact_email))
    return rows
