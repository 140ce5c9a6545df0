"""Import a B2MML V0600 ProductionSchedule: each ProductionRequest becomes a work order.

Mapping (docs/b2mml.md has the full table):
- ProductionRequest/ID → WorkOrder id and number; Priority → priority; RequestState →
  status (Released → released, otherwise planned); EndTime → due date (the date as written).
- SegmentRequirement → Operation; its ID ends with the operation's sequence ("10", "OP20").
  EquipmentRequirement/EquipmentClassID → work center (else the ProcessSegmentID),
  EquipmentID → machine. EarliestStartTime/LatestEndTime → planned start/end; a missing start
  follows the previous segment (or the request's StartTime), a missing end is start + Duration.
- MaterialProducedRequirement of the last segment that has one: MaterialDefinitionID →
  product (else ProductProductionRuleID), Quantity/QuantityString and UnitOfMeasure → quantity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from pathlib import Path

from lxml import etree

from app.b2mml.plan import FEED, ImportPlan
from app.b2mml.xmlsupport import (
    Document,
    Source,
    child,
    child_text,
    children,
    datetime_of,
    decimal_of,
    duration_of,
    load,
    sequence_of,
    text,
)
from app.cache.store import CacheStore
from app.domain import Operation, Product, WorkOrder, WorkOrderStatus

ROOT = "ProductionSchedule"
_STATES = {"Released": WorkOrderStatus.RELEASED, "Forecast": WorkOrderStatus.PLANNED}
# Progress the MES reports later; a re-imported schedule must not wipe it.
_PROGRESSED = {WorkOrderStatus.RUNNING, WorkOrderStatus.COMPLETED, WorkOrderStatus.CANCELLED}


@dataclass(frozen=True, slots=True)
class _Produced:
    material: str | None
    quantity: Decimal
    unit: str | None


def read_schedule(source: Source, *, products: Mapping[str, Product] | None = None,
                  schema_dir: Path | None = None, naive_tz: tzinfo = UTC,
                  name: str | None = None) -> tuple[str, list[WorkOrder]]:
    """The work orders a ProductionSchedule file asks for, as new records (version 1), and the
    file's name for messages. With `products`, a product not among them is an error."""
    document = load(source, ROOT, schema_dir=schema_dir, name=name)
    orders: list[WorkOrder] = []
    seen: set[str] = set()
    for request in children(document.root, "ProductionRequest"):
        order = _work_order(document, request, products, naive_tz)
        if order.id in seen:
            raise document.error(request, f"ProductionRequest {order.id} appears twice")
        seen.add(order.id)
        orders.append(order)
    return document.name, orders


def plan_schedule(file: str, orders: list[WorkOrder], held: Mapping[str, WorkOrder]
                  ) -> ImportPlan:
    """Merge scheduled work orders into the ones held: planning fields come from the file,
    progress (quantities made, actual times, running status, links) stays, version + 1."""
    plan = ImportPlan(file)
    for order in orders:
        old = held.get(order.id)
        if old is None:
            plan.work_orders.append(order)
            plan.created.append(order.id)
            plan.notes.append(f"create {order.id}: {order.quantity} {order.unit} of "
                              f"{order.product_id}, {len(order.operations)} operations")
            continue
        merged = _keep_progress(order, old)
        if replace(merged, version=old.version) == old:
            plan.notes.append(f"unchanged {order.id}")
            continue
        plan.work_orders.append(merged)
        plan.updated.append(order.id)
        plan.notes.append(f"update {order.id}: schedule re-planned (version {merged.version})")
    return plan


def plan_schedule_import(store: CacheStore, source: str, path: Source, *,
                         products: Mapping[str, Product] | None = None,
                         schema_dir: Path | None = None, naive_tz: tzinfo = UTC) -> ImportPlan:
    """Read a ProductionSchedule and plan its import into `source`'s work orders; nothing is
    written until the plan's `apply`."""
    file, orders = read_schedule(path, products=products, schema_dir=schema_dir,
                                 naive_tz=naive_tz)
    held = {o.id: o for o in store.get_many(source, FEED, [o.id for o in orders])}
    return plan_schedule(file, orders, held)


def _keep_progress(new: WorkOrder, old: WorkOrder) -> WorkOrder:
    done = {op.sequence: op for op in old.operations}
    operations = []
    for op in new.operations:
        before = done.get(op.sequence)
        if before is not None:
            op = replace(op, status=before.status, actual_start=before.actual_start,
                         actual_end=before.actual_end, good=before.good, scrap=before.scrap)
        operations.append(op)
    status = old.status if old.status in _PROGRESSED else new.status
    return replace(new, version=old.version + 1, good=old.good, scrap=old.scrap, status=status,
                   operations=operations, links=old.links, output_lot_id=old.output_lot_id,
                   sales_order_ref=old.sales_order_ref, sales_line_ref=old.sales_line_ref,
                   customer_po=old.customer_po)


def _work_order(document: Document, request: etree._Element,
                products: Mapping[str, Product] | None, naive_tz: tzinfo) -> WorkOrder:
    order_id = child_text(request, "ID")
    if order_id is None:
        raise document.error(request, "ProductionRequest has no ID (the work order's number)")
    start = datetime_of(document, child(request, "StartTime"), naive_tz)
    end = datetime_of(document, child(request, "EndTime"), naive_tz, keep_offset=True)
    operations, produced = _operations(document, request, order_id, start, naive_tz)
    product_id = (produced.material if produced else None) or child_text(
        request, "ProductProductionRuleID")
    if product_id is None:
        raise document.error(request, f"ProductionRequest {order_id} names no product "
                             "(MaterialProducedRequirement/MaterialDefinitionID or "
                             "ProductProductionRuleID)")
    product = None
    if products is not None:
        product = products.get(product_id)
        if product is None:
            raise document.error(request, f"ProductionRequest {order_id}: unknown product "
                                 f"{product_id!r}")
    if produced is None:
        raise document.error(request, f"ProductionRequest {order_id} has no "
                             "MaterialProducedRequirement with a Quantity (how many to make)")
    unit = produced.unit or (product.unit if product else None)
    if unit is None:
        raise document.error(request, f"ProductionRequest {order_id}: the quantity has no "
                             "UnitOfMeasure")
    state = child(request, "RequestState")
    return WorkOrder(
        id=order_id, number=order_id, product_id=product_id, quantity=produced.quantity,
        unit=unit, status=_STATES.get(text(state) or "", WorkOrderStatus.PLANNED),
        priority=_priority(document, child(request, "Priority")),
        due_date=end.date() if end else None, operations=operations)


def _priority(document: Document, element: etree._Element | None) -> int:
    value = text(element)
    if element is None or value is None:
        return 3
    number = decimal_of(document, element, value)
    if number != number.to_integral_value() or number < 1:
        raise document.error(element, f"Priority {value!r} is not a whole number from 1 "
                             "(most urgent)")
    return int(number)


def _operations(document: Document, request: etree._Element, order_id: str,
                start: datetime | None, naive_tz: tzinfo
                ) -> tuple[list[Operation], _Produced | None]:
    operations: dict[int, Operation] = {}
    produced = None
    previous_end = start
    for segment in children(request, "SegmentRequirement"):
        sequence = sequence_of(document, segment, child_text(segment, "ID"))
        if sequence in operations:
            raise document.error(segment, f"{order_id}: two segments have sequence {sequence}")
        work_center, machine = _equipment(segment)
        if work_center is None:
            raise document.error(segment, f"{order_id} segment {sequence} names no work center "
                                 "(EquipmentRequirement/EquipmentClassID or ProcessSegmentID)")
        planned_start = (datetime_of(document, child(segment, "EarliestStartTime"), naive_tz)
                         or previous_end)
        planned_end = datetime_of(document, child(segment, "LatestEndTime"), naive_tz)
        duration = duration_of(document, child(segment, "Duration"))
        if planned_end is None and planned_start is not None and duration is not None:
            planned_end = planned_start + duration
        if planned_start and planned_end and planned_end < planned_start:
            raise document.error(segment, f"{order_id} segment {sequence} ends before it starts")
        previous_end = planned_end or previous_end
        operations[sequence] = Operation(sequence=sequence, work_center_id=work_center,
                                         machine_id=machine, planned_start=planned_start,
                                         planned_end=planned_end)
        produced = _produced(document, segment) or produced
    return [operations[s] for s in sorted(operations)], produced


def _equipment(segment: etree._Element) -> tuple[str | None, str | None]:
    work_center = machine = None
    for requirement in children(segment, "EquipmentRequirement"):
        work_center = work_center or child_text(requirement, "EquipmentClassID")
        machine = machine or child_text(requirement, "EquipmentID")
    return work_center or child_text(segment, "ProcessSegmentID"), machine


def _produced(document: Document, segment: etree._Element) -> _Produced | None:
    for requirement in children(segment, "MaterialProducedRequirement"):
        for quantity in children(requirement, "Quantity"):
            value = child_text(quantity, "QuantityString")
            if value is None:
                continue
            amount = decimal_of(document, child(quantity, "QuantityString"), value)
            if amount <= 0:
                raise document.error(quantity, f"quantity to make must be positive, not {value}")
            return _Produced(child_text(requirement, "MaterialDefinitionID"), amount,
                             child_text(quantity, "UnitOfMeasure"))
    return None
