"""The demo plant's machines, published as a shop floor would: over OPC UA or Sparkplug B.

A thread reads the plant's live machine status through the reference contract (incrementally,
with the same connector the console uses) and hands each change to a publisher, e.g.
`OpcUaPlant.mirror` or `SparkplugPlant.publish_status`. The console then reads the machines
from that server or broker instead of the plant's HTTP status.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable

from app.connectors.base import SourceError
from app.connectors.rest import RestConnector
from app.domain import MachineStatus
from app.sync.sources import SourceConfig

log = logging.getLogger(__name__)

FEED = "mes.machine_status"


class LiveMirror:
    def __init__(self, plant_url: str, publish: Callable[[list[MachineStatus]], None],
                 interval_seconds: float = 0.5) -> None:
        self.plant_url = plant_url
        self.publish = publish
        self.interval_seconds = interval_seconds
        self.published = 0  # machine updates handed on so far
        self.first_pass = threading.Event()  # every machine published once
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gemba-live-mirror", daemon=True)

    def start(self) -> LiveMirror:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        asyncio.run(self._mirror())

    async def _mirror(self) -> None:
        connector = RestConnector(SourceConfig("live-mirror", "mes", self.plant_url))
        token: str | None = None
        try:
            while not self._stop.is_set():
                try:
                    token = await self._pass(connector, token)
                except SourceError as exc:
                    log.warning("live mirror: demo plant not readable: %s", exc)
                except Exception:  # a publisher failing must not end the mirror
                    log.exception("live mirror: publishing failed")
                await asyncio.to_thread(self._stop.wait, self.interval_seconds)
        finally:
            await connector.aclose()

    async def _pass(self, connector: RestConnector, token: str | None) -> str | None:
        async for page in connector.read_changes(FEED, token):
            if page.records:
                self.publish(page.records)
                self.published += len(page.records)
            if page.sync_token is not None:
                token = page.sync_token
        self.first_pass.set()
        return token
