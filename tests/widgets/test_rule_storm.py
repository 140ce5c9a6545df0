"""A storm of rule firings (a plant whose MES is not linked: every confirmed line lacks a work
order) is stored once each, raised in one change of the alert centre, with the per-firing work
done in the worker; CRM activities are queued once each."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from app.automation.rules.model import DEFAULT_RULES, ActionState, RuleAction
from app.automation.rules.store import firings, save_rules
from app.cache.store import CacheStore
from app.domain import Customer, OrderLine, OrderStatus, SalesOrder
from tests.widgets.recording_queue import RecordingQueue
from widgets.alerts.alert_bar import AlertBar
from widgets.alerts.alert_center import AlertCenter
from widgets.automation import rule_runner
from widgets.automation.rule_runner import RuleRunner

NOW = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
STORM = 5000


def plant(store: CacheStore, orders: int, action: RuleAction = RuleAction.ALERT) -> None:
    """`orders` confirmed orders of one line each, none with a work order; only the rule
    "order without a work order" enabled, with `action`."""
    save_rules(store, [dataclasses.replace(r, enabled=r.id == "order_without_wo",
                                           action=action if r.id == "order_without_wo"
                                           else r.action) for r in DEFAULT_RULES])
    store.upsert("crm", "crm.customers", [Customer(id="C1", number="K1", name="Acme",
                                                   key_account=True)])
    store.upsert("crm", "crm.orders", [SalesOrder(
        id=f"O{n}", number=f"SO-{n}", customer_id="C1", status=OrderStatus.CONFIRMED,
        created_at=NOW - timedelta(hours=6, minutes=n % 50),
        lines=[OrderLine(line_no=1, product_id="P-300", quantity=D(5), unit="pcs",
                         requested_date=NOW.date() + timedelta(days=9))])
        for n in range(orders)])
    for feed in ("crm.customers", "crm.orders"):
        store.mark_synced("crm", feed, at=NOW)


@pytest.fixture
def gui_alert_building(monkeypatch) -> list[int]:
    """Counts alerts built on the GUI thread (there should be none: the worker builds them)."""
    built_on_gui: list[int] = []
    real = rule_runner.alert_for

    def alert_for(*args):
        if threading.current_thread() is threading.main_thread():
            built_on_gui.append(1)
        return real(*args)

    monkeypatch.setattr(rule_runner, "alert_for", alert_for)
    return built_on_gui


def test_a_storm_is_stored_once_and_raised_in_one_change(qtbot, store: CacheStore,
                                                         desk_runtime,
                                                         gui_alert_building) -> None:
    plant(store, STORM)
    link = desk_runtime(store, lambda: NOW)
    center = AlertCenter(link)
    bar = AlertBar(center)
    qtbot.addWidget(bar)
    changes: list[int] = []
    center.changed.connect(lambda: changes.append(1))
    runner = RuleRunner(link, None)
    fired: list[list] = []
    runner.fired.connect(fired.append)
    with qtbot.waitSignal(runner.round_done, timeout=60_000) as done:
        runner.run_now()
    assert done.args == [STORM] and [len(f) for f in fired] == [STORM]
    assert changes == [1]  # one refresh of the bar and the list for the whole round
    assert gui_alert_building == []
    shown = center.open_alerts()
    assert len(shown) == center.open_count() == STORM
    assert len({a.key for a in shown}) == STORM
    assert [(a.since, a.key) for a in shown] == sorted(((a.since, a.key) for a in shown),
                                                        key=lambda p: p[0], reverse=True)
    assert bar.shown_key() == shown[0].key == center.newest().key
    assert bar.show_all_button.text() == f"Alarms ({STORM})"
    stored = firings(store)
    assert len(stored) == STORM
    assert {f.action_state for f in stored} == {ActionState.RAISED}  # stored by the worker

    with qtbot.waitSignal(runner.round_done, timeout=60_000) as again:
        runner.run_now()  # the next poll: the same lines, nothing new
    assert again.args == [0] and changes == [1] and len(firings(store)) == STORM


def test_a_storm_of_activities_queues_each_once(qtbot, store: CacheStore, qloop,
                                                desk_runtime) -> None:
    plant(store, 300, RuleAction.ACTIVITY)
    engine = RecordingQueue()
    runner = RuleRunner(desk_runtime(store, lambda: NOW), engine)

    async def round_and_queue() -> list[int]:
        # On the running loop, as in the console: the round's `changed`, then the one after
        # the queued actions' states are stored.
        rounds: list[int] = []
        changes: list[int] = []
        stored = asyncio.Event()
        runner.round_done.connect(rounds.append)
        runner.changed.connect(lambda: (changes.append(1), len(changes) == 2 and stored.set()))
        runner.run_now()
        await asyncio.wait_for(stored.wait(), 60)
        return rounds

    assert qloop.run_until_complete(round_and_queue()) == [300]
    assert {f.action_state for f in firings(store)} == {ActionState.QUEUED}
    assert sorted(a.target_id for a in engine.calls) == sorted(f"O{n}" for n in range(300))
    with qtbot.waitSignal(runner.round_done, timeout=60_000) as again:
        runner.run_now()
    assert again.args == [0] and len(engine.calls) == 300


def test_without_an_engine_activities_are_marked_offline(qtbot, store: CacheStore,
                                                        desk_runtime) -> None:
    plant(store, 20, RuleAction.ACTIVITY)
    runner = RuleRunner(desk_runtime(store, lambda: NOW), None)
    with qtbot.waitSignal(runner.round_done, timeout=60_000):
        runner.run_now()
    qtbot.waitUntil(lambda: {f.action_state for f in firings(store)} == {ActionState.OFFLINE})
