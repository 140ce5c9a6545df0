"""A plant small enough to schedule by hand: two work centers with one machine each, one shift a
day (06:00-14:00, Monday to Friday, Europe/Berlin, so daylight saving applies), and product P1
whose two operations take 36 s per unit each (100 units = 1 hour per operation), no setup."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.analytics.schedule import PlanSettings, PlantSnapshot
from app.domain import (
    Calendar,
    FulfilmentLink,
    Holiday,
    MachineState,
    MachineStatus,
    Operation,
    OperationStatus,
    OperationTemplate,
    OrderLine,
    OrderStatus,
    PlannedMaintenance,
    Product,
    Routing,
    SalesOrder,
    Shift,
    WorkOrder,
    WorkOrderStatus,
)

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 3, 2)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def product(pid: str = "P1", setup_minutes: int = 0) -> Product:
    return Product(id=pid, code=pid, name=pid, unit="pcs", routing=Routing(operations=[
        OperationTemplate(sequence=10, name="Turn", work_center_id="WC-A",
                          setup_minutes=Decimal(setup_minutes),
                          run_seconds_per_unit=Decimal(36)),
        OperationTemplate(sequence=20, name="Paint", work_center_id="WC-B",
                          setup_minutes=Decimal(setup_minutes),
                          run_seconds_per_unit=Decimal(36)),
    ]))


def calendar(holidays: tuple[date, ...] = (),
             maintenance: tuple[PlannedMaintenance, ...] = ()) -> Calendar:
    return Calendar(id="CAL", site_id="S", work_center_ids=["WC-A", "WC-B"],
                    shifts=[Shift(name="Day", weekdays=[0, 1, 2, 3, 4], start=time(6),
                                  end=time(14))],
                    holidays=[Holiday(day=d) for d in holidays], maintenance=list(maintenance))


def work_order(wid: str, quantity: int, *, priority: int = 3, due: date | None = None,
               links: tuple[tuple[str, int, int], ...] = (), status=WorkOrderStatus.RELEASED,
               operations: list[Operation] | None = None) -> WorkOrder:
    return WorkOrder(
        id=wid, number=f"MO-{wid}", product_id="P1", quantity=Decimal(quantity), unit="pcs",
        status=status, priority=priority, due_date=due,
        operations=operations if operations is not None else [
            Operation(sequence=10, work_center_id="WC-A"),
            Operation(sequence=20, work_center_id="WC-B")],
        links=[FulfilmentLink(order_id=o, line_no=n, work_order_id=wid, quantity=Decimal(q),
                              unit="pcs") for o, n, q in links])


def order(oid: str, number: str, quantity: int, *, promised: date | None,
          requested: date = MONDAY, status=OrderStatus.CONFIRMED, priority: int = 3
          ) -> SalesOrder:
    return SalesOrder(id=oid, number=number, customer_id="C-1", status=status,
                      priority=priority, created_at=local(MONDAY, 0),
                      lines=[OrderLine(line_no=1, product_id="P1", quantity=Decimal(quantity),
                                       unit="pcs", requested_date=requested,
                                       promised_date=promised)])


def down(machine_id: str, since: datetime) -> MachineStatus:
    return MachineStatus(id=machine_id, state=MachineState.DOWN, since=since, reason="jam")


def snapshot(now: datetime, *, work_orders=(), orders=(), calendars=None, statuses=(),
             products=None, promises=None, stock=(), receipts=(), **settings) -> PlantSnapshot:
    return PlantSnapshot(
        now=now, zone=BERLIN, machines={"MA": "WC-A", "MB": "WC-B"},
        calendars=calendars if calendars is not None else [calendar()],
        products=products or {"P1": product()}, work_orders=list(work_orders),
        orders=list(orders), statuses={s.id: s for s in statuses},
        pending_promises=dict(promises or {}), stock=list(stock), receipts=list(receipts),
        settings=PlanSettings(**settings))


__all__ = ["BERLIN", "MONDAY", "Operation", "OperationStatus", "OrderStatus",
           "PlannedMaintenance", "WorkOrderStatus", "calendar", "down", "local", "order",
           "product", "snapshot", "work_order"]


def fill_cache(store, snap: PlantSnapshot, customers=("C-1",)) -> None:
    """Write a hand-built snapshot into a cache as a CRM source "crm" and an MES source "mes",
    both marked synced, so the console reads it as it would a backend's."""
    from app.domain import Customer, Equipment, EquipmentLevel, Site

    store.upsert("mes", "mes.sites", [Site(id="S", name="Plant", time_zone=snap.zone.key)])
    centers = sorted(set(snap.machines.values()))
    names = {"WC-A": "Turning", "WC-B": "Paint"}
    equipment = [Equipment(id=c, site_id="S", level=EquipmentLevel.WORK_CENTER,
                           name=names.get(c, c), parent_id=None) for c in centers]
    equipment += [Equipment(id=m, site_id="S", level=EquipmentLevel.MACHINE, name=m,
                            parent_id=c) for m, c in sorted(snap.machines.items())]
    store.upsert("mes", "mes.equipment", equipment)
    store.upsert("mes", "mes.calendars", snap.calendars)
    store.upsert("mes", "mes.products", list(snap.products.values()))
    if snap.work_orders:
        store.upsert("mes", "mes.work_orders", snap.work_orders)
    if snap.statuses:
        store.upsert("mes", "mes.machine_status", list(snap.statuses.values()))
    store.upsert("crm", "crm.customers", [Customer(id=c, name=f"Customer {c}", number=c)
                                          for c in customers])
    if snap.orders:
        store.upsert("crm", "crm.orders", snap.orders)
    if snap.stock:
        store.upsert("mes", "mes.stock", snap.stock)
    if snap.receipts:
        store.upsert("mes", "mes.receipts", snap.receipts)
    for feed in ("mes.sites", "mes.equipment", "mes.calendars", "mes.products",
                 "mes.work_orders", "mes.machine_status", "mes.stock", "mes.receipts"):
        store.mark_synced("mes", feed, at=snap.now)
    for feed in ("crm.customers", "crm.orders"):
        store.mark_synced("crm", feed, at=snap.now)
