"""One poller on the asyncio loop (shared with Qt through qasync) for every source.

Each source is read by its own task, one request at a time, feed by feed as each falls due.
A failure backs the whole source off exponentially with jitter; the health record says what
happened in words. Pages land in the cache as they arrive and the sync token is stored with the
last page, so an interrupted read starts again from the last complete one; upserts by
(source, id, version) make the repeat harmless.

A source that refuses the stored token as from another run of it (HTTP 410: restored from a
backup, restarted with older data) is read again in full, and that read replaces what the
cache holds for the feed, versions included: older versions are written over newer ones and
records it no longer lists are removed. The health record keeps a notice saying so.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from app.cache.changes import ChangeSet
from app.connectors.base import Connector, SourceError, SourceRefused
from app.sync.cache_worker import CacheWorker
from app.sync.health import HealthError, HealthNotice, SourceHealth, SyncErrorKind, SyncNoticeKind
from app.sync.intervals import DEFAULT_INTERVALS

log = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 60.0


def backoff_seconds(failures: int, rng: random.Random) -> float:
    """Exponential backoff with jitter (between half and all of the step), capped."""
    ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, failures - 1))
    return rng.uniform(ceiling / 2, ceiling)


@dataclass
class _SourceLoop:
    connector: Connector
    health: SourceHealth
    due: dict[str, float] = field(default_factory=dict)  # feed -> monotonic time due
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    feed_errors: dict[str, HealthError] = field(default_factory=dict)  # failing now, and why
    task: asyncio.Task[None] | None = None


class Poller:
    def __init__(
        self,
        connectors: list[Connector],
        cache: CacheWorker,
        on_health: Callable[[SourceHealth], Any] | None = None,
        on_changes: Callable[[ChangeSet], Any] | None = None,
        on_synced: Callable[[str, str, datetime], Any] | None = None,
        intervals: dict[str, float] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.cache = cache
        self.on_health = on_health or (lambda health: None)
        self.on_changes = on_changes or (lambda changes: None)
        self.on_synced = on_synced or (lambda source, feed, at: None)
        self.intervals = {**DEFAULT_INTERVALS, **(intervals or {})}
        self.rng = rng or random.Random()
        self._loops = [
            _SourceLoop(c, SourceHealth(source=c.source.name, kind=c.source.kind,
                                        url=c.source.base_url))
            for c in connectors
        ]

    def health(self) -> list[SourceHealth]:
        return [loop.health for loop in self._loops]

    def remember_last_success(self, source: str, at: datetime) -> None:
        """When the source last answered, as the cache remembers it: an offline start then
        says "down, last success 3 h ago" rather than "no success yet"."""
        for loop in self._loops:
            if loop.connector.source.name == source and loop.health.last_success is None:
                loop.health = replace(loop.health, last_success=at)

    def connector(self, source: str) -> Connector | None:
        return next((lp.connector for lp in self._loops if lp.connector.source.name == source),
                    None)

    # -- running -----------------------------------------------------------------------------
    def start(self) -> None:
        for loop in self._loops:
            loop.due = dict.fromkeys(loop.connector.feeds(), 0.0)
            loop.task = asyncio.get_running_loop().create_task(self._run(loop))
            self.on_health(loop.health)

    async def stop(self) -> None:
        for loop in self._loops:
            if loop.task is not None:
                loop.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await loop.task
                loop.task = None

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
                await self._sync_feed(loop, feed)
            except SourceError as exc:
                self._failed(loop, feed, HealthError.of(exc))
                pause = backoff_seconds(loop.health.consecutive_failures, self.rng)
                # The whole source waits: a backend in trouble gets no burst of other feeds.
                resume = time.monotonic() + pause
                loop.due = {f: max(t, resume) for f, t in loop.due.items()}
                log.info("%s: %s; next try in %.1f s", loop.health.source, exc, pause)
            except Exception as exc:  # a bug must not end the source's polling for good
                log.exception("%s %s: unexpected error", loop.health.source, feed)
                words = f"{type(exc).__name__}: {exc}"
                self._failed(loop, feed, HealthError(SyncErrorKind.INTERNAL, {"text": words},
                                                     f"internal error: {words}"))
                loop.due[feed] = time.monotonic() + BACKOFF_MAX_SECONDS
            else:
                loop.due[feed] = time.monotonic() + self.intervals.get(feed, 30.0)

    async def sync_source_once(self, source: str) -> ChangeSet:
        """Read every feed of one source to its end, now (tests, `--once` runs)."""
        loop = next(lp for lp in self._loops if lp.connector.source.name == source)
        changes = ChangeSet()
        for feed in loop.connector.feeds():
            try:
                changes.merge(await self._sync_feed(loop, feed))
            except SourceError as exc:
                self._failed(loop, feed, HealthError.of(exc))
                raise
        return changes

    async def _sync_feed(self, loop: _SourceLoop, feed: str) -> ChangeSet:
        source = loop.connector.source.name
        token = await self.cache.call(self.cache.store.sync_token, source, feed)
        replacing = False
        changes = ChangeSet()
        again = ChangeSet()  # what a full read after a refused token changed
        try:
            rejected, reason = await self._read(loop.connector, feed, token, changes)
        except SourceRefused as exc:
            # 410: the token (or a cursor met mid-read) is from another run of the source,
            # which may hold older data now: what it lists replaces what the cache holds.
            replacing = exc.status == 410
            if not replacing and (token is None or exc.status != 400):
                raise
            # The source no longer knows our token (restarted, expired): read everything again.
            log.warning("%s %s: sync token refused (%s); reading the feed again%s", source,
                        feed, exc, " to replace what the cache holds" if replacing else "")
            # Pages stored before a refusal met mid-read are announced with the full read's.
            rejected, reason = await self._read(loop.connector, feed, None, again,
                                                replace=replacing)
            changes.merge(again)
        synced_at = datetime.now(UTC)
        await self.cache.call(self.cache.store.mark_synced, source, feed, at=synced_at)
        if replacing:
            loop.health = loop.health.noted(_replaced_notice(source, feed, again, synced_at))
        self._succeeded(loop, feed, rejected, reason)
        self.on_synced(source, feed, synced_at)
        if changes:
            self.on_changes(changes)
        return changes

    async def _read(self, connector: Connector, feed: str, token: str | None,
                    changes: ChangeSet, *, replace: bool = False) -> tuple[int, str]:
        """Read the feed after `token` (all of it when None) into the cache, adding what
        changed to `changes`; returns the number of rejected items and the first reason. With
        `replace` (a full read only), the first time the read lists a record it replaces the
        one held whatever their versions; a record listed again later in the same read is
        ordered by version as always."""
        store = self.cache.store
        source = connector.source.name
        rejected = 0
        first_reason = ""  # the person sees why, not only how many
        written: set[str] = set()  # ids of the records this read listed
        seen: set[str] = set()  # and of the items it rejected: still live at the source
        unnamed = False  # an item was rejected without an id: who knows which one is live
        async for page in connector.read_changes(feed, token):
            rejected += len(page.rejected)
            if page.rejected and not first_reason:
                first = page.rejected[0]
                first_reason = f"{first.item_id}: {first.reason}" if first.item_id \
                    else first.reason
            if page.not_modified:
                return rejected, first_reason
            listed = {record.id for record in page.records}
            overwrite = listed - written if replace else set()
            written.update(listed)
            seen.update(listed)
            seen.update(r.item_id for r in page.rejected if r.item_id)
            unnamed = unnamed or any(not r.item_id for r in page.rejected)
            items = [*page.records, *page.deleted]
            # The token goes with the last page, in the same transaction as its records.
            changes.merge(await self.cache.call(store.apply, source, feed, items,
                                                token=page.sync_token, overwrite=overwrite))
            if feed == "mes.machine_status" and page.records:
                await self.cache.call(store.append_status_history, source, page.records,
                                      datetime.now(UTC))
        if token is None and not unnamed:
            # A full read lists every live record: what the cache holds beyond it is gone.
            # (One rejected as invalid is still listed: the cache keeps what it held of it.)
            held = await self.cache.call(store.ids, source, feed)
            if held - seen:
                changes.merge(await self.cache.call(store.delete, source, feed, held - seen))
        return rejected, first_reason

    def _succeeded(self, loop: _SourceLoop, feed: str, rejected: int, reason: str = "") -> None:
        loop.feed_errors.pop(feed, None)
        if rejected:
            text = f"{rejected} invalid item(s) rejected in {feed}" + (
                f" (first: {reason})" if reason else "")
            loop.feed_errors[feed] = HealthError(
                SyncErrorKind.REJECTED_ITEMS,
                {"count": str(rejected), "feed": feed, "first": reason}, text)
        # One failing feed keeps the source degraded until it reads cleanly again.
        warning = next(iter(loop.feed_errors.values()), "")
        loop.health = loop.health.succeeded(datetime.now(UTC), warning=warning)
        self.on_health(loop.health)

    def _failed(self, loop: _SourceLoop, feed: str, error: HealthError) -> None:
        loop.feed_errors[feed] = error
        loop.health = loop.health.failed(datetime.now(UTC), error)
        self.on_health(loop.health)


def _replaced_notice(source: str, feed: str, changes: ChangeSet, at: datetime
                     ) -> HealthNotice:
    replaced = len(changes.replaced.get(feed, ()))
    removed = len(changes.deleted.get(feed, ()))
    text = (f"{feed} read again in full: the source is another run of itself (HTTP 410: "
            f"restored or restarted with older data); its data replaced the cache's, "
            f"{replaced} record(s) back to an older version, {removed} removed")
    log.warning("%s: %s", source, text)
    return HealthNotice(SyncNoticeKind.DATA_REPLACED,
                        {"feed": feed, "replaced": str(replaced), "removed": str(removed)},
                        text, at)
