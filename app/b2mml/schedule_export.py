"""Export releases to production as a B2MML V0600 ProductionSchedule, for an MES that takes its
orders as files (SAP ME/DM, Siemens Opcenter...): each release (the body of
POST /mes/v1/work-orders, app.automation.release.release_request) becomes one
ProductionRequest, in the shape app.b2mml.schedule_import reads back.

- ProductionRequest/ID: "<order number>-<line>"; Description: the order, line and customer PO;
  EndTime: the end of the due date (UTC); Priority; RequestState "Released".
- One SegmentRequirement per operation of the product's routing (ID = its sequence,
  ProcessSegmentID = its name, EquipmentRequirement/EquipmentClassID = its work center); one
  segment "10" (ProcessSegmentID "PRODUCTION") when the routing is not known.
- The production parameters from the line's options: "op<sequence>:<name>" a ProductionParameter
  of that segment, "routing_variant" one of the first segment, "bom:<component>" a
  MaterialConsumedRequirement of the first segment (its Quantity the setting when it is a
  number, else its Description).
- MaterialProducedRequirement of the last segment: the product, the quantity and its unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

from app.b2mml.performance_export import _add, _moment, _quantity
from app.b2mml.xmlsupport import NS, Document, q, validate
from app.domain import Product

# The one segment of a product whose routing is not known: the MES applies its own routing.
UNKNOWN_ROUTING = "PRODUCTION"


def request_id(release: Mapping[str, Any]) -> str:
    return f"{release.get('sales_order_ref') or release['order_id']}-{release['line_no']}"


def export_schedule(releases: Iterable[Mapping[str, Any]], *,
                    products: Mapping[str, Product] | None = None,
                    document_id: str | None = None, published: datetime | None = None,
                    schema_dir: Path | None = None) -> bytes:
    """The ProductionSchedule document (UTF-8 bytes). With `schema_dir`, it is validated
    against MESA's schema first and a B2mmlError says what does not fit."""
    published = published or datetime.now(UTC).replace(microsecond=0)
    root = etree.Element(q("ProductionSchedule"), nsmap={None: NS})
    _add(root, "ID", document_id or f"GEMBA-PS-{published.astimezone(UTC):%Y%m%dT%H%M%SZ}")
    _add(root, "PublishedDate", _moment(published))
    for release in releases:
        _request(root, release, (products or {}).get(str(release["product_id"])))
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    if schema_dir is not None:
        validate(Document("<export>", etree.fromstring(data)), "ProductionSchedule", schema_dir)
    return bytes(data)


def _request(root: etree._Element, release: Mapping[str, Any], product: Product | None) -> None:
    request = _add(root, "ProductionRequest")
    _add(request, "ID", request_id(release))
    words = f"{release.get('sales_order_ref') or release['order_id']} line {release['line_no']}"
    if release.get("customer_po"):
        words += f", PO {release['customer_po']}"
    _add(request, "Description", words)
    if release.get("due_date"):
        due = date.fromisoformat(str(release["due_date"]))
        _add(request, "EndTime", f"{due.isoformat()}T23:59:59Z")
    _add(request, "Priority", str(int(release.get("priority") or 3)))
    steps = ([(t.sequence, t.name, t.work_center_id) for t in product.routing.operations]
             if product is not None and product.routing.operations
             else [(10, UNKNOWN_ROUTING, "")])
    parameters: dict[str, str] = dict(release.get("parameters") or {})
    for n, (sequence, name, work_center) in enumerate(steps):
        first, last = n == 0, n == len(steps) - 1
        segment = _add(request, "SegmentRequirement")
        _add(segment, "ID", str(sequence))
        if name:
            _add(segment, "ProcessSegmentID", name)
        own = {k.partition(":")[2]: v for k, v in parameters.items()
               if k.startswith(f"op{sequence}:")}
        if first:
            if "routing_variant" in parameters:
                own = {"routing_variant": parameters["routing_variant"], **own}
            # Operation parameters of operations the routing does not have: on the first.
            known = {f"op{s}:" for s, _, _ in steps}
            own.update({k: v for k, v in parameters.items() if k.startswith("op")
                        and not any(k.startswith(p) for p in known)})
        for parameter, value in own.items():
            _parameter(segment, parameter, value)
        if work_center:
            equipment = _add(segment, "EquipmentRequirement")
            _add(equipment, "EquipmentClassID", work_center)
        if last:
            produced = _add(segment, "MaterialProducedRequirement")
            _add(produced, "MaterialDefinitionID", str(release["product_id"]))
            _quantity(produced, Decimal(str(release["quantity"])), str(release.get("unit", "")))
        if first:
            for key, setting in sorted(parameters.items()):
                if key.startswith("bom:"):
                    _consumed(segment, key.removeprefix("bom:"), setting)
    _add(request, "RequestState", "Released")


def _parameter(segment: etree._Element, name: str, value: str) -> None:
    holder = _add(segment, "ProductionParameter")
    parameter = _add(holder, "Parameter")
    _add(parameter, "ID", name)
    data = _add(parameter, "Value")
    _add(data, "ValueString", value)
    _add(data, "DataType", "string")


def _consumed(segment: etree._Element, component: str, setting: str) -> None:
    """A BOM item; a setting that is a number is its quantity per unit (in its own unit)."""
    consumed = _add(segment, "MaterialConsumedRequirement")
    _add(consumed, "MaterialDefinitionID", component)
    try:
        amount = Decimal(setting)
    except (InvalidOperation, ValueError):
        amount = None
    if amount is not None and amount.is_finite():
        _quantity(consumed, amount, "")
    else:
        _add(consumed, "Description", setting)


def write_schedule(path: Path, releases: Iterable[Mapping[str, Any]], **options: Any) -> int:
    """Write the export to `path` (whole or not at all); returns the requests written."""
    items = list(releases)
    data = export_schedule(items, **options)
    path = Path(path)
    part = path.with_name(f".{path.name}.part")
    part.write_bytes(data)
    part.replace(path)
    return len(items)


__all__ = ["export_schedule", "request_id", "write_schedule"]
