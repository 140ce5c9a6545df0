"""Tryton (JSON-RPC) as a CRM and/or an MES source.

Protocol: POST /<database>/ (Tryton 7.x) or /<database>/rpc/ (8.x) with {"id", "method",
"params"}; server calls such as "common.server.version" go to / (7.x) or /rpc/ (8.x), which is
how the two are told apart. "common.db.login" answers [user_id, session] (8.x adds the bus
URL) and every later call carries `Authorization: Session base64(login:user_id:session)`.
Records are read with "model.<model>.search_read" (domain, offset, limit, order, fields,
context). Dates, datetimes and decimals travel as {"__class__": ...} objects.

Changes: every feed reads the rows whose write_date or create_date (naive UTC in Tryton) is
after the sync token (the latest such time seen), paged by offset/limit and ordered by id.
A record's version is that time in epoch milliseconds (the latest of the record and the rows it
is built from). Tryton does not report deletions: a full read (no token) lists every live
record, and the poller drops what the cache holds beyond it.

Ids: Tryton's integer ids as strings. An order line's `line_no` is the sale.line id (stable when
lines are reordered or inserted); products are keyed by their code.

Products (mes.products): goods with their unit, the first BOM of product.product-production.bom
(per unit of output) and its routing's steps. A step runs on the first work center of its
operation's work center category (else the work center named as the operation); Tryton keeps no
times on a routing, so each step is planned at the profile's `step_minutes_per_unit` (default 1)
and `step_setup_minutes` (default 0). A bought product's lead time is its supplier's (the first
of purchase.product_supplier by sequence), else that supplier party's, as Tryton plans purchases.

Writes (idempotent through a "[gemba:<key>]" marker searched for before writing):
- PATCH /crm/v1/orders/{id}/lines/{n}: a promise note on the sale (ir.note, or the sale's
  comment when notes are not allowed) and the planned date of the line's open stock moves,
  which is what Tryton shows as the line's shipping date;
- POST /crm/v1/orders/{id}/activities: a note on the sale;
- POST /crm/v1/orders (status draft): a sale in quotation, its lines' quoted dates as promise
  notes in its comment (with the marker);
- POST /crm/v1/complaints/{id}/findings: a paragraph appended to the description of a draft
  complaint, or a note on a complaint past draft (Tryton freezes the description then);
- POST /mes/v1/work-orders (release to production): a production of the line's product and
  quantity with the sale line as its origin (module sale_supply_production), its reference the
  marker, planned for the due date and put waiting (released); the production parameters from
  the line's options in a note on the production. A second production for a line is refused;
- PATCH /crm/v1/orders/{id}/lines/{n}/progress: a progress note on the sale (progress %,
  stage, predicted completion, at risk, and the sentence for the customer).
"""

from __future__ import annotations

import base64
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
EPOCH_TOKEN = "1970-01-01T00:00:00"
MAX_PAGES_PER_READ = 10_000
WHAT = "the Tryton server"

# Feed → the model it needs; a feed whose model is not installed is left out of feeds().
FEED_MODELS: dict[str, str] = {
    "crm.customers": "party.party",
    "crm.contacts": "party.contact_mechanism",
    "crm.orders": "sale.sale",
    "crm.opportunities": "sale.opportunity",
    "crm.complaints": "sale.complaint",
    "crm.shipments": "stock.shipment.out",
    "crm.activities": "ir.note",
    "mes.sites": "stock.location",
    "mes.equipment": "production.work.center",
    "mes.work_orders": "production",
    "mes.lots": "stock.lot",
    "mes.genealogy": "stock.lot",
    "mes.stock": "stock.move",
    "mes.receipts": "purchase.line",
    "mes.products": "product.product",
}
# Tryton routings carry no times: what the plan assumes per step, unless the profile's options
# say otherwise (docs/backends/tryton.md).
STEP_MINUTES_PER_UNIT = Decimal(1)
STEP_SETUP_MINUTES = Decimal(0)
PURCHASE_OPEN = ("confirmed", "processing")  # purchases whose lines are still to be received

ORDER_STATUS = {
    "draft": d.OrderStatus.DRAFT, "quotation": d.OrderStatus.DRAFT,
    "confirmed": d.OrderStatus.CONFIRMED, "processing": d.OrderStatus.CONFIRMED,
    "done": d.OrderStatus.CLOSED, "cancelled": d.OrderStatus.CANCELLED,
}
WORK_ORDER_STATUS = {
    "request": d.WorkOrderStatus.PLANNED, "draft": d.WorkOrderStatus.PLANNED,
    "waiting": d.WorkOrderStatus.RELEASED, "assigned": d.WorkOrderStatus.RELEASED,
    "running": d.WorkOrderStatus.RUNNING, "done": d.WorkOrderStatus.COMPLETED,
    "cancelled": d.WorkOrderStatus.CANCELLED,
}
OPERATION_STATUS = {
    "request": d.OperationStatus.PENDING, "draft": d.OperationStatus.PENDING,
    "waiting": d.OperationStatus.PENDING, "running": d.OperationStatus.RUNNING,
    "finished": d.OperationStatus.DONE, "done": d.OperationStatus.DONE,
}
OPPORTUNITY_STAGE = {
    "lead": d.OpportunityStage.QUALIFY, "opportunity": d.OpportunityStage.PROPOSE,
    "converted": d.OpportunityStage.NEGOTIATE, "won": d.OpportunityStage.WON,
    "cancelled": d.OpportunityStage.LOST, "lost": d.OpportunityStage.LOST,
}
COMPLAINT_STATUS = {
    "draft": d.ComplaintStatus.OPEN, "waiting": d.ComplaintStatus.INVESTIGATING,
    "approved": d.ComplaintStatus.CONTAINED, "rejected": d.ComplaintStatus.CLOSED,
    "done": d.ComplaintStatus.CLOSED, "cancelled": d.ComplaintStatus.CLOSED,
}

PROMISE_RE = re.compile(
    r"\[gemba:(?P<key>[^\]]+)\] promise line (?P<line>\d+): (?P<old>\S+) -> "
    r"(?P<new>\d{4}-\d{2}-\d{2})(?P<rest>[^\n]*)")
ACTIVITY_RE = re.compile(r"\[gemba:[^\]]+\] (?P<kind>[a-z_]+): (?P<subject>[^\n]*)\n?(?P<body>.*)",
                         re.S)
FINDING_RE = re.compile(r"\[gemba:[^\]]+\] finding: (?P<text>[^\n]*)")
PROMISE_PATH = re.compile(r"^/crm/v1/orders/(\d+)/lines/(\d+)$")
ACTIVITY_PATH = re.compile(r"^/crm/v1/orders/(\d+)/activities$")
ORDERS_PATH = "/crm/v1/orders"
FINDING_PATH = re.compile(r"^/crm/v1/complaints/(\d+)/findings$")
RELEASE_PATH = re.compile(r"^/mes/v1/work-orders$")
PROGRESS_PATH = re.compile(r"^/crm/v1/orders/(\d+)/lines/(\d+)/progress$")


# --- the wire format -------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"__class__": "datetime", "year": value.year, "month": value.month,
                "day": value.day, "hour": value.hour, "minute": value.minute,
                "second": value.second, "microsecond": value.microsecond}
    if isinstance(value, dt.date):
        return {"__class__": "date", "year": value.year, "month": value.month,
                "day": value.day}
    if isinstance(value, Decimal):
        return {"__class__": "Decimal", "decimal": str(value)}
    raise TypeError(f"cannot send {type(value).__name__} to Tryton")


def _decode(obj: dict[str, Any]) -> Any:
    kind = obj.get("__class__")
    if kind == "datetime":
        return dt.datetime(obj["year"], obj["month"], obj["day"], obj.get("hour", 0),
                           obj.get("minute", 0), obj.get("second", 0),
                           obj.get("microsecond", 0))
    if kind == "date":
        return dt.date(obj["year"], obj["month"], obj["day"])
    if kind == "Decimal":
        return Decimal(obj["decimal"])
    if kind == "timedelta":
        return dt.timedelta(seconds=obj["seconds"])
    if kind == "bytes":
        return base64.b64decode(obj["base64"])
    return obj


# --- small mapping helpers -------------------------------------------------------------------


def changed_at(row: dict[str, Any]) -> dt.datetime | None:
    """The latest of a row's write_date and create_date (naive UTC)."""
    times = [t for t in (row.get("write_date"), row.get("create_date")) if t]
    return max(times) if times else None


def version_of(*times: dt.datetime | None) -> int:
    """Epoch milliseconds of the latest time: increases on every change Tryton records."""
    latest = max((t for t in times if t), default=None)
    if latest is None:
        return 1
    return int(latest.replace(tzinfo=dt.UTC).timestamp() * 1000)


def utc(value: dt.datetime | dt.date | None) -> dt.datetime:
    if value is None:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def decimal(value: Any) -> Decimal:
    if value is None:
        return Decimal(0)
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def related(row: dict[str, Any], field: str, attr: str, default: Any = None) -> Any:
    """`field.attr` read with a dotted field name ("product.code" → row["product."]["code"])."""
    nested = row.get(field + ".")
    if isinstance(nested, dict):
        value = nested.get(attr)
        return default if value is None else value
    return default


def work_operation(sequence: int, work: dict[str, Any], production: dict[str, Any],
                   cycles: list[dict[str, Any]]) -> d.Operation:
    """A production.work as an operation. Tryton plans the production as a whole, so each
    operation's planned span is the production's (planned start date to the end of its planned
    date). Actual times come from the work's cycles: the first one's creation starts it; a
    finished work ends at its last cycle's last change."""
    start, end = production.get("planned_start_date"), production.get("planned_date")
    started = min((c["create_date"] for c in cycles if c.get("create_date")), default=None)
    finished = work["state"] in ("finished", "done") and started is not None
    return d.Operation(
        sequence=sequence,
        work_center_id=f"wc-{work['work_center']}" if work.get("work_center") else "",
        status=OPERATION_STATUS.get(work["state"], d.OperationStatus.PENDING),
        planned_start=utc(start or end) if (start or end) else None,
        planned_end=utc(end + dt.timedelta(days=1)) if end else None,
        actual_start=utc(started) if started else None,
        actual_end=utc(max(filter(None, map(changed_at, cycles)))) if finished else None)


def _lead_time_days(supplier: dict[str, Any] | None) -> Decimal | None:
    """A supplier's lead time for the product in days, else the supplier's own (party's)
    lead time, as Tryton uses them; None when neither is known."""
    if supplier is None:
        return None
    lead = supplier.get("lead_time")
    if lead is None:
        lead = related(supplier, "party", "supplier_lead_time")
    if not isinstance(lead, dt.timedelta):
        return None
    return (Decimal(lead.total_seconds()) / 86400).quantize(Decimal("0.01"))


def ref_id(value: Any, model: str) -> int | None:
    """The id of a Reference field value "model,id" when it points at `model`."""
    if isinstance(value, str) and value.startswith(model + ","):
        try:
            return int(value.split(",", 1)[1])
        except ValueError:
            return None
    return None


def product_key(row: dict[str, Any], field: str = "product") -> str:
    code = related(row, field, "code")
    if code:
        return str(code)
    return f"product-{row[field]}" if row.get(field) else ""


def parse_promises(texts: Iterable[tuple[str, dt.datetime | None]]
                   ) -> dict[int, list[d.PromiseChange]]:
    """Promise notes ("[gemba:key] promise line N: old -> new | by X | reason") per line."""
    found: dict[int, list[d.PromiseChange]] = defaultdict(list)
    for text, when in texts:
        for match in PROMISE_RE.finditer(text or ""):
            old, by, reason = match["old"], "", ""
            for part in match["rest"].split(" | ")[1:]:
                if part.startswith("by ") and not by:
                    by = part[3:].strip()
                else:
                    reason = part.strip()
            found[int(match["line"])].append(d.PromiseChange(
                changed_at=utc(when),
                old_date=dt.date.fromisoformat(old) if old != "-" else None,
                new_date=dt.date.fromisoformat(match["new"]), by=by, reason=reason))
    for changes in found.values():
        changes.sort(key=lambda c: c.changed_at)
    return found


def marker(key: str) -> str:
    return f"[gemba:{key}]"


class _SessionLost(Exception):
    """HTTP 401/403 on a call with a session: log in again once."""


# --- the connector ---------------------------------------------------------------------------


def server_url(base_url: str, database: str) -> str:
    """The server's address, whatever of the RPC path a person pasted after it: ".../rpc",
    ".../<database>", ".../<database>/rpc" all mean the server (the paths are the
    connector's to choose, by the server's version)."""
    url = base_url.rstrip("/")
    for tail in ("/rpc", f"/{database}"):
        if database and url.endswith(tail):
            url = url[: -len(tail)].rstrip("/")
    return url


class TrytonConnector:
    # Deletions never come through its reads: the poller re-reads in full now and then.
    reports_deletions = False

    def __init__(
        self,
        source: SourceConfig,
        database: str,
        login: str,
        password: str,
        page_size: int = 200,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        options: dict[str, str] | None = None,
    ) -> None:
        self.source = source
        self.options = dict(options or {})
        self.database = database
        self.login = login
        self._password = password
        self.page_size = page_size
        self._client = httpx.AsyncClient(base_url=server_url(source.base_url, database),
                                         timeout=timeout, transport=transport, verify=True)
        # The server's major version and the paths it answers on, once asked.
        self.series: int | None = None
        self.server_version = ""
        self._root_path, self._database_path = "/", f"/{database}/"
        self._session: tuple[int, str] | None = None
        self._context: dict[str, Any] = {}
        self._models: set[str] | None = None  # installed models, once known
        self._rpc_id = 0
        self.timezone = "UTC"

    # -- JSON-RPC ------------------------------------------------------------------------------

    async def _post(self, method: str, params: list[Any], *, database: bool = True) -> Any:
        self._rpc_id += 1
        path = self._database_path if database else self._root_path
        headers = {"Content-Type": "application/json"}
        if self._session and database:
            user_id, session = self._session
            token = base64.b64encode(f"{self.login}:{user_id}:{session}".encode()).decode()
            headers["Authorization"] = f"Session {token}"
        content = json.dumps({"id": self._rpc_id, "method": method, "params": params},
                             default=_encode)
        try:
            response = await self._client.post(path, content=content, headers=headers)
        except httpx.HTTPError as exc:
            raise transport_error(exc, self.source.base_url) from exc
        if response.status_code in (401, 403) and self._session and database:
            raise _SessionLost()
        if response.status_code == 404:
            raise status_error(404, WHAT, f"no database {self.database!r}")
        if response.status_code == 429:
            raise SourceUnavailable(f"{WHAT} asks us to slow down (429: too many login "
                                    "attempts or calls); trying again later")
        if response.status_code >= 400:
            raise status_error(response.status_code, WHAT)
        try:
            payload = json.loads(response.content, object_hook=_decode)
        except (ValueError, UnicodeDecodeError) as exc:
            raise not_that_kind("a Tryton server", self.source.base_url) from exc
        if not isinstance(payload, dict) or not ("result" in payload or "error" in payload):
            raise not_that_kind("a Tryton server", self.source.base_url)
        if payload.get("error") is not None:
            raise self._server_error(method, payload["error"])
        return payload["result"]

    def _server_error(self, method: str, error: Any) -> SourceError:
        """Tryton's error answer ([name, args] or [text, traceback]) in words."""
        name, args = (error[0], error[1]) if isinstance(error, list | tuple) and len(
            error) == 2 else (str(error), None)
        message = args[0] if isinstance(args, list | tuple) and args else ""
        message = str(message or name)
        if name == "UserError" and ("not allowed" in message or "access" in message.lower()):
            return SourceRefused(f"the Tryton user {self.login!r} lacks an access right: "
                                 f"{message}", 403)
        if name == "UserError":
            return SourceRefused(f"{WHAT} refused {method}: {message}", 400)
        if name == "UserWarning":
            return SourceRefused(f"{WHAT} asks for a confirmation on {method}: {message}", 409)
        if name == "ConcurrencyException":
            return SourceRefused("the record changed since the person saw it "
                                 f"(Tryton: {message})", 409)
        if name == "LoginException":
            return SourceRefused(f"{WHAT} needs more to log in ({message})", 401)
        if "not allowed" in name or "AccessError" in name:
            return SourceRefused(f"the Tryton user {self.login!r} lacks an access right: "
                                 f"{name}", 403)
        first_line = name.strip().splitlines()[0] if name.strip() else "unknown error"
        return SourceUnavailable(f"{WHAT} failed on {method}: {first_line[:300]}")

    async def _protocol(self) -> str:
        """The server's version, and from it the paths to call: 7.x answers on / and
        /<database>/, 8.x on /rpc/ and /<database>/rpc/ (a 405 or 404 on /)."""
        if self.series is not None:
            return self.server_version
        try:
            version = await self._post("common.server.version", [], database=False)
        except SourceRefused as exc:
            if exc.status not in (404, 405):
                raise
            self._root_path = "/rpc/"
            try:
                version = await self._post("common.server.version", [], database=False)
            except SourceRefused as again:
                if again.status in (404, 405):
                    raise not_that_kind("a Tryton server", self.source.base_url) from again
                raise
        if not isinstance(version, str):
            raise not_that_kind("a Tryton server", self.source.base_url)
        try:
            self.series = int(version.split(".")[0])
        except ValueError:
            raise not_that_kind("a Tryton server", self.source.base_url) from None
        self.server_version = version
        self._database_path = (f"/{self.database}/rpc/" if self.series >= 8
                               else f"/{self.database}/")
        return version

    async def _login(self) -> None:
        self._session = None
        await self._protocol()
        try:
            result = await self._post("common.db.login",
                                      [self.login, {"password": self._password}, "en"])
        except SourceRefused as exc:
            if exc.status in (401, 403):
                raise SourceRefused(f"{WHAT} refused the login: wrong user or password for "
                                    f"{self.login!r} on database {self.database!r}",
                                    401) from exc
            if exc.status == 404:
                raise SourceRefused(f"{WHAT} has no database {self.database!r} (404: wrong "
                                    "database name or URL)", 404) from exc
            raise
        if not result:
            raise SourceRefused(f"{WHAT} refused the login: wrong user or password for "
                                f"{self.login!r} on database {self.database!r}", 401)
        # 8.x answers [user_id, session, bus URL or None].
        if not (isinstance(result, list) and len(result) in (2, 3)):
            raise not_that_kind("a Tryton server", self.source.base_url)
        self._session = (int(result[0]), str(result[1]))
        try:
            prefs = await self._post("model.res.user.get_preferences", [True, {}])
            self._context = prefs if isinstance(prefs, dict) else {}
        except SourceError as exc:
            log.warning("%s: Tryton preferences not readable: %s", self.source.name, exc)
            self._context = {}

    async def call(self, model: str, method: str, *args: Any,
                   context: dict[str, Any] | None = None) -> Any:
        """model.<model>.<method>(*args, context), logging in (again, once) when needed;
        `context` adds to the user's (e.g. the locations stock quantities are computed for)."""
        if self._session is None:
            await self._login()
        try:
            return await self._post(f"model.{model}.{method}",
                                    [*args, {**self._context, **(context or {})}])
        except _SessionLost:
            log.info("%s: Tryton session expired; logging in again", self.source.name)
            await self._login()
            try:
                return await self._post(f"model.{model}.{method}",
                                        [*args, {**self._context, **(context or {})}])
            except _SessionLost:
                raise SourceRefused(f"the Tryton user {self.login!r} is not allowed to call "
                                    f"{model}.{method} (403)", 403) from None

    async def search_read(self, model: str, domain: list, fields: list[str], *,
                          offset: int = 0, limit: int | None = None, order: list | None = None,
                          context: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        rows = await self.call(model, "search_read", domain, offset, limit,
                               order or [["id", "ASC"]], fields, context=context)
        if not isinstance(rows, list):
            raise BadPayload(f"{model}.search_read did not answer a list")
        return rows

    async def models(self) -> set[str]:
        if self._models is None:
            await self._protocol()
            # 8.x renamed ir.model's "model" (the technical name) to "name".
            field = "name" if (self.series or 0) >= 8 else "model"
            rows = await self.search_read(
                "ir.model", [[field, "in", sorted(set(FEED_MODELS.values()) | {
                    "production.work", "sale.opportunity.line", "sale.line",
                    "stock.order_point", "production.bom", "production.routing",
                    "production.work.center.category", "purchase.product_supplier"})]],
                [field])
            self._models = {r[field] for r in rows}
        return self._models

    # -- the protocol ----------------------------------------------------------------------------

    async def check(self) -> str:
        version = await self._protocol()
        await self._login()
        await self.models()
        return f"Tryton {version} database {self.database}: user {self.login}"

    def feeds(self) -> tuple[str, ...]:
        names = []
        for feed, model in FEED_MODELS.items():
            if FEEDS_BY_NAME[feed].backend != self.source.kind:
                continue
            if self._models is not None and model not in self._models:
                continue
            names.append(feed)
        return tuple(names)

    async def read_changes(self, feed: str, sync_token: str | None) -> AsyncIterator[FeedPage]:
        if feed not in FEED_MODELS:
            raise SourceRefused(f"Tryton does not provide {feed}", 404)
        since = dt.datetime.fromisoformat(sync_token) if sync_token else None
        installed = await self.models()
        if FEED_MODELS[feed] not in installed:
            yield FeedPage(feed=feed, sync_token=sync_token or EPOCH_TOKEN)
            return
        reader = getattr(self, "_read_" + feed.split(".", 1)[1])
        latest = since
        for page_no in range(MAX_PAGES_PER_READ):
            records, last_time, more = await reader(since, page_no * self.page_size)
            if last_time and (latest is None or last_time > latest):
                latest = last_time
            page = FeedPage(feed=feed)
            for record in records:
                if isinstance(record, Rejection):
                    page.rejected.append(record)
                elif isinstance(record, d.Tombstone):
                    page.deleted.append(record)
                else:
                    page.records.append(record)
            if not more:
                page.sync_token = latest.isoformat() if latest else (sync_token or EPOCH_TOKEN)
                yield page
                return
            yield page
        raise BadPayload(f"{feed}: more than {MAX_PAGES_PER_READ} pages; stopped")

    # -- reading helpers ------------------------------------------------------------------------

    @staticmethod
    def _changed_domain(since: dt.datetime | None, *paths: str,
                        ids: Iterable[int] = ()) -> list:
        """Rows changed after `since`: their own write/create date, or those of `paths`."""
        if since is None:
            return []
        clauses: list = []
        for path in ("", *paths):
            prefix = f"{path}." if path else ""
            clauses += [[f"{prefix}write_date", ">", since], [f"{prefix}create_date", ">", since]]
        ids = sorted(set(ids))
        if ids:
            clauses.append(["id", "in", ids])
        return ["OR", *clauses]

    async def _page(self, model: str, since: dt.datetime | None, offset: int, fields: list[str],
                    *, paths: tuple[str, ...] = (), ids: Iterable[int] = (),
                    extra: list | None = None) -> tuple[list[dict], bool]:
        domain: list = []
        changed = self._changed_domain(since, *paths, ids=ids)
        if changed:
            domain.append(changed)
        domain += extra or []
        rows = await self.search_read(model, domain,
                                      ["write_date", "create_date", *fields],
                                      offset=offset, limit=self.page_size + 1)
        more = len(rows) > self.page_size
        return rows[:self.page_size], more

    @staticmethod
    def _latest(rows: Iterable[dict[str, Any]]) -> dt.datetime | None:
        return max((t for t in map(changed_at, rows) if t), default=None)

    async def _notes(self, resources: list[str]) -> list[dict[str, Any]] | None:
        """Gemba notes on these resources; None when ir.note is not readable."""
        if not resources or "ir.note" not in await self.models():
            return []
        try:
            return await self.search_read(
                "ir.note", [["resource", "in", resources], ["message", "like", "%[gemba:%"]],
                ["resource", "message", "create_date", "write_date"])
        except SourceRefused as exc:
            if exc.status == 403:
                return None
            raise

    # -- CRM feeds ------------------------------------------------------------------------------

    async def _read_customers(self, since, offset):
        rows, more = await self._page("party.party", since, offset,
                                      ["name", "code", "lang.code"])
        records = [d.Customer(
            id=str(r["id"]), version=version_of(changed_at(r)), name=r["name"] or "",
            number=r.get("code") or str(r["id"]),
            language=(related(r, "lang", "code", "en") or "en").split("_")[0])
            for r in rows]
        return records, self._latest(rows), more

    async def _read_contacts(self, since, offset):
        rows, more = await self._page(
            "party.contact_mechanism", since, offset,
            ["party", "party.name", "type", "value", "name"],
            extra=[["type", "in", ["email", "phone", "mobile"]]])
        records = []
        for r in rows:
            email = r["value"] if r["type"] == "email" else ""
            phone = r["value"] if r["type"] != "email" else ""
            records.append(d.Contact(
                id=str(r["id"]), version=version_of(changed_at(r)),
                customer_id=str(r["party"]),
                name=r.get("name") or related(r, "party", "name", ""),
                email=email or "", phone=phone or ""))
        return records, self._latest(rows), more

    async def _read_orders(self, since, offset):
        note_sales: set[int] = set()
        if since is not None and "ir.note" in await self.models():
            try:
                notes = await self.search_read(
                    "ir.note", [["resource", "like", "sale.sale,%"],
                                ["OR", ["create_date", ">", since],
                                 ["write_date", ">", since]]], ["resource"])
                note_sales = {i for n in notes if (i := ref_id(n["resource"], "sale.sale"))}
            except SourceRefused as exc:
                if exc.status != 403:
                    raise
        rows, more = await self._page(
            "sale.sale", since, offset,
            ["number", "reference", "party", "state", "shipment_state", "sale_date",
             "shipping_date", "comment"], paths=("lines",), ids=note_sales)
        if not rows:
            return [], None, more
        lines = await self.search_read(
            "sale.line", [["sale", "in", [r["id"] for r in rows]], ["type", "=", "line"]],
            ["sale", "product", "product.code", "quantity", "unit.symbol", "shipping_date",
             "write_date", "create_date"], order=[["sale", "ASC"], ["sequence", "ASC"],
                                                 ["id", "ASC"]])
        notes = await self._notes([f"sale.sale,{r['id']}" for r in rows])
        by_sale: dict[int, list] = defaultdict(list)
        for line in lines:
            by_sale[line["sale"]].append(line)
        texts: dict[int, list] = defaultdict(list)
        note_times: dict[int, list] = defaultdict(list)
        for n in notes or []:
            sale_id = ref_id(n["resource"], "sale.sale")
            texts[sale_id].append((n["message"], n.get("create_date")))
            note_times[sale_id].append(changed_at(n))
        if notes is None:  # notes not allowed: promises live in the comment
            for r in rows:
                texts[r["id"]].append((r.get("comment") or "", r.get("write_date")))
        latest = self._latest([*rows, *lines])
        for times in note_times.values():
            latest = max([t for t in [latest, *times] if t], default=None)
        records = []
        for r in rows:
            promises = parse_promises(texts[r["id"]])
            status = ORDER_STATUS.get(r["state"], d.OrderStatus.DRAFT)
            if r["state"] in ("processing", "done") and r.get("shipment_state") == "sent":
                status = d.OrderStatus.SHIPPED if r["state"] == "processing" \
                    else d.OrderStatus.CLOSED
            order_lines = []
            for line in by_sale[r["id"]]:
                history = promises.get(line["id"], [])
                promised = history[-1].new_date if history else (
                    line.get("shipping_date") if r["state"] in (
                        "confirmed", "processing", "done") else None)
                # The line's shipping date follows its moves, which a promise moves: once
                # promised, the date before the first promise is what the customer asked for.
                before = history[0].old_date if history else line.get("shipping_date")
                requested = (r.get("shipping_date") or before
                             or r.get("sale_date") or (r.get("create_date") or
                                                       dt.datetime.now()).date())
                order_lines.append(d.OrderLine(
                    line_no=line["id"], product_id=product_key(line),
                    quantity=decimal(line["quantity"]),
                    unit=related(line, "unit", "symbol", ""),
                    requested_date=requested, promised_date=promised,
                    promise_history=history))
            records.append(d.SalesOrder(
                id=str(r["id"]),
                version=version_of(changed_at(r), *map(changed_at, by_sale[r["id"]]),
                                   *note_times.get(r["id"], [])),
                number=r.get("number") or f"draft {r['id']}", customer_id=str(r["party"]),
                status=status, customer_po=r.get("reference") or "",
                created_at=utc(r.get("create_date")), lines=order_lines))
        return records, latest, more

    async def _read_opportunities(self, since, offset):
        rows, more = await self._page(
            "sale.opportunity", since, offset,
            ["number", "party", "description", "state", "conversion_probability", "start_date",
             "end_date"],
            paths=("lines",))
        lines: list = []
        if rows and "sale.opportunity.line" in await self.models():
            lines = await self.search_read(
                "sale.opportunity.line", [["opportunity", "in", [r["id"] for r in rows]]],
                ["opportunity", "product", "product.code", "quantity", "unit.symbol"])
        first: dict[int, dict] = {}
        for line in lines:
            first.setdefault(line["opportunity"], line)
        records: list = []
        for r in rows:
            line = first.get(r["id"], {})
            if not r.get("party"):
                records.append(Rejection("crm.opportunities", str(r["id"]),
                                         "a lead without a party"))
                continue
            records.append(d.Opportunity(
                id=str(r["id"]), version=version_of(changed_at(r)),
                customer_id=str(r["party"]),
                name=r.get("description") or r.get("number") or f"#{r['id']}",
                product_id=product_key(line) if line else "",
                quantity=decimal(line.get("quantity")),
                unit=related(line, "unit", "symbol", "") if line else "",
                stage=OPPORTUNITY_STAGE.get(r["state"], d.OpportunityStage.QUALIFY),
                probability=decimal(r.get("conversion_probability") or 0),
                expected_close=r.get("end_date") or r.get("start_date") or utc(
                    r.get("create_date")).date()))
        return records, self._latest(rows), more

    async def _read_complaints(self, since, offset):
        # A finding on a complaint past draft is a note on it (its description is read-only
        # then): a new note brings the complaint back too.
        noted = await self._noted_since("sale.complaint", since)
        rows, more = await self._page(
            "sale.complaint", since, offset,
            ["number", "customer", "origin", "state", "description", "date", "type.name"],
            ids=noted)
        notes: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for note in await self._notes([f"sale.complaint,{r['id']}" for r in rows]) or []:
            if (complaint := ref_id(note.get("resource"), "sale.complaint")) is not None:
                notes[complaint].append(note)
        records = [d.Complaint(
            id=str(r["id"]), version=version_of(changed_at(r), *map(changed_at, notes[r["id"]])),
            number=r.get("number") or f"draft {r['id']}", customer_id=str(r["customer"]),
            order_id=(str(i) if (i := ref_id(r.get("origin"), "sale.sale")) else None),
            category=related(r, "type", "name", "") or "", severity=d.Severity.MEDIUM,
            status=COMPLAINT_STATUS.get(r["state"], d.ComplaintStatus.OPEN),
            description=r.get("description") or "",
            opened_at=utc(r.get("date") or r.get("create_date")),
            findings=[m["text"] for text in [r.get("description") or "",
                                             *(n.get("message") or "" for n in notes[r["id"]])]
                      for m in FINDING_RE.finditer(text)])
            for r in rows]
        return records, self._latest([*rows, *(n for ns in notes.values() for n in ns)]), more

    async def _noted_since(self, model: str, since: dt.datetime | None) -> set[int]:
        """Records of `model` with a Gemba note written after `since`."""
        if since is None or "ir.note" not in await self.models():
            return set()
        try:
            rows = await self.search_read(
                "ir.note", [["resource", "like", f"{model},%"],
                            ["message", "like", "%[gemba:%"], self._changed_domain(since)],
                ["resource"])
        except SourceRefused as exc:
            if exc.status == 403:
                return set()
            raise
        return {i for r in rows if (i := ref_id(r.get("resource"), model)) is not None}

    async def _read_activities(self, since, offset):
        rows, more = await self._page("ir.note", since, offset, ["resource", "message"],
                                      extra=[["resource", "like", "sale.sale,%"]])
        records = []
        for r in rows:
            text = r.get("message") or ""
            match = ACTIVITY_RE.match(text)
            kind, subject, body = d.ActivityKind.NOTE, text.split("\n", 1)[0], text
            if match and match["kind"] in d.ActivityKind.__members__.values():
                kind, subject, body = d.ActivityKind(match["kind"]), match["subject"], \
                    match["body"]
            records.append(d.Activity(
                id=str(r["id"]), version=version_of(changed_at(r)),
                order_id=str(ref_id(r["resource"], "sale.sale")), kind=kind,
                subject=subject[:200], body=body, created_at=utc(r.get("create_date"))))
        return records, self._latest(rows), more

    async def _read_shipments(self, since, offset):
        base = [["shipment", "like", "stock.shipment.out,%"],
                ["to_location.type", "=", "customer"], ["state", "=", "done"]]
        changed, more = await self._page("stock.move", since, offset, ["shipment"], extra=base)
        shipment_refs = sorted({r["shipment"] for r in changed if r.get("shipment")})
        if not shipment_refs:
            return [], self._latest(changed), more
        moves = await self.search_read(
            "stock.move", [["shipment", "in", shipment_refs], *base[1:]],
            ["shipment", "origin", "lot", "quantity", "unit.symbol", "effective_date",
             "write_date", "create_date"])
        line_ids = sorted({i for m in moves if (i := ref_id(m.get("origin"), "sale.line"))})
        lines = {r["id"]: r for r in await self.search_read(
            "sale.line", [["id", "in", line_ids]], ["sale", "sale.party"])} if line_ids else {}
        groups: dict[tuple[str, int], list] = defaultdict(list)
        for m in moves:
            line_id = ref_id(m.get("origin"), "sale.line")
            if line_id in lines:
                groups[(m["shipment"], line_id)].append(m)
        records = []
        for (shipment, line_id), group in groups.items():
            lots: dict[str, Decimal] = defaultdict(Decimal)
            for m in group:
                if m.get("lot"):
                    lots[str(m["lot"])] += decimal(m["quantity"])
            line = lines[line_id]
            records.append(d.Shipment(
                id=f"{shipment.split(',')[1]}-{line_id}",
                version=version_of(*map(changed_at, group)), order_id=str(line["sale"]),
                line_no=line_id, customer_id=str(related(line, "sale", "party", "")),
                quantity=sum((decimal(m["quantity"]) for m in group), Decimal(0)),
                unit=related(group[0], "unit", "symbol", ""),
                shipped_at=utc(max(m.get("effective_date") or changed_at(m) for m in group)),
                lots=[d.ShipmentLot(lot_id=k, quantity=v) for k, v in lots.items()]))
        return records, self._latest(changed), more

    # -- MES feeds ------------------------------------------------------------------------------

    async def _company_timezone(self) -> str:
        try:
            rows = await self.search_read("company.company", [], ["timezone"], limit=1)
        except SourceError:
            return "UTC"
        return (rows[0].get("timezone") if rows else None) or "UTC"

    async def _read_sites(self, since, offset):
        rows, more = await self._page("stock.location", since, offset, ["name"],
                                      extra=[["type", "=", "warehouse"]])
        zone = await self._company_timezone() if rows else "UTC"
        records = [d.Site(id=f"wh-{r['id']}", version=version_of(changed_at(r)),
                          name=r["name"], time_zone=zone) for r in rows]
        return records, self._latest(rows), more

    async def _read_equipment(self, since, offset):
        rows, more = await self._page("production.work.center", since, offset,
                                      ["name", "parent", "warehouse"])
        records = [d.Equipment(
            id=f"wc-{r['id']}", version=version_of(changed_at(r)),
            site_id=f"wh-{r['warehouse']}", level=d.EquipmentLevel.WORK_CENTER,
            name=r["name"], parent_id=f"wc-{r['parent']}" if r.get("parent") else None)
            for r in rows]
        return records, self._latest(rows), more

    async def _read_work_orders(self, since, offset):
        has_works = "production.work" in await self.models()
        rows, more = await self._page(
            "production", since, offset,
            ["number", "product", "product.code", "quantity", "unit.symbol", "state",
             "planned_date", "planned_start_date", "effective_date", "effective_start_date",
             "origin"],
            paths=("outputs", *(("works", "works.cycles") if has_works else ())))
        if not rows:
            return [], None, more
        ids = [r["id"] for r in rows]
        outputs = await self.search_read(
            "stock.move", [["production_output", "in", ids]],
            ["production_output", "product", "quantity", "state", "lot", "to_location.type",
             "write_date", "create_date"])
        works: list = []
        cycles: list = []
        if has_works:
            works = await self.search_read(
                "production.work", [["production", "in", ids]],
                ["production", "work_center", "state", "sequence", "write_date", "create_date"],
                order=[["production", "ASC"], ["sequence", "ASC"], ["id", "ASC"]])
            if works:
                cycles = await self.search_read(
                    "production.work.cycle",
                    [["work", "in", [w["id"] for w in works]], ["state", "!=", "cancelled"]],
                    ["work", "state", "write_date", "create_date"])
        sale_lines = await self._sale_lines_of(rows)
        out_by: dict[int, list] = defaultdict(list)
        for m in outputs:
            out_by[m["production_output"]].append(m)
        works_by: dict[int, list] = defaultdict(list)
        for w in works:
            works_by[w["production"]].append(w)
        cycles_by: dict[int, list] = defaultdict(list)
        for c in cycles:
            cycles_by[c["work"]].append(c)
        records = []
        for r in rows:
            mine = [m for m in out_by[r["id"]] if m["product"] == r["product"]]
            done = [m for m in mine if m["state"] == "done"]
            good = sum((decimal(m["quantity"]) for m in done
                        if related(m, "to_location", "type") != "lost_found"), Decimal(0))
            scrap = sum((decimal(m["quantity"]) for m in done
                         if related(m, "to_location", "type") == "lost_found"), Decimal(0))
            lot = next((m["lot"] for m in mine if m.get("lot")), None)
            line_id = ref_id(r.get("origin"), "sale.line")
            sale_line = sale_lines.get(line_id) if line_id else None
            unit = related(r, "unit", "symbol", "")
            mine_works = works_by[r["id"]]
            records.append(d.WorkOrder(
                id=str(r["id"]),
                version=version_of(changed_at(r), *map(changed_at, out_by[r["id"]]),
                                   *map(changed_at, mine_works),
                                   *(changed_at(c) for w in mine_works
                                     for c in cycles_by[w["id"]])),
                number=r.get("number") or f"draft {r['id']}", product_id=product_key(r),
                quantity=decimal(r["quantity"]), unit=unit,
                good=good, scrap=scrap,
                status=WORK_ORDER_STATUS.get(r["state"], d.WorkOrderStatus.PLANNED),
                due_date=r.get("planned_date"),
                operations=[work_operation(n, w, r, cycles_by[w["id"]])
                            for n, w in enumerate(mine_works, start=1)],
                # The sale line that requested this production (sale_supply_production).
                links=[d.FulfilmentLink(
                    order_id=str(sale_line["sale"]), line_no=line_id,
                    work_order_id=str(r["id"]), quantity=decimal(r["quantity"]), unit=unit)]
                if sale_line else [],
                output_lot_id=str(lot) if lot else None,
                sales_order_ref=related(sale_line, "sale", "number", "") if sale_line else "",
                sales_line_ref=line_id))
        latest = self._latest([*rows, *outputs, *works, *cycles])
        return records, latest, more

    async def _read_products(self, since, offset):
        """Goods with their unit, BOM (per unit of the product) and routing. Tryton's routing
        steps name an operation whose work center category says where it runs (the first
        work center of that category); their times are the profile's assumption
        (step_minutes_per_unit, step_setup_minutes), as Tryton keeps none."""
        installed = await self.models()
        buys = "purchase.product_supplier" in installed
        rows, more = await self._page(
            "product.product", since, offset,
            ["code", "rec_name", "default_uom.symbol", "template", "template.salable",
             "template.producible", "template.type"],
            # A supplier's new lead time changes the product as the plan sees it.
            paths=("template", *(["template.product_suppliers"] if buys else [])),
            extra=[["template.type", "=", "goods"]])
        if not rows:
            return [], None, more
        suppliers = await self._suppliers(rows) if buys else {}
        links = []
        if "production.bom" in installed:
            fields = ["product", "bom", "sequence"]
            if "production.routing" in installed:
                fields.append("routing")
            links = await self.search_read(
                "product.product-production.bom", [["product", "in", [r["id"] for r in rows]]],
                fields, order=[["product", "ASC"], ["sequence", "ASC"], ["id", "ASC"]])
        first: dict[int, dict] = {}
        for link in links:
            first.setdefault(link["product"], link)
        boms = sorted({link["bom"] for link in first.values() if link.get("bom")})
        inputs: list = []
        outputs: list = []
        if boms:
            inputs = await self.search_read(
                "production.bom.input", [["bom", "in", boms]],
                ["bom", "product", "product.code", "quantity", "unit.symbol"])
            outputs = await self.search_read(
                "production.bom.output", [["bom", "in", boms]],
                ["bom", "product", "quantity"])
        routings = sorted({link["routing"] for link in first.values() if link.get("routing")})
        steps = await self._routing_steps(routings) if routings else {}
        minutes = decimal(self.options.get("step_minutes_per_unit", STEP_MINUTES_PER_UNIT))
        setup = decimal(self.options.get("step_setup_minutes", STEP_SETUP_MINUTES))
        records = []
        for r in rows:
            link = first.get(r["id"])
            bom: list[d.BomItem] = []
            operations: list[d.OperationTemplate] = []
            if link is not None:
                made = sum((decimal(o["quantity"]) for o in outputs
                            if o["bom"] == link["bom"] and o["product"] == r["id"]), Decimal(0))
                for i in inputs:
                    if i["bom"] == link["bom"] and made:
                        bom.append(d.BomItem(component_id=product_key(i),
                                             quantity_per_unit=decimal(i["quantity"]) / made,
                                             unit=related(i, "unit", "symbol", "")))
                for n, (name, center) in enumerate(steps.get(link.get("routing"), []), 1):
                    operations.append(d.OperationTemplate(
                        sequence=n, name=name, work_center_id=center,
                        setup_minutes=setup, run_seconds_per_unit=minutes * 60))
            salable = related(r, "template", "salable", False)
            producible = related(r, "template", "producible", False)
            kind = "finished" if salable and (producible or operations) else (
                "component" if producible or operations else "raw")
            code = r.get("code") or f"product-{r['id']}"
            supplier = suppliers.get(r["id"])
            records.append(d.Product(
                id=code, version=version_of(changed_at(r), supplier and changed_at(supplier)),
                code=code, name=r.get("rec_name") or code,
                unit=related(r, "default_uom", "symbol", ""), kind=kind,
                routing=d.Routing(operations=operations), bom=bom,
                lead_time_days=_lead_time_days(supplier)))
        return records, self._latest([*rows, *suppliers.values()]), more

    async def _suppliers(self, rows: list[dict]) -> dict[int, dict]:
        """Per product, the supplier a purchase of it goes to, as Tryton picks it
        (product_suppliers_used): the first by sequence of its template's suppliers that are
        for any variant or for this one."""
        found = await self.search_read(
            "purchase.product_supplier",
            [["template", "in", sorted({r["template"] for r in rows if r.get("template")})]],
            ["template", "product", "lead_time", "party.supplier_lead_time", "write_date",
             "create_date"],
            order=[["sequence", "ASC NULLS FIRST"], ["id", "ASC"]])
        out: dict[int, dict] = {}
        for r in rows:
            first = next((s for s in found if s["template"] == r.get("template")
                          and s.get("product") in (None, r["id"])), None)
            if first is not None:
                out[r["id"]] = first
        return out

    async def _routing_steps(self, routings: list[int]) -> dict[int, list[tuple[str, str]]]:
        """Per routing, its steps in order: (operation name, the work center it runs on)."""
        fields = ["routing", "sequence", "operation", "operation.name"]
        has_categories = "production.work.center.category" in await self.models()
        if has_categories:
            fields.append("operation.work_center_category")
        rows = await self.search_read(
            "production.routing.step", [["routing", "in", routings]], fields,
            order=[["routing", "ASC"], ["sequence", "ASC"], ["id", "ASC"]])
        centers = await self.search_read(
            "production.work.center", [],
            ["name", *(["category"] if has_categories else [])])
        by_category: dict[int, str] = {}
        by_name: dict[str, str] = {}
        for c in centers:
            if c.get("category"):
                by_category.setdefault(c["category"], f"wc-{c['id']}")
            by_name.setdefault((c.get("name") or "").casefold(), f"wc-{c['id']}")
        steps: dict[int, list[tuple[str, str]]] = defaultdict(list)
        unplaced: set[int] = set()
        for step in rows:
            name = related(step, "operation", "name", "") or ""
            category = related(step, "operation", "work_center_category")
            center = by_category.get(category) if category else None
            center = center or by_name.get(name.casefold())
            if center is None:
                unplaced.add(step["routing"])
            else:
                steps[step["routing"]].append((name, center))
        # A step with nowhere to run: the product has no plannable routing rather than a wrong
        # one (its answer says "no routing").
        return {k: v for k, v in steps.items() if k not in unplaced}

    async def _sale_lines_of(self, productions: list[dict]) -> dict[int, dict]:
        """The sale lines productions were requested by, by id (none without sale_supply)."""
        line_ids = sorted({i for r in productions if (i := ref_id(r.get("origin"), "sale.line"))})
        if not line_ids:
            return {}
        try:
            lines = await self.search_read("sale.line", [["id", "in", line_ids]],
                                           ["sale", "sale.number"])
        except SourceRefused as exc:
            if exc.status != 403:
                raise
            # A production-only user: the work orders still come, unlinked (the Orders view's
            # linking rules can match them by product).
            log.info("%s: productions not linked to sale lines: %s", self.source.name, exc)
            return {}
        return {line["id"]: line for line in lines}

    async def _lot_moves(self, since: dt.datetime | None) -> set[int]:
        """Lots whose stock moves changed after `since`."""
        if since is None:
            return set()
        moves = await self.search_read(
            "stock.move", [["lot", "!=", None], self._changed_domain(since)], ["lot"])
        return {m["lot"] for m in moves}

    async def _read_lots(self, since, offset):
        rows, more = await self._page("stock.lot", since, offset,
                                      ["number", "product", "product.code"],
                                      ids=await self._lot_moves(since))
        if not rows:
            return [], None, more
        moves = await self.search_read(
            "stock.move", [["lot", "in", [r["id"] for r in rows]], ["state", "=", "done"]],
            ["lot", "quantity", "unit.symbol", "production_output", "from_location.type",
             "write_date", "create_date"])
        by_lot: dict[int, list] = defaultdict(list)
        for m in moves:
            by_lot[m["lot"]].append(m)
        records = []
        for r in rows:
            mine = by_lot[r["id"]]
            produced = [m for m in mine if m.get("production_output")]
            received = [m for m in mine if related(m, "from_location", "type") in (
                "supplier", "lost_found")]
            source = produced or received
            records.append(d.Lot(
                id=str(r["id"]), version=version_of(changed_at(r), *map(changed_at, mine)),
                number=r["number"], product_id=product_key(r),
                kind=d.LotKind.FINISHED if produced else d.LotKind.RAW,
                quantity=sum((decimal(m["quantity"]) for m in source), Decimal(0)),
                unit=related(source[0] if source else {}, "unit", "symbol", ""),
                created_at=utc(r.get("create_date")),
                work_order_id=str(produced[0]["production_output"]) if produced else None))
        return records, self._latest([*rows, *moves]), more

    # -- materials ------------------------------------------------------------------------------

    async def _moved_products(self, since: dt.datetime | None
                              ) -> tuple[set[int], dt.datetime | None]:
        """Products with stock moves changed after `since`, and the latest such change."""
        if since is None:
            return set(), None
        moves = await self.search_read("stock.move", [self._changed_domain(since)],
                                       ["product", "write_date", "create_date"])
        return {m["product"] for m in moves}, self._latest(moves)

    async def _read_stock(self, since, offset):
        moved, moved_at = await self._moved_products(since)
        rows, more = await self._page("product.product", since, offset,
                                      ["code", "default_uom.symbol"], ids=moved,
                                      extra=[["type", "=", "goods"]])
        latest = max(filter(None, [self._latest(rows), moved_at]), default=None)
        warehouses = await self.search_read("stock.location", [["type", "=", "warehouse"]],
                                            ["name", "output_location"])
        if not rows or not warehouses:
            return [], latest, more
        ids = [r["id"] for r in rows]
        minimums = await self._order_points(ids)
        # Tryton computes stock when asked: the level is as of now, and so is its version.
        now = dt.datetime.now(dt.UTC)
        records = []
        for warehouse in warehouses:
            inside = {loc["id"] for loc in await self.search_read(
                "stock.location", [["parent", "child_of", [warehouse["id"]]]], ["id"])}
            # On hand: done moves, in the product's default unit, anywhere in the warehouse
            # (received goods still in its input zone count; they are here).
            levels = await self.search_read(
                "product.product", [["id", "in", ids]], ["quantity"],
                context={"locations": [warehouse["id"]], "with_childs": True})
            # Reserved: moves assigned to leave the warehouse, or to be picked for shipping;
            # each unit once, whichever of the two it is in.
            assigned = await self.search_read(
                "stock.move", [["product", "in", ids], ["state", "=", "assigned"],
                               ["from_location", "in", sorted(inside)]],
                ["product", "to_location", "internal_quantity"])
            on_hand = {r["id"]: decimal(r["quantity"]) for r in levels}
            reserved: dict[int, Decimal] = defaultdict(Decimal)
            for m in assigned:
                if m["to_location"] not in inside or m["to_location"] == warehouse[
                        "output_location"]:
                    reserved[m["product"]] += decimal(m["internal_quantity"])
            for r in rows:
                code = str(r["code"]) if r.get("code") else f"product-{r['id']}"
                records.append(d.StockLevel(
                    id=f"{code}@{warehouse['name']}", version=version_of(now), item_id=code,
                    location=warehouse["name"], on_hand=on_hand.get(r["id"], Decimal(0)),
                    reserved=reserved[r["id"]],
                    safety_stock=minimums.get((r["id"], warehouse["id"]), Decimal(0)),
                    unit=related(r, "default_uom", "symbol", ""), counted_at=now))
        return records, latest, more

    async def _order_points(self, products: list[int]) -> dict[tuple[int, int], Decimal]:
        """Minimum quantities of purchase order points (module stock_supply), by (product,
        warehouse); none when the module is not installed (safety stock 0)."""
        if "stock.order_point" not in await self.models():
            return {}
        points = await self.search_read(
            "stock.order_point", [["product", "in", products], ["type", "=", "purchase"]],
            ["product", "warehouse_location", "min_quantity"])
        return {(p["product"], p["warehouse_location"]): decimal(p.get("min_quantity"))
                for p in points if p.get("warehouse_location")}

    async def _read_receipts(self, since, offset):
        # A full read lists what is still to come; an incremental one also sees lines that
        # were received or cancelled since, to drop them.
        open_only = [["purchase.state", "in", list(PURCHASE_OPEN)]] if since is None else []
        rows, more = await self._page(
            "purchase.line", since, offset,
            ["purchase", "purchase.number", "purchase.state", "purchase.party",
             "purchase.purchase_date", "product", "product.code", "quantity", "unit",
             "unit.symbol", "delivery_date"],
            paths=("purchase", "moves"), extra=[["type", "=", "line"], *open_only])
        if not rows:
            return [], None, more
        moves = await self.search_read(
            "stock.move", [["origin", "in", [f"purchase.line,{r['id']}" for r in rows]],
                           ["state", "=", "done"]],
            ["origin", "quantity", "unit", "write_date", "create_date"])
        received: dict[int, list] = defaultdict(list)
        for m in moves:
            received[ref_id(m["origin"], "purchase.line") or 0].append(m)
        parties = {p["id"]: p["rec_name"] for p in await self.search_read(
            "party.party", [["id", "in", sorted({related(r, "purchase", "party")
                                                 for r in rows} - {None})]], ["rec_name"])}
        records: list = []
        for r in rows:
            done = received[r["id"]]
            when = version_of(changed_at(r), *map(changed_at, done))
            if any(m.get("unit") != r.get("unit") for m in done):
                records.append(Rejection("mes.receipts", str(r["id"]),
                                         "received in another unit than ordered; not "
                                         "converted"))
                continue
            outstanding = decimal(r["quantity"]) - sum(
                (decimal(m["quantity"]) for m in done), Decimal(0))
            if related(r, "purchase", "state") not in PURCHASE_OPEN or outstanding <= 0:
                if since is not None:  # a full read leaves it out: the poller drops it
                    records.append(d.Tombstone(id=str(r["id"]),
                                               deleted_at=utc(changed_at(r))))
                continue
            expected = r.get("delivery_date") or related(r, "purchase", "purchase_date")
            records.append(d.ExpectedReceipt(
                id=str(r["id"]), version=when,
                purchase_order=related(r, "purchase", "number") or f"draft {r['purchase']}",
                supplier=parties.get(related(r, "purchase", "party"), ""),
                item_id=product_key(r), quantity=outstanding,
                unit=related(r, "unit", "symbol", ""),
                expected_at=utc(expected or changed_at(r)), status=d.ReceiptStatus.OPEN))
        return records, self._latest([*rows, *moves]), more

    async def _read_genealogy(self, since, offset):
        lotted = [["lot", "!=", None], ["state", "=", "done"]]
        inputs, more = await self._page("stock.move", since, offset,
                                        ["production_input", "lot", "quantity", "unit.symbol",
                                         "effective_date"],
                                        ids=await self._inputs_of_new_outputs(since, lotted),
                                        extra=[["production_input", "!=", None], *lotted])
        if not inputs:
            return [], None, more
        outputs = await self.search_read(
            "stock.move", [["production_output", "in",
                            sorted({m["production_input"] for m in inputs})], *lotted],
            ["production_output", "lot", "quantity", "write_date", "create_date"])
        out_by: dict[int, list] = defaultdict(list)
        for m in outputs:
            out_by[m["production_output"]].append(m)
        records = []
        for m in inputs:
            children = out_by[m["production_input"]]
            total = sum((decimal(c["quantity"]) for c in children), Decimal(0))
            for c in children:
                share = decimal(m["quantity"]) * decimal(c["quantity"]) / total if total else \
                    decimal(m["quantity"])
                records.append(d.LotLink(
                    id=f"{m['id']}-{c['id']}", version=version_of(changed_at(m), changed_at(c)),
                    parent_lot_id=str(m["lot"]), child_lot_id=str(c["lot"]),
                    quantity=share, unit=related(m, "unit", "symbol", ""),
                    linked_at=utc(m.get("effective_date") or changed_at(m))))
        return records, self._latest([*inputs, *outputs]), more

    async def _inputs_of_new_outputs(self, since: dt.datetime | None, lotted: list
                                     ) -> set[int]:
        """Input moves of the productions whose outputs were done after `since`: a production
        consumes its inputs when it runs and makes its outputs when it is done, often polls
        apart, and the link needs both (reading only inputs changed since would miss it)."""
        if since is None:
            return set()
        outputs = await self.search_read(
            "stock.move", [["production_output", "!=", None], *lotted,
                           self._changed_domain(since)], ["production_output"])
        productions = sorted({m["production_output"] for m in outputs})
        if not productions:
            return set()
        inputs = await self.search_read(
            "stock.move", [["production_input", "in", productions], *lotted], ["id"])
        return {m["id"] for m in inputs}

    # -- writes ---------------------------------------------------------------------------------

    async def _find_marker(self, resource: str, key: str, text_of: Callable[[], Any]) -> bool:
        """Whether the write with this idempotency key already landed."""
        tag = marker(key)
        notes = await self._notes([resource]) if resource.startswith("sale.sale,") else []
        if notes and any(tag in (n.get("message") or "") for n in notes):
            return True
        return tag in (await text_of() or "")

    async def _sale(self, sale_id: int) -> dict[str, Any]:
        rows = await self.search_read("sale.sale", [["id", "=", sale_id]],
                                      ["state", "comment", "write_date", "create_date"])
        if not rows:
            raise SourceRefused(f"order {sale_id} is not in Tryton (deleted?)", 404)
        return rows[0]

    async def _order_version(self, sale_id: int) -> int:
        sale = await self._sale(sale_id)
        lines = await self.search_read("sale.line", [["sale", "=", sale_id]],
                                       ["write_date", "create_date"])
        notes = await self._notes([f"sale.sale,{sale_id}"]) or []
        return version_of(changed_at(sale), *map(changed_at, lines), *map(changed_at, notes))

    async def _add_sale_note(self, sale_id: int, text: str) -> str:
        """A note on the sale; the sale's comment when notes are not allowed. Says which."""
        if "ir.note" in await self.models():
            try:
                await self.call("ir.note", "create",
                                [{"resource": f"sale.sale,{sale_id}", "message": text}])
                return "note"
            except SourceRefused as exc:
                if exc.status != 403:
                    raise
                log.warning("%s: notes not allowed, writing to the sale comment: %s",
                            self.source.name, exc)
        sale = await self._sale(sale_id)
        comment = (sale.get("comment") or "").rstrip()
        await self.call("sale.sale", "write", [sale_id],
                        {"comment": f"{comment}\n{text}".strip()})
        return "comment"

    def _stale(self, what: str, seen: int, now: int) -> SourceRefused:
        return SourceRefused(f"{what} changed in Tryton since the person saw it (version "
                             f"{seen}, now {now}); look at it again before deciding", 412,
                             {"version": now})

    async def write(
        self, method: str, path: str, body: dict[str, Any], idempotency_key: str,
        version: int | None,
    ) -> WriteResult:
        if method == "PATCH" and (m := PROMISE_PATH.match(path)):
            return await self._write_promise(int(m[1]), int(m[2]), body, idempotency_key,
                                             version)
        if method == "POST" and (m := ACTIVITY_PATH.match(path)):
            return await self._write_activity(int(m[1]), body, idempotency_key)
        if method == "POST" and (m := FINDING_PATH.match(path)):
            return await self._write_finding(int(m[1]), body, idempotency_key, version)
        if method == "POST" and RELEASE_PATH.match(path):
            return await self._write_release(body, idempotency_key)
        if method == "PATCH" and (m := PROGRESS_PATH.match(path)):
            return await self._write_progress(int(m[1]), int(m[2]), body, idempotency_key)
        if method == "POST" and path == ORDERS_PATH:
            return await self._write_quotation(body, idempotency_key)
        raise SourceRefused(f"Tryton sources do not take {method} {path}", 405)

    async def _write_promise(self, sale_id, line_id, body, key, version) -> WriteResult:
        try:
            promised = dt.date.fromisoformat(str(body["promised_date"]))
        except (KeyError, ValueError) as exc:
            raise SourceRefused("a promised date (YYYY-MM-DD) is needed", 422) from exc
        sale = await self._sale(sale_id)
        if await self._find_marker(f"sale.sale,{sale_id}", key,
                                   lambda: _value(sale.get("comment"))):
            return WriteResult(200, {"id": str(sale_id), "line_no": line_id,
                                     "promised_date": promised.isoformat()}, replayed=True)
        lines = await self.search_read(
            "sale.line", [["id", "=", line_id], ["sale", "=", sale_id]],
            ["shipping_date", "moves"])
        if not lines:
            raise SourceRefused(f"order {sale_id} has no line {line_id} in Tryton", 404)
        current = await self._order_version(sale_id)
        if version is not None and current != version:
            raise self._stale(f"order {sale_id}", version, current)
        notes = await self._notes([f"sale.sale,{sale_id}"]) or []
        history = parse_promises([(n["message"], n.get("create_date")) for n in notes]
                                 + [(sale.get("comment") or "", None)]).get(line_id, [])
        old = history[-1].new_date if history else lines[0].get("shipping_date")
        text = (f"{marker(key)} promise line {line_id}: {old.isoformat() if old else '-'} -> "
                f"{promised.isoformat()} | by {body.get('by') or self.login} | "
                f"{body.get('reason') or ''}").rstrip(" |")
        open_moves = []
        if lines[0].get("moves"):
            moves = await self.search_read(
                "stock.move", [["id", "in", lines[0]["moves"]],
                               ["state", "not in", ["done", "cancelled"]]], ["id"])
            open_moves = [m["id"] for m in moves]
        if open_moves:
            await self.call("stock.move", "write", open_moves, {"planned_date": promised})
        where = await self._add_sale_note(sale_id, text)
        return WriteResult(200, {"id": str(sale_id), "line_no": line_id,
                                 "promised_date": promised.isoformat(), "stored_in": where,
                                 "moves_planned": len(open_moves),
                                 "version": await self._order_version(sale_id)})

    async def _write_quotation(self, body: dict[str, Any], key: str) -> WriteResult:
        """A new sale in state quotation: its comment carries the write's marker (so a repeat
        finds it) and a promise note per line with the date quoted (so the console reads the
        quoted date back as the line's promised date). Resumable: a repeat after a failure
        between the steps finishes the steps still to do."""
        if str(body.get("status") or "draft") != "draft":
            raise SourceRefused("only draft orders (quotations) are created in Tryton", 422)
        tag = marker(key)
        found = await self.search_read("sale.sale", [["comment", "like", f"%{tag}%"]],
                                       ["state"], limit=1)
        replayed = bool(found)
        if found:
            sale_id = found[0]["id"]
        else:
            sale_id = await self._create_sale(body, tag)
        lines = await self.search_read("sale.line", [["sale", "=", sale_id]], ["id"],
                                       order=[["sequence", "ASC"], ["id", "ASC"]])
        sale = await self._sale(sale_id)
        written = [sale.get("comment") or ""] + [
            n.get("message") or "" for n in await self._notes([f"sale.sale,{sale_id}"]) or []]
        for line, asked in zip(lines, body.get("lines") or [], strict=False):
            quoted = asked.get("promised_date")
            if quoted and not any(f"{tag} promise line {line['id']}:" in t for t in written):
                # Where promises are kept (a note, else the comment): read back as promised.
                await self._add_sale_note(sale_id, (
                    f"{tag} promise line {line['id']}: - -> {quoted} | by "
                    f"{body.get('by') or self.login} | quoted"))
        if sale["state"] == "draft":
            await self.call("sale.sale", "quote", [sale_id])
        done = await self.search_read("sale.sale", [["id", "=", sale_id]], ["number", "state"])
        return WriteResult(201, {"id": str(sale_id), "number": done[0].get("number") or "",
                                 "status": "draft", "state": done[0].get("state"),
                                 "version": await self._order_version(sale_id)},
                           replayed=replayed)

    async def _create_sale(self, body: dict[str, Any], tag: str) -> int:
        try:
            party = int(str(body["customer_id"]))
        except (KeyError, ValueError) as exc:
            raise SourceRefused(f"no Tryton party {body.get('customer_id')!r}", 422) from exc
        addresses = await self.search_read("party.address", [["party", "=", party]], ["id"],
                                           limit=1)
        if not addresses:
            raise SourceRefused(f"party {party} has no address in Tryton: a quotation needs "
                                "one to invoice and ship to", 422)
        new_lines = []
        for asked in body.get("lines") or []:
            code = str(asked.get("product_id") or "")
            products = await self.search_read(
                "product.product", [["code", "=", code]],
                ["default_uom", "template.sale_uom", "list_price"], limit=1)
            if not products:
                raise SourceRefused(f"no product with code {code!r} in Tryton", 422)
            product = products[0]
            new_lines.append({
                "type": "line", "product": product["id"],
                "quantity": float(decimal(asked.get("quantity"))),
                "unit": related(product, "template", "sale_uom") or product["default_uom"],
                "unit_price": decimal(product.get("list_price"))})
        if not new_lines:
            raise SourceRefused("a quotation needs at least one line", 422)
        values: dict[str, Any] = {
            "party": party, "invoice_address": addresses[0]["id"],
            "shipment_address": addresses[0]["id"], "comment": f"{tag} quotation",
            "reference": str(body.get("customer_po") or ""),
            "lines": [["create", new_lines]]}
        wanted = min((str(x["requested_date"]) for x in body.get("lines") or []
                      if x.get("requested_date")), default=None)
        if wanted:
            values["shipping_date"] = dt.date.fromisoformat(wanted)
        created = await self.call("sale.sale", "create", [values])
        return int(created[0])

    async def _write_activity(self, sale_id, body, key) -> WriteResult:
        sale = await self._sale(sale_id)
        if await self._find_marker(f"sale.sale,{sale_id}", key,
                                   lambda: _value(sale.get("comment"))):
            return WriteResult(200, {"order_id": str(sale_id)}, replayed=True)
        kind = str(body.get("kind") or "note")
        subject = str(body.get("subject") or "").replace("\n", " ")
        text = f"{marker(key)} {kind}: {subject}"
        if body.get("body"):
            text += "\n" + str(body["body"])
        where = await self._add_sale_note(sale_id, text)
        return WriteResult(201, {"order_id": str(sale_id), "kind": kind, "subject": subject,
                                 "stored_in": where})

    async def _write_finding(self, complaint_id, body, key, version) -> WriteResult:
        """Appended to the description of a draft complaint; a note on one past draft, whose
        description Tryton no longer lets anyone change."""
        if "sale.complaint" not in await self.models():
            raise SourceRefused("this Tryton has no complaints (module sale_complaint)", 404)
        rows = await self.search_read("sale.complaint", [["id", "=", complaint_id]],
                                      ["state", "description", "write_date", "create_date"])
        if not rows:
            raise SourceRefused(f"complaint {complaint_id} is not in Tryton", 404)
        resource = f"sale.complaint,{complaint_id}"
        description = rows[0].get("description") or ""
        notes = await self._notes([resource])
        if marker(key) in description or any(marker(key) in (n.get("message") or "")
                                             for n in notes or []):
            return WriteResult(200, {"id": str(complaint_id)}, replayed=True)
        now = version_of(changed_at(rows[0]), *map(changed_at, notes or []))
        if version is not None and version != now:
            raise self._stale(f"complaint {complaint_id}", version, now)
        text = str(body.get("text") or "").replace("\n", " ")
        line = f"{marker(key)} finding: {text}"
        if rows[0].get("state") == "draft":
            await self.call("sale.complaint", "write", [complaint_id],
                            {"description": f"{description.rstrip()}\n{line}".strip()})
        elif notes is None:
            raise SourceRefused(
                f"the Tryton user {self.login!r} may not add notes, and a complaint past draft "
                "takes findings only as notes (its description can no longer change)", 403)
        else:
            await self.call("ir.note", "create", [{"resource": resource, "message": line}])
        return WriteResult(201, {"id": str(complaint_id), "finding": text})

    async def _write_release(self, body: dict[str, Any], key: str) -> WriteResult:
        """A production for a sale line, its origin the line; once per line."""
        try:
            sale_id, line_id = int(body["order_id"]), int(body["line_no"])
            quantity = Decimal(str(body["quantity"]))
            due = dt.date.fromisoformat(body["due_date"]) if body.get("due_date") else None
        except (KeyError, ValueError, ArithmeticError) as exc:
            raise SourceRefused(f"a release needs an order, a line and a quantity: {exc}",
                                422) from exc
        if "production" not in await self.models():
            raise SourceRefused("this Tryton has no productions (module production)", 404)
        origin = f"sale.line,{line_id}"
        fields = ["number", "reference", "state", "product", "product.code", "quantity",
                  "unit.symbol", "planned_date", "write_date", "create_date"]
        existing = await self.search_read(
            "production", [["origin", "=", origin], ["state", "!=", "cancelled"]], fields)
        mine = [p for p in existing if marker(key) in (p.get("reference") or "")]
        if mine:
            return WriteResult(200, self._released(mine[0], sale_id, line_id, body),
                               replayed=True)
        if existing:
            raise SourceRefused(f"sale line {line_id} already has production "
                                f"{existing[0].get('number') or existing[0]['id']}", 409)
        lines = await self.search_read(
            "sale.line", [["id", "=", line_id], ["sale", "=", sale_id]],
            ["product", "product.code", "unit", "sale.company", "sale.warehouse", "sale.state"])
        if not lines:
            raise SourceRefused(f"order {sale_id} has no line {line_id} in Tryton", 404)
        line = lines[0]
        if product_key(line) != str(body.get("product_id", "")):
            raise SourceRefused(f"line {line_id} is for {product_key(line)}, not "
                                f"{body.get('product_id')}", 422)
        warehouse = related(line, "sale", "warehouse")
        places = await self.search_read("stock.location", [["id", "=", warehouse]],
                                        ["production_location"]) if warehouse else []
        location = places[0].get("production_location") if places else None
        if not location:
            raise SourceRefused("the sale's warehouse has no production location", 422)
        start = min(dt.date.today(), due) if due else None
        values: dict[str, Any] = {
            "product": line["product"], "quantity": float(quantity), "unit": line["unit"],
            "company": related(line, "sale", "company"), "warehouse": warehouse,
            "location": location, "origin": origin, "reference": marker(key),
            "planned_date": due, "planned_start_date": start}
        created = await self.call("production", "create", [values])
        production_id = created[0]
        await self.call("production", "wait", [production_id])
        parameters = body.get("parameters") or {}
        if parameters:
            text = f"{marker(key)} parameters: " + "; ".join(
                f"{name}={value}" for name, value in sorted(parameters.items()))
            await self.call("ir.note", "create",
                            [{"resource": f"production,{production_id}", "message": text}])
        row = (await self.search_read("production", [["id", "=", production_id]], fields))[0]
        return WriteResult(201, self._released(row, sale_id, line_id, body))

    def _released(self, row: dict[str, Any], sale_id: int, line_id: int,
                  body: dict[str, Any]) -> dict[str, Any]:
        """The new production as the contract's work order, linked to the line."""
        from pydantic import TypeAdapter

        unit = related(row, "unit", "symbol", "") or str(body.get("unit", ""))
        order = d.WorkOrder(
            id=str(row["id"]), version=version_of(changed_at(row)),
            number=row.get("number") or f"draft {row['id']}", product_id=product_key(row),
            quantity=decimal(row["quantity"]), unit=unit,
            status=WORK_ORDER_STATUS.get(row["state"], d.WorkOrderStatus.PLANNED),
            due_date=row.get("planned_date"),
            links=[d.FulfilmentLink(order_id=str(sale_id), line_no=line_id,
                                    work_order_id=str(row["id"]),
                                    quantity=decimal(row["quantity"]), unit=unit)],
            sales_order_ref=str(body.get("sales_order_ref") or ""), sales_line_ref=line_id,
            parameters=dict(body.get("parameters") or {}))
        return TypeAdapter(d.WorkOrder).dump_python(order, mode="json")

    async def _write_progress(self, sale_id: int, line_id: int, body: dict[str, Any],
                              key: str) -> WriteResult:
        """A progress note on the sale (Tryton has no field for it)."""
        sale = await self._sale(sale_id)
        if await self._find_marker(f"sale.sale,{sale_id}", key,
                                   lambda: _value(sale.get("comment"))):
            return WriteResult(200, {"id": str(sale_id), "line_no": line_id}, replayed=True)
        parts = [f"{body.get('progress_percent', 0)} %", str(body.get("stage", ""))]
        if body.get("predicted_completion"):
            parts.append(f"expected {body['predicted_completion']}")
        if body.get("at_risk"):
            parts.append("at risk")
        text = f"{marker(key)} progress line {line_id}: " + " · ".join(parts)
        if body.get("summary"):
            text += "\n" + str(body["summary"])
        where = await self._add_sale_note(sale_id, text)
        return WriteResult(200, {"id": str(sale_id), "line_no": line_id, "stored_in": where})

    async def aclose(self) -> None:
        await self._client.aclose()


async def _value(value: Any) -> Any:
    return value


def from_profile(profile: SourceProfile, secrets: SecretReader) -> TrytonConnector:
    password = secrets.get(profile.name, "password")
    if not password:
        raise SourceError(f"no password stored for source {profile.name!r}")
    return TrytonConnector(profile.config(), database=profile.instance,
                           login=profile.username or "admin", password=password,
                           page_size=int(profile.options.get("page_size", "200")),
                           options=dict(profile.options))


__all__ = ["TrytonConnector", "from_profile", "parse_promises", "version_of"]
