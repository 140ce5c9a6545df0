"""What happened before the simulated history: two orders already made, shipped and complained
about. It guarantees a past (shipments, finished lots, serials, a complaint) however short the
history and whatever weekday it starts on; the same for every seed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from app.domain import (
    FulfilmentLink,
    OperationStatus,
    OrderLine,
    OrderStatus,
    Severity,
    Shipment,
    ShipmentLot,
    WorkOrderStatus,
)
from app.sim import layout

if TYPE_CHECKING:
    from app.sim.plant import Plant

# customer, product, quantity, days before the history began, colour, final order status
_PAST = (("C-001", "P-300", 40, 12, "", OrderStatus.CLOSED),
         ("C-003", "P-310", 30, 8, layout.COLOURS[1], OrderStatus.SHIPPED))


def seed_past(plant: Plant) -> None:
    core, orders, lots, production = plant.core, plant.orders, plant.lots, plant.production
    t0 = core.now
    first_shipment = None
    for customer_id, pid, q, days, colour, final in _PAST:
        placed = t0 - timedelta(days=days)
        local_day = placed.astimezone(plant.zone).date()
        quantity = Decimal(q)
        line = OrderLine(line_no=1, product_id=pid, quantity=quantity, unit="pcs",
                         requested_date=local_day + timedelta(days=7),
                         promised_date=local_day + timedelta(days=7),
                         options={"colour": colour} if colour else {})
        order = orders.place(customer_id, [line], priority=2, plan=False, created_at=placed,
                             customer_po=f"PO-{days:02d}{q:03d}")
        wo = production.create(pid, quantity, due=line.promised_date, links=[FulfilmentLink(
            order_id=order.id, line_no=1, work_order_id="", quantity=quantity, unit="pcs")])
        machine = plant.floor.by_id[layout.WORK_CENTERS[9][3][0]]  # first assembly cell
        lots.start_work_order(wo, machine)
        t = placed + timedelta(days=1)
        templates = plant.products[pid].routing.operations
        for op, tmpl in zip(wo.operations, templates, strict=True):
            op.machine_id = plant.production.machines_by_wc[op.work_center_id][0].id
            op.status = OperationStatus.DONE
            op.actual_start = op.planned_start = t
            t += timedelta(minutes=float(tmpl.setup_minutes)) + timedelta(
                seconds=float(tmpl.run_seconds_per_unit) * q)
            op.actual_end = op.planned_end = t
            op.good = quantity
        wo.good = quantity
        wo.status = WorkOrderStatus.COMPLETED
        lots.complete_work_order(wo)
        lot = lots.lots[wo.output_lot_id or ""]
        lot.created_at = wo.operations[0].actual_start or t
        core.put("mes.lots", lot)
        core.put("mes.work_orders", wo)
        taken = lots.take(lot.id, quantity)
        n = core.next_number("shipment")
        shipment = Shipment(id=f"SH-{n:05d}", order_id=order.id, line_no=1,
                            customer_id=customer_id, quantity=taken, unit="pcs",
                            shipped_at=t + timedelta(hours=20),
                            lots=[ShipmentLot(lot_id=lot.id, quantity=taken)])
        orders.shipments.append(shipment)
        core.put("crm.shipments", shipment)
        first_shipment = first_shipment or shipment
        order.status = final
        core.put("crm.orders", order)
    if first_shipment is not None:
        plant.complaints.raise_complaint(
            customer_id=first_shipment.customer_id, lot_id=first_shipment.lots[0].lot_id,
            order_id=first_shipment.order_id, category="noise", severity=Severity.MEDIUM)
