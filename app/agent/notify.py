"""Telling the consoles of a shared PostgreSQL cache what the agent just changed.

After each batch of changes the agent runs `NOTIFY gemba_changes, '<json>'` with
{"feeds": {feed: [[source, id], ...]}}: the record keys written or deleted, at most
MAX_IDS_PER_FEED per feed. A feed with more (or one dropped to keep the payload under
MAX_PAYLOAD_BYTES; PostgreSQL refuses 8000 bytes) is sent as {"feeds": {feed: null}}: "reload it".
Two more keys, both null, tell of what is not a feed: "outbox" (the agent sent or parked
actions) and "firings" (it stored new rule firings); the desks re-read those.
On SQLite there is no one to tell: the consoles poll the file themselves.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from app.cache.changes import ChangeSet

if TYPE_CHECKING:
    from app.cache.store import CacheStore

CHANNEL = "gemba_changes"
MAX_IDS_PER_FEED = 200
MAX_PAYLOAD_BYTES = 7900


def _encode(feeds: dict[str, Any]) -> str:
    return json.dumps({"feeds": feeds}, separators=(",", ":"), ensure_ascii=False)


def changes_payload(changes: ChangeSet, also: Iterable[str] = ()) -> str:
    """The NOTIFY payload for `changes`, and the keys `also` (OUTBOX_KEY, FIRINGS_KEY) with
    null; always under MAX_PAYLOAD_BYTES."""
    feeds: dict[str, list[list[str]] | None] = {}
    for feed in sorted(changes.kinds):
        keys = sorted(changes.ids(feed))
        feeds[feed] = [list(key) for key in keys] if len(keys) <= MAX_IDS_PER_FEED else None
    for key in sorted(also):
        feeds[key] = None
    payload = _encode(feeds)
    while len(payload.encode("utf-8")) >= MAX_PAYLOAD_BYTES:
        # The longest list becomes "reload": the fewest feeds lose their detail.
        longest = max((f for f, ids in feeds.items() if ids is not None),
                      key=lambda f: len(_encode({f: feeds[f]})))
        feeds[longest] = None
        payload = _encode(feeds)
    return payload


def parse_changes_payload(payload: str) -> tuple[ChangeSet, set[str]]:
    """A listener's side: the keys that changed, and the feeds to reload whole."""
    changes = ChangeSet()
    reload: set[str] = set()
    for feed, keys in json.loads(payload).get("feeds", {}).items():
        if keys is None:
            reload.add(feed)
            continue
        for source, record_id in keys:
            changes.add_upserted(feed, source, [record_id])
    return changes, reload


def _notify(store: CacheStore, payload: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(text("SELECT pg_notify(:channel, :payload)"),
                     {"channel": CHANNEL, "payload": payload})


async def notify_changes(store: CacheStore, changes: ChangeSet, also: Iterable[str] = ()
                         ) -> None:
    """NOTIFY the consoles of a PostgreSQL cache of `changes` (and of `also`, see
    changes_payload); nothing on SQLite."""
    also = sorted(also)
    if store.engine.dialect.name != "postgresql" or not (changes or also):
        return
    await asyncio.to_thread(_notify, store, changes_payload(changes, also))
