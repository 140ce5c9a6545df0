"""The Overview's KPI tiles over a hand-built cache: values, click-through rows, empty state."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app import domain as d
from app.cache.store import CacheStore
from app.runtime import figures_snapshot
from widgets.common.cache_counts import CacheCounts
from widgets.overview.overview_view import OverviewView

NOW = datetime(2025, 3, 5, 4, 0, tzinfo=UTC)  # Wednesday noon in Taipei, ISO week 10


class Clock:
    def __call__(self) -> datetime:
        return NOW


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def fill(store: CacheStore) -> None:
    def line(no: int, qty: int, promised: date) -> d.OrderLine:
        return d.OrderLine(line_no=no, product_id="P-1", quantity=Decimal(qty), unit="pcs",
                           requested_date=promised, promised_date=promised)

    orders = [
        d.SalesOrder(id="O1", number="SO-1", customer_id="C1", status=d.OrderStatus.SHIPPED,
                     created_at=utc(2025, 2, 20), lines=[line(1, 10, date(2025, 3, 4)),
                                                          line(2, 5, date(2025, 3, 1))]),
        d.SalesOrder(id="O2", number="SO-2", customer_id="C1", status=d.OrderStatus.CONFIRMED,
                     created_at=utc(2025, 2, 10), lines=[line(1, 3, date(2025, 2, 25))]),
    ]
    shipments = [d.Shipment(id=f"S{n}", order_id="O1", line_no=no, customer_id="C1",
                            quantity=Decimal(q), unit="pcs", shipped_at=at)
                 for n, (no, q, at) in enumerate([(1, 10, utc(2025, 3, 4, 15)),
                                                  (2, 5, utc(2025, 3, 2, 17))])]
    complaints = [d.Complaint(id=f"K{n}", number=f"CP-{n}", customer_id="C1", category="dim",
                              severity=sev, status=st, opened_at=at)
                  for n, (sev, st, at) in enumerate([
                      (d.Severity.HIGH, d.ComplaintStatus.OPEN, utc(2025, 3, 1)),
                      (d.Severity.LOW, d.ComplaintStatus.CLOSED, utc(2025, 2, 1)),
                      (d.Severity.CRITICAL, d.ComplaintStatus.OPEN, utc(2025, 1, 1))])]
    wos = [d.WorkOrder(id="W1", number="WO-1", product_id="P-1", quantity=Decimal(100),
                       unit="pcs", good=Decimal(40), status=d.WorkOrderStatus.RUNNING),
           d.WorkOrder(id="W2", number="WO-2", product_id="P-1", quantity=Decimal(10),
                       unit="pcs", status=d.WorkOrderStatus.COMPLETED)]
    for source, feed, records in [
        ("crm", "crm.customers", [d.Customer(id="C1", name="Acme", number="C-1")]),
        ("crm", "crm.orders", orders), ("crm", "crm.shipments", shipments),
        ("crm", "crm.complaints", complaints),
        ("mes", "mes.sites", [d.Site(id="S1", name="Plant", time_zone="Asia/Taipei")]),
        ("mes", "mes.work_orders", wos),
    ]:
        store.upsert(source, feed, records)
        store.mark_synced(source, feed, at=NOW)


@pytest.fixture
def view(store: CacheStore, bridge, qtbot, tmp_path: Path) -> OverviewView:
    fill(store)
    counts = CacheCounts(store, bridge)
    view = OverviewView(counts, Clock(), bridge, store, rules_path=tmp_path / "rules.json")
    qtbot.addWidget(view)
    view.resize(1280, 800)
    with qtbot.waitSignal(view.figures_ready, timeout=10_000):
        view.show()
    return view


def column(view: OverviewView, n: int) -> list[str]:
    proxy = view.rows_proxy
    return [proxy.index(r, n).data() for r in range(proxy.rowCount())]


def test_tiles_show_the_figures(view: OverviewView) -> None:
    assert view.pages.currentWidget() is view.content
    tiles = view.tiles
    # O1/1 on time (4 Mar at the site), O1/2 late (3 Mar at the site, promised 1 Mar).
    assert tiles["on_time_delivery"].value_label.text() == "50.0"
    assert tiles["on_time_delivery"].detail_label.text() == "1 of 2 lines on time"
    assert tiles["orders_at_risk"].value_label.text() == "1"  # O2/1, past its promise
    assert tiles["open_complaints"].value_label.text() == "2"
    assert tiles["wip"].value_label.text() == "60"
    assert tiles["wip"].unit_label.text() == "pcs"
    assert tiles["oee"].value_label.text() == "—"  # no machines in this cache
    assert "Order lines completed" in tiles["on_time_delivery"].toolTip()


def test_clicking_a_tile_lists_the_rows_behind_it(view: OverviewView, qtbot) -> None:
    assert view.selected == "orders_at_risk"
    assert column(view, 0) == ["SO-2"]
    qtbot.mouseClick(view.tiles["on_time_delivery"], Qt.MouseButton.LeftButton)
    assert view.selected == "on_time_delivery"
    headers = [view.rows_model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(view.rows_model.columnCount())]
    on_time = headers.index("On time")
    assert sorted(zip(column(view, 1), column(view, on_time), strict=True)) == [
        ("1", "yes"), ("2", "late")]
    assert set(column(view, 2)) == {"Acme"}
    view.show_rows("open_complaints")
    assert sorted(column(view, 0)) == ["CP-0", "CP-2"]
    view.show_rows("wip")
    assert column(view, 0) == ["WO-1"]
    assert "1 rows" in view.rows_title.text()


def test_rows_sort_by_their_values(view: OverviewView) -> None:
    view.show_rows("open_complaints")
    age = 6
    view.rows_table.sortByColumn(age, Qt.SortOrder.DescendingOrder)
    assert column(view, 0) == ["CP-2", "CP-0"]  # 63 days before 4 days


def test_a_change_to_a_kpi_feed_recomputes_at_most_every_30_s(store, bridge, qtbot,
                                                            tmp_path) -> None:
    fill(store)
    elapsed = [0.0]
    view = OverviewView(CacheCounts(store, bridge), Clock(), bridge, store,
                        rules_path=tmp_path / "rules.json", monotonic=lambda: elapsed[0])
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.figures_ready, timeout=10_000):
        view.show()
    more = store.upsert("crm", "crm.complaints", [d.Complaint(
        id="K9", number="CP-9", customer_id="C1", category="dim", severity=d.Severity.LOW,
        status=d.ComplaintStatus.OPEN, opened_at=utc(2025, 3, 4))])
    # Just started: the first syncs are followed closely (5 s).
    bridge.publish_changes(more)
    assert view.refresh_timer.isActive() and view.refresh_timer.remainingTime() < 6_000
    view.refresh_timer.stop()
    # Later on, at most every 30 s.
    elapsed[0] = 600.0
    view._last_start = 599.0
    bridge.publish_changes(more)
    assert view.refresh_timer.isActive() and view.refresh_timer.remainingTime() > 25_000
    with qtbot.waitSignal(view.figures_ready, timeout=10_000):
        view.refresh_timer.start(0)  # as if the 30 s had passed
    assert view.tiles["open_complaints"].value_label.text() == "3"


def test_an_empty_cache_shows_the_empty_state(store, bridge, qtbot, tmp_path) -> None:
    view = OverviewView(CacheCounts(store, bridge), Clock(), bridge, store,
                        rules_path=tmp_path / "rules.json")
    qtbot.addWidget(view)
    view.show()
    assert view.pages.currentWidget() is view.empty_state
    explanation = view.empty_state.explanation_label.text()
    assert "sync engine" in explanation and explanation.endswith(".")


def test_the_figures_are_kept_for_the_next_start_and_shown_there_until_recomputed(
        view: OverviewView, store, bridge, qtbot, tmp_path) -> None:
    """The figures worked out are saved beside the cache; a console opened on that cache
    later shows them at once, saying when they were worked out, and then the fresh ones."""
    saved = figures_snapshot.load(view.snapshot_path)
    assert view.snapshot_path == tmp_path / "cache.sqlite3.figures.json"
    assert saved is not None and saved.worked_out_at == NOW
    assert saved.kpis["on_time_delivery"].value == 50.0

    # Another start, later; nothing computed yet (the view is not shown).
    later = OverviewView(CacheCounts(store, bridge), Clock(), bridge, store,
                         rules_path=tmp_path / "rules.json")
    qtbot.addWidget(later)
    assert later.figures is None
    for name in ("on_time_delivery", "orders_at_risk", "open_complaints", "wip"):
        assert later.tiles[name].value_label.text() == view.tiles[name].value_label.text()
    assert (later.tiles["on_time_delivery"].detail_label.text()
            == "1 of 2 lines on time")
    assert "when the console last had them" in later.status_label.text()
    with qtbot.waitSignal(later.figures_ready, timeout=10_000):
        later.show()
    assert "when the console last had them" not in later.status_label.text()


def test_a_damaged_saved_figures_file_is_ignored(store, bridge, qtbot, tmp_path) -> None:
    fill(store)
    (tmp_path / "cache.sqlite3.figures.json").write_text('{"format": 1, "kpis": [', "utf-8")
    view = OverviewView(CacheCounts(store, bridge), Clock(), bridge, store,
                        rules_path=tmp_path / "rules.json")
    qtbot.addWidget(view)
    assert view.tiles["wip"].value_label.text() == "—"
    assert view.status_label.text() == "Computing the figures…"
    with qtbot.waitSignal(view.figures_ready, timeout=10_000):
        view.show()
    assert view.tiles["wip"].value_label.text() == "60"
    assert figures_snapshot.load(view.snapshot_path) is not None  # written anew
