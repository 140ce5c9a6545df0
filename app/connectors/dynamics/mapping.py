"""Dataverse rows -> domain records (docs/backends/dynamics365.md has the table).

Rows are untrusted: each mapper raises ValueError with the reason, and the connector turns that
into a Rejection for the one row while the rest of the page lands.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from app.domain import (
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

_ETAG = re.compile(r'^(?:W/)?"(\d+)"$')

# What each table is read with ($select), its primary key and logical name.
ACCOUNT_COLUMNS = ("accountid", "name", "accountnumber", "address1_country", "modifiedon",
                   "versionnumber")
CONTACT_COLUMNS = ("contactid", "fullname", "emailaddress1", "telephone1",
                   "_parentcustomerid_value", "modifiedon", "versionnumber")
OPPORTUNITY_COLUMNS = ("opportunityid", "name", "_parentaccountid_value", "_customerid_value",
                       "estimatedvalue", "closeprobability", "estimatedclosedate",
                       "actualclosedate", "statecode", "salesstage", "modifiedon",
                       "versionnumber")
OPPORTUNITY_PRODUCT_COLUMNS = ("opportunityproductid", "_opportunityid_value", "quantity",
                               "productdescription", "sequencenumber", "versionnumber")
ORDER_COLUMNS = ("salesorderid", "ordernumber", "name", "_customerid_value", "statecode",
                 "prioritycode", "requestdeliveryby", "createdon", "modifiedon", "versionnumber")
LINE_COLUMNS = ("salesorderdetailid", "_salesorderid_value", "lineitemnumber", "sequencenumber",
                "quantity", "requestdeliveryby", "productdescription", "modifiedon",
                "versionnumber")
INCIDENT_COLUMNS = ("incidentid", "ticketnumber", "title", "description", "_customerid_value",
                    "productserialnumber", "statecode", "statuscode", "prioritycode",
                    "casetypecode", "createdon", "modifiedon", "versionnumber")
# The product number and unit name of a line come through single-valued navigation properties.
PRODUCT_EXPAND = "productid($select=productnumber,name),uomid($select=name)"


def version_of(row: dict[str, Any]) -> int:
    """The row version: the number in @odata.etag W/"<n>" (versionnumber as a fallback)."""
    etag = row.get("@odata.etag")
    if isinstance(etag, str):
        found = _ETAG.match(etag.strip())
        if found:
            return int(found.group(1))
    number = row.get("versionnumber")
    if isinstance(number, int) and not isinstance(number, bool) and number >= 0:
        return number
    if isinstance(number, str) and number.isdigit():
        return int(number)
    raise ValueError("no row version (@odata.etag W/\"<n>\" or versionnumber)")


def text(row: dict[str, Any], column: str, *, required: bool = False) -> str:
    value = row.get(column)
    if value is None or value == "":
        if required:
            raise ValueError(f"{column} is empty")
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{column} is not text")
    return value


def decimal(row: dict[str, Any], column: str, default: Decimal | None = None) -> Decimal:
    value = row.get(column)
    if value is None:
        if default is None:
            raise ValueError(f"{column} is empty")
        return default
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{column} is not a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{column} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{column} is not a finite number")
    return number


def integer(row: dict[str, Any], column: str) -> int | None:
    value = row.get(column)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{column} is not a whole number")
    return value


def moment(row: dict[str, Any], column: str) -> datetime:
    """A Dataverse date and time: UTC with a zone ("2026-03-02T08:15:00Z")."""
    value = text(row, column, required=True)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{column} is not a date and time: {value[:40]!r}") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{column}: time without a time zone")
    return parsed.astimezone(UTC)


def day(row: dict[str, Any], column: str) -> date | None:
    """A Date Only column ("2026-03-14"); a date-and-time column gives its UTC date."""
    value = row.get(column)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"{column} is not a date")
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return moment(row, column).date()
    except ValueError:
        raise ValueError(f"{column} is not a date: {value[:40]!r}") from None


def _expanded(row: dict[str, Any], nav: str, column: str) -> str:
    related = row.get(nav)
    if isinstance(related, dict) and isinstance(related.get(column), str):
        return related[column]
    return ""


def customer(row: dict[str, Any]) -> Customer:
    return Customer(id=text(row, "accountid", required=True), version=version_of(row),
                    name=text(row, "name", required=True),
                    number=text(row, "accountnumber") or text(row, "accountid"),
                    country=text(row, "address1_country"))


def contact(row: dict[str, Any]) -> Contact:
    return Contact(id=text(row, "contactid", required=True), version=version_of(row),
                   customer_id=text(row, "_parentcustomerid_value", required=True),
                   name=text(row, "fullname", required=True),
                   email=text(row, "emailaddress1"), phone=text(row, "telephone1"))


# salesstage: 0 Qualify, 1 Develop, 2 Propose, 3 Close; statecode: 0 Open, 1 Won, 2 Lost.
_SALES_STAGE = {0: OpportunityStage.QUALIFY, 1: OpportunityStage.PROPOSE,
                2: OpportunityStage.PROPOSE, 3: OpportunityStage.NEGOTIATE}


def opportunity(row: dict[str, Any], products: list[dict[str, Any]]) -> Opportunity:
    """The opportunity with its first product line (product, quantity, unit)."""
    state = integer(row, "statecode")
    if state == 1:
        stage = OpportunityStage.WON
    elif state == 2:
        stage = OpportunityStage.LOST
    else:
        stage = _SALES_STAGE.get(integer(row, "salesstage") or 0, OpportunityStage.QUALIFY)
    probability = decimal(row, "closeprobability", Decimal(0)) / 100
    if not Decimal(0) <= probability <= Decimal(1):
        raise ValueError("closeprobability is not between 0 and 100")
    expected = day(row, "estimatedclosedate") or day(row, "actualclosedate")
    if expected is None:
        raise ValueError("estimatedclosedate is empty")
    first = min(products, key=lambda p: integer(p, "sequencenumber") or 0) if products else {}
    version = max([version_of(row), *(version_of(p) for p in products)])
    return Opportunity(
        id=text(row, "opportunityid", required=True), version=version,
        customer_id=(text(row, "_parentaccountid_value") or
                     text(row, "_customerid_value", required=True)),
        name=text(row, "name", required=True),
        product_id=(_expanded(first, "productid", "productnumber")
                    or text(first, "productdescription")),
        quantity=decimal(first, "quantity", Decimal(0)),
        unit=_expanded(first, "uomid", "name"),
        stage=stage, probability=probability, expected_close=expected)


# salesorder statecode: 0 Active, 1 Submitted, 2 Canceled, 3 Fulfilled, 4 Invoiced.
_ORDER_STATE = {0: OrderStatus.CONFIRMED, 1: OrderStatus.IN_PRODUCTION,
                2: OrderStatus.CANCELLED, 3: OrderStatus.SHIPPED, 4: OrderStatus.CLOSED}


def numbered_lines(lines: Iterable[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """(line number, row): lineitemnumber where set, else the position by sequencenumber.

    Writes number the lines the same way, so PATCH .../lines/{n} finds the line a person saw.
    """
    ordered = sorted(lines, key=lambda r: (integer(r, "sequencenumber") or 0,
                                           text(r, "salesorderdetailid")))
    taken = {n for r in ordered if (n := integer(r, "lineitemnumber")) is not None}
    result, position = [], 0
    for row in ordered:
        number = integer(row, "lineitemnumber")
        if number is None:
            position += 1
            while position in taken:
                position += 1
            number = position
        result.append((number, row))
    return result


def sales_order(row: dict[str, Any], lines: list[dict[str, Any]],
                promised_field: str) -> SalesOrder:
    created = moment(row, "createdon")
    header_requested = day(row, "requestdeliveryby")
    order_lines = []
    for number, line in numbered_lines(lines):
        promised = day(line, promised_field)
        requested = (day(line, "requestdeliveryby") if promised_field != "requestdeliveryby"
                     else None) or header_requested or promised or created.date()
        order_lines.append(OrderLine(
            line_no=number,
            product_id=(_expanded(line, "productid", "productnumber")
                        or text(line, "productdescription")),
            quantity=decimal(line, "quantity"), unit=_expanded(line, "uomid", "name"),
            requested_date=requested, promised_date=promised))
    state = integer(row, "statecode")
    return SalesOrder(
        id=text(row, "salesorderid", required=True),
        version=max([version_of(row), *(version_of(line) for line in lines)]),
        number=text(row, "ordernumber") or text(row, "name", required=True),
        customer_id=text(row, "_customerid_value", required=True),
        status=_ORDER_STATE.get(state if state is not None else 0, OrderStatus.CONFIRMED),
        created_at=created, lines=order_lines)


# incident prioritycode: 1 High, 2 Normal, 3 Low; statecode: 0 Active, 1 Resolved, 2 Cancelled;
# statuscode 4 Researching; casetypecode: 1 Question, 2 Problem, 3 Request.
_PRIORITY = {1: Severity.HIGH, 2: Severity.MEDIUM, 3: Severity.LOW}
_CASE_TYPE = {1: "question", 2: "problem", 3: "request"}


def complaint(row: dict[str, Any], findings: list[dict[str, Any]], lot_field: str,
              order_field: str) -> Complaint:
    state = integer(row, "statecode")
    if state in (1, 2):
        status = ComplaintStatus.CLOSED
    elif integer(row, "statuscode") == 4:
        status = ComplaintStatus.INVESTIGATING
    else:
        status = ComplaintStatus.OPEN
    notes = sorted(findings, key=lambda n: text(n, "createdon"))
    return Complaint(
        id=text(row, "incidentid", required=True), version=version_of(row),
        number=text(row, "ticketnumber") or text(row, "incidentid"),
        customer_id=text(row, "_customerid_value", required=True),
        order_id=(text(row, order_field) or None) if order_field else None,
        product_id=_expanded(row, "productid", "productnumber") or None,
        lot_id=(text(row, lot_field) or None) if lot_field else None,
        serial=text(row, "productserialnumber") or None,
        category=_CASE_TYPE.get(integer(row, "casetypecode") or 0, "other"),
        severity=_PRIORITY.get(integer(row, "prioritycode") or 2, Severity.MEDIUM),
        status=status, description=text(row, "description") or text(row, "title"),
        opened_at=moment(row, "createdon"),
        findings=[text(n, "notetext") for n in notes if text(n, "notetext")])


Mapper = Callable[[dict[str, Any]], Any]
