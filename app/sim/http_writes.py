"""The contract's writes: Idempotency-Key on every write, If-Match where a record changes.

A repeated Idempotency-Key gets the first answer again without applying anything, so a client
that timed out after the server applied its write can safely send it again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC
from typing import Any

from pydantic import TypeAdapter
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.contract import (
    STAGES,
    ActivityCreate,
    ComplaintLotLink,
    FindingCreate,
    MaintenanceCreate,
    OrderCreate,
    PriorityUpdate,
    ProgressUpdate,
    PromiseUpdate,
    WorkOrderRelease,
)
from app.domain import OrderStatus, PlannedMaintenance
from app.sim.feeds import dumps
from app.sim.http_common import PLANT_REFUSALS, error, json_response, read_body, refusal
from app.sim.paging import BadRequest
from app.sim.state import SimState

Apply = Callable[[Request, SimState], Awaitable[tuple[int, Any]]]


def _current_version(state: SimState, feed: str, record_id: str) -> int | None:
    change = state.plant.feeds[feed].get(record_id)
    return None if change is None else change.version


def _check_if_match(request: Request, version: int | None, required: bool) -> Response | None:
    header = request.headers.get("if-match")
    if header is None:
        if required:
            return error(428, "If-Match header with the record's current version is required")
        return None
    wanted = header.strip().strip('"').removeprefix("W/").strip('"')
    if not wanted.isdigit():
        return error(400, f"If-Match must be a record version (a whole number), got {header!r}")
    if int(wanted) != version:
        return error(412, f"record has changed: version is {version}, not {wanted}",
                     current_version=version)
    return None


def _write(feed: str, id_param: str | None, if_match: str | None, apply: Apply):
    """Wrap `apply` with idempotency, existence and If-Match checks.

    if_match: "required", "optional" or None (the write creates a record). `id_param` None:
    the path names no record (a new work order or draft order); `apply` checks what the body
    refers to.
    """

    async def endpoint(request: Request) -> Response:
        state: SimState = request.app.state.sim
        key = request.headers.get("idempotency-key", "").strip()
        if not key:
            return error(400, "Idempotency-Key header is required on every write")
        if len(key) > 200:
            return error(400, "Idempotency-Key is longer than 200 characters")
        body = await request.body()
        fingerprint = state.fingerprint(request.method, request.url.path, body)
        stored = state.stored_answer(key)
        if stored is not None:
            if stored.fingerprint != fingerprint:
                return error(422, "Idempotency-Key was already used for a different request")
            return Response(stored.body, status_code=stored.status, media_type="application/json",
                            headers={"Idempotent-Replayed": "true"})

        version = None
        if id_param is not None:
            record_id = request.path_params[id_param]
            version = _current_version(state, feed, record_id)
            if version is None:
                return error(404, f"no record with id {record_id!r}")
        if if_match is not None:
            version_refused = _check_if_match(request, version,
                                              required=if_match == "required")
            if version_refused is not None:
                return version_refused
        try:
            status, record = await apply(request, state)
        except PLANT_REFUSALS as exc:
            return refusal(exc)
        payload = dumps(TypeAdapter(type(record)).dump_python(record, mode="json"))
        state.store_answer(key, fingerprint, status, payload)
        return Response(payload, status_code=status, media_type="application/json")

    return endpoint


async def _order(request: Request, state: SimState) -> tuple[int, Any]:
    new: OrderCreate = await read_body(request, OrderCreate)
    if new.status is not OrderStatus.DRAFT:
        raise BadRequest(f"only draft orders (quotations) are created here, not {new.status}")
    return 201, state.plant.add_draft_order(
        customer_id=new.customer_id, priority=new.priority, customer_po=new.customer_po,
        lines=[{"product_id": x.product_id, "quantity": str(x.quantity),
                "requested_date": x.requested_date.isoformat(), "options": x.options,
                "promised_date": x.promised_date.isoformat() if x.promised_date else None}
               for x in new.lines])


async def _promise(request: Request, state: SimState) -> tuple[int, Any]:
    update: PromiseUpdate = await read_body(request, PromiseUpdate)
    line = request.path_params["line_no"]
    if not line.isdigit():
        raise BadRequest(f"line number must be a whole number, got {line!r}")
    order = state.plant.set_promised_date(
        request.path_params["order_id"], int(line), update.promised_date,
        reason=update.reason, by=update.by,
    )
    return 200, order


async def _activity(request: Request, state: SimState) -> tuple[int, Any]:
    new: ActivityCreate = await read_body(request, ActivityCreate)
    if not new.subject.strip():
        raise BadRequest("subject must not be empty")
    return 201, state.plant.add_activity(
        request.path_params["order_id"], new.kind, new.subject, new.body
    )


async def _finding(request: Request, state: SimState) -> tuple[int, Any]:
    new: FindingCreate = await read_body(request, FindingCreate)
    if not new.text.strip():
        raise BadRequest("text must not be empty")
    return 201, state.plant.add_finding(request.path_params["complaint_id"], new.text)


async def _link_lot(request: Request, state: SimState) -> tuple[int, Any]:
    link: ComplaintLotLink = await read_body(request, ComplaintLotLink)
    if not link.lot_id.strip():
        raise BadRequest("lot_id must not be empty")
    return 200, state.plant.link_complaint_lot(request.path_params["complaint_id"],
                                               link.lot_id.strip())


async def _priority(request: Request, state: SimState) -> tuple[int, Any]:
    update: PriorityUpdate = await read_body(request, PriorityUpdate)
    return 200, state.plant.set_work_order_priority(
        request.path_params["work_order_id"], update.priority
    )


async def _maintenance(request: Request, state: SimState) -> tuple[int, Any]:
    new: MaintenanceCreate = await read_body(request, MaintenanceCreate)
    if new.start.tzinfo is None or new.end.tzinfo is None:
        raise BadRequest("start and end must carry a time zone (RFC 3339)")
    window = PlannedMaintenance(machine_id=new.machine_id.strip(), start=new.start.astimezone(UTC),
                                end=new.end.astimezone(UTC), reason=new.reason.strip())
    return 201, state.plant.plan_maintenance(request.path_params["calendar_id"], window)


async def _release(request: Request, state: SimState) -> tuple[int, Any]:
    new: WorkOrderRelease = await read_body(request, WorkOrderRelease)
    if _current_version(state, "crm.orders", new.order_id) is None:
        raise KeyError(f"no order with id {new.order_id!r}")
    bad = [k for k, v in new.parameters.items() if not k.strip() or not isinstance(v, str)]
    if bad:
        raise BadRequest(f"parameters: each needs a name and a text value ({bad[0]!r})")
    return 201, state.plant.release_work_order(new.order_id, new.line_no, new.product_id,
                                               new.quantity, new.due_date, new.priority,
                                               dict(new.parameters))


def _line_no(request: Request) -> int:
    line = request.path_params["line_no"]
    if not line.isdigit():
        raise BadRequest(f"line number must be a whole number, got {line!r}")
    return int(line)


async def _progress(request: Request, state: SimState) -> tuple[int, Any]:
    update: ProgressUpdate = await read_body(request, ProgressUpdate)
    if not 0 <= update.progress_percent <= 100:
        raise ValueError(f"progress_percent must be from 0 to 100, not {update.progress_percent}")
    if update.stage not in STAGES:
        raise ValueError(f"stage must be one of {', '.join(STAGES)}, not {update.stage!r}")
    values = TypeAdapter(ProgressUpdate).dump_python(update, mode="json")
    return 200, state.plant.set_line_progress(request.path_params["order_id"],
                                              _line_no(request), values)


async def _read_progress(request: Request) -> Response:
    """What the CRM keeps of a line's production progress (404 until the console wrote it)."""
    state: SimState = request.app.state.sim
    try:
        key = (request.path_params["order_id"], _line_no(request))
    except BadRequest as exc:
        return error(400, str(exc))
    stored = state.plant.orders.progress.get(key)
    if stored is None:
        return error(404, "no progress written for this line")
    return json_response(stored)


def routes() -> list[Route]:
    return [
        Route("/mes/v1/work-orders", _write("mes.work_orders", None, None, _release),
              methods=["POST"]),
        Route("/crm/v1/orders/{order_id}/lines/{line_no}/progress",
              _write("crm.orders", "order_id", None, _progress), methods=["PATCH"]),
        Route("/crm/v1/orders/{order_id}/lines/{line_no}/progress", _read_progress,
              methods=["GET"]),
        Route("/crm/v1/orders", _write("crm.orders", None, None, _order), methods=["POST"]),
        Route("/crm/v1/orders/{order_id}/lines/{line_no}",
              _write("crm.orders", "order_id", "required", _promise), methods=["PATCH"]),
        Route("/crm/v1/orders/{order_id}/activities",
              _write("crm.orders", "order_id", None, _activity), methods=["POST"]),
        Route("/crm/v1/complaints/{complaint_id}",
              _write("crm.complaints", "complaint_id", "required", _link_lot), methods=["PATCH"]),
        Route("/crm/v1/complaints/{complaint_id}/findings",
              _write("crm.complaints", "complaint_id", "optional", _finding), methods=["POST"]),
        Route("/mes/v1/work-orders/{work_order_id}/priority",
              _write("mes.work_orders", "work_order_id", "required", _priority), methods=["POST"]),
        Route("/mes/v1/calendars/{calendar_id}/maintenance",
              _write("mes.calendars", "calendar_id", "optional", _maintenance), methods=["POST"]),
    ]
