"""Salesforce REST payloads shaped as Salesforce documents them, and a small fake org that
serves them through httpx.MockTransport (token endpoint, query + nextRecordsUrl, queryAll,
deleted records, limits, sObject create / update / upsert by external id)."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any
from urllib.parse import parse_qs, unquote

import httpx

LOGIN = "https://login.salesforce.com"
INSTANCE = "https://acme.my.salesforce.com"
DATA = "/services/data/v62.0"
ORG_ID = "00D5g000004abcdEAA"
CLIENT_ID = "3MVG9fakeConsumerKey"
CLIENT_SECRET = "fake-consumer-secret"


def stamp(day: int, hour: int = 8, minute: int = 0) -> str:
    """A Salesforce dateTime, e.g. 2026-03-02T08:00:00.000+0000."""
    return f"2026-03-{day:02d}T{hour:02d}:{minute:02d}:00.000+0000"


def _attributes(sobject: str, record_id: str) -> dict[str, str]:
    return {"type": sobject, "url": f"{DATA}/sobjects/{sobject}/{record_id}"}


def subquery(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A relationship subquery's result; Salesforce sends null when it has no rows."""
    if not records:
        return None
    return {"totalSize": len(records), "done": True, "records": records}


def account(record_id: str, name: str, modstamp: str, number: str = "",
            country: str = "Taiwan") -> dict[str, Any]:
    return {"attributes": _attributes("Account", record_id), "Id": record_id, "Name": name,
            "AccountNumber": number or None, "BillingCountry": country,
            "SystemModstamp": modstamp}


def order_item(record_id: str, number: int, code: str, quantity: float, modstamp: str,
               service_date: str | None = "2026-03-20", promised: str | None = None
               ) -> dict[str, Any]:
    return {"attributes": _attributes("OrderItem", record_id), "Id": record_id,
            "OrderItemNumber": f"{number:010d}", "Quantity": quantity,
            "ServiceDate": service_date, "SystemModstamp": modstamp,
            "Product2Id": "01t5g000000PRODAAA",
            "Product2": {"attributes": _attributes("Product2", "01t5g000000PRODAAA"),
                         "ProductCode": code, "QuantityUnitOfMeasure": "Each"},
            "Gemba_Promised_Date__c": promised}


def order(record_id: str, number: str, account_id: str, modstamp: str,
          items: list[dict[str, Any]], status: str = "Activated") -> dict[str, Any]:
    return {"attributes": _attributes("Order", record_id), "Id": record_id,
            "OrderNumber": number, "AccountId": account_id, "Status": status,
            "StatusCode": "Activated" if status == "Activated" else "Draft",
            "PoNumber": "PO-77", "EffectiveDate": "2026-03-01",
            "CreatedDate": stamp(1), "SystemModstamp": modstamp,
            "OrderItems": subquery(items)}


def case(record_id: str, number: str, account_id: str, modstamp: str,
         comments: list[dict[str, Any]] | None = None, lot: str | None = None
         ) -> dict[str, Any]:
    return {"attributes": _attributes("Case", record_id), "Id": record_id,
            "CaseNumber": number, "AccountId": account_id, "Type": "Problem",
            "Reason": "Performance", "Priority": "High", "Status": "Working",
            "IsClosed": False, "Description": "bores out of tolerance",
            "CreatedDate": stamp(2), "SystemModstamp": modstamp, "Gemba_Lot__c": lot,
            "CaseComments": subquery(comments or [])}


def case_comment(record_id: str, body: str, modstamp: str) -> dict[str, Any]:
    return {"attributes": _attributes("CaseComment", record_id), "Id": record_id,
            "CommentBody": body, "CreatedDate": modstamp, "SystemModstamp": modstamp}


def task(record_id: str, what_id: str, subject: str, modstamp: str, external_id: str | None,
         task_type: str = "Other", description: str = "") -> dict[str, Any]:
    return {"attributes": _attributes("Task", record_id), "Id": record_id, "WhatId": what_id,
            "Subject": subject, "Description": description, "Type": task_type,
            "TaskSubtype": "Task", "CreatedDate": modstamp, "SystemModstamp": modstamp,
            "Gemba_Action_Id__c": external_id}


def pricebook_entry(record_id: str, code: str, price: float,
                    book: str = "01s5g00000STDBOOKAA") -> dict[str, Any]:
    """An active entry of the standard price book."""
    return {"attributes": _attributes("PricebookEntry", record_id), "Id": record_id,
            "Pricebook2Id": book, "UnitPrice": price, "IsActive": True,
            "Product2": {"attributes": _attributes("Product2", f"01t5g0000{code[-6:]:0>6}"),
                         "ProductCode": code},
            "SystemModstamp": stamp(1)}


def query_page(records: list[dict[str, Any]], total: int, next_url: str | None
               ) -> dict[str, Any]:
    page: dict[str, Any] = {"totalSize": total, "done": next_url is None, "records": records}
    if next_url:
        page["nextRecordsUrl"] = next_url
    return page


def errors(code: str, message: str) -> list[dict[str, str]]:
    return [{"message": message, "errorCode": code}]


def limits(remaining: int = 14975, most: int = 15000) -> dict[str, Any]:
    return {"DailyApiRequests": {"Max": most, "Remaining": remaining},
            "DailyBulkApiBatches": {"Max": 15000, "Remaining": 15000}}


class FakeOrg:
    """Just enough of a Salesforce org for the connector's calls."""

    def __init__(self, page_size: int = 2000) -> None:
        self.page_size = page_size
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.deleted: dict[str, list[dict[str, str]]] = {}
        self.requests: list[httpx.Request] = []
        self.tokens_issued = 0
        self.valid_tokens: set[str] = set()
        self.used = 25
        self.limit_exceeded = False
        self.malformed_query = False
        self.time_out_after_apply = 0  # writes to apply and then answer with a timeout
        self.jwt_assertions: list[str] = []
        self.lacking: set[str] = set()  # custom fields the org does not have
        self.composites: list[dict[str, Any]] = []  # composite requests taken
        self._pages: dict[str, list[dict[str, Any]]] = {}
        self._ids = itertools.count(1)

    # -- the org's data --------------------------------------------------------------------
    def add(self, sobject: str, *rows: dict[str, Any]) -> None:
        self.rows.setdefault(sobject, []).extend(rows)

    def new_id(self, prefix: str) -> str:
        return f"{prefix}5g00000{next(self._ids):08d}"

    def expire_tokens(self) -> None:
        self.valid_tokens.clear()

    # -- transport -------------------------------------------------------------------------
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def _answer(self, status: int, payload: Any = None, content: bytes | None = None
                ) -> httpx.Response:
        headers = {"Sforce-Limit-Info": f"api-usage={self.used}/15000",
                   "Date": "Mon, 09 Mar 2026 12:00:00 GMT"}
        if content is not None:
            return httpx.Response(status, content=content, headers=headers)
        if payload is None:
            return httpx.Response(status, headers=headers)
        return httpx.Response(status, json=payload, headers=headers)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if path == "/services/oauth2/token":
            return self._token(request)
        if request.headers.get("authorization", "").removeprefix("Bearer ") \
                not in self.valid_tokens:
            return self._answer(401, errors("INVALID_SESSION_ID",
                                            "Session expired or invalid"))
        if self.limit_exceeded:
            self.used = 15000
            return self._answer(403, errors("REQUEST_LIMIT_EXCEEDED",
                                            "TotalRequests Limit exceeded."))
        self.used += 1
        if path == f"{DATA}/limits":
            return self._answer(200, limits(15000 - self.used + 1))
        if path in (f"{DATA}/query", f"{DATA}/queryAll"):
            if self.malformed_query:
                return self._answer(200, content=b'{"totalSize": 3, "done": true, "rec')
            return self._query(request.url.params["q"], path.endswith("queryAll"))
        if path.startswith(f"{DATA}/query/"):
            return self._next_page(path.rsplit("/", 1)[1])
        deleted = re.fullmatch(rf"{DATA}/sobjects/(\w+)/deleted/", path)
        if deleted:
            return self._answer(200, {
                "deletedRecords": self.deleted.get(deleted.group(1), []),
                "earliestDateAvailable": "2026-02-20T00:00:00.000+0000",
                "latestDateCovered": "2026-03-09T12:00:00.000+0000"})
        return self._write(request, path)

    def _token(self, request: httpx.Request) -> httpx.Response:
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        if form.get("grant_type") == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            self.jwt_assertions.append(form.get("assertion", ""))
        elif form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return httpx.Response(400, json={"error": "invalid_client",
                                             "error_description": "invalid client credentials"})
        self.tokens_issued += 1
        token = f"00D5g000004abcd!AQ4AQ.token{self.tokens_issued}"
        self.valid_tokens.add(token)
        return httpx.Response(200, json={
            "access_token": token, "signature": "c2lnbmF0dXJl", "token_format": "opaque",
            "instance_url": INSTANCE, "id": f"{LOGIN}/id/{ORG_ID}/0055g00000USERAAA",
            "token_type": "Bearer", "issued_at": "1773057600000",
            "scope": "api"})

    # -- SOQL --------------------------------------------------------------------------------
    def _query(self, soql: str, all_rows: bool) -> httpx.Response:
        sobject = re.search(r"\bFROM (\w+)(?![^(]*\))", soql).group(1)
        unknown = next((f for f in sorted(self.lacking) if f in soql), None)
        if unknown:
            return self._answer(400, errors("INVALID_FIELD", f"\n{soql}\n^\nERROR at Row:1:"
                                            f"Column:1\nNo such column '{unknown}' on entity "
                                            f"'{sobject}'. If you are attempting to use a "
                                            "custom field, be sure to append the '__c' after "
                                            "the custom field name."))
        rows = [r for r in self.rows.get(sobject, []) if all_rows or not r.get("IsDeleted")]
        since = re.search(r"SystemModstamp > (\S+)", soql)
        if since:
            limit = since.group(1).replace("Z", "")
            rows = [r for r in rows if r["SystemModstamp"][:19] > limit]
        by_id = re.search(r"WHERE (?:.* AND )?Id = '(\w+)'", soql)
        if by_id:
            rows = [r for r in rows if r["Id"] == by_id.group(1)]
        in_ids = re.search(r"Id IN \(([^)]*)\)", soql)
        if in_ids:
            wanted = set(re.findall(r"'(\w+)'", in_ids.group(1)))
            rows = [r for r in rows if r["Id"] in wanted]
        for field, value in re.findall(r"\b(\w+__c) = '((?:[^'\\]|\\.)*)'", soql):
            wanted = re.sub(r"\\(.)", r"\1", value)
            rows = [r for r in rows if r.get(field) == wanted]
        code = re.search(r"Product2\.ProductCode = '([^']*)'", soql)
        if code:
            rows = [r for r in rows if (r.get("Product2") or {}).get("ProductCode")
                    == code.group(1) and r.get("IsActive")]
        parent = re.search(r"WHERE ParentId = '(\w+)'", soql)
        if parent:
            rows = [r for r in rows if r.get("ParentId") == parent.group(1)]
        rows = sorted(rows, key=lambda r: (r["SystemModstamp"], r["Id"]))
        rows = [{k: v for k, v in r.items() if k != "IsDeleted"} for r in rows]
        return self._first_page(rows)

    def _first_page(self, rows: list[dict[str, Any]]) -> httpx.Response:
        if len(rows) <= self.page_size:
            return self._answer(200, query_page(rows, len(rows), None))
        locator = f"01g{next(self._ids):06d}HU6KIAW"
        self._pages[locator] = rows
        return self._next_page(f"{locator}-0")

    def _next_page(self, cursor: str) -> httpx.Response:
        locator, _, offset = cursor.rpartition("-")
        rows = self._pages[locator]
        start = int(offset)
        end = start + self.page_size
        following = f"{DATA}/query/{locator}-{end}" if end < len(rows) else None
        return self._answer(200, query_page(rows[start:end], len(rows), following))

    # -- writes ------------------------------------------------------------------------------
    def _apply_then_maybe_time_out(self, request: httpx.Request, answer: httpx.Response
                                   ) -> httpx.Response:
        if self.time_out_after_apply:
            self.time_out_after_apply -= 1
            raise httpx.ReadTimeout("timed out", request=request)
        return answer

    def _composite(self, request: httpx.Request, body: dict[str, Any]) -> httpx.Response:
        """An Opportunity and its OpportunityLineItems, all or none, as Salesforce's composite
        resource answers: HTTP 200 with a result per subrequest."""
        self.composites.append(body)
        made: dict[str, str] = {}
        results, rows = [], []
        for sub in body["compositeRequest"]:
            fields = {k: (made.get(v[2:-4], v) if isinstance(v, str) and v.startswith("@{")
                          else v) for k, v in sub["body"].items()}
            sobject = sub["url"].rstrip("/").rsplit("/", 1)[1]
            lacking = self.lacking & set(fields)
            if lacking:
                results.append({"referenceId": sub["referenceId"], "httpStatusCode": 400,
                                "body": errors("INVALID_FIELD", f"No such column "
                                               f"'{lacking.pop()}' on sobject of type "
                                               f"{sobject}")})
                continue
            new_id = self.new_id({"Opportunity": "006"}.get(sobject, "00k"))
            made[sub["referenceId"]] = new_id
            rows.append((sobject, {"attributes": _attributes(sobject, new_id), "Id": new_id,
                                   **fields, "SystemModstamp": stamp(9, 12)}))
            results.append({"referenceId": sub["referenceId"], "httpStatusCode": 201,
                            "body": {"id": new_id, "success": True, "errors": []}})
        if any(r["httpStatusCode"] >= 400 for r in results):
            halted = errors("PROCESSING_HALTED", "The transaction was rolled back since "
                            "another operation in the same transaction failed.")
            return self._answer(200, {"compositeResponse": [
                r if r["httpStatusCode"] >= 400 else {**r, "httpStatusCode": 400,
                                                      "body": halted} for r in results]})
        for sobject, row in rows:
            self.add(sobject, row)
        return self._apply_then_maybe_time_out(request, self._answer(
            200, {"compositeResponse": results}))

    def _write(self, request: httpx.Request, path: str) -> httpx.Response:
        body = json.loads(request.content or b"{}")
        if path == f"{DATA}/composite" and request.method == "POST":
            return self._composite(request, body)
        upsert = re.fullmatch(rf"{DATA}/sobjects/Task/Gemba_Action_Id__c/(.+)", path)
        if upsert and request.method == "PATCH":
            key = unquote(upsert.group(1))
            held = next((t for t in self.rows.get("Task", [])
                         if t["Gemba_Action_Id__c"] == key), None)
            if held is not None:
                held.update({k: v for k, v in body.items() if k in held})
                return self._apply_then_maybe_time_out(request, self._answer(
                    200, {"id": held["Id"], "success": True, "errors": [], "created": False}))
            new = task(self.new_id("00T"), body["WhatId"], body["Subject"], stamp(9, 12),
                       key, body.get("Type", "Other"), body.get("Description", ""))
            self.add("Task", new)
            return self._apply_then_maybe_time_out(request, self._answer(
                201, {"id": new["Id"], "success": True, "errors": [], "created": True}))
        if path == f"{DATA}/sobjects/CaseComment/" and request.method == "POST":
            new = case_comment(self.new_id("00a"), body["CommentBody"], stamp(9, 12))
            parent = next(c for c in self.rows["Case"] if c["Id"] == body["ParentId"])
            records = (parent["CaseComments"] or {"records": []})["records"] + [new]
            parent["CaseComments"] = subquery(records)
            parent["SystemModstamp"] = stamp(9, 12)
            return self._apply_then_maybe_time_out(request, self._answer(
                201, {"id": new["Id"], "success": True, "errors": []}))
        item = re.fullmatch(rf"{DATA}/sobjects/OrderItem/(\w+)", path)
        if item and request.method == "PATCH":
            for held in self.rows.get("Order", []):
                for line in (held["OrderItems"] or {"records": []})["records"]:
                    if line["Id"] == item.group(1):
                        unknown = set(body) - set(line)
                        if unknown:
                            return self._answer(400, errors(
                                "INVALID_FIELD", f"No such column '{unknown.pop()}' on "
                                "sobject of type OrderItem"))
                        line.update(body)
                        line["SystemModstamp"] = stamp(9, 12)
                        return self._apply_then_maybe_time_out(request, self._answer(204))
        head = re.fullmatch(rf"{DATA}/sobjects/Order/(\w+)", path)
        if head and request.method == "PATCH":
            for held in self.rows.get("Order", []):
                if held["Id"] == head.group(1):
                    unknown = set(body) - set(held)
                    if unknown:
                        return self._answer(400, errors(
                            "INVALID_FIELD", f"No such column '{unknown.pop()}' on sobject of "
                            "type Order"))
                    held.update(body)
                    held["SystemModstamp"] = stamp(9, 12)
                    return self._apply_then_maybe_time_out(request, self._answer(204))
        return self._answer(404, errors("NOT_FOUND", "The requested resource does not exist"))
