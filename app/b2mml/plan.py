"""What an import will do, computed in full before anything is written (all or nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.domain import WorkOrder

FEED = "mes.work_orders"


@dataclass(slots=True)
class ImportPlan:
    """The work orders an import writes, with the ids it creates and updates and one line per
    change for people to read before (or after) applying it."""

    file: str
    work_orders: list[WorkOrder] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.file}: {len(self.created)} work orders created, "
                f"{len(self.updated)} updated")

    def apply(self, store: CacheStore, source: str) -> ChangeSet:
        """Write every work order in one transaction. A record the cache meanwhile holds in a
        newer version is left alone (the store's version rule) and listed in `stale`."""
        return store.upsert(source, FEED, self.work_orders)
