"""The customer orders a machine (or a set of work orders) puts at risk, read from the cache
and judged by `app.analytics.impact`. Calls block: run them in a worker.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.analytics.impact import (
    OPEN_ORDER,
    affected_orders,
    importance,
    linked_order_ids,
    machines_by_center,
    work_orders_waiting_on,
)
from app.analytics.schedule.plan import Plan
from app.automation.alerts import AffectedOrder
from app.cache.store import CacheStore
from app.domain import Customer, SalesOrder, WorkOrder
from app.runtime.plan_inputs import PlanResult


def orders_affected_by_machine(store: CacheStore, mes_source: str, crm_source: str,
                               machine_id: str, plan: Plan | None = None) -> list[AffectedOrder]:
    """Open orders of `crm_source` that wait on work still to do on the machine; `plan` (of
    this MES source) says where operations without a machine will run."""
    centers = machines_by_center(store.all(mes_source, "mes.equipment"))
    waiting = work_orders_waiting_on(machine_id, store.all(mes_source, "mes.work_orders"),
                                     plan, centers)
    return _affected(store, crm_source, waiting)


def machine_impact(store: CacheStore, mes_source: str, machine_id: str,
                   plan: PlanResult | None) -> list[AffectedOrder]:
    """The orders of every CRM source the cache holds now (not a list read earlier, which may
    predate the CRM's first sync) that wait on the machine, by `importance`."""
    # The plan covers one MES source: another source's work orders go without it.
    own_plan = plan.plan if plan is not None and plan.mes_source == mes_source else None
    affected: list[AffectedOrder] = []
    for crm_source in store.sources_of("crm.orders"):
        affected += orders_affected_by_machine(store, mes_source, crm_source, machine_id,
                                               own_plan)
    return sorted(affected, key=importance)


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
