"""How the scheduler's demand is listed and ordered, and what a plan's lines are made of, on
hand-built plants (see schedule_fixtures): the jobs are made in dispatch order, so that order
must be exactly the one sorting them gives."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app.analytics.schedule import PromiseRequest, capable_to_promise, line_shifts, make_plan
from app.analytics.schedule.demand import Job, jobs_in_dispatch_order, jobs_of
from app.analytics.schedule.promise import moved_lines, promised_dates
from tests.unit.schedule_fixtures import (
    MONDAY,
    Operation,
    OrderStatus,
    local,
    order,
    snapshot,
    work_order,
)

NOW = local(MONDAY, 6)
FRIDAY = MONDAY + timedelta(days=4)


def mixed_plant():
    """Work orders out of id order, ties on priority and date, an expedite waiting in the
    outbox, a work order serving two lines, lines left uncovered and a promised quote."""
    orders = [order("O1", "SO-0003", 500, promised=FRIDAY),
              order("O2", "SO-0001", 100, promised=FRIDAY),
              order("O3", "SO-0002", 300, promised=MONDAY, priority=1),
              order("O4", "SO-0004", 200, promised=None, requested=FRIDAY),
              order("Q5", "SO-0005", 50, promised=None, status=OrderStatus.DRAFT)]
    wos = [work_order("W9", 300, links=(("O1", 1, 300),)),
           work_order("W2", 100, links=(("O2", 1, 100), ("O1", 1, 100))),
           work_order("W5", 80, due=FRIDAY),
           work_order("W1", 80, due=FRIDAY),
           work_order("W7", 40, priority=2, due=MONDAY + timedelta(days=2))]
    snap = snapshot(NOW, work_orders=wos, orders=orders,
                    promises={("Q5", 1): FRIDAY + timedelta(days=7)})
    snap.pending_priorities["W5"] = 1
    return snap


def test_dispatch_order_is_the_sorted_order_of_the_listed_jobs():
    snap = mixed_plant()
    listed = jobs_of(snap)
    assert [j.job_id for j in listed] == ["W1", "W2", "W5", "W7", "W9", "line:O1:1",
                                          "line:O3:1", "line:O4:1", "line:Q5:1"]
    ordered = jobs_in_dispatch_order(snap)
    expected = sorted(listed, key=Job.dispatch_key)
    assert len(ordered) == len(expected)
    assert all(a is b for a, b in zip(ordered, expected, strict=True))  # the same jobs
    assert [j.job_id for j in ordered][:2] == ["line:O3:1", "W5"]


def test_a_line_is_unplanned_while_any_of_its_work_cannot_be_planned():
    stray = work_order("W1", 300, links=(("O1", 1, 300),),
                       operations=[Operation(sequence=10, work_center_id="WC-Z")])
    snap = snapshot(NOW, orders=[order("O1", "SO-0001", 500, promised=MONDAY)],
                    work_orders=[stray])
    plan = make_plan(snap)
    assert plan.line_jobs[("O1", 1)] == ("W1", "line:O1:1")  # in the order they were placed
    assert plan.jobs["line:O1:1"].finish is not None and plan.jobs["W1"].finish is None
    assert plan.line_finish[("O1", 1)] is None


def test_moved_lines_are_line_shifts_with_every_promised_date():
    snap = mixed_plant()
    baseline = make_plan(snap)
    urgent = capable_to_promise(snap, PromiseRequest("P1", Decimal(900), MONDAY, priority=1),
                                baseline)
    assert urgent.plan is not None
    moved = moved_lines(snap, baseline, urgent.plan)
    assert moved  # the request pushes work back
    assert moved == line_shifts(baseline, urgent.plan, promised_dates(snap))
    assert promised_dates(snap, {("O1", 1)}) == {("O1", 1): FRIDAY}
