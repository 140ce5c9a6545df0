"""The customer orders a machine (or a set of work orders) puts at risk, read from the cache
and judged by `app.analytics.impact`. Calls block: run them in a worker.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.analytics.impact import OPEN_ORDER, affected_orders, linked_order_ids, work_order_waits_on
from app.automation.alerts import AffectedOrder
from app.cache.store import CacheStore
from app.domain import Customer, Equipment, SalesOrder, WorkOrder


def machine_work_center(store: CacheStore, mes_source: str, machine_id: str) -> str | None:
    machine: Equipment | None = store.get(mes_source, "mes.equipment", machine_id)
    return machine.parent_id if machine is not None else None


def orders_affected_by_machine(store: CacheStore, mes_source: str, crm_source: str,
                               machine_id: str) -> list[AffectedOrder]:
    """Open orders of `crm_source` that wait on work still to do on the machine."""
    work_center_id = machine_work_center(store, mes_source, machine_id)
    waiting = [wo for wo in store.all(mes_source, "mes.work_orders")
               if work_order_waits_on(wo, machine_id, work_center_id)]
    return _affected(store, crm_source, waiting)


def orders_for_work_orders(store: CacheStore, mes_source: str, crm_source: str,
                           work_order_ids: Iterable[str]) -> list[AffectedOrder]:
    """Open orders of `crm_source` served by these work orders (whatever their status)."""
    work_orders = store.get_many(mes_source, "mes.work_orders", list(work_order_ids))
    return _affected(store, crm_source, work_orders)


def _affected(store: CacheStore, crm_source: str,
              work_orders: list[WorkOrder]) -> list[AffectedOrder]:
    order_ids = linked_order_ids(work_orders)
    if not order_ids:
        return []
    orders: dict[str, SalesOrder] = {
        o.id: o for o in store.get_many(crm_source, "crm.orders", sorted(order_ids))
        if o.status in OPEN_ORDER}
    # Only the customers of open orders: the others are not reported.
    customers: dict[str, Customer] = {c.id: c for c in store.get_many(
        crm_source, "crm.customers", sorted({o.customer_id for o in orders.values()}))}
    return affected_orders(crm_source, work_orders, orders, customers)
