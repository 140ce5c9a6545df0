"""What the CRM owns: customers, contacts, opportunities, orders, shipments, complaints."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from app.domain.common import Record


@dataclass(slots=True, kw_only=True)
class Customer(Record):
    name: str
    number: str
    key_account: bool = False
    language: str = "en"
    country: str = ""


@dataclass(slots=True, kw_only=True)
class Contact(Record):
    customer_id: str
    name: str
    email: str = ""
    phone: str = ""
    language: str = "en"


class OpportunityStage(StrEnum):
    QUALIFY = "qualify"
    PROPOSE = "propose"
    NEGOTIATE = "negotiate"
    WON = "won"
    LOST = "lost"


@dataclass(slots=True, kw_only=True)
class Opportunity(Record):
    customer_id: str
    name: str
    product_id: str
    quantity: Decimal
    unit: str
    stage: OpportunityStage
    probability: Decimal  # 0..1
    expected_close: date


class OrderStatus(StrEnum):
    DRAFT = "draft"
    CONFIRMED = "confirmed"
    IN_PRODUCTION = "in_production"
    SHIPPED = "shipped"
    CLOSED = "closed"
    CANCELLED = "cancelled"


@dataclass(slots=True, kw_only=True)
class PromiseChange:
    """One change of a line's promised date, as the CRM records it."""

    changed_at: datetime
    old_date: date | None
    new_date: date
    by: str = ""
    reason: str = ""


@dataclass(slots=True, kw_only=True)
class OrderLine:
    line_no: int
    product_id: str
    quantity: Decimal
    unit: str
    requested_date: date
    promised_date: date | None = None
    # Configured products: colour, size and the like.
    options: dict[str, str] = field(default_factory=dict)
    promise_history: list[PromiseChange] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class SalesOrder(Record):
    number: str
    customer_id: str
    status: OrderStatus
    priority: int = 3  # 1 = most urgent
    customer_po: str = ""
    created_at: datetime
    lines: list[OrderLine] = field(default_factory=list)


class ActivityKind(StrEnum):
    NOTE = "note"
    CUSTOMER_NOTICE = "customer_notice"
    TASK = "task"
    CALL = "call"


@dataclass(slots=True, kw_only=True)
class Activity(Record):
    order_id: str
    kind: ActivityKind
    subject: str
    body: str = ""
    created_at: datetime


@dataclass(slots=True, kw_only=True)
class ShipmentLot:
    lot_id: str
    quantity: Decimal


@dataclass(slots=True, kw_only=True)
class Shipment(Record):
    order_id: str
    line_no: int
    customer_id: str
    quantity: Decimal
    unit: str
    shipped_at: datetime
    lots: list[ShipmentLot] = field(default_factory=list)


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class ComplaintStatus(StrEnum):
    OPEN = "open"
    INVESTIGATING = "investigating"
    CONTAINED = "contained"
    CLOSED = "closed"


@dataclass(slots=True, kw_only=True)
class Complaint(Record):
    number: str
    customer_id: str
    order_id: str | None = None
    product_id: str | None = None
    lot_id: str | None = None
    serial: str | None = None
    category: str
    severity: Severity
    status: ComplaintStatus
    description: str = ""
    opened_at: datetime
    findings: list[str] = field(default_factory=list)
