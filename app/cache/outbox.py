"""The outbox: user actions are stored before they are sent, so nothing a user did is lost.

Life of an item: queued -> sending (claimed by the sender, attempts + 1) -> delivered; or back to
queued with a later `next_attempt_at` after a 5xx or timeout; or parked with the reason after a
4xx (final until a person retries or drops it). An item left in `sending` by a crash becomes due
again when its claim runs out; the idempotency key makes the resend harmless.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from app.cache.schema_local import outbox

CLAIM = timedelta(minutes=2)  # longer than any request timeout of the sender


class OutboxState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    DELIVERED = "delivered"
    PARKED = "parked"


class DuplicateAction(ValueError):
    """An action with this idempotency key is already in the outbox."""


@dataclass(slots=True, kw_only=True)
class OutboxItem:
    id: int
    idempotency_key: str
    source: str
    action: str  # e.g. "promise_date", "activity", "finding", "priority"
    target_feed: str  # "crm.orders"
    target_id: str
    payload: dict[str, Any]
    record_version: int | None  # sent as If-Match
    state: OutboxState
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime
    made_by: str
    delivered_at: datetime | None
    answer: dict[str, Any] | None = None  # what the backend answered, once delivered


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def _item(row: Any) -> OutboxItem:
    values = dict(row._mapping)
    values["state"] = OutboxState(values["state"])
    return OutboxItem(**values)


def add(conn: Connection, *, source: str, action: str, target_feed: str, target_id: str,
        payload: dict[str, Any], record_version: int | None = None, made_by: str = "",
        idempotency_key: str | None = None, now: datetime | None = None) -> OutboxItem:
    now = _now(now)
    values = dict(
        idempotency_key=idempotency_key or str(uuid.uuid4()), source=source, action=action,
        target_feed=target_feed, target_id=target_id, payload=payload,
        record_version=record_version, state=OutboxState.QUEUED.value, attempts=0,
        last_error="", created_at=now, next_attempt_at=now, made_by=made_by, delivered_at=None)
    try:
        new_id = conn.execute(insert(outbox).values(values)).inserted_primary_key[0]
    except IntegrityError as error:  # the transaction is spoilt: the caller rolls it back
        raise DuplicateAction(f"idempotency key {values['idempotency_key']!r} is already "
                              "in the outbox") from error
    return get(conn, new_id)  # type: ignore[return-value]


def get(conn: Connection, item_id: int) -> OutboxItem | None:
    row = conn.execute(select(outbox).where(outbox.c.id == item_id)).first()
    return _item(row) if row is not None else None


def items(conn: Connection, states: set[OutboxState] | None = None) -> list[OutboxItem]:
    return list(each_item(conn, states))


def each_item(conn: Connection, states: set[OutboxState] | None = None
              ) -> Iterator[OutboxItem]:
    """The items in `states` (None: all), oldest first, one by one (a reader of a damaged
    cache keeps those read before the damage)."""
    query = select(outbox).order_by(outbox.c.id)
    if states:
        query = query.where(outbox.c.state.in_([s.value for s in states]))
    for row in conn.execute(query):
        yield _item(row)


def items_after(conn: Connection, item_id: int, action: str) -> list[OutboxItem]:
    """The items of `action` stored after item `item_id`, oldest first."""
    query = (select(outbox).where(outbox.c.id > item_id, outbox.c.action == action)
             .order_by(outbox.c.id))
    return [_item(row) for row in conn.execute(query)]


def claim_due(conn: Connection, *, now: datetime | None = None, limit: int = 10
              ) -> list[OutboxItem]:
    """Items due now, oldest first, marked sending with one more attempt counted."""
    now = _now(now)
    due = or_(outbox.c.state == OutboxState.QUEUED.value,
              outbox.c.state == OutboxState.SENDING.value)  # a claim that ran out
    query = (select(outbox.c.id).where(and_(due, outbox.c.next_attempt_at <= now))
             .order_by(outbox.c.next_attempt_at, outbox.c.id).limit(limit))
    if conn.dialect.name == "postgresql":
        # Several sync agents on one database: each item goes to one of them.
        query = query.with_for_update(skip_locked=True)
    ids = list(conn.execute(query).scalars())
    if not ids:
        return []
    conn.execute(update(outbox).where(outbox.c.id.in_(ids)).values(
        state=OutboxState.SENDING.value, attempts=outbox.c.attempts + 1,
        next_attempt_at=now + CLAIM))
    rows = conn.execute(select(outbox).where(outbox.c.id.in_(ids))
                        .order_by(outbox.c.created_at, outbox.c.id))
    return [_item(row) for row in rows]


def _set(conn: Connection, item_id: int, **values: Any) -> bool:
    return conn.execute(update(outbox).where(outbox.c.id == item_id).values(**values)
                        ).rowcount > 0


def mark_delivered(conn: Connection, item_id: int, *, now: datetime | None = None,
                   answer: dict[str, Any] | None = None) -> bool:
    return _set(conn, item_id, state=OutboxState.DELIVERED.value, delivered_at=_now(now),
                last_error="", answer=answer)


def mark_parked(conn: Connection, item_id: int, reason: str) -> bool:
    return _set(conn, item_id, state=OutboxState.PARKED.value, last_error=reason)


def retry(conn: Connection, item_id: int, *, error: str | None = None,
          at: datetime | None = None, now: datetime | None = None) -> bool:
    """Queue again: by the sender after a 5xx or timeout (with the error and when to try next),
    or by a person for a parked item (now)."""
    values: dict[str, Any] = {"state": OutboxState.QUEUED.value,
                              "next_attempt_at": at or _now(now)}
    if error is not None:
        values["last_error"] = error
    return _set(conn, item_id, **values)


def drop(conn: Connection, item_id: int) -> bool:
    return conn.execute(delete(outbox).where(outbox.c.id == item_id)).rowcount > 0


def prune_delivered(conn: Connection, before: datetime, *,
                    quotes_before: datetime | None = None) -> int:
    """Delivered items older than `before`; quotes (which are holds on capacity until they
    expire) only when older than `quotes_before` too."""
    old = and_(outbox.c.state == OutboxState.DELIVERED.value, outbox.c.delivered_at < before)
    if quotes_before is not None:
        old = and_(old, or_(outbox.c.action != "quote", outbox.c.delivered_at < quotes_before))
    return conn.execute(delete(outbox).where(old)).rowcount
