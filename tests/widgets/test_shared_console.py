"""A console in shared mode: what the sync agent announces reaches the views, on the GUI
thread, and the status bar says which database and role the desk works with."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

import psycopg
import pytest
from sqlalchemy.exc import DBAPIError

from app.cache.changes import ChangeSet
from app.cache.database import HEAD_REVISION, create_cache_engine, upgrade_schema
from app.cache.shared_mode import CHANNEL, open_shared
from app.cache.store import CacheStore
from app.domain import Site
from app.sync.bridge import SyncBridge
from widgets.shared import RoleLabel, SharedConsole, refusal_text

if TYPE_CHECKING:
    from tests.cache_db import PostgresCluster

pytest_plugins = ("tests.cache_db",)

WAIT_MS = 20_000  # an upper bound; the signal comes in milliseconds


@pytest.fixture(scope="module")
def shared_url(postgres_cluster: PostgresCluster) -> Iterator[str]:
    name = postgres_cluster.new_database()
    url = postgres_cluster.url(name)
    engine = create_cache_engine(url)
    upgrade_schema(engine, HEAD_REVISION)
    CacheStore(engine).upsert("mes", "mes.sites", [
        Site(id="S1", name="Taichung", time_zone="Asia/Taipei")])
    engine.dispose()
    yield url


@pytest.fixture
def shared_store(shared_url: str) -> Iterator[CacheStore]:
    store = open_shared(shared_url)
    yield store
    store.close()


def _notify(url: str, payload: dict) -> None:
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                         autocommit=True) as conn:
        conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, json.dumps(payload)))


def test_a_notification_refreshes_the_views_on_the_gui_thread(
        qtbot, shared_store: CacheStore, shared_url: str) -> None:
    bridge = SyncBridge()
    shared = SharedConsole(shared_store, bridge)
    threads: list[threading.Thread] = []
    bridge.cache_changed.connect(lambda _changes: threads.append(threading.current_thread()))
    try:
        with qtbot.waitSignal(shared.connection_changed, timeout=WAIT_MS) as connected:
            shared.start()
        assert connected.args == [True, ""]
        with qtbot.waitSignal(bridge.cache_changed, timeout=WAIT_MS) as changed:
            _notify(shared_url, {"feeds": {"crm.orders": [["crm", "SO-1042"]],
                                           "mes.sites": None}})
        with qtbot.waitSignal(bridge.outbox_changed, timeout=WAIT_MS) as outbox:
            _notify(shared_url, {"feeds": {"outbox": None}})  # the agent sent an action
    finally:
        shared.close()
    assert outbox.args[0] == shared_store.outbox_items()
    changes: ChangeSet = changed.args[0]
    assert changes.kinds == {"crm.orders", "mes.sites"}
    assert changes.ids("crm.orders") == {("crm", "SO-1042")}
    assert changes.ids("mes.sites") == {("mes", "S1")}
    assert threads == [threading.main_thread()]
    assert not shared.listening


def _listening_sessions(url: str) -> int:
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                         autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                            "current_database() AND query = %s",
                            (f"LISTEN {CHANNEL}",)).fetchone()[0]


def test_closing_ends_the_listening_session(qtbot, shared_store: CacheStore,
                                            shared_url: str) -> None:
    bridge = SyncBridge()
    shared = SharedConsole(shared_store, bridge)
    with qtbot.waitSignal(shared.connection_changed, timeout=WAIT_MS):
        shared.start()
    assert _listening_sessions(shared_url) == 1  # one session per console, not per view
    shared.close()
    qtbot.waitUntil(lambda: _listening_sessions(shared_url) == 0, timeout=WAIT_MS)
    heard: list[ChangeSet] = []
    bridge.cache_changed.connect(heard.append)
    _notify(shared_url, {"feeds": {"crm.orders": [["crm", "SO-1"]]}})
    assert heard == []
    assert not shared.listening


def test_the_status_bar_names_the_database_and_the_role(qtbot) -> None:
    label = RoleLabel("plant_manager", shared=True)
    qtbot.addWidget(label)
    assert label.text() == "Shared database · plant manager"
    assert "expedite work orders" in label.toolTip()
    label.set_connected(False, "server closed the connection")
    assert label.text() == "Shared database unreachable · plant manager"
    assert "server closed the connection" in label.toolTip()
    local = RoleLabel("account_manager", shared=False)
    qtbot.addWidget(local)
    assert local.text() == "Local cache · account manager"
    assert "promise delivery dates" in local.toolTip()


def test_a_refusal_reads_as_words() -> None:
    class Refused(Exception):
        sqlstate = "42501"

    error = DBAPIError("INSERT INTO outbox ...", {}, Refused("permission denied"))
    assert refusal_text(error, "account_manager", "priority") == (
        "The shared database refused: your role (account manager) may not expedite work "
        "orders.")
    assert refusal_text(ValueError("disk full"), "account_manager", "priority") is None
