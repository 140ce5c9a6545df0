"""Orders in the generated history (app.sim.history): placed, released, made, shipped, closed.

Orders arrive on working days in office hours at the rate app.sim.demand gives. Each line is
released within a day of its order, as the order desk releases it, or, for the share of lines the
month misses (demand.OnTimeTargets), too late to make it. Work orders follow the order desk's
planning rule (app.sim.orders): a big line is split over two, a small line of a standard product
is served from the latest make-to-stock batch while it has pieces left, anything else gets its
own. A line is shipped a few hours after its work is made (or, from stock, released). An
order whose lines were all shipped is closed two days later; one with work left at the
hand-over goes to the detailed simulation with what is left of each line.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from app.domain import (
    FulfilmentLink,
    OrderLine,
    OrderStatus,
    SalesOrder,
    Shipment,
    ShipmentLot,
    WorkOrder,
)
from app.sim import demand
from app.sim.orders import POOL_BATCH, SPLIT_ABOVE, pooled, with_allowance

if TYPE_CHECKING:
    from app.sim.history import History

SHIP_MARGIN = timedelta(hours=6)  # a work order must end this long before the hand-over
CLOSE_AFTER = timedelta(days=2)  # a shipped order is closed this long after its last shipment


@dataclass(slots=True)
class LineJob:
    """One order line waiting for its release."""

    order_index: int
    line: OrderLine
    release: datetime
    left: Decimal = Decimal(0)  # what the history did not make: the detailed simulation will


def placed(h: History) -> list[SalesOrder]:
    """The orders placed over the history, oldest first."""
    rng = h.core.rng("history/orders")
    desk = h.plant.orders
    holidays = {x.day for x in h.plant.calendars[0].holidays}
    day, last = h.t0.astimezone(h.zone).date(), h.t1.astimezone(h.zone).date()
    out = []
    while day <= last:
        rate = demand.weekly_rate(day, last, h.capacity) / 5
        count = demand.poisson(rng, rate) if day.weekday() < 5 and day not in holidays else 0
        opening = datetime.combine(day, time(8), tzinfo=h.zone)
        for at in sorted(opening + timedelta(hours=rng.uniform(0, 10)) for _ in range(count)):
            if not h.t0 <= at < h.t1:
                continue
            customer_id, priority = desk.random_customer(rng)
            lines = desk.random_lines(rng, day, demand.LINE_SIZES)
            for line in lines:
                line.promised_date = line.requested_date
            urgent = rng.random() < 0.1
            out.append(desk.new_order(customer_id, lines, at, OrderStatus.CONFIRMED,
                                      priority=1 if urgent else priority,
                                      customer_po=f"PO-{rng.randint(10000, 99999)}"))
        day += timedelta(days=1)
    return out


def release_time(zone: ZoneInfo, order_at: datetime, line: OrderLine, rng: random.Random,
                 targets: demand.OnTimeTargets) -> datetime:
    """When the line's work is released: soon after the order is placed, as the order desk
    does, or, for the share of lines the month misses, too late to make it."""
    promised = datetime.combine(line.promised_date or line.requested_date, time(0),
                                tzinfo=zone)
    on_time = rng.random() < targets.target(order_at.astimezone(zone))
    soon = order_at + timedelta(hours=rng.uniform(2, 24))
    if on_time:
        return soon
    return max(promised + timedelta(days=rng.uniform(-0.5, 4)), soon)


@dataclass(slots=True)
class Batch:
    """The latest make-to-stock batch of a product: made by `end`, `room` pieces untaken."""

    wo: WorkOrder
    end: datetime
    room: Decimal


def make_line(h: History, order: SalesOrder, job: LineJob, release: datetime) -> None:
    """A line's work order (two for a big line, a share of a batch for a small one), each
    shipped a few hours after it is made."""
    line = job.line
    q = line.quantity
    if pooled(line):
        _from_batch(h, order, job, release)
        return
    first = Decimal(math.ceil(q / 2))
    job.left = q
    for part in [first, q - first] if q > SPLIT_ABOVE else [q]:
        link = FulfilmentLink(order_id=order.id, line_no=line.line_no, work_order_id="",
                              quantity=part, unit=line.unit)
        wo = h.plant.production.build(line.product_id, with_allowance(part),
                                      due=line.promised_date, priority=order.priority,
                                      links=[link])
        end = h.book(wo, release, h.t1 - SHIP_MARGIN)
        if end is None:
            return  # not made before the hand-over: the detailed simulation makes the rest
        job.left -= part
        taken = min(wo.good, part)
        if taken > 0:
            _ship(h, order, line, wo, taken, end)


def _from_batch(h: History, order: SalesOrder, job: LineJob, release: datetime) -> None:
    """A small line takes its pieces from the product's latest batch, or starts the next one."""
    line = job.line
    job.left = q = line.quantity
    batch = h.batches.get(line.product_id)
    if batch is None or batch.room < q:
        wo = h.plant.production.build(line.product_id, POOL_BATCH, due=line.promised_date,
                                      priority=order.priority)
        end = h.book(wo, release, h.t1 - SHIP_MARGIN)
        if end is None:
            return  # not made before the hand-over: the detailed simulation makes the line
        batch = h.batches[line.product_id] = Batch(wo, end, wo.good)
        if batch.room < q:  # scrapped below the line (a drift): left to the detailed simulation
            return
    ready = max(batch.end, release)
    if ready > h.t1 - SHIP_MARGIN:
        return  # released too near the hand-over: the detailed simulation serves the line
    batch.room -= q
    wo = batch.wo
    wo.links.append(FulfilmentLink(order_id=order.id, line_no=line.line_no,
                                   work_order_id=wo.id, quantity=q, unit=line.unit))
    if release < batch.end:  # joined while being made: as urgent as its most urgent line
        wo.priority = min(wo.priority, order.priority)
        wo.due_date = min(wo.due_date or line.promised_date, line.promised_date)
    job.left = Decimal(0)
    _ship(h, order, line, wo, q, ready)


def _ship(h: History, order: SalesOrder, line: OrderLine, wo: WorkOrder, quantity: Decimal,
          ready: datetime) -> None:
    shipped_at = ready + timedelta(hours=h.rng.uniform(1, 5))
    n = h.core.next_number("shipment")
    shipment = Shipment(id=f"SH-{n:05d}", order_id=order.id, line_no=line.line_no,
                        customer_id=order.customer_id, quantity=quantity, unit=line.unit,
                        shipped_at=shipped_at,
                        lots=[ShipmentLot(lot_id=wo.output_lot_id or "", quantity=quantity)])
    h.shipments.append(shipment)
    h.journal.put("crm.shipments", shipment, shipped_at)


def close(h: History, orders: list[SalesOrder], jobs: list[list[LineJob]]
          ) -> list[tuple[SalesOrder, list[Shipment], list[OrderLine]]]:
    """Publish the orders that are done; return the open ones with what is left to make."""
    desk = h.plant.orders
    by_order: dict[str, list[Shipment]] = {}
    for s in h.shipments:
        by_order.setdefault(s.order_id, []).append(s)
    still_open = []
    for order, mine in zip(orders, jobs, strict=True):
        shipments = by_order.get(order.id, [])
        if all(j.left <= 0 for j in mine):
            last = max(s.shipped_at for s in shipments) if shipments else order.created_at
            closed = last + CLOSE_AFTER
            if closed < h.t1:
                order.status = OrderStatus.CLOSED
                h.journal.put("crm.orders", order, closed)
            else:
                order.status = OrderStatus.SHIPPED
                h.journal.put("crm.orders", order, last)
                h.closing.append((order.id, closed))
            desk.adopt(order, shipments, [])
        else:
            started = any(j.left < j.line.quantity for j in mine)
            order.status = OrderStatus.IN_PRODUCTION if started else OrderStatus.CONFIRMED
            rest = [replace(j.line, quantity=j.left) for j in mine if j.left > 0]
            still_open.append((order, shipments, rest))
    return still_open
