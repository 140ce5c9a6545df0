"""The demo plant as an ASGI application served by uvicorn on loopback."""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import AsyncIterator
from importlib import resources

import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sim import http_control, http_reads, http_writes
from app.sim.faults import FaultMiddleware
from app.sim.http_common import error
from app.sim.state import SimState


def openapi_document() -> dict:
    return json.loads(resources.files("app.sim").joinpath("openapi.json").read_text("utf-8"))


async def _openapi(request: Request) -> Response:
    return Response(resources.files("app.sim").joinpath("openapi.json").read_bytes(),
                    media_type="application/json")


async def _http_error(request: Request, exc: HTTPException) -> Response:
    # Unknown paths and wrong methods answer in the contract's error shape, not as HTML.
    messages = {404: f"no such endpoint: {request.url.path}",
                405: f"{request.method} is not allowed on {request.url.path}"}
    return error(exc.status_code, messages.get(exc.status_code, str(exc.detail)))


async def _server_error(request: Request, exc: Exception) -> Response:
    return error(500, f"internal error: {type(exc).__name__}")


def create_app(state: SimState, run_clock: bool = True) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if run_clock:
            state.start()
        try:
            yield
        finally:
            await state.stop()

    routes = [
        Route("/openapi.json", _openapi, methods=["GET"]),
        *http_reads.routes(),
        *http_writes.routes(),
        *http_control.routes(),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    app.state.sim = state
    app.add_middleware(FaultMiddleware, book=state.faults)
    return app


def bind_loopback(port: int, host: str = "127.0.0.1") -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def serve(app: Starlette, sock: socket.socket, log_level: str = "warning") -> None:
    config = uvicorn.Config(app, log_level=log_level, timeout_graceful_shutdown=2,
                            access_log=False, lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
