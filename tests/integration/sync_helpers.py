"""Shared pieces of the sync-engine integration tests (no Qt: the engine runs on plain asyncio)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path

import httpx

from app.cache.changes import ChangeSet
from app.cache.outbox import OutboxItem
from app.cache.store import CacheStore
from app.connectors.base import FeedPage
from app.connectors.rest import RestConnector
from app.sync.engine import SyncEngine
from app.sync.health import SourceHealth
from app.sync.sources import demo_sources
from tests.integration.conftest import read_all


class RecordingEvents:
    """Records what the engine reports; `news()` waits for the next report of any kind."""

    def __init__(self) -> None:
        self._news: asyncio.Event | None = None
        self.health: list[SourceHealth] = []
        self.changes: list[ChangeSet] = []
        self.synced: list[tuple[str, str, datetime]] = []
        self.outbox: list[list[OutboxItem]] = []

    def _told(self) -> None:
        if self._news is not None:
            self._news.set()

    async def news(self) -> None:
        self._news = self._news or asyncio.Event()
        self._news.clear()
        await self._news.wait()

    def publish_served(self, feeds: set[str]) -> None:
        self.served = feeds

    def publish_health(self, health: SourceHealth) -> None:
        self.health.append(health)
        self._told()

    def publish_changes(self, changes: ChangeSet) -> None:
        self.changes.append(changes)
        self._told()

    def publish_synced(self, source: str, feed: str, at: datetime) -> None:
        self.synced.append((source, feed, at))
        self._told()

    def publish_outbox(self, items: list[OutboxItem]) -> None:
        self.outbox.append(items)

    def latest(self, source: str) -> SourceHealth:
        return [h for h in self.health if h.source == source][-1]


class WatchedConnector(RestConnector):
    """A REST connector that records the sync tokens (and cursors) it was asked to read
    after, and can run a hook after each page (to kill the plant mid-read)."""

    def __init__(self, *args, after_page: Callable[[FeedPage], None] | None = None,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reads: list[tuple[str, str | None]] = []
        self.cursors: list[tuple[str, str | None]] = []  # None: a read from its first page
        self.items_read = 0
        self.after_page = after_page

    async def read_changes(self, feed: str, sync_token: str | None, *,
                           cursor: str | None = None) -> AsyncIterator[FeedPage]:
        self.reads.append((feed, sync_token))
        self.cursors.append((feed, cursor))
        going_on = {"cursor": cursor} if cursor else {}
        async for page in super().read_changes(feed, sync_token, **going_on):
            self.items_read += len(page.records) + len(page.deleted)
            yield page
            if self.after_page is not None:
                self.after_page(page)


def make_engine(url: str, db: Path, events: RecordingEvents, page_size: int = 1000,
                timeout: float = 10.0, **connector_options) -> SyncEngine:
    store = CacheStore.open(f"sqlite:///{db}")
    connectors = [WatchedConnector(source, page_size=page_size, timeout=httpx.Timeout(timeout),
                                   **connector_options)
                  for source in demo_sources(url)]
    return SyncEngine(store, connectors, events)


def server_versions(url: str, path: str) -> dict[str, int]:
    with httpx.Client(base_url=url, timeout=30) as client:
        items, _ = read_all(client, path, limit=5000)
    return {i["id"]: i["version"] for i in items if not i.get("deleted")}


def cache_versions(store: CacheStore, source: str, feed: str) -> dict[str, int]:
    return {r.id: r.version for r in store.all(source, feed)}
