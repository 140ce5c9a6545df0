"""The Capacity tab of the Planning view on a hand-built cache (tests/unit/schedule_fixtures:
WC-A and WC-B, one machine each, one shift 06:00-14:00 Monday to Friday; P1 takes 36 s per
unit on each, so 100 units are 1 hour): the chart draws what the analytics compute, the short
week is listed with its gap, and a plant without order history still shows its capacity."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from app.analytics.forecast import capacity_outlook
from app.domain import Opportunity, OpportunityStage, OrderLine, SalesOrder
from tests.unit.schedule_fixtures import (
    MONDAY,
    OrderStatus,
    calendar,
    fill_cache,
    local,
    order,
    snapshot,
)
from widgets.common.cache_counts import CacheCounts
from widgets.common.plan_service import PlanService
from widgets.planning.capacity_panel import WEEKS
from widgets.planning.planning_view import PlanningView

NOW = local(MONDAY, 6)
NEXT_WEEK = MONDAY + timedelta(days=7)


def history(weeks: int = 10) -> list[SalesOrder]:
    """Orders of 100 to 400 units a week, placed on Tuesdays, wanted a week later."""
    orders = []
    for k in range(1, weeks + 1):
        placed = local(MONDAY - timedelta(weeks=k) + timedelta(days=1), 9)
        orders.append(SalesOrder(
            id=f"H{k}", number=f"SO-H{k}", customer_id="C-1", status=OrderStatus.CLOSED,
            created_at=placed,
            lines=[OrderLine(line_no=1, product_id="P1", quantity=Decimal(100 * (1 + k % 4)),
                             unit="pcs",
                             requested_date=placed.date() + timedelta(days=7))]))
    return orders


def opportunity() -> Opportunity:
    return Opportunity(id="OP1", customer_id="C-1", name="Framework", product_id="P1",
                       quantity=Decimal(1000), unit="pcs", stage=OpportunityStage.NEGOTIATE,
                       probability=Decimal("0.5"), expected_close=NEXT_WEEK + timedelta(days=3))


def plant(with_history: bool = True):
    holiday = NEXT_WEEK + timedelta(days=2)  # Wednesday 11 March: 32 h that week
    orders = [order("O1", "SO-0001", 3000, promised=NEXT_WEEK + timedelta(days=1))]
    if with_history:
        orders += history()
    return snapshot(NOW, orders=orders, calendars=[calendar(holidays=(holiday,))])


@pytest.fixture
def open_capacity(qtbot, store, bridge, qloop):
    def open_(snap, opportunities=()) -> PlanningView:
        fill_cache(store, snap)
        if opportunities:
            store.upsert("crm", "crm.opportunities", list(opportunities))
        planner = PlanService(bridge, store, lambda: NOW)
        view = PlanningView(CacheCounts(store, bridge), bridge, store, lambda: NOW,
                            planner=planner)
        planner.setParent(view)
        qtbot.addWidget(view)
        view.resize(1280, 800)
        view.show()
        qtbot.waitUntil(lambda: view.pages.currentIndex() == 1, timeout=10000)
        panel = view.capacity
        with qtbot.waitSignal(panel.shown, timeout=30000):
            view.tabs.setCurrentWidget(panel)
        return view

    return open_


def test_chart_draws_the_analytics_and_lists_the_short_week(open_capacity) -> None:
    snap = plant()
    view = open_capacity(snap, [opportunity()])
    panel = view.capacity
    expected = capacity_outlook(snap, [opportunity()], weeks=WEEKS)
    assert panel.data is not None
    assert panel.data.outlook.centers == expected.centers
    assert [panel.center_box.itemData(i) for i in range(panel.center_box.count())] == [
        "WC-A", "WC-B"]
    for index, center in enumerate(("WC-A", "WC-B")):
        panel.center_box.setCurrentIndex(index)
        weeks = expected.centers[center]
        assert panel.chart.series == {
            "firm": [w.firm_hours for w in weeks],
            "forecast": [w.forecast_hours for w in weeks],
            "opportunities": [w.opportunity_hours for w in weeks],
            "capacity": [w.available_hours for w in weeks]}
        assert panel.chart.series["capacity"][:3] == pytest.approx([40.0, 32.0, 40.0])
        # Next week: 30 h firm + 5 h of the opportunity against 32 h. The 3000 units ordered
        # this week are more than this week's forecast intake (due next week): no forecast
        # hours on top; from the week after, the forecast is load.
        second = weeks[1]
        assert second.firm_hours == pytest.approx(30.0)
        assert second.opportunity_hours == pytest.approx(5.0)
        assert second.forecast_hours == 0.0 and weeks[2].forecast_hours > 0
        gap = 3.0
        assert second.gap_hours == pytest.approx(gap)
        rows = [panel.shortfall_list.item(i) for i in range(panel.shortfall_list.count())]
        short = [s for s in expected.shortfalls if s.work_center_id == center]
        assert len(rows) == len(short) >= 1
        assert rows[0].data(0x0100) == (center, NEXT_WEEK)  # Qt.UserRole
        assert rows[0].text() == (f"W11 (9 March): {gap:,.1f} h short\n"
                                  f"{second.demand_hours:,.1f} h needed, 32.0 h available")
        assert panel.shortfall_title.text() == f"Weeks short of capacity: {len(short)}"
    # The shortfall is labelled on the chart too.
    assert any(label.toPlainText() == f"+{gap:,.1f} h" for label in panel.chart.gaps)


def test_the_forecast_per_product_with_its_band(open_capacity) -> None:
    snap = plant()
    view = open_capacity(snap)
    panel = view.capacity
    expected = capacity_outlook(snap, weeks=WEEKS).forecasts["P1"]
    assert panel.product_box.count() == 1 and panel.product_box.currentData() == "P1"
    assert panel.forecast_pages.currentWidget() is panel.forecast_chart
    chart = panel.forecast_chart
    assert list(chart.history.getData()[1]) == list(expected.history)
    assert list(chart.low.getData()[1]) == pytest.approx(list(expected.forecast.low))
    assert list(chart.high.getData()[1]) == pytest.approx(list(expected.forecast.high))
    assert list(chart.mean.getData()[1])[1:] == pytest.approx(list(expected.forecast.mean))
    # Ten weeks of history, two seasons of four and more: the seasonal model.
    assert expected.forecast.method == "holt-winters"
    assert panel.method_label.text().startswith("Holt-Winters, trend and 4-week season")


def test_without_order_history_the_capacity_shows_and_the_forecast_says_why(
        open_capacity) -> None:
    view = open_capacity(plant(with_history=False))
    panel = view.capacity
    assert panel.pages.currentIndex() == 1
    assert panel.data.outlook.forecasts == {}
    assert not panel.product_box.isEnabled()
    assert panel.forecast_pages.currentWidget() is panel.no_history
    assert panel.no_history.isVisible()
    # Firm 30 h fits into the 32 h of the holiday week: nothing short.
    assert panel.shortfall_list.count() == 0
    assert panel.shortfall_title.text() == "No week short of capacity"
    assert panel.chart.series["firm"][1] == pytest.approx(30.0)
