"""A screenshot without --quit-after waits for the console to catch up (widgets.settle)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import widgets.settle as settle
from app.sync.health import FirstRead, SourceHealth, SourceState
from widgets.settle import sources_caught_up, until_settled

NOW = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)


def _health(state: SourceState, *unread: str) -> SourceHealth:
    return SourceHealth(source="demo-mes", kind="mes", url="http://mes", state=state,
                        first_reads=tuple(FirstRead(feed) for feed in unread))


def test_sources_have_caught_up_once_each_read_every_feed_through_or_is_down() -> None:
    assert not sources_caught_up([_health(SourceState.CONNECTING)])
    assert not sources_caught_up([_health(SourceState.CONNECTED, "mes.machine_events")])
    assert not sources_caught_up([_health(SourceState.DEGRADED, "mes.work_orders"),
                                  _health(SourceState.CONNECTED)])
    assert sources_caught_up([_health(SourceState.CONNECTED), _health(SourceState.DEGRADED)])
    # Down halfway through a first read: the cache holds all there is to show.
    assert sources_caught_up([_health(SourceState.DOWN, "mes.machine_events")])
    assert sources_caught_up([])  # offline: nothing to wait for


class FakeRuntime:
    """What until_settled reads of a RuntimeLink: the latest update and the runtime's state.
    The plan made after the sources caught up arrives on the third look after they did."""

    def __init__(self, seen: list[str], caught_up: Callable[[], bool]) -> None:
        self.runtime = SimpleNamespace(started=True, idle=False, replan_waiting=True)
        self._seen, self._caught_up, self._looks = seen, caught_up, 0
        self._latest = SimpleNamespace(plan="the plan on half the feeds",
                                       at=NOW - timedelta(minutes=1))

    @property
    def latest(self) -> SimpleNamespace:
        if self._caught_up():
            self._looks += 1
            if self._looks == 3:
                self._seen.append("planned")
                self._latest = SimpleNamespace(plan="the plan on every feed",
                                               at=NOW + timedelta(minutes=5))
        return self._latest


def test_it_waits_for_the_sources_then_for_a_plan_made_after_they_caught_up(
        monkeypatch) -> None:
    monkeypatch.setattr(settle, "POLL_S", 0.001)
    seen: list[str] = []
    polls = 0

    def health() -> list[SourceHealth]:
        nonlocal polls
        polls += 1
        if polls < 3:
            return [_health(SourceState.CONNECTED, "mes.machine_events")]
        if polls == 3:
            seen.append("caught up")
        return [_health(SourceState.CONNECTED)]

    runtime = FakeRuntime(seen, lambda: polls >= 3)
    clock = iter(NOW + timedelta(seconds=s) for s in range(1000))
    assert asyncio.run(until_settled(health, runtime, lambda: next(clock), limit=10))
    seen.append("settled")
    # The plan made before the sources caught up does not count.
    assert seen == ["caught up", "planned", "settled"]


def test_an_empty_cache_with_nothing_to_plan_is_settled_and_a_stuck_source_is_given_up(
        monkeypatch) -> None:
    monkeypatch.setattr(settle, "POLL_S", 0.001)
    idle = SimpleNamespace(latest=None, runtime=SimpleNamespace(
        started=True, idle=True, replan_waiting=False))
    assert asyncio.run(until_settled(list, idle, lambda: NOW, limit=10))
    stuck = [_health(SourceState.CONNECTING)]
    assert not asyncio.run(until_settled(lambda: stuck, idle, lambda: NOW, limit=0.05))
