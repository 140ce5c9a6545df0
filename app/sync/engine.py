"""The sync engine: connectors → poller → cache, the outbox sender, and retention, together.

The console runs it on its qasync loop; a headless agent can run the same engine without Qt.
What happens is reported to an `events` object (the console's SyncBridge turns each call into
a Qt signal).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from app.cache.changes import ChangeSet
from app.cache.outbox import OutboxItem
from app.cache.store import CacheStore
from app.connectors.base import Connector
from app.connectors.rest import RestConnector
from app.sync.actions import Action
from app.sync.cache_worker import CacheWorker
from app.sync.health import SourceHealth
from app.sync.outbox_sender import OutboxSender
from app.sync.poller import Poller
from app.sync.profiles import SecretStore, SourceProfile
from app.sync.sources import SourceConfig

if TYPE_CHECKING:
    from app.sync.webhooks import WebhookTarget

log = logging.getLogger(__name__)


class SyncEvents(Protocol):
    def publish_served(self, feeds: set[str]) -> None: ...
    def publish_health(self, health: SourceHealth) -> None: ...
    def publish_changes(self, changes: ChangeSet) -> None: ...
    def publish_synced(self, source: str, feed: str, at: datetime) -> None: ...
    def publish_outbox(self, items: list[OutboxItem]) -> None: ...


class NoEvents:
    def publish_served(self, feeds: set[str]) -> None:
        pass

    def publish_health(self, health: SourceHealth) -> None:
        pass

    def publish_changes(self, changes: ChangeSet) -> None:
        pass

    def publish_synced(self, source: str, feed: str, at: datetime) -> None:
        pass

    def publish_outbox(self, items: list[OutboxItem]) -> None:
        pass


@dataclass(frozen=True, slots=True)
class Retention:
    raw_status_hours: float = 12.0  # raw live machine status and signals
    minute_aggregate_days: float = 400.0  # one-minute aggregates
    every_seconds: float = 600.0


class SyncEngine:
    def __init__(
        self,
        store: CacheStore,
        connectors: list[Connector],
        events: SyncEvents | None = None,
        intervals: dict[str, float] | None = None,
        retention: Retention | None = None,
        webhooks: Sequence[WebhookTarget] = (),
    ) -> None:
        self.store = store
        self.webhooks = {target.name: target for target in webhooks}
        if len(self.webhooks) != len(webhooks):
            raise ValueError("two webhook targets have the same name")
        self.events = events or NoEvents()
        self.cache = CacheWorker(store)
        for connector in connectors:
            if hasattr(connector, "parse_executor"):
                connector.parse_executor = self.cache.executor
        self.retention = retention or Retention()
        self.poller = Poller(
            connectors, self.cache, on_health=self.events.publish_health,
            on_changes=self.events.publish_changes, on_synced=self.events.publish_synced,
            intervals=intervals,
        )
        self.outbox = OutboxSender(
            self.cache, self.poller.connector, on_outbox=self.events.publish_outbox,
            on_changes=self.events.publish_changes, webhook_for=self.webhooks.get,
        )
        self._connectors = connectors
        self._retention_task: asyncio.Task[None] | None = None

    @classmethod
    def for_sources(cls, sources: list[SourceConfig], store: CacheStore,
                    events: SyncEvents | None = None,
                    webhooks: Sequence[WebhookTarget] = (), **options) -> SyncEngine:
        connectors: list[Connector] = [RestConnector(source) for source in sources]
        return cls(store, connectors, events, webhooks=webhooks, **options)

    @classmethod
    def for_profiles(cls, profiles: list[SourceProfile], secrets: SecretStore,
                     store: CacheStore, events: SyncEvents | None = None,
                     webhooks: Sequence[WebhookTarget] = (), **options) -> SyncEngine:
        """Each profile's backend through its own connector (app.sync.registry)."""
        from app.sync.registry import connectors_for

        return cls(store, connectors_for(profiles, secrets), events, webhooks=webhooks,
                   **options)

    @property
    def sources(self) -> list[SourceConfig]:
        """The sources read, one per connector (a live-machine source merged into its MES
        source is not one of its own)."""
        return [connector.source for connector in self._connectors]

    async def start(self) -> None:
        """Announce what the sources serve and what the cache already holds (offline start),
        then start syncing."""
        self.events.publish_served({feed for c in self._connectors for feed in c.feeds()})
        for connector in self._connectors:
            name = connector.source.name
            synced = await self.cache.call(self.store.synced_feeds, name)
            for feed, at in synced.items():
                self.events.publish_synced(name, feed, at)
            self.poller.remember_synced(name, synced)
        self.poller.start()
        self.outbox.start()
        self._retention_task = asyncio.get_running_loop().create_task(self._keep_retention())

    async def stop(self) -> None:
        await self.poller.stop()
        await self.outbox.stop()
        if self._retention_task is not None:
            self._retention_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._retention_task
        for connector in [*self._connectors, *self.webhooks.values()]:
            await connector.aclose()
        self.cache.shutdown()

    def sync_now(self) -> None:
        self.poller.sync_now()

    async def queue_action(self, action: Action) -> OutboxItem:
        return await self.outbox.queue(action)

    async def _keep_retention(self) -> None:
        while True:
            try:
                removed = await self.cache.call(
                    self.store.prune, raw_hours=self.retention.raw_status_hours,
                    aggregate_days=self.retention.minute_aggregate_days)
                log.debug("retention: %s", removed)
            except Exception:
                log.exception("retention failed")
            await asyncio.sleep(self.retention.every_seconds)
