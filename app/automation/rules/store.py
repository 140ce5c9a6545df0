"""Rules and their firings in the cache (tables `automation_rules` and `rule_firings`).

A firing is stored once per (rule id, occurrence key): `record_firings` returns only the
occurrences new to the table, so the same condition seen on every poll, or again after a
restart, fires nothing more. Calls block: run them in a worker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    any_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.automation.rules.model import (
    DEFAULT_RULES,
    ActionState,
    Firing,
    Occurrence,
    Rule,
    RuleAction,
    RuleEvent,
)
from app.cache.schema_local import automation_rules, outbox, rule_firings
from app.cache.store import CacheStore

_CHUNK = 500  # rows per statement: well under SQLite's limit of bound parameters
_ANALYSE_AFTER = 5000  # new firings in one call that call for fresh planner statistics


def _rule(row: Any) -> Rule:
    v = row._mapping
    return Rule(id=v["id"], name=v["name"], event=RuleEvent(v["event"]), params=dict(v["params"]),
                action=RuleAction(v["action"]), enabled=bool(v["enabled"]),
                position=v["position"])


def _values(rule: Rule) -> dict[str, Any]:
    return {"id": rule.id, "name": rule.name, "event": rule.event.value,
            "params": dict(rule.params), "action": rule.action.value,
            "enabled": rule.enabled, "position": rule.position}


def load_rules(store: CacheStore) -> list[Rule]:
    """The rules in their order; the defaults are inserted first when there are none."""
    with store.engine.begin() as conn:
        rows = list(conn.execute(select(automation_rules)
                                 .order_by(automation_rules.c.position, automation_rules.c.id)))
        if not rows:
            # Two readers may find the table empty at once (the runtime's round and a view):
            # the defaults go in once, whoever comes second inserts nothing.
            dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
            conn.execute(dialect_insert(automation_rules).on_conflict_do_nothing(),
                         [_values(r) for r in DEFAULT_RULES])
            return list(DEFAULT_RULES)
    return [_rule(row) for row in rows]


def save_rules(store: CacheStore, rules: Sequence[Rule]) -> None:
    """Replace every rule by `rules` (firings are kept)."""
    with store.engine.begin() as conn:
        conn.execute(delete(automation_rules))
        if rules:
            conn.execute(insert(automation_rules), [_values(r) for r in rules])


def save_rule(store: CacheStore, rule: Rule) -> None:
    with store.engine.begin() as conn:
        done = conn.execute(update(automation_rules).where(automation_rules.c.id == rule.id)
                            .values(_values(rule))).rowcount
        if not done:
            conn.execute(insert(automation_rules).values(_values(rule)))


def _firing(row: Any) -> Firing:
    v = dict(row._mapping)
    v["event"] = RuleEvent(v["event"])
    v["action"] = RuleAction(v["action"])
    v["facts"] = dict(v["facts"])
    if "outbox_state" in v and v["outbox_id"] is not None and v["outbox_state"] is None:
        v["outbox_state"] = ""  # joined, and no such item: delivered and pruned, or dropped
    return Firing(**v)


def _key_in(conn: Connection, keys: list[str]) -> ColumnElement[bool]:
    if conn.dialect.name == "postgresql":
        # One array parameter: PostgreSQL matches it by hash. As an IN list of 500 parameters
        # it compared every row of the rule with each key until the table was analysed (30 s
        # for a poll that re-finds 30,000 occurrences).
        return rule_firings.c.occurrence_key == any_(literal(keys, ARRAY(String)))
    return rule_firings.c.occurrence_key.in_(keys)


def _known(conn: Connection, occurrences: Sequence[Occurrence]) -> set[tuple[str, str]]:
    known: set[tuple[str, str]] = set()
    rule_ids = sorted({o.rule_id for o in occurrences})
    for rule_id in rule_ids:
        keys = [o.key for o in occurrences if o.rule_id == rule_id]
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start:start + _CHUNK]
            known.update((rule_id, k) for k in conn.execute(
                select(rule_firings.c.occurrence_key).where(
                    rule_firings.c.rule_id == rule_id, _key_in(conn, chunk))).scalars())
    return known


def _insert_new(conn: Connection) -> Any:
    """INSERT that skips an occurrence already stored (another console on the same database
    was first) and returns only the rows it did store."""
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    return (dialect_insert(rule_firings)
            .on_conflict_do_nothing(index_elements=["rule_id", "occurrence_key"])
            .returning(*rule_firings.c))


def record_firings(store: CacheStore, occurrences: Sequence[Occurrence],
                   actions: dict[str, RuleAction], *, now: datetime | None = None
                   ) -> list[Firing]:
    """Store the occurrences not fired before (action state "pending"); the new firings, in
    the order given. `actions`: each rule's action, by rule id."""
    now = now or datetime.now(UTC)
    with store.engine.begin() as conn:
        # Known ones are left out before inserting: on PostgreSQL a skipped conflict still
        # uses up an id of the sequence, and most occurrences are known on every poll.
        seen = _known(conn, occurrences)
        fresh: list[Occurrence] = []
        for o in occurrences:
            if (o.rule_id, o.key) not in seen:
                seen.add((o.rule_id, o.key))
                fresh.append(o)
        if not fresh:
            return []
        rows = [{"rule_id": o.rule_id, "occurrence_key": o.key, "fired_at": now,
                 "event": o.event.value, "subject": o.subject, "facts": dict(o.facts),
                 "order_source": o.order_source, "order_id": o.order_id,
                 "action": actions.get(o.rule_id, RuleAction.ALERT).value,
                 "action_state": ActionState.PENDING.value} for o in fresh]
        stored: dict[tuple[str, str], Firing] = {}
        statement = _insert_new(conn)
        for start in range(0, len(rows), _CHUNK):
            # One executemany per chunk; RETURNING names exactly the rows this call stored.
            for row in conn.execute(statement, rows[start:start + _CHUNK]):
                firing = _firing(row)
                stored[(firing.rule_id, firing.occurrence_key)] = firing
        if len(stored) >= _ANALYSE_AFTER and conn.dialect.name == "postgresql":
            # Fresh statistics now, not at autovacuum's next visit: until then the planner
            # takes the grown table for a small one and the next poll's look-up scans it.
            conn.execute(text("ANALYZE rule_firings"))
    # RETURNING's row order is not promised: give them back in the order asked.
    return [stored[key] for o in fresh if (key := (o.rule_id, o.key)) in stored]


def set_action_states(store: CacheStore, states: Mapping[int, str],
                      outbox_ids: Mapping[int, int] | None = None) -> None:
    """Set many firings' action states (firing id -> state): one UPDATE per state and chunk.
    `outbox_ids` (firing id -> outbox item id): the items their actions were queued as; the
    event log then shows each item's state, wherever it gets to."""
    by_state: dict[str, list[int]] = {}
    for firing_id, state in states.items():
        by_state.setdefault(str(state), []).append(firing_id)
    with store.engine.begin() as conn:
        for state, ids in by_state.items():
            for start in range(0, len(ids), _CHUNK):
                conn.execute(update(rule_firings)
                             .where(rule_firings.c.id.in_(ids[start:start + _CHUNK]))
                             .values(action_state=state))
        if outbox_ids:
            # A different value per row: one executemany of a bound UPDATE.
            conn.execute(update(rule_firings).where(rule_firings.c.id == bindparam("firing"))
                         .values(outbox_id=bindparam("item")),
                         [{"firing": f, "item": i} for f, i in outbox_ids.items()])


def set_action_state(store: CacheStore, firing_id: int, state: str,
                     outbox_id: int | None = None) -> None:
    set_action_states(store, {firing_id: state},
                      {firing_id: outbox_id} if outbox_id is not None else None)


def firings(store: CacheStore, rule_id: str | None = None, limit: int | None = None
            ) -> list[Firing]:
    """Stored firings, newest first, each with the state of its outbox item if it has one
    (a left join: the outbox is the one place of a queued action's state)."""
    query = (select(rule_firings, outbox.c.state.label("outbox_state"))
             .select_from(rule_firings.outerjoin(
                 outbox, outbox.c.id == rule_firings.c.outbox_id))
             .order_by(rule_firings.c.fired_at.desc(), rule_firings.c.id.desc()))
    if rule_id is not None:
        query = query.where(rule_firings.c.rule_id == rule_id)
    if limit is not None:
        query = query.limit(limit)
    with store.engine.connect() as conn:
        return [_firing(row) for row in conn.execute(query)]


def newest_firing_id(store: CacheStore) -> int:
    """The id of the newest stored firing (0: none yet)."""
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.coalesce(func.max(rule_firings.c.id), 0)))
                   .scalar_one())


def firings_after(store: CacheStore, after_id: int) -> list[Firing]:
    """Firings stored after the one with id `after_id`, oldest first."""
    query = select(rule_firings).where(rule_firings.c.id > after_id).order_by(rule_firings.c.id)
    with store.engine.connect() as conn:
        return [_firing(row) for row in conn.execute(query)]


def fired_spans(store: CacheStore, now: datetime, within: timedelta = timedelta(days=8)
                ) -> dict[tuple[str, str], list[tuple[str, datetime, datetime]]]:
    """Control-chart firings of the last `within`: (characteristic, rule) -> [(key, first
    point, last point)], for app.automation.rules.evaluate to keep a grown pattern's key."""
    query = select(rule_firings.c.occurrence_key, rule_firings.c.facts).where(
        rule_firings.c.event == RuleEvent.SPC_KEY_CUSTOMER.value,
        rule_firings.c.fired_at >= now - within)
    spans: dict[tuple[str, str], list[tuple[str, datetime, datetime]]] = {}
    with store.engine.connect() as conn:
        for key, facts in conn.execute(query):
            try:
                span = (key, datetime.fromisoformat(facts["first"]),
                        datetime.fromisoformat(facts["last"]))
            except (KeyError, TypeError, ValueError):
                continue
            spans.setdefault((facts.get("characteristic", ""), facts.get("rule", "")),
                             []).append(span)
    return spans
