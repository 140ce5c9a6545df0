"""The one place where the sync layer talks to Qt: signals the widgets connect to.

Only QtCore is used here, so `app` stays importable without a display. SyncBridge implements
the engine's SyncEvents by emitting a signal for each.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal

from app.cache.changes import ChangeSet
from app.cache.outbox import OutboxItem
from app.sync.health import FirstRead, SourceHealth


class SyncBridge(QObject):
    # A SourceHealth, each time a source's health changes or is re-checked.
    health_changed = Signal(object)
    # A ChangeSet: the feeds and (source, id) keys that changed in the cache.
    cache_changed = Signal(object)
    # source, feed, when it was last read to its end (a datetime, UTC)
    feed_synced = Signal(str, str, object)
    # Every outbox item (list[OutboxItem]) after any change to the outbox.
    outbox_changed = Signal(object)
    # The feeds the configured sources serve (a set of feed names), once known.
    served_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._health: dict[str, SourceHealth] = {}
        self._synced: dict[tuple[str, str], datetime] = {}
        self._served: set[str] | None = None  # feeds the configured sources serve, once known

    def publish_health(self, health: SourceHealth) -> None:
        self._health[health.source] = health
        self.health_changed.emit(health)

    def publish_changes(self, changes: ChangeSet) -> None:
        self.cache_changed.emit(changes)

    def publish_synced(self, source: str, feed: str, at: datetime) -> None:
        self._synced[(source, feed)] = at
        self.feed_synced.emit(source, feed, at)

    def publish_outbox(self, items: list[OutboxItem]) -> None:
        self.outbox_changed.emit(items)

    def health(self) -> list[SourceHealth]:
        """The latest health of every source heard of, in the order they were first heard."""
        return list(self._health.values())

    def first_reads(self) -> dict[str, FirstRead]:
        """The feeds a source has not read to their end yet, with how far it got: what the
        cache holds of them is partial."""
        reads: dict[str, FirstRead] = {}
        for health in self._health.values():
            for read in health.first_reads:
                reads.setdefault(read.feed, read)
        return reads

    def publish_served(self, feeds: set[str]) -> None:
        self._served = set(feeds)
        self.served_changed.emit(set(feeds))

    def served(self) -> set[str] | None:
        """The feeds the configured sources serve; None while unknown (offline, starting)."""
        return None if self._served is None else set(self._served)

    def last_synced(self, feeds: set[str]) -> datetime | None:
        """The oldest last-sync time over these feeds (how old a view's data may be), or None
        while one of them that a configured source serves was never read. A feed no source
        serves (a CRM without lots, say) does not hold the others' age back."""
        expected = feeds & self._served if self._served is not None else feeds
        times: dict[str, datetime] = {}
        for (_, feed), at in self._synced.items():  # a feed two sources serve: the older
            if feed in feeds and (feed not in times or at < times[feed]):
                times[feed] = at
        if not times or not expected <= times.keys():
            return None
        return min(times.values())
