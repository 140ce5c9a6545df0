"""The Materials view on a hand-planned plant: the item the plan runs short of comes first with
the order line it holds up and the receipt that resolves it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.unit.schedule_fixtures import MONDAY, fill_cache, local, order, snapshot, work_order
from tests.unit.test_schedule_materials import p1_with_bom, receipt, stock
from widgets.common.plan_service import PlanService
from widgets.materials.materials_view import MaterialsView

NOW = local(MONDAY, 6)
WEDNESDAY = MONDAY + timedelta(days=2)


@pytest.fixture
def make_view(qtbot, store, bridge):
    def make(snap) -> MaterialsView:
        fill_cache(store, snap)
        planner = PlanService(bridge, store, lambda: NOW)
        view = MaterialsView(planner)
        planner.setParent(view)
        qtbot.addWidget(view)
        view.resize(1200, 700)
        view.show()
        planner.request()
        return view

    return make


def short_plant():
    orders = [order("O1", "SO-0001", 100, promised=MONDAY)]
    wos = [work_order("W1", 200, priority=1),
           work_order("W2", 100, priority=2, links=(("O1", 1, 100),))]
    return snapshot(NOW, work_orders=wos, orders=orders, products={"P1": p1_with_bom()},
                    stock=[stock("RM1", 400), stock("RM2", 50)],
                    receipts=[receipt("RM1", 600, local(WEDNESDAY, 10))])


def test_short_item_with_the_order_it_holds_and_its_receipt(make_view, qtbot) -> None:
    view = make_view(short_plant())
    qtbot.waitUntil(lambda: view.pages.currentIndex() == 1 and view.model.rowCount() > 0)
    # Only RM1 is short; RM2 (nothing takes it) is hidden until asked for.
    assert view.proxy.rowCount() == 1
    first = view.model.rows[view.proxy.mapToSource(view.proxy.index(0, 0)).row()]
    assert first.item_id == "RM1" and first.waiting_jobs == ("W2",)
    assert view.select_item("RM1")
    assert [view.waiting.item(i).text() for i in range(view.waiting.count())] == [
        "SO-0001 / 1"]
    assert view.receipts.item(0).text() == "4 March: 600 kg (PO-1, Steel Co.)"
    assert "can start on 4 March" in view.detail_title.text()
    view.only_short.setChecked(False)
    assert [r.item_id for r in view.model.rows] == ["RM1", "RM2"]
    assert view.proxy.rowCount() == 2
    view.search.setText("rm2")
    assert view.proxy.rowCount() == 1


def test_click_through_shows_an_item_even_when_filtered_out(make_view, qtbot) -> None:
    view = make_view(short_plant())
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert view.select_item("RM2")
    assert view.current_item() == "RM2" and not view.only_short.isChecked()


def test_model_passes_the_model_tester(make_view, qtbot, qtmodeltester) -> None:
    view = make_view(short_plant())
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)


def test_without_stock_data_the_view_says_so(make_view, qtbot) -> None:
    view = make_view(snapshot(NOW, work_orders=[work_order("W1", 10)]))
    qtbot.waitUntil(lambda: view.planner.result is not None)
    assert view.pages.currentIndex() == 0
    assert view.empty.title_label.text() == "No stock levels from the MES"


def test_from_an_order_held_up_by_material_to_the_material(make_window, store, qtbot) -> None:
    fill_cache(store, short_plant())
    window = make_window(store=store)
    window.planner.clock = lambda: NOW
    window.planner.replan()
    materials = window.views["materials"]
    qtbot.waitUntil(lambda: materials.model.rowCount() == 2)
    window.views["orders"].detail.material_requested.emit("RM2")
    assert window.current_view_name() == "materials"
    assert materials.current_item() == "RM2"
