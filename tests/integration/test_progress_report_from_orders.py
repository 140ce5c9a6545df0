"""From an order in the Orders view to the customer's progress report as a PDF."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pypdf import PdfReader

from app.cache.store import CacheStore
from app.sim.plant import Plant
from app.sync.bridge import SyncBridge
from tests.unit.plant_cache import cache_from_plant
from widgets.common.cache_counts import CacheCounts
from widgets.orders.orders_view import OrdersView


def test_the_report_button_writes_a_pdf_with_the_order(qtbot, tmp_path) -> None:
    plant = Plant(7, datetime(2026, 3, 2, tzinfo=UTC), history=timedelta(days=2))
    store = CacheStore.open(f"sqlite:///{tmp_path / 'plant.sqlite3'}")
    bridge = SyncBridge()
    try:
        cache_from_plant(plant, store)
        view = OrdersView(CacheCounts(store, bridge), bridge, store, lambda: plant.now,
                          rules_path=tmp_path / "rules.json")
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.loaded, timeout=20_000):
            view.show()
        row = view.model.rows[0]
        assert view.select_line(row.number, row.line_no)
        target = tmp_path / "report.pdf"
        view.ask_report_path = lambda parent, suggested: str(target)
        with qtbot.waitSignal(view.report_saved, timeout=20_000):
            view.detail.report_button.click()
        text = "".join(page.extract_text() for page in PdfReader(target).pages)
        assert row.number in text
        assert str(target) in view.report_status.text()
    finally:
        store.close()
