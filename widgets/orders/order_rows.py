"""What the Orders view shows, read from the cache and computed in the views' worker. No Qt here.

`read_inputs` reads the records (every CRM source's orders, customers and shipments; every MES
source's work orders, machines, live status, products and sites); `compute` links lines to work
orders, works out progress and risk against a Plan (or none), and flattens every order line
into one plain `OrderRow` tuple: what the table model needs, nothing it must look up later.
A new plan or a machine going down recomputes from the inputs already read.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.analytics.fulfilment import (
    Fulfilment,
    LineKey,
    LineProgress,
    Link,
    LinkingRules,
    Reason,
    done_fraction,
    line_progress,
    link_orders,
    shipments_by_line,
)
from app.analytics.order_risk import (
    LineRisk,
    RiskLevel,
    line_risk,
    risk_context,
    site_zone,
)
from app.analytics.schedule.plan import Plan
from app.cache.feed_maps import feed_map
from app.cache.store import CacheStore
from app.collector import collector_paused
from app.domain import (
    Customer,
    Equipment,
    MachineState,
    MachineStatus,
    OrderLine,
    OrderStatus,
    Product,
    SalesOrder,
    Shipment,
    Site,
    WorkOrder,
)
from widgets.orders.order_columns import RowIndex, attention_order, index_rows

CRM_FEEDS = ("crm.orders", "crm.customers", "crm.shipments")
MES_FEEDS = ("mes.work_orders", "mes.machine_status", "mes.equipment", "mes.products",
             "mes.sites")
# Feeds whose change means reading everything again (machine status is handled on its own).
RELOAD_FEEDS = frozenset({"crm.orders", "crm.customers", "crm.shipments", "mes.work_orders",
                          "mes.equipment", "mes.products", "mes.sites"})
STATUS_FEED = "mes.machine_status"


class OrderRow(NamedTuple):
    """One order line as the table shows it. A tuple: 100,000 of them stay cheap."""

    source: str  # the CRM source the order came from
    order_id: str
    number: str
    line_no: int
    customer: str  # the customer's name, or its id when the cache has no customer record
    po: str
    product: str  # the line's product code
    product_name: str  # the MES product's name, "" when unknown
    quantity: Decimal
    unit: str
    requested: date
    promised: date | None
    predicted: date | None
    progress: float  # 0..1
    done: Decimal
    status: OrderStatus
    risk: RiskLevel
    reasons: tuple[Reason, ...]
    search: str  # number, customer and PO, case-folded: what the search box looks in
    work_orders: int  # how many work orders are linked
    # The prediction's P10 and P90 local dates (the plan's range): 80 % fall between them.
    earliest: date | None = None
    latest: date | None = None

    @property
    def key(self) -> LineKey:
        return (self.order_id, self.line_no)


@dataclass(frozen=True, slots=True)
class OrdersInputs:
    orders: list[tuple[str, SalesOrder]] = field(default_factory=list)  # (source, order)
    customers: dict[tuple[str, str], Customer] = field(default_factory=dict)
    shipments: list[Shipment] = field(default_factory=list)
    work_orders: list[WorkOrder] = field(default_factory=list)
    statuses: list[MachineStatus] = field(default_factory=list)
    equipment: list[Equipment] = field(default_factory=list)
    products: dict[str, Product] = field(default_factory=dict)
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))

    @property
    def down(self) -> frozenset[tuple[str, datetime]]:
        """Machines down now, with since when: what risk (b) depends on."""
        return frozenset((s.id, s.since) for s in self.statuses
                         if s.state == MachineState.DOWN)


@dataclass(frozen=True, slots=True)
class SourceGaps:
    """What the connected sources do not give the view, for the note under the filters."""

    mes_links: bool  # some work order carries links from the MES
    references: bool  # some work order names an order, a line or a PO
    plan: bool  # a scheduler's plan is there


@dataclass(frozen=True, slots=True)
class OrdersData:
    inputs: OrdersInputs
    rules: LinkingRules
    plan: Plan | None
    rows: list[OrderRow]
    fulfilment: Fulfilment
    progress: dict[LineKey, LineProgress]
    risks: dict[LineKey, LineRisk]
    orders: dict[str, tuple[str, SalesOrder]]  # by order id
    work_orders: dict[str, WorkOrder]
    gaps: SourceGaps
    now: datetime
    index: RowIndex  # what sorting and filtering the rows needs

    def customer_name(self, source: str, customer_id: str) -> str:
        customer = self.inputs.customers.get((source, customer_id))
        return customer.name if customer is not None else customer_id


def sources(store: CacheStore, feed: str) -> list[str]:
    """Every source the cache holds records of `feed` from (synced to its end or not yet)."""
    table = feed_map(feed).table
    with store.engine.connect() as conn:
        return sorted(conn.execute(select(table.c.source).distinct()).scalars())


def _all(store: CacheStore, feed: str) -> Iterable[tuple[str, Any]]:
    for source in sources(store, feed):
        for record in store.all(source, feed):
            yield source, record


def read_inputs(store: CacheStore) -> OrdersInputs:
    """Every record the view needs, from every source that synced it."""
    sites: list[Site] = [s for _, s in _all(store, "mes.sites")]
    return OrdersInputs(
        orders=list(_all(store, "crm.orders")),
        customers={(source, c.id): c for source, c in _all(store, "crm.customers")},
        shipments=[s for _, s in _all(store, "crm.shipments")],
        work_orders=[w for _, w in _all(store, "mes.work_orders")],
        statuses=read_statuses(store),
        equipment=[e for _, e in _all(store, "mes.equipment")],
        products={p.id: p for _, p in _all(store, "mes.products")},
        zone=site_zone(sites[0].time_zone if sites else None),
    )


def read_statuses(store: CacheStore) -> list[MachineStatus]:
    return [s for _, s in _all(store, STATUS_FEED)]


def with_statuses(inputs: OrdersInputs, statuses: list[MachineStatus]) -> OrdersInputs:
    return replace(inputs, statuses=statuses)


# From this many lines on, what a computation leaves is frozen out of the cycle collector.
FREEZE_MIN_LINES = 10_000


def compute(inputs: OrdersInputs, rules: LinkingRules, plan: Plan | None,
            now: datetime) -> OrdersData:
    with collector_paused():
        data = _compute(inputs, rules, plan, now)
        if len(data.rows) >= FREEZE_MIN_LINES:
            # The records and rows of a large plant (about a million objects for 100,000
            # lines) live until the next load and make no cycles, yet every full collection
            # would walk them: seconds in which no thread runs. gc.freeze() (constant time)
            # moves every object alive now out of the collector's reach; objects frozen are
            # still freed when their last reference goes. The price: cyclic garbage not yet
            # collected at this moment stays until a gc.unfreeze().
            gc.freeze()
    return data


def _compute(inputs: OrdersInputs, rules: LinkingRules, plan: Plan | None,
             now: datetime) -> OrdersData:
    orders = [o for _, o in inputs.orders]
    work_orders = {wo.id: wo for wo in inputs.work_orders}
    fulfilment = link_orders(orders, inputs.work_orders, rules, list(inputs.products.values()))
    zone = plan.zone if plan is not None else inputs.zone
    ctx = risk_context(now, zone, plan=plan, work_orders=work_orders,
                       statuses=inputs.statuses, equipment=inputs.equipment)
    # Progress as `progress_by_line` works it out, in the same pass as risk and the rows.
    progress: dict[LineKey, LineProgress] = {}
    shipped = shipments_by_line(inputs.shipments)
    risks: dict[LineKey, LineRisk] = {}
    rows: list[OrderRow] = []
    by_line, by_work_order = fulfilment.by_line, fulfilment.by_work_order
    names: dict[str, str] = {}  # product name by CRM product id, looked up once per product
    for source, order in inputs.orders:
        name_of_customer = customer_name(inputs, source, order)
        search = search_text(order, name_of_customer)
        for line in order.lines:
            key = (order.id, line.line_no)
            links = by_line.get(key, ())
            made = progress[key] = line_progress(line, links, work_orders, by_work_order,
                                                 shipped.get(key, ()))
            risk = risks[key] = line_risk(order, line, links, made, ctx)
            name = names.get(line.product_id)
            if name is None:
                name = names[line.product_id] = product_name(inputs.products, rules,
                                                             line.product_id)
            rows.append(line_row(source, order, line, name_of_customer, name, search, made,
                                 risk, links))
    # What needs attention first: worst risk, earliest promise, then by number. The index
    # is made first, and its ranks sort the rows: numpy compares ints, not row tuples.
    index = index_rows(rows)
    first = attention_order(rows, index)
    rows = [rows[i] for i in first.tolist()]
    index = index.take(first)
    gaps = SourceGaps(
        mes_links=any(wo.links for wo in inputs.work_orders),
        references=any(wo.sales_order_ref or wo.customer_po for wo in inputs.work_orders),
        plan=plan is not None)
    return OrdersData(inputs=inputs, rules=rules, plan=plan, rows=rows, fulfilment=fulfilment,
                      progress=progress, risks=risks,
                      orders={o.id: (source, o) for source, o in inputs.orders},
                      work_orders=work_orders, gaps=gaps, now=now,
                      index=index)


def line_row(source: str, order: SalesOrder, line: OrderLine, customer: str, product: str,
             search: str, made: LineProgress, risk: LineRisk,
             links: Sequence[Link]) -> OrderRow:
    """The table's row of one line: `customer` and `product` are names, `search` is
    `search_text` of its order."""
    done = made.done
    # Positional: a NamedTuple built from keywords costs twice as much.
    return OrderRow(
        source, order.id, order.number, line.line_no, customer, order.customer_po,
        line.product_id, product, line.quantity, line.unit, line.requested_date,
        line.promised_date, risk.predicted_date, done_fraction(done, made.ordered), done,
        order.status, risk.level, risk.reasons, search,
        len({k.work_order_id for k in links}) if len(links) > 1 else len(links),
        risk.earliest_date, risk.latest_date)


def customer_name(inputs: OrdersInputs, source: str, order: SalesOrder) -> str:
    customer = inputs.customers.get((source, order.customer_id))
    return customer.name if customer is not None else order.customer_id


def search_text(order: SalesOrder, customer: str) -> str:
    """What the search box looks in: number, customer and PO, case-folded."""
    return f"{order.number}\x1f{customer}\x1f{order.customer_po}".casefold()


def product_name(products: dict[str, Product], rules: LinkingRules, product_id: str) -> str:
    """The MES product's name for a CRM product (mapped by the rules, else the same code)."""
    product = products.get(rules.mes_product(product_id) or product_id) or products.get(
        product_id)
    return product.name if product is not None else ""


def load_orders(store: CacheStore, rules: LinkingRules, plan: Plan | None,
                now: datetime) -> OrdersData:
    return compute(read_inputs(store), rules, plan, now)
