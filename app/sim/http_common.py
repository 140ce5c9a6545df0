"""Answers shared by the demo plant's endpoints."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError
from starlette.requests import Request
from starlette.responses import Response

from app.sim.feeds import dumps
from app.sim.paging import BadRequest


def json_response(
    payload: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(dumps(payload), status_code=status, media_type="application/json",
                    headers=headers)


def error(status: int, message: str, **extra: Any) -> Response:
    return json_response({"error": message, **extra}, status)


def describe_validation(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "body"
    return f"{where}: {first['msg']}"


async def read_body(request: Request, model: type) -> Any:
    """Parse and validate a JSON request body into `model`, or raise BadRequest with the reason."""
    raw = await request.body()
    try:
        return TypeAdapter(model).validate_json(raw or b"{}")
    except ValidationError as exc:
        raise BadRequest(f"invalid request body: {describe_validation(exc)}") from exc


# The plant's refusals, in the order they must be caught (BadRequest is a ValueError).
PLANT_REFUSALS = (BadRequest, KeyError, ValueError)


def refusal(exc: Exception) -> Response:
    """A clear 4xx for what the plant refused: 400 bad request, 404 unknown id, 422 bad value."""
    if isinstance(exc, BadRequest):
        return error(400, str(exc))
    if isinstance(exc, KeyError):
        return error(404, f"not found: {exc.args[0]}")
    if getattr(exc, "status", None) == 409:
        return error(409, str(exc))
    return error(422, str(exc))
