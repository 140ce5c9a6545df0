"""What the Customer page shows, read from the cache in the views' worker. No Qt here.

Progress and risk of the customer's lines come from the Orders view's own computation
(`order_rows.compute` over every order: work orders are shared out over all customers' lines),
so the page and the Orders view never disagree; the rest is `customer_summary`.
"""

from __future__ import annotations

import logging
from datetime import datetime

from app.analytics.customer_summary import CustomerSummary, customer_summary
from app.analytics.fulfilment import LinkingRules, RulesError
from app.analytics.schedule.plan import Plan
from app.cache.store import CacheStore
from app.domain import Complaint, Customer, Lot, Opportunity, Shipment
from app.runtime.recall_scope import contacts_of
from widgets.orders import order_rows
from widgets.orders.rules_file import default_rules_path

log = logging.getLogger(__name__)


def linking_rules() -> LinkingRules:
    """The plant's rules as the Orders view reads them; the defaults when they cannot be read."""
    try:
        return LinkingRules.load(default_rules_path())
    except (RulesError, OSError) as error:
        log.warning("linking rules not used on the customer page: %s", error)
        return LinkingRules()


def load_customer(store: CacheStore, source: str, customer_id: str, plan: Plan | None,
                  now: datetime, rules: LinkingRules | None = None) -> CustomerSummary | None:
    """None when the cache holds no such customer (and no order of it either)."""
    inputs = order_rows.read_inputs(store)
    customer: Customer | None = inputs.customers.get((source, customer_id))
    orders = [o for s, o in inputs.orders if s == source]
    if customer is None:
        if not any(o.customer_id == customer_id for o in orders):
            return None
        customer = Customer(id=customer_id, name=customer_id, number="")
    data = order_rows.compute(inputs, rules or linking_rules(), plan, now)
    shipments: list[Shipment] = [s for s in store.all(source, "crm.shipments")
                                 if s.customer_id == customer_id]
    complaints: list[Complaint] = [c for c in store.all(source, "crm.complaints")
                                   if c.customer_id == customer_id]
    opportunities: list[Opportunity] = [o for o in store.all(source, "crm.opportunities")
                                        if o.customer_id == customer_id]
    contacts = contacts_of(store, source, [customer_id]).get(customer_id, [])
    wanted = sorted({lot.lot_id for s in shipments for lot in s.lots}
                    | {c.lot_id for c in complaints if c.lot_id})
    lots: dict[str, Lot] = {}
    for mes in order_rows.sources(store, "mes.lots"):
        for lot in store.get_many(mes, "mes.lots", wanted):
            lots.setdefault(lot.id, lot)
    return customer_summary(
        customer, now=now, zone=inputs.zone, plan=plan, orders=orders, shipments=shipments,
        complaints=complaints, opportunities=opportunities, contacts=contacts, lots=lots,
        progress=data.progress, risks=data.risks)
