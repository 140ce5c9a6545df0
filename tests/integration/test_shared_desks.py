"""Many desks, one plant: the sync agent fills one PostgreSQL cache from the demo plant and two
consoles in shared mode (an account manager's and a plant manager's desk) work on it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from app.cache.changes import ChangeSet
from app.cache.database import create_cache_engine
from app.cache.outbox import OutboxState
from app.cache.shared_mode import SharedOutbox, current_role, open_shared
from app.cache.shared_roles import create_login
from app.cache.store import CacheStore
from app.sync.actions import activity, expedite
from app.sync.bridge import SyncBridge
from tests.integration.conftest import read_all
from tests.integration.test_sync_agent import run_once, write_config
from widgets.common.queued_actions import QueuedActions
from widgets.shared import SharedConsole

if TYPE_CHECKING:
    from tests.cache_db import PostgresCluster

pytest_plugins = ("tests.cache_db",)

WAIT_MS = 30_000  # an upper bound: the notification comes in milliseconds


@dataclass
class Desk:
    store: CacheStore
    bridge: SyncBridge
    console: SharedConsole
    outbox: SharedOutbox
    actions: QueuedActions


@pytest.fixture
def shared_plant_db(plant, postgres_cluster: PostgresCluster, tmp_path: Path):
    name = postgres_cluster.new_database()
    config = write_config(tmp_path, plant.url, postgres_cluster.url(name))
    first = run_once(config)  # the agent migrates, sets up the roles, fills the cache
    assert first.returncode == 0, first.stderr
    owner = create_cache_engine(postgres_cluster.url(name))
    create_login(owner, "desk_sales", "sales-secret", "account_manager")
    create_login(owner, "desk_floor", "floor-secret", "plant_manager")
    owner.dispose()
    return plant, config, f"postgresql+psycopg://{{}}:{{}}@127.0.0.1:{postgres_cluster.port}/{name}"


@pytest.fixture
def desks(qtbot, shared_plant_db) -> Iterator[list[Desk]]:
    _, _, url = shared_plant_db
    made: list[Desk] = []
    for login, password in (("desk_sales", "sales-secret"), ("desk_floor", "floor-secret")):
        store = open_shared(url.format(login, password))
        bridge = SyncBridge()
        console = SharedConsole(store, bridge)
        outbox = SharedOutbox(store, current_role(store.engine), events=bridge)
        made.append(Desk(store, bridge, console, outbox, QueuedActions(outbox, bridge)))
        console.start()
        qtbot.waitUntil(lambda c=console: c.listening, timeout=WAIT_MS)
    yield made
    for desk in made:
        desk.console.close()
        desk.outbox.close()
        desk.store.close()


def queue(qloop, desk: Desk, action) -> object:  # noqa: F811
    return qloop.run_until_complete(desk.outbox.queue_action(action))


def test_a_plant_change_reaches_both_desks_and_each_action_is_sent_once(
        qtbot, qloop, shared_plant_db, desks: list[Desk]) -> None:  # noqa: F811
    """About 30 s with its fixture, on purpose: four passes of the real agent, each a process
    of its own that syncs the plant into PostgreSQL, as a plant's agent does."""
    plant, config, _ = shared_plant_db
    sales, floor = desks
    assert (current_role(sales.store.engine), current_role(floor.store.engine)) == (
        "account_manager", "plant_manager")
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        machine = client.get("/mes/v1/machines/status", params={"limit": "1"}).json()[
            "items"][0]["id"]
        client.put(f"/sim/v1/machines/{machine}/state",
                   json={"state": "down", "reason": "spindle bearing"}).raise_for_status()
        order = client.get("/crm/v1/orders", params={"limit": "1"}).json()["items"][0]["id"]
        work_order = client.get("/mes/v1/work-orders", params={"limit": "1"}).json()[
            "items"][0]

    def names_machine(changes: ChangeSet) -> bool:
        return ("demo-mes", machine) in changes.ids("mes.machine_status")

    # A change in the plant: the agent's next pass reaches both desks through NOTIFY.
    with qtbot.waitSignals([sales.bridge.cache_changed, floor.bridge.cache_changed],
                           check_params_cbs=[names_machine, names_machine], timeout=WAIT_MS):
        assert run_once(config).returncode == 0
    for desk in desks:
        status = desk.store.get_many("demo-mes", "mes.machine_status", [machine])[0]
        assert (status.state.value, status.reason) == ("down", "spindle bearing")

    # Each desk queues what its role may; the agent sends each exactly once.
    note = queue(qloop, sales, activity("demo-crm", order, "note", "Called the buyer",
                                        made_by="desk_sales"))
    rush = queue(qloop, floor, expedite("demo-mes", work_order["id"], 1,
                                        work_order["version"], made_by="desk_floor"))

    def both_sent(items: list) -> bool:
        states = {i.id: i.state for i in items}
        return all(states.get(i.id) == OutboxState.DELIVERED for i in (note, rush))

    # The agent sends them and says so: each desk's outbox shows them sent.
    with qtbot.waitSignals([sales.bridge.outbox_changed, floor.bridge.outbox_changed],
                           check_params_cbs=[both_sent, both_sent], timeout=WAIT_MS):
        assert run_once(config).returncode == 0
    assert run_once(config).returncode == 0  # an agent restart sends nothing twice
    for item in (note, rush):
        assert sales.store.outbox_get(item.id).state == OutboxState.DELIVERED
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        subjects = [a["subject"] for a in
                    client.get(f"/crm/v1/orders/{order}/activities").json()["items"]]
        served = next(w for w in read_all(client, "/mes/v1/work-orders")[0]
                      if w["id"] == work_order["id"])
    assert subjects.count("Called the buyer") == 1
    assert served["priority"] == 1

    # The account manager's desk may not expedite: refused, and said so in words.
    with qtbot.waitSignal(sales.actions.failed, timeout=WAIT_MS) as refused:
        sales.actions.queue(expedite("demo-mes", work_order["id"], 1, served["version"],
                                     made_by="desk_sales"), "Expedite")
        asyncio.set_event_loop(qloop)
        qloop.run_until_complete(asyncio.sleep(0))
    assert refused.args[1] == ("The shared database refused: your role (account manager) "
                               "may not expedite work orders.")
