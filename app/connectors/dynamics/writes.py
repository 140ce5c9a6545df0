"""The reference contract's writes, translated to Dataverse Web API requests.

Dataverse ignores `Idempotency-Key`, so every create is an upsert that cannot update: the new
row's identity is derived from the idempotency key and the request carries `If-None-Match: *`.
If the first attempt reached the server but its answer was lost (a timeout), the retry gets
412 "A record with matching key values already exists": the action was applied once, and the
write reports `replayed=True`.

- tasks: PATCH /tasks(<external_id_field>='<key>') — an alternate key on a text column the
  administrator adds to the task table (docs/backends/dynamics365.md); with no column
  configured, the task's id is derived from the key instead.
- notes (annotations take no custom columns): PATCH /annotations(<uuid5 of the key>).
- quotes (POST /crm/v1/orders, status draft): PATCH /quotes(<uuid5 of the key>) for the
  customer's account, then PATCH /quotedetails(<uuid5 of the key and line>) per line, each
  create-only: a retry finishes what a lost answer left and makes nothing twice.
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from app.connectors.base import BadPayload, SourceRefused, WriteResult
from app.connectors.dynamics.client import WHAT, odata_error, refusal
from app.connectors.dynamics.mapping import numbered_lines, version_of
from app.connectors.dynamics.reads import guid, odata_literal

if TYPE_CHECKING:
    from app.connectors.dynamics.connector import DynamicsConnector

_LINE = re.compile(r"^/crm/v1/orders/([^/]+)/lines/(\d+)$")
_ACTIVITIES = re.compile(r"^/crm/v1/orders/([^/]+)/activities$")
_FINDINGS = re.compile(r"^/crm/v1/complaints/([^/]+)/findings$")
_COMPLAINT = re.compile(r"^/crm/v1/complaints/([^/]+)$")
_PROGRESS = re.compile(r"^/crm/v1/orders/([^/]+)/lines/(\d+)/progress$")
# Production progress written back: columns the administrator adds
# (docs/backends/dynamics365.md) to the order product (salesorderdetail) and the order.
PROGRESS_COLUMNS = {"progress_percent": "gemba_progress", "stage": "gemba_stage",
                    "predicted_completion": "gemba_predictedcompletion",
                    "at_risk": "gemba_atrisk"}
SUMMARY_COLUMN = "gemba_progresssummary"
_COLUMN = re.compile(r"^[a-z][a-z0-9_]{0,99}$")
_ORDERS = "/crm/v1/orders"

STALE = "the record changed since you saw it; look at it again and repeat the change"


async def write(connector: DynamicsConnector, method: str, path: str, body: dict[str, Any],
                key: str, version: int | None) -> WriteResult:
    method = method.upper()
    try:
        if method == "PATCH" and (found := _LINE.match(path)):
            return await _promise(connector, guid(found[1]), int(found[2]), body, version)
        if method == "POST" and (found := _ACTIVITIES.match(path)):
            return await _task(connector, guid(found[1]), body, key)
        if method == "POST" and (found := _FINDINGS.match(path)):
            return await _finding(connector, guid(found[1]), body, key)
        if method == "PATCH" and (found := _PROGRESS.match(path)):
            return await _progress(connector, guid(found[1]), int(found[2]), body)
        if method == "PATCH" and (found := _COMPLAINT.match(path)):
            return await _link_lot(connector, guid(found[1]), body, version)
        if method == "POST" and path == _ORDERS:
            return await _quote(connector, body, key)
    except BadPayload as exc:
        if "GUID" in str(exc):
            raise SourceRefused(f"{WHAT}: {exc}", 400) from exc
        raise
    raise SourceRefused(f"{WHAT} cannot carry {method} {path} (not a write this connector "
                        "knows)", 400)


def _stale(what: str, body: dict[str, Any] | None = None) -> SourceRefused:
    return SourceRefused(f"{what}: {STALE}", 412, body)


async def _promise(connector: DynamicsConnector, order_id: str, line_no: int,
                   body: dict[str, Any], version: int | None) -> WriteResult:
    field = connector.promised_date_field
    if not _COLUMN.match(field):
        raise SourceRefused(f"promised_date_field {field!r} is not a column name", 400)
    try:
        promised = date.fromisoformat(str(body["promised_date"]))
    except (KeyError, ValueError):
        raise SourceRefused("the promised date is missing or not a date", 400) from None
    lines = await connector.reader.rows_where(connector.lines, "_salesorderid_value",
                                              [order_id])
    row = next((r for n, r in numbered_lines(lines) if n == line_no), None)
    what = f"order {order_id} line {line_no}"
    if row is None:
        raise SourceRefused(f"{WHAT} has no {what} (deleted since?)", 404)
    current = version_of(row)
    # The person saw the order at `version` (the highest version of its header and lines):
    # a line changed after that is newer than what they saw.
    if version is not None and current > version:
        raise _stale(what)
    line_id = guid(str(row.get("salesorderdetailid")))
    response = await connector.client.send(
        "PATCH", f"salesorderdetails({line_id})", json_body={field: promised.isoformat()},
        headers={"If-Match": f'W/"{current}"', "Prefer": "return=representation"})
    if response.status_code == 412:
        raise _stale(what)
    if response.status_code >= 400:
        raise refusal(response, f"salesorderdetails({line_id})")
    record: dict[str, Any] = {"id": order_id, "line_no": line_no,
                              "promised_date": promised.isoformat()}
    with contextlib.suppress(ValueError, AttributeError):
        record["version"] = version_of(response.json())
    return WriteResult(response.status_code, record)


async def _progress(connector: DynamicsConnector, order_id: str, line_no: int,
                    body: dict[str, Any]) -> WriteResult:
    """The order product's gemba_* columns and the order's summary (the same values again
    change nothing: a retry is harmless)."""
    lines = await connector.reader.rows_where(connector.lines, "_salesorderid_value",
                                              [order_id])
    row = next((r for n, r in numbered_lines(lines) if n == line_no), None)
    if row is None:
        raise SourceRefused(f"{WHAT} has no order {order_id} line {line_no}", 404)
    values = {column: (bool(body.get(key)) if key == "at_risk" else
                       int(body.get(key) or 0) if key == "progress_percent" else body.get(key))
              for key, column in PROGRESS_COLUMNS.items()}
    line_id = guid(str(row.get("salesorderdetailid")))
    for url, payload in ((f"salesorderdetails({line_id})", values),
                         (f"salesorders({order_id})",
                          {SUMMARY_COLUMN: str(body.get("summary") or "")})):
        response = await connector.client.send("PATCH", url, json_body=payload,
                                                headers={"If-Match": "*"})
        if response.status_code >= 400:
            raise refusal(response, url)
    return WriteResult(200, {"id": order_id, "line_no": line_no, "stored_in": "columns"})


async def _create(connector: DynamicsConnector, url: str, payload: dict[str, Any],
                  what: str) -> tuple[int, bool]:
    """An upsert that only creates: (status, replayed)."""
    response = await connector.client.send("PATCH", url, json_body=payload,
                                            headers={"If-None-Match": "*"})
    if response.status_code == 412:
        return 200, True  # created by an earlier attempt with the same idempotency key
    if response.status_code >= 400:
        error = refusal(response, what)
        if response.status_code == 404 and "alternate key" in odata_error(response).lower():
            error = SourceRefused(
                f"{WHAT} has no alternate key on {connector.external_id_field} for {what}: "
                "the administrator creates it (docs/backends/dynamics365.md)", 404)
        raise error
    return response.status_code, False


async def _task(connector: DynamicsConnector, order_id: str, body: dict[str, Any],
                key: str) -> WriteResult:
    subject = str(body.get("subject") or "").strip()
    if not subject:
        raise SourceRefused("an activity needs a subject", 400)
    kind = str(body.get("kind") or "note")
    payload: dict[str, Any] = {
        "subject": subject[:200],
        "description": str(body.get("body") or ""),
        "regardingobjectid_salesorder_task@odata.bind": f"/salesorders({order_id})",
    }
    column = connector.external_id_field
    if column:
        if not _COLUMN.match(column):
            raise SourceRefused(f"external_id_field {column!r} is not a column name", 400)
        url = f"tasks({column}={odata_literal(key)})"
        task_id = key
    else:
        task_id = connector.note_id(key)
        url = f"tasks({task_id})"
    status, replayed = await _create(connector, url, payload, f"task on order {order_id}")
    record = {"id": task_id, "version": 1, "order_id": order_id, "kind": kind,
              "subject": subject, "body": payload["description"],
              "created_at": datetime.now(UTC).isoformat().replace("+00:00", "Z")}
    return WriteResult(status, record, replayed=replayed)


async def _finding(connector: DynamicsConnector, complaint_id: str, body: dict[str, Any],
                   key: str) -> WriteResult:
    note = str(body.get("text") or "").strip()
    if not note:
        raise SourceRefused("a finding needs its text", 400)
    from app.connectors.dynamics.connector import FINDING_SUBJECT

    note_id = connector.note_id(key)
    payload = {"subject": FINDING_SUBJECT, "notetext": note, "objecttypecode": "incident",
               "objectid_incident@odata.bind": f"/incidents({complaint_id})"}
    status, replayed = await _create(connector, f"annotations({note_id})", payload,
                                     f"finding on case {complaint_id}")
    return WriteResult(status, {"id": complaint_id, "finding_id": note_id, "text": note},
                       replayed=replayed)


async def _link_lot(connector: DynamicsConnector, complaint_id: str, body: dict[str, Any],
                    version: int | None) -> WriteResult:
    column = connector.lot_field
    if not column or not _COLUMN.match(column):
        raise SourceRefused("no lot column is configured for cases (option lot_field)", 400)
    lot = str(body.get("lot_id") or "").strip()
    if not lot:
        raise SourceRefused("the lot id is missing", 400)
    match = f'W/"{version}"' if version is not None else "*"  # "*": update, never create
    response = await connector.client.send(
        "PATCH", f"incidents({complaint_id})", json_body={column: lot},
        headers={"If-Match": match, "Prefer": "return=representation"})
    what = f"case {complaint_id}"
    if response.status_code == 412:
        raise _stale(what)
    if response.status_code >= 400:
        raise refusal(response, f"incidents({complaint_id})")
    record: dict[str, Any] = {"id": complaint_id, "lot_id": lot}
    with contextlib.suppress(ValueError, AttributeError):
        record["version"] = version_of(response.json())
    return WriteResult(response.status_code, record)


async def _quote(connector: DynamicsConnector, body: dict[str, Any], key: str) -> WriteResult:
    """A quote (draft) with a quotedetail per line, for the customer's account; ids derived
    from the idempotency key, so the quote and each line are created once."""
    if str(body.get("status") or "draft") != "draft":
        raise SourceRefused("only draft orders (quotes) are created in Dynamics 365", 400)
    customer = guid(str(body.get("customer_id") or ""))
    lines = list(body.get("lines") or [])
    if not lines:
        raise SourceRefused("a quote needs at least one line", 400)
    products = []
    for line in lines:
        number = str(line.get("product_id") or "")
        _, found = await connector.client.get_json(
            "products", params={"$select": "productid,_defaultuomid_value",
                                "$filter": f"productnumber eq {odata_literal(number)}"})
        rows = found.get("value") or []
        if not rows:
            raise SourceRefused(f"{WHAT} has no product numbered {number!r}", 404)
        products.append(rows[0])
    quote_id = connector.note_id(f"quote/{key}")
    dates = [str(x.get("promised_date") or x.get("requested_date") or "") for x in lines]
    header: dict[str, Any] = {
        "name": str(body.get("customer_po") or "Quote")[:300],
        "customerid_account@odata.bind": f"/accounts({customer})",
        "description": f"[gemba:{key}]"}
    if any(dates):
        header["requestdeliveryby"] = max(d for d in dates if d)
    if connector.price_list:
        header["pricelevelid@odata.bind"] = f"/pricelevels({guid(connector.price_list)})"
    status, replayed = await _create(connector, f"quotes({quote_id})", header, "quote")
    for n, (line, product) in enumerate(zip(lines, products, strict=True), 1):
        detail: dict[str, Any] = {
            "quoteid@odata.bind": f"/quotes({quote_id})",
            "productid@odata.bind": f"/products({guid(str(product['productid']))})",
            "quantity": float(str(line.get("quantity") or 0))}
        if product.get("_defaultuomid_value"):
            detail["uomid@odata.bind"] = f"/uoms({guid(str(product['_defaultuomid_value']))})"
        if dates[n - 1]:
            detail["requestdeliveryby"] = dates[n - 1]
        await _create(connector, f"quotedetails({connector.note_id(f'quote/{key}/{n}')})",
                      detail, f"line {n} of quote {quote_id}")
    number = ""
    with contextlib.suppress(SourceRefused, BadPayload):
        _, made = await connector.client.get_json(f"quotes({quote_id})",
                                                  params={"$select": "quotenumber"})
        number = str(made.get("quotenumber") or "")
    return WriteResult(201 if not replayed else 200,
                       {"id": quote_id, "number": number, "status": "draft"},
                       replayed=replayed)
