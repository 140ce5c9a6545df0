"""The status bar follows source health published through the SyncBridge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.sync.health import HealthNotice, SourceHealth, SourceState, SyncNoticeKind
from widgets.status.health_dot import STATE_COLOURS
from widgets.status.health_text import ago_text, state_word
from widgets.status.source_health import SourceHealthIndicator

URL = "http://127.0.0.1:8765"
NOW = datetime(2025, 3, 3, 8, 0, 0, tzinfo=UTC)


def crm_health() -> SourceHealth:
    return SourceHealth(source="demo-crm", kind="crm", url=URL)


def indicator(window, name: str) -> SourceHealthIndicator:
    return window.health_bar.indicators[name]


def test_no_sources_is_said_in_the_status_bar(make_window) -> None:
    window = make_window()
    assert window.health_bar.no_sources_label.isVisible()
    assert window.health_bar.no_sources_label.text() == "No sources configured"
    assert window.health_bar.indicators == {}


def test_source_turns_from_connected_to_down(make_window, bridge, clock, qtbot) -> None:
    window = make_window()
    connected = crm_health().succeeded(clock.now)
    with qtbot.waitSignal(bridge.health_changed):
        bridge.publish_health(connected)
    qtbot.waitUntil(lambda: "demo-crm" in window.health_bar.indicators)
    crm = indicator(window, "demo-crm")
    # A widget added to a shown layout is shown on the next turn of the event loop.
    qtbot.waitUntil(crm.isVisible)
    assert not window.health_bar.no_sources_label.isVisible()
    assert crm.name_label.text() == "demo-crm"
    assert crm.state_label.text() == "connected"
    assert crm.dot.state() is SourceState.CONNECTED

    failing = connected
    for _ in range(3):
        clock.advance(2)
        failing = failing.failed(clock.now, "cannot connect (is the server running?)")
    assert failing.state is SourceState.DOWN
    with qtbot.waitSignal(bridge.health_changed):
        bridge.publish_health(failing)
    qtbot.waitUntil(lambda: crm.state_label.text() == "down")
    assert crm.dot.state() is SourceState.DOWN
    assert crm.dot.colour() == STATE_COLOURS[SourceState.DOWN]
    # Same indicator, updated in place: no second one for the same source.
    assert list(window.health_bar.indicators) == ["demo-crm"]
    tip = crm.toolTip()
    assert URL in tip
    assert "cannot connect (is the server running?)" in tip
    assert "Consecutive failures: 3" in tip
    assert "Last error:" in tip and "(at " in tip


def test_indicators_keep_the_order_sources_were_first_heard(make_window, bridge) -> None:
    window = make_window()
    bridge.publish_health(SourceHealth(source="demo-mes", kind="mes", url=URL))
    bridge.publish_health(crm_health())
    bridge.publish_health(SourceHealth(source="demo-mes", kind="mes", url=URL))
    assert list(window.health_bar.indicators) == ["demo-mes", "demo-crm"]
    assert indicator(window, "demo-mes").state_label.text() == "connecting"


def test_ago_text_counts_up_with_the_clock(make_window, bridge, clock, qtbot) -> None:
    window = make_window()
    bridge.publish_health(crm_health().succeeded(clock.now - timedelta(seconds=12)))
    crm = indicator(window, "demo-crm")
    assert crm.ago_label.text() == "· last success 12 s ago"
    clock.advance(1)
    # The bar's own one-second timer brings the text up to date.
    qtbot.waitUntil(lambda: crm.ago_label.text() == "· last success 13 s ago", timeout=3000)
    clock.advance(60)
    window.health_bar.refresh()
    assert crm.ago_label.text() == "· last success 1 min ago"


def test_ago_text_before_any_success(make_window, bridge) -> None:
    window = make_window()
    bridge.publish_health(crm_health())
    assert indicator(window, "demo-crm").ago_label.text() == "· no success yet"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "last success just now"),
        (9.9, "last success just now"),
        (12, "last success 12 s ago"),
        (59.9, "last success 59 s ago"),
        (60, "last success 1 min ago"),
        (3599, "last success 59 min ago"),
        (3600, "last success 1 h ago"),
        (86399, "last success 23 h ago"),
        (2 * 86400, "last success 2 d ago"),
        (-5, "last success just now"),  # clock stepped back
    ],
)
def test_ago_text(seconds: float, expected: str) -> None:
    assert ago_text(NOW - timedelta(seconds=seconds), NOW) == expected


def test_states_differ_in_colour_and_word() -> None:
    colours = [STATE_COLOURS[state] for state in SourceState]
    for i, first in enumerate(colours):
        for second in colours[i + 1:]:
            distance = sum(
                abs(a - b) for a, b in zip(first.getRgb()[:3], second.getRgb()[:3], strict=True)
            )
            assert distance > 60, (first.name(), second.name())
    assert len({state_word(state) for state in SourceState}) == len(SourceState)


def test_data_replaced_by_a_restored_source_is_said_in_the_bar(qtbot) -> None:
    """A source that came back with older data (HTTP 410, full re-read) replaced the cache's:
    the bar says so for a while, the tooltip keeps the counts."""
    notice = HealthNotice(SyncNoticeKind.DATA_REPLACED,
                          {"feed": "mes.work_orders", "replaced": "22", "removed": "3"},
                          "mes.work_orders read again in full", NOW)
    health = SourceHealth(source="demo-mes", kind="mes", url=URL).succeeded(NOW).noted(notice)
    shown = SourceHealthIndicator(health)
    qtbot.addWidget(shown)
    shown.set_health(health, NOW + timedelta(minutes=5))
    assert shown.error_label.text() == (
        "(data replaced by the source's older data: Work orders)")
    assert ("Notice: Work orders read again in full: the source came back with older data "
            "(restored or restarted), which replaced the cache's: 22 record(s) back to an "
            "older version, 3 removed") in shown.toolTip()
    # Later, only the tooltip keeps it.
    shown.set_health(health, NOW + timedelta(hours=1))
    assert shown.error_label.text() == "" and "Notice: " in shown.toolTip()
