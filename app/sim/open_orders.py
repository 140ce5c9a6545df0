"""Open orders on top of what the history left open, for a plant of a given size (`--orders`).

They are placed in the four weeks before the plant starts, due in the weeks ahead, each line with
its own work order, planned behind the work already queued at its work centers, the way a
planner's backlog looks; what the plan starts within hours is released to the floor. Planning
them one by one through the order desk would cost time that grows with the square of their
number; this is linear.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from app.domain import FulfilmentLink, OrderStatus
from app.sim.orders import with_allowance

if TYPE_CHECKING:
    from app.sim.plant import Plant

RELEASE_AHEAD = timedelta(hours=12)
OPEN = frozenset({OrderStatus.DRAFT, OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION})


def open_order_count(plant: Plant) -> int:
    return sum(1 for o in plant.orders.orders.values() if o.status in OPEN)


def top_up(plant: Plant, count: int) -> int:
    """Place orders until `count` are open; returns how many were placed."""
    core, desk, production = plant.core, plant.orders, plant.production
    rng = core.rng("open-orders")
    now = core.now
    # Per work center: when its machines are free for this backlog.
    free = {wc: now for wc in production.machines_by_wc}
    placed = 0
    due_soon = []
    for _ in range(max(0, count - open_order_count(plant))):
        customer_id, priority = desk.random_customer(rng)
        created = now - timedelta(hours=rng.uniform(1, 28 * 24))
        lines = desk.random_lines(rng, desk.today() + timedelta(days=rng.randint(0, 70)))
        for line in lines:
            line.promised_date = line.requested_date
        order = desk.new_order(customer_id, lines, created, OrderStatus.CONFIRMED,
                               priority=priority, customer_po=f"PO-{rng.randint(10000, 99999)}")
        desk.orders[order.id] = order
        core.put("crm.orders", order)
        for line in lines:
            link = FulfilmentLink(order_id=order.id, line_no=line.line_no, work_order_id="",
                                  quantity=line.quantity, unit=line.unit)
            wo = production.build(line.product_id, with_allowance(line.quantity),
                                  due=line.promised_date, priority=priority, links=[link])
            t = now
            templates = plant.products[wo.product_id].routing.operations
            for op, tmpl in zip(wo.operations, templates, strict=True):
                machines = max(1, len(production.machines_by_wc[op.work_center_id]))
                work = timedelta(seconds=float(tmpl.setup_minutes) * 60
                                 + float(tmpl.run_seconds_per_unit) * float(wo.quantity))
                op.planned_start = max(t, free[op.work_center_id])
                op.planned_end = t = op.planned_start + work
                free[op.work_center_id] += work / machines
            production.work_orders[wo.id] = wo
            core.put("mes.work_orders", wo)
            if wo.operations[0].planned_start < now + RELEASE_AHEAD:
                due_soon.append(wo)
        placed += 1
    # What the plan starts within hours goes to the floor now; the rest waits, planned.
    for wo in due_soon:
        production.release(wo)
    return placed
