"""A quote from Planning (POST /crm/v1/orders, status draft) as a Salesforce Opportunity with
an OpportunityLineItem per line, written exactly once.

The Opportunity carries the idempotency key in an external-id custom field (default
Gemba_Quote_Id__c, docs/backends/salesforce.md). Before creating, Opportunities are searched
for the key: a create that landed although its answer was lost is answered with what it made.
The Opportunity and its lines go in one composite request with allOrNone, so Salesforce makes
all of them or none: an Opportunity found by its key always has its lines.

Not an upsert on the external id (as Tasks are): an upsert of a quote someone has since moved
on (stage, amount) would write the old values back over theirs.
"""

from __future__ import annotations

from typing import Any

from app.connectors.base import BadPayload, SourceRefused, WriteResult
from app.connectors.salesforce.api import SalesforceApi
from app.connectors.salesforce.mapping import Fields, version_of


def soql_literal(value: str) -> str:
    """A SOQL string literal: backslashes and quotes escaped."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _missing_field(field: str) -> str:
    return (f"Salesforce has no Opportunity field {field}: create it (Text 255, External ID, "
            "Unique), give the integration user Edit on it, or name another with the source "
            "option quote_external_id_field; a quote is written to Salesforce only with it, so "
            "that a retry cannot make a second Opportunity")


async def write_quote(api: SalesforceApi, fields: Fields, body: dict[str, Any],
                      key: str) -> WriteResult:
    if str(body.get("status") or "draft") != "draft":
        raise SourceRefused("only draft orders (quotes) are created in Salesforce, as an "
                            "Opportunity", 400)
    lines = list(body.get("lines") or [])
    if not lines:
        raise SourceRefused("a quote needs at least one line", 400)
    found = await _find(api, fields, key)
    if found is not None:
        return WriteResult(200, _answer(found), replayed=True)
    entries = [await _price_entry(api, str(line.get("product_id") or "")) for line in lines]
    await _create(api, _requests(api, fields, body, lines, entries, key))
    made = await _find(api, fields, key)
    if made is None:
        raise BadPayload(f"Salesforce created the Opportunity but it cannot be found by "
                         f"{fields.quote_external_id}")
    return WriteResult(201, _answer(made))


def _answer(row: dict[str, Any]) -> dict[str, Any]:
    # An Opportunity has no number: its name is what people find it by.
    return {"id": row["Id"], "number": str(row.get("Name") or ""), "status": "draft",
            "version": version_of(row)}


async def _find(api: SalesforceApi, fields: Fields, key: str) -> dict[str, Any] | None:
    field = fields.quote_external_id
    soql = (f"SELECT Id, Name, SystemModstamp FROM Opportunity WHERE {field} = "
            f"{soql_literal(key)} LIMIT 1")
    try:
        rows = await api.query_all(soql, "the quote's Opportunity")
    except SourceRefused as exc:
        codes = {e.get("errorCode") for e in (exc.body or {}).get("errors") or []}
        if "INVALID_FIELD" in codes:
            raise SourceRefused(_missing_field(field), exc.status, exc.body) from exc
        raise
    return rows[0] if rows else None


async def _price_entry(api: SalesforceApi, code: str) -> dict[str, Any]:
    """The product's active entry in the standard price book (a line needs one)."""
    soql = ("SELECT Id, Pricebook2Id, UnitPrice FROM PricebookEntry WHERE "
            f"Product2.ProductCode = {soql_literal(code)} AND Pricebook2.IsStandard = true "
            "AND IsActive = true LIMIT 1")
    rows = await api.query_all(soql, f"the price of product {code}")
    if not rows:
        raise SourceRefused(f"Salesforce has no active standard price for product code "
                            f"{code!r}: add the product to the standard price book", 404)
    return rows[0]


def _requests(api: SalesforceApi, fields: Fields, body: dict[str, Any],
              lines: list[dict[str, Any]], entries: list[dict[str, Any]],
              key: str) -> list[dict[str, Any]]:
    """The composite's subrequests: the Opportunity, then its lines referring to it."""
    quoted = [str(x.get("promised_date") or x.get("requested_date") or "") for x in lines]
    sobjects = f"{api.data_path}/sobjects"
    opportunity = {
        "Name": str(body.get("customer_po") or "Quote")[:120],
        "AccountId": str(body.get("customer_id") or ""),
        "StageName": fields.quote_stage,
        "CloseDate": max(quoted),  # when the deal is expected to close: by the date quoted
        "Pricebook2Id": entries[0]["Pricebook2Id"],
        fields.quote_external_id: key}
    requests = [{"method": "POST", "url": f"{sobjects}/Opportunity", "referenceId": "quote",
                 "body": opportunity}]
    for n, (line, entry, date) in enumerate(zip(lines, entries, quoted, strict=True), 1):
        options = line.get("options") or {}
        item = {"OpportunityId": "@{quote.id}", "PricebookEntryId": entry["Id"],
                "Quantity": float(str(line.get("quantity") or 0)),
                "UnitPrice": entry.get("UnitPrice") or 0, "ServiceDate": date or None,
                "Description": "; ".join(f"{k} = {v}" for k, v in sorted(options.items()))[:255]
                or None}
        requests.append({"method": "POST", "url": f"{sobjects}/OpportunityLineItem",
                         "referenceId": f"line{n}", "body": item})
    return requests


async def _create(api: SalesforceApi, requests: list[dict[str, Any]]) -> None:
    """One composite request, all or none; a refused subrequest is said in its words."""
    response = await api.call("POST", f"{api.data_path}/composite", "the new quote",
                              body={"allOrNone": True, "compositeRequest": requests})
    answer = api.decode(response, "the new quote")
    results = answer.get("compositeResponse") if isinstance(answer, dict) else None
    if not isinstance(results, list):
        raise BadPayload("Salesforce answered the new quote without a compositeResponse")
    said = [f"{r.get('referenceId')}: {e.get('message')} ({e.get('errorCode')})"
            for r in results if int(r.get("httpStatusCode") or 0) >= 400
            for e in (r.get("body") if isinstance(r.get("body"), list) else [])
            if e.get("errorCode") != "PROCESSING_HALTED"]
    if any(int(r.get("httpStatusCode") or 0) >= 400 for r in results):
        raise SourceRefused("Salesforce refused the quote, nothing was created: "
                            + ("; ".join(said) or "a part of it failed"), 400,
                            {"errors": results})
