""""Plan this window" end to end: the action goes through the outbox to the demo plant's MES
calendar once, the next calendar read shows the window, and the plan works around it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx

from app.cache.outbox import OutboxState
from app.runtime.plan_inputs import plan_from_cache
from app.sync import actions
from tests.integration.conftest import read_all
from tests.integration.sync_helpers import RecordingEvents, make_engine

NOW = datetime(2026, 3, 2, tzinfo=UTC)  # the paused plant's clock (conftest.START)


def test_a_planned_window_reaches_the_calendar_once_and_the_plan_counts_it(plant,
                                                                           tmp_path) -> None:
    engine = make_engine(plant.url, tmp_path / "cache.sqlite3", RecordingEvents())
    store = engine.store

    async def scenario() -> dict:
        await engine.poller.sync_source_once("demo-mes")
        await engine.poller.sync_source_once("demo-crm")
        before = plan_from_cache(store, NOW)
        # The next operation that is not under way yet: the window lands on planned work.
        op = min((o for job in before.plan.jobs.values() for o in job.operations
                  if not o.running and o.start >= NOW + timedelta(hours=1)),
                 key=lambda o: (o.start, o.machine_id))
        calendar = next(c for c in store.all("demo-mes", "mes.calendars")
                        if op.work_center_id in c.work_center_ids)
        start, end = op.start, op.start + timedelta(hours=4)
        action = actions.plan_maintenance("demo-mes", calendar.id, op.machine_id, start, end,
                                          "Predicted failure risk", made_by="pat")
        item = await engine.outbox.queue(action)
        assert await engine.outbox.send_due() == 1
        assert store.outbox_get(item.id).state is OutboxState.DELIVERED
        assert await engine.outbox.send_due() == 0  # delivered once, not again
        await engine.poller.sync_source_once("demo-mes")
        after = plan_from_cache(store, NOW)
        await engine.stop()
        return {"op": op, "calendar": calendar.id, "window": (start, end), "item": item,
                "before": before, "after": after}

    got = asyncio.run(scenario())
    op, (start, end) = got["op"], got["window"]
    cached = store.get("demo-mes", "mes.calendars", got["calendar"])
    assert [(w.start, w.end) for w in cached.maintenance
            if w.machine_id == op.machine_id and w.start == start] == [(start, end)]

    # The plan no longer books that machine inside the window, and what was there moved.
    after = got["after"].plan
    for job in after.jobs.values():
        for o in job.operations:
            if o.machine_id == op.machine_id and not o.running:
                assert o.finish <= start or o.start >= end
    moved = next(o for o in after.jobs[op.job_id].operations if o.sequence == op.sequence)
    # Later on the same machine, or to another machine of its work center.
    assert moved.start >= end or moved.machine_id != op.machine_id

    # The same request again (a retry after a lost answer) is answered, not applied again.
    method, path, body = actions.http_request("maintenance", got["calendar"],
                                              got["item"].payload)
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        replay = client.post(path, json=body,
                             headers={"Idempotency-Key": got["item"].idempotency_key})
        assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
        calendars, _ = read_all(client, "/mes/v1/calendars")
    served = next(c for c in calendars if c["id"] == got["calendar"])
    assert sum(w["machine_id"] == op.machine_id and w["reason"] == "Predicted failure risk"
               for w in served["maintenance"]) == 1
    store.close()
