"""Appending to the audit log: one hash-chained entry per write-back event.

Every outbox action (a promised date, a priority, a note, a finding, a webhook event) is
recorded when it is queued and again when its backend accepted it: who made it, what it is
(kind, source, target), when, the sha256 of its payload's canonical JSON, the previous entry's
hash, and entry_hash = sha256(prev_hash + canonical JSON of the entry's own fields).

Entries are written with the caller's connection, inside the caller's transaction, so an entry
and the outbox row it describes commit (or roll back) together. Appends are serialised: on
PostgreSQL by a transaction-level advisory lock, on SQLite by the database's write lock, so two
processes never chain onto the same previous entry, and `seq` has no gaps (it is given
explicitly, never by a sequence that a rolled-back insert would skip).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select, text

from app.cache.schema_audit import audit_log

if TYPE_CHECKING:
    from app.cache.outbox import OutboxItem

GENESIS_HASH = "0" * 64  # the prev_hash of entry 1
QUEUED = "queued"
DELIVERED = "delivered"
_APPEND_LOCK_KEY = 0x6175_6469_7400  # "audit" in hex


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 as is: the same value always gives the same text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def sha256_hex(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def payload_hash(payload: Any) -> str:
    return sha256_hex(canonical_json(payload))


def _moment(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: datetime
    who: str
    kind: str
    source: str
    target: str
    payload_hash: str
    prev_hash: str
    entry_hash: str

    def fields(self) -> dict[str, Any]:
        """What entry_hash covers, besides prev_hash."""
        return {"seq": self.seq, "at": _moment(self.at), "who": self.who, "kind": self.kind,
                "source": self.source, "target": self.target,
                "payload_hash": self.payload_hash}

    def computed_hash(self) -> str:
        """The hash this entry should carry, from its fields as they are now."""
        return compute_entry_hash(self.prev_hash, self.fields())


def compute_entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    return sha256_hex(prev_hash + canonical_json(fields))


def _lock(conn: Connection) -> None:
    """Hold the right to append until the caller's transaction ends."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _APPEND_LOCK_KEY})
    elif conn.dialect.name == "sqlite":
        # A write that changes nothing takes SQLite's write lock (and makes the driver open the
        # transaction), so the last entry read below is still the last one when we insert.
        conn.execute(text("UPDATE audit_log SET seq = seq WHERE 0"))


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(**dict(row._mapping))


def latest(conn: Connection) -> AuditEntry | None:
    row = conn.execute(select(audit_log).order_by(audit_log.c.seq.desc()).limit(1)).first()
    return _entry(row) if row is not None else None


def entries(conn: Connection, *, after: int = 0) -> list[AuditEntry]:
    """Every entry (after seq `after`), in order."""
    query = select(audit_log).where(audit_log.c.seq > after).order_by(audit_log.c.seq)
    return [_entry(row) for row in conn.execute(query)]


def append_entry(conn: Connection, *, who: str, kind: str, source: str, target: str,
                 payload: Any, at: datetime | None = None) -> AuditEntry:
    """Append one entry within the caller's transaction (`engine.begin()` block)."""
    _lock(conn)
    last = latest(conn)
    prev_hash = last.entry_hash if last is not None else GENESIS_HASH
    seq = last.seq + 1 if last is not None else 1
    at = (at or datetime.now(UTC)).astimezone(UTC)
    fields = {"seq": seq, "at": _moment(at), "who": who, "kind": kind, "source": source,
              "target": target, "payload_hash": payload_hash(payload)}
    entry = AuditEntry(seq=seq, at=at, who=who, kind=kind, source=source, target=target,
                       payload_hash=fields["payload_hash"], prev_hash=prev_hash,
                       entry_hash=compute_entry_hash(prev_hash, fields))
    conn.execute(insert(audit_log).values(
        seq=entry.seq, at=entry.at, who=entry.who, kind=entry.kind, source=entry.source,
        target=entry.target, payload_hash=entry.payload_hash, prev_hash=entry.prev_hash,
        entry_hash=entry.entry_hash))
    return entry


def target_of(item: OutboxItem) -> str:
    return f"{item.target_feed}/{item.target_id}"


def record_queued(conn: Connection, item: OutboxItem) -> AuditEntry:
    """An action was stored in the outbox (call right after outbox.add, same transaction)."""
    return append_entry(conn, who=item.made_by, kind=f"{item.action}.{QUEUED}",
                        source=item.source, target=target_of(item), payload=item.payload,
                        at=item.created_at)


def record_delivered(conn: Connection, item_id: int, *, now: datetime | None = None
                     ) -> AuditEntry | None:
    """The backend accepted an action (call right after outbox.mark_delivered, same
    transaction); nothing when the item is gone."""
    from app.cache import outbox

    item = outbox.get(conn, item_id)
    if item is None:
        return None
    return append_entry(conn, who=item.made_by, kind=f"{item.action}.{DELIVERED}",
                        source=item.source, target=target_of(item), payload=item.payload,
                        at=now or item.delivered_at)
