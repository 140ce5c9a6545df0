"""Salesforce objects to the console's domain records (docs/backends/salesforce.md has the table).

Account -> Customer, Contact -> Contact, Opportunity (+ first OpportunityLineItem) ->
Opportunity, Order + OrderItem -> SalesOrder with OrderLines, Case (+ CaseComment) -> Complaint,
Task on an Order -> Activity. A record's `version` is its SystemModstamp (the latest of the
parent's and its children's) in epoch milliseconds, so it grows on every change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from app.domain import (
    Activity,
    ActivityKind,
    Complaint,
    ComplaintStatus,
    Contact,
    Customer,
    Opportunity,
    OpportunityStage,
    OrderLine,
    OrderStatus,
    SalesOrder,
    Severity,
)

MARKER = re.compile(r"\s*\[gemba:[^\]]+\]\s*$")  # ends a CaseComment the console wrote


class Unmappable(ValueError):
    """A record that cannot become a domain record; the reason is in words."""


@dataclass(frozen=True, slots=True)
class Fields:
    """Custom fields of the org, from the source's options."""

    promised_date: str = "Gemba_Promised_Date__c"  # OrderItem, Date
    promise_reason: str = ""  # OrderItem, Text: "reason (by)" of the last change; "" = none
    case_lot: str = "Gemba_Lot__c"  # Case, Text
    case_order: str = ""  # Case, lookup to Order; "" = none
    task_external_id: str = "Gemba_Action_Id__c"  # Task, Text, External ID, Unique
    # Production progress written back (docs/backends/salesforce.md): OrderItem fields, and
    # the order's sentence for the customer on the Order; "" leaves one out.
    progress: str = "Gemba_Progress__c"  # OrderItem, Percent
    stage: str = "Gemba_Stage__c"  # OrderItem, Text(20)
    predicted: str = "Gemba_Predicted_Completion__c"  # OrderItem, Date
    at_risk: str = "Gemba_At_Risk__c"  # OrderItem, Checkbox
    summary: str = "Gemba_Progress_Summary__c"  # Order, Text(255)
    # Quotes from Planning (docs/backends/salesforce.md): the Opportunity's field for the
    # idempotency key, and the stage a new quote's Opportunity starts in (orgs rename stages).
    quote_external_id: str = "Gemba_Quote_Id__c"  # Opportunity, Text, External ID, Unique
    quote_stage: str = "Proposal/Price Quote"


def parse_time(value: Any) -> datetime:
    """"2024-05-01T10:00:00.000+0000" (Salesforce's dateTime) as an aware UTC datetime."""
    if not isinstance(value, str) or not value:
        raise Unmappable(f"not a time: {value!r}")
    text = value.replace("Z", "+00:00")
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise Unmappable(f"not a time: {value!r}") from exc
    if moment.tzinfo is None:
        raise Unmappable(f"time without a time zone: {value!r}")
    return moment.astimezone(UTC)


def parse_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise Unmappable(f"not a date: {value!r}") from exc


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def version_of(*rows: dict[str, Any]) -> int:
    return max(epoch_ms(parse_time(r.get("SystemModstamp"))) for r in rows)


def _decimal(value: Any, default: str = "0") -> Decimal:
    try:
        return Decimal(str(value if value is not None else default))
    except InvalidOperation as exc:
        raise Unmappable(f"not a number: {value!r}") from exc


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _required(row: dict[str, Any], field: str) -> str:
    value = row.get(field)
    if not isinstance(value, str) or not value:
        raise Unmappable(f"{field} is empty")
    return value


def _nested(row: dict[str, Any], *path: str) -> Any:
    for step in path:
        if not isinstance(row, dict):
            return None
        row = row.get(step)
    return row


# -- SOQL select lists --------------------------------------------------------------------


def select(fields: Fields) -> dict[str, str]:
    """Per feed, the explicit select list (subqueries included)."""
    item_fields = ["Id", "OrderItemNumber", "Quantity", "ServiceDate", "SystemModstamp",
                   "Product2Id", "Product2.ProductCode", "Product2.QuantityUnitOfMeasure",
                   fields.promised_date]
    if fields.promise_reason:
        item_fields.append(fields.promise_reason)
    case_fields = ["Id", "CaseNumber", "AccountId", "Type", "Reason", "Priority", "Status",
                   "IsClosed", "Description", "CreatedDate", "SystemModstamp", fields.case_lot]
    if fields.case_order:
        case_fields.append(fields.case_order)
    return {
        "crm.customers": "Id, Name, AccountNumber, BillingCountry, SystemModstamp",
        "crm.contacts": "Id, AccountId, Name, Email, Phone, SystemModstamp",
        "crm.opportunities": (
            "Id, AccountId, Name, StageName, Probability, CloseDate, IsClosed, IsWon, "
            "TotalOpportunityQuantity, SystemModstamp, (SELECT ProductCode, Quantity, "
            "Product2.QuantityUnitOfMeasure FROM OpportunityLineItems ORDER BY SortOrder "
            "LIMIT 1)"),
        "crm.orders": (
            "Id, OrderNumber, AccountId, Status, StatusCode, PoNumber, EffectiveDate, "
            "CreatedDate, SystemModstamp, (SELECT " + ", ".join(item_fields)
            + " FROM OrderItems ORDER BY OrderItemNumber)"),
        "crm.complaints": (", ".join(case_fields) + ", (SELECT Id, CommentBody, CreatedDate, "
                           "SystemModstamp FROM CaseComments ORDER BY CreatedDate)"),
        "crm.activities": ("Id, WhatId, Subject, Description, Type, TaskSubtype, CreatedDate, "
                           "SystemModstamp, " + fields.task_external_id),
    }


# -- rows to records ----------------------------------------------------------------------


def customer(row: dict[str, Any], fields: Fields, children: dict) -> Customer:
    return Customer(id=_required(row, "Id"), version=version_of(row),
                    name=_text(row.get("Name")),
                    number=_text(row.get("AccountNumber")) or row["Id"],
                    country=_text(row.get("BillingCountry")))


def contact(row: dict[str, Any], fields: Fields, children: dict) -> Contact:
    return Contact(id=_required(row, "Id"), version=version_of(row),
                   customer_id=_required(row, "AccountId"), name=_text(row.get("Name")),
                   email=_text(row.get("Email")), phone=_text(row.get("Phone")))


_STAGES = {
    "prospecting": OpportunityStage.QUALIFY, "qualification": OpportunityStage.QUALIFY,
    "needs analysis": OpportunityStage.QUALIFY,
    "value proposition": OpportunityStage.PROPOSE, "id. decision makers": OpportunityStage.PROPOSE,
    "perception analysis": OpportunityStage.PROPOSE,
    "proposal/price quote": OpportunityStage.PROPOSE,
    "negotiation/review": OpportunityStage.NEGOTIATE,
}


def opportunity(row: dict[str, Any], fields: Fields, children: dict) -> Opportunity:
    probability = _decimal(row.get("Probability")) / 100
    if row.get("IsClosed"):
        stage = OpportunityStage.WON if row.get("IsWon") else OpportunityStage.LOST
    else:
        stage = _STAGES.get(_text(row.get("StageName")).lower()) or (
            OpportunityStage.QUALIFY if probability < Decimal("0.3") else
            OpportunityStage.PROPOSE if probability < Decimal("0.7") else
            OpportunityStage.NEGOTIATE)
    items = children.get("OpportunityLineItems", [])
    first = items[0] if items else {}
    quantity = row.get("TotalOpportunityQuantity")
    if quantity is None:
        quantity = first.get("Quantity")
    expected = parse_date(row.get("CloseDate"))
    if expected is None:
        raise Unmappable("CloseDate is empty")
    return Opportunity(
        id=_required(row, "Id"), version=version_of(row), customer_id=_required(row, "AccountId"),
        name=_text(row.get("Name")), product_id=_text(first.get("ProductCode")),
        quantity=_decimal(quantity), unit=_text(_nested(first, "Product2",
                                                        "QuantityUnitOfMeasure")) or "each",
        stage=stage, probability=probability, expected_close=expected)


_ORDER_STATUS = {
    "draft": OrderStatus.DRAFT, "activated": OrderStatus.CONFIRMED,
    "confirmed": OrderStatus.CONFIRMED, "in production": OrderStatus.IN_PRODUCTION,
    "shipped": OrderStatus.SHIPPED, "closed": OrderStatus.CLOSED,
    "cancelled": OrderStatus.CANCELLED, "canceled": OrderStatus.CANCELLED,
}


def order_line(item: dict[str, Any], fields: Fields, fallback: date | None) -> OrderLine:
    number = _text(item.get("OrderItemNumber"))
    if not number.isdigit():
        raise Unmappable(f"OrderItemNumber {number!r} is not a number")
    requested = parse_date(item.get("ServiceDate")) or fallback
    if requested is None:
        raise Unmappable(f"line {int(number)}: neither ServiceDate nor the order's "
                         "EffectiveDate is set")
    return OrderLine(
        line_no=int(number),
        product_id=_text(_nested(item, "Product2", "ProductCode")) or _text(item.get("Product2Id")),
        quantity=_decimal(item.get("Quantity")),
        unit=_text(_nested(item, "Product2", "QuantityUnitOfMeasure")) or "each",
        requested_date=requested, promised_date=parse_date(item.get(fields.promised_date)))


def sales_order(row: dict[str, Any], fields: Fields, children: dict) -> SalesOrder:
    items = children.get("OrderItems", [])
    status = _ORDER_STATUS.get(_text(row.get("Status")).lower()) or _ORDER_STATUS.get(
        _text(row.get("StatusCode")).lower(), OrderStatus.CONFIRMED)
    effective = parse_date(row.get("EffectiveDate"))
    return SalesOrder(
        id=_required(row, "Id"),
        version=max(version_of(row, *items), children.get("_floor", 0)),
        number=_text(row.get("OrderNumber")), customer_id=_required(row, "AccountId"),
        status=status, customer_po=_text(row.get("PoNumber")),
        created_at=parse_time(row.get("CreatedDate")),
        lines=[order_line(item, fields, effective) for item in items])


_SEVERITY = {"low": Severity.LOW, "medium": Severity.MEDIUM, "high": Severity.HIGH,
             "critical": Severity.CRITICAL, "urgent": Severity.CRITICAL}
_CASE_STATUS = {"new": ComplaintStatus.OPEN, "open": ComplaintStatus.OPEN,
                "working": ComplaintStatus.INVESTIGATING,
                "escalated": ComplaintStatus.INVESTIGATING,
                "on hold": ComplaintStatus.CONTAINED, "contained": ComplaintStatus.CONTAINED,
                "closed": ComplaintStatus.CLOSED}


def complaint(row: dict[str, Any], fields: Fields, children: dict) -> Complaint:
    comments = children.get("CaseComments", [])
    status = (ComplaintStatus.CLOSED if row.get("IsClosed") else
              _CASE_STATUS.get(_text(row.get("Status")).lower(), ComplaintStatus.INVESTIGATING))
    lot = _text(row.get(fields.case_lot)).strip() or None
    order = _text(row.get(fields.case_order)) or None if fields.case_order else None
    return Complaint(
        id=_required(row, "Id"),
        version=max(version_of(row, *comments), children.get("_floor", 0)),
        number=_text(row.get("CaseNumber")), customer_id=_required(row, "AccountId"),
        order_id=order, lot_id=lot,
        category=_text(row.get("Type")) or _text(row.get("Reason")) or "other",
        severity=_SEVERITY.get(_text(row.get("Priority")).lower(), Severity.MEDIUM),
        status=status, description=_text(row.get("Description")),
        opened_at=parse_time(row.get("CreatedDate")),
        findings=[MARKER.sub("", _text(c.get("CommentBody"))) for c in comments])


def activity(row: dict[str, Any], fields: Fields, children: dict) -> Activity:
    kinds = {_text(row.get("Type")).lower(), _text(row.get("TaskSubtype")).lower()}
    if "call" in kinds:
        kind = ActivityKind.CALL
    elif "email" in kinds:
        kind = ActivityKind.CUSTOMER_NOTICE
    elif row.get(fields.task_external_id):
        kind = ActivityKind.NOTE  # written by the console
    else:
        kind = ActivityKind.TASK
    return Activity(id=_required(row, "Id"), version=version_of(row),
                    order_id=_required(row, "WhatId"), kind=kind,
                    subject=_text(row.get("Subject")), body=_text(row.get("Description")),
                    created_at=parse_time(row.get("CreatedDate")))


# Task fields for each kind the console writes (the reverse of `activity`).
TASK_FOR_KIND = {
    "note": {"Type": "Other", "Status": "Completed"},
    "customer_notice": {"Type": "Email", "Status": "Completed"},
    "call": {"Type": "Call", "Status": "Completed"},
    "task": {"Status": "Not Started"},
}


@dataclass(frozen=True, slots=True)
class FeedMap:
    feed: str
    sobject: str
    to_record: Callable[[dict[str, Any], Fields, dict], Any]
    relationships: tuple[str, ...] = ()  # subqueries to collect
    where: str = ""  # always applied
    child: tuple[str, str] | None = None  # (child object, its parent field): changes re-read


FEED_MAPS: dict[str, FeedMap] = {m.feed: m for m in (
    FeedMap("crm.customers", "Account", customer),
    FeedMap("crm.contacts", "Contact", contact, where="AccountId != null"),
    FeedMap("crm.opportunities", "Opportunity", opportunity, ("OpportunityLineItems",),
            where="AccountId != null"),
    FeedMap("crm.orders", "Order", sales_order, ("OrderItems",), child=("OrderItem", "OrderId")),
    FeedMap("crm.complaints", "Case", complaint, ("CaseComments",),
            where="AccountId != null", child=("CaseComment", "ParentId")),
    FeedMap("crm.activities", "Task", activity, where="What.Type = 'Order'"),
)}
