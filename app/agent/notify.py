"""Telling the consoles of a shared PostgreSQL cache what the agent just changed.

After each batch of changes the agent runs `NOTIFY gemba_changes, '<json>'` with
{"feeds": {feed: [[source, id], ...]}}: the record keys written or deleted, at most
MAX_IDS_PER_FEED per feed. A feed with more (or one dropped to keep the payload under
MAX_PAYLOAD_BYTES; PostgreSQL refuses 8000 bytes) is sent as {"feeds": {feed: null}}: "reload it".
Two more keys, both null, tell of what is not a feed: "outbox" (the agent sent or parked
actions) and "firings" (it stored new rule firings); the desks re-read those.
On SQLite there is no one to tell: the consoles poll the file themselves.

Anyone who may connect may NOTIFY on any channel: PostgreSQL has no grant for it. So on a cache
set up for desks (app.cache.shared_roles) the agent first stores the payload as a row of the
notices table, which only it may write, and the NOTIFY names that row ("notice": id); a desk
acts on the row it reads, and ignores a notification that names none (app.cache.shared_mode).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from app.cache.changes import ChangeSet
from app.cache.shared_roles import NOTICES_TABLE

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.cache.store import CacheStore

CHANNEL = "gemba_changes"
MAX_IDS_PER_FEED = 200
MAX_PAYLOAD_BYTES = 7900
NOTICE_ROOM = 40  # bytes kept free in the payload for '"notice":<id>,'
KEEP_NOTICES = 1000  # desks read a notice within milliseconds; older ones are dropped


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
    while len(payload.encode("utf-8")) >= MAX_PAYLOAD_BYTES - NOTICE_ROOM:
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


def announce(engine: Engine, payload: str) -> None:
    """NOTIFY `payload` (a JSON object), stored first as a notice where the table exists (a
    cache the agent set up for desks). Blocking; run it as the owner of the cache."""
    with engine.begin() as conn:
        if conn.execute(text("SELECT to_regclass(:table)"), {"table": NOTICES_TABLE}
                        ).scalar() is not None:
            notice = conn.execute(text(f"INSERT INTO {NOTICES_TABLE} (payload) "
                                       "VALUES (:payload) RETURNING id"),
                                  {"payload": payload}).scalar_one()
            conn.execute(text(f"DELETE FROM {NOTICES_TABLE} WHERE id <= :old"),
                         {"old": notice - KEEP_NOTICES})
            payload = f'{{"notice":{notice},{payload.removeprefix("{")}'
        conn.execute(text("SELECT pg_notify(:channel, :payload)"),
                     {"channel": CHANNEL, "payload": payload})


async def notify_changes(store: CacheStore, changes: ChangeSet, also: Iterable[str] = ()
                         ) -> None:
    """NOTIFY the consoles of a PostgreSQL cache of `changes` (and of `also`, see
    changes_payload); nothing on SQLite."""
    also = sorted(also)
    if store.engine.dialect.name != "postgresql" or not (changes or also):
        return
    await asyncio.to_thread(announce, store.engine, changes_payload(changes, also))
