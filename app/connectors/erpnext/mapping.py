"""ERPNext documents → the console's records (pure functions, no I/O).

Frappe writes times as naive "YYYY-MM-DD HH:MM:SS.ffffff" in the site's time zone (System
Settings); `Times` turns them into aware UTC. A version is the epoch milliseconds of the
`modified` text read as if it were UTC: it only has to grow with every change, and reading the
wall-clock text directly keeps it growing across a daylight-saving change.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from app import domain as d

EPOCH_TOKEN = "1970-01-01 00:00:00.000000"
_TAGS = re.compile(r"<[^>]+>")
MARKER_RE = re.compile(r"\[gemba:(?P<key>[^\]]+)\]")
ACTIVITY_RE = re.compile(r"\[gemba:[^\]]+\] (?P<kind>[a-z_]+): (?P<subject>[^\n]*)\n?(?P<body>.*)",
                         re.S)
FINDING_RE = re.compile(r"\[gemba:[^\]]+\] finding: (?P<text>[^\n]*)")


def parse_time(value: Any) -> dt.datetime | None:
    """A Frappe datetime or date text as a naive datetime (None when empty)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    text = str(value).strip().replace("T", " ")
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError as exc:
        raise ValueError(f"not a Frappe time: {value!r}") from exc


def parse_date(value: Any) -> dt.date | None:
    moment = parse_time(value)
    return moment.date() if moment else None


def version_of(*modified: Any) -> int:
    """Epoch milliseconds of the latest `modified` text (read as UTC)."""
    times = [t for t in map(parse_time, modified) if t]
    if not times:
        return 1
    return int(max(times).replace(tzinfo=dt.UTC).timestamp() * 1000)


def later(a: str | None, b: Any) -> str | None:
    """The later of two Frappe timestamps, as text."""
    if not b:
        return a
    if a is None or parse_time(b) > parse_time(a):
        return str(b)
    return a


def decimal(value: Any) -> Decimal:
    if value in (None, ""):
        return Decimal(0)
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def plain(text: Any) -> str:
    """Text of a Text Editor field without its HTML."""
    value = str(text or "")
    value = re.sub(r"</p>\s*<p>|<br\s*/?>", "\n", value)
    return html.unescape(_TAGS.sub("", value)).strip()


class Times:
    """Site-local naive times → aware UTC."""

    def __init__(self, time_zone: str = "UTC") -> None:
        self.zone = ZoneInfo(time_zone or "UTC")

    def utc(self, value: Any, default: dt.datetime | None = None) -> dt.datetime | None:
        moment = parse_time(value)
        if moment is None:
            return default
        return moment.replace(tzinfo=self.zone).astimezone(dt.UTC)

    def must(self, value: Any) -> dt.datetime:
        return self.utc(value) or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


# --- status tables ---------------------------------------------------------------------------

ORDER_STATUS = {
    "Draft": d.OrderStatus.DRAFT, "On Hold": d.OrderStatus.CONFIRMED,
    "To Deliver and Bill": d.OrderStatus.CONFIRMED, "To Deliver": d.OrderStatus.CONFIRMED,
    "To Pay": d.OrderStatus.CONFIRMED,
    "To Bill": d.OrderStatus.SHIPPED, "Completed": d.OrderStatus.CLOSED,
    "Closed": d.OrderStatus.CLOSED, "Cancelled": d.OrderStatus.CANCELLED,
}
COMPLAINT_STATUS = {
    "Open": d.ComplaintStatus.OPEN, "Replied": d.ComplaintStatus.INVESTIGATING,
    "On Hold": d.ComplaintStatus.INVESTIGATING, "Paused": d.ComplaintStatus.INVESTIGATING,
    "Resolved": d.ComplaintStatus.CONTAINED, "Closed": d.ComplaintStatus.CLOSED,
}
SEVERITY = {"low": d.Severity.LOW, "medium": d.Severity.MEDIUM, "high": d.Severity.HIGH,
            "urgent": d.Severity.CRITICAL, "critical": d.Severity.CRITICAL}
JOB_CARD_STATUS = {
    "Open": d.OperationStatus.PENDING, "Material Transferred": d.OperationStatus.PENDING,
    "On Hold": d.OperationStatus.PENDING, "Work In Progress": d.OperationStatus.RUNNING,
    "Submitted": d.OperationStatus.DONE, "Completed": d.OperationStatus.DONE,
}
STOP_REASON_STATE = {
    "Excessive machine set up time": d.MachineState.SETUP,
    "Unplanned machine maintenance": d.MachineState.MAINTENANCE,
}


def order_status(doc: dict[str, Any]) -> d.OrderStatus:
    """From docstatus first (0 draft, 2 cancelled), then the submitted order's status."""
    docstatus = int(doc.get("docstatus") or 0)
    if docstatus == 0:
        return d.OrderStatus.DRAFT
    if docstatus == 2:
        return d.OrderStatus.CANCELLED
    return ORDER_STATUS.get(doc.get("status") or "", d.OrderStatus.CONFIRMED)


def opportunity_stage(doc: dict[str, Any]) -> d.OpportunityStage:
    status = doc.get("status") or ""
    if status in ("Lost", "Closed"):
        return d.OpportunityStage.LOST
    if status == "Converted":
        return d.OpportunityStage.WON
    stage = (doc.get("sales_stage") or "").lower()
    if "negotiation" in stage:
        return d.OpportunityStage.NEGOTIATE
    if status == "Quotation" or "proposal" in stage or "quote" in stage:
        return d.OpportunityStage.PROPOSE
    return d.OpportunityStage.QUALIFY


def work_order_status(doc: dict[str, Any]) -> d.WorkOrderStatus:
    """Progress from quantities, never from the status text: submitted and nothing made →
    released; something made or material transferred → running; all made → completed.
    Only a cancelled (docstatus 2), draft (0) or explicitly closed order says otherwise."""
    docstatus = int(doc.get("docstatus") or 0)
    if docstatus == 2:
        return d.WorkOrderStatus.CANCELLED
    if docstatus == 0:
        return d.WorkOrderStatus.PLANNED
    qty, produced = decimal(doc.get("qty")), decimal(doc.get("produced_qty"))
    if qty > 0 and produced >= qty or doc.get("status") == "Closed":
        return d.WorkOrderStatus.COMPLETED
    if produced > 0 or decimal(doc.get("material_transferred_for_manufacturing")) > 0:
        return d.WorkOrderStatus.RUNNING
    return d.WorkOrderStatus.RELEASED


# --- CRM ---------------------------------------------------------------------------------------


def customer(doc: dict[str, Any]) -> d.Customer:
    return d.Customer(
        id=doc["name"], version=version_of(doc["modified"]),
        name=doc.get("customer_name") or doc["name"], number=doc["name"],
        language=(doc.get("language") or "en").split("-")[0],
        key_account=False, country=doc.get("territory") or "")


def contact(doc: dict[str, Any]) -> d.Contact | None:
    """A contact linked to a customer (its first Customer link); None for other contacts."""
    links = [link for link in doc.get("links") or []
             if link.get("link_doctype") == "Customer" and link.get("link_name")]
    if not links:
        return None
    name = doc.get("full_name") or " ".join(
        p for p in (doc.get("first_name"), doc.get("last_name")) if p) or doc["name"]
    return d.Contact(
        id=doc["name"], version=version_of(doc["modified"]), customer_id=links[0]["link_name"],
        name=name, email=doc.get("email_id") or "",
        phone=doc.get("mobile_no") or doc.get("phone") or "")


def opportunity(doc: dict[str, Any]) -> d.Opportunity:
    items = doc.get("items") or []
    first = items[0] if items else {}
    from_customer = doc.get("opportunity_from") == "Customer"
    return d.Opportunity(
        id=doc["name"], version=version_of(doc["modified"]),
        customer_id=doc.get("party_name") or "" if from_customer else "",
        name=doc.get("title") or doc.get("customer_name") or doc["name"],
        product_id=first.get("item_code") or "", quantity=decimal(first.get("qty")),
        unit=first.get("uom") or "", stage=opportunity_stage(doc),
        probability=decimal(doc.get("probability")) / 100,
        expected_close=parse_date(doc.get("expected_closing"))
        or parse_date(doc.get("transaction_date")) or dt.date(1970, 1, 1))


def sales_order(doc: dict[str, Any], times: Times,
                promised_field: str = "delivery_date") -> d.SalesOrder:
    submitted = int(doc.get("docstatus") or 0) == 1
    order_date = parse_date(doc.get("delivery_date")) or parse_date(doc.get("transaction_date"))
    lines = []
    for item in sorted(doc.get("items") or [], key=lambda i: int(i.get("idx") or 0)):
        line_date = parse_date(item.get("delivery_date")) or order_date
        promised = parse_date(item.get(promised_field)) if submitted else None
        lines.append(d.OrderLine(
            line_no=int(item["idx"]), product_id=item.get("item_code") or "",
            quantity=decimal(item.get("qty")), unit=item.get("uom") or item.get("stock_uom") or "",
            requested_date=line_date or dt.date(1970, 1, 1), promised_date=promised))
    return d.SalesOrder(
        id=doc["name"], version=version_of(doc["modified"]), number=doc["name"],
        customer_id=doc.get("customer") or "", status=order_status(doc),
        customer_po=doc.get("po_no") or "", created_at=times.must(doc.get("creation")),
        lines=lines)


def activity(doc: dict[str, Any], times: Times) -> d.Activity:
    text = plain(doc.get("content"))
    match = ACTIVITY_RE.match(text)
    kind, subject, body = d.ActivityKind.NOTE, text.split("\n", 1)[0], ""
    if match:
        try:
            kind = d.ActivityKind(match["kind"])
        except ValueError:
            kind = d.ActivityKind.NOTE
        subject, body = match["subject"], match["body"].strip()
    elif "\n" in text:
        body = text.split("\n", 1)[1].strip()
    return d.Activity(id=doc["name"], version=version_of(doc["modified"]),
                      order_id=doc.get("reference_name") or "", kind=kind, subject=subject,
                      body=body, created_at=times.must(doc.get("creation")))


def complaint(doc: dict[str, Any], times: Times, findings: list[str]) -> d.Complaint:
    opened = doc.get("opening_date")
    if opened and doc.get("opening_time"):
        opened = f"{opened} {doc['opening_time']}"
    return d.Complaint(
        id=doc["name"], version=version_of(doc["modified"]), number=doc["name"],
        customer_id=doc.get("customer") or "", category=doc.get("issue_type") or "",
        severity=SEVERITY.get((doc.get("priority") or "").lower(), d.Severity.MEDIUM),
        status=COMPLAINT_STATUS.get(doc.get("status") or "", d.ComplaintStatus.OPEN),
        description="\n".join(p for p in (doc.get("subject"), plain(doc.get("description")))
                              if p),
        opened_at=times.must(opened or doc.get("creation")), findings=findings)


def shipments(doc: dict[str, Any], times: Times,
              line_of: dict[str, int]) -> list[d.Shipment]:
    """One shipment per Delivery Note item that delivers a Sales Order line."""
    shipped_at = times.must(f"{doc.get('posting_date')} {doc.get('posting_time') or '00:00:00'}"
                            if doc.get("posting_date") else doc.get("creation"))
    found = []
    for item in doc.get("items") or []:
        order = item.get("against_sales_order")
        if not order:
            continue
        lots = [d.ShipmentLot(lot_id=item["batch_no"], quantity=decimal(item.get("qty")))] \
            if item.get("batch_no") else []
        found.append(d.Shipment(
            id=f"{doc['name']}:{item['name']}", version=version_of(doc["modified"]),
            order_id=order, line_no=line_of.get(item.get("so_detail") or "", 0),
            customer_id=doc.get("customer") or "", quantity=decimal(item.get("qty")),
            unit=item.get("uom") or item.get("stock_uom") or "", shipped_at=shipped_at,
            lots=lots))
    return found


def shipment_ids(doc: dict[str, Any]) -> list[str]:
    return [f"{doc['name']}:{i['name']}" for i in doc.get("items") or []
            if i.get("against_sales_order") and i.get("name")]


# --- MES ---------------------------------------------------------------------------------------


def operation(card: dict[str, Any], sequence: int, times: Times) -> d.Operation:
    logs = card.get("time_logs") or []
    starts = [t for t in (times.utc(log.get("from_time")) for log in logs) if t]
    ends = [t for t in (times.utc(log.get("to_time")) for log in logs) if t]
    status = JOB_CARD_STATUS.get(card.get("status") or "", d.OperationStatus.PENDING)
    if int(card.get("docstatus") or 0) == 1:
        status = d.OperationStatus.DONE
    running = any(log.get("from_time") and not log.get("to_time") for log in logs)
    return d.Operation(
        sequence=sequence, work_center_id=card.get("workstation") or "",
        machine_id=card.get("workstation") or None, status=status,
        planned_start=times.utc(card.get("expected_start_date")),
        planned_end=times.utc(card.get("expected_end_date")),
        actual_start=min(starts) if starts else times.utc(card.get("actual_start_date")),
        actual_end=None if running else (max(ends) if ends else
                                         times.utc(card.get("actual_end_date"))),
        good=decimal(card.get("total_completed_qty")),
        scrap=decimal(card.get("process_loss_qty")))


def work_order(doc: dict[str, Any], cards: list[dict[str, Any]], times: Times) -> d.WorkOrder:
    live = [c for c in cards if int(c.get("docstatus") or 0) != 2]
    live.sort(key=lambda c: (int(c.get("sequence_id") or 0), c.get("name") or ""))
    return d.WorkOrder(
        id=doc["name"], version=version_of(doc["modified"], *(c["modified"] for c in cards)),
        number=doc["name"], product_id=doc.get("production_item") or "",
        quantity=decimal(doc.get("qty")), unit=doc.get("stock_uom") or "",
        good=decimal(doc.get("produced_qty")), scrap=decimal(doc.get("process_loss_qty")),
        status=work_order_status(doc),
        due_date=parse_date(doc.get("expected_delivery_date"))
        or parse_date(doc.get("planned_end_date")),
        operations=[operation(c, n, times) for n, c in enumerate(live, start=1)],
        sales_order_ref=doc.get("sales_order") or "")


def equipment(doc: dict[str, Any], site: str) -> d.Equipment:
    return d.Equipment(id=doc["name"], version=version_of(doc["modified"]),
                       site_id=doc.get("plant_floor") or site, level=d.EquipmentLevel.MACHINE,
                       name=doc.get("workstation_name") or doc["name"], parent_id=None)


def downtime(doc: dict[str, Any], times: Times) -> d.Downtime:
    reason = doc.get("stop_reason") or ""
    if doc.get("remarks"):
        reason = f"{reason}: {plain(doc['remarks'])}" if reason else plain(doc["remarks"])
    return d.Downtime(id=doc["name"], version=version_of(doc["modified"]),
                      machine_id=doc.get("workstation") or "",
                      start=times.must(doc.get("from_time")), end=times.utc(doc.get("to_time")),
                      reason=reason, planned=False)


def machine_event(doc: dict[str, Any], times: Times) -> d.StateEvent:
    return d.StateEvent(
        id=doc["name"], version=version_of(doc["modified"]),
        machine_id=doc.get("workstation") or "",
        state=STOP_REASON_STATE.get(doc.get("stop_reason") or "", d.MachineState.DOWN),
        start=times.must(doc.get("from_time")), end=times.utc(doc.get("to_time")),
        reason=doc.get("stop_reason") or "")


def _reading_values(row: dict[str, Any]) -> list[Any]:
    values = [row.get(f"reading_{n}") for n in range(1, 11)]
    values = [v for v in values if v not in (None, "")]
    if not values and row.get("reading_value") not in (None, ""):
        values = [row["reading_value"]]
    return values


def characteristic_id(item_code: str, specification: str) -> str:
    return f"{item_code}:{specification}"


def quality(doc: dict[str, Any], times: Times
            ) -> tuple[list[d.Characteristic], list[d.Measurement]]:
    """Numeric readings of a Quality Inspection: a characteristic per item and parameter (its
    min/max as limits) and a measurement per filled reading_1..reading_10 (or reading_value)."""
    item_code = doc.get("item_code") or ""
    version = version_of(doc["modified"])
    measured_at = times.must(doc.get("creation"))
    characteristics, measurements = [], []
    for row in doc.get("readings") or []:
        spec = row.get("specification") or ""
        if not spec or (row.get("numeric") in (0, "0") and not _reading_values(row)):
            continue
        values = []
        for n, raw in enumerate(_reading_values(row), start=1):
            try:
                values.append((n, decimal(raw)))
            except ValueError:
                continue  # a non-numeric reading ("Ok", "Blue") is no measurement
        if not values and row.get("numeric") in (0, "0"):
            continue
        low, high = row.get("min_value"), row.get("max_value")
        lsl = decimal(low) if low not in (None, "") else None
        usl = decimal(high) if high not in (None, "") else None
        if lsl == 0 and usl == 0:
            lsl = usl = None  # Frappe stores unset Float limits as 0
        cid = characteristic_id(item_code, spec)
        characteristics.append(d.Characteristic(
            id=cid, version=version, product_id=item_code, operation_sequence=0, name=spec,
            unit="", lsl=lsl, usl=usl,
            target=(lsl + usl) / 2 if lsl is not None and usl is not None else None,
            subgroup_size=max(len(values), 1)))
        for n, value in values:
            measurements.append(d.Measurement(
                id=f"{doc['name']}:{row.get('idx') or row.get('name')}:{n}", version=version,
                characteristic_id=cid, value=value, measured_at=measured_at,
                lot_id=doc.get("batch_no") or None,
                work_order_id=doc.get("work_order") or None,
                subgroup=None))
    return characteristics, measurements


def lot(doc: dict[str, Any], times: Times) -> d.Lot:
    reference = doc.get("reference_doctype") or ""
    kind = d.LotKind.FINISHED if reference == "Stock Entry" else d.LotKind.RAW
    return d.Lot(
        id=doc["name"], version=version_of(doc["modified"]), number=doc.get("batch_id")
        or doc["name"], product_id=doc.get("item") or "", kind=kind,
        quantity=decimal(doc.get("batch_qty")), unit=doc.get("stock_uom") or "",
        created_at=times.must(doc.get("manufacturing_date") or doc.get("creation")),
        supplier=doc.get("supplier") or None)


def serial(doc: dict[str, Any], times: Times) -> d.Serial:
    return d.Serial(id=doc.get("serial_no") or doc["name"], version=version_of(doc["modified"]),
                    lot_id=doc.get("batch_no") or "", product_id=doc.get("item_code") or "",
                    created_at=times.must(doc.get("creation")))


def genealogy(doc: dict[str, Any], times: Times) -> list[d.LotLink]:
    """A Manufacture Stock Entry: every consumed batch (row with a source warehouse) → every
    produced batch (row with a target warehouse), the consumed quantity shared in proportion to
    the produced quantities."""
    rows = doc.get("items") or []
    consumed = [r for r in rows if r.get("s_warehouse") and r.get("batch_no")]
    produced = [r for r in rows if r.get("t_warehouse") and not r.get("s_warehouse")
                and r.get("batch_no")]
    total = sum((decimal(r.get("transfer_qty") or r.get("qty")) for r in produced), Decimal(0))
    linked_at = times.must(f"{doc.get('posting_date')} {doc.get('posting_time') or '00:00:00'}"
                           if doc.get("posting_date") else doc.get("creation"))
    links = []
    for c in consumed:
        used = decimal(c.get("transfer_qty") or c.get("qty"))
        for p in produced:
            share = used * decimal(p.get("transfer_qty") or p.get("qty")) / total if total \
                else used
            links.append(d.LotLink(
                id=f"{doc['name']}:{c['name']}:{p['name']}", version=version_of(doc["modified"]),
                parent_lot_id=c["batch_no"], child_lot_id=p["batch_no"], quantity=share,
                unit=c.get("stock_uom") or c.get("uom") or "", linked_at=linked_at))
    return links


def findings_of(comments: list[dict[str, Any]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for c in sorted(comments, key=lambda c: str(c.get("creation") or "")):
        match = FINDING_RE.search(plain(c.get("content")))
        if match:
            found.setdefault(c.get("reference_name") or "", []).append(match["text"])
    return found


# --- materials ---------------------------------------------------------------------------------

# A Purchase Order in one of these states expects nothing more (Delivered: drop-shipped to the
# customer, never received at the plant).
PO_DONE = ("Closed", "Completed", "Cancelled", "Delivered")


def stock_id(item_code: str, warehouse: str) -> str:
    return f"{item_code}@{warehouse}"


def stock_level(row: dict[str, Any], times: Times,
                safety: dict[tuple[str, str], Decimal]) -> d.StockLevel:
    """A Bin: on hand = actual_qty, reserved = reserved_qty (sales orders), safety stock from
    `safety` ((item, warehouse) → level; 0 when unknown), all in the item's stock_uom."""
    item, warehouse = row.get("item_code") or "", row.get("warehouse") or ""
    if not item or not warehouse:
        raise ValueError("Bin without item_code or warehouse")
    return d.StockLevel(
        id=stock_id(item, warehouse), version=version_of(row["modified"]), item_id=item,
        location=warehouse, on_hand=decimal(row.get("actual_qty")),
        reserved=decimal(row.get("reserved_qty")),
        safety_stock=safety.get((item, warehouse), Decimal(0)),
        unit=row.get("stock_uom") or "", counted_at=times.must(row["modified"]))


def stock_ids(doc: dict[str, Any]) -> list[str]:
    """The StockLevel a (deleted) Bin stood for."""
    if doc.get("item_code") and doc.get("warehouse"):
        return [stock_id(doc["item_code"], doc["warehouse"])]
    return []


def receipt_id(po: str, item: dict[str, Any]) -> str:
    return f"{po}/{int(item['idx'])}"


def outstanding(item: dict[str, Any]) -> Decimal:
    """What is still to come of a Purchase Order Item, in the stock unit: qty and received_qty
    are in the line's uom, conversion_factor turns them into stock_uom."""
    factor = decimal(item.get("conversion_factor")) or Decimal(1)
    return (decimal(item.get("qty")) - decimal(item.get("received_qty"))) * factor


def po_is_open(doc: dict[str, Any]) -> bool:
    return int(doc.get("docstatus") or 0) == 1 and (doc.get("status") or "") not in PO_DONE


def receipts(doc: dict[str, Any], times: Times) -> list[d.ExpectedReceipt]:
    """An expected receipt per line of a submitted, open Purchase Order with something left to
    receive; id "<purchase order>/<idx>"."""
    if not po_is_open(doc):
        return []
    version = version_of(doc["modified"])
    found = []
    for item in sorted(doc.get("items") or [], key=lambda i: int(i.get("idx") or 0)):
        left = outstanding(item)
        if left <= 0:
            continue
        due = item.get("schedule_date") or item.get("expected_delivery_date") \
            or doc.get("schedule_date") or doc.get("transaction_date")
        found.append(d.ExpectedReceipt(
            id=receipt_id(doc["name"], item), version=version, purchase_order=doc["name"],
            supplier=doc.get("supplier") or "", item_id=item.get("item_code") or "",
            quantity=left, unit=item.get("stock_uom") or item.get("uom") or "",
            expected_at=times.must(due), status=d.ReceiptStatus.OPEN))
    return found


def receipt_ids_done(doc: dict[str, Any]) -> list[str]:
    """Lines of a Purchase Order that expect nothing (more): every line of a closed, completed,
    cancelled or draft order, fully received lines of an open one."""
    is_open = po_is_open(doc)
    return [receipt_id(doc["name"], i) for i in doc.get("items") or []
            if i.get("idx") and (not is_open or outstanding(i) <= 0)]


def receipt_ids(doc: dict[str, Any]) -> list[str]:
    return [receipt_id(doc["name"], i) for i in doc.get("items") or [] if i.get("idx")]
