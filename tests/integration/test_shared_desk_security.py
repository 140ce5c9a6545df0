"""What a desk login may not do on a shared PostgreSQL cache, tried as that desk's own login:
append to the audit log, sign an action with another name, or send the desks change
notifications. And what it still does: queue an action that the database audits, correctly
chained, so that verify-audit (against the agent's anchor file) calls the log intact."""

from __future__ import annotations

import json
import math
import random
import struct
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.agent.cli import main
from app.agent.notify import CHANNEL, announce
from app.audit import log
from app.audit.anchor import AnchorKeeper, read_anchor
from app.audit.log import compute_entry_hash
from app.audit.verify import verify_audit
from app.cache.changes import ChangeSet
from app.cache.database import HEAD_REVISION, create_cache_engine, upgrade_schema
from app.cache.shared_mode import ChangeListener, is_refusal, open_shared
from app.cache.shared_roles import NOTICES_TABLE, apply_roles, create_login
from app.cache.store import CacheStore

if TYPE_CHECKING:
    from tests.cache_db import PostgresCluster

pytest_plugins = ("tests.cache_db",)

AT = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # the desks' clock, pinned
WAIT = 20.0  # seconds: an upper bound, a notification comes in milliseconds
DESKS = {"desk_sales": "account_manager", "desk_floor": "plant_manager",
         "desk_admin": "administrator"}
# Hard to write the same in SQL as in Python: escapes, other scripts, nesting, and floats that
# Python writes in exponent notation (the last is a whole number float8's text gets long).
TRICKY = {"priority": 1, "note": "Line 2 \"urgent\"\n\t\\ 中文 é \u2028 \x01 😀",
          "nested": {"b": [1, 2.5, None, True, {"é": 1e-05}], "a": []},
          "amounts": [0.1, 100.0, 1e16, 123456789012345678901234567890, -0.000123,
                      25170574436281728.0]}


@pytest.fixture(scope="module")
def shared(postgres_cluster: PostgresCluster) -> Iterator[tuple[CacheStore, str]]:
    """The agent's view of a shared cache (it owns the tables), and a URL pattern for desks."""
    name = postgres_cluster.new_database()
    engine = create_cache_engine(postgres_cluster.url(name))
    upgrade_schema(engine, HEAD_REVISION)
    apply_roles(engine)  # what the agent does at every start
    for login, role in DESKS.items():
        create_login(engine, login, f"{login}-secret", role)
    owner = CacheStore(engine)
    try:
        yield owner, f"postgresql+psycopg://{{0}}:{{0}}-secret@127.0.0.1:{postgres_cluster.port}/{name}"
    finally:
        owner.close()


@pytest.fixture
def desk(shared: tuple[CacheStore, str]) -> Iterator[Callable[[str], CacheStore]]:
    """desk("desk_floor"): a store opened as that desk's login, as its console opens it."""
    opened: list[CacheStore] = []

    def open_as(login: str) -> CacheStore:
        opened.append(open_shared(shared[1].format(login)))
        return opened[-1]

    yield open_as
    for store in opened:
        store.close()


def _refused(store: CacheStore, sql: str, values: dict[str, Any] | None = None) -> DBAPIError:
    with pytest.raises(DBAPIError) as refused, store.engine.begin() as conn:
        conn.execute(text(sql), values or {})
    assert is_refusal(refused.value), refused.value
    return refused.value


def _latest(store: CacheStore) -> log.AuditEntry:
    with store.engine.connect() as conn:
        entry = log.latest(conn)
    assert entry is not None
    return entry


def _expedite(store: CacheStore, work_order: str, made_by: str = "",
              payload: dict[str, Any] | None = None) -> Any:
    return store.outbox_add(source="demo-mes", action="priority", target_feed="mes.work_orders",
                            target_id=work_order, payload=payload or {"priority": 1},
                            record_version=3, made_by=made_by, now=AT)


@pytest.mark.parametrize("login", ["desk_floor", "desk_admin"])
def test_a_desk_may_not_append_to_the_audit_log(
        login: str, shared: tuple[CacheStore, str], desk: Callable[[str], CacheStore]) -> None:
    owner, _ = shared
    store = desk(login)
    _expedite(owner, f"WO-{login}")  # a log to forge onto
    last = _latest(owner)
    # A forged entry chained exactly as the log chains: verify-audit could not tell.
    fields = {"seq": last.seq + 1, "at": "2026-11-25T08:00:00.000000+00:00",
              "who": "plant.director", "kind": "priority.delivered", "source": "demo-mes",
              "target": "mes.work_orders/WO-1", "payload_hash": log.payload_hash({})}
    insert = ("INSERT INTO audit_log (seq, at, who, kind, source, target, payload_hash, "
              "prev_hash, entry_hash) VALUES (:seq, :at, :who, :kind, :source, :target, "
              ":payload_hash, :prev_hash, :entry_hash)")
    _refused(store, insert, {**fields, "at": AT, "prev_hash": last.entry_hash,
                             "entry_hash": compute_entry_hash(last.entry_hash, fields)})
    # The row that made every later append fail with "integer out of range".
    _refused(store, insert, {**fields, "seq": 2147483647, "at": AT, "prev_hash": "x",
                             "entry_hash": "forged"})
    assert _latest(owner) == last

    _expedite(store, f"WO-after-{login}")  # queueing still works, for everybody
    entry = _latest(owner)
    assert (entry.seq, entry.who, entry.prev_hash) == (last.seq + 1, login, last.entry_hash)
    assert verify_audit(owner.engine).intact


def test_a_desk_queues_under_its_own_login_and_the_database_audits_it(
        shared: tuple[CacheStore, str], desk: Callable[[str], CacheStore],
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    owner, url = shared
    floor = desk("desk_floor")
    anchor = AnchorKeeper(tmp_path / "audit.anchor")
    _expedite(owner, "WO-before")
    anchor.update(owner.engine, now=AT)
    before = _latest(owner)

    item = _expedite(floor, "WO-7", made_by="plant.director", payload=TRICKY)
    assert item.made_by == "desk_floor"  # signed by the login, not by what the desk wrote
    entry = _latest(owner)
    assert (entry.seq, entry.prev_hash) == (before.seq + 1, before.entry_hash)
    assert (entry.who, entry.kind, entry.source, entry.target, entry.at) == (
        "desk_floor", "priority.queued", "demo-mes", "mes.work_orders/WO-7", AT)
    # The database's hashes are the ones app.audit.log computes.
    assert entry.payload_hash == log.payload_hash(item.payload)
    assert entry.entry_hash == entry.computed_hash()

    # Straight SQL, no console in between: the same.
    with floor.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO outbox (idempotency_key, source, action, target_feed, target_id, "
            "payload, state, attempts, last_error, created_at, next_attempt_at, made_by) "
            "VALUES ('raw-made-by', 'demo-mes', 'priority', 'mes.work_orders', 'WO-8', "
            "'{\"priority\": 2}', 'queued', 0, '', :at, :at, 'plant.director')"), {"at": AT})
    with owner.engine.connect() as conn:
        made_by = conn.execute(text("SELECT made_by FROM outbox WHERE idempotency_key = "
                                    "'raw-made-by'")).scalar_one()
    assert made_by == "desk_floor"
    assert _latest(owner).who == "desk_floor"

    # The agent anchors the desks' entries, and verify-audit calls the log intact.
    assert anchor.update(owner.engine, now=AT)
    assert read_anchor(anchor.path)[-1].seq == _latest(owner).seq
    database = url.format("desk_sales")  # anyone who may read the log may check it
    assert main(["verify-audit", "--database", database, "--anchor", str(anchor.path)]) == 0
    assert capsys.readouterr().out.startswith("audit log intact")


def test_the_database_writes_canonical_json_as_python_does(
        shared: tuple[CacheStore, str]) -> None:
    """The trigger's payload hash is app.audit.log's: the same text for every float too."""
    owner, _ = shared
    rng = random.Random(7)
    values = [struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
              for _ in range(3000)]
    values = [v for v in values if math.isfinite(v)]
    values += [float(rng.randint(2**53, 10**22)) for _ in range(1000)]  # whole, long floats
    values += [rng.random() * 10.0 ** rng.randint(-30, 30) for _ in range(1000)]
    with owner.engine.connect() as conn:
        stored, written = conn.execute(text(
            "SELECT CAST(:doc AS jsonb), gemba_canonical_json(CAST(:doc AS jsonb))"),
            {"doc": json.dumps({"floats": values, **TRICKY})}).one()
    assert written == log.canonical_json(stored)


def test_the_agent_still_queues_for_others_and_audits_the_delivery(
        shared: tuple[CacheStore, str]) -> None:
    owner, _ = shared
    item = _expedite(owner, "WO-rule", made_by="automation", payload=TRICKY)
    queued = _latest(owner)
    assert (queued.who, item.made_by) == ("automation", "automation")
    assert owner.outbox_mark_delivered(item.id, now=AT)  # appended by Python, not the trigger
    delivered = _latest(owner)
    assert (delivered.kind, delivered.prev_hash) == ("priority.delivered", queued.entry_hash)
    assert delivered.payload_hash == queued.payload_hash  # SQL and Python agree
    assert verify_audit(owner.engine).intact


def test_an_administrator_may_retry_but_not_re_sign_an_action(
        shared: tuple[CacheStore, str], desk: Callable[[str], CacheStore]) -> None:
    owner, _ = shared
    admin = desk("desk_admin")
    item = _expedite(desk("desk_floor"), "WO-9")
    owner.outbox_mark_parked(item.id, "409 conflict")
    for change in ("made_by = 'plant.director'", "payload = '{\"priority\": 9}'",
                   "target_id = 'WO-10'"):
        _refused(admin, f"UPDATE outbox SET {change} WHERE id = :id", {"id": item.id})
    assert admin.outbox_retry(item.id)  # what administrators are there for
    again = owner.outbox_get(item.id)
    assert again is not None
    assert (again.state.value, again.made_by, again.target_id) == ("queued", "desk_floor",
                                                                   "WO-9")


def test_a_desk_cannot_send_the_desks_change_notifications(
        shared: tuple[CacheStore, str], desk: Callable[[str], CacheStore]) -> None:
    owner, url = shared
    sales, floor = desk("desk_sales"), desk("desk_floor")
    received: list[ChangeSet] = []
    outboxes: list[list[Any]] = []
    firings: list[bool] = []
    arrived = threading.Event()

    def heard(changes: ChangeSet) -> None:
        received.append(changes)
        arrived.set()

    listener = ChangeListener(sales.engine.url, heard, store=sales, on_outbox=outboxes.append,
                              on_firings=lambda: firings.append(True))
    listener.start()
    try:
        assert listener.connected.wait(WAIT), "the listener never connected"
        _refused(floor, f"INSERT INTO {NOTICES_TABLE} (payload) VALUES ('{{}}')")
        forged = {"feeds": {"crm.orders": [["crm", "FORGED"]], "outbox": None,
                            "firings": None}}
        with psycopg.connect(url.format("desk_floor").replace("+psycopg", ""),
                             autocommit=True) as conn:
            for notice in ({}, {"notice": 10**9}, {"notice": "1"}):
                conn.execute("SELECT pg_notify(%s, %s)",
                             (CHANNEL, json.dumps({**notice, **forged})))
        # The agent's, sent after the forged ones: the desk hears them in that order.
        announce(owner.engine, json.dumps({"feeds": {"crm.orders": [["crm", "SO-1"]]}}))
        assert arrived.wait(WAIT), "the agent's notification did not arrive"
    finally:
        listener.stop()
    assert [changes.ids("crm.orders") for changes in received] == [{("crm", "SO-1")}]
    assert (outboxes, firings) == ([], [])


def test_desks_share_the_alarm_journal_each_signed_with_its_own_login(desk) -> None:
    from app.automation.alarms import JournalAction, JournalEntry
    from app.cache.alarm_journal import append, entries_after

    floor, sales = desk("desk_floor"), desk("desk_sales")
    before = max((e.id or 0 for e in entries_after(floor)), default=0)
    made = append(floor, JournalEntry("machine_down:mes:M-211:", JournalAction.ACKNOWLEDGED,
                                      "plant.director", AT, {"since": AT.isoformat()}))
    assert made.id is not None
    # The other desk reads it, signed with the login that wrote it, whatever it claimed.
    (read,) = entries_after(sales, before)
    assert (read.alarm_key, read.action, read.made_by) == (
        "machine_down:mes:M-211:", JournalAction.ACKNOWLEDGED, "desk_floor")
    # Appended only: a desk cannot rewrite what another did.
    with pytest.raises(DBAPIError), sales.engine.begin() as conn:
        conn.execute(text("UPDATE alarm_journal SET made_by = 'someone else'"))
