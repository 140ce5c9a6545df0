"""The Orders view over the demo plant with the console's real plan: the lines it calls at
risk are at risk for reasons that hold in the plant itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.analytics.order_risk import RiskLevel
from app.cache.store import CacheStore
from app.domain import MachineState, ReceiptStatus
from app.sim.plant import Plant
from app.sync.bridge import SyncBridge
from tests.unit.plant_cache import cache_from_plant
from widgets.common.cache_counts import CacheCounts
from widgets.common.plan_service import PlanService
from widgets.orders.orders_view import OrdersView


def test_at_risk_lines_have_reasons_true_in_the_plant(qtbot, tmp_path) -> None:
    bridge = SyncBridge()
    plant = Plant(7, datetime(2026, 3, 2, tzinfo=UTC), history=timedelta(days=2))
    # A machine every gear unit passes through breaks down and stays down for a day.
    plant.set_machine_state("M-321", MachineState.DOWN, "gearbox seized")
    plant.advance(24 * 3600)
    plant.stock.publish_dirty()
    store = CacheStore.open(f"sqlite:///{tmp_path / 'plant.sqlite3'}")
    try:
        cache_from_plant(plant, store)
        planner = PlanService(bridge, store, lambda: plant.now)
        view = OrdersView(CacheCounts(store, bridge), bridge, store, lambda: plant.now,
                          planner)
        planner.setParent(view)
        qtbot.addWidget(view)
        view.show()
        with qtbot.waitSignal(planner.plan_ready, timeout=30_000):
            planner.replan()
        qtbot.waitUntil(lambda: view.data is not None and view.data.plan is not None,
                        timeout=30_000)
        at_risk = [r for r in view.model.rows if r.risk in (RiskLevel.AT_RISK, RiskLevel.LATE)]
        assert at_risk, "the plant has a machine down for a day and no line is at risk"
        codes = {reason.code for row in at_risk for reason in row.reasons}
        assert codes & {"machine_down", "predicted_late", "predicted_late_1",
                        "waiting_material", "waiting_material_none"}
        for row in at_risk:
            for reason in row.reasons:
                values = dict(reason.values)
                if reason.code == "machine_down":
                    assert plant.floor.by_id[values["machine"]].status.state \
                        == MachineState.DOWN
                elif reason.code == "waiting_material_none":
                    item = values["item"]
                    open_receipts = [r for r in store.all("demo-mes", "mes.receipts")
                                     if r.item_id == item and r.status == ReceiptStatus.OPEN]
                    assert open_receipts == [] or sum(r.quantity for r in open_receipts) \
                        + plant.lots.available(item) < sum(
                            b.quantity_per_unit * wo.quantity
                            for wo in plant.production.work_orders.values()
                            for b in plant.products[wo.product_id].bom
                            if b.component_id == item and wo.status.value == "released")
                elif reason.code == "waiting_material":
                    # The wait ends with a purchase order the plant really has open.
                    assert any(r.item_id == values["item"] and r.status == ReceiptStatus.OPEN
                               and r.expected_at > plant.now
                               for r in store.all("demo-mes", "mes.receipts"))
                elif reason.code in ("predicted_late", "predicted_late_1"):
                    assert row.predicted > row.promised
    finally:
        store.close()
