"""An MES source whose live machine values come from the shop floor instead of the MES.

A plant's MES knows the machines, work orders and quality; the machines themselves publish
their state and counters through OPC UA or MQTT Sparkplug B. Keyed by the MES source's name,
the pushed values land on the very machines the MES lists, exactly as polled status would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from app.connectors.base import Connector, FeedPage, WriteResult
from app.connectors.config import SourceConfig


class LiveOverlay:
    """`mes`'s feeds, with the live machine status from `live`. Other feeds of `live` (state
    events) are used only where the MES has none: its history reaches back further than a
    subscription that started when the console did, and OEE is computed from it."""

    def __init__(self, mes: Connector, live: Connector) -> None:
        self.mes = mes
        self.live = live
        self.source: SourceConfig = mes.source
        mes_feeds = set(mes.feeds())
        self._live_feeds = {f for f in live.feeds()
                            if f == "mes.machine_status" or f not in mes_feeds}

    @property
    def parse_executor(self):
        return getattr(self.mes, "parse_executor", None)

    @parse_executor.setter
    def parse_executor(self, executor) -> None:
        if hasattr(self.mes, "parse_executor"):
            self.mes.parse_executor = executor

    def feeds(self) -> tuple[str, ...]:
        mes = self.mes.feeds()
        return (*mes, *(f for f in self.live.feeds() if f not in mes))

    def read_changes(self, feed: str, sync_token: str | None, *, cursor: str | None = None
                     ) -> AsyncIterator[FeedPage]:
        inner = self.live if feed in self._live_feeds else self.mes
        if cursor is None:
            return inner.read_changes(feed, sync_token)
        return inner.read_changes(feed, sync_token, cursor=cursor)

    async def write(self, method: str, path: str, body: dict[str, Any], idempotency_key: str,
                    version: int | None) -> WriteResult:
        return await self.mes.write(method, path, body, idempotency_key, version)

    def standing_problem(self):
        """The live source's standing problem (see SparkplugConnector.standing_problem)."""
        standing = getattr(self.live, "standing_problem", None)
        return standing() if standing is not None else None

    async def check(self) -> str:
        return f"{await self.mes.check()}; {await self.live.check()}"

    async def aclose(self) -> None:
        await self.live.aclose()
        await self.mes.aclose()
