"""The agent's health endpoint: GET /health on loopback answers JSON.

    {"sources": [{"name", "state", "last_success", "last_error"}], "outbox_pending": 3,
     "outbox_parked": 0, "audit": {"seq": 41, "hash": "..."}, "version": "0.1.0"}

Made for a monitoring probe (or `curl`); plain asyncio, no web framework, no authentication, so
it listens on a loopback address only (the configuration refuses any other).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from importlib import metadata
from typing import Any

from app.sync.health import SourceHealth

log = logging.getLogger(__name__)

READ_TIMEOUT_SECONDS = 5.0
MAX_REQUEST_BYTES = 8192


def agent_version() -> str:
    try:
        return metadata.version("gemba-console")
    except metadata.PackageNotFoundError:
        return "unknown"


def _when(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def source_json(health: SourceHealth) -> dict[str, Any]:
    return {"name": health.source, "state": health.state.value,
            "last_success": _when(health.last_success), "last_error": health.last_error or None,
            "last_error_at": _when(health.last_error_at)}


class HealthServer:
    """Serves `report()` (awaited per request) as GET /health."""

    def __init__(self, report: Callable[[], Awaitable[dict[str, Any]]]) -> None:
        self.report = report
        self._server: asyncio.Server | None = None

    async def start(self, host: str, port: int) -> tuple[str, int]:
        self._server = await asyncio.start_server(self._handle, host, port)
        address = self._server.sockets[0].getsockname()
        return address[0], int(address[1])

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT_SECONDS)
            parts = head.split(b"\r\n", 1)[0].decode("latin-1").split()
            method, target = (parts[0], parts[1]) if len(parts) >= 2 else ("", "")
            if method not in ("GET", "HEAD"):
                status, body = "405 Method Not Allowed", {"error": "GET /health only"}
            elif target.split("?", 1)[0] != "/health":
                status, body = "404 Not Found", {"error": "GET /health only"}
            else:
                status, body = "200 OK", await self.report()
            data = json.dumps(body, indent=1).encode("utf-8")
            writer.write(
                f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(data)}\r\nCache-Control: no-store\r\n"
                "Connection: close\r\n\r\n".encode("latin-1")
                + (data if method != "HEAD" else b""))
            await writer.drain()
        except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                ConnectionError):
            pass
        except Exception:  # a bad request must not end the agent
            log.exception("health endpoint: unexpected error")
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
