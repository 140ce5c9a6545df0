"""CacheStore: everything the sync layer and the view models do with the cache.

Each call is one transaction. Calls block; the sync layer runs them in a worker thread
(loop.run_in_executor) so the Qt/asyncio loop never waits on the database.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import IntegrityError

from app.cache import machine_history, outbox, outbox_copy
from app.cache.bulk import BulkUpserter
from app.cache.changes import ChangeSet
from app.cache.database import open_cache_engine
from app.cache.feed_maps import feed_map
from app.cache.machine_history import StatusMinute, StatusSample
from app.cache.outbox import DuplicateAction, OutboxItem, OutboxState
from app.cache.records import delete_records, load_records, upsert_records
from app.cache.schema_local import feed_sync, sync_tokens
from app.cache_location import sqlite_file
from app.domain import MachineStatus, Tombstone

log = logging.getLogger(__name__)

# A delivered quote is the hold on the capacity it needs (app.analytics.schedule.holds) until
# it expires: kept at least this long whatever the outbox's retention.
QUOTE_KEEP_DAYS = 120
HOLD_LOCK_KEY = 0x67656D6261  # pg_advisory_xact_lock key of quotes ("gemba")
_SYNC_COLUMNS = ("source", "feed", "last_synced_at")
_TOKEN_COLUMNS = ("source", "feed", "token", "updated_at")


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


class CacheStore:
    def __init__(self, engine: Engine, outbox_copy_path: Path | None = None) -> None:
        self.engine = engine
        self._upserter = BulkUpserter(engine.dialect)
        self._outbox_copy = outbox_copy_path
        # Called (from whichever thread read the cache) with SQLite's words the first time a
        # read or write finds the file damaged; the console tells the person.
        self.damage_found: list[Callable[[str], None]] = []
        self._damage_told = False
        event.listen(engine, "handle_error", self._database_error)

    @classmethod
    def open(cls, url: str | None = None, **engine_options: Any) -> CacheStore:
        """The cache at `url` (default: SQLite in the user's data folder), schema up to date.
        A SQLite file's waiting actions are also kept in a copy beside it (outbox_copy)."""
        path = sqlite_file(url)
        return cls(open_cache_engine(url, **engine_options),
                   outbox_copy.copy_path(path) if path is not None else None)

    def _database_error(self, context: ExceptionContext) -> None:
        error = context.original_exception
        if not isinstance(error, sqlite3.DatabaseError) or self._damage_told:
            return
        words = str(error)
        if "malformed" not in words and "not a database" not in words:
            return
        self._damage_told = True
        log.error("the cache is damaged: %s", words)
        for told in self.damage_found:
            told(words)

    def save_outbox_copy(self, leaving_out: int | None = None) -> None:
        """Rewrite the copy of the waiting actions (a SQLite cache only)."""
        if self._outbox_copy is None:
            return
        waiting = [item for item in self.outbox_items(set(outbox_copy.WAITING))
                   if item.id != leaving_out]
        try:
            outbox_copy.write(self._outbox_copy, waiting)
        except OSError as error:  # the cache itself holds them: the copy is a second line
            log.error("the copy of the waiting actions could not be written: %s", error)

    def close(self) -> None:
        self.engine.dispose()

    # --- records --------------------------------------------------------------------------

    def upsert(self, source: str, feed: str, records: Iterable[Any], *,
               token: str | None = None) -> ChangeSet:
        """Insert or update records keyed by (source, id), replacing their lists' rows.

        A record older than the one held (lower version) is ignored and listed as stale. With
        `token`, the feed's sync token is stored in the same transaction, so a crash can never
        keep a token whose changes were not stored.
        """
        fmap = feed_map(feed)
        with self.engine.begin() as conn:
            changes = upsert_records(conn, self._upserter, fmap, source, records)
            if token is not None:
                self._write_token(conn, source, feed, token, None)
        return changes

    def delete(self, source: str, feed: str, ids: Iterable[str]) -> ChangeSet:
        """Delete records and their children; ids not held are ignored."""
        with self.engine.begin() as conn:
            return delete_records(conn, feed_map(feed), source, ids)

    def apply(self, source: str, feed: str, items: Iterable[Any], *,
              token: str | None = None, overwrite: Collection[str] = ()) -> ChangeSet:
        """A page of a change feed: records and tombstones, the last item per id winning.

        Records whose id is in `overwrite` replace the one held even if that one has a newer
        version (a full re-read of a source that went back to older data, see Poller); the
        others are kept from going back to an older version, as always.
        """
        last: dict[str, Any] = {}
        for item in items:
            last.pop(item.id, None)  # keep feed order for the ones that remain
            last[item.id] = item
        gone = [i.id for i in last.values() if isinstance(i, Tombstone)]
        kept = [i for i in last.values() if not isinstance(i, Tombstone)]
        fmap = feed_map(feed)
        with self.engine.begin() as conn:
            changes = delete_records(conn, fmap, source, gone)
            changes.merge(upsert_records(conn, self._upserter, fmap, source, kept, overwrite))
            if token is not None:
                self._write_token(conn, source, feed, token, None)
        return changes

    def get(self, source: str, feed: str, record_id: str) -> Any | None:
        found = self.get_many(source, feed, [record_id])
        return found[0] if found else None

    def get_many(self, source: str, feed: str, ids: Sequence[str]) -> list[Any]:
        """The records held with these ids, ordered by id."""
        with self.engine.connect() as conn:
            return load_records(conn, feed_map(feed), source, list(dict.fromkeys(ids)))

    def all(self, source: str, feed: str) -> list[Any]:
        """Every record of a feed from one source, ordered by id."""
        with self.engine.connect() as conn:
            return load_records(conn, feed_map(feed), source)

    def ids(self, source: str, feed: str) -> set[str]:
        """Ids held, for re-checking deletions with backends that do not report them."""
        table = feed_map(feed).table
        with self.engine.connect() as conn:
            return set(conn.execute(select(table.c.id).where(table.c.source == source))
                       .scalars())

    def count(self, source: str, feed: str) -> int:
        table = feed_map(feed).table
        with self.engine.connect() as conn:
            query = select(func.count()).select_from(table).where(table.c.source == source)
            return int(conn.execute(query).scalar_one())

    # --- sync state -------------------------------------------------------------------------

    def sync_token(self, source: str, feed: str) -> str | None:
        query = select(sync_tokens.c.token).where(
            sync_tokens.c.source == source, sync_tokens.c.feed == feed)
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one_or_none()

    def set_sync_token(self, source: str, feed: str, token: str, *,
                       now: datetime | None = None) -> None:
        with self.engine.begin() as conn:
            self._write_token(conn, source, feed, token, now)

    def _write_token(self, conn: Any, source: str, feed: str, token: str,
                     now: datetime | None) -> None:
        self._upserter.upsert(conn, sync_tokens, _TOKEN_COLUMNS,
                              [(source, feed, token, _now(now))])

    def mark_synced(self, source: str, feed: str, *, at: datetime | None = None) -> None:
        """The feed was read to its end (changed or not) at `at`."""
        with self.engine.begin() as conn:
            self._upserter.upsert(conn, feed_sync, _SYNC_COLUMNS, [(source, feed, _now(at))])

    def last_synced(self, source: str, feed: str | None = None) -> datetime | None:
        """When the feed last synced; without `feed`, the oldest of the source's feeds (how
        old the source's data may be)."""
        query = select(func.min(feed_sync.c.last_synced_at)).where(feed_sync.c.source == source)
        if feed is not None:
            query = query.where(feed_sync.c.feed == feed)
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one_or_none()  # min() keeps the column's type

    def sync_state(self) -> dict[tuple[str, str], datetime]:
        """When each (source, feed) held in the cache was last read to its end: every source,
        including ones no longer configured (offline use)."""
        query = select(feed_sync.c.source, feed_sync.c.feed, feed_sync.c.last_synced_at)
        with self.engine.connect() as conn:
            return {(source, feed): at for source, feed, at in conn.execute(query)}

    def sources_of(self, *feeds: str) -> list[str]:
        """The sources that have synced any of these feeds, sorted."""
        return sorted({source for source, feed in self.sync_state() if feed in feeds})

    def synced_feeds(self, source: str) -> dict[str, datetime]:
        query = select(feed_sync.c.feed, feed_sync.c.last_synced_at).where(
            feed_sync.c.source == source)
        with self.engine.connect() as conn:
            return {feed: at for feed, at in conn.execute(query)}

    # --- outbox -----------------------------------------------------------------------------

    def outbox_add(self, *, source: str, action: str, target_feed: str, target_id: str,
                   payload: dict[str, Any], record_version: int | None = None,
                   made_by: str = "", idempotency_key: str | None = None,
                   now: datetime | None = None) -> OutboxItem:
        """Store a user action to send; raises DuplicateAction for a known idempotency key."""
        from app.audit import log as audit  # app.audit imports this package's schema

        try:
            with self.engine.begin() as conn:
                if action == "quote":
                    self._check_hold(conn, payload, now)
                item = outbox.add(
                    conn, source=source, action=action, target_feed=target_feed,
                    target_id=target_id, payload=payload, record_version=record_version,
                    made_by=made_by, idempotency_key=idempotency_key, now=now)
                audit.record_queued(conn, item)  # in the audit log, same transaction
        except IntegrityError as error:  # raised at commit by some drivers
            raise DuplicateAction(str(error.orig)) from error
        self.save_outbox_copy()
        return item

    @staticmethod
    def _check_hold(conn: Any, payload: dict[str, Any], now: datetime | None) -> None:
        """Refuse (HeldMeanwhile) a quote whose hours another quote took after its answer
        was planned. On PostgreSQL the check and the insert hold a lock every desk takes for
        quotes, so two desks cannot both pass the check before either has inserted."""
        from app.domain.holds import overlapping

        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": HOLD_LOCK_KEY})
        else:  # SQLite: a write first takes the database's write lock before the check reads
            conn.execute(text("UPDATE outbox SET id = id WHERE 1 = 0"))
        seen = int(payload.get("seen_hold") or 0)
        later = outbox.items_after(conn, seen, "quote")
        overlapping(payload, later, _now(now).date())

    def outbox_next_due(self, *, now: datetime | None = None, limit: int = 10
                        ) -> list[OutboxItem]:
        """Claim the items due for sending: they turn `sending`, with one more attempt."""
        with self.engine.begin() as conn:
            return outbox.claim_due(conn, now=now, limit=limit)

    def outbox_mark_delivered(self, item_id: int, *, now: datetime | None = None,
                              answer: dict[str, Any] | None = None) -> bool:
        from app.audit import log as audit  # app.audit imports this package's schema

        with self.engine.begin() as conn:
            done = outbox.mark_delivered(conn, item_id, now=now, answer=answer)
            if done:
                audit.record_delivered(conn, item_id, now=now)
        if done:
            self.save_outbox_copy()
        return done

    def outbox_mark_parked(self, item_id: int, reason: str) -> bool:
        """A final refusal (4xx): kept with the reason until a person retries or drops it."""
        with self.engine.begin() as conn:
            parked = outbox.mark_parked(conn, item_id, reason)
        if parked:
            self.save_outbox_copy()
        return parked

    def outbox_retry(self, item_id: int, *, error: str | None = None,
                     at: datetime | None = None, now: datetime | None = None) -> bool:
        with self.engine.begin() as conn:
            again = outbox.retry(conn, item_id, error=error, at=at, now=now)
        if again:
            self.save_outbox_copy()
        return again

    def outbox_drop(self, item_id: int) -> bool:
        # The copy first: a crash in between must not bring a dropped action back at start.
        self.save_outbox_copy(leaving_out=item_id)
        with self.engine.begin() as conn:
            return outbox.drop(conn, item_id)

    def outbox_get(self, item_id: int) -> OutboxItem | None:
        with self.engine.connect() as conn:
            return outbox.get(conn, item_id)

    def outbox_items(self, states: set[OutboxState] | None = None) -> list[OutboxItem]:
        with self.engine.connect() as conn:
            return outbox.items(conn, states)

    # --- machine status history -------------------------------------------------------------

    def append_status_history(self, source: str, statuses: Sequence[MachineStatus],
                              sampled_at: datetime) -> None:
        """Keep a raw sample of each machine's live status taken at `sampled_at`."""
        with self.engine.begin() as conn:
            machine_history.append(conn, self._upserter, source, statuses, sampled_at)

    def aggregate_status_minutes(self) -> int:
        """Fold raw samples into one-minute aggregates; returns the minutes (re)written."""
        with self.engine.begin() as conn:
            return machine_history.aggregate(conn, self._upserter)

    def status_samples(self, source: str, machine_id: str, start: datetime, end: datetime
                       ) -> list[StatusSample]:
        with self.engine.connect() as conn:
            return machine_history.samples_between(conn, source, machine_id, start, end)

    def status_minutes(self, source: str, machine_id: str, start: datetime, end: datetime
                       ) -> list[StatusMinute]:
        with self.engine.connect() as conn:
            return machine_history.minutes_between(conn, source, machine_id, start, end)

    def prune(self, *, raw_hours: float = 12, aggregate_days: float = 400,
              outbox_days: float = 30, now: datetime | None = None) -> dict[str, int]:
        """Retention: aggregate first (no sample is lost unaggregated), then drop raw samples,
        minute aggregates and delivered outbox items older than their limits."""
        now = _now(now)
        with self.engine.begin() as conn:
            machine_history.aggregate(conn, self._upserter)
            raw, minutes = machine_history.prune(
                conn, raw_before=now - timedelta(hours=raw_hours),
                minutes_before=now - timedelta(days=aggregate_days))
            delivered = outbox.prune_delivered(
                conn, now - timedelta(days=outbox_days),
                quotes_before=now - timedelta(days=max(outbox_days, QUOTE_KEEP_DAYS)))
        return {"raw_samples": raw, "minutes": minutes, "outbox_delivered": delivered}
