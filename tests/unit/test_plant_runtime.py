"""The plant runtime without Qt: it plans when the feeds settle, keeps to its share of a core,
runs the rules at most every interval on its own plan, and answers questions from the plan the
views show (or afresh while a replan waits)."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.runtime.plant_runtime import PlantRuntime, RuntimeUpdate
from tests.unit.schedule_fixtures import MONDAY, fill_cache, local, order, snapshot, work_order

NOW = local(MONDAY, 6)
WAIT = 30  # seconds: a slow machine's worst, never reached when the runtime works


class Seconds:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CacheStore]:
    opened = CacheStore.open(f"sqlite:///{tmp_path / 'cache.sqlite3'}")
    fill_cache(opened, snapshot(NOW, work_orders=[work_order("W1", 100,
                                                             links=(("O1", 1, 100),))],
                                orders=[order("O1", "SO-1", 100, promised=MONDAY)]))
    yield opened
    PlantRuntime.stop_all_on(opened)
    opened.close()


class Updates:
    def __init__(self) -> None:
        self.queue: queue.Queue[RuntimeUpdate] = queue.Queue()

    def __call__(self, update: RuntimeUpdate) -> None:
        self.queue.put(update)

    def next(self, part: str, timeout: float = WAIT) -> RuntimeUpdate:
        """The next update that brings `part` (others are skipped)."""
        while True:
            update = self.queue.get(timeout=timeout)
            if part in update.changed:
                return update

    def none_with(self, part: str, within: float) -> bool:
        try:
            self.next(part, timeout=within)
        except queue.Empty:
            return True
        return False


def orders_changed(store: CacheStore, quantity: int) -> ChangeSet:
    return store.upsert("crm", "crm.orders", [order("O1", "SO-1", quantity, promised=MONDAY)])


def test_it_plans_at_start_and_again_when_an_order_changes(store: CacheStore) -> None:
    updates = Updates()
    runtime = PlantRuntime(store, lambda: NOW, updates)
    runtime.start()
    first = updates.next("plan")
    assert first.plan is not None and first.at == NOW
    assert first.plan.snapshot.orders[0].lines[0].quantity == 100

    runtime.changed(orders_changed(store, 150))
    second = updates.next("plan")
    assert second.plan is not first.plan
    assert second.plan.snapshot.orders[0].lines[0].quantity == 150
    assert second.seq > first.seq
    runtime.stop()


def test_a_long_plan_paces_the_next(store: CacheStore) -> None:
    seconds = Seconds()
    updates = Updates()
    runtime = PlantRuntime(store, lambda: NOW, updates, monotonic=seconds)
    runtime.start()
    updates.next("plan")
    # As if that plan had taken 2 s: the next may start 38 s after it (5 % of a core).
    runtime.pacing.started()
    seconds.now += 2.0
    runtime.pacing.finished()
    runtime.changed(orders_changed(store, 150))
    assert updates.none_with("plan", within=1.5)
    assert runtime.replan_waiting

    # Its time come, it plans the change.
    seconds.now += 40.0
    runtime.replan()
    update = updates.next("plan")
    assert update.plan.snapshot.orders[0].lines[0].quantity == 150
    runtime.stop()


def test_rounds_keep_their_interval_and_use_the_runtimes_plan(store: CacheStore) -> None:
    seconds = Seconds()
    updates = Updates()
    runtime = PlantRuntime(store, lambda: NOW, updates, rules=True, watch=False,
                           monotonic=seconds)
    runtime.start()
    plan = updates.next("plan").plan
    first = updates.next("rules")
    assert first.plan is plan  # the round ran on the plan the views show
    assert first.round is not None

    runtime.changed(orders_changed(store, 150))  # a feed the rules read: a round, but later
    updates.next("plan")
    assert updates.none_with("rules", within=1.5)
    seconds.now += 15.0
    runtime.request_round()
    assert updates.next("rules").round is not None
    runtime.request_round(now=True)  # a person changed the rules: whatever the interval
    assert updates.next("rules").round is not None
    runtime.stop()


def test_a_question_gets_the_shared_plan_or_none_while_a_replan_waits(
        store: CacheStore) -> None:
    seconds = Seconds()
    updates = Updates()
    runtime = PlantRuntime(store, lambda: NOW, updates, monotonic=seconds)
    runtime.start()
    shown = updates.next("plan").plan
    assert runtime.submit(lambda plan: plan).result(WAIT) is shown

    runtime.pacing.started()
    seconds.now += 2.0
    runtime.pacing.finished()  # the next plan must wait: the cache moves on from `shown`
    runtime.changed(orders_changed(store, 150))
    assert runtime.submit(lambda plan: plan).result(WAIT) is None
    runtime.stop()


def test_a_failing_question_fails_only_its_asker(store: CacheStore) -> None:
    runtime = PlantRuntime(store, lambda: NOW, Updates())
    asked = runtime.submit(lambda _plan: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        asked.result(WAIT)
    assert runtime.submit(lambda _plan: "still here").result(WAIT) == "still here"
    runtime.stop()
    assert runtime.submit(lambda _plan: "too late").cancelled()
