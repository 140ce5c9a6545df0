"""Many desks on one PostgreSQL cache: the database enforces each desk's role, announces the
agent's changes to every console, and a console never runs against a schema it does not know."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.agent.notify import announce
from app.cache.changes import ChangeSet
from app.cache.database import HEAD_REVISION, create_cache_engine, current_revision, upgrade_schema
from app.cache.outbox import OutboxState
from app.cache.shared_mode import (
    ChangeListener,
    RoleRefusal,
    SchemaMismatch,
    SharedOutbox,
    check_schema,
    current_role,
    describe_refusal,
    open_shared,
)
from app.cache.shared_roles import apply_roles, create_login
from app.cache.store import CacheStore
from app.domain import Site
from app.sync.actions import expedite

if TYPE_CHECKING:
    from tests.cache_db import PostgresCluster

pytest_plugins = ("tests.cache_db",)

WAIT = 20.0  # seconds: generous upper bound, the events fire in milliseconds


@dataclass
class SharedDb:
    cluster: PostgresCluster
    name: str
    owner: CacheStore  # the sync agent's login: owns the tables

    def url(self, login: str, password: str) -> str:
        return (f"postgresql+psycopg://{login}:{password}@127.0.0.1:{self.cluster.port}/"
                f"{self.name}")

    def notify(self, payload: dict) -> None:
        """What the agent does after applying a batch (a notice, then NOTIFY naming it)."""
        announce(self.owner.engine, json.dumps(payload))


@pytest.fixture(scope="module")
def shared_db(postgres_cluster: PostgresCluster) -> Iterator[SharedDb]:
    name = postgres_cluster.new_database()
    engine = create_cache_engine(postgres_cluster.url(name))
    upgrade_schema(engine, HEAD_REVISION)  # what this console needs, as the agent would
    apply_roles(engine)
    apply_roles(engine)  # the agent runs it at every start: twice changes nothing
    create_login(engine, "desk_sales", "sales-secret", "account_manager")
    create_login(engine, "desk_floor", "floor-secret", "plant_manager")
    owner = CacheStore(engine)
    try:
        yield SharedDb(postgres_cluster, name, owner)
    finally:
        owner.close()


@pytest.fixture
def sales(shared_db: SharedDb) -> Iterator[CacheStore]:
    store = open_shared(shared_db.url("desk_sales", "sales-secret"))
    yield store
    store.close()


@pytest.fixture
def floor(shared_db: SharedDb) -> Iterator[CacheStore]:
    store = open_shared(shared_db.url("desk_floor", "floor-secret"))
    yield store
    store.close()


def _expedite(store: CacheStore, work_order: str) -> object:
    # Straight into the outbox table: no Python check stands between the desk and the database.
    return store.outbox_add(source="mes", action="priority", target_feed="mes.work_orders",
                            target_id=work_order, payload={"priority": 1}, record_version=3,
                            made_by="desk")


def test_each_desk_knows_its_role(sales: CacheStore, floor: CacheStore,
                                  shared_db: SharedDb) -> None:
    assert current_role(sales.engine) == "account_manager"
    assert current_role(floor.engine) == "plant_manager"
    assert current_role(shared_db.owner.engine) is None  # the agent is in no desk role


def test_database_refuses_an_expedite_from_an_account_manager(
        sales: CacheStore, floor: CacheStore, shared_db: SharedDb) -> None:
    with pytest.raises(DBAPIError) as refused:
        _expedite(sales, "WO-SALES")
    message = describe_refusal(refused.value, current_role(sales.engine), "priority")
    assert message == ("The shared database refused: your role (account manager) may not "
                       "expedite work orders.")

    item = _expedite(floor, "WO-FLOOR")  # the plant manager's goes through
    queued = {i.target_id: i for i in shared_db.owner.outbox_items()}
    assert "WO-SALES" not in queued
    assert queued["WO-FLOOR"].state == OutboxState.QUEUED
    assert queued["WO-FLOOR"].id == item.id  # type: ignore[attr-defined]

    promised = sales.outbox_add(source="crm", action="promise_date", target_feed="crm.orders",
                                target_id="SO-1042", payload={"line_no": 1}, record_version=2)
    assert promised.state == OutboxState.QUEUED  # what account managers are there for
    with pytest.raises(DBAPIError) as refused:
        floor.outbox_add(source="crm", action="promise_date", target_feed="crm.orders",
                         target_id="SO-1042", payload={"line_no": 1}, record_version=2)
    assert describe_refusal(refused.value, "plant_manager", "promise_date") == (
        "The shared database refused: your role (plant manager) may not promise delivery "
        "dates.")


def test_a_desk_cannot_mark_actions_sent_or_write_the_cache(
        floor: CacheStore, shared_db: SharedDb) -> None:
    with floor.engine.begin() as conn:
        conn.execute(text("SAVEPOINT before"))
        with pytest.raises(DBAPIError) as refused:
            conn.execute(text(
                "INSERT INTO outbox (idempotency_key, source, action, target_feed, target_id, "
                "payload, state, attempts, last_error, created_at, next_attempt_at, made_by) "
                "VALUES ('forged', 'mes', 'priority', 'mes.work_orders', 'WO-X', '{}', "
                "'delivered', 1, '', now(), now(), 'desk')"))
        conn.execute(text("ROLLBACK TO SAVEPOINT before"))
        with pytest.raises(DBAPIError) as not_theirs:
            conn.execute(text("UPDATE outbox SET state = 'delivered'"))
    assert describe_refusal(refused.value, "plant_manager") is not None
    assert describe_refusal(not_theirs.value, "plant_manager") is not None
    with pytest.raises(DBAPIError) as cache_write:
        floor.upsert("mes", "mes.sites", [Site(id="S9", name="Forged", time_zone="UTC")])
    assert describe_refusal(cache_write.value, None) == (
        "The shared database refused: your login may not do this.")
    assert describe_refusal(ValueError("other"), "plant_manager") is None
    assert all(i.target_id != "WO-X" for i in shared_db.owner.outbox_items())


def test_a_notification_becomes_the_changes_it_names(sales: CacheStore,
                                                     shared_db: SharedDb) -> None:
    shared_db.owner.upsert("mes", "mes.sites", [
        Site(id="S1", name="Taichung", time_zone="Asia/Taipei"),
        Site(id="S2", name="Berlin", time_zone="Europe/Berlin")])
    received: list[ChangeSet] = []
    arrived = threading.Event()

    def heard(changes: ChangeSet) -> None:
        received.append(changes)
        arrived.set()

    listener = ChangeListener(sales.engine.url, heard, store=sales)
    listener.start()
    try:
        assert listener.connected.wait(WAIT), "the listener never connected"
        shared_db.notify({"feeds": {"crm.orders": [["crm", "SO-1042"], ["crm", "SO-1043"]],
                                    "mes.sites": None}})
        assert arrived.wait(WAIT), "no ChangeSet from the notification"
    finally:
        listener.stop()
    changes = received[0]
    assert changes.kinds == {"crm.orders", "mes.sites"}
    assert changes.ids("crm.orders") == {("crm", "SO-1042"), ("crm", "SO-1043")}
    assert changes.ids("mes.sites") == {("mes", "S1"), ("mes", "S2")}  # null: reload the feed
    assert not listener.running


def test_the_listener_comes_back_after_losing_the_database(sales: CacheStore,
                                                          shared_db: SharedDb) -> None:
    received: list[ChangeSet] = []
    arrived = threading.Event()
    states: list[bool] = []
    lost, back = threading.Event(), threading.Event()

    def heard(changes: ChangeSet) -> None:
        received.append(changes)
        if "crm.complaints" in changes.kinds:
            arrived.set()

    def connection(connected: bool, _error: str) -> None:
        states.append(connected)
        if not connected:
            lost.set()
        elif lost.is_set():
            back.set()

    listener = ChangeListener(sales.engine.url, heard, store=sales, on_connection=connection)
    listener.start()
    try:
        assert listener.connected.wait(WAIT)
        with shared_db.owner.engine.connect() as conn:  # the server drops the session
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE usename = 'desk_sales' AND query LIKE 'LISTEN%'"))
        assert lost.wait(WAIT), "the lost connection went unnoticed"
        assert back.wait(WAIT), "the listener did not reconnect"
        shared_db.notify({"source": "crm", "feeds": {"crm.complaints": ["C-7"]}})
        assert arrived.wait(WAIT), "no ChangeSet after reconnecting"
    finally:
        listener.stop()
    assert received[-1].ids("crm.complaints") == {("crm", "C-7")}
    assert states[:2] == [True, False]


def test_a_console_refuses_a_schema_it_does_not_know(postgres_cluster: PostgresCluster) -> None:
    name = postgres_cluster.new_database()
    url = postgres_cluster.url(name)
    engine = create_cache_engine(url)
    try:
        upgrade_schema(engine, "0004_stock_and_receipts")
        with pytest.raises(SchemaMismatch) as older:
            open_shared(url)
        assert str(older.value) == (
            f"the shared database is at revision 0004_stock_and_receipts; this console needs "
            f"{HEAD_REVISION} — ask the administrator to update the sync agent")
        assert current_revision(engine) == "0004_stock_and_receipts"  # a console never migrates

        upgrade_schema(engine, HEAD_REVISION)
        check_schema(engine)  # at head: fine
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
        with pytest.raises(SchemaMismatch) as newer:
            check_schema(engine)
        assert "newer than this console knows" in str(newer.value)
        assert str(newer.value).endswith("update the console")
        assert newer.value.newer
    finally:
        engine.dispose()


class _Announced:
    def __init__(self) -> None:
        self.outboxes: list[list] = []
        self.changes: list[ChangeSet] = []

    def publish_outbox(self, items: list) -> None:
        self.outboxes.append(items)

    def publish_changes(self, changes: ChangeSet) -> None:
        self.changes.append(changes)


def test_a_desk_queues_through_the_shared_outbox_and_hears_of_refusals(
        sales: CacheStore, floor: CacheStore, shared_db: SharedDb) -> None:
    announced = _Announced()
    floor_desk = SharedOutbox(floor, current_role(floor.engine), announced)
    sales_desk = SharedOutbox(sales, current_role(sales.engine))
    unchecked = SharedOutbox(sales, None)  # no role known: only the database decides
    try:
        item = asyncio.run(floor_desk.queue_action(expedite("mes", "WO-7", 1, version=4)))
        assert item.target_id == "WO-7"
        assert item.id in {i.id for i in announced.outboxes[-1]}  # the outbox view refreshes
        with pytest.raises(RoleRefusal) as before_asking:
            asyncio.run(sales_desk.queue_action(expedite("mes", "WO-8", 1, version=4)))
        assert str(before_asking.value) == ("The shared database refused: your role "
                                            "(account manager) may not expedite work orders.")
        with pytest.raises(RoleRefusal) as by_database:
            asyncio.run(unchecked.queue_action(expedite("mes", "WO-9", 1, version=4)))
        assert isinstance(by_database.value.__cause__, DBAPIError)
        assert str(by_database.value) == ("The shared database refused: your login may not "
                                          "expedite work orders.")
        with pytest.raises(RoleRefusal, match="an administrator may"):
            asyncio.run(floor_desk.drop(item.id))
    finally:
        for desk in (floor_desk, sales_desk, unchecked):
            desk.close()
    assert {i.target_id for i in shared_db.owner.outbox_items()} >= {"WO-7"}
    assert not {"WO-8", "WO-9"} & {i.target_id for i in shared_db.owner.outbox_items()}


def test_the_agent_announcing_the_outbox_and_firings_refreshes_them(
        sales: CacheStore, shared_db: SharedDb) -> None:
    outboxes: list[list] = []
    arrived = threading.Event()
    fired = threading.Event()

    def outbox(items: list) -> None:
        outboxes.append(items)
        arrived.set()

    listener = ChangeListener(sales.engine.url, lambda _changes: None, store=sales,
                              on_outbox=outbox, on_firings=fired.set)
    listener.start()
    try:
        assert listener.connected.wait(WAIT)
        shared_db.notify({"feeds": {"outbox": None}})
        assert arrived.wait(WAIT), "the outbox was not re-read"
        assert not fired.is_set()
        shared_db.notify({"feeds": {"firings": None}})
        assert fired.wait(WAIT), "the desk was not told of new firings"
    finally:
        listener.stop()
    assert [i.id for i in outboxes[0]] == [i.id for i in shared_db.owner.outbox_items()]


def test_sync_now_on_a_desk_reads_the_shared_cache_again(sales: CacheStore,
                                                         shared_db: SharedDb) -> None:
    shared_db.owner.upsert("mes", "mes.sites", [
        Site(id="S1", name="Taichung", time_zone="Asia/Taipei")])
    announced = _Announced()
    desk = SharedOutbox(sales, current_role(sales.engine), announced)
    try:
        assert desk.reloads_only  # the button says "Reload", not "Sync now"

        asyncio.run(desk.reload())  # what its sync_now starts on the console's loop
    finally:
        desk.close()
    [changes] = announced.changes
    assert ("mes", "S1") in changes.ids("mes.sites")
    assert len(announced.outboxes) == 1
