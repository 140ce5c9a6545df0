"""Progress back to the CRM over a simulated day on the demo plant: a line is written when a
value changes, never twice within the interval, and what the CRM holds at the end is what the
console last computed. The test counts the writes."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import httpx

from app.cache.outbox import OutboxState
from app.runtime.plan_inputs import plan_from_cache
from app.runtime.progress_writeback import progress_values, read_written, write_progress
from tests.integration.sync_helpers import RecordingEvents, make_engine

EVERY = timedelta(minutes=15)
STEP = timedelta(minutes=30)


def _clock(client: httpx.Client) -> datetime:
    return datetime.fromisoformat(client.get("/sim/v1/clock").json()["now"])


def test_a_simulated_day_writes_progress_only_on_change(plant, tmp_path) -> None:
    engine = make_engine(plant.url, tmp_path / "cache.sqlite3", RecordingEvents())
    store = engine.store
    client = httpx.Client(base_url=plant.url, timeout=60)
    passes: list[tuple[datetime, int, int]] = []  # (when, lines open, writes)
    changes = 0  # line values that differ from the pass before

    async def day() -> None:
        nonlocal changes
        start = _clock(client)
        plan = None
        before: dict = {}
        now = start
        while now < start + timedelta(days=1):
            await engine.poller.sync_source_once("demo-mes")
            await engine.poller.sync_source_once("demo-crm")
            if plan is None or now - plan.plan.made_at >= timedelta(hours=2):
                plan = plan_from_cache(store, now)
            written = write_progress(store, now, plan.plan if plan else None, every=EVERY)
            # The same pass again at once: nothing changed, nothing is written.
            assert write_progress(store, now, plan.plan if plan else None, every=EVERY) == 0
            current = read_written(store, "demo-crm")
            changes += sum(1 for k, w in current.items()
                           if k in before and before[k] != w.values)
            before = {k: w.values for k, w in current.items()}
            passes.append((now, len(current), written))
            await engine.outbox.send_due()
            client.post("/sim/v1/clock/advance",
                        json={"seconds": STEP.total_seconds()}).raise_for_status()
            now = _clock(client)
        await engine.outbox.send_due()
        await engine.stop()

    asyncio.run(day())
    items = [i for i in store.outbox_items() if i.action == "progress"]
    writes = sum(n for _, _, n in passes)
    assert len(items) == writes
    assert all(i.state is OutboxState.DELIVERED for i in items)
    lines = passes[-1][1]
    first = passes[0][2]
    print(f"progress over a day: {len(passes)} passes, {lines} lines, {first} first writes, "
          f"{writes - first} writes after, {changes} changes seen")
    # Only on change: after the first pass (every open line once), a write per change kept
    # (a change within the interval waits and may be overtaken), far from one per line per pass.
    assert first > 0 and changes > 0
    assert writes < len(passes) * lines / 4

    # Never twice within the interval for one line.
    by_line: dict[tuple[str, int], list[datetime]] = {}
    for item in items:
        by_line.setdefault((item.target_id, item.payload["line_no"]), []).append(
            item.created_at)
    for times in by_line.values():
        assert all(b - a >= EVERY for a, b in zip(times, times[1:], strict=False))

    # The CRM holds what was last written, and that is what the console computes now.
    written = read_written(store, "demo-crm")
    for (order_id, line_no), last in list(written.items())[:40]:
        held = client.get(f"/crm/v1/orders/{order_id}/lines/{line_no}/progress").json()
        assert {k: held[k] for k in last.values} == last.values
    sample = next(iter(written))
    assert written[sample].values["stage"] in ("not_started", "machining", "assembly",
                                               "packed", "shipped")
    client.close()
    store.close()


def _read_once(plant, tmp_path):
    """A cache holding one read of the demo plant, and the plant's clock then."""
    engine = make_engine(plant.url, tmp_path / "cache.sqlite3", RecordingEvents())

    async def read() -> None:
        await engine.poller.sync_source_once("demo-mes")
        await engine.poller.sync_source_once("demo-crm")
        await engine.stop()

    asyncio.run(read())
    with httpx.Client(base_url=plant.url, timeout=30) as client:
        return engine.store, _clock(client)


def test_progress_values_come_from_the_plan_and_the_risk(plant, tmp_path) -> None:
    store, now = _read_once(plant, tmp_path)
    result = plan_from_cache(store, now)
    assert result is not None
    orders = [o for o in store.all("demo-crm", "crm.orders")
              if o.status in ("confirmed", "in_production")]
    values = progress_values(orders, work_orders=store.all("demo-mes", "mes.work_orders"),
                             shipments=store.all("demo-crm", "crm.shipments"),
                             customers={c.id: c for c in store.all("demo-crm", "crm.customers")},
                             contacts={}, products={p.id: p for p in
                                                    store.all("demo-mes", "mes.products")},
                             plan=result.plan, now=now)
    for order in orders:
        for line in order.lines:
            got = values[(order.id, line.line_no)]
            predicted = result.plan.line_completion_date((order.id, line.line_no))
            assert got["predicted_completion"] == (predicted.isoformat() if predicted else None)
            assert 0 <= got["progress_percent"] <= 100
    assert any(v["stage"] != "not_started" for v in values.values())
    store.close()


def test_a_large_plant_is_written_in_turns_and_every_line_comes_round(plant, tmp_path) -> None:
    """A pass looks at the next orders in turn (at plant size one pass over every order would
    hold the runtime for seconds): each open line is still written once, and then not again."""
    store, now = _read_once(plant, tmp_path)
    plan = plan_from_cache(store, now).plan
    per_pass = 3
    open_orders = [o for o in store.all("demo-crm", "crm.orders")
                   if o.status in ("confirmed", "in_production")]
    assert len(open_orders) > 2 * per_pass
    lines = {(o.id, x.line_no) for o in open_orders for x in o.lines}
    turns = -(-len(open_orders) // per_pass)
    counts = [write_progress(store, now, plan, every=EVERY, orders_per_pass=per_pass)
              for _ in range(turns)]
    assert all(0 < n <= per_pass * max(len(o.lines) for o in open_orders) for n in counts)
    items = [i for i in store.outbox_items() if i.action == "progress"]
    written = [(i.target_id, i.payload["line_no"]) for i in items]
    assert len(written) == len(set(written))  # none twice
    assert lines <= set(written)  # every open line came round
    # A second round, nothing having changed: nothing is written again.
    assert sum(write_progress(store, now, plan, every=EVERY, orders_per_pass=per_pass)
               for _ in range(turns)) == 0
    store.close()
