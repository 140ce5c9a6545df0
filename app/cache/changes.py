"""What a write to the cache changed, so views refresh only the kinds and rows concerned."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

RecordKey = tuple[str, str]  # (source, id)


@dataclass(slots=True)
class ChangeSet:
    """Record keys written or deleted, per feed ("crm.orders"); `stale` lists records ignored
    because the cache already held a newer version (nothing changed for them); `replaced`
    lists records written over a newer version held, because a full re-read said the source
    went back to older data (they are in `upserted` too)."""

    upserted: dict[str, set[RecordKey]] = field(default_factory=dict)
    deleted: dict[str, set[RecordKey]] = field(default_factory=dict)
    stale: dict[str, set[RecordKey]] = field(default_factory=dict)
    replaced: dict[str, set[RecordKey]] = field(default_factory=dict)

    @property
    def kinds(self) -> set[str]:
        """The feeds with at least one changed record."""
        return {feed for feed, keys in (*self.upserted.items(), *self.deleted.items()) if keys}

    def ids(self, feed: str) -> set[RecordKey]:
        """Every key of `feed` that was written or deleted."""
        return self.upserted.get(feed, set()) | self.deleted.get(feed, set())

    def add_upserted(self, feed: str, source: str, ids: Iterable[str]) -> None:
        _add(self.upserted, feed, source, ids)

    def add_deleted(self, feed: str, source: str, ids: Iterable[str]) -> None:
        _add(self.deleted, feed, source, ids)

    def add_stale(self, feed: str, source: str, ids: Iterable[str]) -> None:
        _add(self.stale, feed, source, ids)

    def add_replaced(self, feed: str, source: str, ids: Iterable[str]) -> None:
        _add(self.replaced, feed, source, ids)

    def merge(self, other: ChangeSet) -> ChangeSet:
        """Fold `other` into this one (a poll touches many feeds); returns self."""
        for mine, theirs in ((self.upserted, other.upserted), (self.deleted, other.deleted),
                             (self.stale, other.stale), (self.replaced, other.replaced)):
            for feed, keys in theirs.items():
                mine.setdefault(feed, set()).update(keys)
        return self

    def __bool__(self) -> bool:
        return bool(self.kinds)


def _add(target: dict[str, set[RecordKey]], feed: str, source: str, ids: Iterable[str]) -> None:
    keys = {(source, record_id) for record_id in ids}
    if keys:
        target.setdefault(feed, set()).update(keys)
