"""A desk of a shared cache raises the alerts of the rule firings the sync agent stores, once
each, and its event log reloads; firings from before the desk opened raise nothing."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from app.automation.rules import evaluate
from app.automation.rules.model import Occurrence, RuleAction, RuleEvent
from app.automation.rules.store import record_firings
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge
from tests.unit.rules_round_cache import fill
from widgets.alerts.alert_center import AlertCenter
from widgets.shared import shared_firings
from widgets.shared.shared_firings import SharedFirings

AT = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def down(key: str, machine: str) -> Occurrence:
    return Occurrence(rule_id="machine-down", event=RuleEvent.MACHINE_DOWN_SLACK, key=key,
                      at=AT, subject=machine, facts={"machine": machine})


def slip(key: str) -> Occurrence:
    return Occurrence(rule_id="slip-notice", event=RuleEvent.COMPLETION_SLIP, key=key, at=AT,
                      subject="SO-1042/1", order_source="crm", order_id="SO-1042")


ACTIONS = {"machine-down": RuleAction.ALERT, "slip-notice": RuleAction.NOTICE}


def test_only_new_alert_firings_raise_alerts_once(qtbot, store: CacheStore,
                                                   bridge: SyncBridge) -> None:
    # What the agent stored before this desk opened: shown then, not raised again now.
    record_firings(store, [down("M-111@1", "M-111")], ACTIONS, now=AT)
    alerts = AlertCenter()
    raised: list = []
    alerts.raised.connect(raised.append)
    firings = SharedFirings(store, alerts, clock=lambda: AT)
    firings.start()
    qtbot.waitUntil(lambda: firings.seen is not None)

    # The agent stores two more (an alert and a notice offer) and NOTIFIES "firings".
    record_firings(store, [down("M-212@1", "M-212"), slip("SO-1042/1@2026-11-30")], ACTIONS,
                   now=AT)
    with qtbot.waitSignal(firings.changed):
        firings.check()
    assert [(a.subject_id, a.kind.value) for a in raised] == [("M-212", "machine_down")]

    # Told again with nothing new: no alert, no reload of the event log.
    reloads: list = []
    firings.changed.connect(lambda: reloads.append(True))
    firings.check()
    assert firings.reading
    qtbot.waitUntil(lambda: not firings.reading)
    assert reloads == [] and len(raised) == 1


def test_a_check_before_the_start_finishes_is_not_lost(qtbot, store: CacheStore,
                                                       bridge: SyncBridge) -> None:
    alerts = AlertCenter()
    firings = SharedFirings(store, alerts, clock=lambda: AT)
    firings.check()  # not started: it starts, then looks
    qtbot.waitUntil(lambda: firings.seen == 0)
    record_firings(store, [down("M-311@1", "M-311")], ACTIONS, now=AT)
    with qtbot.waitSignal(alerts.raised) as raised:
        firings.check()
    assert raised.args[0].subject_id == "M-311"


class DeskEngine:
    """What a desk's window gets instead of a sync engine (app.cache.shared_mode.SharedOutbox):
    its sync_now reads the shared cache again."""

    reloads_only = True

    def __init__(self) -> None:
        self.reloads = 0

    def sync_now(self) -> None:
        self.reloads += 1


def test_a_desks_window_reloads_instead_of_syncing_and_lists_the_agents_firings(
        qtbot, make_window, store: CacheStore) -> None:
    engine = DeskEngine()
    window = make_window(store=store, engine=engine, run_rules=False)
    assert window.rule_runner is None and window.shared_firings is not None
    button = window.sync_now_button
    assert button.text() == "Reload"
    assert "sync agent" in button.toolTip()
    assert window.health_bar.no_sources_label.text() == (
        "The sync agent reads the sources for every desk")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert engine.reloads == 1

    # The agent stores a firing and NOTIFIES it: the Events view lists it, the alert bar shows.
    events = window.views["events"]
    qtbot.waitUntil(lambda: window.shared_firings.seen is not None
                    and events.background.pending == 0)  # its first load is done
    assert events.rows == []
    record_firings(store, [down("M-121@1", "M-121")], ACTIONS, now=AT)
    with qtbot.waitSignals([window.alert_center.raised, events.loaded]):
        window.shared_firings.check()
    assert [f.subject for f in events.rows] == ["M-121"]


def test_the_alerts_of_a_read_are_built_in_the_worker_and_raised_in_one_batch(
        qtbot, store: CacheStore, bridge: SyncBridge, monkeypatch) -> None:
    built_on_gui: list[int] = []
    real = shared_firings.alert_for

    def alert_for(*args):
        if threading.current_thread() is threading.main_thread():
            built_on_gui.append(1)
        return real(*args)

    monkeypatch.setattr(shared_firings, "alert_for", alert_for)
    alerts = AlertCenter()
    changes: list[int] = []
    alerts.changed.connect(lambda: changes.append(1))
    firings = SharedFirings(store, alerts, clock=lambda: AT)
    firings.start()
    qtbot.waitUntil(lambda: firings.seen is not None)
    record_firings(store, [down(f"M-{n}@1", f"M-{n}") for n in range(50)]
                   + [slip("SO-1042/1@2026-11-30")], ACTIONS, now=AT)
    with qtbot.waitSignal(firings.changed):
        firings.check()
    assert alerts.open_count() == 50 and changes == [1]  # one change for the whole read
    assert built_on_gui == []


@pytest.mark.parametrize("run_rules", [True, False], ids=["own desk", "shared desk"])
def test_a_desk_of_a_shared_cache_evaluates_no_rules(qtbot, make_window, store: CacheStore,
                                                     bridge: SyncBridge, monkeypatch,
                                                     run_rules: bool) -> None:
    # What would fire on a desk that runs its own rules: orders without work orders.
    fill(store)
    evaluated: list[int] = []
    real = evaluate.evaluate
    monkeypatch.setattr(evaluate, "evaluate",
                        lambda *args: (evaluated.append(1), real(*args))[1])
    window = make_window(store=store, engine=DeskEngine(), run_rules=run_rules)
    # What starts a round on a desk: a change to a feed the rules read, a new plan.
    changes = ChangeSet()
    changes.add_upserted("crm.orders", "crm", ["O0"])
    bridge.publish_changes(changes)
    window.planner.plan_ready.emit(window.planner.plan)
    if run_rules:  # the check itself: a desk of its own does run them
        qtbot.waitUntil(lambda: evaluated != [], timeout=30_000)
        return
    for _ in range(3):  # whatever the runtime was asked meanwhile has run, and its answer
        window.runtime.runtime.submit(lambda _plan: None).result(timeout=60)
        qtbot.wait(50)
    assert window.rule_runner is None and evaluated == []
