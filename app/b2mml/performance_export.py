"""Export the console's view of work orders as a B2MML V0600 ProductionPerformance.

One ProductionResponse per work order (ProductionRequestID = its id), one SegmentResponse per
operation (ID = the sequence) with actual times, work center and machine, good quantity and
scrap as the "Scrap" property: the shape performance_import reads back. A work order without
operations gets one SegmentResponse without ID that carries its totals.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from lxml import etree

from app.b2mml.errors import B2mmlError
from app.b2mml.performance_import import SCRAP_PROPERTY
from app.b2mml.xmlsupport import NS, Document, q, validate
from app.domain import Operation, OperationStatus, WorkOrder, WorkOrderStatus

# A planned work order has no response state yet: leaving it out keeps it planned on re-import.
_ORDER_STATES = {
    WorkOrderStatus.RELEASED: "Ready", WorkOrderStatus.RUNNING: "Running",
    WorkOrderStatus.COMPLETED: "Completed", WorkOrderStatus.CANCELLED: "Aborted",
}
_SEGMENT_STATES = {
    OperationStatus.PENDING: "Ready", OperationStatus.SETUP: "Running",
    OperationStatus.RUNNING: "Running", OperationStatus.DONE: "Completed",
}


def export_performance(work_orders: Iterable[WorkOrder], *, document_id: str | None = None,
                       published: datetime | None = None,
                       schema_dir: Path | None = None) -> bytes:
    """The ProductionPerformance document (UTF-8 bytes). With `schema_dir`, it is validated
    against the published schema first and a B2mmlError says what does not fit."""
    published = published or datetime.now(UTC).replace(microsecond=0)
    root = etree.Element(q("ProductionPerformance"), nsmap={None: NS})
    _add(root, "ID", document_id or f"GEMBA-PP-{published.astimezone(UTC):%Y%m%dT%H%M%SZ}")
    _add(root, "PublishedDate", _moment(published))
    for order in work_orders:
        _response(root, order)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    if schema_dir is not None:
        reread = etree.fromstring(data)
        validate(Document("<export>", reread), "ProductionPerformance", schema_dir)
    return bytes(data)


def write_performance(path: Path, work_orders: Iterable[WorkOrder], *,
                      document_id: str | None = None, published: datetime | None = None,
                      schema_dir: Path | None = None) -> int:
    """Write the export to `path` (whole or not at all); returns the work orders written."""
    orders = list(work_orders)
    data = export_performance(orders, document_id=document_id, published=published,
                              schema_dir=schema_dir)
    path = Path(path)
    part = path.with_name(f".{path.name}.part")
    try:
        part.write_bytes(data)
        part.replace(path)
    except OSError as error:
        part.unlink(missing_ok=True)
        raise B2mmlError(str(path), None, f"cannot write the file: {error.strerror}") from error
    return len(orders)


def _response(root: etree._Element, order: WorkOrder) -> None:
    response = _add(root, "ProductionResponse")
    _add(response, "ID", f"{order.id}-PR")
    _add(response, "ProductionRequestID", order.id)
    _add(response, "ProductProductionRuleID", order.product_id)
    starts = [op.actual_start for op in order.operations if op.actual_start]
    ends = [op.actual_end for op in order.operations if op.actual_end]
    if starts:
        _add(response, "StartTime", _moment(min(starts)))
    if ends and len(ends) == len(order.operations):  # the order ended when its last op did
        _add(response, "EndTime", _moment(max(ends)))
    if order.operations:
        for op in order.operations:
            _segment(response, order, op)
    else:
        segment = _add(response, "SegmentResponse")
        _produced(segment, order, order.good, order.scrap)
    state = _ORDER_STATES.get(order.status)
    if state:
        _add(response, "ResponseState", state)


def _segment(response: etree._Element, order: WorkOrder, op: Operation) -> None:
    segment = _add(response, "SegmentResponse")
    _add(segment, "ID", str(op.sequence))
    if op.actual_start:
        _add(segment, "ActualStartTime", _moment(op.actual_start))
    if op.actual_end:
        _add(segment, "ActualEndTime", _moment(op.actual_end))
    equipment = _add(segment, "EquipmentActual")
    _add(equipment, "EquipmentClassID", op.work_center_id)
    if op.machine_id:
        _add(equipment, "EquipmentID", op.machine_id)
    _produced(segment, order, op.good, op.scrap)
    _add(segment, "SegmentState", _SEGMENT_STATES[op.status])


def _produced(segment: etree._Element, order: WorkOrder, good: Decimal, scrap: Decimal) -> None:
    produced = _add(segment, "MaterialProducedActual")
    _add(produced, "MaterialDefinitionID", order.product_id)
    _quantity(produced, good, order.unit)
    prop = _add(produced, "MaterialProducedActualProperty")
    _add(prop, "ID", SCRAP_PROPERTY)
    _quantity(prop, scrap, order.unit)


def _quantity(parent: etree._Element, amount: Decimal, unit: str) -> None:
    quantity = _add(parent, "Quantity")
    _add(quantity, "QuantityString", _number(amount))
    _add(quantity, "DataType", "decimal")
    _add(quantity, "UnitOfMeasure", unit)


def _number(amount: Decimal) -> str:
    # Plain notation: "1E+2" is no xsd:decimal a receiving system would accept.
    text = format(amount, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _moment(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _add(parent: etree._Element, name: str, value: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, q(name))
    if value is not None:
        element.text = value
    return element
