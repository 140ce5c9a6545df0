"""Which customer orders a machine (or a set of work orders) puts at risk.

machine → open work orders with an operation still to do on it (or on its work center, when
the operation is not tied to one machine yet) → their fulfilment links → order lines → orders
→ customers. Key accounts come first. The reads are `app.runtime.machine_impact`; this
module decides on the data they hand over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from app.automation.alerts import AffectedOrder
from app.domain import (
    Customer,
    OperationStatus,
    OrderStatus,
    SalesOrder,
    WorkOrder,
    WorkOrderStatus,
)

OPEN_WORK_ORDER = frozenset({WorkOrderStatus.PLANNED, WorkOrderStatus.RELEASED,
                             WorkOrderStatus.RUNNING})
# Orders already shipped, closed or cancelled cannot be hurt by a machine any more.
OPEN_ORDER = frozenset({OrderStatus.DRAFT, OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION})


def work_order_waits_on(work_order: WorkOrder, machine_id: str,
                        work_center_id: str | None) -> bool:
    """True when an operation not done yet is planned on the machine, or on its work center
    without a machine chosen (any machine of the centre may get it, this one included)."""
    if work_order.status not in OPEN_WORK_ORDER:
        return False
    for operation in work_order.operations:
        if operation.status == OperationStatus.DONE:
            continue
        if operation.machine_id == machine_id:
            return True
        if (operation.machine_id is None and work_center_id is not None
                and operation.work_center_id == work_center_id):
            return True
    return False


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

