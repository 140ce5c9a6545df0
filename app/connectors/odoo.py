"""Odoo (16-19) as a CRM and/or an MES source, over JSON-2 (Odoo 19+) or JSON-RPC (16-18).

Protocols (docs/backends/odoo.md has the details):
- JSON-2 (Odoo 19+): POST /json/2/<model>/<method> with a JSON object of named arguments
  ("ids", "context" and the method's parameters), `Authorization: bearer <API key>` and
  `X-Odoo-Database: <database>`. Success is a 200 with the method's return value; a failure is
  a 4xx/5xx with {"name": "odoo.exceptions.AccessError", "message": ..., "arguments": ...,
  "context": ..., "debug": ...}; 401 is a wrong or expired API key.
- JSON-RPC (/jsonrpc): {"service": "common", "method": "authenticate", "args": [db, login, key,
  {}]} gives the user id, then {"service": "object", "method": "execute_kw", "args": [db, uid,
  key, model, method, args, kwargs]}. Failures come as {"error": {"code": 200, "message":
  "Odoo Server Error", "data": {"name": "odoo.exceptions.AccessDenied", "message": ...}}}.
The server's version comes from /web/webclient/version_info (common.version as a fallback); the
profile option "api" chooses the protocol, else JSON-2 on 19+ and JSON-RPC before.

Changes: every feed reads with search_read, explicit fields, the domain
[("write_date", ">", token)] (or the write_date of the rows a record is built from), order
"write_date asc, id asc" and offset/limit batches. The sync token is the latest write_date seen,
as Odoo writes it ("YYYY-MM-DD HH:MM:SS", UTC). A record's version is the epoch milliseconds of
the latest write_date of the rows it is built from. Odoo does not report deletions: a full read
(token None) lists every live id and the poller drops the rest; archived rows (active = False)
of models with `active` are read (active_test off) and come as Tombstones.

Materials: mes.stock sums the stock.quant rows of internal locations per product and location
("<default_code>@<location full name>"), safety stock = product_min_qty of the orderpoint of
that product and location (0 without one, or when stock.warehouse.orderpoint may not be read).
mes.receipts is one ExpectedReceipt per purchase.order.line of a confirmed order with quantity
still to receive (product_qty - qty_received); a full read leaves the other lines out, an
incremental read sends a changed line that is fully received or cancelled as a Tombstone.

Writes (idempotent: a retry of a write that landed is recognised, never applied twice):
- PATCH /crm/v1/orders/{id}/lines/{n} {promised_date}: commitment_date of the sale.order (Odoo
  has no promise per line); refused (412) when the order changed after the version the person
  saw; a retry finding the date already set answers "replayed".
- POST /crm/v1/orders/{id}/activities {subject, body}: message_post (an internal note) on the
  sale.order carrying "[gemba:<idempotency key>]"; mail.message is searched for it first.
- POST /crm/v1/orders (status draft: a quote from Planning): a draft sale.order (a quotation)
  for the partner, with the date quoted as its commitment_date and "[gemba:<key>]" as its
  origin, searched for first: a repeat answers the order made, not a second one.
- POST /mes/v1/work-orders/{id}/priority {priority}: `priority` of the mrp.production ("1"
  urgent, "0" normal).
- POST /mes/v1/work-orders (release to production): an mrp.production of the line's product
  and quantity, deadline the due date, origin the order's number followed by the marker (read
  back without it), confirmed; the production parameters from the line's options as an
  internal note on it. A retry finds the production by its marker.
- PATCH /crm/v1/orders/{id}/lines/{n}/progress: an internal note on the sale.order with the
  marker; with the source option progress_fields=yes, the custom fields x_gemba_progress,
  x_gemba_stage, x_gemba_predicted and x_gemba_at_risk of the sale.order.line and
  x_gemba_summary of the sale.order instead (docs/backends/odoo.md says how to add them).
- complaints: refused (405): standard Odoo has no complaints model.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterable
from decimal import Decimal
from typing import Any

import httpx

from app import domain as d
from app.connectors.base import (
    BadPayload,
    FeedPage,
    Rejection,
    SourceError,
    SourceRefused,
    SourceUnavailable,
    WriteResult,
)
from app.connectors.config import SecretReader, SourceConfig, SourceProfile
from app.connectors.http_errors import not_that_kind, status_error, transport_error
from app.contract import FEEDS_BY_NAME

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=10.0, pool=5.0)
ODOO_FORMAT = "%Y-%m-%d %H:%M:%S"
EPOCH_TOKEN = "1970-01-01 00:00:00"
MAX_PAGES_PER_READ = 10_000
WHAT = "the Odoo server"
ORDER = "write_date asc, id asc"

# Feed → the model it is read from; a feed whose model is not installed is left out of feeds().
FEED_MODELS: dict[str, str] = {
    "crm.customers": "res.partner",
    "crm.contacts": "res.partner",
    "crm.orders": "sale.order",
    "crm.opportunities": "crm.lead",
    "crm.shipments": "stock.picking",
    "mes.sites": "res.company",
    "mes.equipment": "mrp.workcenter",
    "mes.work_orders": "mrp.production",
    "mes.machine_events": "mrp.workcenter.productivity",
    "mes.downtime": "mrp.workcenter.productivity",
    "mes.lots": "stock.lot",
    "mes.genealogy": "stock.move.line",
    "mes.stock": "stock.quant",
    "mes.receipts": "purchase.order.line",
}
OTHER_MODELS = ("sale.order.line", "mrp.workorder", "stock.move", "product.product",
                "mail.message", "stock.warehouse.orderpoint")
# purchase.order.line.state (the order's, stored) of lines whose receipts are expected, and of
# lines read incrementally (cancelled ones come as Tombstones).
PURCHASE_CONFIRMED = ["purchase", "done"]
PURCHASE_SEEN = ["purchase", "done", "cancel"]

ORDER_STATUS = {
    "draft": d.OrderStatus.DRAFT, "sent": d.OrderStatus.DRAFT,
    "sale": d.OrderStatus.CONFIRMED, "done": d.OrderStatus.CLOSED,
    "cancel": d.OrderStatus.CANCELLED,
}
WORK_ORDER_STATUS = {
    "draft": d.WorkOrderStatus.PLANNED, "confirmed": d.WorkOrderStatus.RELEASED,
    "progress": d.WorkOrderStatus.RUNNING, "to_close": d.WorkOrderStatus.RUNNING,
    "done": d.WorkOrderStatus.COMPLETED, "cancel": d.WorkOrderStatus.CANCELLED,
}
OPERATION_STATUS = {
    "pending": d.OperationStatus.PENDING, "waiting": d.OperationStatus.PENDING,
    "ready": d.OperationStatus.PENDING, "progress": d.OperationStatus.RUNNING,
    "done": d.OperationStatus.DONE, "cancel": d.OperationStatus.DONE,
}

PROMISE_PATH = re.compile(r"^/crm/v1/orders/(\d+)/lines/(\d+)$")
ACTIVITY_PATH = re.compile(r"^/crm/v1/orders/(\d+)/activities$")
COMPLAINT_PATH = re.compile(r"^/crm/v1/complaints(/.*)?$")
PRIORITY_PATH = re.compile(r"^/mes/v1/work-orders/(\d+)/priority$")
RELEASE_PATH = re.compile(r"^/mes/v1/work-orders$")
PROGRESS_PATH = re.compile(r"^/crm/v1/orders/(\d+)/lines/(\d+)/progress$")
MARKER_RE = re.compile(r"\s*\[gemba:[^\]]*\]")
ORDERS_PATH = "/crm/v1/orders"


# --- small mapping helpers -------------------------------------------------------------------


def parse_time(value: Any) -> dt.datetime | None:
    """An Odoo datetime ("2026-03-02 08:15:00", UTC) as an aware datetime; False → None."""
    if not value:
        return None
    if not isinstance(value, str):
        raise ValueError(f"not an Odoo datetime: {value!r}")
    moment = dt.datetime.fromisoformat(value.replace("T", " ").split(".")[0])
    return moment.replace(tzinfo=dt.UTC)


def parse_date(value: Any) -> dt.date | None:
    if not value:
        return None
    return dt.date.fromisoformat(str(value)[:10])


def odoo_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime(ODOO_FORMAT)


def version_of(*values: Any) -> int:
    """Epoch milliseconds of the latest write_date given: grows on every change Odoo records."""
    times = [t for t in map(parse_time, values) if t]
    if not times:
        return 1
    return int(max(times).timestamp() * 1000)


def latest_write(rows: Iterable[dict[str, Any]]) -> str | None:
    """The latest write_date of these rows, as Odoo writes it."""
    times = [t for r in rows if (t := parse_time(r.get("write_date")))]
    return odoo_time(max(times)) if times else None


def m2o_id(value: Any) -> int | None:
    """A many2one as search_read answers it ([id, "display name"] or False) → its id."""
    if isinstance(value, list | tuple) and value:
        return int(value[0])
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def m2o_name(value: Any) -> str:
    if isinstance(value, list | tuple) and len(value) > 1:
        return str(value[1] or "")
    return ""


def decimal(value: Any) -> Decimal:
    if value is None or value is False:
        return Decimal(0)
    return Decimal(str(value))


def text(value: Any) -> str:
    return "" if value is None or value is False else str(value)


def marker(key: str) -> str:
    return f"[gemba:{key}]"


class _SessionLost(Exception):
    """SessionExpiredException (or a 401 on a JSON-RPC call): log in again once."""


# --- the connector ---------------------------------------------------------------------------


class OdooConnector:
    # Deletions never come through its reads: the poller re-reads in full now and then.
    reports_deletions = False

    def __init__(
        self,
        source: SourceConfig,
        database: str,
        login: str,
        secret: str,
        api: str | None = None,
        page_size: int = 200,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        progress_fields: bool = False,
    ) -> None:
        if api not in (None, "", "json2", "jsonrpc"):
            raise SourceError(f"unknown Odoo api {api!r}: use json2 (Odoo 19+) or jsonrpc")
        self.source = source
        self.database = database
        self.login = login
        self._secret = secret
        self.api = api or None  # decided from the server version when not set
        self.page_size = max(1, page_size)
        self._client = httpx.AsyncClient(base_url=source.base_url.rstrip("/"), timeout=timeout,
                                         transport=transport, verify=True)
        self._uid: int | None = None
        self._rpc_id = 0
        self.server_version: str | None = None
        self.major: int | None = None
        self._models: set[str] | None = None
        # Progress goes to the x_gemba_* custom fields (set up in Odoo), else to notes.
        self.progress_fields = progress_fields

    # -- the wire -------------------------------------------------------------------------------

    async def _send(self, path: str, payload: Any, headers: dict[str, str] | None = None
                    ) -> httpx.Response:
        try:
            return await self._client.post(
                path, content=json.dumps(payload),
                headers={"Content-Type": "application/json; charset=utf-8",
                         "User-Agent": "gemba-console", **(headers or {})})
        except httpx.HTTPError as exc:
            raise transport_error(exc, self.source.base_url) from exc

    async def _jsonrpc(self, path: str, params: dict[str, Any], *, what: str = "") -> Any:
        """One JSON-RPC 2.0 "call"; the error object in words."""
        self._rpc_id += 1
        response = await self._send(path, {"jsonrpc": "2.0", "method": "call",
                                           "params": params, "id": self._rpc_id})
        if response.status_code == 401 and self._uid is not None:
            raise _SessionLost()
        if response.status_code >= 400:
            raise status_error(response.status_code, WHAT)
        try:
            answer = response.json()
        except ValueError as exc:
            raise not_that_kind("an Odoo server", self.source.base_url) from exc
        if not isinstance(answer, dict) or not ("result" in answer or "error" in answer):
            raise not_that_kind("an Odoo server", self.source.base_url)
        if answer.get("error") is not None:
            error = answer["error"]
            data = error.get("data") if isinstance(error, dict) else None
            data = data if isinstance(data, dict) else {}
            raise self._server_error(data.get("name") or "", text(
                data.get("message") or (error.get("message") if isinstance(error, dict)
                                        else error)), what)
        return answer["result"]

    def _server_error(self, name: str, message: str, what: str, status: int = 0
                      ) -> Exception:
        """An Odoo exception (its qualified name and message) in words; `what` is
        "model.method"."""
        model = what.split(":", 1)[0] if what else ""
        first = (message or name or "unknown error").strip().splitlines()[0][:300]
        if name.endswith("SessionExpiredException"):
            return _SessionLost()
        if name.endswith("AccessDenied") or name.endswith("Unauthorized") or status == 401:
            return SourceRefused(
                f"{WHAT} refused the login: wrong user, password or API key for "
                f"{self.login!r} on database {self.database!r} ({first})", 401)
        if name.endswith("AccessError"):
            return SourceRefused(
                f"the Odoo user {self.login!r} lacks an access right on {model or 'a model'}: "
                f"{first} (docs/backends/odoo.md lists the groups it needs)", 403)
        if name.endswith("MissingError"):
            return SourceRefused(f"{WHAT} no longer has that {model} record: {first}", 404)
        if name.endswith("ValidationError") or name.endswith("UserError"):
            return SourceRefused(f"{WHAT} refused {what}: {first}", 422)
        if ("does not exist" in first and "database" in first) or name.endswith(
                "DatabaseNotFound") or (name == "KeyError" and self.database in first):
            return SourceRefused(f"{WHAT} has no database {self.database!r} (wrong database "
                                 "name)", 404)
        if name.endswith("NotFound") or status == 404:
            return SourceRefused(f"{WHAT} does not know {what or 'this address'} (404: wrong "
                                 "database, model not installed or URL)", 404)
        if status == 422 or name.endswith("TypeError"):
            return BadPayload(f"{WHAT} did not understand {what}: {first}")
        if status == 429:
            return SourceUnavailable(f"{WHAT} asks us to slow down (429 too many requests)")
        return SourceUnavailable(f"{WHAT} failed on {what or 'a call'}: {first}")

    async def _json2(self, model: str, method: str, body: dict[str, Any]) -> Any:
        response = await self._send(
            f"/json/2/{model}/{method}", body,
            {"Authorization": f"bearer {self._secret}", "X-Odoo-Database": self.database})
        what = f"{model}.{method}"
        if response.status_code >= 400:
            try:
                error = response.json()
            except ValueError:
                error = None
            if isinstance(error, dict) and "name" in error:
                raise self._server_error(str(error["name"]), text(error.get("message")), what,
                                         response.status_code)
            if response.status_code == 401:
                raise self._server_error("", "invalid API key", what, 401)
            if response.status_code == 404:
                raise SourceRefused(f"{WHAT} has no /json/2 endpoint or no database "
                                    f"{self.database!r} (404: JSON-2 needs Odoo 19; set the "
                                    "option api=jsonrpc for older servers)", 404)
            raise status_error(response.status_code, WHAT)
        try:
            return response.json()
        except ValueError as exc:
            raise BadPayload(f"{what}: {WHAT} answered something that is not JSON") from exc

    async def version(self) -> tuple[str, int]:
        """The server's version ("18.0", 18), from /web/webclient/version_info or
        common.version."""
        if self.server_version is not None and self.major is not None:
            return self.server_version, self.major
        try:
            info = await self._jsonrpc("/web/webclient/version_info", {})
        except SourceRefused as exc:
            if exc.status != 404:
                raise
            try:
                info = await self._jsonrpc("/jsonrpc", {"service": "common",
                                                        "method": "version", "args": []})
            except SourceRefused as again:
                if again.status == 404:
                    raise not_that_kind("an Odoo server", self.source.base_url) from again
                raise
        numbers = info.get("server_version_info") if isinstance(info, dict) else None
        if not isinstance(numbers, list) or not numbers or not isinstance(numbers[0], int):
            raise not_that_kind("an Odoo server", self.source.base_url)
        self.server_version = str(info.get("server_version") or f"{numbers[0]}.0")
        self.major = numbers[0]
        if self.api is None:
            self.api = "json2" if self.major >= 19 else "jsonrpc"
        return self.server_version, self.major

    async def _login(self) -> int:
        self._uid = None
        uid = await self._jsonrpc("/jsonrpc", {
            "service": "common", "method": "authenticate",
            "args": [self.database, self.login, self._secret, {}]}, what="login")
        if uid is False or uid is None:
            raise SourceRefused(f"{WHAT} refused the login: wrong user, password or API key "
                                f"for {self.login!r} on database {self.database!r}", 401)
        if not isinstance(uid, int) or isinstance(uid, bool):
            raise BadPayload(f"{WHAT} answered the login with {type(uid).__name__}, not a "
                             "user id")
        self._uid = uid
        return uid

    async def call(self, model: str, method: str, ids: list[int] | None = None,
                   context: dict[str, Any] | None = None, **params: Any) -> Any:
        """model.method(ids, **params) by the chosen protocol; logs in again once on an expired
        session."""
        await self.version()
        try:
            return await self._call_once(model, method, ids, context, params)
        except _SessionLost:
            log.info("%s: Odoo session expired; logging in again", self.source.name)
            if self.api == "jsonrpc":
                await self._login()
            try:
                return await self._call_once(model, method, ids, context, params)
            except _SessionLost:
                raise SourceRefused(f"{WHAT} ended the session again right after a new login "
                                    f"({model}.{method})", 401) from None

    async def _call_once(self, model, method, ids, context, params) -> Any:
        if self.api == "json2":
            body = dict(params)
            if ids is not None:
                body["ids"] = ids
            if context:
                body["context"] = context
            return await self._json2(model, method, body)
        if self._uid is None:
            await self._login()
        kwargs = dict(params)
        if context:
            kwargs["context"] = context
        return await self._jsonrpc("/jsonrpc", {
            "service": "object", "method": "execute_kw",
            "args": [self.database, self._uid, self._secret, model, method,
                     [ids] if ids is not None else [], kwargs]}, what=f"{model}.{method}")

    async def search_read(self, model: str, domain: list, fields: list[str], *,
                          offset: int = 0, limit: int | None = None, order: str = "id asc",
                          archived: bool = False) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"domain": domain, "fields": fields, "offset": offset,
                                  "order": order}
        if limit is not None:
            params["limit"] = limit
        rows = await self.call(model, "search_read",
                               context={"active_test": False} if archived else None, **params)
        if not isinstance(rows, list) or not all(
                isinstance(r, dict) and isinstance(r.get("id"), int) for r in rows):
            raise BadPayload(f"{model}.search_read did not answer a list of records")
        return rows

    async def models(self) -> set[str]:
        if self._models is None:
            rows = await self.search_read(
                "ir.model", [["model", "in", sorted({*FEED_MODELS.values(), *OTHER_MODELS})]],
                ["model"])
            self._models = {r["model"] for r in rows}
        return self._models

    # -- the protocol ---------------------------------------------------------------------------

    async def check(self) -> str:
        version, _major = await self.version()
        login = self.login
        if self.api == "json2":
            context = await self.call("res.users", "context_get")
            if not isinstance(context, dict):
                raise BadPayload("res.users.context_get did not answer an object")
            uid = context.get("uid")
            if isinstance(uid, int):
                rows = await self.search_read("res.users", [["id", "=", uid]], ["login"])
                login = rows[0]["login"] if rows else login
        else:
            await self._login()
        installed = await self.models()
        refused = []
        for feed, model in FEED_MODELS.items():
            if FEEDS_BY_NAME[feed].backend != self.source.kind or model not in installed:
                continue
            try:
                await self.search_read(model, [], ["id"], limit=1)
            except SourceRefused as exc:
                if exc.status != 403:
                    raise
                refused.append(model)
        if refused:
            names = ", ".join(sorted(set(refused)))
            raise SourceRefused(f"the Odoo user {login!r} lacks the read access right on "
                                f"{names} (docs/backends/odoo.md lists the groups it needs)",
                                403)
        return f"Odoo {version} database {self.database}: user {login}"

    def feeds(self) -> tuple[str, ...]:
        return tuple(feed for feed, model in FEED_MODELS.items()
                     if FEEDS_BY_NAME[feed].backend == self.source.kind
                     and (self._models is None or model in self._models))

    async def read_changes(self, feed: str, sync_token: str | None) -> AsyncIterator[FeedPage]:
        if feed not in FEED_MODELS:
            raise SourceRefused(f"Odoo does not provide {feed}", 404)
        if sync_token is not None:
            try:
                sync_token = odoo_time(parse_time(sync_token))  # as Odoo compares it
            except (ValueError, TypeError) as exc:
                raise SourceRefused(f"not an Odoo sync token: {sync_token!r}", 400) from exc
        await self.version()
        if FEED_MODELS[feed] not in await self.models():
            yield FeedPage(feed=feed, sync_token=sync_token or EPOCH_TOKEN)
            return
        reader = getattr(self, "_read_" + feed.split(".", 1)[1])
        latest = sync_token
        for page_no in range(MAX_PAGES_PER_READ):
            items, last, more = await reader(sync_token, page_no * self.page_size)
            if last and (latest is None or last > latest):
                latest = last
            page = FeedPage(feed=feed)
            for item in items:
                if isinstance(item, Rejection):
                    page.rejected.append(item)
                elif isinstance(item, d.Tombstone):
                    page.deleted.append(item)
                else:
                    page.records.append(item)
            if not more:
                page.sync_token = latest or EPOCH_TOKEN
                yield page
                return
            yield page
        raise BadPayload(f"{feed}: more than {MAX_PAGES_PER_READ} pages; stopped")

    # -- reading helpers ------------------------------------------------------------------------

    @staticmethod
    def _changed(since: str | None, *paths: str) -> list:
        """Rows whose write_date (or that of the rows at `paths`) is after `since`."""
        if since is None:
            return []
        clauses = [[f"{p}.write_date" if p else "write_date", ">", since] for p in ("", *paths)]
        return ["|"] * (len(clauses) - 1) + clauses

    async def _page(self, model: str, since: str | None, offset: int, fields: list[str], *,
                    extra: list | None = None, paths: tuple[str, ...] = (),
                    archived: bool = False) -> tuple[list[dict], bool]:
        domain = [*(extra or []), *self._changed(since, *paths)]
        rows = await self.search_read(model, domain, ["write_date", *fields], offset=offset,
                                      limit=self.page_size, order=ORDER, archived=archived)
        return rows, len(rows) == self.page_size

    def _reject(self, feed: str, row: dict[str, Any], exc: Exception) -> Rejection:
        return Rejection(feed, str(row.get("id")), f"{type(exc).__name__}: {exc}")

    def _mapped(self, feed: str, rows: list[dict[str, Any]],
                make: Callable[[dict[str, Any]], Any], archived: bool = False) -> list:
        """Each row as `make` maps it; a row that does not map is rejected with its reason
        (the rest still land); with `archived`, an archived row becomes a deletion."""
        items: list = []
        for r in rows:
            if archived and not r.get("active", True):
                items.append(self._tombstone(r))
                continue
            try:
                items.append(make(r))
            except (KeyError, TypeError, ValueError) as exc:
                items.append(self._reject(feed, r, exc))
        return items

    @staticmethod
    def _tombstone(row: dict[str, Any], prefix: str = "") -> d.Tombstone:
        return d.Tombstone(id=f"{prefix}{row['id']}", deleted_at=parse_time(
            row.get("write_date")) or dt.datetime.now(dt.UTC))

    async def _by_id(self, model: str, ids: Iterable[int], fields: list[str]
                     ) -> dict[int, dict[str, Any]]:
        wanted = sorted({i for i in ids if i})
        if not wanted:
            return {}
        rows = await self.search_read(model, [["id", "in", wanted]], fields, archived=True)
        return {r["id"]: r for r in rows}

    async def _commercial(self, partner_ids: Iterable[int]) -> dict[int, int]:
        """Partner → its commercial partner (the company a contact belongs to)."""
        rows = await self._by_id("res.partner", partner_ids, ["commercial_partner_id"])
        return {i: m2o_id(r.get("commercial_partner_id")) or i for i, r in rows.items()}

    async def _product_codes(self, product_ids: Iterable[int]) -> dict[int, str]:
        rows = await self._by_id("product.product", product_ids, ["default_code"])
        return {i: text(r.get("default_code")) or f"product-{i}" for i, r in rows.items()}

    def _uom_field(self) -> str:
        """sale.order.line's unit: product_uom before Odoo 19, product_uom_id from 19."""
        return "product_uom_id" if (self.major or 0) >= 19 else "product_uom"

    def _done_qty_field(self) -> str:
        """stock.move.line's done quantity: qty_done in Odoo 16, quantity from 17."""
        return "qty_done" if (self.major or 0) <= 16 else "quantity"

    # -- CRM feeds ------------------------------------------------------------------------------

    async def _read_customers(self, since, offset):
        rows, more = await self._page(
            "res.partner", since, offset, ["name", "ref", "lang", "country_id", "active"],
            extra=[["parent_id", "=", False], "|", ["customer_rank", ">", 0],
                   ["child_ids.customer_rank", ">", 0]], archived=True)
        items = self._mapped("crm.customers", rows, lambda r: d.Customer(
            id=str(r["id"]), version=version_of(r["write_date"]), name=text(r["name"]),
            number=text(r.get("ref")) or str(r["id"]),
            language=(text(r.get("lang")) or "en").split("_")[0],
            country=m2o_name(r.get("country_id"))), archived=True)
        return items, latest_write(rows), more

    async def _read_contacts(self, since, offset):
        rows, more = await self._page(
            "res.partner", since, offset,
            ["name", "parent_id", "email", "phone", "lang", "active"],
            extra=[["parent_id", "!=", False], "|", ["parent_id.customer_rank", ">", 0],
                   ["customer_rank", ">", 0]], archived=True)
        items = self._mapped("crm.contacts", rows, lambda r: d.Contact(
            id=str(r["id"]), version=version_of(r["write_date"]),
            customer_id=str(m2o_id(r["parent_id"])), name=text(r["name"]),
            email=text(r.get("email")), phone=text(r.get("phone")),
            language=(text(r.get("lang")) or "en").split("_")[0]), archived=True)
        return items, latest_write(rows), more

    async def _read_orders(self, since, offset):
        rows, more = await self._page(
            "sale.order", since, offset,
            ["name", "partner_id", "state", "client_order_ref", "commitment_date", "date_order",
             "create_date", "invoice_status"], paths=("order_line",))
        if not rows:
            return [], None, more
        uom = self._uom_field()
        lines = await self.search_read(
            "sale.order.line", [["order_id", "in", [r["id"] for r in rows]],
                                ["display_type", "=", False]],
            ["order_id", "sequence", "product_id", "product_uom_qty", uom, "qty_delivered",
             "customer_lead", "write_date"], order="order_id asc, sequence asc, id asc")
        by_order: dict[int, list] = defaultdict(list)
        for line in lines:
            by_order[m2o_id(line.get("order_id")) or 0].append(line)
        codes = await self._product_codes(m2o_id(x.get("product_id")) for x in lines)
        companies = await self._commercial(m2o_id(r.get("partner_id")) for r in rows)
        items = self._mapped("crm.orders", rows, lambda r: self._order(
            r, by_order[r["id"]], codes, companies, uom))
        return items, latest_write([*rows, *lines]), more

    def _order(self, r, lines, codes, companies, uom) -> d.SalesOrder:
        ordered = parse_time(r.get("date_order")) or parse_time(r.get("create_date"))
        promised = parse_time(r.get("commitment_date"))
        delivered = bool(lines) and all(
            decimal(x.get("qty_delivered")) >= decimal(x.get("product_uom_qty")) for x in lines)
        status = ORDER_STATUS.get(r["state"], d.OrderStatus.DRAFT)
        if r["state"] == "sale" and delivered:
            status = d.OrderStatus.SHIPPED
        if r["state"] == "done":  # locked: closed once invoiced, else shipped
            status = d.OrderStatus.CLOSED if r.get("invoice_status") == "invoiced" \
                else d.OrderStatus.SHIPPED
        order_lines = []
        for x in lines:
            product = m2o_id(x.get("product_id"))
            lead = dt.timedelta(days=float(x.get("customer_lead") or 0))
            requested = ((ordered or dt.datetime.now(dt.UTC)) + lead).date()
            order_lines.append(d.OrderLine(
                line_no=x["id"], product_id=codes.get(product or 0, ""),
                quantity=decimal(x.get("product_uom_qty")), unit=m2o_name(x.get(uom)),
                requested_date=requested, promised_date=promised.date() if promised else None))
        partner = m2o_id(r["partner_id"])
        return d.SalesOrder(
            id=str(r["id"]), version=version_of(r["write_date"], *(x["write_date"]
                                                                    for x in lines)),
            number=text(r["name"]), customer_id=str(companies.get(partner or 0, partner)),
            status=status, customer_po=text(r.get("client_order_ref")),
            created_at=parse_time(r.get("create_date")) or ordered or parse_time(
                r["write_date"]), lines=order_lines)

    async def _read_opportunities(self, since, offset):
        rows, more = await self._page(
            "crm.lead", since, offset,
            ["name", "partner_id", "probability", "date_deadline", "active", "stage_id",
             "create_date"], extra=[["type", "=", "opportunity"]], archived=True)
        companies = await self._commercial(m2o_id(r.get("partner_id")) for r in rows)
        items: list = []
        for r in rows:
            partner = m2o_id(r.get("partner_id"))
            if partner is None:
                items.append(Rejection("crm.opportunities", str(r["id"]),
                                       "an opportunity without a customer"))
                continue
            probability = decimal(r.get("probability"))
            if not r.get("active", True):
                stage = d.OpportunityStage.LOST  # Odoo archives lost opportunities
            elif probability >= 100:
                stage = d.OpportunityStage.WON
            elif probability >= 50:
                stage = d.OpportunityStage.NEGOTIATE
            elif probability >= 20:
                stage = d.OpportunityStage.PROPOSE
            else:
                stage = d.OpportunityStage.QUALIFY
            items.append(d.Opportunity(
                id=str(r["id"]), version=version_of(r["write_date"]),
                customer_id=str(companies.get(partner, partner)), name=text(r["name"]),
                product_id="", quantity=Decimal(0), unit="", stage=stage,
                probability=probability / 100,
                expected_close=parse_date(r.get("date_deadline")) or (
                    parse_time(r.get("create_date")) or parse_time(r["write_date"])).date()))
        return items, latest_write(rows), more

    async def _read_shipments(self, since, offset):
        rows, more = await self._page(
            "stock.picking", since, offset, ["name", "partner_id", "date_done", "sale_id"],
            extra=[["picking_type_code", "=", "outgoing"], ["state", "=", "done"]],
            paths=("move_line_ids",))
        if not rows:
            return [], None, more
        qty = self._done_qty_field()
        move_lines = await self.search_read(
            "stock.move.line", [["picking_id", "in", [r["id"] for r in rows]]],
            ["picking_id", "move_id", "lot_id", qty, "product_uom_id", "write_date"])
        moves = await self._by_id("stock.move", (m2o_id(x.get("move_id")) for x in move_lines),
                                  ["sale_line_id"])
        sale_lines = await self._by_id(
            "sale.order.line", (m2o_id(m.get("sale_line_id")) for m in moves.values()),
            ["order_id", "order_partner_id"])
        companies = await self._commercial(
            m2o_id(s.get("order_partner_id")) for s in sale_lines.values())
        pickings = {r["id"]: r for r in rows}
        groups: dict[tuple[int, int], list] = defaultdict(list)
        for x in move_lines:
            move = moves.get(m2o_id(x.get("move_id")) or 0, {})
            line = m2o_id(move.get("sale_line_id"))
            if line in sale_lines:
                groups[(m2o_id(x["picking_id"]) or 0, line)].append(x)
        items: list = []
        for (picking_id, line_id), group in groups.items():
            picking, line = pickings[picking_id], sale_lines[line_id]
            lots: dict[str, Decimal] = defaultdict(Decimal)
            for x in group:
                if m2o_id(x.get("lot_id")):
                    lots[str(m2o_id(x["lot_id"]))] += decimal(x.get(qty))
            partner = m2o_id(line.get("order_partner_id"))
            items.append(d.Shipment(
                id=f"{picking_id}-{line_id}",
                version=version_of(picking["write_date"], *(x["write_date"] for x in group)),
                order_id=str(m2o_id(line.get("order_id"))), line_no=line_id,
                customer_id=str(companies.get(partner or 0, partner)),
                quantity=sum((decimal(x.get(qty)) for x in group), Decimal(0)),
                unit=m2o_name(group[0].get("product_uom_id")),
                shipped_at=parse_time(picking.get("date_done")) or parse_time(
                    picking["write_date"]),
                lots=[d.ShipmentLot(lot_id=k, quantity=v) for k, v in lots.items()]))
        return items, latest_write([*rows, *move_lines]), more

    # -- MES feeds ------------------------------------------------------------------------------

    async def _read_sites(self, since, offset):
        rows, more = await self._page("res.company", since, offset, ["name"])
        zone = "UTC"
        if rows:
            try:
                context = await self.call("res.users", "context_get")
                zone = (context or {}).get("tz") or "UTC"
            except SourceRefused:
                zone = "UTC"
        items = [d.Site(id=f"co-{r['id']}", version=version_of(r["write_date"]),
                        name=text(r["name"]), time_zone=zone) for r in rows]
        return items, latest_write(rows), more

    async def _read_equipment(self, since, offset):
        rows, more = await self._page("mrp.workcenter", since, offset,
                                      ["name", "code", "company_id", "active"], archived=True)
        items: list = []
        for r in rows:
            if not r.get("active", True):
                items.append(self._tombstone(r, "wc-"))
                continue
            items.append(d.Equipment(
                id=f"wc-{r['id']}", version=version_of(r["write_date"]),
                site_id=f"co-{m2o_id(r.get('company_id')) or 1}",
                level=d.EquipmentLevel.WORK_CENTER, name=text(r["name"])))
        return items, latest_write(rows), more

    async def _read_work_orders(self, since, offset):
        start, end = ("date_planned_start", "date_planned_finished") if (
            self.major or 0) <= 16 else ("date_start", "date_finished")
        rows, more = await self._page(
            "mrp.production", since, offset,
            ["name", "product_id", "product_qty", "product_uom_id", "qty_producing",
             "qty_produced", "state", "priority", "date_deadline", start, "origin",
             "lot_producing_id"], paths=("workorder_ids",))
        if not rows:
            return [], None, more
        ops: list = []
        if "mrp.workorder" in await self.models():
            ops = await self.search_read(
                "mrp.workorder", [["production_id", "in", [r["id"] for r in rows]]],
                ["production_id", "workcenter_id", "state", start, end, "qty_produced",
                 "write_date"], order="production_id asc, id asc")
        ops_by: dict[int, list] = defaultdict(list)
        for o in ops:
            ops_by[m2o_id(o.get("production_id")) or 0].append(o)
        codes = await self._product_codes(m2o_id(r.get("product_id")) for r in rows)
        items = self._mapped("mes.work_orders", rows, lambda r: self._work_order(
            r, ops_by[r["id"]], codes, start, end))
        return items, latest_write([*rows, *ops]), more

    def _work_order(self, r, ops, codes, start, end) -> d.WorkOrder:
        # Progress from quantities: qty_produced once produced (done moves), else what the
        # operator is producing now (qty_producing).
        good = max(decimal(r.get("qty_produced")), decimal(r.get("qty_producing")))
        if r["state"] == "done":
            good = decimal(r.get("qty_produced")) or good
        if r["state"] in ("draft", "cancel"):
            good = decimal(r.get("qty_produced"))
        operations = [d.Operation(
            sequence=n, work_center_id=f"wc-{m2o_id(o.get('workcenter_id'))}",
            status=OPERATION_STATUS.get(o.get("state"), d.OperationStatus.PENDING),
            planned_start=parse_time(o.get(start)), planned_end=parse_time(o.get(end)),
            good=decimal(o.get("qty_produced"))) for n, o in enumerate(ops, start=1)]
        product = m2o_id(r["product_id"])
        lot = m2o_id(r.get("lot_producing_id"))
        deadline = parse_time(r.get("date_deadline"))
        return d.WorkOrder(
            id=str(r["id"]), version=version_of(r["write_date"], *(o["write_date"]
                                                                    for o in ops)),
            number=text(r["name"]), product_id=codes.get(product or 0, ""),
            quantity=decimal(r["product_qty"]), unit=m2o_name(r.get("product_uom_id")),
            good=good, status=WORK_ORDER_STATUS.get(r["state"], d.WorkOrderStatus.PLANNED),
            priority=1 if str(r.get("priority") or "0") != "0" else 3,
            due_date=deadline.date() if deadline else None, operations=operations,
            output_lot_id=str(lot) if lot else None,
            sales_order_ref=MARKER_RE.sub("", text(r.get("origin"))).strip())

    async def _productivity(self, since, offset, extra: list | None = None):
        return await self._page(
            "mrp.workcenter.productivity", since, offset,
            ["workcenter_id", "loss_id", "loss_type", "date_start", "date_end", "description",
             "production_id"], extra=extra)

    @staticmethod
    def _state_of(row: dict[str, Any]) -> d.MachineState:
        kind, reason = row.get("loss_type"), m2o_name(row.get("loss_id")).lower()
        if kind in ("productive", "performance", "quality"):
            return d.MachineState.RUNNING
        if "setup" in reason or "changeover" in reason:
            return d.MachineState.SETUP
        if "maint" in reason:
            return d.MachineState.MAINTENANCE
        return d.MachineState.DOWN

    async def _read_machine_events(self, since, offset):
        rows, more = await self._productivity(since, offset)
        items = [d.StateEvent(
            id=str(r["id"]), version=version_of(r["write_date"]),
            machine_id=f"wc-{m2o_id(r.get('workcenter_id'))}", state=self._state_of(r),
            start=parse_time(r["date_start"]) or parse_time(r["write_date"]),
            end=parse_time(r.get("date_end")),
            reason=m2o_name(r.get("loss_id")) or text(r.get("description")))
            for r in rows]
        return items, latest_write(rows), more

    async def _read_downtime(self, since, offset):
        rows, more = await self._productivity(
            since, offset, extra=[["loss_type", "=", "availability"]])
        items = []
        for r in rows:
            state = self._state_of(r)
            reason = m2o_name(r.get("loss_id")) or text(r.get("description"))
            items.append(d.Downtime(
                id=str(r["id"]), version=version_of(r["write_date"]),
                machine_id=f"wc-{m2o_id(r.get('workcenter_id'))}",
                start=parse_time(r["date_start"]) or parse_time(r["write_date"]),
                end=parse_time(r.get("date_end")), reason=reason,
                planned=state in (d.MachineState.SETUP, d.MachineState.MAINTENANCE)))
        return items, latest_write(rows), more

    async def _read_lots(self, since, offset):
        rows, more = await self._page("stock.lot", since, offset,
                                      ["name", "product_id", "product_qty", "product_uom_id",
                                       "create_date"])
        if not rows:
            return [], None, more
        made = await self.search_read(
            "mrp.production", [["lot_producing_id", "in", [r["id"] for r in rows]]],
            ["lot_producing_id"]) if "mrp.production" in await self.models() else []
        made_by = {m2o_id(m["lot_producing_id"]): m["id"] for m in made}
        codes = await self._product_codes(m2o_id(r.get("product_id")) for r in rows)
        items = []
        for r in rows:
            production = made_by.get(r["id"])
            items.append(d.Lot(
                id=str(r["id"]), version=version_of(r["write_date"]), number=text(r["name"]),
                product_id=codes.get(m2o_id(r.get("product_id")) or 0, ""),
                kind=d.LotKind.FINISHED if production else d.LotKind.RAW,
                quantity=decimal(r.get("product_qty")), unit=m2o_name(r.get("product_uom_id")),
                created_at=parse_time(r.get("create_date")) or parse_time(r["write_date"]),
                work_order_id=str(production) if production else None))
        return items, latest_write(rows), more

    async def _read_genealogy(self, since, offset):
        qty = self._done_qty_field()
        rows, more = await self._page(
            "stock.move.line", since, offset, ["lot_id", "move_id", qty, "product_uom_id",
                                               "date"],
            extra=[["lot_id", "!=", False], ["state", "=", "done"],
                   ["move_id.raw_material_production_id", "!=", False]])
        if not rows:
            return [], None, more
        moves = await self._by_id("stock.move", (m2o_id(r.get("move_id")) for r in rows),
                                  ["raw_material_production_id"])
        productions = await self._by_id(
            "mrp.production",
            (m2o_id(m.get("raw_material_production_id")) for m in moves.values()),
            ["lot_producing_id"])
        items: list = []
        for r in rows:
            move = moves.get(m2o_id(r.get("move_id")) or 0, {})
            production = productions.get(m2o_id(move.get("raw_material_production_id")) or 0)
            child = m2o_id((production or {}).get("lot_producing_id"))
            if child is None:
                continue  # the production has no finished lot (yet): nothing to link
            items.append(d.LotLink(
                id=f"{r['id']}-{child}", version=version_of(r["write_date"]),
                parent_lot_id=str(m2o_id(r["lot_id"])), child_lot_id=str(child),
                quantity=decimal(r.get(qty)), unit=m2o_name(r.get("product_uom_id")),
                linked_at=parse_time(r.get("date")) or parse_time(r["write_date"])))
        return items, latest_write(rows), more

    # -- materials ------------------------------------------------------------------------------

    async def _read_stock(self, since, offset):
        internal = [["location_id.usage", "=", "internal"]]
        changed, more = await self._page("stock.quant", since, offset,
                                         ["product_id", "location_id"], extra=internal)
        keys = {(m2o_id(r.get("product_id")), m2o_id(r.get("location_id"))) for r in changed}
        points: list[dict] = []
        if since is not None and offset == 0:
            # A changed minimum brings its level back although no quant moved.
            points = await self._orderpoints([*self._changed(since),
                                              ["location_id.usage", "=", "internal"]])
            keys |= {(m2o_id(p.get("product_id")), m2o_id(p.get("location_id")))
                     for p in points}
        keys = {k for k in keys if k[0] and k[1]}
        if not keys:
            return [], latest_write([*changed, *points]), more
        products = sorted({k[0] for k in keys})
        locations = sorted({k[1] for k in keys})
        # Every quant (lots, packages, owners) of those products and locations, not only the
        # changed ones: a level is their sum.
        quants = await self.search_read(
            "stock.quant", [["product_id", "in", products], ["location_id", "in", locations],
                            *internal],
            ["product_id", "location_id", "quantity", "reserved_quantity", "product_uom_id",
             "write_date"])
        minimums = await self._orderpoints([["product_id", "in", products],
                                            ["location_id", "in", locations]])
        minimum = {(m2o_id(p.get("product_id")), m2o_id(p.get("location_id"))): p
                   for p in minimums}
        groups: dict[tuple[int, int], list] = defaultdict(list)
        for q in quants:
            key = (m2o_id(q.get("product_id")), m2o_id(q.get("location_id")))
            if key in keys:
                groups[key].append(q)
        codes = await self._product_codes(k[0] for k in keys)
        names = {m2o_id(r.get("location_id")): m2o_name(r.get("location_id"))
                 for r in [*changed, *points, *quants]}
        items: list = []
        for key in sorted(keys):
            group, point = groups.get(key, []), minimum.get(key)
            try:
                items.append(self._stock_level(key, group, point, codes, names))
            except (KeyError, TypeError, ValueError) as exc:
                items.append(self._reject("mes.stock", {"id": f"{key[0]}@{key[1]}"}, exc))
        return items, latest_write([*changed, *points, *quants]), more

    def _stock_level(self, key, quants, point, codes, names) -> d.StockLevel:
        product, location = key
        code = codes.get(product, f"product-{product}")
        where = names.get(location) or f"loc-{location}"
        written = [q["write_date"] for q in quants] + ([point["write_date"]] if point else [])
        counted = max((t for t in map(parse_time, written) if t),
                      default=dt.datetime.now(dt.UTC))
        unit = next((m2o_name(q.get("product_uom_id")) for q in quants
                     if q.get("product_uom_id")), "")
        return d.StockLevel(
            id=f"{code}@{where}", version=version_of(*written), item_id=code, location=where,
            on_hand=sum((decimal(q.get("quantity")) for q in quants), Decimal(0)),
            reserved=sum((decimal(q.get("reserved_quantity")) for q in quants), Decimal(0)),
            safety_stock=decimal(point.get("product_min_qty")) if point else Decimal(0),
            unit=unit, counted_at=counted)

    async def _orderpoints(self, domain: list) -> list[dict[str, Any]]:
        """Active reordering rules matching `domain`; none when the model is not installed or
        the user may not read it (safety stock is then 0)."""
        if "stock.warehouse.orderpoint" not in await self.models():
            return []
        try:
            return await self.search_read(
                "stock.warehouse.orderpoint", domain,
                ["product_id", "location_id", "product_min_qty", "write_date"])
        except SourceRefused as exc:
            if exc.status not in (403, 404):
                raise
            log.info("%s: no safety stock (%s)", self.source.name, exc)
            return []

    async def _read_receipts(self, since, offset):
        uom = self._uom_field()
        states = PURCHASE_CONFIRMED if since is None else PURCHASE_SEEN
        rows, more = await self._page(
            "purchase.order.line", since, offset,
            ["order_id", "partner_id", "product_id", "product_qty", "qty_received", uom,
             "date_planned", "state"],
            extra=[["state", "in", states], ["display_type", "=", False]], paths=("order_id",))
        codes = await self._product_codes(m2o_id(r.get("product_id")) for r in rows)
        # The orders' write_date: a line can come back because its order changed (confirmed,
        # cancelled), and the token and version must then count the order's time.
        orders = await self._by_id("purchase.order", (m2o_id(r.get("order_id")) for r in rows),
                                   ["write_date"])
        items: list = []
        for r in rows:
            order = orders.get(m2o_id(r.get("order_id")) or 0, {})
            try:
                outstanding = decimal(r.get("product_qty")) - decimal(r.get("qty_received"))
                if r.get("state") not in PURCHASE_CONFIRMED or outstanding <= 0:
                    if since is not None:  # a full read leaves it out: the poller drops it
                        items.append(self._tombstone(r))
                    continue
                items.append(d.ExpectedReceipt(
                    id=str(r["id"]), version=version_of(r["write_date"],
                                                        order.get("write_date")),
                    purchase_order=m2o_name(r.get("order_id")) or str(m2o_id(r["order_id"])),
                    supplier=m2o_name(r.get("partner_id")),
                    item_id=codes.get(m2o_id(r.get("product_id")) or 0, ""),
                    quantity=outstanding, unit=m2o_name(r.get(uom)),
                    expected_at=parse_time(r.get("date_planned")) or parse_time(
                        r["write_date"]),
                    status=d.ReceiptStatus.OPEN))
            except (KeyError, TypeError, ValueError) as exc:
                items.append(self._reject("mes.receipts", r, exc))
        return items, latest_write([*rows, *orders.values()]), more

    # -- writes ---------------------------------------------------------------------------------

    async def write(
        self, method: str, path: str, body: dict[str, Any], idempotency_key: str,
        version: int | None,
    ) -> WriteResult:
        if method == "PATCH" and (m := PROMISE_PATH.match(path)):
            return await self._write_promise(int(m[1]), int(m[2]), body, version)
        if method == "POST" and (m := ACTIVITY_PATH.match(path)):
            return await self._write_activity(int(m[1]), body, idempotency_key)
        if method == "POST" and (m := PRIORITY_PATH.match(path)):
            return await self._write_priority(int(m[1]), body, version)
        if method == "POST" and RELEASE_PATH.match(path):
            return await self._write_release(body, idempotency_key)
        if method == "PATCH" and (m := PROGRESS_PATH.match(path)):
            return await self._write_progress(int(m[1]), int(m[2]), body, idempotency_key)
        if method == "POST" and path == ORDERS_PATH:
            return await self._write_quotation(body, idempotency_key)
        if COMPLAINT_PATH.match(path):
            raise SourceRefused("standard Odoo has no customer complaints model (no findings "
                                "or complaint lots to write); record complaints elsewhere",
                                405)
        raise SourceRefused(f"Odoo sources do not take {method} {path}", 405)

    def _stale(self, what: str, seen: int, now: int) -> SourceRefused:
        return SourceRefused(f"{what} changed in Odoo since the person saw it (version "
                             f"{seen}, now {now}); look at it again before deciding", 412,
                             {"version": now})

    async def _order_state(self, order_id: int) -> tuple[dict[str, Any], list[dict], int]:
        rows = await self.search_read("sale.order", [["id", "=", order_id]],
                                      ["commitment_date", "state", "write_date"])
        if not rows:
            raise SourceRefused(f"order {order_id} is not in Odoo (deleted?)", 404)
        lines = await self.search_read("sale.order.line", [["order_id", "=", order_id],
                                                           ["display_type", "=", False]],
                                       ["write_date"])
        return rows[0], lines, version_of(rows[0]["write_date"],
                                          *(x["write_date"] for x in lines))

    async def _write_promise(self, order_id, line_id, body, version) -> WriteResult:
        try:
            promised = dt.date.fromisoformat(str(body["promised_date"]))
        except (KeyError, ValueError) as exc:
            raise SourceRefused("a promised date (YYYY-MM-DD) is needed", 422) from exc
        order, lines, current = await self._order_state(order_id)
        if line_id not in {x["id"] for x in lines}:
            raise SourceRefused(f"order {order_id} has no line {line_id} in Odoo", 404)
        answer = {"id": str(order_id), "line_no": line_id, "promised_date": promised.isoformat()}
        now = parse_time(order.get("commitment_date"))
        if now is not None and now.date() == promised:  # already set: a retry, or no change
            return WriteResult(200, {**answer, "version": current}, replayed=True)
        if version is not None and current > version:
            raise self._stale(f"order {order_id}", version, current)
        # Noon UTC keeps the date the same for the people reading it in any time zone ±11h.
        moment = dt.datetime.combine(promised, dt.time(12), tzinfo=dt.UTC)
        await self.call("sale.order", "write", [order_id],
                        vals={"commitment_date": odoo_time(moment)})
        _order, _lines, after = await self._order_state(order_id)
        return WriteResult(200, {**answer, "stored_in": "sale.order.commitment_date",
                                 "version": after})

    async def _write_activity(self, order_id, body, key) -> WriteResult:
        tag = marker(key)
        found = await self.search_read(
            "mail.message", [["model", "=", "sale.order"], ["res_id", "=", order_id],
                             ["body", "ilike", tag]], ["id"])
        if found:
            return WriteResult(200, {"order_id": str(order_id), "message_id": found[0]["id"]},
                               replayed=True)
        subject = text(body.get("subject")).replace("\n", " ")
        kind = text(body.get("kind")) or "note"
        message = "\n".join(p for p in (subject, text(body.get("body")), tag) if p)
        # Always an internal note: a "comment" would e-mail the order's followers (the customer).
        message_id = await self.call("sale.order", "message_post", [order_id], body=message,
                                     message_type="comment", subtype_xmlid="mail.mt_note")
        if isinstance(message_id, list) and message_id:
            message_id = message_id[0]
        return WriteResult(201, {"order_id": str(order_id), "kind": kind, "subject": subject,
                                 "message_id": message_id})

    async def _write_quotation(self, body: dict[str, Any], key: str) -> WriteResult:
        """A draft sale.order (a quotation): the customer, its PO, the date quoted as the
        commitment date (read back as the lines' promised date, so the quote holds its
        capacity), a line per product; `origin` carries the marker a repeat looks for."""
        if text(body.get("status")) not in ("", "draft"):
            raise SourceRefused("only draft orders (quotations) are created in Odoo", 422)
        tag = marker(key)
        found = await self.search_read("sale.order", [["origin", "=", tag]],
                                       ["name", "state", "write_date"], limit=1)
        if found:
            return WriteResult(201, {"id": str(found[0]["id"]), "number": found[0]["name"],
                                     "status": "draft"}, replayed=True)
        try:
            partner = int(text(body.get("customer_id")))
        except ValueError as exc:
            raise SourceRefused(f"no Odoo partner {body.get('customer_id')!r}", 422) from exc
        lines = []
        quoted: list[str] = []
        for asked in body.get("lines") or []:
            code = text(asked.get("product_id"))
            products = await self.search_read("product.product", [["default_code", "=", code]],
                                              ["id"], limit=1)
            if not products:
                raise SourceRefused(f"no product with internal reference {code!r} in Odoo", 422)
            lines.append([0, 0, {"product_id": products[0]["id"],
                                 "product_uom_qty": float(decimal(asked.get("quantity")))}])
            if asked.get("promised_date"):
                quoted.append(text(asked["promised_date"]))
        if not lines:
            raise SourceRefused("a quotation needs at least one line", 422)
        values: dict[str, Any] = {"partner_id": partner, "origin": tag, "order_line": lines,
                                  "client_order_ref": text(body.get("customer_po")) or False}
        if quoted:  # noon UTC: the same date in any time zone ±11h
            values["commitment_date"] = odoo_time(dt.datetime.combine(
                dt.date.fromisoformat(max(quoted)), dt.time(12), tzinfo=dt.UTC))
        created = await self.call("sale.order", "create", vals_list=[values])
        order_id = created[0] if isinstance(created, list) else created
        rows = await self.search_read("sale.order", [["id", "=", order_id]],
                                      ["name", "state", "write_date"])
        name = rows[0]["name"] if rows else ""
        return WriteResult(201, {"id": str(order_id), "number": name, "status": "draft",
                                 "version": version_of(rows[0]["write_date"]) if rows else 1})

    async def _write_priority(self, production_id, body, version) -> WriteResult:
        try:
            wanted = "1" if int(body["priority"]) <= 1 else "0"
        except (KeyError, TypeError, ValueError) as exc:
            raise SourceRefused("a priority (1 = most urgent) is needed", 422) from exc
        rows = await self.search_read("mrp.production", [["id", "=", production_id]],
                                      ["priority", "write_date"])
        if not rows:
            raise SourceRefused(f"work order {production_id} is not in Odoo", 404)
        answer = {"id": str(production_id), "priority": int(body["priority"])}
        current = version_of(rows[0]["write_date"])
        if str(rows[0].get("priority") or "0") == wanted:
            return WriteResult(200, {**answer, "version": current}, replayed=True)
        if version is not None and current > version:
            raise self._stale(f"work order {production_id}", version, current)
        await self.call("mrp.production", "write", [production_id], vals={"priority": wanted})
        return WriteResult(200, {**answer, "odoo_priority": wanted})

    async def _write_release(self, body: dict[str, Any], key: str) -> WriteResult:
        tag = marker(key)
        try:
            order_id, line_id = int(body["order_id"]), int(body["line_no"])
            quantity = float(Decimal(str(body["quantity"])))
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise SourceRefused(f"a release needs an order, a line and a quantity: {exc}",
                                422) from exc
        fields = ["name", "product_id", "product_qty", "product_uom_id", "state", "origin",
                  "date_deadline", "write_date"]
        found = await self.search_read("mrp.production", [["origin", "ilike", tag]], fields)
        if found:
            await self._post_parameters(found[0]["id"], body, tag)
            return WriteResult(200, self._released(found[0], order_id, line_id, body),
                               replayed=True)
        products = await self.search_read(
            "product.product", [["default_code", "=", str(body.get("product_id", ""))]],
            ["uom_id"])
        if not products:
            raise SourceRefused(f"no product with internal reference {body.get('product_id')}"
                                " in Odoo", 422)
        reference = text(body.get("sales_order_ref")) or str(order_id)
        values: dict[str, Any] = {
            "product_id": products[0]["id"], "product_qty": quantity,
            "product_uom_id": m2o_id(products[0].get("uom_id")),
            "origin": f"{reference} {tag}"}
        if body.get("due_date"):
            due = dt.date.fromisoformat(str(body["due_date"]))
            values["date_deadline"] = odoo_time(dt.datetime.combine(due, dt.time(12),
                                                                    tzinfo=dt.UTC))
        if int(body.get("priority") or 3) <= 1:
            values["priority"] = "1"
        created = await self.call("mrp.production", "create", vals_list=[values])
        production_id = created[0] if isinstance(created, list) else created
        await self.call("mrp.production", "action_confirm", [production_id])
        await self._post_parameters(production_id, body, tag)
        row = (await self.search_read("mrp.production", [["id", "=", production_id]],
                                      fields))[0]
        return WriteResult(201, self._released(row, order_id, line_id, body))

    async def _post_parameters(self, production_id: int, body: dict[str, Any],
                               tag: str) -> None:
        parameters = body.get("parameters") or {}
        if not parameters:
            return
        posted = await self.search_read(
            "mail.message", [["model", "=", "mrp.production"], ["res_id", "=", production_id],
                             ["body", "ilike", tag]], ["id"])
        if posted:
            return
        lines = "\n".join(f"{name} = {value}" for name, value in sorted(parameters.items()))
        await self.call("mrp.production", "message_post", [production_id],
                        body=f"Production parameters:\n{lines}\n{tag}",
                        message_type="comment", subtype_xmlid="mail.mt_note")

    def _released(self, row: dict[str, Any], order_id: int, line_id: int,
                  body: dict[str, Any]) -> dict[str, Any]:
        """The new production as the contract's work order, linked to the line."""
        from pydantic import TypeAdapter

        unit = m2o_name(row.get("product_uom_id")) or text(body.get("unit"))
        deadline = parse_time(row.get("date_deadline"))
        order = d.WorkOrder(
            id=str(row["id"]), version=version_of(row["write_date"]), number=text(row["name"]),
            product_id=text(body.get("product_id")), quantity=decimal(row["product_qty"]),
            unit=unit, status=WORK_ORDER_STATUS.get(row["state"], d.WorkOrderStatus.PLANNED),
            due_date=deadline.date() if deadline else None,
            links=[d.FulfilmentLink(order_id=str(order_id), line_no=line_id,
                                    work_order_id=str(row["id"]),
                                    quantity=decimal(row["product_qty"]), unit=unit)],
            sales_order_ref=MARKER_RE.sub("", text(row.get("origin"))).strip(),
            sales_line_ref=line_id, parameters=dict(body.get("parameters") or {}))
        return TypeAdapter(d.WorkOrder).dump_python(order, mode="json")

    async def _write_progress(self, order_id: int, line_id: int, body: dict[str, Any],
                              key: str) -> WriteResult:
        if self.progress_fields:
            values = {"x_gemba_progress": int(body.get("progress_percent") or 0),
                      "x_gemba_stage": text(body.get("stage")),
                      "x_gemba_predicted": body.get("predicted_completion") or False,
                      "x_gemba_at_risk": bool(body.get("at_risk"))}
            await self.call("sale.order.line", "write", [line_id], vals=values)
            await self.call("sale.order", "write", [order_id],
                            vals={"x_gemba_summary": text(body.get("summary"))})
            return WriteResult(200, {"id": str(order_id), "line_no": line_id,
                                     "stored_in": "custom fields"})
        parts = [f"{body.get('progress_percent', 0)} %", text(body.get("stage"))]
        if body.get("predicted_completion"):
            parts.append(f"expected {body['predicted_completion']}")
        if body.get("at_risk"):
            parts.append("at risk")
        subject = f"Progress of line {line_id}: " + " · ".join(parts)
        result = await self._write_activity(order_id, {"kind": "note", "subject": subject,
                                                       "body": text(body.get("summary"))}, key)
        return WriteResult(200, {**result.record, "line_no": line_id, "stored_in": "note"},
                           replayed=result.replayed)

    async def aclose(self) -> None:
        await self._client.aclose()


def from_profile(profile: SourceProfile, secrets: SecretReader,
                 transport: httpx.AsyncBaseTransport | None = None) -> OdooConnector:
    secret = secrets.get(profile.name, "password")
    if not secret:
        raise SourceError(f"no password or API key stored for source {profile.name!r}")
    try:
        page_size = int(profile.options.get("page_size", "200"))
    except ValueError:
        raise SourceError(f"{profile.name}: page_size must be a number") from None
    return OdooConnector(profile.config(), database=profile.instance,
                         login=profile.username or "admin", secret=secret,
                         api=profile.options.get("api") or None, page_size=page_size,
                         transport=transport,
                         progress_fields=profile.options.get("progress_fields", "").lower()
                         in ("1", "yes", "true"))


__all__ = ["OdooConnector", "from_profile", "parse_time", "version_of"]
