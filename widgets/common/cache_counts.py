"""How many records the cache holds per (source, feed), and when each feed last synced.

One reader for every view, so a change in the cache costs one COUNT per changed feed and
source, not one per view. Counts are read on the GUI thread (indexed COUNTs are cheap, and SQLite
in WAL mode never makes a reader wait for the sync worker), only for the feeds a ChangeSet names,
and at most once a second however often the sync layer reports.
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
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.timeout.connect(self.refresh)
        bridge.feed_synced.connect(self._on_feed_synced)
        bridge.cache_changed.connect(self._on_cache_changed)
        self._load_everything()

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

    # -- keeping up --------------------------------------------------------------------------
    def _load_everything(self) -> None:
        if self._store is None:
            return
        try:
            self._synced.update(self._store.sync_state())
        except SQLAlchemyError:
            log.exception("could not read the cache's sync times")
        self._dirty.update(self._synced)
        self.refresh()
        # The throttle is for bursts of sync reports; the first one after opening may go at once.
        self._last_refresh = -math.inf

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
        if self.refresh_timer.isActive():
            return
        wait = max(0.0, MIN_REFRESH_SECONDS - (self._monotonic() - self._last_refresh))
        self.refresh_timer.start(math.ceil(wait * 1000))

    def refresh(self) -> None:
        """Re-count the feeds that changed, then tell the views."""
        self.refresh_timer.stop()
        dirty, self._dirty = self._dirty, set()
        if self._store is not None:
            for source, feed in sorted(dirty):
                try:
                    self._counts[(source, feed)] = self._store.count(source, feed)
                except (SQLAlchemyError, KeyError, ValueError):
                    # Keep the last count: a busy or odd cache must not take the views down.
                    log.exception("could not count %s %s in the cache", source, feed)
        self._last_refresh = self._monotonic()
        self.changed.emit()
