"""The demo plant is a pure function of seed, start and API calls — not of how time advanced."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.domain import MachineState
from app.sim.feeds import dumps
from app.sim.plant import Plant

START = datetime(2025, 3, 12, 6, 0, tzinfo=UTC)  # Wednesday 14:00 in Hsinchu


def snapshot(plant: Plant) -> dict[str, tuple[int, list[tuple]]]:
    return {name: (feed.last_seq, [(c.seq, c.id, c.at, dumps(c.body), c.deleted)
                                   for c in feed.changes_after(0)])
            for name, feed in plant.feeds.feeds.items()}


def test_same_seed_gives_identical_feeds() -> None:
    a = Plant(11, START, history=timedelta(days=1))
    b = Plant(11, START, history=timedelta(days=1))
    assert a.now == b.now == START
    assert snapshot(a) == snapshot(b)


def test_different_seed_gives_a_different_history() -> None:
    a = snapshot(Plant(1, START, history=timedelta(days=1)))
    b = snapshot(Plant(2, START, history=timedelta(days=1)))
    assert a["mes.machine_events"] != b["mes.machine_events"]
    assert a["mes.measurements"] != b["mes.measurements"]
    # ...but the same plant: master data does not depend on the seed.
    assert a["mes.equipment"] == b["mes.equipment"]


def test_many_small_steps_equal_one_big_step() -> None:
    a = Plant(5, START, history=timedelta(hours=12))
    b = Plant(5, START, history=timedelta(hours=12))
    target = START + timedelta(hours=2)
    a.advance_to(target)
    for _ in range(3000):  # five minutes in 0.1 s ticks, as a real-time server would step
        b.advance(0.1)
    assert b.now == START + timedelta(minutes=5)
    while b.now < target:
        b.advance_to(min(target, b.now + timedelta(seconds=37.3)))
    assert a.now == b.now == target
    assert snapshot(a) == snapshot(b)
    # The same calls afterwards keep them identical.
    for p in (a, b):
        p.set_machine_state("M-211", MachineState.DOWN, "test stop")
        p.add_order()
        p.advance(900)
    assert snapshot(a) == snapshot(b)


def test_clock_only_moves_forward() -> None:
    p = Plant(5, START, history=timedelta(0))
    assert p.now == START and p.now.tzinfo is not None
    p.advance(60)
    assert p.now == START + timedelta(seconds=60)
    try:
        p.advance_to(START)
    except ValueError:
        pass
    else:
        raise AssertionError("going back in time must raise ValueError")
