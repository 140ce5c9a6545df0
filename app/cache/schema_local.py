"""Tables the console keeps for itself: sync state, the outbox, machine status history."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, UniqueConstraint

from app.cache.schema_common import (
    VERSION_TYPE,
    decimal,
    document,
    flag,
    integer,
    metadata,
    moment,
    text,
)
from app.cache.types import JsonDocument, UtcDateTime

# The opaque token the last page of a feed returned; sent back to get only later changes.
sync_tokens = Table(
    "sync_tokens", metadata,
    Column("source", String, primary_key=True),
    Column("feed", String, primary_key=True),
    text("token"), moment("updated_at"),
)

# When each feed of a source last synced completely, for "data is N minutes old".
feed_sync = Table(
    "feed_sync", metadata,
    Column("source", String, primary_key=True),
    Column("feed", String, primary_key=True),
    moment("last_synced_at"),
)

# User actions waiting for (or done with) their backend. The idempotency key goes out with every
# attempt, so a resend after a crash or timeout never does the action twice.
outbox = Table(
    "outbox", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("idempotency_key", String, nullable=False, unique=True),
    text("source"), text("action"), text("target_feed"), text("target_id"),
    document("payload"), Column("record_version", VERSION_TYPE, nullable=True),
    text("state"),  # queued, sending, delivered, parked
    integer("attempts"), text("last_error"), moment("created_at"), moment("next_attempt_at"),
    text("made_by"), moment("delivered_at", nullable=True),
    # What the backend answered when it took the action (e.g. the id and number of the order
    # a quote created): the outbox's "done today" list shows it.
    Column("answer", JsonDocument, nullable=True),
    Index(None, "state", "next_attempt_at"),
)

# Raw machine status samples, kept for hours; `aggregated` marks rows already folded into
# machine_status_minutes (a late sample clears nothing, it just marks its minute for redoing).
machine_status_history = Table(
    "machine_status_history", metadata,
    Column("source", String, primary_key=True),
    Column("machine_id", String, primary_key=True),
    Column("sampled_at", UtcDateTime, primary_key=True),
    text("state"), decimal("good_count"), decimal("scrap_count"), document("signals"),
    flag("aggregated"),
    Index(None, "sampled_at"),
    Index(None, "aggregated"),
)

# One row per machine and minute, kept for months.
machine_status_minutes = Table(
    "machine_status_minutes", metadata,
    Column("source", String, primary_key=True),
    Column("machine_id", String, primary_key=True),
    Column("minute", UtcDateTime, primary_key=True),
    integer("samples"),
    text("state"),  # the last state seen in the minute
    document("state_samples"),  # {"running": 50, "down": 10}: samples per state
    decimal("good_count"), decimal("scrap_count"),  # the counters at the end of the minute
    decimal("good_delta"), decimal("scrap_delta"),  # counted within the minute (0 on reset)
    document("signals"),  # {"temperature_c": {"min": .., "avg": .., "max": ..}}
    Index(None, "minute"),
)

# Automation rules, "when EVENT and CONDITION then ACTION" (app.automation.rules): the
# condition's parameters as JSON; defaults are inserted when the table is empty.
automation_rules = Table(
    "automation_rules", metadata,
    Column("id", String, primary_key=True),
    text("name"), text("event"), document("params"), text("action"), flag("enabled"),
    integer("position"),
)

# Each rule fires once per occurrence: (rule id, occurrence key) is unique, so a condition that
# stays true across polls, or a restart, never fires it again.
rule_firings = Table(
    "rule_firings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    text("rule_id"), text("occurrence_key"), moment("fired_at"), text("event"),
    text("subject"),  # what it is about, as people name it: "SO-1042/1", "CNC 2-1"
    document("facts"),  # the facts the log puts into words
    text("order_source"), text("order_id"),  # the CRM record an activity goes to ("" if none)
    text("action"), text("action_state"),
    # The outbox item the action went out as (None: it went through no outbox). Its state is
    # the action's state from then on, read by joining the outbox, never copied here. No
    # foreign key: delivered items are pruned and a person may drop one; the firing keeps
    # the id and the event log says the item is gone.
    Column("outbox_id", Integer, nullable=True),
    UniqueConstraint("rule_id", "occurrence_key"),
    Index(None, "fired_at"),
)

# What people did with alarms (app.automation.alarms): acknowledged, shelved, assigned,
# commented. Only appended; every desk of a shared cache replays it to show the same states.
alarm_journal = Table(
    "alarm_journal", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    text("alarm_key"), text("action"), text("made_by"), moment("made_at"),
    document("detail"),
    Index(None, "alarm_key"),
)

# What a configured line's options become in production (app.automation.release), edited by
# the plant: the option `option` = `value` ("" any value) of product `product_id` ("" any
# product) becomes a routing variant, a BOM item or an operation parameter (`kind`), `target`
# naming the component or "<operation sequence>:<parameter>", `setting` the value sent ("" the
# option's own value).
option_mappings = Table(
    "option_mappings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    text("product_id"), text("option"), text("value"), text("kind"), text("target"),
    text("setting"), integer("position"),
)

# The progress last written back to the CRM per order line (app.runtime.progress_writeback):
# a value is written again only when it changes, and at most every few minutes per line.
progress_writes = Table(
    "progress_writes", metadata,
    Column("crm_source", String, primary_key=True),
    Column("order_id", String, primary_key=True),
    Column("line_no", Integer, primary_key=True, autoincrement=False),
    document("written"), moment("written_at"),
)
