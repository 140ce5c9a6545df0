"""The scheduler against plants small enough to plan by hand (see schedule_fixtures)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from app.analytics.schedule import make_plan
from app.analytics.schedule.supply import shift_windows
from tests.unit.schedule_fixtures import (
    BERLIN,
    MONDAY,
    Operation,
    OperationStatus,
    OrderStatus,
    PlannedMaintenance,
    calendar,
    down,
    local,
    order,
    snapshot,
    work_order,
)

TUESDAY = MONDAY + timedelta(days=1)
NOW = local(MONDAY, 6)


def ops(plan, job_id):
    return [(o.machine_id, o.start.astimezone(BERLIN), o.finish.astimezone(BERLIN))
            for o in plan.jobs[job_id].operations]


def test_priority_first_then_gaps_filled_without_moving_earlier_jobs():
    plan = make_plan(snapshot(NOW, work_orders=[
        work_order("W1", 200, priority=2), work_order("W2", 400, priority=1),
        work_order("W3", 100, priority=3)]))
    # W2 (priority 1) first: 4 h on MA, then 4 h on MB.
    assert ops(plan, "W2") == [("MA", local(MONDAY, 6), local(MONDAY, 10)),
                               ("MB", local(MONDAY, 10), local(MONDAY, 14))]
    # W1: MA after W2; MB is busy to the end of the shift, so next morning.
    assert ops(plan, "W1") == [("MA", local(MONDAY, 10), local(MONDAY, 12)),
                               ("MB", local(TUESDAY, 6), local(TUESDAY, 8))]
    # W3: MA 12-13, then MB after W1's booking.
    assert ops(plan, "W3") == [("MA", local(MONDAY, 12), local(MONDAY, 13)),
                               ("MB", local(TUESDAY, 8), local(TUESDAY, 9))]
    assert plan.jobs["W3"].finish == local(TUESDAY, 9)


def test_a_later_job_fills_a_gap_it_fits_in():
    # W2 leaves MB idle 06-10; W5 (lower priority) starts on MB... only after its own MA step,
    # but a job made only of an MB operation would fit. Operation 10 done: only Paint is left.
    w5 = work_order("W5", 300, priority=5, operations=[
        Operation(sequence=10, work_center_id="WC-A", status=OperationStatus.DONE,
                  good=Decimal(300)),
        Operation(sequence=20, work_center_id="WC-B")])
    plan = make_plan(snapshot(NOW, work_orders=[work_order("W2", 400, priority=1), w5]))
    assert ops(plan, "W5") == [("MB", local(MONDAY, 6), local(MONDAY, 9))]
    assert ops(plan, "W2")[1] == ("MB", local(MONDAY, 10), local(MONDAY, 14))


def test_dispatch_rule_priority_then_promised_date_then_order_number():
    orders = [order("O1", "SO-0003", 100, promised=MONDAY + timedelta(days=9)),
              order("O2", "SO-0002", 100, promised=MONDAY + timedelta(days=4)),
              order("O3", "SO-0001", 100, promised=MONDAY + timedelta(days=4))]
    wos = [work_order("WA", 100, links=(("O1", 1, 100),)),
           work_order("WB", 100, links=(("O2", 1, 100),)),
           work_order("WC", 100, links=(("O3", 1, 100),))]
    plan = make_plan(snapshot(NOW, work_orders=wos, orders=orders))
    starts = sorted((plan.jobs[w].operations[0].start, w) for w in ("WA", "WB", "WC"))
    # Same priority; WB and WC promised the same day: SO-0001 (WC) before SO-0002 (WB).
    assert [w for _, w in starts] == ["WC", "WB", "WA"]
    assert plan.line_completion_date(("O1", 1)) == MONDAY


def test_operation_under_way_is_not_preempted():
    running = work_order("W9", 150, priority=5, operations=[
        Operation(sequence=10, work_center_id="WC-A", machine_id="MA",
                  status=OperationStatus.RUNNING, good=Decimal(0)),
        Operation(sequence=20, work_center_id="WC-B")])
    plan = make_plan(snapshot(NOW, work_orders=[running, work_order("W2", 400, priority=1)]))
    assert ops(plan, "W9")[0] == ("MA", local(MONDAY, 6), local(MONDAY, 7, 30))
    assert plan.jobs["W9"].operations[0].running
    assert ops(plan, "W2") == [("MA", local(MONDAY, 7, 30), local(MONDAY, 11, 30)),
                               ("MB", local(MONDAY, 11, 30), local(TUESDAY, 7, 30))]
    # W9's Paint fits in the stretch MB is idle before W2 reaches it.
    assert ops(plan, "W9")[1] == ("MB", local(MONDAY, 7, 30), local(MONDAY, 9))


def test_quantities_already_done_are_not_planned_again():
    half = work_order("W1", 400, operations=[
        Operation(sequence=10, work_center_id="WC-A", status=OperationStatus.DONE,
                  good=Decimal(400)),
        Operation(sequence=20, work_center_id="WC-B", good=Decimal(300))])
    plan = make_plan(snapshot(NOW, work_orders=[half]))
    assert ops(plan, "W1") == [("MB", local(MONDAY, 6), local(MONDAY, 7))]


def test_scrap_thins_what_the_next_operation_is_given_and_counts_as_processed():
    # Turning gave 300 good of 400 (100 scrapped); Paint has made 150 good and 50 scrap of
    # those 300: 100 units (1 hour) are left, not the 250 that 400 - 150 would say.
    thinned = work_order("W1", 400, operations=[
        Operation(sequence=10, work_center_id="WC-A", status=OperationStatus.DONE,
                  good=Decimal(300), scrap=Decimal(100)),
        Operation(sequence=20, work_center_id="WC-B", machine_id="MB",
                  status=OperationStatus.RUNNING, good=Decimal(150), scrap=Decimal(50))])
    assert thinned.units_given() == {10: Decimal(400), 20: Decimal(300)}
    plan = make_plan(snapshot(NOW, work_orders=[thinned]))
    assert ops(plan, "W1") == [("MB", local(MONDAY, 6), local(MONDAY, 7))]


def test_breakdown_holds_the_machine_for_the_assumed_repair():
    plan = make_plan(snapshot(NOW, work_orders=[work_order("W2", 400)],
                              statuses=[down("MA", NOW - timedelta(minutes=20))],
                              repair_hours=2))
    assert ops(plan, "W2") == [("MA", local(MONDAY, 8), local(MONDAY, 12)),
                               ("MB", local(MONDAY, 12), local(TUESDAY, 8))]


def test_holiday_and_planned_maintenance_are_not_working_time():
    maintenance = PlannedMaintenance(machine_id="MB", start=local(MONDAY, 10),
                                     end=local(MONDAY, 11))
    plan = make_plan(snapshot(NOW, work_orders=[work_order("W1", 400)],
                              calendars=[calendar(holidays=(TUESDAY,),
                                                  maintenance=(maintenance,))]))
    # MB: 11-14 on Monday (3 h), Tuesday is a holiday, the last hour on Wednesday.
    assert ops(plan, "W1")[1] == ("MB", local(MONDAY, 11), local(TUESDAY + timedelta(days=1), 7))


def test_daylight_saving_change_moves_the_shift_in_utc():
    friday = date(2026, 3, 27)  # Europe/Berlin springs forward on Sunday 29 March
    plan = make_plan(snapshot(local(friday, 6), work_orders=[work_order("W1", 1200)]))
    first = plan.jobs["W1"].operations[0]
    # 8 h on Friday (05:00-13:00 UTC), 4 h on Monday from 06:00 CEST = 04:00 UTC.
    assert first.finish == local(date(2026, 3, 30), 10)
    assert (first.finish - first.start) == timedelta(days=3, hours=3)  # 1 h lost to DST


def test_night_shift_over_the_daylight_saving_night_is_an_hour_short():
    from datetime import time as t

    from app.domain import Shift
    cal = calendar()
    cal.shifts = [Shift(name="Night", weekdays=[5], start=t(22), end=t(6))]
    windows = shift_windows(cal, BERLIN, local(date(2026, 3, 28), 0),
                            local(date(2026, 3, 30), 0))
    assert [(e - s) / 3600 for s, e in windows] == [7.0]


def test_confirmed_line_without_work_order_consumes_capacity():
    orders = [order("O1", "SO-0001", 400, promised=MONDAY, priority=1)]
    later = work_order("W3", 100, due=MONDAY + timedelta(days=7))
    plan = make_plan(snapshot(NOW, orders=orders, work_orders=[later]))
    line_job = plan.jobs["line:O1:1"]
    assert line_job.order_line == ("O1", 1) and line_job.quantity == 400
    assert plan.line_finish[("O1", 1)] == local(MONDAY, 14)
    assert ops(plan, "W3") == [("MA", local(MONDAY, 10), local(MONDAY, 11)),
                               ("MB", local(TUESDAY, 6), local(TUESDAY, 7))]


def test_covered_part_of_a_line_is_not_planned_twice():
    orders = [order("O1", "SO-0001", 500, promised=MONDAY)]
    wos = [work_order("W1", 300, links=(("O1", 1, 300),))]
    plan = make_plan(snapshot(NOW, orders=orders, work_orders=wos))
    assert plan.jobs["line:O1:1"].quantity == 200
    assert set(plan.line_jobs[("O1", 1)]) == {"W1", "line:O1:1"}
    assert plan.line_finish[("O1", 1)] == max(plan.jobs["W1"].finish,
                                              plan.jobs["line:O1:1"].finish)


def test_drafts_count_only_once_promised_and_closed_orders_not_at_all():
    orders = [order("Q1", "SO-0001", 400, promised=None, status=OrderStatus.DRAFT),
              order("Q2", "SO-0002", 400, promised=MONDAY, status=OrderStatus.DRAFT),
              order("O3", "SO-0003", 400, promised=MONDAY, status=OrderStatus.SHIPPED)]
    plan = make_plan(snapshot(NOW, orders=orders))
    assert set(plan.jobs) == {"line:Q2:1"}


def test_unplannable_work_is_reported_not_dropped():
    stray = work_order("W1", 100, operations=[Operation(sequence=10, work_center_id="WC-Z")])
    plan = make_plan(snapshot(NOW, work_orders=[stray]))
    assert plan.jobs["W1"].finish is None
    assert "WC-Z" in plan.jobs["W1"].problem


def test_same_snapshot_same_plan():
    wos = [work_order(f"W{i}", 50 + 37 * i, priority=1 + i % 3) for i in range(12)]
    assert make_plan(snapshot(NOW, work_orders=wos)) == make_plan(
        snapshot(NOW, work_orders=list(reversed(wos))))
