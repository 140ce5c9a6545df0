"""Capable-to-promise for an order line the plan already has (see schedule_fixtures): as it
stands, the plan's own date; changed, the plan as if the change were made, never the line's
demand counted twice or served from other lines' finished stock."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from app.analytics.schedule import PromiseRequest, capable_to_promise, make_plan
from app.domain import StockLevel
from tests.unit.schedule_fixtures import (
    MONDAY,
    OrderStatus,
    WorkOrderStatus,
    local,
    order,
    snapshot,
    work_order,
)

TUESDAY = MONDAY + timedelta(days=1)
FRIDAY = MONDAY + timedelta(days=4)
NOW = local(MONDAY, 6)
O1 = ("O1", 1)
# 300 P1 made earlier, waiting to ship to other customers: on hand, not reserved.
FINISHED = StockLevel(id="P1@FG", item_id="P1", location="FG", on_hand=Decimal(300),
                      reserved=Decimal(0), safety_stock=Decimal(0), unit="pcs",
                      counted_at=NOW)


def ask(quantity: int, by=MONDAY, priority: int = 3, line=O1) -> PromiseRequest:
    return PromiseRequest("P1", Decimal(quantity), by, priority, unit="pcs", order_line=line)


def busy_plant(o1_quantity: int = 100, promises=None):
    """W2 (priority 2, for O3) fills Monday; O1 shares batch W1 with O2: done Tuesday."""
    orders = [order("O1", "SO-0001", o1_quantity, promised=TUESDAY),
              order("O2", "SO-0002", 300, promised=FRIDAY),
              order("O3", "SO-0003", 400, promised=MONDAY, priority=2)]
    wos = [work_order("W2", 400, priority=2, links=(("O3", 1, 400),)),
           work_order("W1", 400, priority=3, links=(("O1", 1, 100), ("O2", 1, 300)))]
    return snapshot(NOW, work_orders=wos, orders=orders, stock=[FINISHED], promises=promises)


def test_a_line_as_it_stands_gets_the_plans_date_not_stock():
    snap = busy_plant()
    plan = make_plan(snap)
    assert plan.line_completion_date(O1) == TUESDAY
    # The form's date is the line's requested date (Monday): a yardstick, not a new promise.
    answer = capable_to_promise(snap, ask(100), plan)
    assert answer.earliest == TUESDAY and answer.finish == plan.line_finish[O1]
    assert not answer.feasible and answer.planned_line and answer.atp is None
    assert answer.slips == () and answer.bottleneck is not None
    # Its promised date (Tuesday) is the line's own too.
    assert capable_to_promise(snap, ask(100, by=TUESDAY), plan).feasible


def test_more_of_a_line_replaces_its_demand_instead_of_adding_to_it():
    snap = busy_plant()
    answer = capable_to_promise(snap, ask(250, by=TUESDAY))
    # As if the line were for 250: W1 still makes its 100, the other 150 are planned.
    as_changed = make_plan(busy_plant(o1_quantity=250))
    assert answer.finish == as_changed.line_finish[O1]
    assert answer.earliest == as_changed.line_completion_date(O1)


def test_a_new_date_is_planned_as_if_promised():
    snap = busy_plant()
    answer = capable_to_promise(snap, ask(100, by=TUESDAY + timedelta(days=1), priority=3))
    promised = make_plan(busy_plant(promises={O1: TUESDAY + timedelta(days=1)}))
    assert answer.earliest == promised.line_completion_date(O1)
    # Once that promise waits in the outbox, asking again is the line as it stands.
    after = busy_plant(promises={O1: TUESDAY + timedelta(days=1)})
    again = capable_to_promise(after, ask(100, by=TUESDAY + timedelta(days=1)))
    assert again.earliest == answer.earliest and again.slips == ()


def test_a_higher_priority_moves_the_lines_work_and_names_who_slips():
    snap = busy_plant()
    urgent = capable_to_promise(snap, ask(100, by=TUESDAY, priority=1))
    # W1 (for O1 and O2) now goes before W2: O1 is done on Monday, O3 a day after its promise.
    assert urgent.earliest == MONDAY and urgent.feasible
    assert [(s.line, s.after, s.days_late) for s in urgent.slips] == [(("O3", 1), TUESDAY, 1)]


def test_a_line_with_nothing_left_to_make_is_ready_today():
    done = replace(work_order("W1", 100, links=(("O1", 1, 100),)),
                   status=WorkOrderStatus.COMPLETED, good=Decimal(100))
    snap = snapshot(NOW, work_orders=[done], orders=[order("O1", "SO-0001", 100,
                                                           promised=TUESDAY)])
    answer = capable_to_promise(snap, ask(100, by=TUESDAY))
    assert answer.earliest == MONDAY and answer.feasible and answer.planned_line


def test_a_quote_without_a_promise_is_still_a_new_request():
    quote = order("Q1", "SO-0003", 100, promised=None, status=OrderStatus.DRAFT)
    snap = snapshot(NOW, orders=[quote], stock=[FINISHED])
    answer = capable_to_promise(snap, ask(100, line=("Q1", 1)))
    # Not in the plan yet: finished stock first, as for any new request.
    assert not answer.planned_line and answer.atp is not None and answer.atp.from_stock == 100
