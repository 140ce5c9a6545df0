"""The contract's list endpoints: one per feed, plus activities of one order."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.contract import FEEDS, FeedSpec
from app.sim.feeds import Change
from app.sim.http_common import error, json_response
from app.sim.paging import BadRequest, TokenFromAnotherRun, parse_page_request, read_page
from app.sim.state import SimState


def _list_endpoint(spec: FeedSpec):
    async def endpoint(request: Request) -> Response:
        state: SimState = request.app.state.sim
        feed = state.plant.feeds[spec.name]
        try:
            page_request = parse_page_request(
                spec.name, request.query_params, list(request.query_params.keys())
            )
        except BadRequest as exc:
            return error(400, str(exc))
        headers: dict[str, str] = {}
        if spec.etag:
            # The ETag names the state of the whole feed: unchanged feed, nothing new to read.
            etag = feed.etag()
            headers["ETag"] = etag
            if request.headers.get("if-none-match") == etag:
                return Response(status_code=304, headers=headers)
        try:
            return json_response(read_page(feed, page_request), headers=headers)
        except TokenFromAnotherRun as exc:
            return error(410, str(exc))

    endpoint.__name__ = f"list_{spec.name.replace('.', '_')}"
    return endpoint


async def order_activities(request: Request) -> Response:
    state: SimState = request.app.state.sim
    order_id = request.path_params["order_id"]
    if state.plant.feeds["crm.orders"].get(order_id) is None:
        return error(404, f"no order with id {order_id!r}")
    feed = state.plant.feeds["crm.activities"]
    try:
        page_request = parse_page_request(
            feed.spec.name, request.query_params, list(request.query_params.keys())
        )
    except BadRequest as exc:
        return error(400, str(exc))

    def of_this_order(change: Change) -> bool:
        return change.deleted or change.body.get("order_id") == order_id

    try:
        return json_response(read_page(feed, page_request, keep=of_this_order))
    except TokenFromAnotherRun as exc:
        return error(410, str(exc))


def routes() -> list[Route]:
    found = [Route(spec.path, _list_endpoint(spec), methods=["GET"]) for spec in FEEDS]
    found.append(Route("/crm/v1/orders/{order_id}/activities", order_activities, methods=["GET"]))
    return found
