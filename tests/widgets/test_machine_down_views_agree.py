"""Against the real demo plant: a machine with open work goes down, and the alert, the machine
detail, the Orders view and the Overview name the same orders as waiting on it (one fact, one
place: `app.analytics.impact`). Assembly cells 1 (M-311) is the machine a user found the views
disagreeing on: the alert named 8 orders while the detail said none waited on it."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
from PySide6.QtCore import Qt

from app.analytics.fulfilment import Reason
from app.automation.alerts import AlertKind
from app.domain import MachineState
from app.sync.engine import SyncEngine
from app.sync.sources import demo_sources
from tests.integration.conftest import START
from widgets.alerts.alert_center import AlertCenter
from widgets.common.cache_counts import CacheCounts
from widgets.common.plan_service import PlanService
from widgets.common.runtime_link import RuntimeLink
from widgets.machines.machines_view import MachinesView
from widgets.orders.orders_view import OrdersView
from widgets.overview.overview_view import OverviewView

MACHINE = "M-311"  # Assembly cells 1
# The console looks at the plant two weeks after the machine went down: longer than any open
# line's slack, so Orders and the Overview flag every line that waits on it.
DOWN_FOR = timedelta(days=14)



def names_machine(reasons: tuple[Reason, ...]) -> bool:
    return any(r.code == "machine_down" and dict(r.values)["machine"] == MACHINE
               for r in reasons)


def test_alert_detail_orders_and_overview_name_the_same_orders(
        qtbot, qloop, bridge, clock, plant_url, plant_store) -> None:
    clock.now = datetime.fromisoformat(START) + DOWN_FOR
    engine = SyncEngine.for_sources(demo_sources(plant_url), plant_store, events=bridge)

    def poll() -> None:
        for source in ("demo-mes", "demo-crm"):
            qloop.run_until_complete(engine.poller.sync_source_once(source))

    counts = CacheCounts(plant_store, bridge)
    machines = MachinesView(counts, bridge, plant_store, clock)
    qtbot.addWidget(machines)
    # Everything else is owned by the machines view, which qtbot deletes: nothing outlives
    # the test to call a view deleted before it.
    counts.setParent(machines)
    # The window's runtime: one plan, and the machines it sees go down.
    runtime = RuntimeLink(bridge, plant_store, clock, parent=machines)
    planner = PlanService(bridge, plant_store, clock, machines, runtime=runtime)
    alerts = AlertCenter(runtime, machines)
    machines.planner = planner  # as the window builds it: the detail judges on this plan
    machines.show()
    try:
        poll()
        qtbot.waitUntil(lambda: machines.model.rowCount() >= 20, timeout=10_000)
        with httpx.Client(base_url=plant_url) as client:
            answer = client.put(f"/sim/v1/machines/{MACHINE}/state",
                                json={"state": "down", "reason": "spindle bearing"})
            assert answer.status_code == 200, answer.text
        poll()

        # The alert.
        qtbot.waitUntil(lambda: len(alerts.open_alerts()) == 1, timeout=10_000)
        alert = alerts.open_alerts()[0]
        assert (alert.kind, alert.subject_id) == (AlertKind.MACHINE_DOWN, MACHINE)
        named_by_alert = {a.order_number for a in alert.affected}
        assert named_by_alert, "M-311 has open work: its downtime affects orders"

        # The console's plan with the machine down, which Orders and the Overview weigh on.
        planner.replan()
        qtbot.waitUntil(lambda: planner.result is not None
                        and planner.result.snapshot.statuses[MACHINE].state
                        == MachineState.DOWN, timeout=30_000)

        # The machine detail's "Orders at risk".
        detail = machines.open_detail(("demo-mes", MACHINE))
        assert detail is not None
        qtbot.waitUntil(lambda: detail.data is not None, timeout=10_000)
        table = detail.orders
        named_by_detail = {table.item(row, 0).text() for row in range(table.rowCount())}
        assert not detail.orders_empty.isVisible()

        # The Orders rows whose risk names the machine.
        orders = OrdersView(counts, bridge, plant_store, clock, planner, parent=machines)
        orders.setWindowFlag(Qt.WindowType.Window)  # a window of its own, shown like a view
        orders.show()
        qtbot.waitUntil(lambda: orders.data is not None and orders.data.plan is planner.plan,
                        timeout=30_000)
        flagged_in_orders = {row.number for row in orders.model.rows
                             if names_machine(row.reasons)}

        # The Overview's orders at risk, those for the machine.
        overview = OverviewView(counts, clock, bridge, plant_store, planner, machines)
        overview.setWindowFlag(Qt.WindowType.Window)
        overview.show()
        qtbot.waitUntil(lambda: overview.figures is not None, timeout=30_000)
        figures = overview.figures
        at_risk = figures.kpis["orders_at_risk"].keys
        flagged_in_overview = {figures.orders[order_id][1].number
                               for order_id, line_no in at_risk
                               if names_machine(figures.risks[(order_id, line_no)].reasons)}

        assert named_by_detail == named_by_alert
        assert flagged_in_orders == named_by_alert
        assert flagged_in_overview == named_by_alert
    finally:
        qloop.run_until_complete(engine.stop())
