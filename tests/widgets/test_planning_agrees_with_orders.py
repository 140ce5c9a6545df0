"""One fact, one place, on a cache filled from the demo plant: for an open order line, the date
the Planning view's delivery-date check gives is the predicted completion the Orders view shows,
for lines made by their own work orders, by a shared batch, and partly made already (their
finished part in stock). Both views share one planner on one pinned clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from app.domain import OrderStatus
from app.sim.plant import Plant
from tests.unit.plant_cache import cache_from_plant
from tests.unit.schedule_fixtures import MONDAY, fill_cache, local, order, snapshot
from tests.widgets.recording_queue import RecordingQueue
from widgets.common.cache_counts import CacheCounts
from widgets.common.plan_service import PlanService
from widgets.orders.orders_view import OrdersView
from widgets.planning.planning_view import PlanningView

# Ten days of history (seed 3): finished stock, batches serving several lines, lines part made
# with free stock of their product.
START = datetime(2026, 3, 2, tzinfo=UTC)
HISTORY = timedelta(days=10)
OPEN = (OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION)


def test_planning_answers_the_date_orders_predicts(qtbot, qloop, store, bridge) -> None:
    plant = Plant(3, START, history=HISTORY)
    cache_from_plant(plant, store)
    clock = lambda: plant.now  # noqa: E731  (pinned: both views plan at the same time)
    planner = PlanService(bridge, store, clock)
    orders = OrdersView(CacheCounts(store, bridge), bridge, store, clock, planner)
    planning = PlanningView(CacheCounts(store, bridge), bridge, store, clock, planner=planner,
                            engine=RecordingQueue())
    planner.setParent(planning)
    for view in (orders, planning):
        qtbot.addWidget(view)
        view.show()
    qtbot.waitUntil(lambda: orders.data is not None and orders.data.plan is not None,
                    timeout=30_000)
    qtbot.waitUntil(lambda: planning.feasibility.line_box.count() > 1, timeout=30_000)
    panel = planning.feasibility
    free = {s.item_id: s.on_hand - s.reserved for s in store.all("demo-mes", "mes.stock")}
    rows = [r for r in orders.model.rows
            if r.status in OPEN and r.predicted is not None and r.requested >= panel.today]
    part_made = [r for r in rows if 0 < r.progress < 1 and free.get(r.product, 0) > 0]
    assert len(rows) >= 10 and part_made, "the plant no longer has the lines this test needs"

    answers = {}
    for row in rows:
        assert panel.select_line(row.order_id, row.line_no)
        assert Decimal(panel.quantity_edit.text().replace(",", "")) == row.quantity
        with qtbot.waitSignal(panel.answered, timeout=30_000) as answered:
            panel.check_button.click()
        answers[(row.order_id, row.line_no)] = answered.args[0]
    wrong = [(r.number, r.line_no, r.progress, r.predicted,
              answers[(r.order_id, r.line_no)].earliest) for r in rows
             if answers[(r.order_id, r.line_no)].earliest != r.predicted]
    assert wrong == [], "(order, line, progress, Orders' date, Planning's date)"
    # The line's own work is what the plan counts on: no finished stock is handed to it, and
    # asking about it pushes no other line.
    for row in part_made:
        answer = answers[(row.order_id, row.line_no)]
        assert answer.atp is None or answer.atp.from_stock == 0
        assert answer.slips == ()
        assert answer.feasible == (row.predicted <= row.requested)


def test_planning_answers_from_the_plan_the_other_views_show(qtbot, qloop, store,
                                                             bridge) -> None:
    """The clock moves on, the cache does not: the shared plan (made at 06:00) is still what
    Orders shows, so Planning answers from it rather than from a plan of its own at 12:00."""
    fill_cache(store, snapshot(local(MONDAY, 6), orders=[
        order("O1", "SO-0001", 200, promised=MONDAY + timedelta(days=1))]))
    now = [local(MONDAY, 6)]
    planner = PlanService(bridge, store, lambda: now[0])
    planning = PlanningView(CacheCounts(store, bridge), bridge, store, lambda: now[0],
                            planner=planner)
    planner.setParent(planning)
    qtbot.addWidget(planning)
    panel = planning.feasibility
    qtbot.waitUntil(lambda: panel.line_box.count() > 1, timeout=10_000)
    shown = planner.plan.line_completion_date(("O1", 1))
    assert shown == MONDAY  # Turning 06-08, Paint 08-10
    now[0] = local(MONDAY, 12)  # a plan of 12:00 would paint it on Tuesday
    assert panel.select_line("O1", 1)
    with qtbot.waitSignal(panel.answered, timeout=10_000) as answered:
        panel.check_button.click()
    assert answered.args[0].earliest == shown
