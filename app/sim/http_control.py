"""The demo plant's control API (/sim/v1): clock, machine states, faults, orders, complaints,
scenarios and deletions. Tests drive the plant through it instead of waiting."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import TypeAdapter
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app import domain as d
from app.contract import FEEDS_BY_NAME
from app.sim import scenarios
from app.sim.faults import FaultKind
from app.sim.feeds import to_rfc3339
from app.sim.http_common import PLANT_REFUSALS, error, json_response, read_body, refusal
from app.sim.paging import BadRequest
from app.sim.state import SimState

MAX_ADVANCE = timedelta(days=60)  # one call; keeps a typo from freezing the server


@dataclass(slots=True, kw_only=True)
class AdvanceRequest:
    seconds: float | None = None
    to: datetime | None = None


@dataclass(slots=True, kw_only=True)
class ResumeRequest:
    speed: float | None = None


@dataclass(slots=True, kw_only=True)
class MachineStateRequest:
    state: d.MachineState
    reason: str = ""


@dataclass(slots=True, kw_only=True)
class FaultRequest:
    path: str
    kind: FaultKind
    methods: list[str] = field(default_factory=list)
    count: int | None = None
    delay_seconds: float = 30.0
    rate: float = 1.0  # the share of matching requests hit (seeded: repeatable)
    seed: int = 0


@dataclass(slots=True, kw_only=True)
class OrderLineRequest:
    product_id: str
    quantity: str
    requested_date: str
    options: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class OrderRequest:
    customer_id: str | None = None
    lines: list[OrderLineRequest] | None = None
    priority: int = 3
    customer_po: str = ""
    plan: bool = True  # false: no work order is made; the lines wait to be released


@dataclass(slots=True, kw_only=True)
class ComplaintRequest:
    customer_id: str | None = None
    lot_id: str | None = None
    order_id: str | None = None
    category: str | None = None
    severity: d.Severity | None = None
    description: str = ""


def _state(request: Request) -> SimState:
    return request.app.state.sim


def _clock(state: SimState) -> dict[str, Any]:
    return {"now": to_rfc3339(state.plant.now), "speed": state.speed, "paused": state.paused}


def _record(record: Any) -> dict[str, Any]:
    return TypeAdapter(type(record)).dump_python(record, mode="json")


async def _handle(request: Request, action) -> Response:
    """Run a control action; turn the plant's refusals into clear 4xx answers."""
    try:
        return await action(request, _state(request))
    except PLANT_REFUSALS as exc:
        return refusal(exc)


def _control(action):
    async def endpoint(request: Request) -> Response:
        return await _handle(request, action)

    endpoint.__name__ = action.__name__.lstrip("_")
    return endpoint


async def _get_clock(request: Request, state: SimState) -> Response:
    return json_response(_clock(state))


async def _advance(request: Request, state: SimState) -> Response:
    body: AdvanceRequest = await read_body(request, AdvanceRequest)
    if (body.seconds is None) == (body.to is None):
        raise BadRequest("send either 'seconds' or 'to'")
    if body.to is not None:
        if body.to.tzinfo is None:
            raise BadRequest("'to' needs a time zone (Z or an offset)")
        target = body.to
    else:
        if body.seconds < 0:
            raise BadRequest("'seconds' must not be negative")
        target = state.plant.now + timedelta(seconds=body.seconds)
    if target < state.plant.now:
        raise BadRequest(f"'to' is before the simulated now ({to_rfc3339(state.plant.now)})")
    if target - state.plant.now > MAX_ADVANCE:
        raise BadRequest(f"advance at most {MAX_ADVANCE.days} days per call")
    state.plant.advance_to(target)
    return json_response(_clock(state))


async def _pause(request: Request, state: SimState) -> Response:
    state.paused = True
    return json_response(_clock(state))


async def _resume(request: Request, state: SimState) -> Response:
    body: ResumeRequest = await read_body(request, ResumeRequest)
    if body.speed is not None:
        if not 0 < body.speed <= 100_000:
            raise BadRequest("'speed' must be above 0 and at most 100000")
        state.speed = body.speed
    state.paused = False
    return json_response(_clock(state))


async def _machine_state(request: Request, state: SimState) -> Response:
    body: MachineStateRequest = await read_body(request, MachineStateRequest)
    status = state.plant.set_machine_state(request.path_params["machine_id"], body.state,
                                           body.reason)
    return json_response(_record(status))


async def _list_faults(request: Request, state: SimState) -> Response:
    return json_response({"items": [f.as_json() for f in state.faults.list()]})


async def _add_fault(request: Request, state: SimState) -> Response:
    body: FaultRequest = await read_body(request, FaultRequest)
    if not body.path.startswith("/") or body.path.startswith("/sim/"):
        raise BadRequest("'path' must be a contract path such as /mes/v1/work-orders")
    if body.count is not None and body.count < 1:
        raise BadRequest("'count' must be at least 1 (or left out: until removed)")
    if not 0 < body.rate <= 1:
        raise BadRequest("'rate' must be above 0 and at most 1 (the share of requests hit)")
    fault = state.faults.add(body.path, body.kind, body.methods, body.count, body.delay_seconds,
                             body.rate, body.seed)
    return json_response(fault.as_json(), 201)


async def _remove_fault(request: Request, state: SimState) -> Response:
    state.faults.remove(request.path_params["fault_id"])
    return Response(status_code=204)


async def _clear_faults(request: Request, state: SimState) -> Response:
    state.faults.clear()
    return Response(status_code=204)


async def _add_order(request: Request, state: SimState) -> Response:
    body: OrderRequest = await read_body(request, OrderRequest)
    lines = None if body.lines is None else [asdict(line) for line in body.lines]
    order = state.plant.add_order(customer_id=body.customer_id, lines=lines,
                                  priority=body.priority, customer_po=body.customer_po,
                                  plan=body.plan)
    return json_response(_record(order), 201)


async def _add_complaint(request: Request, state: SimState) -> Response:
    body: ComplaintRequest = await read_body(request, ComplaintRequest)
    complaint = state.plant.add_complaint(
        customer_id=body.customer_id, lot_id=body.lot_id, order_id=body.order_id,
        category=body.category, severity=body.severity, description=body.description,
    )
    return json_response(_record(complaint), 201)


async def _list_scenarios(request: Request, state: SimState) -> Response:
    items = [{"name": n, "description": t} for n, t in state.plant.SCENARIOS.items()]
    return json_response({"items": items})


async def _load_scenario(request: Request, state: SimState) -> Response:
    name = request.path_params["name"]
    if name not in state.plant.SCENARIOS:
        return error(404, f"no scenario {name!r}; known: {', '.join(state.plant.SCENARIOS)}")
    query = request.query_params
    if name == "drift" and ("characteristic_id" in query or "critical" in query):
        # ?characteristic_id=CH-…, ?critical=false: drift that one, or a non-critical one
        # (which the console flags without raising an alarm).
        critical = query.get("critical")
        if critical not in (None, "true", "false"):
            raise BadRequest("'critical' is true or false")
        said = scenarios.drift(state.plant, query.get("characteristic_id"),
                               None if critical is None else critical == "true")
        return json_response({"name": name,
                              "description": f"{state.plant.SCENARIOS[name]} {said}"})
    return json_response({"name": name, "description": state.plant.load_scenario(name)})


async def _delete_record(request: Request, state: SimState) -> Response:
    feed = request.path_params["feed"]
    if feed not in FEEDS_BY_NAME:
        return error(404, f"no feed {feed!r}; known: {', '.join(FEEDS_BY_NAME)}")
    state.plant.delete_record(feed, request.path_params["record_id"])
    return Response(status_code=204)


def routes() -> list[Route]:
    c = _control
    return [
        Route("/sim/v1/clock", c(_get_clock), methods=["GET"]),
        Route("/sim/v1/clock/advance", c(_advance), methods=["POST"]),
        Route("/sim/v1/clock/pause", c(_pause), methods=["POST"]),
        Route("/sim/v1/clock/resume", c(_resume), methods=["POST"]),
        Route("/sim/v1/machines/{machine_id}/state", c(_machine_state), methods=["PUT"]),
        Route("/sim/v1/faults", c(_list_faults), methods=["GET"]),
        Route("/sim/v1/faults", c(_add_fault), methods=["POST"]),
        Route("/sim/v1/faults", c(_clear_faults), methods=["DELETE"]),
        Route("/sim/v1/faults/{fault_id}", c(_remove_fault), methods=["DELETE"]),
        Route("/sim/v1/orders", c(_add_order), methods=["POST"]),
        Route("/sim/v1/complaints", c(_add_complaint), methods=["POST"]),
        Route("/sim/v1/scenarios", c(_list_scenarios), methods=["GET"]),
        Route("/sim/v1/scenarios/{name}", c(_load_scenario), methods=["POST"]),
        Route("/sim/v1/records/{feed}/{record_id}", c(_delete_record), methods=["DELETE"]),
    ]
