"""The alarm journal in the cache: appended by the desk where a person acts on an alarm, read
by every desk (app.automation.alarms replays it)."""

from __future__ import annotations

from sqlalchemy import insert, select

from app.automation.alarms import JournalAction, JournalEntry
from app.cache.schema_local import alarm_journal
from app.cache.store import CacheStore


def append(store: CacheStore, entry: JournalEntry) -> JournalEntry:
    """Store `entry`; it comes back with its row id."""
    with store.engine.begin() as conn:
        row_id = conn.execute(insert(alarm_journal).values(
            alarm_key=entry.alarm_key, action=entry.action.value, made_by=entry.made_by,
            made_at=entry.made_at, detail=entry.detail)).inserted_primary_key[0]
    return JournalEntry(entry.alarm_key, entry.action, entry.made_by, entry.made_at,
                        dict(entry.detail), int(row_id))


def entries_after(store: CacheStore, after_id: int = 0,
                  alarm_key: str | None = None) -> list[JournalEntry]:
    """Entries stored after row `after_id` (all of one alarm's with `alarm_key`), oldest
    first."""
    query = select(alarm_journal).where(alarm_journal.c.id > after_id)
    if alarm_key is not None:
        query = query.where(alarm_journal.c.alarm_key == alarm_key)
    with store.engine.connect() as conn:
        rows = conn.execute(query.order_by(alarm_journal.c.id)).mappings().all()
    entries = []
    for row in rows:
        try:
            action = JournalAction(row["action"])
        except ValueError:
            continue  # written by a later version: not ours to replay
        entries.append(JournalEntry(row["alarm_key"], action, row["made_by"], row["made_at"],
                                    dict(row["detail"] or {}), int(row["id"])))
    return entries
