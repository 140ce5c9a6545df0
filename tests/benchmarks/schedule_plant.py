"""A synthetic plant for the scheduling benchmarks: 50 machines in 12 work centers on three
shift calendars (Asia/Taipei), 10 products with 3-5 operation routings, and N open work orders
(one in ten under way), each serving an order line. Seeded: the same N gives the same plant."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.analytics.schedule import PlanSettings, PlantSnapshot
from app.domain import (
    BomItem,
    Calendar,
    ExpectedReceipt,
    FulfilmentLink,
    Operation,
    OperationStatus,
    OperationTemplate,
    OrderLine,
    OrderStatus,
    Product,
    ReceiptStatus,
    Routing,
    SalesOrder,
    Shift,
    StockLevel,
    WorkOrder,
    WorkOrderStatus,
)

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Taipei")
CENTERS = [f"WC-{i:02d}" for i in range(12)]


def with_materials(snapshot: PlantSnapshot, items: int = 5000, seed: int = 5) -> PlantSnapshot:
    """The same plant with `items` purchased items in stock (each product's bill of materials
    takes 3-8 of them) and one open receipt per item within the next 30 days."""
    rng = random.Random(seed)
    ids = [f"RM-{i:05d}" for i in range(items)]
    for product in snapshot.products.values():
        product.bom = [BomItem(component_id=item, quantity_per_unit=Decimal(rng.randint(1, 4)),
                               unit="pcs") for item in rng.sample(ids, rng.randint(3, 8))]
    snapshot.stock = [StockLevel(id=f"{item}@MAIN", item_id=item, location="MAIN",
                                 on_hand=Decimal(rng.randint(0, 3000)), reserved=Decimal(0),
                                 safety_stock=Decimal(100), unit="pcs", counted_at=NOW)
                      for item in ids]
    snapshot.receipts = [ExpectedReceipt(
        id=f"PO-{i}", purchase_order=f"PO-{i}", supplier="Supplier", item_id=item,
        quantity=Decimal(rng.randint(500, 5000)), unit="pcs",
        expected_at=NOW + timedelta(hours=rng.randint(4, 30 * 24)), status=ReceiptStatus.OPEN)
        for i, item in enumerate(ids)]
    return snapshot


def plant(work_orders: int, machines: int = 50, seed: int = 4) -> PlantSnapshot:
    rng = random.Random(seed)
    machine_center = {f"M-{i:03d}": CENTERS[i % len(CENTERS)] for i in range(machines)}
    shifts = [
        [Shift(name="Day", weekdays=[0, 1, 2, 3, 4], start=time(8), end=time(17))],
        [Shift(name="Early", weekdays=[0, 1, 2, 3, 4], start=time(6), end=time(14)),
         Shift(name="Late", weekdays=[0, 1, 2, 3, 4], start=time(14), end=time(22))],
        [Shift(name="A", weekdays=[0, 1, 2, 3, 4, 5], start=time(6), end=time(18)),
         Shift(name="B", weekdays=[0, 1, 2, 3, 4], start=time(18), end=time(6))],
    ]
    calendars = [Calendar(id=f"CAL-{k}", site_id="S", work_center_ids=CENTERS[k::3],
                          shifts=shifts[k]) for k in range(3)]
    products = {}
    for p in range(10):
        centers = rng.sample(CENTERS, rng.randint(3, 5))
        products[f"P-{p}"] = Product(id=f"P-{p}", code=f"P-{p}", name=f"P-{p}", unit="pcs",
                                     routing=Routing(operations=[
            OperationTemplate(sequence=10 * (k + 1), name=c, work_center_id=c,
                              setup_minutes=Decimal(rng.randint(5, 40)),
                              run_seconds_per_unit=Decimal(rng.randint(5, 60)))
            for k, c in enumerate(centers)]))
    wos, orders = [], []
    today = NOW.astimezone(ZONE).date()
    for n in range(work_orders):
        pid = f"P-{rng.randrange(10)}"
        quantity = Decimal(rng.randint(20, 300))
        due = today + timedelta(days=rng.randint(3, 120))
        order_id = f"O-{n:06d}"
        orders.append(SalesOrder(
            id=order_id, number=f"SO-{n:06d}", customer_id="C", status=OrderStatus.CONFIRMED,
            priority=rng.choice((1, 2, 3, 3, 3)), created_at=NOW,
            lines=[OrderLine(line_no=1, product_id=pid, quantity=quantity, unit="pcs",
                             requested_date=due, promised_date=due)]))
        operations = [Operation(sequence=t.sequence, work_center_id=t.work_center_id)
                      for t in products[pid].routing.operations]
        status = WorkOrderStatus.RELEASED
        if n % 10 == 0:
            status = WorkOrderStatus.RUNNING
            operations[0].status = OperationStatus.RUNNING
            operations[0].machine_id = next(m for m, c in sorted(machine_center.items())
                                            if c == operations[0].work_center_id)
        wos.append(WorkOrder(
            id=f"WO-{n:06d}", number=f"MO-{n:06d}", product_id=pid, quantity=quantity,
            unit="pcs", status=status, priority=orders[-1].priority, due_date=due,
            operations=operations,
            links=[FulfilmentLink(order_id=order_id, line_no=1, work_order_id=f"WO-{n:06d}",
                                  quantity=quantity, unit="pcs")]))
    return PlantSnapshot(now=NOW, zone=ZONE, machines=machine_center, calendars=calendars,
                         products=products, work_orders=wos, orders=orders,
                         settings=PlanSettings())


def request_date() -> date:
    return NOW.astimezone(ZONE).date() + timedelta(days=30)
