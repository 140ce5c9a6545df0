"""Suggested maintenance windows and what planning one does to the plan and the orders at
risk, on the hand-sized plant of the scheduler's tests (one day shift, Monday to Friday)."""

from __future__ import annotations

from datetime import timedelta

from app.analytics.maintenance.effect import due_dates, late_lines, window_effect
from app.analytics.maintenance.history import FailureHistory
from app.analytics.maintenance.risk import MachineRisk, MaintenanceSettings, Model
from app.analytics.maintenance.windows import suggest_windows
from app.analytics.schedule import make_plan
from app.domain import PlannedMaintenance
from tests.unit.schedule_fixtures import MONDAY, local, order, snapshot, work_order

NOW = local(MONDAY, 6)
TUESDAY = MONDAY + timedelta(days=1)


def plant():
    """800 units: 8 h on MA on Monday, then 8 h on MB on Tuesday; promised for Tuesday, so
    on time with no slack."""
    return snapshot(NOW, work_orders=[work_order("W1", 800, links=(("O1", 1, 800),))],
                    orders=[order("O1", "SO-1", 800, promised=TUESDAY)])


def risk_of(machine_id: str, threshold_in: timedelta | None) -> MachineRisk:
    history = FailureHistory(machine_id=machine_id, first_event=NOW - timedelta(days=90),
                             failures=(), operating_hours=500.0, age_hours=30.0,
                             operating_share=0.3, maintenance_stops=0)
    return MachineRisk(machine_id, history, Model.WEIBULL,
                       threshold_at=NOW + threshold_in if threshold_in else None)


def test_planning_a_window_changes_the_plan_and_the_orders_at_risk() -> None:
    snap = plant()
    baseline = make_plan(snap)
    assert late_lines(baseline, due_dates(snap)) == set()
    window = PlannedMaintenance(machine_id="MA", start=local(MONDAY, 6),
                                end=local(MONDAY, 10), reason="bearing")
    effect = window_effect(snap, baseline, window)

    before = baseline.work_order("W1").operations[0]
    after = effect.plan.work_order("W1").operations[0]
    assert before.start == local(MONDAY, 6) and after.start == local(MONDAY, 10)
    assert effect.late_before == 0 and effect.late_after == 1
    [delay] = effect.delays
    assert delay.line == ("O1", 1) and delay.order_number == "SO-1"
    assert delay.made_late and delay.hours > 0
    assert effect.plan.line_completion_date(("O1", 1)) > TUESDAY
    # The snapshot itself is untouched: what-if, not a change.
    assert snap.calendars[0].maintenance == []


def test_suggested_windows_are_the_lowest_load_before_the_threshold() -> None:
    snap = plant()
    baseline = make_plan(snap)
    settings = MaintenanceSettings(window_hours=2, windows_offered=3)
    choices = suggest_windows(risk_of("MA", timedelta(days=2)), baseline, NOW, settings)
    assert len(choices) == 3
    deadline = NOW + timedelta(days=2)
    for choice in choices:
        assert choice.load_hours == 0  # MA is busy only Monday 06-14
        assert choice.window.end <= deadline and choice.before_threshold
        assert not window_effect(snap, baseline, choice.window).delays
    starts = [c.window.start for c in choices]
    assert starts == sorted(starts) and starts[0] == local(MONDAY, 14)
    for a, b in zip(choices, choices[1:], strict=False):
        assert a.window.end <= b.window.start  # offered windows do not overlap


def test_when_every_window_is_busy_the_least_busy_comes_first() -> None:
    snap = plant()
    baseline = make_plan(snap)
    # The threshold is close: only Monday's hours can be chosen, all of them busy but the end.
    settings = MaintenanceSettings(window_hours=2, windows_offered=2,
                                   min_search=timedelta(hours=9))
    choices = suggest_windows(risk_of("MA", timedelta(hours=3)), baseline, NOW, settings)
    assert not choices[0].before_threshold
    assert [c.load_hours for c in choices] == sorted(c.load_hours for c in choices)
    assert choices[0].load_hours == 0 and choices[0].window.start >= local(MONDAY, 14)
