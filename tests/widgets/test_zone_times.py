"""Times people read say their zone when it is not the workstation's, and the Overview's
"Data as of" and its figures' time agree: the site is in Asia/Taipei, the workstation in
Europe/Berlin (or in Taipei too), pinned here rather than taken from the machine."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.unit.schedule_fixtures import MONDAY, fill_cache, local, order, snapshot, work_order
from tests.widgets.test_overview_kpis import NOW as OVERVIEW_NOW
from tests.widgets.test_overview_kpis import fill as fill_overview
from widgets.common.cache_counts import CacheCounts
from widgets.common.freshness_label import FreshnessLabel
from widgets.common.freshness_text import clock_text
from widgets.common.plan_service import PlanService
from widgets.common.zone_time import offset_text, zone_abbreviation, zoned_time
from widgets.overview.overview_view import OverviewView
from widgets.planning.planning_view import PlanningView

TAIPEI = ZoneInfo("Asia/Taipei")
BERLIN = ZoneInfo("Europe/Berlin")
PLAN_NOW = local(MONDAY, 19, 36)  # 02:36 on Tuesday in Taipei


@pytest.fixture
def workstation_zone(monkeypatch) -> Iterator[Callable[[str], None]]:
    """Pins the zone `datetime.astimezone()` reads (TZ), whatever the machine's is."""
    def pin(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield pin
    monkeypatch.undo()
    time.tzset()


# -- the helper ------------------------------------------------------------------------------
def test_a_site_time_read_elsewhere_carries_the_site_zones_abbreviation() -> None:
    assert zoned_time(PLAN_NOW, TAIPEI, local=BERLIN) == "02:36 CST"
    assert zoned_time(PLAN_NOW, BERLIN, local=TAIPEI) == "19:36 CET"
    summer = datetime(2026, 7, 1, 12, tzinfo=BERLIN)
    assert zoned_time(summer, BERLIN, local=TAIPEI) == "12:00 CEST"


def test_a_time_in_the_workstations_zone_shows_no_abbreviation() -> None:
    assert zoned_time(PLAN_NOW, TAIPEI, local=TAIPEI) == "02:36"
    # Another zone on the same clock at that moment reads the same: nothing to say.
    assert zoned_time(PLAN_NOW, ZoneInfo("Asia/Shanghai"), local=TAIPEI) == "02:36"


@pytest.mark.parametrize(("zone", "text"), [
    ("Asia/Singapore", "02:36 UTC+8"),  # tz data names it "+08"
    ("America/Sao_Paulo", "15:36 UTC-3"),
    ("Asia/Kathmandu", "00:21 UTC+5:45"),
])
def test_a_numeric_abbreviation_reads_as_an_offset_from_utc(zone: str, text: str) -> None:
    assert zoned_time(PLAN_NOW, ZoneInfo(zone), local=BERLIN) == text


def test_offsets_in_words() -> None:
    assert offset_text(timedelta(0)) == "UTC"
    assert offset_text(timedelta(hours=-9, minutes=-30)) == "UTC-9:30"
    assert zone_abbreviation(PLAN_NOW, TAIPEI) == "CST"


def test_clock_text_in_the_site_zone_dates_by_the_sites_day(workstation_zone) -> None:
    workstation_zone("Europe/Berlin")
    # 19:36 Monday in Berlin is already Tuesday at the site.
    assert clock_text(PLAN_NOW, PLAN_NOW, zone=TAIPEI) == "02:36 CST"
    yesterday = PLAN_NOW - timedelta(days=1)
    assert clock_text(yesterday, PLAN_NOW, zone=TAIPEI) == "2026-03-02 02:36 CST"
    assert clock_text(PLAN_NOW, PLAN_NOW) == "19:36"


# -- Planning -------------------------------------------------------------------------------
def make_planning(qtbot, store, bridge) -> PlanningView:
    snap = replace(snapshot(PLAN_NOW, work_orders=[work_order("W1", 200, links=(("O1", 1, 200),))],
                            orders=[order("O1", "SO-0001", 200, promised=MONDAY)]), zone=TAIPEI)
    fill_cache(store, snap)
    planner = PlanService(bridge, store, lambda: PLAN_NOW)
    view = PlanningView(CacheCounts(store, bridge), bridge, store, lambda: PLAN_NOW,
                        planner=planner)
    planner.setParent(view)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.summary.text() != "", timeout=10_000)
    return view


def test_planning_header_names_the_site_zone_read_elsewhere(
    qtbot, store, bridge, qloop, workstation_zone
) -> None:
    workstation_zone("Europe/Berlin")
    view = make_planning(qtbot, store, bridge)
    assert view.summary.text().startswith("Plan of 3 March 02:36 CST: ")


def test_planning_header_in_the_workstations_own_zone_has_no_abbreviation(
    qtbot, store, bridge, qloop, workstation_zone
) -> None:
    workstation_zone("Asia/Taipei")
    view = make_planning(qtbot, store, bridge)
    assert view.summary.text().startswith("Plan of 3 March 02:36: ")


# -- Overview -------------------------------------------------------------------------------
def hm(moment: datetime) -> str:
    return moment.astimezone(BERLIN).strftime("%H:%M")


def test_overview_data_as_of_is_the_oldest_feed_and_the_figures_claim_no_later(
    qtbot, store, bridge, tmp_path: Path, workstation_zone
) -> None:
    workstation_zone("Europe/Berlin")
    fill_overview(store)
    now = OVERVIEW_NOW
    oldest = now - timedelta(seconds=100)  # not stale yet
    for feed in OverviewView.FEEDS:
        source = "crm" if feed.startswith("crm.") else "mes"
        bridge.publish_synced(source, feed, oldest if feed == "mes.production_counts" else now)
    view = OverviewView(CacheCounts(store, bridge), lambda: now, bridge, store,
                        rules_path=tmp_path / "rules.json")
    qtbot.addWidget(view)
    header = FreshnessLabel(bridge, lambda: now, OverviewView.FEEDS)
    qtbot.addWidget(header)
    with qtbot.waitSignal(view.figures_ready, timeout=10_000):
        view.show()

    assert header.text() == f"Data as of {hm(oldest)} (1 min ago)"
    assert view.data_as_of == oldest
    note = view.status_label.text()
    # Workstation times, as the header's: no abbreviation; the site's zone named for weeks.
    assert note.startswith(f"Figures from the data as of {hm(oldest)}, worked out at {hm(now)}.")
    assert "(Asia/Taipei, CST)" in note

    # A later read moves the header on; the figures keep the time of the data they were made of.
    bridge.publish_synced("mes", "mes.production_counts", now)
    assert header.text() == f"Data as of {hm(now)} (just now)"
    assert view.status_label.text() == note


def test_the_header_tooltip_lists_each_feeds_last_read_oldest_first(
    qtbot, bridge, clock, workstation_zone
) -> None:
    workstation_zone("Europe/Berlin")
    header = FreshnessLabel(bridge, clock, ("crm.orders", "mes.calendars", "mes.work_orders"))
    qtbot.addWidget(header)
    bridge.publish_synced("crm", "crm.orders", clock.now)
    calendars = clock.now - timedelta(minutes=6)
    bridge.publish_synced("mes", "mes.calendars", calendars)
    lines = header.toolTip().splitlines()
    assert "status bar" in lines[1]
    assert lines[2] == "Work orders: not read yet"
    assert lines[3] == f"Shift calendars: {calendars.astimezone(BERLIN):%H:%M:%S} (6 min ago)"
    assert lines[4].startswith("Sales orders: ") and lines[4].endswith("(just now)")
