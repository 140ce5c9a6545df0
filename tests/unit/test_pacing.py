"""A background recomputation keeps to its share of a core: the wait after a run grows with it."""

from __future__ import annotations

import pytest

from app.runtime.pacing import Pacing


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_wait_after_a_run_keeps_to_the_share() -> None:
    clock = Clock()
    pacing = Pacing(0.05, clock)
    assert pacing.wait_seconds() == 0  # never run: now
    pacing.started()
    clock.now += 1.5  # a plan of a large plant
    pacing.finished()
    assert pacing.last_run_seconds == 1.5
    assert pacing.wait_seconds() == pytest.approx(28.5)  # 1.5 s of every 30 s: 5 %
    clock.now += 20
    assert pacing.wait_seconds() == pytest.approx(8.5)
    clock.now += 10
    assert pacing.wait_seconds() == 0


def test_a_quick_run_hardly_waits() -> None:
    clock = Clock()
    pacing = Pacing(0.05, clock)
    pacing.started()
    clock.now += 0.01  # the demo plant
    pacing.finished()
    assert pacing.wait_seconds() == pytest.approx(0.19)


def test_finished_without_a_start_changes_nothing() -> None:
    pacing = Pacing(0.5, Clock())
    pacing.finished()
    assert pacing.wait_seconds() == 0 and pacing.last_run_seconds is None


@pytest.mark.parametrize("share", [0, -0.1, 1.5])
def test_a_share_outside_one_core_is_refused(share: float) -> None:
    with pytest.raises(ValueError, match="share of a core"):
        Pacing(share)
