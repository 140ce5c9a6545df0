"""One poller on the asyncio loop (shared with Qt through qasync) for every source.

Each source is read by its own task, one request at a time, feed by feed as each falls due.
A failure backs the whole source off exponentially with jitter; the health record says what
happened in words. Pages land in the cache as they arrive; the sync token is stored only after
the last page, so an interrupted read starts again from the last complete one, and upserts by
(source, id, version) make the repeat harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from app.connectors.base import Connector, FeedPage, SourceError
from app.sync.health import SourceHealth

log = logging.getLogger(__name__)

# Seconds between reads of each feed: live status often, master data rarely.
DEFAULT_INTERVALS: dict[str, float] = {
    "mes.machine_status": 1.5,
    "mes.machine_events": 5,
    "mes.production_counts": 10,
    "mes.downtime": 10,
    "mes.work_orders": 15,
    "crm.orders": 15,
    "mes.measurements": 15,
    "mes.defects": 20,
    "mes.lots": 20,
    "mes.genealogy": 20,
    "mes.serials": 30,
    "crm.shipments": 30,
    "crm.complaints": 30,
    "crm.activities": 30,
    "crm.customers": 120,
    "crm.contacts": 120,
    "crm.opportunities": 120,
    "mes.products": 300,
    "mes.characteristics": 300,
    "mes.calendars": 600,
    "mes.sites": 600,
    "mes.equipment": 600,
}
BACKOFF_BASE_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 60.0


class CacheSink(Protocol):
    """What the poller needs of the cache."""

    def sync_token(self, source: str, feed: str) -> str | None: ...

    def apply_page(self, source: str, page: FeedPage) -> dict[str, list[str]]:
        """Upsert the page's records, delete its tombstones; return changed ids by feed."""
        ...

    def store_sync_token(self, source: str, feed: str, token: str, at: datetime) -> None: ...


def backoff_seconds(failures: int, rng: random.Random) -> float:
    """Exponential backoff with full jitter, capped."""
    ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, failures - 1))
    return rng.uniform(ceiling / 2, ceiling)


@dataclass
class _SourceLoop:
    connector: Connector
    health: SourceHealth
    due: dict[str, float] = field(default_factory=dict)  # feed -> monotonic time due
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    feed_errors: dict[str, str] = field(default_factory=dict)  # feeds failing now, and why
    task: asyncio.Task[None] | None = None


class Poller:
    def __init__(
        self,
        connectors: list[Connector],
        sink: CacheSink,
        on_health: Callable[[SourceHealth], Any] | None = None,
        on_changes: Callable[[dict[str, list[str]]], Any] | None = None,
        intervals: dict[str, float] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.sink = sink
        self.on_health = on_health or (lambda health: None)
        self.on_changes = on_changes or (lambda changes: None)
        self.intervals = {**DEFAULT_INTERVALS, **(intervals or {})}
        self.rng = rng or random.Random()
        self._loops = [
            _SourceLoop(c, SourceHealth(source=c.source.name, kind=c.source.kind,
                                        url=c.source.base_url))
            for c in connectors
        ]

    def health(self) -> list[SourceHealth]:
        return [loop.health for loop in self._loops]

    # -- running -----------------------------------------------------------------------------
    def start(self) -> None:
        for loop in self._loops:
            loop.due = {feed: 0.0 for feed in loop.connector.feeds()}
            loop.task = asyncio.get_running_loop().create_task(self._run(loop))

    async def stop(self) -> None:
        for loop in self._loops:
            if loop.task is not None:
                loop.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await loop.task
            await loop.connector.aclose()

    def sync_now(self) -> None:
        """Make every feed of every source due now (the "sync now" action)."""
        for loop in self._loops:
            loop.due = dict.fromkeys(loop.due, 0.0)
            loop.wake.set()

    async def _run(self, loop: _SourceLoop) -> None:
        while True:
            feed, due_at = min(loop.due.items(), key=lambda item: item[1])
            wait = due_at - time.monotonic()
            if wait > 0:
                loop.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(loop.wake.wait(), wait)
                continue
            try:
                await self.sync_feed(loop, feed)
            except SourceError as exc:
                self._failed(loop, feed, str(exc))
                pause = backoff_seconds(loop.health.consecutive_failures, self.rng)
                loop.due[feed] = time.monotonic() + pause
                log.info("%s: %s; next try in %.1f s", loop.health.source, exc, pause)
            else:
                loop.due[feed] = time.monotonic() + self.intervals.get(feed, 30.0)

    # -- one feed ----------------------------------------------------------------------------
    async def sync_feed(self, loop: _SourceLoop, feed: str) -> dict[str, list[str]]:
        source = loop.connector.source.name
        token = self.sink.sync_token(source, feed)
        changed: dict[str, list[str]] = {}
        rejected = 0
        final_token: str | None = None
        async for page in loop.connector.read_changes(feed, token):
            rejected += len(page.rejected)
            if not page.not_modified:
                for kind, ids in self.sink.apply_page(source, page).items():
                    changed.setdefault(kind, []).extend(ids)
            final_token = page.sync_token or final_token
        if final_token and final_token != token:
            self.sink.store_sync_token(source, feed, final_token, datetime.now(UTC))
        self._succeeded(loop, feed, rejected)
        if changed:
            self.on_changes(changed)
        return changed

    def _succeeded(self, loop: _SourceLoop, feed: str, rejected: int) -> None:
        loop.feed_errors.pop(feed, None)
        if rejected:
            loop.feed_errors[feed] = f"{rejected} invalid item(s) rejected in {feed}"
        # One failing feed keeps the source degraded until it reads cleanly again.
        warning = next(iter(loop.feed_errors.values()), "")
        loop.health = loop.health.succeeded(datetime.now(UTC), warning=warning)
        self.on_health(loop.health)

    def _failed(self, loop: _SourceLoop, feed: str, error: str) -> None:
        loop.feed_errors[feed] = error
        loop.health = loop.health.failed(datetime.now(UTC), error)
        self.on_health(loop.health)
