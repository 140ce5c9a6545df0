"""Every table view exports what it shows: the filtered rows in their order, from its
"Export…" button, which says where the file went or, next to itself, why it could not."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge
from tests.widgets.conftest import FakeClock
from widgets.common.cache_counts import CacheCounts
from widgets.common.table_export import ExportControl


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def export_via_button(qtbot, control: ExportControl, path: Path) -> None:
    asked: list[str] = []
    control.ask_path = lambda _parent, suggested: asked.append(suggested) or str(path)
    with qtbot.waitSignal(control.exported, timeout=5000):
        qtbot.mouseClick(control.button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].endswith(".xlsx")  # the workbook is the suggestion
    assert path.is_file()
    assert control.status.isVisible() and path.name in control.status.text()
    assert not control.status.property("error")


def assert_error_next_to_button(qtbot, control: ExportControl, tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "x.xlsx"
    control.ask_path = lambda _parent, _suggested: str(target)
    with qtbot.waitSignal(control.failed, timeout=5000):
        qtbot.mouseClick(control.button, Qt.MouseButton.LeftButton)
    assert control.status.isVisible() and control.status.property("error")
    assert "x.xlsx" in control.status.text()
    assert control.status.parent() is control  # beside the button, no dialog
    assert not target.exists()


def visible(proxy, column: int) -> list[str]:
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


# -- Orders ----------------------------------------------------------------------------------

def test_orders_export_the_filtered_lines_in_their_order(qtbot, store: CacheStore,
                                                         bridge: SyncBridge, clock: FakeClock,
                                                         tmp_path: Path) -> None:
    from tests.widgets.test_orders_view import FakePlanner, fill, make_plan
    from widgets.orders.orders_model import Column
    from widgets.orders.orders_view import OrdersView

    fill(store)
    view = OrdersView(CacheCounts(store, bridge), bridge, store, clock,
                      FakePlanner(make_plan()), rules_path=tmp_path / "rules.json")
    qtbot.addWidget(view)
    view.resize(1400, 850)
    with qtbot.waitSignal(view.loaded):
        view.show()
    assert view.export.parent() is view.filters  # next to "Linking rules…"
    view.filters.customer.setCurrentIndex(1)
    view.table.sortByColumn(int(Column.ORDER), Qt.SortOrder.DescendingOrder)
    shown = visible(view.proxy, Column.ORDER)
    assert 0 < len(shown) < view.model.rowCount()

    export_via_button(qtbot, view.export, tmp_path / "orders.csv")
    lines = _read_csv(tmp_path / "orders.csv")
    assert lines[0] == view.model.headers()
    assert [line[Column.ORDER] for line in lines[1:]] == shown
    assert [line[Column.CUSTOMER] for line in lines[1:]] == visible(view.proxy, Column.CUSTOMER)

    export_via_button(qtbot, view.export, tmp_path / "orders.xlsx")
    ws = load_workbook(tmp_path / "orders.xlsx").active
    assert ws.max_row == len(shown) + 1
    requested = ws.cell(row=2, column=int(Column.REQUESTED) + 1)
    assert requested.is_date
    assert requested.value.date() == date.fromisoformat(view.proxy.index(0, Column.REQUESTED)
                                                        .data())
    assert ws.cell(row=2, column=int(Column.QUANTITY) + 1).data_type == "n"
    assert_error_next_to_button(qtbot, view.export, tmp_path)


# -- Complaints ------------------------------------------------------------------------------

def test_complaints_export_the_filtered_rows(qtbot, store, bridge, clock, tmp_path) -> None:
    from app.domain import ComplaintStatus
    from tests.widgets.test_complaints import fill
    from widgets.complaints.complaints_model import Column
    from widgets.complaints.complaints_view import ComplaintsView

    fill(store)
    view = ComplaintsView(CacheCounts(store, bridge), bridge, store, clock)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    with qtbot.waitSignal(view.loaded):
        view.show()
    view.filters.status.setCurrentIndex(view.filters.status.findData(ComplaintStatus.OPEN))
    view.table.sortByColumn(int(Column.NUMBER), Qt.SortOrder.DescendingOrder)
    shown = visible(view.proxy, Column.NUMBER)
    assert shown == ["CC-4", "CC-3", "CC-2"]

    export_via_button(qtbot, view.export, tmp_path / "complaints.csv")
    lines = _read_csv(tmp_path / "complaints.csv")
    assert lines[0] == view.model.headers()
    assert [line[0] for line in lines[1:]] == shown
    assert lines[1] == [view.proxy.index(0, c).data() for c in Column]
    assert_error_next_to_button(qtbot, view.export, tmp_path)


# -- Machines --------------------------------------------------------------------------------

def test_machines_export_one_row_per_tile_shown(qtbot, store, bridge, clock, tmp_path) -> None:
    from tests.widgets.test_machines_view import plant as fill_plant
    from widgets.machines.machines_view import MachinesView

    fill_plant.__wrapped__(store)  # the machine tests' plant fixture, as a function
    view = MachinesView(CacheCounts(store, bridge), bridge, store, clock)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 4)
    view.filter.setText("lathe")
    names = [view.tile_at(r).name for r in range(view.proxy.rowCount())]
    assert names == ["Lathe 2", "Lathe 1"]  # idle before running

    export_via_button(qtbot, view.export, tmp_path / "machines.xlsx")
    ws = load_workbook(tmp_path / "machines.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("Machine", "Name", "Work center", "State", "Since")
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [("M-2", "Lathe 2", "idle"),
                                                       ("M-1", "Lathe 1", "running")]
    assert ws["E2"].is_date  # since: a real time (UTC)
    assert_error_next_to_button(qtbot, view.export, tmp_path)


# -- Materials -------------------------------------------------------------------------------

def test_materials_export_the_items_shown(qtbot, store, bridge, tmp_path) -> None:
    from tests.unit.schedule_fixtures import fill_cache
    from tests.widgets.test_materials_view import NOW, short_plant
    from widgets.common.plan_service import PlanService
    from widgets.materials.materials_view import MaterialsView

    fill_cache(store, short_plant())
    planner = PlanService(bridge, store, lambda: NOW)
    view = MaterialsView(planner)
    planner.setParent(view)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    planner.request()
    qtbot.waitUntil(lambda: view.pages.currentIndex() == 1 and view.model.rowCount() > 0)
    assert view.proxy.rowCount() == 1 < view.model.rowCount()  # only RM1 runs short

    export_via_button(qtbot, view.export, tmp_path / "materials.xlsx")
    ws = load_workbook(tmp_path / "materials.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "RM1"
    assert ws["C2"].data_type == "n" and ws["C2"].value == 400  # on hand, a number
    view.only_short.setChecked(False)
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    export_via_button(qtbot, view.export, tmp_path / "materials.csv")
    assert [line[0] for line in _read_csv(tmp_path / "materials.csv")[1:]] == ["RM2", "RM1"]
    assert_error_next_to_button(qtbot, view.export, tmp_path)


# -- Outbox ----------------------------------------------------------------------------------

def test_outbox_dialog_exports_its_actions(qtbot, clock, tmp_path) -> None:
    from app.cache.outbox import OutboxItem, OutboxState
    from widgets.outbox.outbox_dialog import OutboxDialog

    def item(item_id: int, state: OutboxState, attempts: int) -> OutboxItem:
        return OutboxItem(
            id=item_id, idempotency_key=f"key-{item_id}", source="demo-crm",
            action="promise_date", target_feed="crm.orders", target_id=f"O-{item_id}",
            payload={"line_no": 1, "promised_date": "2026-04-30", "reason": "", "by": "ana"},
            record_version=3, state=state, attempts=attempts,
            last_error="refused (HTTP 412)" if attempts else "",
            created_at=clock.now - timedelta(minutes=item_id), next_attempt_at=clock.now,
            made_by="=ana", delivered_at=None)

    dialog = OutboxDialog(None)
    qtbot.addWidget(dialog)
    dialog.set_items([item(1, OutboxState.QUEUED, 0), item(2, OutboxState.PARKED, 1)])
    dialog.show()
    export_via_button(qtbot, dialog.export, tmp_path / "outbox.xlsx")
    ws = load_workbook(tmp_path / "outbox.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == tuple(dialog.model.headerData(c, Qt.Orientation.Horizontal)
                            for c in range(dialog.model.columnCount()))
    assert [r[0] for r in rows[1:]] == [dialog.model.index(r, 0).data() for r in range(2)]
    assert ws["C2"].is_date and ws["E3"].value == 1  # made at: a time; attempts: a number
    assert ws["B2"].data_type == "s" and ws["B2"].value == "=ana"  # text, never a formula
    assert_error_next_to_button(qtbot, dialog.export, tmp_path)


# -- Traceability ----------------------------------------------------------------------------

def test_trace_exports_the_expanded_rows_with_their_level(qtbot, bridge, clock, tmp_path,
                                                          store) -> None:
    from tests.widgets.test_traceability_view import filled as fill_trace
    from widgets.traceability.traceability_view import TraceabilityView

    fill_trace.__wrapped__(store, clock)
    view = TraceabilityView(CacheCounts(store, bridge), bridge, store, clock)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    assert not view.export.button.isEnabled()  # nothing to export before a lot is open
    view.open_lot("LOT-R55", "forward")
    tree = view.trees["forward"]
    model = view.models["forward"]
    root = model.index(0, 0)
    qtbot.waitUntil(lambda: model.rowCount(root) == 2)  # the split, expanded
    export_via_button(qtbot, view.export, tmp_path / "trace.csv")
    lines = _read_csv(tmp_path / "trace.csv")
    assert lines[0][:2] == ["Level", model.headerData(0, Qt.Orientation.Horizontal)]
    assert [(line[0], line[1]) for line in lines[1:]] == [("1", "L-100"), ("2", "L-200"),
                                                          ("2", "L-201")]
    tree.collapse(root)
    export_via_button(qtbot, view.export, tmp_path / "trace2.csv")
    assert len(_read_csv(tmp_path / "trace2.csv")) == 2  # the header and the lot itself
