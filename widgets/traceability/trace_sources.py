"""Which MES and CRM sources the cache holds, for the traces to read from."""

from __future__ import annotations

from sqlalchemy import select

from app.cache.feed_maps import feed_map
from app.cache.store import CacheStore


def _table_sources(store: CacheStore, feed: str) -> list[str]:
    # A cache filled by hand (tests, imports) has records but no sync state.
    table = feed_map(feed).table
    with store.engine.connect() as conn:
        return sorted(conn.execute(select(table.c.source).distinct()).scalars())


def source_for(store: CacheStore, system: str, main_feed: str) -> str | None:
    """The source whose `main_feed` the cache holds, else any source of `system` ("mes"/"crm")
    that was synced; None when the cache knows none."""
    held = _table_sources(store, main_feed)
    if held:
        return held[0]
    synced = sorted({source for source, feed in store.sync_state()
                     if feed.startswith(f"{system}.")})
    return synced[0] if synced else None


def trace_sources(store: CacheStore) -> tuple[str | None, str | None]:
    """(MES source, CRM source)."""
    return source_for(store, "mes", "mes.lots"), source_for(store, "crm", "crm.shipments")
