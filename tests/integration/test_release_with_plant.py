"""Release to production on the demo plant: a confirmed line that no work order covers becomes
one work order in the MES, from the console and by an automation rule, exactly once under
faults (HTTP 500, a timeout after the plant applied it, the console killed with the release
pending), with the line's options as the work order's parameters and the link recorded."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta

import httpx
import pytest

from app.automation.release import (
    MappingKind,
    OptionMapping,
    OptionRefused,
    release_action_for,
    save_mappings,
)
from app.automation.rules.model import ActionState, Rule, RuleAction, RuleEvent
from app.automation.rules.round import Queued, queue_actions, run_round
from app.automation.rules.store import firings, save_rules
from app.cache.outbox import DuplicateAction, OutboxState
from tests.integration.conftest import read_all
from tests.integration.sync_helpers import RecordingEvents, make_engine

COLOUR = "RAL 5015 sky blue"
MAPPING = [
    OptionMapping(option="colour", kind=MappingKind.OPERATION_PARAMETER, target="10:paint",
                  product_id="P-310", value=COLOUR, setting="RAL5015"),
    OptionMapping(option="colour", kind=MappingKind.BOM_ITEM, target="RM-PAINT-5015",
                  product_id="P-310", value=COLOUR, setting="1"),
]


def _unplanned_order(url: str, colour: str = COLOUR, quantity: int = 12) -> dict:
    """A confirmed order the plant makes no work order for: its line sits in "Not linked"."""
    with httpx.Client(base_url=url, timeout=30) as client:
        answer = client.post("/sim/v1/orders", json={
            "customer_id": "C-001", "priority": 2, "customer_po": "PO-REL", "plan": False,
            "lines": [{"product_id": "P-310", "quantity": str(quantity),
                       "requested_date": "2026-03-20", "options": {"colour": colour}}]})
        assert answer.status_code == 201, answer.text
        return answer.json()


def _work_orders_of(url: str, order_id: str, line_no: int = 1) -> list[dict]:
    with httpx.Client(base_url=url, timeout=30) as client:
        items, _ = read_all(client, "/mes/v1/work-orders")
    return [w for w in items if not w.get("deleted") and any(
        k["order_id"] == order_id and k["line_no"] == line_no for k in w["links"])]


def _fault(url: str, kind: str, **extra) -> None:
    with httpx.Client(base_url=url, timeout=30) as client:
        client.post("/sim/v1/faults", json={"path": "/mes/v1/work-orders", "kind": kind,
                                            "methods": ["POST"], "count": 1, **extra}
                    ).raise_for_status()


def _linked_in_cache(store, order_id: str) -> list:
    return [w for w in store.all("demo-mes", "mes.work_orders")
            if any(k.order_id == order_id for k in w.links)]


@pytest.mark.parametrize("fault", ["http_500", "timeout"])
def test_a_release_from_the_console_makes_one_work_order_under_faults(plant, tmp_path,
                                                                       fault) -> None:
    order = _unplanned_order(plant.url)
    _fault(plant.url, fault, delay_seconds=3)
    engine = make_engine(plant.url, tmp_path / "cache.sqlite3", RecordingEvents(), timeout=1.0)
    store = engine.store
    save_mappings(store, MAPPING)

    async def scenario() -> None:
        await engine.poller.sync_source_once("demo-crm")
        await engine.poller.sync_source_once("demo-mes")
        action = release_action_for(store, "demo-crm", order["id"], 1, made_by="pat")
        item = await engine.outbox.queue(action)
        assert await engine.outbox.send_due() == 0  # the fault: queued again
        assert store.outbox_get(item.id).state is OutboxState.QUEUED
        # A second press of "Release" while it waits is refused by the outbox: one per line.
        with pytest.raises(DuplicateAction):
            await engine.outbox.queue(action)
        store.outbox_retry(item.id)  # due now instead of after its backoff
        assert await engine.outbox.send_due() == 1
        assert store.outbox_get(item.id).state is OutboxState.DELIVERED
        assert await engine.outbox.send_due() == 0
        await engine.stop()

    asyncio.run(scenario())
    made = _work_orders_of(plant.url, order["id"])
    assert len(made) == 1
    wo = made[0]
    assert wo["parameters"] == {"op10:paint": "RAL5015", "bom:RM-PAINT-5015": "1"}
    assert wo["priority"] == 2 and wo["quantity"] == "12" and wo["status"] == "released"
    assert wo["due_date"] == order["lines"][0]["promised_date"]
    # The link is recorded in the cache from the plant's answer, before the next poll.
    cached = _linked_in_cache(store, order["id"])
    assert [w.id for w in cached] == [wo["id"]]
    assert cached[0].parameters == wo["parameters"]
    store.close()


def test_a_second_release_of_a_line_is_refused_by_the_plant(plant) -> None:
    order = _unplanned_order(plant.url)
    body = {"order_id": order["id"], "line_no": 1, "product_id": "P-310", "quantity": "12",
            "unit": "pcs", "parameters": {}}
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        first = client.post("/mes/v1/work-orders", json=body, headers={"Idempotency-Key": "a"})
        assert first.status_code == 201, first.text
        replay = client.post("/mes/v1/work-orders", json=body, headers={"Idempotency-Key": "a"})
        assert replay.headers["Idempotent-Replayed"] == "true"
        other = client.post("/mes/v1/work-orders", json=body, headers={"Idempotency-Key": "b"})
        assert other.status_code == 409 and "already has a work order" in other.json()["error"]
        wrong = client.post("/mes/v1/work-orders", json={**body, "product_id": "P-300"},
                            headers={"Idempotency-Key": "c"})
        assert wrong.status_code == 422
    assert len(_work_orders_of(plant.url, order["id"])) == 1


_KILLED_CONSOLE = textwrap.dedent("""
    import asyncio, sys
    from pathlib import Path
    from app.automation.release import release_action_for
    from tests.integration.sync_helpers import RecordingEvents, make_engine

    url, db, order_id = sys.argv[1:4]
    engine = make_engine(url, Path(db), RecordingEvents(), timeout=60.0)

    async def main():
        await engine.poller.sync_source_once("demo-crm")
        await engine.poller.sync_source_once("demo-mes")
        await engine.outbox.queue(release_action_for(engine.store, "demo-crm", order_id, 1))
        print("queued", flush=True)
        await engine.outbox.send_due()  # the plant holds its answer: killed while waiting
        print("not killed", flush=True)

    asyncio.run(main())
""")


def test_a_release_pending_when_the_console_is_killed_is_sent_once_after(plant,
                                                                         tmp_path) -> None:
    order = _unplanned_order(plant.url)
    db = tmp_path / "cache.sqlite3"
    first = make_engine(plant.url, db, RecordingEvents())
    save_mappings(first.store, MAPPING)
    first.store.close()
    _fault(plant.url, "timeout", delay_seconds=30)
    console = subprocess.Popen([sys.executable, "-c", _KILLED_CONSOLE, plant.url, str(db),
                                order["id"]], stdout=subprocess.PIPE, text=True,
                               cwd=os.getcwd())
    try:
        deadline = time.monotonic() + 60
        while not _work_orders_of(plant.url, order["id"]):  # applied; the answer held back
            assert console.poll() is None, "the console ended before it was killed"
            assert time.monotonic() < deadline, "the release never reached the plant"
            time.sleep(0.2)
        console.send_signal(signal.SIGKILL)
        console.wait(timeout=10)
    finally:
        if console.poll() is None:
            console.kill()
    engine = make_engine(plant.url, db, RecordingEvents())
    store = engine.store

    async def after_restart() -> None:
        [item] = store.outbox_items()
        assert item.state is OutboxState.SENDING  # claimed, never answered
        store.outbox_retry(item.id)  # its claim runs out (2 min): due now
        assert await engine.outbox.send_due() == 1
        assert store.outbox_get(item.id).state is OutboxState.DELIVERED
        await engine.stop()

    asyncio.run(after_restart())
    made = _work_orders_of(plant.url, order["id"])
    assert len(made) == 1
    assert [w.id for w in _linked_in_cache(store, order["id"])] == [made[0]["id"]]
    store.close()


def test_a_rule_releases_a_family_once_and_refuses_an_unknown_option(plant, tmp_path) -> None:
    good = _unplanned_order(plant.url)
    odd = _unplanned_order(plant.url, colour="RAL 1023 traffic yellow")
    engine = make_engine(plant.url, tmp_path / "cache.sqlite3", RecordingEvents())
    store = engine.store
    save_mappings(store, MAPPING)
    save_rules(store, [Rule("release_gu", "Release gear units after 2 h",
                            RuleEvent.ORDER_WITHOUT_WORK_ORDER, {"hours": 2, "family": "GU-31"},
                            RuleAction.RELEASE, True, 1)])

    async def scenario() -> None:
        await engine.poller.sync_source_once("demo-crm")
        await engine.poller.sync_source_once("demo-mes")
        created = store.get("demo-crm", "crm.orders", good["id"]).created_at
        early = run_round(store, created + timedelta(hours=1), None)
        assert early.firings == []  # not 2 h yet
        later = created + timedelta(hours=3)
        round_ = run_round(store, later, None)
        ours = {f.order_id: f for f in round_.firings if f.order_id in (good["id"], odd["id"])}
        assert set(ours) == {good["id"], odd["id"]}
        done = Queued()
        await queue_actions(engine, round_.to_queue, done)
        done.store(store)
        # The console's Release on the same line now: the outbox already holds it.
        with pytest.raises(DuplicateAction):
            await engine.outbox.queue(release_action_for(store, "demo-crm", good["id"], 1))
        await engine.outbox.send_due()
        assert run_round(store, later + timedelta(hours=1), None).firings == []  # once
        await engine.poller.sync_source_once("demo-mes")
        await engine.stop()

    asyncio.run(scenario())
    assert len(_work_orders_of(plant.url, good["id"])) == 1
    assert _work_orders_of(plant.url, odd["id"]) == []
    states = {f.order_id: f.action_state for f in firings(store)}
    assert states[good["id"]] == ActionState.QUEUED
    assert states[odd["id"]].startswith("refused: option colour = 'RAL 1023 traffic yellow'")
    with pytest.raises(OptionRefused, match="not in the option mapping"):
        release_action_for(store, "demo-crm", odd["id"], 1)
    assert _linked_in_cache(store, good["id"])
    store.close()


def test_the_to_release_scenario_leaves_two_lines_for_the_not_linked_list(plant) -> None:
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        said = client.post("/sim/v1/scenarios/to-release")
        assert said.status_code == 200, said.text
        orders, _ = read_all(client, "/crm/v1/orders")
    waiting = [o for o in orders if o.get("customer_po", "").startswith("PO-REL-")]
    assert len(waiting) == 2
    assert all(_work_orders_of(plant.url, o["id"]) == [] for o in waiting)
