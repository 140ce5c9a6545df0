"""Sales orders: how they arrive, how the plant turns them into work orders, how they ship.

Planning rule (what links order lines to work orders): a big line is split over two work orders;
a small line of a standard product is served from the latest make-to-stock batch of that product
while the batch has pieces no line has taken (one work order serving several lines, made, being
made or waiting), else it starts the next batch; anything else gets its own work order.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.domain import (
    FulfilmentLink,
    OrderLine,
    OrderStatus,
    Product,
    PromiseChange,
    SalesOrder,
    Shipment,
    ShipmentLot,
    WorkOrder,
    WorkOrderStatus,
)
from app.sim import demand, layout
from app.sim.core import SimCore
from app.sim.lots import LotStore
from app.sim.workorders import Production

SPLIT_ABOVE = Decimal(200)
DRAFT_SHARE = 0.15  # of orders placed as drafts (quotes), of which ...
DRAFT_CONFIRMED = 0.7  # ... this share is confirmed a few hours later
WEEK_HOURS = 7 * 24
OFFICE_HOURS_SHARE = 5 * 10 / WEEK_HOURS  # weekdays 08:00-18:00
POOL_UP_TO = Decimal(40)
POOL_BATCH = Decimal(120)
_PLANNERS = ("planner.lin", "planner.chen", "sales.vogel", "sales.wang")
_SLIP_REASONS = ("capacity shortfall on line 3", "housing supply late from line 2",
                 "machine breakdown", "material delay from supplier")


class OrderDesk:
    def __init__(self, core: SimCore, zone: ZoneInfo, products: dict[str, Product],
                 production: Production, lots: LotStore,
                 customers: tuple[tuple[str, bool], ...] | None = None,
                 arrival_scale: float = 1.0,
                 line_sizes: tuple[int, int, int] = demand.BUSY_LINE_SIZES,
                 weekly_rate: Callable[[date], float] | None = None) -> None:
        self.core = core
        # (customer id, key account) that orders come from; key accounts order more often.
        self.customers = customers or tuple((row[0], row[3]) for row in layout.CUSTOMERS)
        self.arrival_scale = arrival_scale  # a bigger plant gets proportionally more orders
        self.line_sizes = line_sizes  # how often a line is small, medium or large
        # Confirmed orders a week around a day (None: one draw every 2.5 h on the standard plant).
        self.weekly_rate = weekly_rate
        self._cum_weights = list(itertools.accumulate(3 if key else 1 for _, key in self.customers))
        self.zone = zone
        self.products = products
        self.production = production
        self.lots = lots
        self.rng = core.rng("orders")
        self.orders: dict[str, SalesOrder] = {}
        self.shipments: list[Shipment] = []
        self._pending: dict[tuple[str, int], int] = {}  # line -> linked work orders not shipped
        self._pools: dict[str, WorkOrder] = {}  # product -> latest make-to-stock batch
        self._shipped: set[tuple[str, str, int]] = set()  # (work order, order, line) shipped
        self.on_shipment: list[Callable[[Shipment], None]] = []
        # Progress the console wrote back per line (PATCH .../lines/{n}/progress), and how many
        # writes came: a CRM keeps it on the line as custom fields.
        self.progress: dict[tuple[str, int], dict] = {}
        self.progress_writes = 0
        self.notify: Callable[[SalesOrder, str, str], None] = lambda order, subject, body: None

    def today(self) -> date:
        return self.core.now.astimezone(self.zone).date()

    # --- placing ---------------------------------------------------------------------------
    def place(self, customer_id: str, lines: list[OrderLine], *, priority: int = 3,
              customer_po: str = "", draft: bool = False, plan: bool = True,
              created_at: datetime | None = None) -> SalesOrder:
        order = self.new_order(customer_id, lines, created_at or self.core.now,
                               OrderStatus.DRAFT if draft else OrderStatus.CONFIRMED,
                               priority=priority, customer_po=customer_po)
        for line in lines:
            if line.promised_date is None and not draft:
                line.promised_date = self.promise_for(line.requested_date)
        self.orders[order.id] = order
        self.core.put("crm.orders", order)
        if plan and not draft:
            self._plan(order)
        return order

    def new_order(self, customer_id: str, lines: list[OrderLine], created_at: datetime,
                  status: OrderStatus, *, priority: int = 3, customer_po: str = "") -> SalesOrder:
        """An order with the next number; not kept, published or planned."""
        n = self.core.next_number("order")
        return SalesOrder(id=f"O-{n:06d}", number=f"SO-{1000 + n}", customer_id=customer_id,
                          status=status, priority=priority, customer_po=customer_po,
                          created_at=created_at, lines=lines)

    def promise_for(self, requested: date) -> date:
        """What the plant can promise: the requested date unless the backlog pushes it out."""
        backlog = sum((wo.quantity - wo.good for wo in self.production.work_orders.values()
                       if wo.product_id in layout.SELLABLE
                       and wo.status is not WorkOrderStatus.COMPLETED), Decimal(0))
        days = math.ceil(float(backlog) * 270 / (3 * 16 * 3600) * 7 / 5)  # 3 cells, 2 shifts
        return max(requested, self.today() + timedelta(days=2 + days))

    def random_lines(self, rng: random.Random | None = None, today: date | None = None,
                     sizes: tuple[int, int, int] | None = None) -> list[OrderLine]:
        """1 to 3 lines of sellable products; `sizes` weighs small, medium and large lines
        (default: the desk's mix). The history generator passes its own stream and day."""
        rng = rng or self.rng
        sizes = sizes or self.line_sizes
        today = today or self.today()
        lines = []
        for no in range(1, rng.choices((1, 2, 3), (50, 35, 15))[0] + 1):
            pid = "P-300" if rng.random() < 0.65 else "P-310"
            size = rng.choices(("small", "medium", "large"), sizes)[0]
            low, high = {"small": (2, 8), "medium": (10, 30), "large": (32, 64)}[size]
            options = {"colour": rng.choice(layout.COLOURS)} if pid == "P-310" else {}
            requested = today + timedelta(days=rng.randint(7, 21))
            lines.append(OrderLine(line_no=no, product_id=pid, unit="pcs", options=options,
                                   quantity=Decimal(rng.randint(low, high) * 5),
                                   requested_date=requested))
        return lines

    def random_customer(self, rng: random.Random | None = None) -> tuple[str, int]:
        """A customer and the priority its orders get (key accounts 2, others 3)."""
        customer_id, key = (rng or self.rng).choices(self.customers,
                                                     cum_weights=self._cum_weights)[0]
        return customer_id, (2 if key else 3)

    def start_arrivals(self) -> None:
        self.core.after(round(self._gap_hours() * 3600), self._arrival)

    def _gap_hours(self) -> float:
        if self.weekly_rate is None:
            return self.rng.expovariate(self.arrival_scale / 2.5)
        # Draws fall around the clock; those in office hours are placed, and of those the
        # drafts are confirmed in part: as many draws as make `weekly_rate` confirmed orders.
        confirmed = OFFICE_HOURS_SHARE * (1 - DRAFT_SHARE * (1 - DRAFT_CONFIRMED))
        draws = self.weekly_rate(self.today()) / confirmed
        return self.rng.expovariate(draws / WEEK_HOURS)

    def _arrival(self) -> None:
        rng = self.rng
        local = self.core.now.astimezone(self.zone)
        # Orders come in office hours on weekdays; the draw keeps the stream's rhythm regardless.
        customer_id, priority = self.random_customer()
        lines = self.random_lines()
        draft = rng.random() < DRAFT_SHARE
        urgent = rng.random() < 0.1
        po = f"PO-{rng.randint(10000, 99999)}"
        if local.weekday() < 5 and 8 <= local.hour < 18:
            order = self.place(customer_id, lines, priority=1 if urgent else priority,
                               customer_po=po, draft=draft)
            if draft:
                self.core.after(round(rng.uniform(1, 6) * 3600), self._decide_draft, order.id)
        self.core.after(round(self._gap_hours() * 3600), self._arrival)

    def _decide_draft(self, order_id: str) -> None:
        order = self.orders[order_id]
        if order.status is not OrderStatus.DRAFT:
            return
        if self.rng.random() < DRAFT_CONFIRMED:
            self.confirm(order)
        else:
            self.cancel_draft(order_id)

    def cancel_draft(self, order_id: str) -> None:
        order = self.orders[order_id]
        if order.status is not OrderStatus.DRAFT:
            return
        order.status = OrderStatus.CANCELLED
        self.core.put("crm.orders", order)
        # A cancelled draft is of no use to anyone: the CRM deletes it a little later.
        self.core.after(round(self.rng.uniform(1, 4) * 3600), self._purge, order_id)

    def _purge(self, order_id: str) -> None:
        if ("crm.orders", order_id) not in self.core.deleted:
            self.core.delete("crm.orders", order_id)

    def confirm(self, order: SalesOrder) -> None:
        order.status = OrderStatus.CONFIRMED
        for line in order.lines:
            line.promised_date = line.promised_date or self.promise_for(line.requested_date)
        self.core.put("crm.orders", order)
        self._plan(order)

    # --- planning through the routing ------------------------------------------------------
    def _plan(self, order: SalesOrder, lines: list[OrderLine] | None = None) -> None:
        make = self.production.create
        for line in order.lines if lines is None else lines:
            due = line.promised_date or line.requested_date
            key = (order.id, line.line_no)

            def link(q: Decimal, line: OrderLine = line) -> FulfilmentLink:
                return FulfilmentLink(order_id=order.id, line_no=line.line_no, work_order_id="",
                                      quantity=q, unit=line.unit)

            q = line.quantity
            if q > SPLIT_ABOVE:
                first = Decimal(math.ceil(q / 2))
                for part in (first, q - first):
                    wo = make(line.product_id, with_allowance(part), due=due,
                              priority=order.priority, links=[link(part)])
                    self.production.release(wo)
                self._pending[key] = 2
            elif pooled(line):
                self._join_pool(line.product_id, link(q), due, order.priority)
                self._pending[key] = 1
            else:
                wo = make(line.product_id, with_allowance(q), due=due, priority=order.priority,
                          links=[link(q)])
                self.production.release(wo)
                self._pending[key] = 1

    def _join_pool(self, product_id: str, link: FulfilmentLink, due: date, priority: int) -> None:
        wo = self._pools.get(product_id)
        if wo is None or not _has_room(wo, link.quantity):
            wo = self.production.create(product_id, POOL_BATCH, due=due, priority=priority)
            self._pools[product_id] = wo
            # Collect small lines for a while before the batch goes to the floor.
            self.core.after(2 * 3600, self.production.release, wo)
        link.work_order_id = wo.id
        wo.links.append(link)
        if wo.status is WorkOrderStatus.COMPLETED:
            # Served from stock: picked and shipped a few hours later.
            self.core.after(round(self.rng.uniform(1, 5) * 3600), self._ship, wo, [link])
        else:  # the batch is as urgent as the most urgent line it serves
            wo.priority = min(wo.priority, priority)
            wo.due_date = min(wo.due_date or due, due)
        self.core.put("mes.work_orders", wo)  # the MES shows the line it now serves

    def adopt(self, order: SalesOrder, shipments: list[Shipment],
              open_lines: list[OrderLine]) -> None:
        """An order from the generated history (app.sim.history), with what it shipped; the
        lines it still waits for are planned now, as any new order's."""
        self.orders[order.id] = order
        self.shipments.extend(shipments)
        if open_lines:
            self.core.put("crm.orders", order)
            self._plan(order, open_lines)

    def _order_line(self, order_id: str, line_no: int) -> tuple[SalesOrder, OrderLine]:
        """The order and its line a write names; KeyError (404) for either unknown."""
        order = self.orders.get(order_id)
        if order is None or ("crm.orders", order_id) in self.core.deleted:
            raise KeyError(f"unknown order {order_id!r}")
        line = next((x for x in order.lines if x.line_no == line_no), None)
        if line is None:
            raise KeyError(f"order {order.number} has no line {line_no!r}")
        return order, line

    # --- release from the console --------------------------------------------------------
    def release_line(self, order_id: str, line_no: int, product_id: str, quantity: Decimal,
                     due: date | None, priority: int, parameters: dict[str, str]) -> WorkOrder:
        """The work order of a line the plant has not planned (POST /mes/v1/work-orders)."""
        order, line = self._order_line(order_id, line_no)
        if order.status not in (OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION):
            raise ValueError(f"order {order.number} is {order.status}: only a confirmed order's "
                             "lines are released")
        if product_id != line.product_id:
            raise ValueError(f"line {line_no} of {order.number} is for {line.product_id}, "
                             f"not {product_id}")
        if not quantity.is_finite() or quantity <= 0 or quantity > 10000:
            raise ValueError(f"quantity must be more than 0 and at most 10000, not {quantity}")
        if isinstance(priority, bool) or not 1 <= priority <= 5:
            raise ValueError(f"priority must be from 1 to 5, not {priority!r}")
        if self._pending.get((order_id, line_no), 0) > 0:
            raise ReleaseConflict(f"line {line_no} of {order.number} already has a work order")
        link = FulfilmentLink(order_id=order_id, line_no=line_no, work_order_id="",
                              quantity=line.quantity, unit=line.unit)
        wo = self.production.build(product_id, quantity, due=due, priority=priority,
                                   links=[link])
        wo.parameters = dict(parameters)
        wo.sales_order_ref, wo.sales_line_ref = order.number, line_no
        wo.customer_po = order.customer_po
        self.production.work_orders[wo.id] = wo
        self.production.release(wo)
        self._pending[(order_id, line_no)] = 1
        return wo

    def set_progress(self, order_id: str, line_no: int, values: dict) -> SalesOrder:
        order = self.orders.get(order_id)
        if order is None or ("crm.orders", order_id) in self.core.deleted:
            raise KeyError(f"unknown order {order_id!r}")
        if not any(x.line_no == line_no for x in order.lines):
            raise KeyError(f"order {order.number} has no line {line_no!r}")
        self.progress[(order_id, line_no)] = {**values, "updated_at": self.core.now.isoformat()}
        self.progress_writes += 1
        return order

    # --- progress and shipping -------------------------------------------------------------
    def work_order_started(self, wo: WorkOrder) -> None:
        for order in self._orders_of(wo):
            if order.status is OrderStatus.CONFIRMED:
                order.status = OrderStatus.IN_PRODUCTION
                self.core.put("crm.orders", order)

    def work_order_completed(self, wo: WorkOrder) -> None:
        if wo.links:
            self.core.after(round(self.rng.uniform(1, 5) * 3600), self._ship, wo)

    def _orders_of(self, wo: WorkOrder) -> list[SalesOrder]:
        ids = list(dict.fromkeys(link.order_id for link in wo.links))
        return [self.orders[i] for i in ids if i in self.orders]

    def _ship(self, wo: WorkOrder, links: list[FulfilmentLink] | None = None) -> None:
        """Ship what `wo` made for its lines (`links`: only these, from stock)."""
        for link in wo.links if links is None else links:
            order = self.orders.get(link.order_id)
            shipped = (wo.id, link.order_id, link.line_no)
            if order is None or order.status is OrderStatus.CANCELLED or shipped in self._shipped:
                continue
            self._shipped.add(shipped)
            taken = self.lots.take(wo.output_lot_id or "", link.quantity)
            key = (order.id, link.line_no)
            self._pending[key] = self._pending.get(key, 1) - 1
            if taken > 0:
                n = self.core.next_number("shipment")
                shipment = Shipment(id=f"SH-{n:05d}", order_id=order.id, line_no=link.line_no,
                                    customer_id=order.customer_id, quantity=taken, unit=link.unit,
                                    shipped_at=self.core.now,
                                    lots=[ShipmentLot(lot_id=wo.output_lot_id or "",
                                                      quantity=taken)])
                self.shipments.append(shipment)
                self.core.put("crm.shipments", shipment)
                for hook in self.on_shipment:
                    hook(shipment)
        for order in self._orders_of(wo):
            if order.status is not OrderStatus.SHIPPED and all(
                    self._pending.get((order.id, line.line_no), 0) <= 0 for line in order.lines):
                order.status = OrderStatus.SHIPPED
                self.core.put("crm.orders", order)
                self.core.after(2 * 86400, self._close, order.id)

    def close_at(self, order_id: str, at: datetime) -> None:
        """Close a shipped order (from the generated history) at `at`."""
        self.core.at(at, self._close, order_id)

    def _close(self, order_id: str) -> None:
        order = self.orders[order_id]
        if order.status is OrderStatus.SHIPPED:
            order.status = OrderStatus.CLOSED
            self.core.put("crm.orders", order)

    # --- promised dates --------------------------------------------------------------------
    def set_promised(self, order_id: str, line_no: int, promised: date, reason: str = "",
                     by: str = "") -> SalesOrder:
        order, line = self._order_line(order_id, line_no)
        promised = parse_date(promised, "promised date")
        if order.status is OrderStatus.CANCELLED:
            raise ValueError(f"order {order.number} is {order.status}: its dates cannot change")
        if promised < order.created_at.astimezone(self.zone).date():
            raise ValueError(f"promised date {promised} is before the order was placed")
        line.promise_history.append(PromiseChange(changed_at=self.core.now,
                                                  old_date=line.promised_date, new_date=promised,
                                                  by=by, reason=reason))
        line.promised_date = promised
        self.core.put("crm.orders", order)
        for wo in self.production.work_orders.values():
            if any(k.order_id == order_id and k.line_no == line_no for k in wo.links) and (
                    wo.status is not WorkOrderStatus.COMPLETED):
                wo.due_date = min(promised, wo.due_date or promised)
                self.production.touch(wo)
        return order

    def start_promise_changes(self) -> None:
        self.core.after(round(self.rng.expovariate(1 / 10) * 3600), self._random_promise_change)

    def _random_promise_change(self) -> None:
        rng = self.rng
        open_orders = [o for o in self.orders.values()
                       if o.status in (OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION)]
        pick, slip, by, reason = rng.random(), rng.randint(1, 5), rng.choice(_PLANNERS), \
            rng.choice(_SLIP_REASONS)
        if open_orders:
            order = open_orders[int(pick * len(open_orders))]
            line = order.lines[0]
            new = (line.promised_date or line.requested_date) + timedelta(days=slip)
            self.set_promised(order.id, line.line_no, new, reason, by)
            self.notify(order, f"New promised date for {order.number} line {line.line_no}",
                        f"Line {line.line_no} is now promised for {new.isoformat()} ({reason}).")
        self.core.after(round(rng.expovariate(1 / 10) * 3600), self._random_promise_change)


class ReleaseConflict(ValueError):
    """The line already has a work order: a second release is refused (409)."""

    status = 409


def pooled(line: OrderLine) -> bool:
    """Whether a line is served from a make-to-stock batch: small, of a standard product."""
    return not line.options and line.quantity <= POOL_UP_TO


def _has_room(batch: WorkOrder, q: Decimal) -> bool:
    """Whether a make-to-stock batch still has `q` pieces no line has taken: of what it made,
    once complete, else of what it will make after the scrap allowance."""
    taken = sum((link.quantity for link in batch.links), Decimal(0))
    if batch.status is WorkOrderStatus.COMPLETED:
        return taken + q <= batch.good
    return (batch.status is not WorkOrderStatus.CANCELLED
            and with_allowance(taken + q) <= batch.quantity)


def with_allowance(q: Decimal) -> Decimal:
    """Start a little more than needed: scrap along the routing eats into the quantity."""
    return Decimal(math.ceil(q * Decimal("1.04")) + 1)


def parse_date(value: object, what: str) -> date:
    if isinstance(value, datetime):
        raise ValueError(f"{what} must be a plain date, not a date and time")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{what} must be a date (YYYY-MM-DD), not {value!r}")
