"""An MES source whose live machine values come from the shop floor instead of the MES.

A plant's MES knows the machines, work orders and quality; the machines themselves publish
their state and counters through OPC UA or MQTT Sparkplug B. Keyed by the MES source's name,
the pushed values land on the very machines the MES lists, exactly as polled status would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from app.connectors.base import Connector, FeedPage, WriteResult
from app.sync.sources import SourceConfig


class LiveOverlay:
    """`mes`'s feeds, except those `live` provides (machine status and state events)."""

    def __init__(self, mes: Connector, live: Connector) -> None:
        self.mes = mes
        self.live = live
        self.source: SourceConfig = mes.source
        self._live_feeds = set(live.feeds())

    @property
    def parse_executor(self):
        return getattr(self.mes, "parse_executor", None)

    @parse_executor.setter
    def parse_executor(self, executor) -> None:
        if hasattr(self.mes, "parse_executor"):
            self.mes.parse_executor = executor

    def feeds(self) -> tuple[str, ...]:
        return (*self.mes.feeds(), *(f for f in self.live.feeds() if f not in self.mes.feeds()))

    def read_changes(self, feed: str, sync_token: str | None) -> AsyncIterator[FeedPage]:
        if feed in self._live_feeds:
            return self.live.read_changes(feed, sync_token)
        return self.mes.read_changes(feed, sync_token)

    async def write(self, method: str, path: str, body: dict[str, Any], idempotency_key: str,
                    version: int | None) -> WriteResult:
        return await self.mes.write(method, path, body, idempotency_key, version)

    async def check(self) -> str:
        return f"{await self.mes.check()}; {await self.live.check()}"

    async def aclose(self) -> None:
        await self.live.aclose()
        await self.mes.aclose()
