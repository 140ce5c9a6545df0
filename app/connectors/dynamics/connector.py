"""The Microsoft Dynamics 365 (Dataverse Web API, OData v4) connector: the CRM side.

Reads customers, contacts, opportunities, sales orders with their lines and cases (complaints);
writes promised dates, activities on orders, findings and the lot of a complaint. Lots and
shipments are not Dynamics 365 Sales data, so `feeds()` does not list them.
docs/backends/dynamics365.md says what is read and written, and what the administrator sets up.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx

from app.connectors.base import (
    BadPayload,
    FeedPage,
    Rejection,
    SourceRefused,
    WriteResult,
)
from app.connectors.config import SourceConfig
from app.connectors.dynamics import mapping as m
from app.connectors.dynamics import writes
from app.connectors.dynamics.client import WHAT, DataverseClient, parse_json, refusal
from app.connectors.dynamics.reads import Table, TableReader
from app.domain import Tombstone

log = logging.getLogger(__name__)

ACCOUNTS = Table("accounts", "account", "accountid", m.ACCOUNT_COLUMNS)
CONTACTS = Table("contacts", "contact", "contactid", m.CONTACT_COLUMNS)
OPPORTUNITIES = Table("opportunities", "opportunity", "opportunityid", m.OPPORTUNITY_COLUMNS)
OPPORTUNITY_PRODUCTS = Table("opportunityproducts", "opportunityproduct",
                             "opportunityproductid", m.OPPORTUNITY_PRODUCT_COLUMNS,
                             expand=m.PRODUCT_EXPAND)
ORDERS = Table("salesorders", "salesorder", "salesorderid", m.ORDER_COLUMNS)
LINES = Table("salesorderdetails", "salesorderdetail", "salesorderdetailid", m.LINE_COLUMNS,
              expand=m.PRODUCT_EXPAND)
NOTES = Table("annotations", "annotation", "annotationid",
              ("annotationid", "_objectid_value", "subject", "notetext", "createdon"))

FEEDS = ("crm.customers", "crm.contacts", "crm.opportunities", "crm.orders", "crm.complaints")
FINDING_SUBJECT = "Finding"
# A fixed namespace: the same idempotency key always names the same note.
NOTE_NAMESPACE = uuid.UUID("5d1f1c52-3c4e-4e0b-9a55-1f0c2f6f7d21")


class DynamicsConnector:
    def __init__(
        self, source: SourceConfig, client: DataverseClient, *,
        promised_date_field: str = "requestdeliveryby", external_id_field: str = "gemba_actionid",
        lot_field: str = "gemba_lotid", order_field: str = "", change_tracking: str = "auto",
        page_size: int = 250, price_list: str = "",
    ) -> None:
        self.source = source
        self.price_list = price_list  # the pricelevel a quote is priced on ("": none set)
        self.client = client
        self.promised_date_field = promised_date_field
        self.external_id_field = external_id_field
        self.lot_field = lot_field
        self.order_field = order_field
        self.reader = TableReader(client, page_size, change_tracking)
        incident_columns = m.INCIDENT_COLUMNS + tuple(c for c in (lot_field, order_field) if c)
        self.incidents = Table("incidents", "incident", "incidentid", incident_columns,
                               expand="productid($select=productnumber)")
        line_columns = m.LINE_COLUMNS + (
            (promised_date_field,) if promised_date_field not in m.LINE_COLUMNS else ())
        self.lines = Table(LINES.entity_set, LINES.logical_name, LINES.key, line_columns,
                           expand=LINES.expand)

    def feeds(self) -> tuple[str, ...]:
        return FEEDS

    # --- test connection -------------------------------------------------------------------

    async def check(self) -> str:
        response = await self.client.send("GET", "WhoAmI")
        if response.status_code >= 400:
            raise refusal(response, "WhoAmI")
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict) or not isinstance(payload.get("UserId"), str):
            from app.connectors.http_errors import not_that_kind

            raise not_that_kind("a Dataverse (Dynamics 365) server", self.client.org_url)
        return f"Dynamics 365 org {self.client.org_url}: user {payload['UserId']}"

    # --- reads -----------------------------------------------------------------------------

    async def read_changes(self, feed: str, sync_token: str | None) -> AsyncIterator[FeedPage]:
        if feed == "crm.orders":
            async for page in self._orders(sync_token):
                yield page
            return
        match feed:
            case "crm.customers":
                table, build = ACCOUNTS, self._simple(m.customer)
            case "crm.contacts":
                table, build = CONTACTS, self._simple(m.contact)
            case "crm.opportunities":
                table, build = OPPORTUNITIES, self._opportunities
            case "crm.complaints":
                table, build = self.incidents, self._complaints
            case _:
                raise BadPayload(f"{WHAT} does not provide the feed {feed}")
        async for part in self.reader.changes(table, sync_token):
            page = FeedPage(feed=feed, sync_token=part.token)
            await build(page, table, part.rows)
            page.deleted.extend(_tombstones(part.deleted))
            _log_rejections(self.source.name, page)
            yield page

    @staticmethod
    def _simple(mapper: Callable[[dict[str, Any]], Any]):
        async def build(page: FeedPage, table: Table, rows: list[dict[str, Any]]) -> None:
            for row in rows:
                _add(page, table, row, lambda r=row: mapper(r))
        return build

    async def _opportunities(self, page: FeedPage, table: Table, rows: list[dict]) -> None:
        ids = _ids(rows, table.key)
        products: dict[str, list[dict]] = {}
        for product in await self.reader.rows_where(OPPORTUNITY_PRODUCTS,
                                                    "_opportunityid_value", ids):
            products.setdefault(str(product.get("_opportunityid_value")), []).append(product)
        for row in rows:
            _add(page, table, row,
                 lambda r=row: m.opportunity(r, products.get(str(r.get(table.key)), [])))

    async def _complaints(self, page: FeedPage, table: Table, rows: list[dict]) -> None:
        ids = _ids(rows, table.key)
        notes: dict[str, list[dict]] = {}
        for note in await self.reader.rows_where(
                NOTES, "_objectid_value", ids, f"subject eq '{FINDING_SUBJECT}'"):
            notes.setdefault(str(note.get("_objectid_value")), []).append(note)
        for row in rows:
            _add(page, table, row, lambda r=row: m.complaint(
                r, notes.get(str(r.get(table.key)), []), self.lot_field, self.order_field))

    async def _orders(self, sync_token: str | None) -> AsyncIterator[FeedPage]:
        """Orders whose header or any line changed, each read whole with its lines.

        The token holds one token per table: {"salesorders": ..., "salesorderdetails": ...}.
        A deleted line changes its order's totals (Dynamics recalculates them), so the order
        comes through the header table; deleted orders come as tombstones.
        """
        tokens: dict[str, str | None] = {ORDERS.entity_set: None, LINES.entity_set: None}
        if sync_token:
            try:
                stored = json.loads(sync_token)
            except ValueError:
                stored = None
            if not isinstance(stored, dict):
                raise BadPayload("crm.orders: stored sync token is not the Dynamics 365 kind; "
                                 "clear the source's sync state")
            tokens.update({k: v for k, v in stored.items() if k in tokens})
        done: set[str] = set()
        final: dict[str, str | None] = dict(tokens)
        pending: FeedPage | None = None
        async for part in self.reader.changes(ORDERS, tokens[ORDERS.entity_set]):
            if pending is not None:
                yield pending
            pending = FeedPage(feed="crm.orders")
            await self._orders_page(pending, part.rows, done)
            pending.deleted.extend(_tombstones(part.deleted))
            done.update(part.deleted)
            if part.token is not None:
                final[ORDERS.entity_set] = part.token
        lines_table = Table(LINES.entity_set, LINES.logical_name, LINES.key,
                            ("salesorderdetailid", "_salesorderid_value", "modifiedon",
                             "versionnumber"))
        async for part in self.reader.changes(lines_table, tokens[LINES.entity_set]):
            order_ids = sorted({o for row in part.rows
                                if isinstance(o := row.get("_salesorderid_value"), str)
                                and o not in done})
            if order_ids:
                headers = await self.reader.rows_where(ORDERS, "salesorderid", order_ids)
                if pending is not None:
                    yield pending
                pending = FeedPage(feed="crm.orders")
                await self._orders_page(pending, headers, done)
            if part.token is not None:
                final[LINES.entity_set] = part.token
        if pending is None:
            pending = FeedPage(feed="crm.orders")
        pending.sync_token = json.dumps(final, separators=(",", ":"))
        _log_rejections(self.source.name, pending)
        yield pending

    async def _orders_page(self, page: FeedPage, headers: list[dict], done: set[str]) -> None:
        ids = _ids(headers, ORDERS.key)
        lines: dict[str, list[dict]] = {}
        for line in await self.reader.rows_where(self.lines, "_salesorderid_value", ids):
            lines.setdefault(str(line.get("_salesorderid_value")), []).append(line)
        for row in headers:
            _add(page, ORDERS, row, lambda r=row: m.sales_order(
                r, lines.get(str(r.get(ORDERS.key)), []), self.promised_date_field))
            if isinstance(row.get(ORDERS.key), str):
                done.add(row[ORDERS.key])

    # --- writes ----------------------------------------------------------------------------

    async def write(
        self, method: str, path: str, body: dict[str, Any], idempotency_key: str,
        version: int | None,
    ) -> WriteResult:
        return await writes.write(self, method, path, body, idempotency_key, version)

    def note_id(self, idempotency_key: str) -> str:
        return str(uuid.uuid5(NOTE_NAMESPACE, f"{self.source.name}/{idempotency_key}"))

    async def aclose(self) -> None:
        await self.client.aclose()


def _ids(rows: list[dict], key: str) -> list[str]:
    from app.connectors.dynamics.reads import _GUID

    return [r[key] for r in rows if isinstance(r.get(key), str) and _GUID.match(r[key])]


def _add(page: FeedPage, table: Table, row: dict[str, Any], build: Callable[[], Any]) -> None:
    row_id = row.get(table.key)
    try:
        page.records.append(build())
    except ValueError as exc:
        page.rejected.append(Rejection(page.feed, row_id if isinstance(row_id, str) else None,
                                       str(exc)))


def _tombstones(ids: list[str]) -> list[Tombstone]:
    from datetime import UTC, datetime

    now = datetime.now(UTC)  # $deletedEntity entries carry no time: when we learnt of it
    return [Tombstone(id=i, deleted_at=now) for i in ids]


def _log_rejections(source: str, page: FeedPage) -> None:
    for rejection in page.rejected:
        log.warning("%s %s: rejected row %s: %s", source, page.feed, rejection.item_id,
                    rejection.reason)


def response_json(response: httpx.Response, what: str) -> dict[str, Any]:
    payload = parse_json(response, what)
    if not isinstance(payload, dict):
        raise BadPayload(f"{what}: {WHAT} answered with something other than a JSON object")
    return payload


__all__ = ["DynamicsConnector", "SourceRefused"]
