"""What the cache holds, announced to the views even when no source is configured
(offline use)."""

from __future__ import annotations

from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge

SyncKey = tuple[str, str]  # (source, feed)


def announce_cache(store: CacheStore, bridge: SyncBridge) -> None:
    """Offline start (no engine): tell the views what the cache holds, as the engine would at
    its start, so ages and the outbox show at once."""
    for (source, feed), at in store.sync_state().items():
        bridge.publish_synced(source, feed, at)
    bridge.publish_outbox(store.outbox_items())
