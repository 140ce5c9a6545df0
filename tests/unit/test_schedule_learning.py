"""The plan learns from the floor's history (issue 28): run rates, downtime, the load of more
urgent orders, repair times; ranges around its dates; and it dispatches as the floor does.
Small hand-built snapshots (tests/unit/schedule_fixtures.py: one machine per work center, one
shift 06:00-14:00 Monday to Friday, 100 units = 1 h per operation at the ideal rate)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from app.analytics.fulfilment import LineProgress, Link
from app.analytics.order_risk import RiskLevel, line_risk, risk_context
from app.analytics.schedule import make_plan
from app.analytics.schedule.completion_range import _range, with_ranges
from app.analytics.schedule.downtime_allowance import reliability
from app.analytics.schedule.floor_history import floor_history
from app.analytics.schedule.floor_model import floor_model
from app.analytics.schedule.repair_time import expected_repair_seconds
from app.analytics.schedule.supply import shift_windows
from app.analytics.schedule.urgent_load import urgent_loads
from app.analytics.schedule.working_time import WorkingTime
from app.domain import (
    Downtime,
    FulfilmentLink,
    Operation,
    OperationStatus,
    OrderStatus,
    WorkOrderStatus,
)
from tests.unit.schedule_fixtures import MONDAY, local, order, snapshot, work_order

WEEK_AGO = MONDAY - timedelta(days=7)


def done_work_order(wid: str, day: date, *, hours_a: float, hours_b: float = 1.0,
                    priority: int = 3, start_hour: int = 6):
    """100 units made on `day`: operation 10 on MA for `hours_a`, then 20 on MB."""
    a0 = local(day, start_hour)
    a1 = a0 + timedelta(hours=hours_a)
    b1 = a1 + timedelta(hours=hours_b)
    return work_order(wid, 100, priority=priority, status=WorkOrderStatus.COMPLETED, operations=[
        Operation(sequence=10, work_center_id="WC-A", machine_id="MA",
                  status=OperationStatus.DONE, actual_start=a0, actual_end=a1,
                  good=Decimal(100)),
        Operation(sequence=20, work_center_id="WC-B", machine_id="MB",
                  status=OperationStatus.DONE, actual_start=a1, actual_end=b1,
                  good=Decimal(100))])


def history(hours_a: float, count: int = 10, priority: int = 3):
    """`count` work orders completed on the weekdays before MONDAY, one a day."""
    days = [MONDAY - timedelta(days=d) for d in range(1, 56)]
    weekdays = [d for d in days if d.weekday() < 5][:count]
    return [done_work_order(f"H-{i}", d, hours_a=hours_a, priority=priority)
            for i, d in enumerate(weekdays)]


def test_an_operation_not_finished_when_the_shift_ends_goes_on_in_the_next_shift() -> None:
    friday = MONDAY + timedelta(days=4)
    snap = snapshot(local(friday, 12), work_orders=[work_order("W1", 300)],
                    learn_from_history=False)
    job = make_plan(snap).jobs["W1"]
    # 3 h each: 12:00-14:00 on Friday, the last hour on Monday, then the second operation.
    assert job.operations[0].finish == local(MONDAY + timedelta(days=7), 7)
    assert job.finish == local(MONDAY + timedelta(days=7), 10)


def test_run_rates_are_learned_from_each_machine_s_history() -> None:
    snap = snapshot(local(MONDAY, 6), work_orders=[*history(hours_a=2.0), work_order("W1", 100)])
    rates = floor_model(snap).rates
    assert abs(rates["MA"].seconds(0, 3600) - 7200) < 60  # twice the routing's ideal
    assert abs(rates["MB"].seconds(0, 3600) - 3600) < 60
    job = make_plan(snap).jobs["W1"]
    assert job.operations[0].finish == local(MONDAY, 8)
    assert job.finish == local(MONDAY, 9)


def test_without_history_the_routing_s_ideal_is_planned() -> None:
    snap = snapshot(local(MONDAY, 6), work_orders=[work_order("W1", 100)])
    assert make_plan(snap).jobs["W1"].finish == local(MONDAY, 8)


def test_downtime_allowance_from_mtbf_and_mttr() -> None:
    past = history(hours_a=2.0)
    # Four breakdowns of MA in the window, each an hour of a weekday's shift: MTTR 1 h.
    downtime = [Downtime(id=f"D{i}", machine_id="MA", start=local(d, 7), end=local(d, 8),
                         reason="jam")
                for i, d in enumerate([MONDAY - timedelta(days=n) for n in (3, 4, 5, 6)])]
    snap = snapshot(local(MONDAY, 6), work_orders=past)
    snap.downtime = downtime
    rel = reliability(floor_history(snap), downtime)
    assert rel["MA"].failures == 4
    assert abs(rel["MA"].mttr_hours - 1.0) < 1e-6
    # 10 operations of 2 h = 20 h of which 4 h were repairs: 16 h busy between 4 failures.
    assert abs(rel["MA"].mtbf_hours - 4.0) < 1e-6
    assert abs(rel["MA"].allowance - 0.25) < 1e-6
    assert rel["MB"].failures == 0  # too few of its own: its work center's (none either)


def urgent_history(days_ahead: int) -> tuple[list, list]:
    """Eight weeks in which half of WC-A's shift went to priority-1 work every weekday, each
    for an order placed `days_ahead` days before its work started."""
    done = history(hours_a=4.0, count=40, priority=1)
    orders = []
    for wo in done:
        oid = f"O-{wo.id}"
        wo.links = [FulfilmentLink(order_id=oid, line_no=1, work_order_id=wo.id,
                                   quantity=Decimal(100), unit="pcs")]
        placed = wo.operations[0].actual_start - timedelta(days=days_ahead, hours=1)
        orders.append(replace(order(oid, f"SO-{oid}", 100, promised=None),
                              status=OrderStatus.CLOSED, created_at=placed))
    return done, orders


def low_behind_known_urgent_work(days_ahead: int):
    """Five shifts of priority-1 work known today, then a priority-3 job."""
    done, orders = urgent_history(days_ahead)
    ahead = [work_order(f"W-U{i}", 800, priority=1) for i in range(5)]
    return snapshot(local(MONDAY, 6), work_orders=[*done, *ahead, work_order("W-LOW", 200)],
                    orders=orders, efficiency=1.0)


def test_urgent_orders_placed_during_a_wait_draw_it_out_the_more_the_longer_it_is() -> None:
    snap = low_behind_known_urgent_work(days_ahead=0)
    load = urgent_loads(floor_history(snap)).average
    day = 86400.0
    assert load.share("WC-A", 1, 14 * day) == 0.0  # nothing goes before priority 1
    short, long = load.share("WC-A", 3, 1 * day), load.share("WC-A", 3, 14 * day)
    assert short < long and 0.3 < long < 0.55  # of the half the urgent work took
    # Today's plan alone starts W-LOW when the known urgent work is done; the urgent orders
    # still to come meanwhile hold it longer, by about 1 / (1 - share) of that wait.
    plan = make_plan(snap)
    known_done = max(plan.jobs[f"W-U{i}"].operations[0].finish for i in range(5))  # at WC-A
    waited = plan.jobs["W-LOW"].operations[0].start - snap.now
    assert waited > (known_done - snap.now) * 1.3


def test_urgent_work_a_first_come_floor_began_days_after_its_order_still_counts() -> None:
    # The past floor began each urgent order three days after it came (it worked first come,
    # first served); the plan puts such orders first, so a two-day wait meets them all the same.
    snap = low_behind_known_urgent_work(days_ahead=3)
    load = urgent_loads(floor_history(snap)).average
    assert load.share("WC-A", 3, 2 * 86400.0) > 0.3


def test_urgent_work_placed_long_before_is_in_today_s_plan_and_draws_out_nothing() -> None:
    snap = low_behind_known_urgent_work(days_ahead=30)
    load = urgent_loads(floor_history(snap)).average
    assert load.share("WC-A", 3, 14 * 86400.0) < 0.05
    plan = make_plan(snap)
    known_done = max(plan.jobs[f"W-U{i}"].operations[0].finish for i in range(5))  # at WC-A
    # The next shift after the known work (Friday's end: Monday morning), not later.
    assert timedelta(0) <= plan.jobs["W-LOW"].operations[0].start - known_done < timedelta(days=3)


def test_a_breakdown_lasts_as_long_as_the_machine_s_past_repairs() -> None:
    since = local(MONDAY, 7)
    past = [Downtime(id=f"D{m}", machine_id="MA", start=local(WEEK_AGO, 7),
                     end=local(WEEK_AGO, 7) + timedelta(minutes=m), reason="jam")
            for m in (30, 60, 90)]
    left = expected_repair_seconds(past, {"MA"}, since, since + timedelta(minutes=5), 7200.0)
    assert abs(left - (25 + 55 + 85) / 3 * 60) < 1e-6
    assert expected_repair_seconds([], {"MA"}, since, since, 7200.0) == 7200.0


def test_the_floor_dispatches_by_the_work_order_s_due_date() -> None:
    # W2's line is promised earlier, but W1 is due first: the floor makes W1 first.
    first = work_order("W1", 100, due=MONDAY + timedelta(days=2), links=(("O2", 1, 100),))
    second = work_order("W2", 100, due=MONDAY + timedelta(days=5), links=(("O1", 1, 100),))
    snap = snapshot(local(MONDAY, 6), work_orders=[second, first], orders=[
        order("O1", "SO-1", 100, promised=MONDAY + timedelta(days=1)),
        order("O2", "SO-2", 100, promised=MONDAY + timedelta(days=6))])
    plan = make_plan(snap)
    assert plan.jobs["W1"].operations[0].start == local(MONDAY, 6)
    assert plan.jobs["W2"].operations[0].start == local(MONDAY, 7)


def varied_history():
    """Operations on MA that took from 1 h to 3 h: something to draw a range from."""
    days = [d for d in (MONDAY - timedelta(days=n) for n in range(1, 40)) if d.weekday() < 5]
    return [done_work_order(f"H-{i}", d, hours_a=1.0 + (i % 5) / 2)
            for i, d in enumerate(days[:20])]


def test_a_range_from_forty_runs_is_read_at_rank_n_plus_one_times_p() -> None:
    # Finishes 0, 1, ..., 39 hours out: P10 and P90 at ranks 4.1 and 36.9 of 40, so the next
    # run falls outside as often as the bounds say (ranks 4.9 and 36.1 would cut it short).
    p50 = local(MONDAY, 6)
    hours = [(p50 + timedelta(hours=h)).timestamp() for h in range(40)]
    low, high = _range(hours, p50 + timedelta(hours=20))
    assert (low - p50, high - p50) == (timedelta(hours=3.1), timedelta(hours=35.9))


def two_speed_history():
    """WC-A has two machines: MA made 100 units in 1 h, MA2 in 1.5 h, every time."""
    days = [d for d in (MONDAY - timedelta(days=n) for n in range(1, 40)) if d.weekday() < 5]
    out = []
    for i, d in enumerate(days[:20]):
        wo = done_work_order(f"H-{i}", d, hours_a=1.0 if i % 2 else 1.5)
        if not i % 2:
            wo.operations[0].machine_id = "MA2"
        out.append(wo)
    return out


def test_a_range_spreads_an_operation_not_begun_over_its_center_s_machines() -> None:
    snap = snapshot(local(MONDAY, 6), work_orders=[*two_speed_history(),
                                                   work_order("W-NEW", 400)])
    snap.machines = {"MA": "WC-A", "MA2": "WC-A", "MB": "WC-B"}
    # Against the center's rate, the machines differ: which one takes the job is not known.
    center = floor_model(snap).residuals["WC-A"]
    assert min(center) < 0.85 and max(center) > 1.15
    span = with_ranges(snap, make_plan(snap)).job_range("W-NEW")
    # 4 hours at MA's rate, 6 at MA2's: the range spans much of the difference.
    assert span.p90 - span.p10 > timedelta(hours=1)


def test_ranges_hold_the_p50_and_come_out_the_same_every_time() -> None:
    snap = snapshot(local(MONDAY, 6), work_orders=[
        *varied_history(), work_order("W1", 300, links=(("O1", 1, 300),))],
        orders=[order("O1", "SO-1", 300, promised=MONDAY + timedelta(days=3))])
    plan = with_ranges(snap, make_plan(snap))
    span = plan.job_range("W1")
    assert span.p10 <= span.p50 <= span.p90
    assert span.p10 < span.p90  # operations varied: so does the finish
    assert plan.line_range(("O1", 1)).p90 == plan.line_ranges[("O1", 1)][1]
    assert plan.spread is not None and plan.spread.low <= 1.0 <= plan.spread.high
    again = with_ranges(snap, make_plan(snap))
    assert again.job_range("W1") == span


def test_the_range_reaches_the_rush_of_urgent_orders_one_wait_can_meet() -> None:
    # Urgent orders came in two weeks of the eight only, placed the day their work ran.
    done, orders = urgent_history(days_ahead=0)
    burst = {wo.id for wo in done
             if 14 <= (MONDAY - wo.operations[0].actual_start.date()).days < 28}
    snap = low_behind_known_urgent_work(days_ahead=0)
    snap.work_orders = [wo for wo in snap.work_orders
                        if not wo.id.startswith("H-") or wo.id in burst]
    history = floor_history(snap)
    day = 86400.0
    loads = urgent_loads(history)
    average = loads.average.share("WC-A", 3, 7 * day)
    rushes = [load.share("WC-A", 3, 7 * day) for _, load in loads.days]
    assert average < 0.2 and max(rushes) > 0.4  # a wait begun in the rush met most of it
    plan = with_ranges(snap, make_plan(snap))
    span = plan.job_range("W-LOW")
    # The date is the floor's average; late is the longer tail: a rush can hold it days.
    time = WorkingTime(shift_windows(snap.calendars[0], snap.zone, span.p10 - timedelta(days=1),
                                     span.p90 + timedelta(days=1)))
    early = time.between(span.p10.timestamp(), span.p50.timestamp())
    late = time.between(span.p50.timestamp(), span.p90.timestamp())
    assert late > 8 * 3600 and late > 2 * early


def test_without_history_there_is_no_range() -> None:
    snap = snapshot(local(MONDAY, 6), work_orders=[work_order("W1", 100)])
    plan = with_ranges(snap, make_plan(snap))
    assert not plan.job_ranges and plan.spread is None
    span = plan.job_range("W1")
    assert span.p10 == span.p50 == span.p90


def test_a_p90_after_the_promise_puts_the_line_at_risk_before_it_is_late() -> None:
    snap = snapshot(local(MONDAY, 6), work_orders=[
        *varied_history(), work_order("W1", 1500, links=(("O1", 1, 1500),))],
        orders=[order("O1", "SO-1", 1500, promised=MONDAY)])
    plan = with_ranges(snap, make_plan(snap))
    span = plan.line_range(("O1", 1))
    p50, p90 = plan.local_date(span.p50), plan.local_date(span.p90)
    assert p90 > p50
    sales = snap.orders[0]
    sales.lines[0].promised_date = p50  # on time at P50, not at P90
    ctx = risk_context(snap.now, snap.zone, plan=plan, work_orders=snap.work_orders)
    links = [Link("O1", 1, "W1", Decimal(1500), "pcs", "backend")]
    progress = LineProgress(Decimal(1500), Decimal(0), Decimal(0), Decimal(0), "pcs")
    risk = line_risk(sales, sales.lines[0], links, progress, ctx)
    assert risk.level is RiskLevel.AT_RISK
    assert [r.code for r in risk.reasons] == ["likely_late"]
    assert risk.latest_date == p90 and risk.predicted_date == p50
    sales.lines[0].promised_date = p90  # the promise an account manager can keep
    assert line_risk(sales, sales.lines[0], links, progress, ctx).level is RiskLevel.ON_TRACK
