"""The sync engine when the plant goes away, times out, or refuses: nothing lost, nothing twice."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime

import httpx

from app.cache.outbox import OutboxState
from app.contract import FEEDS
from app.sim.launcher import start_demo_plant
from app.sync import actions
from app.sync.health import SourceState
from tests.integration.conftest import PLANT_ARGS, read_all
from tests.integration.sync_helpers import (
    RecordingEvents,
    cache_versions,
    make_engine,
    server_versions,
)

SEED = 11
FAST = {spec.name: 0.3 for spec in FEEDS}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(port: int):
    return start_demo_plant(seed=SEED, extra_args=PLANT_ARGS, port=port)


async def _until(condition: Callable[[], bool], events: RecordingEvents, timeout: float,
                 what: str) -> None:
    """Wait, report by report, until `condition` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"timed out waiting for {what}")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(events.news(), left)


def _advance(url: str, seconds: int) -> None:
    with httpx.Client(base_url=url, timeout=30) as client:
        client.post("/sim/v1/clock/advance", json={"seconds": seconds}).raise_for_status()


def _plant_versions(url: str) -> dict[str, dict[str, int]]:
    """Every feed's record versions on a paused plant (they hold until its clock moves)."""
    return {spec.name: server_versions(url, spec.path) for spec in FEEDS}


def _matches(engine, plant: dict[str, dict[str, int]]) -> bool:
    for spec in FEEDS:
        source = "demo-crm" if spec.backend == "crm" else "demo-mes"
        if cache_versions(engine.store, source, spec.name) != plant[spec.name]:
            return False
    return True


def test_plant_killed_mid_sync_then_back_resumes_from_its_token(tmp_path) -> None:
    port = _free_port()
    plants = [_start(port)]
    url = plants[0].url
    phase = {"kill_armed": False}

    def kill_mid_read(page) -> None:
        if phase["kill_armed"] and page.feed == "mes.measurements":
            phase["kill_armed"] = False
            plants[0].stop()

    events = RecordingEvents()
    engine = make_engine(url, tmp_path / "cache.sqlite3", events, timeout=2.0,
                         after_page=kill_mid_read)
    engine.poller.intervals.update(FAST)
    mes = next(c for c in engine._connectors if c.source.kind == "mes")

    async def scenario() -> None:
        await engine.poller.sync_source_once("demo-mes")
        await engine.poller.sync_source_once("demo-crm")
        # Small pages from here on, so the plant dies with the measurements' read half done.
        mes.page_size = 50
        token_before = engine.store.sync_token("demo-mes", "mes.measurements")
        _advance(url, 2 * 3600)
        phase["kill_armed"] = True
        reads_before = len(mes.reads)
        await engine.start()
        await _until(lambda: events.latest("demo-mes").state is SourceState.DOWN, events, 30,
                     "the MES to show as down")
        assert "cannot connect" in events.latest("demo-mes").last_error
        assert all(loop.task and not loop.task.done() for loop in engine.poller._loops)
        # The interrupted read stored no token: the resume must start from the old one.
        assert engine.store.sync_token("demo-mes", "mes.measurements") == token_before

        plants[0] = _start(port)
        _advance(url, 2 * 3600)  # the same plant, at the same simulated time as before
        await _until(lambda: events.latest("demo-mes").state is SourceState.CONNECTED, events,
                     30,
                     "the MES to come back")
        # The plant is paused: read what it holds once, not again on every report.
        plant = _plant_versions(url)
        await _until(lambda: _matches(engine, plant), events, 60, "the cache to catch up")
        resumed = [t for f, t in mes.reads[reads_before:] if f == "mes.measurements"]
        assert token_before in resumed, "the measurements were not resumed from their token"
        await engine.stop()

    try:
        asyncio.run(scenario())
    finally:
        plants[0].stop()
        engine.store.close()


def _an_order(url: str) -> dict:
    with httpx.Client(base_url=url, timeout=30) as client:
        orders, _ = read_all(client, "/crm/v1/orders")
    return next(o for o in orders if o["status"] not in ("cancelled",) and o["lines"])


def test_write_that_times_out_after_the_plant_applied_it_is_not_applied_twice(
        plant, tmp_path) -> None:
    order = _an_order(plant.url)
    line = order["lines"][0]
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        client.post("/sim/v1/faults", json={
            "path": f"/crm/v1/orders/{order['id']}/lines", "kind": "timeout",
            "methods": ["PATCH"], "count": 1, "delay_seconds": 3}).raise_for_status()
    events = RecordingEvents()
    engine = make_engine(plant.url, tmp_path / "cache.sqlite3", events, timeout=1.0)

    async def scenario() -> None:
        action = actions.promise_date("demo-crm", order["id"], line["line_no"],
                                      date(2026, 6, 30), order["version"], made_by="amy")
        item = await engine.outbox.queue(action)
        assert await engine.outbox.send_due() == 0
        waiting = engine.store.outbox_get(item.id)
        assert waiting.state is OutboxState.QUEUED and "timeout" in waiting.last_error
        engine.store.outbox_retry(item.id)  # due now, instead of after its backoff
        assert await engine.outbox.send_due() == 1
        assert engine.store.outbox_get(item.id).state is OutboxState.DELIVERED
        await engine.stop()

    asyncio.run(scenario())
    engine.store.close()
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        orders, _ = read_all(client, "/crm/v1/orders")
    after = next(o for o in orders if o["id"] == order["id"])
    changed = next(x for x in after["lines"] if x["line_no"] == line["line_no"])
    assert changed["promised_date"] == "2026-06-30"
    assert len(changed["promise_history"]) == len(line["promise_history"]) + 1
    assert after["version"] == order["version"] + 1


def test_action_made_while_plant_down_arrives_once_after_a_console_restart(tmp_path) -> None:
    port = _free_port()
    plant = _start(port)
    order = _an_order(plant.url)
    plant.stop()
    subject = f"Customer called about delivery {uuid.uuid4()}"
    db = tmp_path / "cache.sqlite3"

    async def before_restart() -> None:
        engine = make_engine(plant.url, db, RecordingEvents(), timeout=1.0)
        await engine.outbox.queue(actions.activity("demo-crm", order["id"], "note", subject))
        assert await engine.outbox.send_due() == 0
        queued = engine.store.outbox_items({OutboxState.QUEUED})
        assert len(queued) == 1 and "cannot connect" in queued[0].last_error
        await engine.stop()
        engine.store.close()

    async def after_restart() -> None:
        engine = make_engine(plant.url, db, RecordingEvents())
        delivered = 0

        async def send() -> bool:
            nonlocal delivered
            delivered += await engine.outbox.send_due()
            return delivered > 0

        deadline = time.monotonic() + 20
        while not await send():
            assert time.monotonic() < deadline, "the queued action never arrived"
            # Wait for the retry time the failed attempt was given (its backoff), not longer.
            queued = engine.store.outbox_items({OutboxState.QUEUED})
            due = min(item.next_attempt_at for item in queued) if queued else datetime.now(UTC)
            await asyncio.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()))
        assert await engine.outbox.send_due() == 0
        await engine.stop()
        engine.store.close()

    asyncio.run(before_restart())
    plant = _start(port)
    try:
        asyncio.run(after_restart())
        with httpx.Client(base_url=plant.url, timeout=30) as client:
            listed = client.get(f"/crm/v1/orders/{order['id']}/activities").json()["items"]
        assert [a["subject"] for a in listed].count(subject) == 1
    finally:
        plant.stop()


def test_refused_write_is_parked_with_the_reason(plant, tmp_path) -> None:
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        work_order = client.get("/mes/v1/work-orders", params={"limit": "1"}).json()["items"][0]
    events = RecordingEvents()
    engine = make_engine(plant.url, tmp_path / "cache.sqlite3", events)

    async def scenario() -> None:
        stale_version = work_order["version"] + 3
        item = await engine.outbox.queue(
            actions.expedite("demo-mes", work_order["id"], 1, stale_version, made_by="lee"))
        assert await engine.outbox.send_due() == 0
        parked = engine.store.outbox_get(item.id)
        assert parked.state is OutboxState.PARKED
        assert "HTTP 412" in parked.last_error and "record has changed" in parked.last_error
        assert events.outbox[-1][0].state is OutboxState.PARKED
        await engine.outbox.drop(item.id)
        assert engine.store.outbox_get(item.id) is None or (
            engine.store.outbox_get(item.id).state is not OutboxState.QUEUED)
        await engine.stop()

    asyncio.run(scenario())
    engine.store.close()
