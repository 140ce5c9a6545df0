"""The reference contract's writes, in Salesforce's terms, without duplicates.

Salesforce ignores Idempotency-Key and If-Match, so:
- creates are made repeatable: a Task is upserted by its external id field, which holds the
  idempotency key (PATCH /sobjects/Task/<field>/<key>: 201 created, 200 already there); a
  CaseComment cannot carry a custom field, so its body ends with "[gemba:<key>]" and the case's
  comments are searched for that marker before one is created; a quote's Opportunity holds
  the key in its own external id field and is searched for before it is made (quotes.py);
- updates first read the record: when it already holds the wanted value the write is a replay
  (a retry after a timeout), otherwise its version (SystemModstamp) must still be the one the
  person saw, or the write is refused like a 412.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any
from urllib.parse import quote

from pydantic import TypeAdapter

from app.connectors.base import BadPayload, SourceRefused, WriteResult
from app.connectors.salesforce.api import SalesforceApi
from app.connectors.salesforce.mapping import TASK_FOR_KIND, Fields
from app.connectors.salesforce.quotes import write_quote
from app.domain import ActivityKind

Fetch = Callable[[str, str], Awaitable[tuple[Any, dict[str, list]] | None]]
_SALESFORCE_ID = re.compile(r"[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?")


def marker(idempotency_key: str) -> str:
    return "[gemba:" + re.sub(r"[^A-Za-z0-9_.:-]", "-", idempotency_key) + "]"


def dump(record: Any) -> dict[str, Any]:
    return TypeAdapter(type(record)).dump_python(record, mode="json")


def _id(value: str, what: str) -> str:
    if not _SALESFORCE_ID.fullmatch(value):
        raise SourceRefused(f"{value!r} is not a Salesforce {what} id", 404)
    return value


class Writer:
    def __init__(self, api: SalesforceApi, fields: Fields, fetch: Fetch) -> None:
        self.api = api
        self.fields = fields
        self.fetch = fetch

    async def write(self, method: str, path: str, body: dict[str, Any], key: str,
                    version: int | None) -> WriteResult:
        match method.upper(), path.strip("/").split("/"):
            case "PATCH", ["crm", "v1", "orders", order_id, "lines", line]:
                return await self.promise(_id(order_id, "order"), line, body, version)
            case "POST", ["crm", "v1", "orders", order_id, "activities"]:
                return await self.activity(_id(order_id, "order"), body, key)
            case "POST", ["crm", "v1", "complaints", case_id, "findings"]:
                return await self.finding(_id(case_id, "case"), body, key, version)
            case "PATCH", ["crm", "v1", "complaints", case_id]:
                return await self.link_lot(_id(case_id, "case"), body, version)
            case "PATCH", ["crm", "v1", "orders", order_id, "lines", line, "progress"]:
                return await self.progress(_id(order_id, "order"), line, body)
            case "POST", ["crm", "v1", "orders"]:
                return await write_quote(self.api, self.fields, body, key)
        raise SourceRefused(f"a Salesforce source does not take {method} {path}", 405)

    async def _current(self, feed: str, record_id: str, what: str
                       ) -> tuple[Any, dict[str, list]]:
        found = await self.fetch(feed, record_id)
        if found is None:
            raise SourceRefused(f"{what} {record_id} is not in Salesforce (deleted, or the "
                                "integration user cannot see it)", 404)
        return found

    @staticmethod
    def _unchanged(record: Any, version: int | None, what: str) -> None:
        if version is not None and record.version != version:
            raise SourceRefused(
                f"the {what} changed in Salesforce since it was seen (version {version}, now "
                f"{record.version}); look at it again and decide", 412,
                {"current_version": record.version})

    async def promise(self, order_id: str, line: str, body: dict[str, Any],
                      version: int | None) -> WriteResult:
        try:
            promised = date.fromisoformat(str(body.get("promised_date")))
        except ValueError:
            raise SourceRefused(f"promised_date {body.get('promised_date')!r} is not a date",
                                400) from None
        order, children = await self._current("crm.orders", order_id, "order")
        item = next((i for i in children.get("OrderItems", [])
                     if str(i.get("OrderItemNumber", "")).lstrip("0") == line.lstrip("0")),
                    None)
        current = next((ln for ln in order.lines if str(ln.line_no) == line.lstrip("0")), None)
        if item is None or current is None:
            raise SourceRefused(f"order {order.number} has no line {line}", 404)
        if current.promised_date == promised:
            return WriteResult(200, dump(order), replayed=True)
        self._unchanged(order, version, f"order {order.number}")
        change: dict[str, Any] = {self.fields.promised_date: promised.isoformat()}
        if self.fields.promise_reason:
            said = str(body.get("reason", ""))
            if body.get("by"):
                said += f" ({body['by']})"
            change[self.fields.promise_reason] = said[:255]
        await self.api.call("PATCH", f"{self.api.data_path}/sobjects/OrderItem/{item['Id']}",
                            f"the promised date of order {order.number} line {line}",
                            body=change)
        order, _ = await self._current("crm.orders", order_id, "order")
        return WriteResult(200, dump(order))

    async def progress(self, order_id: str, line: str, body: dict[str, Any]) -> WriteResult:
        """The OrderItem's progress fields and the Order's summary: the same values again
        change nothing, so a retry is harmless."""
        f = self.fields
        _order, children = await self._current("crm.orders", order_id, "order")
        item = next((i for i in children.get("OrderItems", [])
                     if str(i.get("OrderItemNumber", "")).lstrip("0") == line.lstrip("0")),
                    None)
        if item is None:
            raise SourceRefused(f"order {order_id} has no line {line}", 404)
        change = {name: value for name, value in (
            (f.progress, int(body.get("progress_percent") or 0)),
            (f.stage, str(body.get("stage") or "")),
            (f.predicted, body.get("predicted_completion")),
            (f.at_risk, bool(body.get("at_risk")))) if name}
        if change:
            await self.api.call("PATCH", f"{self.api.data_path}/sobjects/OrderItem/{item['Id']}",
                                f"the progress of order line {line}", body=change)
        if f.summary:
            await self.api.call("PATCH", f"{self.api.data_path}/sobjects/Order/{order_id}",
                                "the order's progress sentence",
                                body={f.summary: str(body.get("summary") or "")[:255]})
        return WriteResult(200, {"id": order_id, "line_no": line, "stored_in": "fields"})

    async def activity(self, order_id: str, body: dict[str, Any], key: str) -> WriteResult:
        try:
            kind = ActivityKind(body.get("kind", "note"))
        except ValueError:
            raise SourceRefused(f"unknown kind of activity {body.get('kind')!r}", 400) from None
        subject = str(body.get("subject", "")).strip()
        if not subject:
            raise SourceRefused("subject must not be empty", 400)
        task = {"WhatId": order_id, "Subject": subject[:255],
                "Description": str(body.get("body", "")), **TASK_FOR_KIND[kind.value]}
        field = self.fields.task_external_id
        response = await self.api.call(
            "PATCH", f"{self.api.data_path}/sobjects/Task/{field}/{quote(key, safe='')}",
            "the new activity", body=task)
        answer = self.api.decode(response, "the new activity")
        if not isinstance(answer, dict) or not isinstance(answer.get("id"), str):
            raise BadPayload("Salesforce answered the new activity without the Task's id")
        created = response.status_code == 201 or answer.get("created") is True
        found = await self.fetch("crm.activities", answer["id"])
        record = dump(found[0]) if found else {"id": answer["id"], "order_id": order_id}
        return WriteResult(201 if created else 200, record, replayed=not created)

    async def finding(self, case_id: str, body: dict[str, Any], key: str,
                      version: int | None) -> WriteResult:
        text = str(body.get("text", "")).strip()
        if not text:
            raise SourceRefused("text must not be empty", 400)
        complaint, children = await self._current("crm.complaints", case_id, "complaint")
        tag = marker(key)
        if any(str(c.get("CommentBody") or "").rstrip().endswith(tag)
               for c in children.get("CaseComments", [])):
            return WriteResult(201, dump(complaint), replayed=True)
        self._unchanged(complaint, version, f"complaint {complaint.number}")
        await self.api.call("POST", f"{self.api.data_path}/sobjects/CaseComment/",
                            f"the finding on complaint {complaint.number}",
                            body={"ParentId": case_id, "CommentBody": f"{text}\n\n{tag}",
                                  "IsPublished": False})
        complaint, _ = await self._current("crm.complaints", case_id, "complaint")
        return WriteResult(201, dump(complaint))

    async def link_lot(self, case_id: str, body: dict[str, Any], version: int | None
                       ) -> WriteResult:
        lot = str(body.get("lot_id", "")).strip()
        if not lot:
            raise SourceRefused("lot_id must not be empty", 400)
        complaint, _ = await self._current("crm.complaints", case_id, "complaint")
        if complaint.lot_id == lot:
            return WriteResult(200, dump(complaint), replayed=True)
        self._unchanged(complaint, version, f"complaint {complaint.number}")
        await self.api.call("PATCH", f"{self.api.data_path}/sobjects/Case/{case_id}",
                            f"the lot of complaint {complaint.number}",
                            body={self.fields.case_lot: lot})
        complaint, _ = await self._current("crm.complaints", case_id, "complaint")
        return WriteResult(200, dump(complaint))
