"""How many records the cache holds per (source, feed), and when each feed last synced.

One reader for every view, so a change in the cache costs one COUNT per changed feed and
source, not one per view. Counts are read in the views' worker (`Background`), never on the GUI
thread (a COUNT over a large table takes tens of milliseconds), only for the feeds a ChangeSet
names, one run at a time and at most once per MIN_REFRESH_SECONDS however often the sync layer
reports: what changes during a run is counted by the next.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.exc import SQLAlchemyError

from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge
from widgets.common.background import Background
from widgets.common.cache_reads import SyncKey

log = logging.getLogger(__name__)

MIN_REFRESH_SECONDS = 3.0  # counts need not follow every 1 s poll; each refresh repaints


@dataclass(frozen=True, slots=True)
class FeedRow:
    source: str
    feed: str
    records: int | None  # None: not counted (no cache open, or the read failed)
    synced_at: datetime | None  # None: records arrived, but the feed was never read to its end


class CacheCounts(QObject):
    # Emitted after counts or sync times changed (at most once per MIN_REFRESH_SECONDS).
    changed = Signal()

    def __init__(
        self,
        store: CacheStore | None,
        bridge: SyncBridge,
        parent: QObject | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._monotonic = monotonic
        self._counts: dict[SyncKey, int] = {}
        self._synced: dict[SyncKey, datetime] = {}
        self._dirty: set[SyncKey] = set()
        self._last_refresh = -math.inf
        self._first = store is not None  # the first run reads every sync time and count
        self._running = False
        self.background = Background(self)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.timeout.connect(self.refresh)
        bridge.feed_synced.connect(self._on_feed_synced)
        bridge.cache_changed.connect(self._on_cache_changed)
        if store is not None:
            self.refresh()

    # -- reading -----------------------------------------------------------------------------
    def rows(self) -> list[FeedRow]:
        keys = sorted(self._counts.keys() | self._synced.keys())
        return [FeedRow(s, f, self._counts.get((s, f)), self._synced.get((s, f)))
                for s, f in keys]

    def records(self, feed: str) -> int:
        """Records of `feed` held from all sources together."""
        return sum(n for (_, f), n in self._counts.items() if f == feed)

    def total(self, feeds: Iterable[str] | None = None) -> int:
        wanted = None if feeds is None else set(feeds)
        return sum(n for (_, f), n in self._counts.items() if wanted is None or f in wanted)

    @property
    def busy(self) -> bool:
        """A count is running in the worker (its `changed` is still to come)."""
        return self._running

    # -- keeping up --------------------------------------------------------------------------
    def _on_feed_synced(self, source: str, feed: str, at: datetime) -> None:
        key = (source, feed)
        self._synced[key] = at
        if key not in self._counts:
            self._dirty.add(key)
        self._schedule()

    def _on_cache_changed(self, changes: ChangeSet) -> None:
        for feed in changes.kinds:
            self._dirty.update((source, feed) for source, _ in changes.ids(feed))
        self._schedule()

    def _schedule(self) -> None:
        if self.refresh_timer.isActive() or self._running:
            return  # a running count schedules the next when it is done
        wait = max(0.0, MIN_REFRESH_SECONDS - (self._monotonic() - self._last_refresh))
        self.refresh_timer.start(math.ceil(wait * 1000))

    def refresh(self) -> None:
        """Re-count the feeds that changed (in the worker), then tell the views."""
        self.refresh_timer.stop()
        store = self._store
        if store is None:
            self._last_refresh = self._monotonic()
            self.changed.emit()
            return
        if self._running:
            return  # `_counted` schedules another run for what is dirty by then
        dirty, self._dirty = self._dirty, set()
        first, self._first = self._first, False
        self._running = True
        self._last_refresh = self._monotonic()
        self.background.run(lambda: _count(store, dirty, first),
                            lambda result: self._counted(result, first),
                            lambda _error: self._counted(({}, {}), first))

    def _counted(self, result: tuple[dict[SyncKey, datetime], dict[SyncKey, int]],
                 first: bool) -> None:
        synced, counts = result
        self._running = False
        for key, at in synced.items():
            self._synced.setdefault(key, at)  # a sync reported meanwhile is newer
        self._counts.update(counts)
        if first:
            # The throttle is for bursts of sync reports; the first after opening may go at once.
            self._last_refresh = -math.inf
        self.changed.emit()
        if self._dirty:
            self._schedule()


def _count(store: CacheStore, dirty: set[SyncKey], first: bool
           ) -> tuple[dict[SyncKey, datetime], dict[SyncKey, int]]:
    """In the worker: the sync times (on the first run) and the counts of `dirty` and of every
    feed that has a sync time."""
    synced: dict[SyncKey, datetime] = {}
    if first:
        try:
            synced = store.sync_state()
        except SQLAlchemyError:
            log.exception("could not read the cache's sync times")
    counts: dict[SyncKey, int] = {}
    for source, feed in sorted(dirty | synced.keys()):
        try:
            counts[(source, feed)] = store.count(source, feed)
        except (SQLAlchemyError, KeyError, ValueError):
            # Keep the last count: a busy or odd cache must not take the views down.
            log.exception("could not count %s %s in the cache", source, feed)
    return synced, counts
