"""The Maintenance view on the hand-sized plant: machines ranked by risk with the model each
one got, the evidence and history, suggested windows with the order lines they delay, and
"Plan this window" going to the outbox once."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from app.analytics.maintenance.risk import Model
from app.domain import ActionKind, MachineState, StateEvent
from app.sync.actions import rfc3339_utc
from tests.unit.schedule_fixtures import MONDAY, fill_cache, local, order, snapshot, work_order
from tests.widgets.recording_queue import RecordingQueue
from widgets.common.cache_counts import CacheCounts
from widgets.common.plan_service import PlanService
from widgets.maintenance.maintenance_view import MaintenanceView
from widgets.maintenance.risk_model import Column, RiskModel

NOW = local(MONDAY, 6)
S = MachineState


def history(machine_id: str, lives: list[float]) -> list[StateEvent]:
    """Running for each life (hours), then down for half an hour; ends running at NOW."""
    stretches: list[tuple[MachineState, float]] = [(S.RUNNING, 2.0)]
    for life in lives:
        stretches += [(S.DOWN, 0.5), (S.RUNNING, life)]
    t = NOW - timedelta(hours=sum(h for _, h in stretches))
    out = []
    for i, (state, hours) in enumerate(stretches):
        end = t + timedelta(hours=hours)
        out.append(StateEvent(id=f"EV-{machine_id}-{i}", machine_id=machine_id, state=state,
                              start=t, end=None if i == len(stretches) - 1 else end,
                              reason="Tool breakage" if state is S.DOWN else ""))
        t = end
    return out


def plant():
    return snapshot(NOW, work_orders=[work_order("W1", 800, links=(("O1", 1, 800),))],
                    orders=[order("O1", "SO-1", 800, promised=MONDAY + timedelta(days=1))])


@pytest.fixture
def make_view(qtbot, store, bridge, qloop):
    def make(with_events: bool = True, engine=None) -> MaintenanceView:
        fill_cache(store, plant())
        if with_events:
            rng = np.random.default_rng(3)
            lives = list(40.0 * rng.weibull(1.8, 60))
            lives[-1] = 30.0  # MA is 30 h into its current run: well into its wear-out
            events = history("MA", lives) + history("MB", [50.0, 80.0, 65.0, 5.0])
            store.upsert("mes", "mes.machine_events", events)
            store.mark_synced("mes", "mes.machine_events", at=NOW)
        planner = PlanService(bridge, store, lambda: NOW)
        view = MaintenanceView(CacheCounts(store, bridge), bridge, store, lambda: NOW,
                               planner=planner, engine=engine)
        planner.setParent(view)
        qtbot.addWidget(view)
        view.resize(1280, 720)
        with qtbot.waitSignal(view.loaded, timeout=20000):
            view.show()
        return view

    return make


def test_machines_ranked_by_risk_with_the_model_each_got(make_view, qtbot, qtmodeltester
                                                         ) -> None:
    view = make_view()
    assert view.pages.currentIndex() == 1
    ids = [view.model.rows[view.proxy.mapToSource(view.proxy.index(r, 0)).row()].machine_id
           for r in range(view.proxy.rowCount())]
    assert ids == ["MA", "MB"]
    ma, mb = (view.model.rows[view.model.row_of(m)] for m in ("MA", "MB"))
    assert ma.model is Model.WEIBULL and mb.model is Model.KAPLAN_MEIER
    assert ma.next_day.value > 0.2
    model_column = view.proxy.index(1, Column.MODEL)
    assert view.proxy.data(model_column) == "Kaplan–Meier"
    assert "with too few failures (Kaplan–Meier)" in view.summary.text()
    qtmodeltester.check(view.model)

    assert view.select_machine("MB")
    assert "too few for a Weibull fit" in view.explanation.text()
    assert view.history.rowCount() == 4
    assert view.select_machine("MA")
    assert view.explanation.text().startswith("Weibull fit on")
    assert "Tool breakage 100 %" in view.modes.text()

    view.search.setText("mb")
    assert view.proxy.rowCount() == 1
    view.search.setText("nothing like it")
    assert view.no_match.isVisible() and not view.table.isVisible()


def test_windows_with_the_lines_they_delay_and_plan_this_window(make_view, qtbot) -> None:
    engine = RecordingQueue()
    view = make_view(engine=engine)
    panel = view.windows_panel
    with qtbot.waitSignal(view.windows_shown, timeout=20000):
        view.select_machine("MA")
    assert panel.table.rowCount() == 3
    # The machine is free after Monday's shift: the suggestions delay nothing.
    assert panel.table.item(0, 1).text() == "0.0"
    assert panel.delays.item(0).text() == "None: the plan keeps every date."
    assert panel.plan_button.isEnabled()
    chosen = panel.current().choice.window
    panel.plan_button.click()
    qtbot.waitUntil(lambda: bool(engine.calls))
    (action,) = engine.calls
    assert action.kind is ActionKind.MAINTENANCE and action.target_id == "CAL"
    assert action.payload["machine_id"] == "MA"
    assert (action.payload["start"], action.payload["end"]) == (rfc3339_utc(chosen.start),
                                                                 rfc3339_utc(chosen.end))
    assert not panel.plan_button.isEnabled()  # once: a second click is no second window
    assert "waiting to be sent" in panel.status.text()


def test_without_state_history_the_view_says_what_it_waits_for(make_view) -> None:
    view = make_view(with_events=False)
    assert view.pages.currentIndex() == 0
    assert "No machine state history" in view.empty.title_label.text()


def test_risk_model_passes_the_model_tester(qtmodeltester) -> None:
    qtmodeltester.check(RiskModel())


def test_a_new_failure_in_the_cache_is_read_and_counted(make_view, qtbot, store, bridge,
                                                        monkeypatch) -> None:
    from app.cache.changes import ChangeSet
    from widgets.maintenance import maintenance_view

    monkeypatch.setattr(maintenance_view, "SETTLE_MS", 0)
    view = make_view()
    before = view.data.figures["MB"].failures
    # MB's current run ends in a breakdown an hour before NOW.
    down = StateEvent(id="EV-MB-new", machine_id="MB", state=S.DOWN,
                      start=NOW - timedelta(hours=1), end=None, reason="Servo drive alarm")
    store.upsert("mes", "mes.machine_events", [down])
    changes = ChangeSet()
    changes.add_upserted("mes.machine_events", "mes", ["EV-MB-new"])
    with qtbot.waitSignal(view.loaded, timeout=20000):
        bridge.publish_changes(changes)
    assert view.data.figures["MB"].failures == before + 1
    assert view.data.risks[[r.machine_id for r in view.data.risks].index("MB")].history.down_now
