"""Checks that each source answers, and publishes its health.

A light request per source on a fixed interval; the full poller of the sync layer reports health
the same way, through the bridge.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import UTC, datetime

import httpx

from app.connectors.config import SourceConfig
from app.sync.bridge import SyncBridge
from app.sync.health import SourceHealth

log = logging.getLogger(__name__)

SLOW_SECONDS = 2.0  # an answer slower than this makes the source degraded


def describe_error(exc: BaseException) -> str:
    """A person-readable reason for a failed request."""
    if isinstance(exc, httpx.ConnectError):
        return "cannot connect (is the server running?)"
    if isinstance(exc, httpx.TimeoutException):
        return "no answer in time (timeout)"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "connection dropped by the server"
    if isinstance(exc, httpx.HTTPStatusError):
        return f"server answered HTTP {exc.response.status_code}"
    if isinstance(exc, json.JSONDecodeError | UnicodeDecodeError):
        return "server sent malformed JSON"
    return f"{type(exc).__name__}: {exc}"


class HealthProbe:
    def __init__(
        self,
        sources: list[SourceConfig],
        bridge: SyncBridge,
        interval_seconds: float = 2.0,
        timeout_seconds: float = 5.0,
    ) -> None:
        self.sources = sources
        self.bridge = bridge
        self.interval_seconds = interval_seconds
        self._health = {
            s.name: SourceHealth(source=s.name, kind=s.kind, url=s.base_url) for s in sources
        }
        self._client = httpx.AsyncClient(timeout=timeout_seconds)

    async def check_once(self) -> None:
        await asyncio.gather(*(self._check(source) for source in self.sources))

    async def _check(self, source: SourceConfig) -> None:
        health = self._health[source.name]
        started = time.monotonic()
        now = datetime.now(UTC)
        try:
            response = await self._client.get(source.probe_url)
            response.raise_for_status()
            payload = response.json()
            if not isinstance(payload, dict) or "items" not in payload:
                raise ValueError("answer is not a page of items")
        except (httpx.HTTPError, ValueError) as exc:
            health = health.failed(now, describe_error(exc))
            log.info("source %s: %s", source.name, health.last_error)
        else:
            health = health.succeeded(now, slow=time.monotonic() - started > SLOW_SECONDS)
        self._health[source.name] = health
        self.bridge.publish_health(health)

    async def run(self) -> None:
        """Check every source until cancelled."""
        while True:
            await self.check_once()
            await asyncio.sleep(self.interval_seconds)

    async def aclose(self) -> None:
        await self._client.aclose()
