"""The Complaints view over a hand-built cache: table, filters, detail, actions, traces."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.cache.store import CacheStore
from app.domain import (
    Complaint,
    ComplaintStatus,
    Customer,
    Lot,
    LotKind,
    LotLink,
    SalesOrder,
    Severity,
)
from app.domain.crm import OrderStatus
from app.sync.actions import ActionKind
from app.sync.bridge import SyncBridge
from tests.widgets.conftest import START, FakeClock
from tests.widgets.recording_queue import RecordingQueue
from widgets.common.cache_counts import CacheCounts
from widgets.complaints.complaints_model import Column
from widgets.complaints.complaints_view import ComplaintsView

CRM, MES = "crm", "mes"


def _lot(lot_id: str, number: str, kind: LotKind, supplier: str | None = None) -> Lot:
    return Lot(id=lot_id, number=number, product_id="P-1", kind=kind, quantity=Decimal(10),
               unit="pcs", created_at=START - timedelta(days=9), supplier=supplier,
               supplier_lot=f"S-{number}" if supplier else None)


def _complaint(cid: str, number: str, customer: str, status: ComplaintStatus,
               severity: Severity, days: float, lot_id: str | None = None,
               findings: list[str] | None = None) -> Complaint:
    return Complaint(id=cid, number=number, customer_id=customer, order_id="O1",
                     product_id="P-1", lot_id=lot_id, category="noise", severity=severity,
                     status=status, description=f"about {number}",
                     opened_at=START - timedelta(days=days), findings=findings or [])


def fill(store: CacheStore) -> None:
    store.upsert(CRM, "crm.customers", [
        Customer(id="C1", name="Acme Gears", number="K-1"),
        Customer(id="C2", name="Borealis Pumps", number="K-2")])
    store.upsert(CRM, "crm.orders", [SalesOrder(
        id="O1", number="SO-1001", customer_id="C1", status=OrderStatus.SHIPPED,
        created_at=START - timedelta(days=20))])
    store.upsert(MES, "mes.lots", [
        _lot("L1", "L-778", LotKind.FINISHED), _lot("W1", "W-10", LotKind.WIP),
        _lot("R1", "R-55", LotKind.RAW, "Steelco"), _lot("R2", "R-56", LotKind.RAW),
        _lot("L2", "L-900", LotKind.FINISHED)])
    store.upsert(MES, "mes.genealogy", [
        LotLink(id=f"LL{n}", parent_lot_id=p, child_lot_id=c, quantity=Decimal(5),
                unit="pcs", linked_at=START - timedelta(days=8))
        for n, (p, c) in enumerate([("W1", "L1"), ("R1", "W1"), ("R2", "L1")])])
    store.upsert(CRM, "crm.complaints", [
        _complaint("K1", "CC-1", "C1", ComplaintStatus.CLOSED, Severity.CRITICAL, 30, "L1"),
        _complaint("K2", "CC-2", "C1", ComplaintStatus.OPEN, Severity.LOW, 10),
        _complaint("K3", "CC-3", "C2", ComplaintStatus.OPEN, Severity.HIGH, 2, "L1",
                   ["Samples re-measured."]),
        _complaint("K4", "CC-4", "C2", ComplaintStatus.OPEN, Severity.HIGH, 5),
        _complaint("K5", "CC-5", "C1", ComplaintStatus.INVESTIGATING, Severity.MEDIUM, 1)])


class StandInTrace:
    def __init__(self) -> None:
        self.opened: list[tuple[str, str]] = []

    def open_lot(self, lot_id: str, direction: str = "backward") -> None:
        self.opened.append((lot_id, direction))


class StandInWindow:
    def __init__(self) -> None:
        self.views: dict[str, Any] = {"traceability": StandInTrace()}
        self.shown: list[str] = []

    def switch_view(self, name: str) -> None:
        self.shown.append(name)


@pytest.fixture
def make_view(qtbot, store: CacheStore, bridge: SyncBridge, clock: FakeClock):
    fill(store)

    def make(engine: Any = None, navigator: Any = None) -> ComplaintsView:
        counts = CacheCounts(store, bridge)
        view = ComplaintsView(counts, bridge, store, clock, engine=engine, navigator=navigator)
        qtbot.addWidget(view)
        view.resize(1200, 700)
        with qtbot.waitSignal(view.loaded):
            view.show()
        return view

    return make


def numbers(view: ComplaintsView) -> list[str]:
    proxy = view.proxy
    return [proxy.index(r, Column.NUMBER).data() for r in range(proxy.rowCount())]


def test_default_order_is_open_then_severity_then_age(make_view) -> None:
    view = make_view()
    assert numbers(view) == ["CC-4", "CC-3", "CC-2", "CC-5", "CC-1"]
    row = [view.proxy.index(0, c).data() for c in Column]
    assert row == ["CC-4", "Borealis Pumps", "SO-1001", "P-1", "", "noise", "high", "open", "5 d"]
    assert view.proxy.index(1, Column.LOT).data() == "L-778"  # the lot's number, not its id
    colour = view.proxy.index(0, Column.SEVERITY).data(Qt.ItemDataRole.ForegroundRole)
    assert colour.name() != view.proxy.index(2, Column.SEVERITY).data(
        Qt.ItemDataRole.ForegroundRole).name()


def test_sorting_by_any_column(make_view) -> None:
    view = make_view()
    view.table.sortByColumn(Column.AGE, Qt.SortOrder.AscendingOrder)
    assert numbers(view) == ["CC-1", "CC-2", "CC-4", "CC-3", "CC-5"]  # oldest first
    view.table.sortByColumn(Column.SEVERITY, Qt.SortOrder.AscendingOrder)
    assert numbers(view)[0] == "CC-1" and numbers(view)[-1] == "CC-2"
    view.table.sortByColumn(Column.CUSTOMER, Qt.SortOrder.DescendingOrder)
    assert numbers(view)[:2] == ["CC-4", "CC-3"]


def test_filters_and_search(make_view) -> None:
    view = make_view()
    filters = view.filters
    filters.status.setCurrentIndex(filters.status.findData(ComplaintStatus.OPEN))
    assert sorted(numbers(view)) == ["CC-2", "CC-3", "CC-4"]
    filters.severity.setCurrentIndex(filters.severity.findData(Severity.HIGH))
    assert sorted(numbers(view)) == ["CC-3", "CC-4"]
    filters.customer.setCurrentIndex(filters.customer.findData("Acme Gears"))
    assert numbers(view) == []
    for combo in (filters.status, filters.severity, filters.customer):
        combo.setCurrentIndex(0)
    filters.search.setText("l-778")
    assert sorted(numbers(view)) == ["CC-1", "CC-3"]
    assert filters.count.text() == "2 of 5 complaints"


def test_models_pass_the_model_tester(make_view, qtmodeltester) -> None:
    view = make_view()
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)


def test_empty_cache_shows_the_empty_state(qtbot, tmp_path, bridge, clock) -> None:
    empty = CacheStore.open(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        view = ComplaintsView(CacheCounts(empty, bridge), bridge, empty, clock)
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.loaded):
            view.show()
        assert view.stack.currentWidget() is view.empty_state
        assert view.empty_state.title_label.text() == "No complaints cached yet"
    finally:
        empty.close()


def test_refreshes_when_the_cache_changes(make_view, store, bridge, qtbot) -> None:
    view = make_view()
    changes = store.upsert(CRM, "crm.complaints", [
        _complaint("K6", "CC-6", "C2", ComplaintStatus.OPEN, Severity.CRITICAL, 3)])
    with qtbot.waitSignal(view.loaded):
        bridge.publish_changes(changes)
    assert numbers(view)[0] == "CC-6"


def test_detail_shows_the_selected_complaint(make_view, qtbot) -> None:
    view = make_view()
    with qtbot.waitSignal(view.suspects_loaded):
        assert view.select_complaint("CC-3")
    detail = view.detail
    assert detail.title.text() == "CC-3 from Borealis Pumps"
    assert detail.fields["lot"].text() == "L-778"
    assert detail.fields["order"].text() == "SO-1001"
    assert detail.fields["status"].text() == "open"
    assert "high" in detail.fields["severity"].text()
    assert "Samples re-measured." in detail.findings.text()
    # The raw lots of L-778's backward trace, by number: the suspects.
    suspects = [detail.suspects.itemData(i) for i in range(detail.suspects.count())]
    assert suspects == [("mes", "R1"), ("mes", "R2")]
    assert detail.suspects.itemText(0).startswith("R-55 · Steelco")


def test_suspects_come_from_the_cache_without_loading_the_genealogy(
        make_view, qtbot, store, bridge, monkeypatch) -> None:
    from app.runtime import lineage

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("suspect lots must not load the whole genealogy")

    monkeypatch.setattr(lineage, "load_genealogy", refuse)
    view = make_view()
    with qtbot.waitSignal(view.suspects_loaded):
        assert view.select_complaint("CC-3")
    detail = view.detail
    assert [detail.suspects.itemData(i) for i in range(detail.suspects.count())] == [
        ("mes", "R1"), ("mes", "R2")]
    # A new input of the lot's WIP lot is a suspect as soon as the cache has the link.
    store.upsert(MES, "mes.lots", [_lot("R3", "R-57", LotKind.RAW)])
    changes = store.upsert(MES, "mes.genealogy", [LotLink(
        id="LL9", parent_lot_id="R3", child_lot_id="W1", quantity=Decimal(1), unit="pcs",
        linked_at=START - timedelta(days=8))])
    with qtbot.waitSignal(view.suspects_loaded):
        bridge.publish_changes(changes)
    assert [detail.suspects.itemData(i) for i in range(detail.suspects.count())] == [
        ("mes", "R1"), ("mes", "R2"), ("mes", "R3")]


def test_trace_buttons_open_the_traceability_view(make_view, qtbot) -> None:
    window = StandInWindow()
    view = make_view(navigator=window)
    with qtbot.waitSignal(view.suspects_loaded):
        view.select_complaint("CC-3")
    view.detail.backward_button.click()
    view.detail.suspects.setCurrentIndex(1)
    view.detail.forward_button.click()
    assert window.shown == ["traceability", "traceability"]
    assert window.views["traceability"].opened == [("L1", "backward"), ("R2", "forward")]


def test_without_a_lot_the_traces_are_off(make_view) -> None:
    view = make_view(navigator=StandInWindow())
    view.select_complaint("CC-4")
    assert not view.detail.backward_button.isEnabled()
    assert not view.detail.forward_button.isEnabled()
    assert "link one" in view.detail.trace_hint.text()


def test_add_finding_needs_text(make_view, qloop) -> None:
    engine = RecordingQueue()
    view = make_view(engine=engine)
    view.select_complaint("CC-2")
    view.detail.finding_button.click()
    view.detail.finding_form.field.setText("   ")
    view.detail.finding_form.confirm.click()
    assert view.detail.finding_form.message.text() == (
        "Write the finding first: it cannot be empty.")
    assert not view.detail.finding_form.message.isHidden()
    assert view.actions.pending == [] and engine.calls == []


def test_add_finding_queues_it_and_waits_for_delivery(make_view, qloop, qtbot, bridge) -> None:
    engine = RecordingQueue()
    view = make_view(engine=engine)
    view.select_complaint("CC-2")
    view.detail.finding_button.click()
    view.detail.finding_form.field.setText("Bearing seat oversize")
    view.detail.finding_form.confirm.click()
    qtbot.waitUntil(lambda: view.actions.pending and view.actions.pending[0].item_id == 1)
    (action,) = engine.calls
    assert action.kind == ActionKind.FINDING
    assert (action.source, action.target_id, action.payload) == (
        CRM, "K2", {"text": "Bearing seat oversize"})
    assert "waiting to be sent" in view.detail.waiting.text()
    bridge.publish_outbox([])  # the sender delivered it: the outbox no longer holds it
    assert view.detail.waiting.isHidden()


def test_link_to_an_unknown_lot_is_refused(make_view, qloop) -> None:
    engine = RecordingQueue()
    view = make_view(engine=engine)
    view.select_complaint("CC-4")
    view.detail.link_button.click()
    view.detail.link_form.field.setText("L-404")
    view.detail.link_form.confirm.click()
    assert "No cached lot has the number L-404" in view.detail.link_form.message.text()
    assert engine.calls == []


def test_link_to_a_known_lot_queues_it(make_view, qloop, qtbot) -> None:
    engine = RecordingQueue()
    view = make_view(engine=engine)
    view.select_complaint("CC-4")
    view.detail.link_button.click()
    view.detail.link_form.field.setText("l-900 ")
    view.detail.link_form.confirm.click()
    qtbot.waitUntil(lambda: bool(engine.calls))
    (action,) = engine.calls
    assert action.kind == ActionKind.LINK_LOT
    assert (action.target_id, action.payload, action.version) == ("K4", {"lot_id": "L2"}, 1)


def test_offline_the_actions_say_why(make_view) -> None:
    view = make_view()
    view.select_complaint("CC-2")
    assert not view.detail.finding_button.isEnabled()
    assert not view.detail.link_button.isEnabled()
    assert view.detail.offline.text().startswith("Offline: no sync engine is running")


def test_an_empty_start_fills_in_when_complaints_arrive(qtbot, tmp_path, bridge, clock) -> None:
    store = CacheStore.open(f"sqlite:///{tmp_path / 'late.sqlite3'}")
    try:
        view = ComplaintsView(CacheCounts(store, bridge), bridge, store, clock)
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.loaded):
            view.show()
        fill(store)
        with qtbot.waitSignal(view.loaded):
            bridge.publish_changes(store.upsert(CRM, "crm.complaints", []).merge(
                store.upsert(CRM, "crm.complaints", store.all(CRM, "crm.complaints"))))
        assert view.stack.currentWidget() is view.content
    finally:
        store.close()


def test_a_crm_that_keeps_no_lot_on_a_complaint_is_not_offered_the_link(
        make_view, bridge: SyncBridge) -> None:
    """On a Tryton CRM "Link to lot…" is off, and the reason is written under the buttons
    (it used to be offered, then refused in HTTP terms); "Add finding…" stays."""
    from app.sync.health import SourceHealth

    bridge.publish_health(SourceHealth(source=CRM, kind="crm", url="https://erp.example",
                                       backend="tryton"))
    view = make_view(engine=RecordingQueue())
    view.select_complaint("CC-4")
    detail = view.detail
    assert not detail.link_button.isEnabled()
    assert detail.not_taken.isVisibleTo(view)
    assert "Tryton keeps no lot on a complaint" in detail.not_taken.text()
    assert detail.finding_button.isEnabled()

    # The same CRM speaking the reference contract takes the link.
    bridge.publish_health(SourceHealth(source=CRM, kind="crm", url="https://crm.example"))
    view.select_complaint("CC-2")
    view.select_complaint("CC-4")
    assert detail.link_button.isEnabled() and not detail.not_taken.isVisibleTo(view)
