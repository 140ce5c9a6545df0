""""Data as of 14:32 (3 min ago)" in each view's header, and stale data marked in words."""

from __future__ import annotations

from datetime import timedelta

from app.sync.bridge import SyncBridge
from widgets.common.freshness_label import REFRESH_MS, FreshnessLabel
from widgets.common.freshness_text import MIN_STALE_AFTER, clock_text, stale_after
from widgets.view_registry import VIEWS

ORDERS_FEEDS = {"crm.orders", "mes.work_orders"}


def local_hm(moment) -> str:
    return moment.astimezone().strftime("%H:%M")


def make_label(qtbot, bridge: SyncBridge, clock, feeds=ORDERS_FEEDS) -> FreshnessLabel:
    label = FreshnessLabel(bridge, clock, feeds)
    qtbot.addWidget(label)
    return label


def test_not_synced_until_every_feed_of_the_view_was_read(qtbot, bridge, clock) -> None:
    label = make_label(qtbot, bridge, clock)
    assert label.text() == "Not synced yet"
    bridge.publish_synced("demo-crm", "crm.orders", clock.now)
    assert label.text() == "Not synced yet"  # work orders still missing: no age to claim
    with qtbot.waitSignal(bridge.feed_synced):
        bridge.publish_synced("demo-mes", "mes.work_orders", clock.now)
    assert label.text() == f"Data as of {local_hm(clock.now)} (just now)"
    assert not label.is_stale()


def test_age_is_the_oldest_feeds_and_grows_with_the_clock(qtbot, bridge, clock) -> None:
    label = make_label(qtbot, bridge, clock)
    oldest = clock.now - timedelta(seconds=40)
    bridge.publish_synced("demo-crm", "crm.orders", oldest)
    bridge.publish_synced("demo-mes", "mes.work_orders", clock.now)
    assert label.text() == f"Data as of {local_hm(oldest)} (40 s ago)"
    clock.advance(140)  # 3 min since the oldest read
    label.refresh()
    assert label.text() == f"Data as of {local_hm(oldest)} (3 min ago) · stale"


def test_stale_is_marked_in_words_and_style_and_cleared_by_a_new_sync(
    qtbot, bridge, clock
) -> None:
    label = make_label(qtbot, bridge, clock)
    for feed in ORDERS_FEEDS:
        bridge.publish_synced("demo", feed, clock.now)
    clock.advance(MIN_STALE_AFTER.total_seconds() + 1)
    label.refresh()
    assert label.is_stale()
    assert "stale" in label.text()
    assert label.property("stale") is True  # the style sheet colours [stale="true"]
    assert "source may be down" in label.toolTip()

    bridge.publish_synced("demo", "crm.orders", clock.now)
    assert label.is_stale()  # work orders are still old
    bridge.publish_synced("demo", "mes.work_orders", clock.now)
    assert not label.is_stale()
    assert label.property("stale") is False
    assert "stale" not in label.text()


def test_slow_feeds_get_more_time_before_they_are_stale() -> None:
    # Calendars are read every 10 min: stale after a few of those polls, not after 2 min.
    assert stale_after("mes.calendars") == timedelta(minutes=30)
    assert stale_after("mes.machine_status") == MIN_STALE_AFTER
    assert stale_after("some.future_feed") == MIN_STALE_AFTER


def test_a_day_old_sync_shows_its_date(clock) -> None:
    yesterday = clock.now - timedelta(days=1)
    assert clock_text(yesterday, clock.now) == yesterday.astimezone().strftime("%Y-%m-%d %H:%M")


def test_the_label_refreshes_itself_every_few_seconds(qtbot, bridge, clock) -> None:
    label = make_label(qtbot, bridge, clock)
    assert label.refresh_timer.isActive()
    assert label.refresh_timer.interval() == REFRESH_MS <= 10_000


def test_each_view_declares_its_feeds() -> None:
    feeds = {spec.name: set(spec.feeds) for spec in VIEWS}
    assert feeds["orders"] == {"crm.orders", "mes.work_orders", "crm.shipments",
                               "crm.customers"}
    assert feeds["machines"] == {"mes.machine_status", "mes.machine_events"}
    assert feeds["quality"] == {"mes.measurements", "mes.characteristics", "mes.defects"}
    assert feeds["traceability"] == {"mes.lots", "mes.genealogy", "crm.shipments"}
    assert feeds["complaints"] == {"crm.complaints", "crm.customers", "crm.orders", "mes.lots"}
    assert feeds["planning"] == {"mes.work_orders", "mes.calendars", "crm.orders"}
    assert feeds["materials"] == {"mes.stock", "mes.receipts"}
    assert {"crm.orders", "crm.shipments", "mes.production_counts"} <= feeds["overview"]


def test_the_window_header_follows_the_current_view(make_window, bridge, clock) -> None:
    window = make_window()
    window.switch_view("machines")
    assert window.freshness.feeds() == {"mes.machine_status", "mes.machine_events"}
    assert window.freshness.text() == "Not synced yet"
    bridge.publish_synced("demo-mes", "mes.machine_status", clock.now)
    bridge.publish_synced("demo-mes", "mes.machine_events", clock.now)
    assert window.freshness.text().startswith("Data as of ")
    window.switch_view("complaints")
    assert window.freshness.text() == "Not synced yet"
    assert window.freshness.isVisible()


def test_a_feed_no_source_serves_does_not_hold_the_age_back(qtbot, bridge, clock) -> None:
    label = make_label(qtbot, bridge, clock)
    bridge.publish_served({"crm.orders", "crm.customers"})  # a CRM only: no work orders
    with qtbot.waitSignal(bridge.feed_synced):
        bridge.publish_synced("demo-crm", "crm.orders", clock.now)
    assert label.text() == f"Data as of {local_hm(clock.now)} (just now)"
