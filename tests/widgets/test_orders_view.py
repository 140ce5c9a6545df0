"""The Orders view over a hand-built cache and a hand-built Plan: progress, predicted completion,
risk with its reason, sorting, filters, the order's detail, what is not linked, the linking
rules dialog, and the view keeping up with the cache, the scheduler and the machines.

The site is in Asia/Taipei; the clock stands at 3 Mar 2025 16:00 there (08:00 UTC)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QObject, Qt, Signal

from app.analytics import fulfilment, order_risk
from app.analytics.fulfilment import KeyKind, LinkingRules
from app.analytics.order_risk import RiskLevel
from app.analytics.schedule.plan import JobPlan, Plan, PlannedOperation
from app.cache.store import CacheStore
from app.domain import (
    Customer,
    Equipment,
    EquipmentLevel,
    FulfilmentLink,
    MachineState,
    MachineStatus,
    Operation,
    OperationStatus,
    OrderLine,
    OrderStatus,
    Product,
    PromiseChange,
    SalesOrder,
    Shipment,
    ShipmentLot,
    Site,
    WorkOrder,
    WorkOrderStatus,
)
from app.sync.bridge import SyncBridge
from tests.widgets.conftest import START, FakeClock
from widgets.common.cache_counts import CacheCounts
from widgets.orders.order_texts import REASON_TEMPLATES
from widgets.orders.orders_model import Column
from widgets.orders.orders_view import OrdersView
from widgets.orders.unlinked_panel import UnlinkedColumn

CRM, MES = "crm", "mes"
TAIPEI = ZoneInfo("Asia/Taipei")


def local(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=TAIPEI).astimezone(UTC)


def _line(no: int, product: str, qty: int, promised: date | None, requested: date,
          history: list[PromiseChange] | None = None) -> OrderLine:
    return OrderLine(line_no=no, product_id=product, quantity=D(qty), unit="pcs",
                     requested_date=requested, promised_date=promised,
                     promise_history=history or [])


def _order(oid: str, number: str, customer: str, status: OrderStatus, po: str,
           *lines: OrderLine) -> SalesOrder:
    return SalesOrder(id=oid, number=number, customer_id=customer, status=status,
                      customer_po=po, created_at=START - timedelta(days=12), lines=list(lines))


def _wo(wid: str, number: str, product: str, qty: int, good: int, status: WorkOrderStatus,
        links: list[tuple[str, int, int]], operations: list[Operation] | None = None,
        due: date | None = None) -> WorkOrder:
    return WorkOrder(id=wid, number=number, product_id=product, quantity=D(qty), unit="pcs",
                     good=D(good), status=status, due_date=due, operations=operations or [],
                     output_lot_id=f"LOT-{wid}",
                     links=[FulfilmentLink(order_id=o, line_no=n, work_order_id=wid,
                                           quantity=D(q), unit="pcs") for o, n, q in links])


def _op(seq: int, wc: str, machine: str, status: OperationStatus,
        start: datetime | None = None, end: datetime | None = None) -> Operation:
    return Operation(sequence=seq, work_center_id=wc, machine_id=machine, status=status,
                     planned_start=start, planned_end=end, actual_start=start
                     if status != OperationStatus.PENDING else None,
                     actual_end=end if status == OperationStatus.DONE else None)


ORDERS = [
    _order("O1", "SO-1042", "C1", OrderStatus.IN_PRODUCTION, "PO-555",
           _line(1, "P-300", 100, date(2025, 3, 7), date(2025, 3, 6), [PromiseChange(
               changed_at=START - timedelta(days=2), old_date=date(2025, 3, 6),
               new_date=date(2025, 3, 7), by="planner.lin", reason="machine breakdown")]),
           _line(2, "P-310", 40, date(2025, 3, 10), date(2025, 3, 10))),
    _order("O2", "SO-1043", "C2", OrderStatus.CONFIRMED, "PO-777",
           _line(1, "P-300", 60, date(2025, 3, 5), date(2025, 3, 5))),
    _order("O3", "SO-1044", "C3", OrderStatus.IN_PRODUCTION, "PO-888",
           _line(1, "P-300", 30, date(2025, 3, 14), date(2025, 3, 12))),
    _order("O4", "SO-1040", "C2", OrderStatus.SHIPPED, "PO-701",
           _line(1, "P-310", 20, date(2025, 2, 27), date(2025, 2, 27))),
    _order("O5", "SO-1045", "C1", OrderStatus.CONFIRMED, "",
           _line(1, "P-310", 25, date(2025, 3, 20), date(2025, 3, 18))),
    _order("O6", "SO-1039", "C3", OrderStatus.IN_PRODUCTION, "PO-690",
           _line(1, "P-300", 10, date(2025, 2, 28), date(2025, 2, 28))),
]

WORK_ORDERS = [
    _wo("W1", "MO-2012", "P-300", 100, 40, WorkOrderStatus.RUNNING, [("O1", 1, 100)], [
        _op(10, "WC-210", "M-212", OperationStatus.RUNNING, local(3, 1, 8), None),
        _op(20, "WC-310", "M-311", OperationStatus.PENDING)], due=date(2025, 3, 7)),
    _wo("W2", "MO-2013", "P-310", 40, 0, WorkOrderStatus.RELEASED, [("O1", 2, 40)],
        [_op(10, "WC-210", "M-211", OperationStatus.PENDING)], due=date(2025, 3, 10)),
    _wo("W3", "MO-2014", "P-300", 30, 12, WorkOrderStatus.RUNNING, [("O3", 1, 30)],
        [_op(10, "WC-310", "M-311", OperationStatus.RUNNING, local(3, 3, 9), None)],
        due=date(2025, 3, 13)),
    _wo("W4", "MO-2011", "P-310", 20, 20, WorkOrderStatus.COMPLETED, [("O4", 1, 20)],
        [_op(10, "WC-210", "M-211", OperationStatus.DONE, local(2, 24, 8), local(2, 25, 8))],
        due=date(2025, 2, 26)),
    _wo("W5", "MO-2010", "P-300", 10, 4, WorkOrderStatus.RUNNING, [("O6", 1, 10)],
        [_op(10, "WC-310", "M-311", OperationStatus.RUNNING, local(3, 2, 8), None)],
        due=date(2025, 2, 28)),
    _wo("W6", "MO-2015", "P-310", 50, 0, WorkOrderStatus.RELEASED, [],
        [_op(10, "WC-210", "M-211", OperationStatus.PENDING)], due=date(2025, 3, 19)),
]


def _job(wid: str, product: str, start: datetime, finish: datetime, machine: str,
         wc: str) -> JobPlan:
    return JobPlan(job_id=wid, product_id=product, quantity=10.0, priority=3,
                   need_date=None, work_order_id=wid, finish=finish,
                   operations=(PlannedOperation(job_id=wid, sequence=10, work_center_id=wc,
                                                machine_id=machine, start=start,
                                                finish=finish),))


O1_FINISH = local(3, 7, 21)  # SO-1042 line 1: 3 h before the end of its promised day


def make_plan(o1_line1: datetime = O1_FINISH) -> Plan:
    jobs = {
        "W1": JobPlan(job_id="W1", product_id="P-300", quantity=60.0, priority=3,
                      need_date=date(2025, 3, 7), work_order_id="W1", finish=o1_line1,
                      operations=(
                          PlannedOperation(job_id="W1", sequence=10, work_center_id="WC-210",
                                           machine_id="M-212", start=local(3, 1, 8),
                                           finish=local(3, 5, 8), running=True),
                          PlannedOperation(job_id="W1", sequence=20, work_center_id="WC-310",
                                           machine_id="M-311", start=local(3, 5, 8),
                                           finish=o1_line1))),
        "W2": _job("W2", "P-310", local(3, 8, 8), local(3, 12, 15), "M-211", "WC-210"),
        "W3": _job("W3", "P-300", local(3, 3, 9), local(3, 11, 15), "M-311", "WC-310"),
        "W5": _job("W5", "P-300", local(3, 2, 8), local(3, 4, 15), "M-311", "WC-310"),
        "line:O2:1": JobPlan(job_id="line:O2:1", product_id="P-300", quantity=60.0,
                             priority=3, need_date=date(2025, 3, 5), order_line=("O2", 1),
                             finish=local(3, 5, 10), operations=(PlannedOperation(
                                 job_id="line:O2:1", sequence=10, work_center_id="WC-310",
                                 machine_id="M-311", start=local(3, 4, 8),
                                 finish=local(3, 5, 10)),)),
    }
    return Plan(made_at=START, zone=TAIPEI, jobs=jobs,
                line_finish={("O1", 1): o1_line1, ("O1", 2): local(3, 12, 15),
                             ("O2", 1): local(3, 5, 10), ("O3", 1): local(3, 11, 15),
                             ("O6", 1): local(3, 4, 15), ("O5", 1): local(3, 19, 12)},
                line_jobs={("O1", 1): ("W1",), ("O1", 2): ("W2",), ("O2", 1): ("line:O2:1",),
                           ("O3", 1): ("W3",), ("O6", 1): ("W5",)})


def fill(store: CacheStore) -> None:
    store.upsert(CRM, "crm.customers", [
        Customer(id="C1", name="Acme Gears", number="K-1", key_account=True),
        Customer(id="C2", name="Borealis Pumps", number="K-2"),
        Customer(id="C3", name="Cobalt Robotics", number="K-3")])
    store.upsert(CRM, "crm.orders", ORDERS)
    store.upsert(CRM, "crm.shipments", [Shipment(
        id="SH1", order_id="O4", line_no=1, customer_id="C2", quantity=D(20), unit="pcs",
        shipped_at=START - timedelta(days=4), lots=[ShipmentLot(lot_id="LOT-W4",
                                                                quantity=D(20))])])
    store.upsert(MES, "mes.sites", [Site(id="S1", name="Hsinchu", time_zone="Asia/Taipei")])
    store.upsert(MES, "mes.equipment", [
        Equipment(id=m, site_id="S1", level=EquipmentLevel.MACHINE, name=m, parent_id=wc)
        for m, wc in (("M-211", "WC-210"), ("M-212", "WC-210"), ("M-311", "WC-310"))])
    store.upsert(MES, "mes.products", [
        Product(id="P-300", code="P-300", name="Gear unit GU-300", unit="pcs"),
        Product(id="P-310", code="P-310", name="Gear unit GU-310, painted", unit="pcs")])
    store.upsert(MES, "mes.work_orders", WORK_ORDERS)
    store.upsert(MES, "mes.machine_status", [
        MachineStatus(id="M-212", state=MachineState.DOWN, since=START - timedelta(hours=5),
                      reason="spindle"),
        MachineStatus(id="M-211", state=MachineState.RUNNING, since=START - timedelta(hours=1)),
        MachineStatus(id="M-311", state=MachineState.RUNNING, since=START - timedelta(hours=2))])


class FakePlanner(QObject):
    """Stands in for the console's scheduler: the latest plan, and a signal for a new one."""

    plan_ready = Signal(object)

    def __init__(self, plan: Plan | None = None) -> None:
        super().__init__()
        self.plan = plan

    def publish(self, plan: Plan) -> None:
        self.plan = plan
        self.plan_ready.emit(plan)


@pytest.fixture
def rules_path(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "gemba-console" / "linking-rules.json"


@pytest.fixture
def make_view(qtbot, store: CacheStore, bridge: SyncBridge, clock: FakeClock, rules_path: Path):
    fill(store)

    def make(plan: Plan | None = None, planner: FakePlanner | None = None) -> OrdersView:
        planner = planner or FakePlanner(plan if plan is not None else make_plan())
        view = OrdersView(CacheCounts(store, bridge), bridge, store, clock, planner)
        qtbot.addWidget(view)
        view.resize(1400, 850)
        with qtbot.waitSignal(view.loaded):
            view.show()
        return view

    return make


def column(view: OrdersView, col: Column) -> list[str]:
    proxy = view.proxy
    return [proxy.index(r, col).data() for r in range(proxy.rowCount())]


def line_ids(view: OrdersView) -> list[str]:
    return [f"{n}/{line}" for n, line in zip(column(view, Column.ORDER),
                                              column(view, Column.LINE), strict=True)]


def row_of(view: OrdersView, number: str, line: int = 1) -> dict[Column, object]:
    proxy = view.proxy
    for r in range(proxy.rowCount()):
        if proxy.index(r, Column.ORDER).data() == number and \
                proxy.index(r, Column.LINE).data() == str(line):
            return {c: proxy.index(r, c).data() for c in Column} | {
                "tooltip": proxy.index(r, Column.RISK).data(Qt.ItemDataRole.ToolTipRole)}
    raise AssertionError(f"{number}/{line} not shown")


# -- the table -------------------------------------------------------------------------------
def test_every_line_with_progress_prediction_and_risk(make_view) -> None:
    view = make_view()
    # Worst risk first, then the earliest promise.
    assert line_ids(view) == ["SO-1039/1", "SO-1042/2", "SO-1043/1", "SO-1042/1",
                              "SO-1044/1", "SO-1045/1", "SO-1040/1"]
    assert column(view, Column.RISK) == ["late", "late", "at risk", "at risk", "on track",
                                         "on track", "done"]
    first = row_of(view, "SO-1042")
    assert [first[c] for c in Column] == [
        "SO-1042", "1", "Acme Gears", "PO-555", "P-300", "100 pcs", "2025-03-06", "2025-03-07",
        "2025-03-07", "40 %", "in production", "at risk", "M-212 down 5 h, slack 3 h"]
    assert first["tooltip"] == "M-212 down 5 h, slack 3 h"
    assert row_of(view, "SO-1042", 2)[Column.REASON] == (
        "predicted 12 Mar, 2 days after the promised 10 Mar")
    assert row_of(view, "SO-1039")[Column.REASON] == (
        "predicted 4 Mar, 4 days after the promised 28 Feb")
    assert row_of(view, "SO-1043")[Column.REASON] == "no work order, due in 2 days"
    assert row_of(view, "SO-1044")[Column.REASON] == "predicted 11 Mar, promised 14 Mar"
    done = row_of(view, "SO-1040")
    assert (done[Column.PROGRESS], done[Column.REASON]) == ("100 %", "all 20 pcs shipped")
    # The progress cell knows its fraction for the bar; a late prediction is coloured.
    proxy = view.proxy
    index = proxy.index(1, Column.PREDICTED)
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert proxy.index(3, Column.PROGRESS).data(Qt.ItemDataRole.UserRole + 2) == 0.4
    assert view.filters.count.text() == "7 of 7 lines"


def test_sorting_by_any_column(make_view) -> None:
    view = make_view()
    table = view.table
    table.sortByColumn(Column.ORDER, Qt.SortOrder.AscendingOrder)
    assert line_ids(view) == ["SO-1039/1", "SO-1040/1", "SO-1042/1", "SO-1042/2",
                              "SO-1043/1", "SO-1044/1", "SO-1045/1"]
    table.sortByColumn(Column.CUSTOMER, Qt.SortOrder.DescendingOrder)
    assert column(view, Column.CUSTOMER) == ["Cobalt Robotics"] * 2 + ["Borealis Pumps"] * 2 \
        + ["Acme Gears"] * 3
    table.sortByColumn(Column.PROGRESS, Qt.SortOrder.DescendingOrder)
    assert column(view, Column.PROGRESS)[:3] == ["100 %", "40 %", "40 %"]
    table.sortByColumn(Column.QUANTITY, Qt.SortOrder.AscendingOrder)
    assert column(view, Column.QUANTITY) == ["10 pcs", "20 pcs", "25 pcs", "30 pcs", "40 pcs",
                                             "60 pcs", "100 pcs"]
    table.sortByColumn(Column.PREDICTED, Qt.SortOrder.AscendingOrder)
    assert column(view, Column.PREDICTED)[0] == "2025-03-04"
    assert column(view, Column.PREDICTED)[-1] == "—"  # a shipped line has no prediction


def test_sorting_keeps_the_selected_line(make_view) -> None:
    view = make_view()
    assert view.select_line("SO-1044")
    view.table.sortByColumn(Column.ORDER, Qt.SortOrder.DescendingOrder)
    selected = view.current_row()
    assert selected is not None and selected.number == "SO-1044"
    assert view.table.selectionModel().selectedRows()[0].row() == 1  # after SO-1045


def test_filter_by_customer_status_and_risk_and_search(make_view) -> None:
    view = make_view()
    filters = view.filters
    assert [filters.customer.itemText(i) for i in range(filters.customer.count())] == [
        "All customers", "Acme Gears", "Borealis Pumps", "Cobalt Robotics"]
    filters.customer.setCurrentIndex(filters.customer.findData("Acme Gears"))
    assert sorted(line_ids(view)) == ["SO-1042/1", "SO-1042/2", "SO-1045/1"]
    filters.status.setCurrentIndex(filters.status.findData(OrderStatus.IN_PRODUCTION))
    assert sorted(line_ids(view)) == ["SO-1042/1", "SO-1042/2"]
    filters.risk.setCurrentIndex(filters.risk.findData(RiskLevel.LATE))
    assert line_ids(view) == ["SO-1042/2"]
    assert filters.count.text() == "1 of 7 lines"
    for combo in (filters.customer, filters.status, filters.risk):
        combo.setCurrentIndex(0)
    filters.search.setText("po-88")  # the customer's PO
    assert line_ids(view) == ["SO-1044/1"]
    filters.search.setText("borealis")
    assert sorted(line_ids(view)) == ["SO-1040/1", "SO-1043/1"]
    filters.search.setText("so-104")
    assert len(line_ids(view)) == 6


def test_a_filter_that_matches_nothing_says_so(make_view) -> None:
    view = make_view()
    view.filters.search.setText("no such order")
    assert view.proxy.rowCount() == 0
    assert view.table_stack.currentWidget() is view.no_match
    view.clear_button.click()
    assert view.proxy.rowCount() == 7
    assert view.table_stack.currentWidget() is view.table


def test_models_pass_the_model_tester(make_view, qtmodeltester) -> None:
    view = make_view()
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)
    view.table.sortByColumn(Column.CUSTOMER, Qt.SortOrder.DescendingOrder)
    view.filters.risk.setCurrentIndex(view.filters.risk.findData(RiskLevel.AT_RISK))
    qtmodeltester.check(view.proxy)
    view.filters.search.setText("nothing like this")
    qtmodeltester.check(view.proxy)
    qtmodeltester.check(view.unlinked.model)
    view.unlinked.table.sortByColumn(UnlinkedColumn.DATE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(view.unlinked.model)


# -- the detail pane -----------------------------------------------------------------------------
def test_selecting_a_line_opens_its_order(make_view) -> None:
    view = make_view()
    assert view.detail_stack.currentWidget() is view.detail_hint
    assert view.select_line("SO-1042", 2)
    detail = view.detail
    assert view.detail_stack.currentWidget() is detail
    assert detail.title.text() == "SO-1042 · Acme Gears"
    assert detail.meta.text() == "PO PO-555 · in production · priority 3"
    lines = detail.lines
    assert lines.topLevelItemCount() == 2
    first = lines.topLevelItem(0)
    assert [first.text(c) for c in range(7)] == [
        "Line 1", "P-300", "100 pcs", "40 % (40 pcs)", "2025-03-07", "2025-03-07", "at risk"]
    work_order = first.child(0)
    assert [work_order.text(c) for c in range(7)] == [
        "MO-2012 (running)", "P-300", "100 of 100 pcs", "40 good", "2025-03-07", "2025-03-07",
        "from the MES"]
    assert first.toolTip(6) == "M-212 down 5 h, slack 3 h"
    # The Gantt chart: the plan's bars against the floor's, for both work orders' operations.
    gantt = detail.gantt
    assert gantt is not None and gantt.isVisible()
    assert [r.label for r in gantt.rows] == ["MO-2012 · 10 · WC-210", "MO-2012 · 20 · WC-310",
                                             "MO-2013 · 10 · WC-210"]
    planned = gantt.rows[1].planned
    assert planned == (local(3, 5, 8), local(3, 7, 21))
    assert gantt.rows[0].actual == (local(3, 1, 8), START) and gantt.rows[0].running
    assert gantt.rows[1].actual is None
    # The promised-date history, newest first.
    history = detail.history
    assert history.topLevelItemCount() == 1
    change = history.topLevelItem(0)
    assert [change.text(c) for c in range(1, 6)] == [
        "1", "2025-03-06", "2025-03-07", "planner.lin", "machine breakdown"]


def test_an_order_without_work_orders_shows_the_plans_own_bars(make_view) -> None:
    view = make_view()
    view.select_line("SO-1043")
    detail = view.detail
    assert detail.lines.topLevelItem(0).child(0).text(0) == "No work order linked"
    assert [r.label for r in detail.gantt.rows] == ["Line 1 (no work order) · 10 · WC-310"]
    assert detail.no_history.isVisible() and not detail.history.isVisible()


# -- not linked ----------------------------------------------------------------------------------
def test_the_not_linked_tab_lists_lines_and_work_orders_with_why(make_view) -> None:
    view = make_view()
    assert view.tabs.tabText(1) == "Not linked (3)"
    model = view.unlinked.model
    rows = [[model.index(r, c).data() for c in UnlinkedColumn] for r in range(model.rowCount())]
    assert rows == [
        ["Order line", "SO-1043 line 1", "Borealis Pumps", "P-300", "60 pcs", "2025-03-05",
         "no work order has order number SO-1043; no work order names PO PO-777; product P-300"
         " has no MES code in the product map"],
        ["Order line", "SO-1045 line 1", "Acme Gears", "P-310", "25 pcs", "2025-03-20",
         "no work order has order number SO-1045; order SO-1045 has no customer PO; product"
         " P-310 has no MES code in the product map"],
        ["Work order", "MO-2015 (released)", "—", "P-310", "50 pcs", "2025-03-19",
         "no CRM product maps to P-310 in the product map"],
    ]
    assert view.unlinked.summary.text() == (
        "Open order lines not linked: 2 · open work orders not linked: 1")
    view.tabs.setCurrentIndex(1)
    view.unlinked.order_requested.emit("O5")  # a double-click on SO-1045's line
    assert view.tabs.currentIndex() == 0
    assert view.current_row().number == "SO-1045"


def test_linking_rules_dialog_checks_entries_and_relinks(make_view, qtbot,
                                                         rules_path: Path) -> None:
    view = make_view()
    with qtbot.waitSignal(view.rules_dialog_opened) as opened:
        view.filters.rules_button.click()
    dialog = opened.args[0]
    assert dialog.path == rules_path
    row = dialog.add_entry("P-310", "")
    dialog.add_entry("P-300", "P-999")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible() and not rules_path.exists()
    assert dialog.message.text() == ("Row 1: the MES code for P-310 is empty\n"
                                     "Row 2: no cached MES product has the code P-999")
    assert not dialog.message.isHidden()
    assert dialog.map.item(row, 1).toolTip() == "the MES code for P-310 is empty"
    dialog.map.item(row, 1).setText("P-310")
    assert dialog.message.isHidden()  # editing clears the marks
    dialog.map.removeRow(1)
    dialog.keys.item(1).setCheckState(Qt.CheckState.Unchecked)  # customer PO off
    dialog.keys.setCurrentRow(2)
    dialog.up.click()  # the product map moves above it
    assert [dialog.keys.item(i).text() for i in range(3)] == [
        "Order number and line", "Product code map", "Customer PO"]
    with qtbot.waitSignal(view.loaded):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert json.loads(rules_path.read_text()) == {
        "version": 1, "keys": ["order_line", "product"], "same_product_codes": False,
        "product_map": {"P-310": "P-310"}}
    # The released P-310 work order now serves SO-1045 through the product map.
    assert view.rules.keys == (KeyKind.ORDER_LINE, KeyKind.PRODUCT)
    assert row_of(view, "SO-1045")[Column.REASON] == "predicted 19 Mar, promised 20 Mar"
    assert view.tabs.tabText(1) == "Not linked (1)"
    view.select_line("SO-1045")
    assert view.detail.lines.topLevelItem(0).child(0).text(6) == "by product map"


def test_work_orders_naming_an_order_are_linked_by_their_keys(make_view, store, bridge,
                                                              qtbot) -> None:
    view = make_view()
    keyed = [WorkOrder(id="W7", number="MO-2016", product_id="P-300", quantity=D(60),
                       unit="pcs", status=WorkOrderStatus.RELEASED, sales_order_ref="SO-1043",
                       sales_line_ref=1),
             WorkOrder(id="W8", number="MO-2017", product_id="P-300", quantity=D(10),
                       unit="pcs", status=WorkOrderStatus.PLANNED, customer_po="PO-999")]
    with qtbot.waitSignal(view.loaded):
        bridge.publish_changes(store.upsert(MES, "mes.work_orders", keyed))
    # SO-1043 had no work order and was due in 2 days: now MO-2016 makes it.
    assert row_of(view, "SO-1043")[Column.RISK] == "on track"
    view.select_line("SO-1043")
    child = view.detail.lines.topLevelItem(0).child(0)
    assert (child.text(0), child.text(2), child.text(6)) == (
        "MO-2016 (released)", "60 of 60 pcs", "by order number")
    model = view.unlinked.model
    reasons = {model.index(r, UnlinkedColumn.NUMBER).data():
               model.index(r, UnlinkedColumn.REASON).data() for r in range(model.rowCount())}
    assert reasons["MO-2017 (planned)"] == (
        "work order MO-2017 names PO-999 which no open order has; no CRM product maps to"
        " P-300 in the product map")
    assert "SO-1043 line 1" not in reasons


def test_a_broken_rules_file_is_reported_and_defaults_used(make_view, rules_path) -> None:
    rules_path.parent.mkdir(parents=True)
    rules_path.write_text('{"keys": ["erp"]}')
    view = make_view()
    assert view.rules == LinkingRules()
    assert "The linking rules file could not be read (keys: unknown key kind 'erp')" in \
        view.note.text()


def test_the_note_says_what_the_sources_do_not_provide(make_view) -> None:
    view = make_view()
    assert view.note.text().startswith("Stock allocation is not in the CRM and MES contract")
    assert "No plan from the scheduler" not in view.note.text()
    without_plan = make_view(planner=FakePlanner(None))
    assert "No plan from the scheduler yet" in without_plan.note.text()
    assert column(without_plan, Column.PREDICTED).count("—") == 7
    assert row_of(without_plan, "SO-1044")[Column.REASON] == "no predicted completion yet"


# -- keeping up ----------------------------------------------------------------------------------
def test_a_new_plan_moves_predictions_and_risk(make_view, qtbot) -> None:
    planner = FakePlanner(make_plan())
    view = make_view(planner=planner)
    with qtbot.waitSignal(view.loaded):
        planner.publish(make_plan(o1_line1=local(3, 9, 10)))
    first = row_of(view, "SO-1042")
    assert (first[Column.PREDICTED], first[Column.RISK], first[Column.REASON]) == (
        "2025-03-09", "late",
        # A late line also names the down machine it waits on, as the alert and the detail do.
        "predicted 9 Mar, 2 days after the promised 7 Mar; M-212 down 5 h, slack 0 min")
    # A planner that replans at every poll is followed at most every few seconds, its latest
    # plan taken when the wait is over.
    planner.publish(make_plan(o1_line1=local(3, 10, 10)))
    planner.publish(make_plan(o1_line1=local(3, 8, 10)))
    assert row_of(view, "SO-1042")[Column.PREDICTED] == "2025-03-09"
    with qtbot.waitSignal(view.loaded):
        view.plan_timer.timeout.emit()
    assert row_of(view, "SO-1042")[Column.PREDICTED] == "2025-03-08"


def test_cache_changes_refresh_the_lines(make_view, store, bridge, qtbot) -> None:
    view = make_view()
    changes = store.upsert(CRM, "crm.orders", [_order(
        "O7", "SO-1046", "C2", OrderStatus.CONFIRMED, "PO-901",
        _line(1, "P-300", 5, date(2025, 3, 4), date(2025, 3, 4)))])
    with qtbot.waitSignal(view.loaded):
        bridge.publish_changes(changes)
    assert row_of(view, "SO-1046")[Column.REASON] == "no work order, due tomorrow"
    assert view.filters.count.text() == "8 of 8 lines"


def test_a_machine_coming_back_clears_the_risk(make_view, store, bridge, qtbot,
                                               clock: FakeClock) -> None:
    view = make_view()
    assert row_of(view, "SO-1042")[Column.RISK] == "at risk"
    view.status_timer.setInterval(0)
    changes = store.upsert(MES, "mes.machine_status", [MachineStatus(
        id="M-212", state=MachineState.RUNNING, since=START, version=2)])
    with qtbot.waitSignal(view.loaded):
        bridge.publish_changes(changes)
    assert row_of(view, "SO-1042")[Column.RISK] == "on track"
    assert row_of(view, "SO-1042")[Column.REASON] == "predicted 7 Mar, promised 7 Mar"


def test_an_empty_cache_shows_the_empty_state(qtbot, tmp_path, bridge, clock, rules_path) -> None:
    empty = CacheStore.open(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        view = OrdersView(CacheCounts(empty, bridge), bridge, empty, clock)
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.loaded):
            view.show()
        assert view.stack.currentWidget() is view.empty_state
        assert view.empty_state.title_label.text() == "No orders cached yet"
    finally:
        empty.close()


def test_a_hidden_view_reads_nothing_and_says_what_is_cached(store, bridge, clock,
                                                             rules_path, qtbot) -> None:
    fill(store)
    store.mark_synced(CRM, "crm.orders", at=clock.now)
    counts = CacheCounts(store, bridge)
    qtbot.waitUntil(lambda: not counts.busy)  # the counts come from the worker
    view = OrdersView(counts, bridge, store, clock)
    assert view.background.pending == 0
    assert view.empty_state.title_label.text() == "Orders cached: 6"


# -- words ---------------------------------------------------------------------------------------
def test_every_reason_has_a_translatable_copy_of_its_english() -> None:
    # The widgets translate the analytics' reasons by code: a reason added or reworded there
    # must be added or reworded here, or the reader would get it in English only.
    assert {**fulfilment.TEMPLATES, **order_risk.TEMPLATES} == REASON_TEMPLATES


# -- the demo plant ------------------------------------------------------------------------------
def test_the_demo_plants_orders(qtbot, tmp_path, bridge, rules_path) -> None:
    from app.sim.plant import Plant
    from tests.unit.plant_cache import cache_from_plant

    start = datetime(2026, 3, 2, 0, tzinfo=UTC)
    plant = Plant(7, start, history=timedelta(days=2))
    store = CacheStore.open(f"sqlite:///{tmp_path / 'plant.sqlite3'}")
    try:
        cache_from_plant(plant, store)
        view = OrdersView(CacheCounts(store, bridge), bridge, store, lambda: plant.now)
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.loaded, timeout=20_000):
            view.show()
        orders = store.all("demo-crm", "crm.orders")
        assert view.model.rowCount() == sum(len(o.lines) for o in orders) > 0
        # The plant links its work orders to the lines it makes them for: every open line of
        # a confirmed order is linked, and what stays unlinked is make-to-stock components.
        data = view.data
        assert data is not None and data.fulfilment.unlinked_lines == []
        assert all(u.reason.endswith("is a component for other work orders, not sold to"
                                     " customers") for u in data.fulfilment.unlinked_work_orders)
        shipped = [r for r in view.model.rows if r.status == OrderStatus.SHIPPED]
        assert shipped and all(r.risk == RiskLevel.DONE for r in shipped)
    finally:
        store.close()
