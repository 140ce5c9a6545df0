"""Failure histories from state events, MTBF and MTTR, the model chosen per machine, and the
probabilities it gives: on hand-built events with a pinned clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from app.analytics.maintenance.figures import machine_figures, type_figures
from app.analytics.maintenance.history import failure_histories
from app.analytics.maintenance.risk import MaintenanceSettings, Model, machine_risks
from app.domain import MachineState, StateEvent

S = MachineState
T0 = datetime(2026, 1, 5, tzinfo=UTC)


def timeline(machine_id: str, stretches: list[tuple[MachineState, float, str]],
             start: datetime = T0) -> list[StateEvent]:
    """Back-to-back events of the given hours; the last one still open."""
    out, t = [], start
    for i, (state, hours, reason) in enumerate(stretches):
        end = t + timedelta(hours=hours)
        last = i == len(stretches) - 1
        out.append(StateEvent(id=f"{machine_id}-{i}", machine_id=machine_id, state=state,
                              start=t, end=None if last else end, reason=reason))
        t = end
    return out


def test_failures_count_operating_hours_and_leave_maintenance_out() -> None:
    events = timeline("M-1", [
        (S.RUNNING, 5, ""), (S.DOWN, 1, "Tool breakage"),  # first failure: no interval before
        (S.RUNNING, 10, ""), (S.IDLE, 30, "no shift"), (S.SETUP, 2, ""),
        (S.MAINTENANCE, 3, "Lubrication"),  # planned: neither a failure nor operating
        (S.RUNNING, 8, ""), (S.DOWN, 2, "Spindle overheat"), (S.DOWN, 1, "waiting for parts"),
        (S.RUNNING, 6, ""),
    ])
    now = events[-1].start + timedelta(hours=6)
    history = failure_histories(events, now)["M-1"]
    assert [f.reason for f in history.failures] == ["Tool breakage", "Spindle overheat"]
    assert history.times_between == [pytest.approx(20.0)]  # 10 + 2 + 8, idle not counted
    assert history.failures[1].repair_hours == pytest.approx(3.0)  # both down stretches
    assert history.age_hours == pytest.approx(6.0)
    assert history.maintenance_stops == 1
    assert history.survival_data() == ([pytest.approx(20.0), pytest.approx(6.0)],
                                       [True, False])
    assert history.operating_hours == pytest.approx(5 + 10 + 2 + 8 + 6)

    figures = machine_figures({"M-1": history})["M-1"]
    assert figures.failures == 2
    assert figures.mtbf_hours == pytest.approx(31 / 2)
    assert figures.mttr_hours == pytest.approx((1 + 3) / 2)
    assert [m.reason for m in figures.modes] == ["Spindle overheat", "Tool breakage"]
    assert figures.modes[0].share == pytest.approx(0.5)


def test_events_after_now_are_ignored_and_a_machine_down_now_has_no_censored_age() -> None:
    events = timeline("M-1", [(S.RUNNING, 5, ""), (S.DOWN, 1, "jam"), (S.RUNNING, 4, ""),
                              (S.DOWN, 1, "jam")])
    history = failure_histories(events, events[-1].start + timedelta(minutes=30))["M-1"]
    assert history.down_now and history.failures[-1].ongoing
    assert history.survival_data() == ([pytest.approx(4.0)], [True])
    earlier = failure_histories(events, T0 + timedelta(hours=3))["M-1"]
    assert earlier.failures == () and earlier.operating_hours == pytest.approx(3.0)


def weibull_timeline(machine_id: str, shape: float, scale: float, n: int, seed: int
                     ) -> list[StateEvent]:
    """A machine that runs around the clock and fails after Weibull operating hours."""
    rng = np.random.default_rng(seed)
    stretches = [(S.RUNNING, 1.0, "")]
    for life in scale * rng.weibull(shape, n):
        stretches += [(S.DOWN, 0.5, "Tool breakage"), (S.RUNNING, float(life), "")]
    return timeline(machine_id, stretches)


def test_model_per_machine_weibull_with_many_failures_kaplan_meier_with_few() -> None:
    many = weibull_timeline("M-A", 1.8, 40.0, 300, 1)
    few = weibull_timeline("M-B", 1.0, 60.0, 5, 2)
    now = max(e.start for e in many + few) + timedelta(hours=10)
    histories = failure_histories(many + few, now)
    risks = {r.machine_id: r for r in machine_risks(histories, now)}

    a = risks["M-A"]
    assert a.model is Model.WEIBULL
    assert a.weibull.shape == pytest.approx(1.8, rel=0.12)
    assert a.weibull.scale == pytest.approx(40.0, rel=0.1)
    for p in (a.next_shift, a.next_day, a.next_week):
        assert p.low <= p.value <= p.high
    assert a.next_shift.value < a.next_day.value < a.next_week.value
    assert a.threshold_at is not None and a.threshold_at > now

    b = risks["M-B"]
    assert b.model is Model.KAPLAN_MEIER
    assert b.weibull is None and "too few for a Weibull fit" in b.why

    pooled = type_figures(histories, {"M-A": "WC-1", "M-B": "WC-1"})["WC-1"]
    assert pooled.machines == 2 and pooled.failures == 305


def test_risk_is_reproducible_and_ranked_by_the_next_day() -> None:
    a = weibull_timeline("M-A", 2.0, 30.0, 60, 3)
    events = a + weibull_timeline("M-B", 2.0, 300.0, 60, 4)
    now = a[-1].start + timedelta(hours=20)  # M-A 20 h into a ~27 h life; M-B's are ~270 h
    histories = failure_histories(events, now)
    first = machine_risks(histories, now)
    again = machine_risks(histories, now)
    assert [r.machine_id for r in first] == ["M-A", "M-B"]
    assert first[0].next_day == again[0].next_day  # fixed draws: no flicker


def test_threshold_setting_moves_when_to_service() -> None:
    events = weibull_timeline("M-A", 2.0, 50.0, 80, 5)
    now = max(e.start for e in events) + timedelta(hours=5)
    histories = failure_histories(events, now)
    early = machine_risks(histories, now, MaintenanceSettings(threshold=0.2))[0]
    late = machine_risks(histories, now, MaintenanceSettings(threshold=0.6))[0]
    assert now < early.threshold_at < late.threshold_at
