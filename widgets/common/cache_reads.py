"""Reads of the cache that CacheStore does not offer yet (see the report to the lead).

Read-only, and only of the sync bookkeeping table, so views can list what the cache holds even
when no source is configured (offline use).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.cache.schema_local import feed_sync
from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge

SyncKey = tuple[str, str]  # (source, feed)


def cached_sync_times(store: CacheStore) -> dict[SyncKey, datetime]:
    """When each (source, feed) held in the cache was last read to its end."""
    query = select(feed_sync.c.source, feed_sync.c.feed, feed_sync.c.last_synced_at)
    with store.engine.connect() as conn:
        return {(source, feed): at for source, feed, at in conn.execute(query)}


def announce_cache(store: CacheStore, bridge: SyncBridge) -> None:
    """Offline start (no engine): tell the views what the cache holds, as the engine would at
    its start, so ages and the outbox show at once."""
    for (source, feed), at in cached_sync_times(store).items():
        bridge.publish_synced(source, feed, at)
    bridge.publish_outbox(store.outbox_items())
