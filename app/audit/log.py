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

On a shared PostgreSQL cache desks may not write the audit log at all: the database appends the
"queued" entry itself, from a trigger on the outbox insert that runs as the tables' owner
(`install_database_appends`, run by app.cache.shared_roles.apply_roles). The trigger builds the
same canonical JSON and hashes as this module, so one checker reads both.
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


def entry(conn: Connection, seq: int) -> AuditEntry | None:
    row = conn.execute(select(audit_log).where(audit_log.c.seq == seq)).first()
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
    if database_appends(conn):
        # The outbox insert's trigger wrote it, and holds the append lock until our commit:
        # the latest entry is this item's.
        entry = latest(conn)
        if entry is None:
            raise RuntimeError("the outbox trigger wrote no audit entry")
        return entry
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


# --- the database's own appends (shared PostgreSQL) -------------------------------------------

QUEUED_TRIGGER = "gemba_audit_queued"

# canonical_json in PL/pgSQL, for the JSONB the outbox holds: keys sorted by code point,
# strings escaped as json.dumps(ensure_ascii=False) does (to_json does the same), integers as
# they are, and a number with a fraction written as Python's repr(float) writes it (float8's
# shortest digits, then Python's choice between fixed and exponent notation).
_CANONICAL_SQL = r"""
CREATE OR REPLACE FUNCTION gemba_float_repr(value float8) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT SET extra_float_digits = 1 AS $$
DECLARE
    shortest text := abs(value)::text;  -- digits that read back as value (mostly the fewest)
    sign text := CASE WHEN value < 0 OR value::text = '-0' THEN '-' ELSE '' END;
    digits text;
    x int := 0;  -- the decimal exponent of the first significant digit
    shorter numeric;
BEGIN
    IF position('e' IN shortest) > 0 THEN
        x := split_part(shortest, 'e', 2)::int;
        shortest := split_part(shortest, 'e', 1);
    END IF;
    x := x + coalesce(nullif(position('.' IN shortest), 0) - 1, length(shortest)) - 1;
    digits := replace(shortest, '.', '');
    WHILE length(digits) > 1 AND left(digits, 1) = '0' LOOP
        digits := substr(digits, 2);
        x := x - 1;
    END LOOP;
    digits := rtrim(digits, '0');
    -- float8's text is not always the shortest (some large whole numbers): drop digits while
    -- the shorter number still reads back as the same float, as repr() would.
    WHILE length(digits) > 1 LOOP
        shorter := round(('0.' || digits)::numeric, length(digits) - 1);
        EXIT WHEN (shorter::text || 'e' || (x + 1))::float8 <> abs(value);
        IF shorter >= 1 THEN
            digits := '1';
            x := x + 1;
        ELSE
            digits := rtrim(substr(shorter::text, 3), '0');
        END IF;
    END LOOP;
    IF digits = '' THEN
        RETURN sign || '0.0';
    ELSIF x < -4 OR x >= 16 THEN
        RETURN sign || left(digits, 1)
            || CASE WHEN length(digits) > 1 THEN '.' || substr(digits, 2) ELSE '' END
            || CASE WHEN x < 0 THEN 'e-' ELSE 'e+' END
            || CASE WHEN abs(x) < 10 THEN '0' ELSE '' END || abs(x)::text;
    ELSIF x < 0 THEN
        RETURN sign || '0.' || repeat('0', -x - 1) || digits;
    END IF;
    RETURN sign || rpad(left(digits, x + 1), x + 1, '0') || '.'
        || coalesce(nullif(substr(digits, x + 2), ''), '0');
END $$;

CREATE OR REPLACE FUNCTION gemba_canonical_json(value jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    result text;
BEGIN
    CASE jsonb_typeof(value)
    WHEN 'object' THEN
        SELECT '{' || coalesce(string_agg(to_json(key)::text || ':'
                                          || gemba_canonical_json(item), ','
                                          ORDER BY key COLLATE "C"), '') || '}'
          INTO result FROM jsonb_each(value) AS member(key, item);
    WHEN 'array' THEN
        SELECT '[' || coalesce(string_agg(gemba_canonical_json(item), ',' ORDER BY n), '')
               || ']'
          INTO result FROM jsonb_array_elements(value) WITH ORDINALITY AS element(item, n);
    WHEN 'string' THEN
        result := to_json(value #>> '{}')::text;
    WHEN 'number' THEN
        result := value::text;
        IF position('.' IN result) > 0 THEN  -- Python reads it as a float
            result := gemba_float_repr(result::float8);
        END IF;
    ELSE
        result := value::text;  -- true, false, null
    END CASE;
    RETURN result;
END $$;
"""

# SECURITY DEFINER: it runs as its owner (the agent, who ran apply_roles), so it may append
# although the desk whose insert fires it may not. search_path is fixed so that nothing a
# desk creates can stand in for the functions and tables it names.
_TRIGGER_SQL = r"""
CREATE OR REPLACE FUNCTION gemba_audit_queued() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    last_seq int;
    prev text;
    new_seq int;
    entry_at text := to_char(NEW.created_at AT TIME ZONE 'UTC',
                             'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"');
    entry_kind text := NEW.action || '.{queued}';
    entry_target text := NEW.target_feed || '/' || NEW.target_id;
    entry_payload text := encode(sha256(convert_to(gemba_canonical_json(NEW.payload), 'UTF8')),
                                 'hex');
    fields text;
BEGIN
    PERFORM pg_advisory_xact_lock({lock});
    SELECT seq, entry_hash INTO last_seq, prev FROM audit_log ORDER BY seq DESC LIMIT 1;
    new_seq := coalesce(last_seq, 0) + 1;
    prev := coalesce(prev, '{genesis}');
    -- AuditEntry.fields() through canonical_json: the keys in sorted order.
    fields := '{{"at":' || to_json(entry_at)::text || ',"kind":' || to_json(entry_kind)::text
        || ',"payload_hash":' || to_json(entry_payload)::text || ',"seq":' || new_seq::text
        || ',"source":' || to_json(NEW.source)::text
        || ',"target":' || to_json(entry_target)::text
        || ',"who":' || to_json(NEW.made_by)::text || '}}';
    INSERT INTO audit_log (seq, at, who, kind, source, target, payload_hash, prev_hash,
                           entry_hash)
    VALUES (new_seq, NEW.created_at, NEW.made_by, entry_kind, NEW.source, entry_target,
            entry_payload, prev, encode(sha256(convert_to(prev || fields, 'UTF8')), 'hex'));
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION gemba_audit_queued() FROM PUBLIC;
DROP TRIGGER IF EXISTS {trigger} ON outbox;
CREATE TRIGGER {trigger} AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION gemba_audit_queued();
"""


def install_database_appends(conn: Connection) -> None:
    """Make the database append each outbox insert's "queued" entry (PostgreSQL; idempotent).
    Run as the owner of the cache tables, inside its transaction."""
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    quoted = conn.dialect.identifier_preparer.quote(schema)
    conn.exec_driver_sql(_CANONICAL_SQL)
    conn.exec_driver_sql(_TRIGGER_SQL.format(
        schema=quoted, queued=QUEUED, lock=_APPEND_LOCK_KEY, genesis=GENESIS_HASH,
        trigger=QUEUED_TRIGGER))


def database_appends(conn: Connection) -> bool:
    """Whether the outbox insert's trigger writes the "queued" entry (a shared cache)."""
    if conn.dialect.name != "postgresql":
        return False
    return bool(conn.execute(text(
        "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass('outbox') "
        "AND tgname = :name)"), {"name": QUEUED_TRIGGER}).scalar_one())
