"""Capable-to-promise and expedite on hand-planned plants (see schedule_fixtures)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app.analytics.schedule import PromiseRequest, capable_to_promise, expedite_effect, make_plan
from tests.unit.schedule_fixtures import (
    MONDAY,
    OrderStatus,
    local,
    order,
    snapshot,
    work_order,
)

TUESDAY = MONDAY + timedelta(days=1)
NOW = local(MONDAY, 6)


def request(quantity: int, by=MONDAY, priority: int = 3, line=None) -> PromiseRequest:
    return PromiseRequest("P1", Decimal(quantity), by, priority, order_line=line)


def test_earliest_date_bottleneck_and_its_load():
    snap = snapshot(NOW, work_orders=[work_order("W2", 400, priority=1)])
    answer = capable_to_promise(snap, request(200, by=TUESDAY))
    # After W2: MA 10-12, then MB is busy until the shift ends: Tuesday 06-08.
    assert answer.finish == local(TUESDAY, 8)
    assert answer.earliest == TUESDAY and answer.feasible
    # It waited on WC-B (Paint) from 12:00 to Tuesday 06:00.
    assert answer.bottleneck == "WC-B"
    week = answer.bottleneck_week
    assert week.week_start == MONDAY
    assert (week.booked_hours, week.available_hours) == (6.0, 40.0)
    assert answer.weekly_load[0] == week and answer.weekly_load[1].booked_hours == 0
    assert answer.slips == ()


def test_infeasible_when_the_earliest_date_is_after_the_request():
    snap = snapshot(NOW, work_orders=[work_order("W2", 400, priority=1)])
    answer = capable_to_promise(snap, request(200, by=MONDAY))
    assert not answer.feasible and answer.earliest == TUESDAY


def test_higher_priority_request_names_the_lines_that_would_slip():
    orders = [order("O1", "SO-0001", 200, promised=MONDAY),
              order("O2", "SO-0002", 100, promised=TUESDAY + timedelta(days=3))]
    wos = [work_order("W1", 200, priority=2, links=(("O1", 1, 200),)),
           work_order("W2", 100, priority=2, links=(("O2", 1, 100),))]
    snap = snapshot(NOW, work_orders=wos, orders=orders)
    assert make_plan(snap).line_completion_date(("O1", 1)) == MONDAY  # on time today
    urgent = capable_to_promise(snap, request(400, by=MONDAY, priority=1))
    assert urgent.finish == local(MONDAY, 14) and urgent.feasible
    # W1 now runs MA 10-12 and MB Tuesday 06-08: one day after its promise. O2 moves too but
    # stays within its promised date, so it is not listed.
    assert [(s.line, s.promised, s.after, s.days_late) for s in urgent.slips] == [
        (("O1", 1), MONDAY, TUESDAY, 1)]
    polite = capable_to_promise(snap, request(400, by=TUESDAY, priority=3))
    assert polite.slips == () and polite.earliest == TUESDAY


def test_asking_reserves_nothing():
    snap = snapshot(NOW)
    first = capable_to_promise(snap, request(400))
    second = capable_to_promise(snap, request(400))
    assert first.finish == second.finish == local(MONDAY, 14)


def test_two_promises_for_the_last_capacity_get_two_dates():
    quotes = [order("Q1", "SO-0001", 400, promised=None, status=OrderStatus.DRAFT),
              order("Q2", "SO-0002", 400, promised=None, status=OrderStatus.DRAFT)]
    snap = snapshot(NOW, orders=quotes)
    first = capable_to_promise(snap, request(400, line=("Q1", 1)))
    assert first.earliest == MONDAY
    # The promise is waiting in the outbox: it is demand from now on.
    promised = snapshot(NOW, orders=quotes, promises={("Q1", 1): first.earliest})
    second = capable_to_promise(promised, request(400, line=("Q2", 1)))
    assert second.earliest == TUESDAY
    # Asking again for Q1 replaces its own demand instead of counting it twice.
    assert capable_to_promise(promised, request(400, line=("Q1", 1))).earliest == MONDAY


def test_unknown_product_is_answered_in_words():
    answer = capable_to_promise(snapshot(NOW), PromiseRequest("P9", Decimal(1), MONDAY))
    assert not answer.feasible and answer.problem == "unknown product P9"


def test_expedite_shows_who_gains_and_who_loses():
    orders = [order("O1", "SO-0001", 400, promised=TUESDAY),
              order("O2", "SO-0002", 400, promised=TUESDAY)]
    wos = [work_order("W1", 400, priority=3, links=(("O1", 1, 400),)),
           work_order("W2", 400, priority=3, links=(("O2", 1, 400),))]
    snap = snapshot(NOW, work_orders=wos, orders=orders)
    effect = expedite_effect(snap, "W2", 1)
    assert [(s.line, s.before, s.after) for s in effect.gains] == [(("O2", 1), TUESDAY, MONDAY)]
    assert [(s.line, s.before, s.after) for s in effect.losses] == [(("O1", 1), MONDAY, TUESDAY)]
    assert effect.plan.jobs["W2"].priority == 1
