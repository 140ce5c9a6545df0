"""While a feed's first read is under way the console says how far it got: the tiles made of it
show that instead of a figure of part of the data, the view header and the status bar say which
feeds are still being read. And each view's "Data as of" follows the feeds that view shows."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from app.analytics.kpi_feeds import KPI_FEEDS, KPI_REFERENCE
from app.cache.store import CacheStore
from app.runtime import figures_snapshot
from app.sync.health import FirstRead, SourceHealth, SourceState
from app.sync.intervals import DEFAULT_INTERVALS
from tests.widgets.test_overview_kpis import Clock, fill
from widgets.common.cache_counts import CacheCounts
from widgets.overview.overview_view import OverviewView

URL = "http://127.0.0.1:8765"
ORDERS_READ = FirstRead("crm.orders", 42, 10_500)
ORDER_TILES = ("on_time_delivery", "lead_time", "orders_at_risk")


def reading(*reads: FirstRead) -> SourceHealth:
    """The CRM answering with errors (degraded) while these feeds are in their first read."""
    health = SourceHealth(source="demo-crm", kind="crm", url=URL).failed(
        Clock()(), "/crm/v1/orders: server error HTTP 500")
    return replace(health, first_reads=reads)


@pytest.fixture
def view(store: CacheStore, bridge, qtbot, tmp_path: Path) -> OverviewView:
    fill(store)
    made = OverviewView(CacheCounts(store, bridge), Clock(), bridge, store,
                        rules_path=tmp_path / "rules.json")
    qtbot.addWidget(made)
    made.resize(1280, 800)
    return made


def test_tiles_made_of_a_feed_in_its_first_read_show_its_progress(view, bridge, qtbot) -> None:
    bridge.publish_health(reading(ORDERS_READ))
    with qtbot.waitSignal(view.figures_ready, timeout=10_000):
        view.show()
    for name in ORDER_TILES:
        tile = view.tiles[name]
        assert tile.value_label.text() == "…", name
        assert tile.detail_label.text() == (
            "Still reading Sales orders: page 42, 10,500 records so far")
        assert tile.unit_label.text() == "" and tile.sparkline.points == ()
        assert tile.reading
    # Figures not made of the orders are whole: shown as ever.
    assert view.tiles["open_complaints"].value_label.text() == "2"
    assert view.tiles["wip"].value_label.text() == "60"
    # Partial figures are not kept for the next start's first frame.
    assert figures_snapshot.load(view.snapshot_path) is None

    # The read gets on: the tiles follow.
    with qtbot.waitSignal(bridge.health_changed):
        bridge.publish_health(reading(FirstRead("crm.orders", 43, 10_750)))
    assert view.tiles["lead_time"].detail_label.text() == (
        "Still reading Sales orders: page 43, 10,750 records so far")

    # Read to its end: the next figures are whole again.
    bridge.publish_health(reading())
    with qtbot.waitSignal(view.figures_ready, timeout=10_000):
        view.refresh()
    assert not view.tiles["on_time_delivery"].reading
    assert view.tiles["on_time_delivery"].value_label.text() == "50.0"
    assert view.tiles["on_time_delivery"].detail_label.text() == "1 of 2 lines on time"
    assert figures_snapshot.load(view.snapshot_path) is not None


def test_the_header_and_the_status_bar_say_which_feeds_are_still_read(
        make_window, bridge, qtbot) -> None:
    window = make_window()
    window.switch_view("orders")
    health = reading(ORDERS_READ, FirstRead("crm.customers"))
    assert health.state is SourceState.DEGRADED
    with qtbot.waitSignal(bridge.health_changed):
        bridge.publish_health(health)
    assert window.freshness.text() == (
        "Still reading Sales orders: page 42, 10,500 records so far (+1 more)")
    assert "Customers: not read yet" in window.freshness.toolTip()
    crm = window.health_bar.indicators["demo-crm"]
    qtbot.waitUntil(crm.reading_label.isVisible)
    assert crm.state_label.text() == "degraded"
    assert crm.reading_label.text() == (
        "· Still reading Sales orders: page 42, 10,500 records so far (+1 more)")
    assert "Sales orders: page 42, 10,500 records so far\nCustomers: not read yet" in (
        crm.toolTip())
    # A view none of whose feeds is being read keeps its usual header.
    window.switch_view("machines")
    assert window.freshness.text() == "Not synced yet"

    window.switch_view("orders")
    bridge.publish_health(reading())
    assert not crm.reading_label.isVisible()
    assert window.freshness.text() == "Not synced yet"


def test_overview_data_age_follows_the_feeds_it_shows(make_window, bridge, clock) -> None:
    """Master data read every few minutes (sites, equipment and calendars every 10) does not
    make the Overview's data look 9 min old."""
    window = make_window()
    window.switch_view("overview")
    for feed in KPI_FEEDS:
        # Each master data feed read on time, most of an interval ago; the rest just now.
        ago = 0.9 * DEFAULT_INTERVALS[feed] if feed in KPI_REFERENCE else 0
        bridge.publish_synced("demo", feed, clock.now - timedelta(seconds=ago))
    local = clock.now.astimezone().strftime("%H:%M")
    assert window.freshness.text() == f"Data as of {local} (just now)"
    assert set(window.freshness.feeds()) == {
        "crm.orders", "crm.shipments", "crm.complaints", "mes.work_orders",
        "mes.machine_status", "mes.machine_events", "mes.production_counts", "mes.defects"}
    # Each view's header follows its own feeds: the Machines view's are older.
    bridge.publish_synced("demo", "mes.machine_events", clock.now - timedelta(minutes=1))
    window.switch_view("machines")
    assert window.freshness.text().endswith("(1 min ago)")
