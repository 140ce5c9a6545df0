"""The Customer page over a hand-built cache (the data set of the summary's unit test): each
section's numbers, the empty texts, one window per customer, and the ways in from the order
and complaint details. The clock stands at 20 Mar 2025 10:00 UTC."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.analytics.fulfilment import LinkingRules
from app.cache.store import CacheStore
from app.domain import Customer
from tests.unit.test_customer_summary import (
    ACME,
    COMPLAINTS,
    CONTACTS,
    LOTS,
    NOW,
    OPPORTUNITIES,
    ORDERS,
    OTHER,
    SHIPMENTS,
    WORK_ORDERS,
)
from tests.widgets.conftest import FakeClock
from widgets.complaints.complaint_data import load_complaints
from widgets.complaints.complaint_detail import ComplaintDetail
from widgets.customer.customer_page import CustomerPage
from widgets.customer.customer_pages import open_customer_page, open_pages
from widgets.orders import order_rows
from widgets.orders.order_detail import OrderDetail

CRM, MES = "crm", "mes"
EMPTY = Customer(id="C9", name="Newcomer Ltd", number="K-9")


@pytest.fixture
def filled(store: CacheStore, tmp_path, monkeypatch) -> CacheStore:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # default linking rules
    for feed, records in (("crm.customers", [ACME, OTHER, EMPTY]), ("crm.orders", ORDERS),
                          ("crm.shipments", SHIPMENTS), ("crm.complaints", COMPLAINTS),
                          ("crm.opportunities", OPPORTUNITIES), ("crm.contacts", CONTACTS)):
        store.upsert(CRM, feed, records)
        store.mark_synced(CRM, feed, at=NOW)
    for feed, records in (("mes.lots", list(LOTS.values())), ("mes.work_orders", WORK_ORDERS)):
        store.upsert(MES, feed, records)
        store.mark_synced(MES, feed, at=NOW)
    return store


def make_page(qtbot, store: CacheStore, customer_id: str = "C1") -> CustomerPage:
    page = CustomerPage(store, CRM, customer_id, clock=FakeClock(NOW))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    return page


def rows(page: CustomerPage, name: str) -> list[list[str]]:
    section = page.sections[name]
    return [[section.cell(r, c) for c in range(section.table.columnCount())]
            for r in range(section.table.rowCount())]


def test_header_and_open_orders(qtbot, filled) -> None:
    page = make_page(qtbot, filled)
    assert page.name.text() == "Acme Gears"
    assert page.windowTitle() == "Customer: Acme Gears"
    assert page.badge.isVisibleTo(page)
    assert page.meta.text() == "No. K-1 · Country TW · Language zh_TW · CRM crm"
    assert page.kpis.text() == ("3 open order lines (1 late, 1 at risk) · on time 50 % · "
                                "2 open complaints · 2 open opportunities")
    assert [row[:8] for row in rows(page, "orders")] == [
        ["SO-3", "2", "P-2", "10 pcs", "0 % (0 pcs)", "2025-03-18", "—", "late"],
        ["SO-3", "3", "P-2", "4 pcs", "0 % (0 pcs)", "2025-03-22", "—", "at risk"],
        ["SO-3", "1", "P-1", "30 pcs", "40 % (12 pcs)", "2025-03-25", "—", "on track"]]
    assert rows(page, "orders")[0][8] == "2 days past due (18 Mar), 0 of 10 pcs done"
    assert page.tabs.tabText(0) == "Open orders (3)"


def test_delivery_complaints_lots_opportunities_contacts(qtbot, filled) -> None:
    page = make_page(qtbot, filled)
    assert page.delivery.note.text() == (
        "On time: 50 % (2 of 4 lines delivered on or before the promised date) · median lead"
        " time 13.5 days from order to last shipment")
    assert [(m.on_time, m.late) for m in page.chart.months] == [(1, 1), (0, 1), (1, 0)]
    assert [row[0:2] + row[6:] for row in rows(page, "delivery")] == [
        ["SO-4", "1", "2025-03-15", "5 d", "on time"],
        ["SO-2", "1", "2025-02-15", "14 d", "1 d late"],
        ["SO-1", "2", "2025-01-28", "23 d", "3 d late"],
        ["SO-1", "1", "2025-01-18", "13 d", "on time"]]
    assert page.complaints.note.text() == "2 open, 1 closed"
    assert [[r[0], r[2], r[3], r[4], r[6], r[8]] for r in rows(page, "complaints")] == [
        ["CP-1", "10 d", "high", "open", "SO-2", "LOT-002"],
        ["CP-3", "5 d", "low", "investigating", "—", "—"],
        ["CP-2", "49 d", "critical", "closed", "—", "—"]]
    assert [[r[5], r[4], r[3], r[1], r[2]] for r in rows(page, "lots")] == [
        ["LOT-005", "P-1", "6 pcs", "SO-4", "1"], ["LOT-003", "P-1", "12 pcs", "SO-2", "1"],
        ["LOT-002", "P-1", "8 pcs", "SO-2", "1"], ["L4", "P-2", "5 pcs", "SO-1", "2"],
        ["LOT-001", "P-1", "10 pcs", "SO-1", "1"]]
    assert page.opportunities.note.text() == "Weighted (quantity × probability): 55 pcs"
    assert rows(page, "opportunities") == [
        ["Deal OP2", "P-1", "40 pcs", "negotiate", "75 %", "30 pcs", "2025-04-01"],
        ["Deal OP1", "P-1", "100 pcs", "qualify", "25 %", "25 pcs", "2025-05-01"]]
    assert rows(page, "contacts") == [
        ["Alan Chen", "alan@acme.example", "—", "en"],
        ["Zoe Lin", "zoe@acme.example", "+886 2 1234", "zh_TW"]]
    assert not any(section.is_empty for section in page.sections.values())


def test_every_empty_section_says_so(qtbot, filled) -> None:
    page = make_page(qtbot, filled, "C9")
    assert page.name.text() == "Newcomer Ltd"
    assert not page.badge.isVisibleTo(page)
    for section in page.sections.values():
        assert section.is_empty
        assert section.empty.text()
    assert page.orders.empty.text() == (
        "No open order lines: everything ordered has been delivered.")
    assert page.chart is None
    assert page.kpis.text() == ("0 open order lines (0 late, 0 at risk) · no deliveries yet · "
                                "0 open complaints · 0 open opportunities")


def test_an_unknown_customer_is_said_plainly(qtbot, filled) -> None:
    page = make_page(qtbot, filled, "C404")
    assert page.summary is None
    assert page.kpis.text() == "The cache holds no customer C404 from crm."


def test_opening_twice_reuses_the_window(qtbot, filled) -> None:
    clock = FakeClock(NOW)
    first = open_customer_page(filled, CRM, "C1", None, clock)
    qtbot.addWidget(first)
    qtbot.waitUntil(lambda: first.summary is not None, timeout=10_000)
    again = open_customer_page(filled, CRM, "C1", None, clock)
    assert again is first
    other = open_customer_page(filled, CRM, "C2", None, clock)
    qtbot.addWidget(other)
    assert other is not first
    assert set(open_pages()) >= {first, other}
    qtbot.waitUntil(lambda: other.summary is not None, timeout=10_000)
    first.close()  # deleted on close, and forgotten
    qtbot.waitUntil(lambda: all(page is not first for page in open_pages()))
    third = open_customer_page(filled, CRM, "C1", None, clock)
    qtbot.addWidget(third)
    assert third is not first
    qtbot.waitUntil(lambda: third.summary is not None, timeout=10_000)


def test_the_order_detail_asks_for_its_customer(qtbot, filled) -> None:
    data = order_rows.load_orders(filled, LinkingRules(), None, NOW)
    detail = OrderDetail()
    qtbot.addWidget(detail)
    assert not detail.customer_button.isEnabled()
    detail.show_order(data, "O3", NOW)
    with qtbot.waitSignal(detail.customer_requested) as signal:
        qtbot.mouseClick(detail.customer_button, Qt.MouseButton.LeftButton)
    assert signal.args == [CRM, "C1"]


def test_the_complaint_detail_asks_for_its_customer(qtbot, filled) -> None:
    row = next(r for r in load_complaints(filled).rows if r.complaint.number == "CP-1")
    detail = ComplaintDetail()
    qtbot.addWidget(detail)
    assert not detail.customer_button.isEnabled()
    detail.show_row(row, "10 Mar")
    with qtbot.waitSignal(detail.customer_requested) as signal:
        qtbot.mouseClick(detail.customer_button, Qt.MouseButton.LeftButton)
    assert signal.args == [CRM, "C1"]


def test_the_main_window_opens_the_page_from_the_orders_view(make_window, qtbot,
                                                             filled) -> None:
    window = make_window(store=filled)
    window.views["orders"].customer_requested.emit(CRM, "C1")
    page = next(p for p in open_pages() if p.isVisible())
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.summary is not None, timeout=10_000)
    window.views["complaints"].customer_requested.emit(CRM, "C1")
    assert [p for p in open_pages() if p.isVisible()] == [page]  # the same page again
