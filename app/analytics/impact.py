"""Which customer orders a machine (or a set of work orders) puts at risk.

The one definition of "the orders a down machine affects", shared by the machine-down alert,
the machine detail, the Orders view's risk reason and the Overview's orders at risk: open order
lines whose open work waits on the machine — a work order not finished with an operation still
to run on the machine, or on its work center with no machine chosen yet when the plan puts it
on this machine (without a plan for it, any machine of the centre may get it, so it waits on
each). Links lead on to order lines, orders and customers; key accounts come first. The reads
are `app.runtime.machine_impact`; this module decides on the data they hand over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from app.analytics.fulfilment import OPEN_WORK_ORDER, is_open_line
from app.analytics.schedule.plan import Plan
from app.automation.alerts import AffectedOrder
from app.domain import (
    Customer,
    Equipment,
    EquipmentLevel,
    OperationStatus,
    OrderStatus,
    SalesOrder,
    WorkOrder,
)

# Orders already shipped, closed or cancelled cannot be hurt by a machine any more.
OPEN_ORDER = frozenset({OrderStatus.DRAFT, OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION})


def machines_by_center(equipment: Iterable[Equipment]) -> dict[str, tuple[str, ...]]:
    """Work center id -> its machines' ids, sorted."""
    centers: dict[str, list[str]] = {}
    for item in equipment:
        if item.level == EquipmentLevel.MACHINE and item.parent_id is not None:
            centers.setdefault(item.parent_id, []).append(item.id)
    return {center: tuple(sorted(ids)) for center, ids in centers.items()}


def planned_machines(plan: Plan | None, work_order_id: str) -> dict[int, str]:
    """Operation sequence -> the machine the plan puts it on; {} without a plan for it."""
    job = plan.jobs.get(work_order_id) if plan is not None else None
    return {op.sequence: op.machine_id for op in job.operations} if job is not None else {}


def machines_waited_on(work_order: WorkOrder, planned: Mapping[int, str],
                       machines_of_center: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """The machines an open work order's operations still to run wait on, in operation order
    (none when it is not open): each operation's own machine, else the one the plan puts it
    on (`planned`, by sequence), else every machine of its work center."""
    if work_order.status not in OPEN_WORK_ORDER:
        return ()
    needed: dict[str, None] = {}
    for operation in work_order.operations:
        if operation.status == OperationStatus.DONE:
            continue
        machine = operation.machine_id or planned.get(operation.sequence)
        if machine:
            needed[machine] = None
        else:
            needed.update(dict.fromkeys(machines_of_center.get(operation.work_center_id, ())))
    return tuple(needed)


def work_orders_waiting_on(machine_id: str, work_orders: Iterable[WorkOrder],
                           plan: Plan | None,
                           machines_of_center: Mapping[str, Sequence[str]]) -> list[WorkOrder]:
    """The open work orders with an operation still to run on the machine (see the module
    docstring)."""
    return [wo for wo in work_orders
            if machine_id in machines_waited_on(wo, planned_machines(plan, wo.id),
                                                machines_of_center)]


def linked_order_ids(work_orders: Iterable[WorkOrder]) -> set[str]:
    """The orders the work orders' fulfilment links name."""
    return {link.order_id for wo in work_orders for link in wo.links}


@dataclass(slots=True)
class _Gathered:
    order: SalesOrder
    line_nos: set[int] = field(default_factory=set)
    work_order_ids: list[str] = field(default_factory=list)


def affected_orders(crm_source: str, work_orders: Iterable[WorkOrder],
                    orders: Mapping[str, SalesOrder],
                    customers: Mapping[str, Customer]) -> list[AffectedOrder]:
    """The open ones of `orders` (by id, of `crm_source`) the work orders serve, each with its
    customer (by id) and the work orders behind it; by `importance`."""
    gathered: dict[str, _Gathered] = {}
    for wo in work_orders:
        for link in wo.links:
            order = orders.get(link.order_id)
            if order is None or order.status not in OPEN_ORDER:  # another CRM's, or closed
                continue
            line = next((ln for ln in order.lines if ln.line_no == link.line_no), None)
            # Only demand still to meet, as the Orders view counts it (not an unpromised draft).
            if line is None or not is_open_line(order, line):
                continue
            entry = gathered.setdefault(order.id, _Gathered(order))
            entry.line_nos.add(link.line_no)
            if wo.id not in entry.work_order_ids:
                entry.work_order_ids.append(wo.id)
    affected = [_affected_order(crm_source, g, customers.get(g.order.customer_id))
                for g in gathered.values()]
    return sorted(affected, key=importance)


def _affected_order(crm_source: str, gathered: _Gathered,
                    customer: Customer | None) -> AffectedOrder:
    order = gathered.order
    promised = [line.promised_date for line in order.lines
                if line.line_no in gathered.line_nos and line.promised_date is not None]
    return AffectedOrder(
        order_source=crm_source, order_id=order.id, order_number=order.number,
        customer_id=order.customer_id,
        # An order whose customer is not cached yet still counts; its id stands in for a name.
        customer_name=customer.name if customer is not None else order.customer_id,
        key_account=customer.key_account if customer is not None else False,
        promised_date=min(promised) if promised else None,
        work_order_ids=tuple(sorted(gathered.work_order_ids)),
    )


def importance(order: AffectedOrder) -> tuple[bool, date, str]:
    """Key accounts first, then the most urgent promise, then by number."""
    return (not order.key_account, order.promised_date or date.max, order.order_number)

