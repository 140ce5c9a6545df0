"""The Traceability view over a hand-built genealogy (a split, a merge, a cycle) and a small
CRM: search by each kind, lazy backward/forward trees, the cycle in words, process context,
recall scope with its exports, open_lot from outside, empty states, zh_TW."""

from __future__ import annotations

import csv
import threading
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt

from app import domain as d
from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge
from widgets.common.cache_counts import CacheCounts
from widgets.traceability.lineage_model import LOT_ID_ROLE, Column, LineageModel
from widgets.traceability.traceability_view import TraceabilityView

MES = "demo-mes"
CRM = "demo-crm"


def lot(clock, lot_id: str, number: str, kind: d.LotKind, qty: int, *, hours: float = 0,
        wo: str | None = None, machine: str | None = None, supplier_lot: str | None = None,
        product: str = "P-1") -> d.Lot:
    return d.Lot(id=lot_id, number=number, product_id=product, kind=kind,
                 quantity=Decimal(qty), unit="pcs",
                 created_at=clock.now - timedelta(hours=hours), work_order_id=wo,
                 machine_id=machine, supplier="ACME" if supplier_lot else None,
                 supplier_lot=supplier_lot)


def link(clock, link_id: str, parent: str, child: str, qty: str) -> d.LotLink:
    return d.LotLink(id=link_id, parent_lot_id=parent, child_lot_id=child,
                     quantity=Decimal(qty), unit="pcs", linked_at=clock.now)


@pytest.fixture
def filled(store: CacheStore, clock) -> CacheStore:
    """R-55 (supplier lot) is split into W1 and W2; W1 and raw R-56 merge into F1; W2 makes F2;
    C1 and C2 form a cycle (bad data). F1 ships to a key account, F2 to another customer."""
    raw, wip, fin = d.LotKind.RAW, d.LotKind.WIP, d.LotKind.FINISHED
    store.upsert(MES, "mes.products", [
        d.Product(id="P-1", code="P-1", name="Housing", unit="pcs")])
    store.upsert(MES, "mes.equipment", [d.Equipment(
        id="M-1", site_id="S", level=d.EquipmentLevel.MACHINE, name="CNC 2-1")])
    store.upsert(MES, "mes.work_orders", [
        d.WorkOrder(id=f"WO-{n}", number=f"WO-000{n}", product_id="P-1",
                    quantity=Decimal(50), unit="pcs") for n in (1, 2, 3)])
    store.upsert(MES, "mes.lots", [
        lot(clock, "LOT-R55", "L-100", raw, 50, hours=30, supplier_lot="R-55"),
        lot(clock, "LOT-R56", "L-101", raw, 10, hours=30, supplier_lot="R-56"),
        lot(clock, "LOT-W1", "L-200", wip, 30, hours=20, wo="WO-1", machine="M-1"),
        lot(clock, "LOT-W2", "L-201", wip, 20, hours=20, wo="WO-2", machine="M-1"),
        lot(clock, "LOT-F1", "L-300", fin, 40, hours=2, wo="WO-3", machine="M-1"),
        lot(clock, "LOT-F2", "L-301", fin, 20, hours=2, wo="WO-3", machine="M-1"),
        lot(clock, "LOT-C1", "L-900", wip, 5, hours=1),
        lot(clock, "LOT-C2", "L-901", wip, 5, hours=1),
    ])
    store.upsert(MES, "mes.genealogy", [
        link(clock, "G1", "LOT-R55", "LOT-W1", "30"),
        link(clock, "G2", "LOT-R55", "LOT-W2", "20"),
        link(clock, "G3", "LOT-W1", "LOT-F1", "30"),
        link(clock, "G4", "LOT-R56", "LOT-F1", "10"),
        link(clock, "G5", "LOT-W2", "LOT-F2", "20"),
        link(clock, "G6", "LOT-C1", "LOT-C2", "5"),
        link(clock, "G7", "LOT-C2", "LOT-C1", "5"),
    ])
    store.upsert(MES, "mes.serials", [
        d.Serial(id="SN-1001", lot_id="LOT-F1", product_id="P-1", created_at=clock.now)])
    store.upsert(MES, "mes.machine_events", [
        d.StateEvent(id="E1", machine_id="M-1", state=d.MachineState.DOWN,
                     start=clock.now - timedelta(hours=3), end=clock.now - timedelta(hours=2.5),
                     reason="Spindle alarm")])
    store.upsert(MES, "mes.defects", [
        d.DefectRecord(id="DF-1", code="BURR", quantity=Decimal(3), product_id="P-1",
                       lot_id="LOT-F1", work_order_id="WO-3", machine_id="M-1",
                       recorded_at=clock.now - timedelta(hours=2.2))])
    store.upsert(CRM, "crm.customers", [
        d.Customer(id="CU-1", name="Zeta Motors", number="C-1", key_account=True),
        d.Customer(id="CU-2", name="Alpha Tools", number="C-2")])
    store.upsert(CRM, "crm.contacts", [
        d.Contact(id="CT-1", customer_id="CU-1", name="Ana Lin", email="ana@zeta.example",
                  phone="+886 2 1234 5678"),
        d.Contact(id="CT-2", customer_id="CU-1", name="Bo Chen", email="bo@zeta.example"),
        d.Contact(id="CT-3", customer_id="CU-2", name="Cy Wu", email="cy@alpha.example")])
    store.upsert(CRM, "crm.orders", [
        d.SalesOrder(id="O-1", number="SO-1001", customer_id="CU-1",
                     status=d.OrderStatus.SHIPPED, created_at=clock.now),
        d.SalesOrder(id="O-2", number="SO-1002", customer_id="CU-2",
                     status=d.OrderStatus.SHIPPED, created_at=clock.now)])
    store.upsert(CRM, "crm.shipments", [
        d.Shipment(id="SH-1", order_id="O-1", line_no=1, customer_id="CU-1",
                   quantity=Decimal(40), unit="pcs", shipped_at=clock.now,
                   lots=[d.ShipmentLot(lot_id="LOT-F1", quantity=Decimal(40))]),
        d.Shipment(id="SH-2", order_id="O-2", line_no=1, customer_id="CU-2",
                   quantity=Decimal(20), unit="pcs", shipped_at=clock.now,
                   lots=[d.ShipmentLot(lot_id="LOT-F2", quantity=Decimal(20))])])
    return store


@pytest.fixture
def make_view(qtbot, bridge: SyncBridge, clock):
    def make(store: CacheStore) -> TraceabilityView:
        view = TraceabilityView(CacheCounts(store, bridge), bridge, store, clock)
        qtbot.addWidget(view)
        view.resize(1200, 760)
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            view.show()
        return view
    return make


def rows(model: LineageModel, parent: QModelIndex) -> list[tuple[str, str]]:
    """(lot column, quantity column) of the rows under `parent`, fetched as an expand would."""
    while model.canFetchMore(parent):
        model.fetchMore(parent)
    return [(model.index(r, Column.LOT, parent).data(),
             model.index(r, Column.QUANTITY, parent).data())
            for r in range(model.rowCount(parent))]


def child(model: LineageModel, parent: QModelIndex, number: str) -> QModelIndex:
    for r in range(model.rowCount(parent)):
        index = model.index(r, 0, parent)
        if index.data() == number:
            return index
    raise AssertionError(f"{number} not under {parent.data()}")


def open_lot(qtbot, view: TraceabilityView, lot_id: str, direction: str = "backward") -> None:
    """Open a lot as a click would and wait for its lineage, read in the worker."""
    with qtbot.waitSignal(view.trace_shown, timeout=10_000,
                          check_params_cb=lambda shown: shown == lot_id):
        view.open_lot(lot_id, direction)


def search(qtbot, view: TraceabilityView, text: str) -> list[tuple[str, str]]:
    with qtbot.waitSignal(view.searched, timeout=10_000):
        view.search(text)
    return view.search_panel.lot_items()


@pytest.mark.parametrize(("text", "expected"), [
    ("L-300", [("L-300", "LOT-F1")]),
    ("SN-1001", [("SN-1001 → L-300", "LOT-F1")]),
    ("WO-0003", [("L-300", "LOT-F1"), ("L-301", "LOT-F2")]),
    ("SO-1002", [("SO-1002 → L-301", "LOT-F2")]),
    ("R-55", [("R-55 → L-100", "LOT-R55")]),
])
def test_search_by_each_kind_finds_the_right_lots(qtbot, make_view, filled, text, expected
                                                  ) -> None:
    view = make_view(filled)
    assert search(qtbot, view, text) == expected


def test_nothing_found_says_so(qtbot, make_view, filled) -> None:
    view = make_view(filled)
    assert search(qtbot, view, "XYZ-404") == []
    assert view.search_panel.status.text() == "Nothing found for “XYZ-404”."


def test_one_hit_opens_its_lot_and_a_work_order_lists_its_lots(qtbot, make_view, filled
                                                               ) -> None:
    view = make_view(filled)
    search(qtbot, view, "R-55")
    assert view.current_lot_id() == "LOT-R55"
    search(qtbot, view, "WO-0003")
    assert view.current_lot_id() == "LOT-R55"  # two lots: the person picks one
    view.search_panel.choose("LOT-F2")
    assert view.current_lot_id() == "LOT-F2"


def test_backward_tree_expands_lazily_to_the_merge(qtbot, make_view, filled) -> None:
    view = make_view(filled)
    open_lot(qtbot, view, "LOT-F1", "backward")
    model = view.models["backward"]
    root = model.index(0, 0)
    assert root.data() == "L-300"
    assert root.data(LOT_ID_ROLE) == "LOT-F1"
    assert model.index(0, Column.PRODUCT).data() == "Housing"
    assert model.index(0, Column.MACHINE).data() == "CNC 2-1"
    assert model.index(0, Column.WORK_ORDER).data() == "WO-0003"
    assert rows(model, root) == [("L-101", "10"), ("L-200", "30")]  # the merge
    w1 = child(model, root, "L-200")
    assert model.rowCount(w1) == 0 and model.canFetchMore(w1)  # not read until expanded
    assert rows(model, w1) == [("L-100", "30")]
    r55 = child(model, w1, "L-100")
    assert not model.hasChildren(r55)
    assert view.tabs.currentWidget() is view.trees["backward"]


def test_forward_tree_shows_the_split(qtbot, make_view, filled) -> None:
    view = make_view(filled)
    open_lot(qtbot, view, "LOT-R55", "forward")
    model = view.models["forward"]
    root = model.index(0, 0)
    assert rows(model, root) == [("L-200", "30"), ("L-201", "20")]
    assert rows(model, child(model, root, "L-201")) == [("L-301", "20")]
    assert view.tabs.currentWidget() is view.trees["forward"]
    assert view.current_direction() == "forward"


def test_a_cycle_shows_in_words_and_stops(qtbot, make_view, filled) -> None:
    view = make_view(filled)
    open_lot(qtbot, view, "LOT-C1", "forward")
    model = view.models["forward"]
    root = model.index(0, 0)
    assert rows(model, root) == [("L-901", "5")]
    c2 = model.index(0, 0, root)
    assert rows(model, c2) == [("L-900 (cycle: already above)", "5")]
    back_to_c1 = model.index(0, 0, c2)
    assert not model.hasChildren(back_to_c1) and not model.canFetchMore(back_to_c1)
    assert "cycle" in back_to_c1.data(Qt.ItemDataRole.ToolTipRole)


@pytest.mark.parametrize(("lot_id", "direction"), [("LOT-F1", "backward"),
                                                   ("LOT-R55", "forward"),
                                                   ("LOT-C1", "forward")])
def test_trace_models_pass_the_model_tester(qtbot, qtmodeltester, make_view, filled, lot_id,
                                            direction) -> None:
    view = make_view(filled)
    open_lot(qtbot, view, lot_id, direction)
    # The tester fetches and walks every row it can reach: the cycle must end the walk.
    qtmodeltester.check(view.models[direction], force_py=True)


def test_selecting_a_lot_shows_its_process_context(qtbot, make_view, filled) -> None:
    view = make_view(filled)
    with qtbot.waitSignal(view.context_shown, timeout=10_000,
                          check_params_cb=lambda lot_id: lot_id == "LOT-F1"):
        view.open_lot("LOT-F1")
    panel = view.context_panel
    assert panel.work_order_label.text() == "WO-0003"
    assert panel.machine_label.text() == "CNC 2-1"
    states = panel.states.table
    assert states.rowCount() == 1
    assert [states.item(0, c).text() for c in (0, 3)] == ["down", "Spindle alarm"]
    assert panel.defects.table.item(0, 0).text() == "BURR"
    assert panel.measurements.note.text() == "not provided by this source"


def test_recall_scope_lists_key_accounts_first_and_exports(qtbot, make_view, filled, tmp_path
                                                          ) -> None:
    view = make_view(filled)
    open_lot(qtbot, view, "LOT-R55", "forward")
    with qtbot.waitSignal(view.recall_opened, timeout=10_000) as opened:
        view.recall_button.click()
    dialog = opened.args[0]
    model = dialog.model
    table = [[model.index(r, c).data() for c in (0, 1, 2, 4, 7)]
             for r in range(model.rowCount())]
    assert table == [
        ["Zeta Motors", "key account", "SO-1001", "L-300", "Ana Lin"],
        ["Zeta Motors", "key account", "SO-1001", "L-300", "Bo Chen"],
        ["Alpha Tools", "", "SO-1002", "L-301", "Cy Wu"],
    ]
    dialog.export_csv(tmp_path / "recall.csv")
    with (tmp_path / "recall.csv").open(encoding="utf-8-sig", newline="") as file:
        read = list(csv.DictReader(file))
    assert [(r["customer_name"], r["contact_email"]) for r in read] == [
        ("Zeta Motors", "ana@zeta.example"), ("Zeta Motors", "bo@zeta.example"),
        ("Alpha Tools", "cy@alpha.example")]
    dialog.export_xlsx(tmp_path / "recall.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "recall.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    assert [row[header.index("lot_number")] for row in values[1:]] == ["L-300", "L-300",
                                                                       "L-301"]
    dialog.reject()


def test_recall_model_passes_the_model_tester(qtbot, qtmodeltester, make_view, filled
                                              ) -> None:
    view = make_view(filled)
    open_lot(qtbot, view, "LOT-R55", "forward")
    with qtbot.waitSignal(view.recall_opened, timeout=10_000) as opened:
        view.show_recall_scope()
    qtmodeltester.check(opened.args[0].model, force_py=True)
    opened.args[0].reject()


def test_open_lot_before_loading_waits_for_the_genealogy(qtbot, bridge, clock, filled
                                                         ) -> None:
    view = TraceabilityView(CacheCounts(filled, bridge), bridge, filled, clock)
    qtbot.addWidget(view)
    view.open_lot("LOT-F2", "forward")  # as the Complaints view may, before first show
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    assert view.current_lot_id() == "LOT-F2"
    assert view.current_direction() == "forward"


def test_the_newest_complaints_lot_opens_by_default(qtbot, make_view, filled, clock) -> None:
    filled.upsert(CRM, "crm.complaints", [
        d.Complaint(id="CP-1", number="CMP-1", customer_id="CU-2", lot_id="LOT-F2",
                    category="dimension", severity=d.Severity.HIGH,
                    status=d.ComplaintStatus.OPEN, opened_at=clock.now)])
    view = make_view(filled)
    assert view.current_lot_id() == "LOT-F2"


def test_no_lots_cached_shows_the_empty_state(qtbot, make_view, store) -> None:
    view = make_view(store)
    assert view.stack.currentWidget() is view.empty_state
    assert view.empty_state.title_label.text() == "No lots cached yet"


def test_a_new_link_shows_after_the_cache_changes(qtbot, make_view, filled, bridge, clock
                                                  ) -> None:
    view = make_view(filled)
    open_lot(qtbot, view, "LOT-R55", "forward")
    model = view.models["forward"]
    view.trees["forward"].expand(child(model, model.index(0, 0), "L-200"))
    changes = filled.upsert(MES, "mes.genealogy", [link(clock, "G8", "LOT-R55", "LOT-C1", "1")])
    with qtbot.waitSignal(view.traces_reset, timeout=10_000):
        bridge.cache_changed.emit(changes)
    root = model.index(0, 0)
    assert [r[0] for r in rows(model, root)] == ["L-200", "L-201", "L-900"]
    assert view.trees["forward"].isExpanded(child(model, root, "L-200"))


def test_no_visible_english_in_zh_tw(zh_tw, qtbot, make_view, filled) -> None:
    from tests.widgets.test_i18n_zh_tw import untranslated_english, visible_texts

    view = make_view(filled)
    with qtbot.waitSignal(view.context_shown, timeout=10_000):
        view.open_lot("LOT-C1", "forward")
    tree_texts = []
    model = view.models["forward"]
    rows(model, model.index(0, 0))
    rows(model, model.index(0, 0, model.index(0, 0)))
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for r in range(model.rowCount(parent)):
            stack.append(model.index(r, 0, parent))
            tree_texts += [model.index(r, c, parent).data() or "" for c in range(len(Column))]
    tree_texts += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(Column))]
    data = ["L-900", "L-901", "Housing", "pcs", "demo-mes", "demo-crm"]
    assert untranslated_english(visible_texts(view) + tree_texts, data) == set()
    assert zh_tw.missing == set()


@pytest.fixture
def no_full_load(monkeypatch) -> list[str]:
    """load_genealogy fails if called, and the names of the threads that read lineages."""
    from app.runtime import lineage
    from widgets.traceability import trace_load, traceability_view

    def refuse(*_args, **_kwargs):
        raise AssertionError("the view must not load the whole genealogy")

    monkeypatch.setattr(lineage, "load_genealogy", refuse)
    threads: list[str] = []
    read = lineage.lineage_from_cache

    def recorded(*args):
        threads.append(threading.current_thread().name)
        return read(*args)

    for module in (trace_load, traceability_view):
        monkeypatch.setattr(module, "lineage_from_cache", recorded)
    return threads


def test_the_first_trace_comes_from_the_cache_in_the_worker(qtbot, make_view, filled, clock,
                                                            no_full_load) -> None:
    filled.upsert(CRM, "crm.complaints", [
        d.Complaint(id="CP-1", number="CMP-1", customer_id="CU-1", lot_id="LOT-F1",
                    category="dimension", severity=d.Severity.HIGH,
                    status=d.ComplaintStatus.OPEN, opened_at=clock.now)])
    view = make_view(filled)  # returns once `loaded`: the complaint's lot is shown by then
    model = view.models["backward"]
    root = model.index(0, 0)
    assert (root.data(), model.index(0, Column.WORK_ORDER).data()) == ("L-300", "WO-0003")
    assert rows(model, root) == [("L-101", "10"), ("L-200", "30")]
    assert rows(model, child(model, root, "L-200")) == [("L-100", "30")]
    forward = view.models["forward"]
    assert forward.index(0, 0).data() == "L-300" and not forward.hasChildren(forward.index(0, 0))
    assert view.trees["backward"].isExpanded(root)
    # Another lot: its row shows at once, filled in place when its lineage arrives.
    view.open_lot("LOT-R55", "forward")
    taken = forward.index(0, 0)
    assert view.current_lot_id() == "LOT-R55"
    qtbot.waitUntil(lambda: forward.rowCount(taken) == 2)
    assert taken.data() == "L-100"
    assert rows(forward, taken) == [("L-200", "30"), ("L-201", "20")]
    # Search, a one-hit search's lot, the cycle and the recall scope need no loaded genealogy.
    assert search(qtbot, view, "SO-1002") == [("SO-1002 → L-301", "LOT-F2")]
    qtbot.waitUntil(lambda: view.lot_title.text().startswith("Lot L-301"))
    open_lot(qtbot, view, "LOT-C1", "forward")
    c2 = forward.index(0, 0, forward.index(0, 0))
    assert rows(forward, c2) == [("L-900 (cycle: already above)", "5")]
    with qtbot.waitSignal(view.recall_opened, timeout=10_000) as opened:
        view.show_recall_scope()
    assert opened.args[0].rows == []  # the cycle shipped nowhere
    opened.args[0].reject()
    assert no_full_load and all(name != threading.main_thread().name for name in no_full_load)


def test_a_lot_not_in_the_cache_keeps_the_trees_shown(qtbot, make_view, filled,
                                                      no_full_load) -> None:
    view = make_view(filled)
    open_lot(qtbot, view, "LOT-F2")
    open_lot(qtbot, view, "LOT-404")
    assert view.lot_title.text() == "Lot LOT-404 is not in the cache."
    assert view.current_lot_id() == "LOT-F2"
    assert view.models["backward"].index(0, 0).data() == "L-301"
