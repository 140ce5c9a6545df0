"""The audit log: every write-back (outbox action) as it is queued and as it is delivered.

Append-only and hash-chained (app.audit.log): each entry holds the hash of the one before it,
so an edited or deleted row breaks the chain; the sync agent keeps the latest (seq, hash) in an
anchor file outside the database, so a chain rewritten from scratch is caught too.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, Table

from app.cache.schema_common import metadata, moment, text

audit_log = Table(
    "audit_log", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    moment("at"),
    text("who"),  # the action's made_by
    text("kind"),  # "<action>.<event>": "promise_date.queued", "priority.delivered"
    text("source"),
    text("target"),  # "<feed>/<id>": "crm.orders/SO-1042"
    text("payload_hash"),  # sha256 of the payload's canonical JSON
    text("prev_hash"),
    text("entry_hash"),  # sha256(prev_hash + canonical fields)
)
