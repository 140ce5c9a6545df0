"""The console's planner keeps to its share of a core: after a long plan, changes wait for the
paced replan instead of planning back to back."""

from __future__ import annotations

from app.runtime.pacing import Pacing
from tests.unit.schedule_fixtures import MONDAY, fill_cache, local, order, snapshot, work_order
from widgets.common.plan_service import PLAN_SHARE, PlanService

NOW = local(MONDAY, 6)


class Seconds:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_long_plan_paces_the_next(qtbot, store, bridge) -> None:
    fill_cache(store, snapshot(NOW, work_orders=[work_order("W1", 100, links=(("O1", 1, 100),))],
                               orders=[order("O1", "SO-1", 100, promised=MONDAY)]))
    planner = PlanService(bridge, store, lambda: NOW)
    seconds = Seconds()
    planner.pacing = Pacing(PLAN_SHARE, seconds)
    with qtbot.waitSignal(planner.plan_ready, timeout=10_000):
        planner.request()

    # As if that plan had taken 2 s: the next may start 38 s after it (5 % of a core).
    planner.pacing.started()
    seconds.now += 2.0
    planner.pacing.finished()
    changes = store.upsert("crm", "crm.orders", [order("O1", "SO-1", 150, promised=MONDAY)])
    with qtbot.assertNotEmitted(planner.plan_ready, wait=1_000):
        bridge.publish_changes(changes)
    assert planner._paced.isActive()
    assert 36_000 < planner._paced.remainingTime() <= 38_000

    # Its time come, it plans the change.
    seconds.now += 40.0
    planner._paced.stop()
    with qtbot.waitSignal(planner.plan_ready, timeout=10_000) as ready:
        planner._paced.timeout.emit()  # as the timer does when it runs out
    assert ready.args[0] is planner.plan
    assert planner.result.snapshot.orders[0].lines[0].quantity == 150
