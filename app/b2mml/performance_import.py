"""Import a B2MML V0600 ProductionPerformance: actual times and quantities of work orders the
cache holds.

Mapping (docs/b2mml.md has the full table):
- ProductionResponse/ProductionRequestID → the work order (it must be held: a performance
  creates none); ResponseState → status (else derived from the operations).
- SegmentResponse/ID ends with the operation's sequence; a SegmentResponse without ID speaks
  for the whole work order (how work orders without operations are exported).
  ActualStartTime/ActualEndTime → the operation's actual start/end; SegmentState → its status
  (else done once it has an end, running once it has a start).
- MaterialProducedActual/Quantity → good quantity; its MaterialProducedActualProperty with ID
  "Scrap" → scrap quantity (its Description is the reason, shown in the plan's notes).
  Quantities are totals to date, not increments, so importing a file twice changes nothing.
- The work order's good is its last operation's good, its scrap the sum over its operations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from lxml import etree

from app.b2mml.errors import B2mmlError
from app.b2mml.plan import FEED, ImportPlan
from app.b2mml.xmlsupport import (
    Document,
    Source,
    child,
    child_text,
    children,
    datetime_of,
    decimal_of,
    load,
    sequence_of,
    text,
)
from app.cache.store import CacheStore
from app.domain import Operation, OperationStatus, WorkOrder, WorkOrderStatus

_S = TypeVar("_S")
ROOT = "ProductionPerformance"
SCRAP_PROPERTY = "Scrap"
_ORDER_STATES = {
    "Ready": WorkOrderStatus.RELEASED, "Running": WorkOrderStatus.RUNNING,
    "Holding": WorkOrderStatus.RUNNING, "Paused": WorkOrderStatus.RUNNING,
    "Completed": WorkOrderStatus.COMPLETED, "Aborted": WorkOrderStatus.CANCELLED,
}
_SEGMENT_STATES = {
    "Ready": OperationStatus.PENDING, "Running": OperationStatus.RUNNING,
    "Holding": OperationStatus.RUNNING, "Paused": OperationStatus.RUNNING,
    "Completed": OperationStatus.DONE, "Aborted": OperationStatus.DONE,
}


@dataclass(slots=True)
class SegmentActual:
    """One SegmentResponse; `sequence` None means the whole work order."""

    line: int | None
    sequence: int | None
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    good: Decimal | None = None
    scrap: Decimal | None = None
    unit: str | None = None
    material: str | None = None
    scrap_reasons: list[str] = field(default_factory=list)
    state: OperationStatus | None = None


@dataclass(slots=True)
class ResponseActual:
    """One ProductionResponse: what happened to one work order."""

    line: int | None
    work_order_id: str
    product_id: str | None = None
    state: WorkOrderStatus | None = None
    segments: list[SegmentActual] = field(default_factory=list)


def read_performance(source: Source, *, schema_dir: Path | None = None,
                     naive_tz: tzinfo = UTC, name: str | None = None
                     ) -> tuple[str, list[ResponseActual]]:
    """The actuals a ProductionPerformance file reports, and the file's name for messages."""
    document = load(source, ROOT, schema_dir=schema_dir, name=name)
    return document.name, [_response(document, r, naive_tz)
                           for r in children(document.root, "ProductionResponse")]


def plan_performance(file: str, responses: list[ResponseActual],
                     held: Mapping[str, WorkOrder]) -> ImportPlan:
    """The work orders updated with these actuals, each one version higher. Any response that
    does not fit a held work order is an error and nothing is planned."""
    plan = ImportPlan(file)
    updated: dict[str, WorkOrder] = {}
    for response in responses:
        old = updated.get(response.work_order_id) or held.get(response.work_order_id)
        if old is None:
            raise B2mmlError(file, response.line, f"work order {response.work_order_id!r} is "
                             "not in the cache: import its ProductionSchedule first")
        new = _apply(file, response, old, plan.notes)
        if new != old:
            updated[new.id] = new
    for order_id, order in updated.items():
        before = held[order_id]
        order.version = before.version + 1
        plan.work_orders.append(order)
        plan.updated.append(order_id)
        plan.notes.append(f"update {order_id}: good {order.good}, scrap {order.scrap} "
                          f"{order.unit}, {order.status} (version {order.version})")
    return plan


def plan_performance_import(store: CacheStore, source: str, path: Source, *,
                            schema_dir: Path | None = None, naive_tz: tzinfo = UTC
                            ) -> ImportPlan:
    """Read a ProductionPerformance and plan the updates of `source`'s work orders; nothing is
    written until the plan's `apply`."""
    file, responses = read_performance(path, schema_dir=schema_dir, naive_tz=naive_tz)
    held = {o.id: o for o in store.get_many(source, FEED, [r.work_order_id for r in responses])}
    return plan_performance(file, responses, held)


def _apply(file: str, response: ResponseActual, old: WorkOrder, notes: list[str]) -> WorkOrder:
    if response.product_id is not None and response.product_id != old.product_id:
        raise B2mmlError(file, response.line, f"work order {old.id} makes {old.product_id}, "
                         f"not product {response.product_id!r}")
    operations = {op.sequence: replace(op) for op in old.operations}
    whole: SegmentActual | None = None
    for segment in response.segments:
        if segment.material is not None and segment.material != old.product_id:
            raise B2mmlError(file, segment.line, f"work order {old.id} makes "
                             f"{old.product_id}, not product {segment.material!r}")
        if segment.unit is not None and segment.unit != old.unit:
            raise B2mmlError(file, segment.line, f"quantity in {segment.unit!r} but work "
                             f"order {old.id} counts in {old.unit!r}")
        for reason in segment.scrap_reasons:
            where = f"operation {segment.sequence}" if segment.sequence is not None else "order"
            notes.append(f"{old.id} {where}: scrap reason {reason}")
        if segment.sequence is None:
            whole = segment
            continue
        op = operations.get(segment.sequence)
        if op is None:
            raise B2mmlError(file, segment.line, f"work order {old.id} has no operation "
                             f"{segment.sequence}")
        op.actual_start = segment.actual_start or op.actual_start
        op.actual_end = segment.actual_end or op.actual_end
        op.good = segment.good if segment.good is not None else op.good
        op.scrap = segment.scrap if segment.scrap is not None else op.scrap
        if segment.state is not None:
            op.status = segment.state
        elif op.actual_end is not None:
            op.status = OperationStatus.DONE
        elif op.actual_start is not None and op.status == OperationStatus.PENDING:
            op.status = OperationStatus.RUNNING
    ordered = [operations[s] for s in sorted(operations)]
    good, scrap = old.good, old.scrap
    if ordered:
        good, scrap = ordered[-1].good, sum((op.scrap for op in ordered), Decimal(0))
    if whole is not None:
        good = whole.good if whole.good is not None else good
        scrap = whole.scrap if whole.scrap is not None else scrap
    return replace(old, operations=ordered, good=good, scrap=scrap,
                   status=response.state or _derived_status(old.status, ordered,
                                                            whole))


def _derived_status(status: WorkOrderStatus, operations: list[Operation],
                    whole: SegmentActual | None) -> WorkOrderStatus:
    if status in (WorkOrderStatus.COMPLETED, WorkOrderStatus.CANCELLED):
        return status
    if whole is not None and whole.state is not None:
        return {OperationStatus.DONE: WorkOrderStatus.COMPLETED,
                OperationStatus.PENDING: status}.get(whole.state, WorkOrderStatus.RUNNING)
    if operations and all(op.status == OperationStatus.DONE for op in operations):
        return WorkOrderStatus.COMPLETED
    if any(op.status != OperationStatus.PENDING for op in operations):
        return WorkOrderStatus.RUNNING
    return status


def _response(document: Document, element: etree._Element, naive_tz: tzinfo
              ) -> ResponseActual:
    order_id = child_text(element, "ProductionRequestID")
    if order_id is None:
        raise document.error(element, "ProductionResponse has no ProductionRequestID (the "
                             "work order it reports on)")
    response = ResponseActual(element.sourceline, order_id,
                              product_id=child_text(element, "ProductProductionRuleID"),
                              state=_state(document, child(element, "ResponseState"),
                                           _ORDER_STATES))
    seen: set[int | None] = set()
    for segment in children(element, "SegmentResponse"):
        actual = _segment(document, segment, naive_tz)
        if actual.sequence in seen:
            raise document.error(segment, f"{order_id}: two SegmentResponses for "
                                 f"{_segment_name(actual.sequence)}")
        seen.add(actual.sequence)
        response.segments.append(actual)
    return response


def _segment_name(sequence: int | None) -> str:
    return "the whole order" if sequence is None else f"operation {sequence}"


def _state(document: Document, element: etree._Element | None, states: dict[str, _S]
           ) -> _S | None:
    value = text(element)
    if element is None or value is None or value == "Other":
        return None
    if value not in states:
        raise document.error(element, f"unknown state {value!r} (expected one of "
                             f"{', '.join(states)})")
    return states[value]


def _segment(document: Document, element: etree._Element, naive_tz: tzinfo) -> SegmentActual:
    segment_id = child_text(element, "ID")
    actual = SegmentActual(
        element.sourceline,
        None if segment_id is None else sequence_of(document, element, segment_id),
        actual_start=datetime_of(document, child(element, "ActualStartTime"), naive_tz),
        actual_end=datetime_of(document, child(element, "ActualEndTime"), naive_tz),
        state=_state(document, child(element, "SegmentState"), _SEGMENT_STATES))
    if actual.actual_start and actual.actual_end and actual.actual_end < actual.actual_start:
        raise document.error(element, f"{_segment_name(actual.sequence)} ends before it starts")
    for produced in children(element, "MaterialProducedActual"):
        actual.material = child_text(produced, "MaterialDefinitionID") or actual.material
        good = _quantities(document, actual, produced)
        if good is not None:
            actual.good = (actual.good or Decimal(0)) + good
        for prop in children(produced, "MaterialProducedActualProperty"):
            if (child_text(prop, "ID") or "").casefold() != SCRAP_PROPERTY.casefold():
                continue
            scrap = _quantities(document, actual, prop)
            if scrap is not None:
                actual.scrap = (actual.scrap or Decimal(0)) + scrap
            reason = child_text(prop, "Description")
            if reason:
                actual.scrap_reasons.append(reason)
    return actual


def _quantities(document: Document, actual: SegmentActual, element: etree._Element
                ) -> Decimal | None:
    """The sum of an element's Quantity children (None without any), noting their unit."""
    total = None
    for quantity in children(element, "Quantity"):
        value_element = child(quantity, "QuantityString")
        value = text(value_element)
        if value_element is None or value is None:
            continue
        amount = decimal_of(document, value_element, value)
        if amount < 0:
            raise document.error(value_element, f"quantity {value} is negative")
        unit = child_text(quantity, "UnitOfMeasure")
        if unit is not None and actual.unit is not None and unit != actual.unit:
            raise document.error(quantity, f"quantities in {actual.unit!r} and {unit!r} in "
                                 "one segment")
        actual.unit = unit or actual.unit
        total = (total or Decimal(0)) + amount
    return total
