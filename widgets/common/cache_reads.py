"""What the cache holds, announced to the views even when no source is configured
(offline use)."""

from __future__ import annotations

from datetime import datetime

from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge

SyncKey = tuple[str, str]  # (source, feed)


def cached_sync_times(store: CacheStore) -> dict[SyncKey, datetime]:
    """When each (source, feed) held in the cache was last read to its end."""
    return store.sync_state()


def announce_cache(store: CacheStore, bridge: SyncBridge) -> None:
    """Offline start (no engine): tell the views what the cache holds, as the engine would at
    its start, so ages and the outbox show at once."""
    for (source, feed), at in cached_sync_times(store).items():
        bridge.publish_synced(source, feed, at)
    bridge.publish_outbox(store.outbox_items())
