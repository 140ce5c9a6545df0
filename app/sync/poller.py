"""One poller on the asyncio loop (shared with Qt through qasync) for every source.

Each source is read by its own task, one request at a time, feed by feed as each falls due.
A failed feed backs off exponentially with jitter on its own while the source's other feeds
go on; only a source that answers nothing (down) makes all its feeds wait. The health record
says what happened in words, and which feeds were never read to their end yet (first reads,
with how far they got). Pages land in the cache as they arrive and the sync token is stored
with the last page; upserts by (source, id, version) make any repeat harmless.

A read remembers where it stands (the cursor after its last stored page, in memory), so a
failure or a turn given to the source's other feeds goes on from there, not from page 1: a
feed of 90 pages finishes even when a few percent of requests fail. (This needs a connector
whose pages say where the read continues, `next_cursor`; with others a read starts again.)

A source that refuses the stored token as from another run of it (HTTP 410: restored from a
backup, restarted with older data) is read again in full, and that read replaces what the
cache holds for the feed, versions included: older versions are written over newer ones and
records it no longer lists are removed. The health record keeps a notice saying so.

A source whose reads do not list deletions (`reports_deletions = False`: Tryton, Odoo) is
read in full at the first read of each feed in a run and then every
DELETION_RECHECK_SECONDS: a full read lists every live record, so what was deleted at the
source leaves the cache.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from app.cache.changes import ChangeSet
from app.connectors.base import Connector, FeedPage, SourceError, SourceRefused
from app.sync.cache_worker import CacheWorker
from app.sync.health import (
    FirstRead,
    HealthError,
    HealthNotice,
    SourceHealth,
    SourceState,
    SyncErrorKind,
    SyncNoticeKind,
)
from app.sync.intervals import DEFAULT_INTERVALS

log = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 60.0
# A long read gives way to the source's other due feeds after this long (and goes on from
# where it stopped), so live machine status keeps coming during a first read of 90 pages.
TURN_SECONDS = 2.0
DELETION_RECHECK_SECONDS = 6 * 3600.0


def backoff_seconds(failures: int, rng: random.Random) -> float:
    """Exponential backoff with jitter (between half and all of the step), capped."""
    ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, failures - 1))
    return rng.uniform(ceiling / 2, ceiling)


@dataclass
class _Read:
    """A read of one feed under way, kept between attempts to go on where it stopped."""

    token: str | None  # the sync token it reads after; None: everything (a full read)
    replace: bool = False  # a full read after HTTP 410: what it lists replaces the cache's
    cursor: str | None = None  # where it goes on; None: from its start
    pages: int = 0
    records: int = 0  # records and deletions stored
    rejected: int = 0
    first_reason: str = ""  # the person sees why, not only how many
    written: set[str] = field(default_factory=set)  # ids of the records it listed
    seen: set[str] = field(default_factory=set)  # and of the items it rejected: still live
    unnamed: bool = False  # an item was rejected without an id: who knows which one is live
    replaced: int = 0  # records taken back to an older version, for the notice
    removed: int = 0

    def tally(self, feed: str, changed: ChangeSet) -> None:
        self.replaced += len(changed.replaced.get(feed, ()))
        self.removed += len(changed.deleted.get(feed, ()))


@dataclass
class _SourceLoop:
    connector: Connector
    health: SourceHealth
    due: dict[str, float] = field(default_factory=dict)  # feed -> monotonic time due
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    feed_errors: dict[str, HealthError] = field(default_factory=dict)  # failing now, and why
    failures: dict[str, int] = field(default_factory=dict)  # feed -> failures in a row
    reads: dict[str, _Read] = field(default_factory=dict)  # unfinished, to go on with
    unread: set[str] = field(default_factory=set)  # never read to their end yet
    full_read_at: dict[str, float] = field(default_factory=dict)  # feed -> monotonic time
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
        self.monotonic: Callable[[], float] = time.monotonic
        self._loops = [
            _SourceLoop(c, SourceHealth(source=c.source.name, kind=c.source.kind,
                                        url=c.source.base_url, backend=c.source.backend),
                        unread=set(c.feeds()))
            for c in connectors
        ]

    def health(self) -> list[SourceHealth]:
        return [loop.health for loop in self._loops]

    def remember_synced(self, source: str, synced: dict[str, datetime]) -> None:
        """What the cache remembers of the source: the feeds read to their end before (no
        first read to wait for) and when it last answered, so an offline start says "down,
        last success 3 h ago" rather than "no success yet"."""
        for loop in self._loops:
            if loop.connector.source.name != source:
                continue
            loop.unread -= synced.keys()
            if synced and loop.health.last_success is None:
                loop.health = replace(loop.health, last_success=max(synced.values()))

    def connector(self, source: str) -> Connector | None:
        return next((lp.connector for lp in self._loops if lp.connector.source.name == source),
                    None)

    # -- running -----------------------------------------------------------------------------
    def start(self) -> None:
        for loop in self._loops:
            loop.due = dict.fromkeys(loop.connector.feeds(), 0.0)
            loop.task = asyncio.get_running_loop().create_task(self._run(loop))
            self._publish(loop, loop.health)

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
                finished = await self._sync_feed(loop, feed, TURN_SECONDS) is not None
            except SourceError as exc:
                self._failed(loop, feed, HealthError.of(exc))
                self._back_off(loop, feed, exc)
            except Exception as exc:  # a bug must not end the source's polling for good
                log.exception("%s %s: unexpected error", loop.health.source, feed)
                loop.reads.pop(feed, None)
                words = f"{type(exc).__name__}: {exc}"
                self._failed(loop, feed, HealthError(SyncErrorKind.INTERNAL, {"text": words},
                                                     f"internal error: {words}"))
                loop.due[feed] = time.monotonic() + BACKOFF_MAX_SECONDS
            else:
                # Unfinished: due again now, after the feeds that were due before it.
                loop.due[feed] = time.monotonic() + (
                    self.intervals.get(feed, 30.0) if finished else 0.0)

    def _back_off(self, loop: _SourceLoop, feed: str, exc: SourceError) -> None:
        """The failed feed waits on its own; the source's other feeds go on. Only a source
        that answers nothing (down) makes them all wait: no burst at a backend in trouble."""
        now = time.monotonic()
        failures = loop.failures[feed] = loop.failures.get(feed, 0) + 1
        pause = backoff_seconds(failures, self.rng)
        loop.due[feed] = now + pause
        if loop.health.state is SourceState.DOWN:
            resume = now + backoff_seconds(loop.health.consecutive_failures, self.rng)
            loop.due = {f: max(t, resume) for f, t in loop.due.items()}
            pause = loop.due[feed] - now
        log.info("%s %s: %s; next try in %.1f s", loop.health.source, feed, exc, pause)

    async def sync_source_once(self, source: str) -> ChangeSet:
        """Read every feed of one source to its end, now (tests, `--once` runs)."""
        loop = next(lp for lp in self._loops if lp.connector.source.name == source)
        changes = ChangeSet()
        for feed in loop.connector.feeds():
            try:
                changes.merge(await self._sync_feed(loop, feed) or ChangeSet())
            except SourceError as exc:
                self._failed(loop, feed, HealthError.of(exc))
                raise
        return changes

    async def _sync_feed(self, loop: _SourceLoop, feed: str, budget: float | None = None
                         ) -> ChangeSet | None:
        """Read the feed on from where it stopped (else after its stored token) into the
        cache. What it changed once at the end; None when it stopped after `budget` seconds
        to let the source's other feeds in. A failure keeps where it stood for next time."""
        source = loop.connector.source.name
        read = loop.reads.get(feed)
        if read is None:
            token = await self.cache.call(self.cache.store.sync_token, source, feed)
            if token is not None and self._deletions_unchecked(loop, feed):
                log.info("%s %s: read in full to find what was deleted there", source, feed)
                token = None
            read = loop.reads[feed] = _Read(token)
        changes = ChangeSet()
        try:
            try:
                finished = await self._read(loop, feed, read, changes, budget)
            except SourceRefused as exc:
                again = _after_refusal(read, exc)
                if again is None:
                    raise
                log.warning("%s %s: %s refused (%s); reading the feed again%s", source, feed,
                            "cursor" if read.cursor else "sync token", exc,
                            " to replace what the cache holds" if again.replace else "")
                # Pages stored before the refusal are announced with the new read's.
                read = loop.reads[feed] = again
                finished = await self._read(loop, feed, read, changes, budget)
        except SourceError as exc:
            # Refused for good, or nowhere to go on from: the next try starts afresh.
            if isinstance(exc, SourceRefused) or read.cursor is None:
                loop.reads.pop(feed, None)
            if changes:  # what landed before the failure is in the cache: say so
                self.on_changes(changes)
            raise
        if not finished:
            if changes:
                self.on_changes(changes)
            return None
        del loop.reads[feed]
        if read.token is None:
            loop.full_read_at[feed] = self.monotonic()
        synced_at = datetime.now(UTC)
        await self.cache.call(self.cache.store.mark_synced, source, feed, at=synced_at)
        if read.replace:
            loop.health = loop.health.noted(_replaced_notice(source, feed, read, synced_at))
        loop.unread.discard(feed)
        loop.failures.pop(feed, None)
        self._succeeded(loop, feed, read.rejected, read.first_reason)
        self.on_synced(source, feed, synced_at)
        if changes:
            self.on_changes(changes)
        return changes

    async def _read(self, loop: _SourceLoop, feed: str, read: _Read, changes: ChangeSet,
                    budget: float | None) -> bool:
        """Read pages on from where `read` stands into the cache, adding what changed to
        `changes`; True once at the end, False when it stopped after `budget` seconds (only
        where it can go on). With `read.replace` (a full read only), the first time the read
        lists a record it replaces the one held whatever their versions; a record listed
        again later in the same read is ordered by version as always."""
        store = self.cache.store
        connector = loop.connector
        source = connector.source.name
        deadline = None if budget is None else time.monotonic() + budget
        async with contextlib.aclosing(_pages(connector, feed, read)) as pages:
            async for page in pages:
                _note_rejections(read, page)
                if page.not_modified:
                    return True
                listed = {record.id for record in page.records}
                overwrite = listed - read.written if read.replace else set()
                read.written.update(listed)
                read.seen.update(listed)
                read.seen.update(r.item_id for r in page.rejected if r.item_id)
                items = [*page.records, *page.deleted]
                # The token goes with the last page, in the same transaction as its records.
                applied = await self.cache.call(store.apply, source, feed, items,
                                                 token=page.sync_token, overwrite=overwrite)
                read.tally(feed, applied)
                changes.merge(applied)
                if feed == "mes.machine_status" and page.records:
                    await self.cache.call(store.append_status_history, source, page.records,
                                          datetime.now(UTC))
                # Stored: a failure from here on goes on after this page, and backs off
                # afresh (the feed got somewhere since it last failed).
                read.cursor = page.next_cursor
                loop.failures.pop(feed, None)
                read.pages += 1
                read.records += len(items)
                if feed in loop.unread:
                    self._publish(loop, loop.health)  # how far the first read got
                if deadline is not None and read.cursor and time.monotonic() >= deadline:
                    return False
        if read.token is None and not read.unnamed:
            # A full read lists every live record: what the cache holds beyond it is gone.
            # (One rejected as invalid is still listed: the cache keeps what it held of it.)
            held = await self.cache.call(store.ids, source, feed)
            if held - read.seen:
                removed = await self.cache.call(store.delete, source, feed, held - read.seen)
                read.tally(feed, removed)
                changes.merge(removed)
        return True

    def _deletions_unchecked(self, loop: _SourceLoop, feed: str) -> bool:
        """Whether the feed's source reports no deletions and this run has not read it in
        full for DELETION_RECHECK_SECONDS."""
        if getattr(loop.connector, "reports_deletions", True):
            return False
        last = loop.full_read_at.get(feed)
        return last is None or self.monotonic() - last >= DELETION_RECHECK_SECONDS

    def _publish(self, loop: _SourceLoop, health: SourceHealth) -> None:
        """The health as it is now, with the first reads still under way."""
        first = tuple(
            FirstRead(feed, read.pages, read.records) if (read := loop.reads.get(feed))
            else FirstRead(feed)
            for feed in loop.connector.feeds() if feed in loop.unread)
        loop.health = replace(health, first_reads=first)
        self.on_health(loop.health)

    def _succeeded(self, loop: _SourceLoop, feed: str, rejected: int, reason: str = "") -> None:
        loop.feed_errors.pop(feed, None)
        if rejected:
            text = f"{rejected} invalid item(s) rejected in {feed}" + (
                f" (first: {reason})" if reason else "")
            loop.feed_errors[feed] = HealthError(
                SyncErrorKind.REJECTED_ITEMS,
                {"count": str(rejected), "feed": feed, "first": reason}, text)
        # One failing feed keeps the source degraded until it reads cleanly again; a live
        # source's standing problem (a rebirth awaited) until it is over.
        warning = _standing(loop.connector) or next(iter(loop.feed_errors.values()), "")
        self._publish(loop, loop.health.succeeded(datetime.now(UTC), warning=warning))

    def _failed(self, loop: _SourceLoop, feed: str, error: HealthError) -> None:
        loop.feed_errors[feed] = error
        self._publish(loop, loop.health.failed(datetime.now(UTC), error))


def _standing(connector: Connector) -> HealthError | None:
    standing = getattr(connector, "standing_problem", None)
    problem = standing() if standing is not None else None
    return HealthError(*problem) if problem is not None else None


def _pages(connector: Connector, feed: str, read: _Read) -> AsyncIterator[FeedPage]:
    if read.cursor is None:
        return connector.read_changes(feed, read.token)
    return connector.read_changes(feed, read.token, cursor=read.cursor)


def _note_rejections(read: _Read, page: FeedPage) -> None:
    read.rejected += len(page.rejected)
    if page.rejected and not read.first_reason:
        first = page.rejected[0]
        read.first_reason = f"{first.item_id}: {first.reason}" if first.item_id \
            else first.reason
    read.unnamed = read.unnamed or any(not r.item_id for r in page.rejected)


def _after_refusal(read: _Read, exc: SourceRefused) -> _Read | None:
    """The read to make after the source refused where `read` stood; None: none helps."""
    if exc.status == 410 and not read.replace:
        # The token (or a cursor) is from another run of the source, which may hold older
        # data now: what it lists replaces what the cache holds.
        return _Read(None, replace=True)
    if exc.status == 400 and (read.token is not None or read.cursor is not None):
        # The source no longer knows where we were (restarted, expired): read everything.
        return _Read(None, replace=read.replace)
    return None


def _replaced_notice(source: str, feed: str, read: _Read, at: datetime) -> HealthNotice:
    text = (f"{feed} read again in full: the source is another run of itself (HTTP 410: "
            f"restored or restarted with older data); its data replaced the cache's, "
            f"{read.replaced} record(s) back to an older version, {read.removed} removed")
    log.warning("%s: %s", source, text)
    return HealthNotice(SyncNoticeKind.DATA_REPLACED,
                        {"feed": feed, "replaced": str(read.replaced),
                         "removed": str(read.removed)}, text, at)
