"""Cyclic garbage is collected on the GUI thread in short passes; once passes take long, large
young generations and their survivors are frozen instead of walked."""

from __future__ import annotations

import gc
import weakref

import pytest

import widgets.common.gui_thread_gc as gui_gc


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def garbage_cycle() -> weakref.ref[Node]:
    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)


@pytest.fixture
def collector(qapp):
    made = gui_gc.GuiThreadCollector(interval_seconds=3600)  # checked by hand below
    gc.unfreeze()  # whatever the session's own collector froze
    gc.collect()
    yield made
    made.deleteLater()
    gc.unfreeze()


def test_a_quick_console_collects_its_garbage_cycles(collector) -> None:
    gone = garbage_cycle()
    keep = [Node() for _ in range(1_000)]  # past the young threshold
    collector.check()
    assert gone() is None
    assert not collector.freezing and gc.get_freeze_count() == 0
    assert keep


def test_a_slow_pass_freezes_from_then_on(collector, monkeypatch) -> None:
    monkeypatch.setattr(gui_gc, "PASS_BUDGET", -1.0)  # every pass "too long"
    keep = [Node() for _ in range(1_000)]
    collector.check()
    assert collector.freezing
    frozen = gc.get_freeze_count()
    assert frozen > len(keep)

    # A large young generation, say a plan a worker has just built, is frozen, not walked:
    # a cycle in it waits for the deep pass.
    monkeypatch.setattr(gui_gc, "PASS_BUDGET", 1.0)
    waits = garbage_cycle()
    plan = [Node() for _ in range(gui_gc.YOUNG_PASS_LIMIT + 1)]
    collector.check()
    assert waits() is not None
    assert gc.get_freeze_count() > frozen + len(plan) - 1

    # The deep pass frees it, once the frozen set has grown by a quarter and enough time has
    # passed.
    monkeypatch.setattr(gui_gc, "DEEP_MIN_SECONDS", 0.0)
    grown = int((gui_gc.DEEP_GROWTH - 1) * gc.get_freeze_count()) + gui_gc.YOUNG_PASS_LIMIT
    more = [Node() for _ in range(grown)]
    collector.check()
    assert waits() is None
    assert more


def test_the_frozen_set_is_counted_rarely(collector, monkeypatch) -> None:
    """gc.get_freeze_count walks every frozen object (tens of ms at plant size): checks that
    freeze again and again must not count them each time."""
    counted = []
    real_count = gc.get_freeze_count

    def counting() -> int:
        counted.append(1)
        return real_count()

    monkeypatch.setattr(gui_gc, "PASS_BUDGET", -1.0)
    keep = [Node() for _ in range(1_000)]
    collector.check()  # slow: freezing from now on, the frozen set counted once
    monkeypatch.setattr(gc, "get_freeze_count", counting)
    for _ in range(5):  # one young generation after another, as a busy console makes them
        keep.append([Node() for _ in range(gui_gc.YOUNG_PASS_LIMIT + 1)])
        collector.check()
    assert counted == []  # a deep pass is not due before DEEP_MIN_SECONDS

    monkeypatch.setattr(gui_gc, "DEEP_MIN_SECONDS", 0.0)
    per_check = []
    for _ in range(5):
        keep.append([Node() for _ in range(gui_gc.YOUNG_PASS_LIMIT + 1)])
        before = len(counted)
        collector.check()
        per_check.append(len(counted) - before)
    # Then at most once every COUNT_SECONDS (and once more after a deep pass it started).
    assert per_check[0] >= 1 and per_check[1:] == [0, 0, 0, 0]
