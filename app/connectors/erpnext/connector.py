"""The ERPNext connector: feeds read through /api/resource, writes as documented in
docs/backends/erpnext.md."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import json
import logging
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from app import domain as d
from app.connectors.base import (
    BadPayload,
    FeedPage,
    Rejection,
    SourceError,
    SourceRefused,
    WriteResult,
)
from app.connectors.config import SourceConfig
from app.connectors.erpnext import mapping as m
from app.connectors.erpnext.client import KIND, WHAT, FrappeClient
from app.connectors.erpnext.quotes import write_quotation
from app.connectors.http_errors import not_that_kind
from app.contract import FEEDS_BY_NAME

log = logging.getLogger(__name__)

MAX_PAGES_PER_READ = 10_000
ORDER_BY = "modified asc, name asc"

Build = Callable[["ErpNextConnector", list[dict[str, Any]]], Any]


@dataclass(frozen=True, slots=True)
class FeedDef:
    doctype: str
    fields: tuple[str, ...]
    filters: tuple = ()
    whole_doc: bool = False  # child tables needed: GET each document of a page
    keep_data: bool = False  # Deleted Document "data" is needed to name the rows it held
    cancel_removes: bool = False  # docstatus 2 withdraws what the document said
    # Filters of a full read (no token) instead of `filters`: a full read lists only what is
    # live, a read of changes also what ended since (to send its tombstones).
    full_filters: tuple | None = None


BASE = ("name", "modified", "creation", "docstatus")
FEEDS: dict[str, FeedDef] = {
    "crm.customers": FeedDef("Customer", (*BASE, "customer_name", "customer_group",
                                          "territory", "language", "disabled")),
    "crm.contacts": FeedDef("Contact", (*BASE, "first_name", "last_name", "full_name",
                                        "email_id", "phone", "mobile_no"), whole_doc=True),
    "crm.opportunities": FeedDef("Opportunity", (*BASE, "opportunity_from", "party_name",
                                                 "customer_name", "title", "status",
                                                 "sales_stage", "probability",
                                                 "expected_closing", "transaction_date"),
                                 whole_doc=True),
    "crm.orders": FeedDef("Sales Order", (*BASE, "customer", "status", "po_no",
                                          "transaction_date", "delivery_date"), whole_doc=True),
    "crm.complaints": FeedDef("Issue", (*BASE, "subject", "status", "priority", "customer",
                                        "issue_type", "description", "opening_date",
                                        "opening_time")),
    "crm.activities": FeedDef("Comment", (*BASE, "reference_doctype", "reference_name",
                                          "comment_type", "content"),
                              filters=(("reference_doctype", "=", "Sales Order"),
                                       ("comment_type", "=", "Comment"))),
    "crm.shipments": FeedDef("Delivery Note", (*BASE, "customer", "posting_date",
                                               "posting_time"),
                             filters=(("docstatus", "in", [1, 2]),), whole_doc=True,
                             keep_data=True, cancel_removes=True),
    "mes.equipment": FeedDef("Workstation", (*BASE, "workstation_name", "workstation_type")),
    "mes.work_orders": FeedDef("Work Order", (*BASE, "production_item", "qty", "produced_qty",
                                              "process_loss_qty",
                                              "material_transferred_for_manufacturing",
                                              "stock_uom", "status", "planned_start_date",
                                              "planned_end_date", "expected_delivery_date",
                                              "sales_order")),
    "mes.downtime": FeedDef("Downtime Entry", (*BASE, "workstation", "from_time", "to_time",
                                               "stop_reason", "remarks")),
    "mes.machine_events": FeedDef("Downtime Entry", (*BASE, "workstation", "from_time",
                                                     "to_time", "stop_reason")),
    "mes.characteristics": FeedDef("Quality Inspection", (*BASE, "item_code"),
                                   filters=(("docstatus", "=", 1),), whole_doc=True),
    "mes.measurements": FeedDef("Quality Inspection", (*BASE, "item_code", "batch_no"),
                                filters=(("docstatus", "in", [1, 2]),), whole_doc=True,
                                keep_data=True, cancel_removes=True),
    "mes.lots": FeedDef("Batch", (*BASE, "batch_id", "item", "batch_qty", "stock_uom",
                                  "manufacturing_date", "reference_doctype",
                                  "reference_name", "supplier")),
    "mes.serials": FeedDef("Serial No", (*BASE, "serial_no", "item_code", "batch_no")),
    "mes.genealogy": FeedDef("Stock Entry", (*BASE, "purpose", "work_order", "posting_date",
                                             "posting_time"),
                             filters=(("purpose", "=", "Manufacture"),
                                      ("docstatus", "in", [1, 2])),
                             whole_doc=True, keep_data=True, cancel_removes=True),
    "mes.stock": FeedDef("Bin", ("name", "modified", "item_code", "warehouse", "actual_qty",
                                 "reserved_qty", "projected_qty", "stock_uom"),
                         keep_data=True),
    "mes.receipts": FeedDef("Purchase Order", (*BASE, "supplier", "status", "schedule_date",
                                               "transaction_date"),
                            filters=(("docstatus", "in", [1, 2]),),
                            full_filters=(("docstatus", "=", 1),
                                          ("status", "not in", list(m.PO_DONE))),
                            whole_doc=True, keep_data=True, cancel_removes=True),
}
JOB_CARD_FIELDS = ("name", "modified", "docstatus", "work_order", "operation", "workstation",
                   "for_quantity", "total_completed_qty", "process_loss_qty", "status",
                   "sequence_id", "expected_start_date", "expected_end_date",
                   "actual_start_date", "actual_end_date")

PROMISE_PATH = re.compile(r"^/crm/v1/orders/([^/]+)/lines/(\d+)$")
ACTIVITY_PATH = re.compile(r"^/crm/v1/orders/([^/]+)/activities$")
FINDING_PATH = re.compile(r"^/crm/v1/complaints/([^/]+)/findings$")
PRIORITY_PATH = re.compile(r"^/mes/v1/work-orders/([^/]+)/priority$")
RELEASE_PATH = re.compile(r"^/mes/v1/work-orders$")
PROGRESS_PATH = re.compile(r"^/crm/v1/orders/([^/]+)/lines/(\d+)/progress$")
ORDERS_PATH = "/crm/v1/orders"
# The Sales Order Item custom fields progress goes to (docs/backends/erpnext.md), and the
# Sales Order's for the customer's sentence; all "Allow on Submit".
PROGRESS_FIELDS = {"progress_percent": "gemba_progress", "stage": "gemba_stage",
                   "predicted_completion": "gemba_predicted", "at_risk": "gemba_at_risk"}
SUMMARY_FIELD = "gemba_progress_summary"
UPDATE_ITEMS = "erpnext.controllers.accounts_controller.update_child_qty_rate"


def marker(key: str) -> str:
    return f"[gemba:{key}]"


@dataclass(slots=True)
class _Read:
    """What one read_changes call has seen so far."""

    latest: str | None
    order_lines: dict[str, dict[str, int]] = field(default_factory=dict)


class ErpNextConnector:
    def __init__(self, source: SourceConfig, client: FrappeClient, *, page_size: int = 200,
                 promised_date_field: str = "delivery_date", time_zone: str = "UTC",
                 site: str = "") -> None:
        self.source = source
        self.client = client
        self.page_size = max(1, page_size)
        self.promised_field = promised_date_field or "delivery_date"
        self.times = m.Times(time_zone)
        self.site = site or source.name
        self.quote_key_field_seen = False  # the Quotation's idempotency key field exists

    # -- the protocol ---------------------------------------------------------------------------

    def feeds(self) -> tuple[str, ...]:
        return tuple(f for f in FEEDS if FEEDS_BY_NAME[f].backend == self.source.kind)

    async def check(self) -> str:
        try:
            user = await self.client.call("frappe.auth.get_logged_user")
        except SourceRefused as exc:
            if exc.status == 404:
                raise SourceRefused(f"{self.client.url} has no Frappe site there (404: wrong "
                                    "site address or host name)", 404) from exc
            raise
        if not isinstance(user, str) or not user:
            raise not_that_kind(KIND, self.client.url)
        self.client.user = user
        versions = await self.client.call("frappe.utils.change_log.get_versions")
        if not isinstance(versions, dict):
            raise not_that_kind(KIND, self.client.url)
        erpnext = versions.get("erpnext")
        if not isinstance(erpnext, dict):
            frappe = (versions.get("frappe") or {}).get("version", "?")
            raise BadPayload(f"{self.client.url} is a Frappe {frappe} site without ERPNext "
                             "installed")
        for feed in self.feeds():  # a missing role is named now, not at the first sync
            await self.client.get_list(FEEDS[feed].doctype, fields=["name"], page_length=1)
        return f"ERPNext {erpnext.get('version', '?')}: user {user}"

    async def read_changes(self, feed: str, sync_token: str | None) -> AsyncIterator[FeedPage]:
        spec = FEEDS.get(feed)
        if spec is None:
            raise SourceRefused(f"ERPNext sources do not provide {feed}", 404)
        if sync_token:
            try:
                m.parse_time(sync_token)
            except ValueError as exc:
                raise BadPayload(f"{feed}: sync token {sync_token!r} is not a Frappe time; "
                                 "read everything again") from exc
        state = _Read(latest=sync_token)
        chosen = spec.filters if sync_token or spec.full_filters is None else spec.full_filters
        filters = [list(f) for f in chosen]
        if sync_token:
            filters.append(["modified", ">", sync_token])
        start = 0
        for _ in range(MAX_PAGES_PER_READ):
            rows = await self.client.get_list(spec.doctype, fields=list(spec.fields),
                                              filters=filters, order_by=ORDER_BY, start=start,
                                              page_length=self.page_size)
            page = await self._page(feed, spec, rows, state)
            start += len(rows)
            if len(rows) < self.page_size:
                if sync_token:
                    await self._deletions(feed, spec, sync_token, page, state)
                page.sync_token = state.latest or sync_token or m.EPOCH_TOKEN
                yield page
                return
            yield page
        raise BadPayload(f"{feed}: more than {MAX_PAGES_PER_READ} pages; stopped")

    async def aclose(self) -> None:
        await self.client.aclose()

    # -- reading ----------------------------------------------------------------------------------

    async def _docs(self, doctype: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return list(await asyncio.gather(*(self.client.get_doc(doctype, r["name"])
                                           for r in rows)))

    async def _page(self, feed: str, spec: FeedDef, rows: list[dict[str, Any]],
                    state: _Read) -> FeedPage:
        page = FeedPage(feed=feed)
        good = []
        for row in rows:
            try:
                if not row.get("name"):
                    raise ValueError("no name")
                m.parse_time(row.get("modified") or "")
                if not row.get("modified"):
                    raise ValueError("no modified time")
            except ValueError as exc:
                page.rejected.append(Rejection(feed, str(row.get("name") or "") or None,
                                               f"{spec.doctype}: {exc}"))
                continue
            state.latest = m.later(state.latest, row["modified"])
            good.append(row)
        docs = await self._docs(spec.doctype, good) if spec.whole_doc else good
        builder = getattr(self, "_build_" + feed.split(".", 1)[1])
        live = [doc for doc in docs if not (spec.cancel_removes and
                                            int(doc.get("docstatus") or 0) == 2)]
        for doc in docs:
            if doc not in live:
                page.deleted += [d.Tombstone(id=i, deleted_at=self.times.must(doc["modified"]))
                                 for i in await self._ids_of(feed, doc)]
        context = await self._context(feed, live, state)
        for doc in live:
            try:
                built = builder(doc, context)
                ended = self._ended_in(feed, doc)
            except (KeyError, ValueError, TypeError, ArithmeticError) as exc:
                page.rejected.append(Rejection(feed, doc.get("name"),
                                               f"{spec.doctype} {doc.get('name')}: {exc!r}"))
                continue
            page.records += [r for r in (built if isinstance(built, list) else [built]) if r]
            page.deleted += [d.Tombstone(id=i, deleted_at=self.times.must(doc["modified"]))
                             for i in ended]
        return page

    async def _deletions(self, feed: str, spec: FeedDef, token: str, page: FeedPage,
                         state: _Read) -> None:
        fields = ["name", "deleted_name", "deleted_doctype", "creation"]
        if spec.keep_data:
            fields.append("data")
        filters = [["deleted_doctype", "=", spec.doctype], ["creation", ">", token]]
        start = 0
        while True:
            try:
                rows = await self.client.get_list("Deleted Document", fields=fields,
                                                  filters=filters, order_by="creation asc",
                                                  start=start, page_length=self.page_size)
            except SourceRefused as exc:
                if exc.status != 403:
                    raise
                log.warning("%s: deletions not readable, left to the next full read: %s",
                            self.source.name, exc)
                return
            for row in rows:
                if not row.get("deleted_name") or not row.get("creation"):
                    page.rejected.append(Rejection(feed, row.get("name"),
                                                   "Deleted Document without deleted_name"))
                    continue
                state.latest = m.later(state.latest, row["creation"])
                when = self.times.must(row["creation"])
                ids = [row["deleted_name"]]
                if spec.keep_data:
                    try:
                        data = json.loads(row.get("data") or "{}")
                        ids = await self._ids_of(feed, data) if isinstance(data, dict) else []
                    except (ValueError, KeyError, TypeError):
                        ids = []
                page.deleted += [d.Tombstone(id=i, deleted_at=when) for i in ids]
            start += len(rows)
            if len(rows) < self.page_size:
                return

    async def _ids_of(self, feed: str, doc: dict[str, Any]) -> list[str]:
        """The record ids a document stands for (several for row-derived feeds)."""
        if feed == "crm.shipments":
            return m.shipment_ids(doc)
        if feed == "mes.genealogy":
            return [link.id for link in m.genealogy(doc, self.times)]
        if feed == "mes.measurements":
            return [x.id for x in m.quality(doc, self.times)[1]]
        if feed == "mes.stock":
            return m.stock_ids(doc)
        if feed == "mes.receipts":
            return m.receipt_ids(doc)
        return [doc["name"]]

    def _ended_in(self, feed: str, doc: dict[str, Any]) -> list[str]:
        """Records a live document no longer stands for (lines received in full, orders
        closed or completed): tombstones next to its records."""
        if feed == "mes.receipts":
            return m.receipt_ids_done(doc)
        return []

    async def _context(self, feed: str, docs: list[dict[str, Any]], state: _Read) -> Any:
        names = [doc["name"] for doc in docs]
        if not names:
            return None
        if feed == "crm.complaints":
            comments = await self.client.get_list(
                "Comment", fields=["name", "reference_name", "content", "creation"],
                filters=[["reference_doctype", "=", "Issue"], ["reference_name", "in", names],
                         ["comment_type", "=", "Comment"], ["content", "like", "%[gemba:%"]],
                order_by="creation asc", page_length=0)
            return m.findings_of(comments)
        if feed == "mes.work_orders":
            cards = await self.client.get_list(
                "Job Card", fields=list(JOB_CARD_FIELDS),
                filters=[["work_order", "in", names]], order_by="name asc", page_length=0)
            full = await self._docs("Job Card", cards)
            by_order: dict[str, list] = {}
            for card in full:
                by_order.setdefault(card.get("work_order") or "", []).append(card)
            return by_order
        if feed == "mes.stock":
            return await self._safety_stock(docs)
        if feed == "crm.shipments":
            orders = sorted({i["against_sales_order"] for doc in docs
                             for i in doc.get("items") or [] if i.get("against_sales_order")}
                            - set(state.order_lines))
            for order, doc in zip(orders, await asyncio.gather(
                    *(self._order_or_none(o) for o in orders)), strict=True):
                state.order_lines[order] = {i["name"]: int(i.get("idx") or 0)
                                            for i in (doc or {}).get("items") or []}
            lines: dict[str, int] = {}
            for order_lines in state.order_lines.values():
                lines.update(order_lines)
            return lines
        return None

    async def _readable(self, doctype: str, **kwargs: Any) -> list[dict[str, Any]] | None:
        """A list, or None when the user may not read it (403) or the site refuses the query
        (a child table's list on an older Frappe): safety stock is then left out quietly."""
        try:
            return await self.client.get_list(doctype, **kwargs)
        except SourceRefused as exc:
            if exc.status not in (403, 404, 422):
                raise
            log.debug("%s: %s not readable, safety stock from elsewhere: %s",
                      self.source.name, doctype, exc)
            return None

    async def _safety_stock(self, bins: list[dict[str, Any]]) -> dict[tuple[str, str], Any]:
        """(item, warehouse) of each Bin → safety stock: the warehouse's reorder level (Item
        Reorder) where the item has one, else the item's safety_stock."""
        items = sorted({b.get("item_code") or "" for b in bins} - {""})
        if not items:
            return {}
        levels: dict[tuple[str, str], Any] = {}
        reorder = await self._readable(
            "Item Reorder", fields=["name", "parent", "warehouse", "warehouse_reorder_level"],
            filters=[["parent", "in", items]], order_by="parent asc, idx asc", page_length=0,
            parent="Item")
        for row in reorder or []:
            if row.get("parent") and row.get("warehouse"):
                levels[(row["parent"], row["warehouse"])] = m.decimal(
                    row.get("warehouse_reorder_level"))
        by_item = await self._readable("Item", fields=["name", "safety_stock"],
                                       filters=[["name", "in", items]], order_by="name asc",
                                       page_length=0)
        per_item = {r["name"]: m.decimal(r.get("safety_stock"))
                    for r in by_item or [] if r.get("name")}
        found = {}
        for b in bins:
            key = (b.get("item_code") or "", b.get("warehouse") or "")
            level = levels.get(key, per_item.get(key[0]))
            if level is not None:
                found[key] = level
        return found

    async def _order_or_none(self, name: str) -> dict[str, Any] | None:
        try:
            return await self.client.get_doc("Sales Order", name)
        except SourceRefused as exc:
            if exc.status == 404:
                return None
            raise

    # one builder per feed: (document, page context) → record(s)

    def _build_customers(self, doc, _):
        return m.customer(doc)

    def _build_contacts(self, doc, _):
        return m.contact(doc)

    def _build_opportunities(self, doc, _):
        return m.opportunity(doc)

    def _build_orders(self, doc, _):
        return m.sales_order(doc, self.times, self.promised_field)

    def _build_activities(self, doc, _):
        return m.activity(doc, self.times)

    def _build_complaints(self, doc, findings):
        return m.complaint(doc, self.times, (findings or {}).get(doc["name"], []))

    def _build_shipments(self, doc, lines):
        return m.shipments(doc, self.times, lines or {})

    def _build_equipment(self, doc, _):
        return m.equipment(doc, self.site)

    def _build_work_orders(self, doc, cards):
        return m.work_order(doc, (cards or {}).get(doc["name"], []), self.times)

    def _build_downtime(self, doc, _):
        return m.downtime(doc, self.times)

    def _build_machine_events(self, doc, _):
        return m.machine_event(doc, self.times)

    def _build_characteristics(self, doc, _):
        return m.quality(doc, self.times)[0]

    def _build_measurements(self, doc, _):
        return m.quality(doc, self.times)[1]

    def _build_lots(self, doc, _):
        return m.lot(doc, self.times)

    def _build_serials(self, doc, _):
        return m.serial(doc, self.times)

    def _build_genealogy(self, doc, _):
        return m.genealogy(doc, self.times)

    def _build_stock(self, doc, safety):
        return m.stock_level(doc, self.times, safety or {})

    def _build_receipts(self, doc, _):
        return m.receipts(doc, self.times)

    # -- writing ----------------------------------------------------------------------------------

    async def write(
        self, method: str, path: str, body: dict[str, Any], idempotency_key: str,
        version: int | None,
    ) -> WriteResult:
        if method == "PATCH" and (match := PROMISE_PATH.match(path)):
            return await self._write_promise(match[1], int(match[2]), body, version)
        if method == "POST" and (match := ACTIVITY_PATH.match(path)):
            kind = str(body.get("kind") or "note")
            subject = str(body.get("subject") or "").replace("\n", " ")
            text = f"{kind}: {subject}"
            return await self._comment("Sales Order", match[1], text, str(body.get("body") or ""),
                                       idempotency_key, None,
                                       {"order_id": match[1], "kind": kind, "subject": subject})
        if method == "POST" and (match := FINDING_PATH.match(path)):
            text = str(body.get("text") or "").replace("\n", " ")
            return await self._comment("Issue", match[1], f"finding: {text}", "",
                                       idempotency_key, version,
                                       {"id": match[1], "finding": text})
        if method == "POST" and path == ORDERS_PATH:
            return await write_quotation(self, body, idempotency_key)
        if method == "POST" and RELEASE_PATH.match(path):
            return await self._write_release(body, idempotency_key)
        if method == "PATCH" and (match := PROGRESS_PATH.match(path)):
            return await self._write_progress(match[1], int(match[2]), body)
        if method == "POST" and PRIORITY_PATH.match(path):
            raise SourceRefused("ERPNext work orders have no priority field: the priority "
                                "cannot be changed in ERPNext (405); change the planned dates "
                                "or the production plan there instead", 405)
        raise SourceRefused(f"ERPNext sources do not take {method} {path} (405)", 405)

    def _stale(self, what: str, seen: int, now: int) -> SourceRefused:
        return SourceRefused(f"{what} changed in ERPNext since the person saw it (version "
                             f"{seen}, now {now}); look at it again before deciding", 412,
                             {"version": now})

    async def _write_promise(self, order: str, line_no: int, body: dict[str, Any],
                             version: int | None) -> WriteResult:
        try:
            promised = dt.date.fromisoformat(str(body["promised_date"]))
        except (KeyError, ValueError) as exc:
            raise SourceRefused("a promised date (YYYY-MM-DD) is needed", 422) from exc
        doc = await self.client.get_doc("Sales Order", order)
        items = doc.get("items") or []
        row = next((i for i in items if int(i.get("idx") or 0) == line_no), None)
        if row is None:
            raise SourceRefused(f"Sales Order {order} has no line {line_no} in ERPNext", 404)
        result = {"id": order, "line_no": line_no, "promised_date": promised.isoformat()}
        if m.parse_date(row.get(self.promised_field)) == promised:
            # Already so: a retry of a write that landed, or nothing to change.
            return WriteResult(200, {**result, "version": m.version_of(doc["modified"])},
                               replayed=True)
        now = m.version_of(doc["modified"])
        if version is not None and version != now:
            raise self._stale(f"Sales Order {order}", version, now)
        docstatus = int(doc.get("docstatus") or 0)
        if docstatus == 2:
            raise SourceRefused(f"Sales Order {order} is cancelled in ERPNext; its dates "
                                "cannot change", 409)
        if docstatus == 1 and self.promised_field == "delivery_date":
            if doc.get("status") in ("Closed", "Completed", "On Hold"):
                raise SourceRefused(f"Sales Order {order} is {doc['status']} in ERPNext: "
                                    "\"Update Items\" is not allowed; reopen it first", 409)
            trans = [{"docname": i["name"], "item_code": i.get("item_code"),
                      "qty": i.get("qty"), "rate": i.get("rate"), "uom": i.get("uom"),
                      "conversion_factor": i.get("conversion_factor"),
                      "delivery_date": promised.isoformat() if i is row
                      else i.get("delivery_date")} for i in items]
            await self.client.call(UPDATE_ITEMS, post=True, doctype="Sales Order",
                                   parent_doctype="Sales Order",
                                   trans_items=json.dumps(trans, default=str),
                                   parent_doctype_name=order, child_docname="items")
            where = "Update Items"
        else:
            # A draft, or a custom date field (allowed on submit): the whole items table goes
            # back with `modified`, so Frappe refuses (TimestampMismatchError) if it moved.
            new_items = [{**i, self.promised_field: promised.isoformat()} if i is row else i
                         for i in items]
            await self.client.update("Sales Order", order,
                                     {"modified": doc["modified"], "items": new_items})
            where = "document"
        after = await self.client.get_doc("Sales Order", order)
        return WriteResult(200, {**result, "stored_in": where,
                                 "version": m.version_of(after["modified"])})

    async def _write_release(self, body: dict[str, Any], key: str) -> WriteResult:
        """A submitted Work Order for the Sales Order Item, from the item's default BOM; a line
        that has a Work Order already (not cancelled) is answered with it: one per line."""
        order, line_no = str(body.get("order_id", "")), int(body.get("line_no") or 0)
        doc = await self.client.get_doc("Sales Order", order)
        row = next((i for i in doc.get("items") or [] if int(i.get("idx") or 0) == line_no),
                   None)
        if row is None:
            raise SourceRefused(f"Sales Order {order} has no line {line_no} in ERPNext", 404)
        if int(doc.get("docstatus") or 0) != 1:
            raise SourceRefused(f"Sales Order {order} is not submitted in ERPNext: only a "
                                "submitted order's lines are released", 409)
        fields = ["name", "modified", "docstatus", "production_item", "qty", "produced_qty",
                  "process_loss_qty", "stock_uom", "status", "expected_delivery_date",
                  "planned_end_date", "sales_order"]
        existing = await self.client.get_list(
            "Work Order", fields=fields,
            filters=[["sales_order", "=", order], ["sales_order_item", "=", row["name"]],
                     ["docstatus", "<", 2]], order_by="creation asc", page_length=1)
        if existing:
            await self._parameters_comment(existing[0]["name"], body, key)
            return WriteResult(200, self._released(existing[0], order, line_no, body),
                               replayed=True)
        item = str(body.get("product_id") or row.get("item_code") or "")
        boms = await self.client.get_list(
            "BOM", fields=["name"], filters=[["item", "=", item], ["is_active", "=", 1],
                                             ["is_default", "=", 1], ["docstatus", "=", 1]],
            order_by="modified asc", page_length=1)
        if not boms:
            raise SourceRefused(f"item {item} has no active default BOM in ERPNext: a Work "
                                "Order needs one", 422)
        new = {"production_item": item, "bom_no": boms[0]["name"],
               "qty": float(body.get("quantity") or row.get("qty") or 0),
               "sales_order": order, "sales_order_item": row["name"],
               "company": doc.get("company"), "docstatus": 1,
               "expected_delivery_date": body.get("due_date") or row.get("delivery_date")}
        created = await self.client.insert("Work Order", {k: v for k, v in new.items()
                                                          if v is not None})
        await self._parameters_comment(created["name"], body, key)
        made = await self.client.get_doc("Work Order", created["name"])
        return WriteResult(201, self._released(made, order, line_no, body))

    async def _parameters_comment(self, work_order: str, body: dict[str, Any],
                                  key: str) -> None:
        parameters = body.get("parameters") or {}
        if parameters:
            text = "production parameters: " + "; ".join(
                f"{name} = {value}" for name, value in sorted(parameters.items()))
            await self._comment("Work Order", work_order, text, "", key, None, {})

    def _released(self, doc: dict[str, Any], order: str, line_no: int,
                  body: dict[str, Any]) -> dict[str, Any]:
        from pydantic import TypeAdapter

        made = m.work_order(doc, [], self.times)
        made.links = [d.FulfilmentLink(order_id=order, line_no=line_no, work_order_id=made.id,
                                       quantity=made.quantity, unit=made.unit)]
        made.sales_line_ref = line_no
        made.parameters = dict(body.get("parameters") or {})
        return TypeAdapter(d.WorkOrder).dump_python(made, mode="json")

    async def _write_progress(self, order: str, line_no: int,
                              body: dict[str, Any]) -> WriteResult:
        """The Sales Order Item's gemba_* custom fields and the order's summary; values that
        are there already answer "replayed"."""
        for attempt in (1, 2):
            doc = await self.client.get_doc("Sales Order", order)
            items = doc.get("items") or []
            row = next((i for i in items if int(i.get("idx") or 0) == line_no), None)
            if row is None:
                raise SourceRefused(f"Sales Order {order} has no line {line_no} in ERPNext",
                                    404)
            wanted = {field: (int(bool(body.get(key))) if key == "at_risk" else body.get(key))
                      for key, field in PROGRESS_FIELDS.items()}
            answer = {"id": order, "line_no": line_no, "stored_in": "custom fields"}
            if all(row.get(f) == v for f, v in wanted.items()) and doc.get(
                    SUMMARY_FIELD) == body.get("summary"):
                return WriteResult(200, answer, replayed=True)
            new_items = [{**i, **wanted} if i is row else i for i in items]
            try:
                await self.client.update("Sales Order", order, {
                    "modified": doc["modified"], "items": new_items,
                    SUMMARY_FIELD: body.get("summary") or ""})
            except SourceRefused as exc:
                if exc.status == 417 and attempt == 1:  # moved meanwhile: read it again
                    continue
                raise
            return WriteResult(200, answer)
        raise SourceRefused(f"Sales Order {order} kept changing in ERPNext", 409)

    async def _comment(self, doctype: str, name: str, text: str, extra: str, key: str,
                       version: int | None, result: dict[str, Any]) -> WriteResult:
        tag = marker(key)
        found = await self.client.get_list(
            "Comment", fields=["name"],
            filters=[["reference_doctype", "=", doctype], ["reference_name", "=", name],
                     ["content", "like", f"%{tag}%"]], order_by="creation asc", page_length=1)
        if found:
            return WriteResult(200, {**result, "comment": found[0]["name"]}, replayed=True)
        if version is not None:
            doc = await self.client.get_doc(doctype, name)
            now = m.version_of(doc["modified"])
            if now != version:
                raise self._stale(f"{doctype} {name}", version, now)
        content = f"<p>{html.escape(tag)} {html.escape(text)}</p>"
        if extra:
            content += "".join(f"<p>{html.escape(p)}</p>" for p in extra.splitlines() if p)
        try:
            created = await self.client.insert("Comment", {
                "comment_type": "Comment", "reference_doctype": doctype,
                "reference_name": name, "content": content})
        except SourceRefused as exc:
            if exc.status == 422 and "Reference" in str(exc):
                raise SourceRefused(f"{doctype} {name} is not in ERPNext (deleted?)",
                                    404) from exc
            raise
        return WriteResult(201, {**result, "comment": created.get("name")})


__all__ = ["FEEDS", "ErpNextConnector", "SourceError", "WHAT"]
