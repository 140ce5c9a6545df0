"""The reference contract: which feeds exist, where they are served, what record each carries.

The demo plant serves exactly these feeds and the generic REST connector reads them; the OpenAPI
document is generated from this table, so the three cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from app import domain as d


@dataclass(frozen=True, slots=True)
class FeedSpec:
    name: str  # "crm.orders"
    backend: str  # "crm" or "mes"
    path: str  # "/crm/v1/orders"
    record: type
    etag: bool = False  # rarely changing master data: answered with an ETag, 304 if unchanged
    summary: str = ""


FEEDS: tuple[FeedSpec, ...] = (
    FeedSpec("crm.customers", "crm", "/crm/v1/customers", d.Customer, summary="Customers"),
    FeedSpec("crm.contacts", "crm", "/crm/v1/contacts", d.Contact, summary="Customer contacts"),
    FeedSpec("crm.orders", "crm", "/crm/v1/orders", d.SalesOrder,
             summary="Sales orders with their lines and promised-date history"),
    FeedSpec("crm.opportunities", "crm", "/crm/v1/opportunities", d.Opportunity,
             summary="Open and closed opportunities"),
    FeedSpec("crm.complaints", "crm", "/crm/v1/complaints", d.Complaint,
             summary="Customer complaints"),
    FeedSpec("crm.shipments", "crm", "/crm/v1/shipments", d.Shipment,
             summary="Shipments with the lots shipped"),
    FeedSpec("crm.activities", "crm", "/crm/v1/activities", d.Activity,
             summary="Activities on orders (one order: /crm/v1/orders/{id}/activities)"),
    FeedSpec("mes.sites", "mes", "/mes/v1/sites", d.Site, etag=True, summary="Sites"),
    FeedSpec("mes.equipment", "mes", "/mes/v1/equipment", d.Equipment, etag=True,
             summary="ISA-95 equipment: areas, lines, work centers, machines"),
    FeedSpec("mes.calendars", "mes", "/mes/v1/calendars", d.Calendar,
             summary="Shift calendars, holidays and planned maintenance"),
    FeedSpec("mes.products", "mes", "/mes/v1/products", d.Product,
             summary="Products with units, routings and bills of materials"),
    FeedSpec("mes.work_orders", "mes", "/mes/v1/work-orders", d.WorkOrder,
             summary="Work orders with operations and links to order lines"),
    FeedSpec("mes.machine_status", "mes", "/mes/v1/machines/status", d.MachineStatus,
             summary="Live machine snapshot"),
    FeedSpec("mes.machine_events", "mes", "/mes/v1/machines/events", d.StateEvent,
             summary="Machine state changes"),
    FeedSpec("mes.production_counts", "mes", "/mes/v1/production-counts", d.ProductionCount,
             summary="Good and scrap counts per machine and interval"),
    FeedSpec("mes.downtime", "mes", "/mes/v1/downtime", d.Downtime, summary="Downtime records"),
    FeedSpec("mes.characteristics", "mes", "/mes/v1/quality/characteristics", d.Characteristic,
             summary="Quality characteristics with limits"),
    FeedSpec("mes.measurements", "mes", "/mes/v1/quality/measurements", d.Measurement,
             summary="Measurements of characteristics"),
    FeedSpec("mes.defects", "mes", "/mes/v1/quality/defects", d.DefectRecord,
             summary="Defects recorded"),
    FeedSpec("mes.lots", "mes", "/mes/v1/lots", d.Lot, summary="Raw, WIP and finished lots"),
    FeedSpec("mes.genealogy", "mes", "/mes/v1/genealogy", d.LotLink,
             summary="Lot links: parent consumed into child"),
    FeedSpec("mes.serials", "mes", "/mes/v1/serials", d.Serial, summary="Serials and their lots"),
    FeedSpec("mes.stock", "mes", "/mes/v1/stock", d.StockLevel,
             summary="Stock on hand, reserved and safety stock per item and location"),
    FeedSpec("mes.receipts", "mes", "/mes/v1/receipts", d.ExpectedReceipt,
             summary="Expected receipts: purchase order lines due from suppliers"),
)

FEEDS_BY_NAME: dict[str, FeedSpec] = {f.name: f for f in FEEDS}
FEEDS_BY_PATH: dict[str, FeedSpec] = {f.path: f for f in FEEDS}

# Paging limits every server of the contract honours.
DEFAULT_PAGE_SIZE = 500
MAX_PAGE_SIZE = 5000


# Bodies of the contract's writes. Writes carry an `Idempotency-Key` header; those that change an
# existing record also carry `If-Match: <version>`.


@dataclass(slots=True, kw_only=True)
class PromiseUpdate:
    """PATCH /crm/v1/orders/{id}/lines/{n} (If-Match required)."""

    promised_date: date
    reason: str = ""
    by: str = ""


@dataclass(slots=True, kw_only=True)
class OrderLineCreate:
    product_id: str
    quantity: Decimal
    requested_date: date  # what the customer asked for
    promised_date: date | None = None  # the date quoted
    options: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class OrderCreate:
    """POST /crm/v1/orders: a new order; only `draft` (a quotation) may be created this way.
    The answer (201) is the order as the CRM keeps it, with its id and number."""

    customer_id: str
    status: d.OrderStatus = d.OrderStatus.DRAFT
    priority: int = 3
    customer_po: str = ""
    lines: list[OrderLineCreate] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class ActivityCreate:
    """POST /crm/v1/orders/{id}/activities."""

    kind: d.ActivityKind
    subject: str
    body: str = ""


@dataclass(slots=True, kw_only=True)
class FindingCreate:
    """POST /crm/v1/complaints/{id}/findings (If-Match optional)."""

    text: str


@dataclass(slots=True, kw_only=True)
class ComplaintLotLink:
    """PATCH /crm/v1/complaints/{id} (If-Match required): the lot the complaint is about."""

    lot_id: str


@dataclass(slots=True, kw_only=True)
class PriorityUpdate:
    """POST /mes/v1/work-orders/{id}/priority (If-Match required); 1 is the most urgent."""

    priority: int


@dataclass(slots=True, kw_only=True)
class WorkOrderRelease:
    """POST /mes/v1/work-orders: the work order of a confirmed order line ("release to
    production"). The answer (201) is the new work order, linked to the line; a second release
    of a line that already has an open work order is refused (409)."""

    order_id: str
    line_no: int
    product_id: str
    quantity: Decimal
    unit: str
    due_date: date | None = None  # the line's promised date (else its requested date)
    priority: int = 3  # 1 is the most urgent
    # Production parameters from the line's options (app.automation.release): "routing_variant",
    # "bom:<component>" or "op<sequence>:<name>" -> value.
    parameters: dict[str, str] = field(default_factory=dict)
    sales_order_ref: str = ""  # the order's number
    customer_po: str = ""


STAGES = ("not_started", "machining", "assembly", "packed", "shipped")


@dataclass(slots=True, kw_only=True)
class ProgressUpdate:
    """PATCH /crm/v1/orders/{id}/lines/{n}/progress: how far production of the line has come,
    written back by the console (no If-Match: nobody else edits these fields)."""

    progress_percent: int  # 0..100
    stage: str  # one of STAGES
    predicted_completion: date | None = None
    at_risk: bool = False
    summary: str = ""  # the order's sentence for the customer, in the contact's language


@dataclass(slots=True, kw_only=True)
class MaintenanceCreate:
    """POST /mes/v1/calendars/{id}/maintenance (If-Match optional): planned maintenance of a
    machine of the calendar's work centers; the answer is the calendar with it."""

    machine_id: str
    start: datetime
    end: datetime
    reason: str = ""
