"""The Orders view keeping up cheaply: changed orders and machine status update the lines
concerned in place (no model reset, the selection kept), a full computation waits its turn at
plant size, and the not-linked list sorts without a Python-sorting proxy.

Same hand-built cache, plan and pinned clock as test_orders_view.py."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import Qt

from app.domain import MachineState, MachineStatus, OrderStatus
from tests.widgets import test_orders_view as base
from tests.widgets.conftest import START
from tests.widgets.test_orders_view import CRM, MES, ORDERS, _line, _order, row_of
from widgets.orders import order_rows, orders_view
from widgets.orders.order_updates import FULL, LINES
from widgets.orders.orders_model import Column
from widgets.orders.unlinked_panel import UnlinkedColumn

make_view, rules_path = base.make_view, base.rules_path  # its fixtures, used here too


class Signals:
    """Counts what a model said: resets, rows inserted and removed, data changed."""

    def __init__(self, model) -> None:
        self.counts = {"reset": 0, "inserted": 0, "removed": 0, "changed": 0}
        model.modelReset.connect(lambda: self._add("reset"))
        model.rowsInserted.connect(lambda *_: self._add("inserted"))
        model.rowsRemoved.connect(lambda *_: self._add("removed"))
        model.dataChanged.connect(lambda *_: self._add("changed"))

    def _add(self, name: str) -> None:
        self.counts[name] += 1


def _no_full_compute(monkeypatch) -> list[str]:
    """Records any full read or computation instead of letting it pass unnoticed."""
    calls: list[str] = []
    real_compute, real_load = order_rows.compute, order_rows.load_orders
    monkeypatch.setattr(order_rows, "compute",
                        lambda *a, **k: calls.append("compute") or real_compute(*a, **k))
    monkeypatch.setattr(order_rows, "load_orders",
                        lambda *a, **k: calls.append("load") or real_load(*a, **k))
    return calls


def test_a_refresh_with_the_same_lines_updates_in_place_and_keeps_the_selection(
        make_view, store, bridge, qtbot, monkeypatch) -> None:
    view = make_view()
    assert view.select_line("SO-1044")
    model, proxy = Signals(view.model), Signals(view.proxy)
    calls = _no_full_compute(monkeypatch)
    o3 = next(o for o in ORDERS if o.id == "O3")
    changed = dataclasses.replace(o3, version=2, lines=[
        dataclasses.replace(o3.lines[0], promised_date=date(2025, 3, 4))])
    with qtbot.waitSignal(view.loaded):
        bridge.publish_changes(store.upsert(CRM, "crm.orders", [changed]))
    assert view.last_path == LINES and calls == []
    assert model.counts["reset"] == proxy.counts["reset"] == 0
    assert model.counts["changed"] == 1 and model.counts["inserted"] == 0
    assert row_of(view, "SO-1044")[Column.PROMISED] == "2025-03-04"
    assert view.current_row().number == "SO-1044"  # followed its line to its new place
    assert view.detail.order_id == "O3"


def test_a_priority_change_alone_leaves_the_table_alone(make_view, store, bridge,
                                                        qtbot) -> None:
    view = make_view()
    rows = view.model.rows
    o1 = next(o for o in ORDERS if o.id == "O1")
    with qtbot.waitSignal(view.loaded):
        bridge.publish_changes(store.upsert(CRM, "crm.orders", [
            dataclasses.replace(o1, version=2, priority=1)]))
    assert view.model.rows is rows
    assert view.data.orders["O1"][1].priority == 1


def test_orders_added_and_removed_insert_and_remove_rows(make_view, store, bridge,
                                                         qtbot) -> None:
    view = make_view()
    assert view.select_line("SO-1042")
    model = Signals(view.model)
    added = _order("O7", "SO-1046", "C2", OrderStatus.CONFIRMED, "PO-901",
                   _line(1, "P-300", 5, date(2025, 3, 4), date(2025, 3, 4)))
    changes = store.upsert(CRM, "crm.orders", [added])
    changes.merge(store.delete(CRM, "crm.orders", ["O4"]))
    with qtbot.waitSignal(view.loaded):
        bridge.publish_changes(changes)
    assert (model.counts["reset"], model.counts["inserted"], model.counts["removed"]) == (0, 1, 1)
    assert row_of(view, "SO-1046")[Column.REASON] == "no work order, due tomorrow"
    assert "SO-1040" not in {view.proxy.row_at(r).number for r in range(view.proxy.rowCount())}
    assert view.filters.count.text() == "7 of 7 lines"
    assert view.current_row().number == "SO-1042"
    # What is shown is what a full read would show, in the same order.
    fresh = order_rows.load_orders(store, view.rules, view.plan, view.data.now)
    assert [view.proxy.row_at(r) for r in range(view.proxy.rowCount())] == fresh.rows


def test_machine_status_alone_recomputes_only_the_lines_it_touches(
        make_view, store, bridge, qtbot, monkeypatch) -> None:
    view = make_view()
    view.status_timer.setInterval(0)
    calls = _no_full_compute(monkeypatch)
    model = Signals(view.model)
    with qtbot.waitSignal(view.loaded):
        bridge.publish_changes(store.upsert(MES, "mes.machine_status", [MachineStatus(
            id="M-212", state=MachineState.RUNNING, since=START, version=2)]))
    assert view.last_path == LINES and calls == []
    assert model.counts["reset"] == 0
    fresh = order_rows.load_orders(store, view.rules, view.plan, view.data.now)
    assert view.data.rows == fresh.rows
    # A status poll where nothing went down or came back changes nothing at all.
    shown = view.data
    view.status_timer.timeout.emit()
    qtbot.waitUntil(lambda: not view._loading)
    assert view.data is shown


def test_at_plant_size_a_full_refresh_waits_its_turn(make_view, store, bridge, qtbot,
                                                     monkeypatch) -> None:
    monkeypatch.setattr(orders_view, "LARGE_LINES", 1)  # the hand-built plant counts as large
    seconds = [1000.0]
    monkeypatch.setattr(orders_view, "monotonic", lambda: seconds[0])
    view = make_view()
    assert view.last_path == FULL
    seconds[0] += 1
    view.reload()
    assert view.full_timer.isActive() and not view._loading  # too soon: it waits
    assert view.full_timer.remainingTime() > orders_view.FULL_GAP_MS - 2000
    seconds[0] += orders_view.FULL_GAP_MS / 1000
    with qtbot.waitSignal(view.loaded):
        view.full_timer.timeout.emit()
    assert view.last_path == FULL


def test_the_not_linked_list_sorts_without_a_proxy(make_view, store, bridge, qtbot) -> None:
    view = make_view()
    panel = view.unlinked
    assert panel.table.model() is panel.model
    panel.table.sortByColumn(UnlinkedColumn.DATE, Qt.SortOrder.DescendingOrder)
    dates = [panel.model.index(r, UnlinkedColumn.DATE).data()
             for r in range(panel.model.rowCount())]
    assert dates == ["2025-03-20", "2025-03-19", "2025-03-05"]
    panel.table.selectRow(0)
    resets = Signals(panel.model)
    o1 = next(o for o in ORDERS if o.id == "O1")
    with qtbot.waitSignal(view.loaded):  # the unlinked lists stay as they were
        bridge.publish_changes(store.upsert(CRM, "crm.orders", [
            dataclasses.replace(o1, version=2, customer_po="PO-556")]))
    assert resets.counts["reset"] == 0
    assert panel.table.selectionModel().selectedRows()[0].row() == 0
