"""Order risk of a line on hand-built plans: late, at risk, on track, done, each with its reason
in words. The site is in Asia/Taipei (UTC+8), so local dates differ from UTC dates at night."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

from app.analytics.fulfilment import (
    LinkingRules,
    english_duration,
    link_orders,
    progress_by_line,
)
from app.analytics.order_risk import (
    RiskLevel,
    line_risk,
    machines_needed,
    risk_context,
)
from app.analytics.schedule.plan import JobPlan, Plan, PlannedOperation
from app.domain import (
    Equipment,
    EquipmentLevel,
    FulfilmentLink,
    MachineState,
    MachineStatus,
    Operation,
    OperationStatus,
    OrderLine,
    OrderStatus,
    SalesOrder,
    Shipment,
    WorkOrder,
    WorkOrderStatus,
)

TAIPEI = ZoneInfo("Asia/Taipei")
NOW = datetime(2026, 3, 7, 2, 0, tzinfo=UTC)  # 7 Mar 10:00 in Taipei
PROMISED = date(2026, 3, 9)


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=TAIPEI).astimezone(UTC)


def sales_order(*lines: OrderLine, status: OrderStatus = OrderStatus.CONFIRMED) -> SalesOrder:
    return SalesOrder(id="O1", number="SO-1042", customer_id="C1", status=status,
                      created_at=NOW - timedelta(days=10), lines=list(lines))


def order_line(no: int = 1, qty: int = 100, promised: date | None = PROMISED,
               requested: date = date(2026, 3, 8)) -> OrderLine:
    return OrderLine(line_no=no, product_id="P-300", quantity=D(qty), unit="pcs",
                     requested_date=requested, promised_date=promised)


def work_order(good: int = 40, *operations: Operation,
               status: WorkOrderStatus = WorkOrderStatus.RUNNING) -> WorkOrder:
    return WorkOrder(id="W1", number="MO-2012", product_id="P-300", quantity=D(100), unit="pcs",
                     good=D(good), status=status, operations=list(operations),
                     links=[FulfilmentLink(order_id="O1", line_no=1, work_order_id="W1",
                                           quantity=D(100), unit="pcs")])


def op(seq: int, wc: str, machine: str | None = None,
       status: OperationStatus = OperationStatus.PENDING) -> Operation:
    return Operation(sequence=seq, work_center_id=wc, machine_id=machine, status=status)


EQUIPMENT = [Equipment(id=m, site_id="S", level=EquipmentLevel.MACHINE, name=m, parent_id=wc)
             for m, wc in (("M-211", "WC-210"), ("M-212", "WC-210"), ("M-221", "WC-220"))]


def plan_finishing(finish: datetime | None, *, job_problem: str = "",
                   operations: tuple[PlannedOperation, ...] = ()) -> Plan:
    job = JobPlan(job_id="W1", product_id="P-300", quantity=60.0, priority=3,
                  need_date=PROMISED, work_order_id="W1", operations=operations,
                  finish=finish, problem=job_problem)
    return Plan(made_at=NOW, zone=TAIPEI, jobs={"W1": job}, line_finish={("O1", 1): finish},
                line_jobs={("O1", 1): ("W1",)})


def risk_of(order: SalesOrder, work_orders: list[WorkOrder], plan: Plan | None = None,
            statuses: list[MachineStatus] = (), shipments: list[Shipment] = (),
            now: datetime = NOW):
    fulfilment = link_orders([order], work_orders, LinkingRules())
    progress = progress_by_line([order], work_orders, shipments, fulfilment)
    ctx = risk_context(now, TAIPEI, plan=plan, work_orders=work_orders, statuses=statuses,
                       equipment=EQUIPMENT)
    line = order.lines[0]
    key = (order.id, line.line_no)
    return line_risk(order, line, fulfilment.by_line.get(key, []), progress[key], ctx)


def down_since(machine: str, since: datetime) -> MachineStatus:
    return MachineStatus(id=machine, state=MachineState.DOWN, since=since, reason="spindle")


# -- (a) predicted after the promise -----------------------------------------------------------
def test_predicted_after_the_promised_date_is_late() -> None:
    risk = risk_of(sales_order(order_line()), [work_order()], plan_finishing(local(12, 15)))
    assert risk.level == RiskLevel.LATE
    assert risk.reason == "predicted 12 Mar, 3 days after the promised 9 Mar"
    assert risk.predicted_date == date(2026, 3, 12)
    assert risk.predicted == local(12, 15)


def test_the_predicted_date_is_the_sites_local_date() -> None:
    # 9 Mar 17:30 UTC is already 10 Mar 01:30 in Taipei: one day late there.
    finish = datetime(2026, 3, 9, 17, 30, tzinfo=UTC)
    risk = risk_of(sales_order(order_line()), [work_order()], plan_finishing(finish))
    assert risk.level == RiskLevel.LATE
    assert risk.reason == "predicted 10 Mar, 1 day after the promised 9 Mar"


def test_predicted_on_the_promised_day_is_on_track() -> None:
    risk = risk_of(sales_order(order_line()), [work_order()], plan_finishing(local(9, 23, 59)))
    assert risk.level == RiskLevel.ON_TRACK
    assert risk.reason == "predicted 9 Mar, promised 9 Mar"


# -- (b) a machine it needs is down longer than the slack ----------------------------------------
def test_a_machine_down_longer_than_the_slack_puts_it_at_risk() -> None:
    wo = work_order(40, op(10, "WC-210", "M-212"), op(20, "WC-220", "M-221"))
    plan = plan_finishing(local(9, 21))  # slack to the end of 9 Mar: 3 h
    risk = risk_of(sales_order(order_line()), [wo], plan,
                   [down_since("M-212", NOW - timedelta(hours=5))])
    assert risk.level == RiskLevel.AT_RISK
    assert risk.reason == "M-212 down 5 h, slack 3 h"


def test_a_machine_down_shorter_than_the_slack_does_not() -> None:
    wo = work_order(40, op(10, "WC-210", "M-212"))
    plan = plan_finishing(local(9, 21))
    risk = risk_of(sales_order(order_line()), [wo], plan,
                   [down_since("M-212", NOW - timedelta(hours=2, minutes=30))])
    assert risk.level == RiskLevel.ON_TRACK


def test_only_machines_of_operations_still_to_do_count() -> None:
    done = op(10, "WC-210", "M-212", OperationStatus.DONE)
    wo = work_order(40, done, op(20, "WC-220", "M-221"))
    risk = risk_of(sales_order(order_line()), [wo], plan_finishing(local(9, 21)),
                   [down_since("M-212", NOW - timedelta(hours=5))])
    assert risk.level == RiskLevel.ON_TRACK


def test_an_operation_without_a_machine_needs_its_work_centers_machines() -> None:
    wo = work_order(40, op(10, "WC-210"))
    ctx = risk_context(NOW, TAIPEI, work_orders=[wo], equipment=EQUIPMENT)
    links = link_orders([sales_order(order_line())], [wo]).by_line[("O1", 1)]
    assert machines_needed(("O1", 1), links, ctx) == ["M-211", "M-212"]
    # the plan's machine, when the plan chose one
    planned = PlannedOperation(job_id="W1", sequence=10, work_center_id="WC-210",
                               machine_id="M-211", start=local(8, 6), finish=local(9, 21))
    ctx = risk_context(NOW, TAIPEI, plan=plan_finishing(local(9, 21), operations=(planned,)),
                       work_orders=[wo], equipment=EQUIPMENT)
    assert machines_needed(("O1", 1), links, ctx) == ["M-211"]
    risk = risk_of(sales_order(order_line()), [wo],
                   plan_finishing(local(9, 21), operations=(planned,)),
                   [down_since("M-212", NOW - timedelta(hours=5)),
                    down_since("M-211", NOW - timedelta(hours=4, minutes=10))])
    assert risk.reason == "M-211 down 4 h 10 min, slack 3 h"


def test_a_long_breakdown_outweighs_a_wide_slack() -> None:
    wo = work_order(40, op(10, "WC-210", "M-212"))
    plan = plan_finishing(local(9, 18))  # on time, slack 6 h
    risk = risk_of(sales_order(order_line(promised=date(2026, 3, 9))), [wo], plan,
                   [down_since("M-212", NOW - timedelta(hours=30))])
    assert risk.level == RiskLevel.AT_RISK
    assert risk.reason == "M-212 down 30 h, slack 6 h"


# -- (c) no work order, due soon ----------------------------------------------------------------
def test_no_work_order_and_due_within_three_days_is_at_risk() -> None:
    risk = risk_of(sales_order(order_line()), [])
    assert risk.level == RiskLevel.AT_RISK
    assert risk.reason == "no work order, due in 2 days"
    tomorrow = risk_of(sales_order(order_line()), [], now=local(8, 9))
    assert tomorrow.reason == "no work order, due tomorrow"


def test_no_work_order_but_due_later_is_on_track() -> None:
    risk = risk_of(sales_order(order_line(promised=date(2026, 3, 14))), [])
    assert risk.level == RiskLevel.ON_TRACK
    assert risk.reason == "no work order yet, due 14 Mar"


def test_the_requested_date_counts_when_nothing_was_promised() -> None:
    draft = sales_order(order_line(promised=None, requested=date(2026, 3, 8)))
    assert risk_of(draft, []).reason == "no work order, due tomorrow"  # confirmed, unpromised


# -- past due, unplanned, done -------------------------------------------------------------------
def test_past_the_promised_date_and_not_complete_is_late() -> None:
    risk = risk_of(sales_order(order_line()), [work_order(40)], now=local(11, 9))
    assert risk.level == RiskLevel.LATE
    assert risk.reason == "2 days past due (9 Mar), 40 of 100 pcs done"


def test_a_line_the_scheduler_could_not_plan_is_at_risk() -> None:
    plan = plan_finishing(None, job_problem="no calendar for WC-210")
    risk = risk_of(sales_order(order_line()), [work_order()], plan)
    assert risk.level == RiskLevel.AT_RISK
    assert risk.reason == "the scheduler could not plan it: no calendar for WC-210"


def test_done_when_everything_is_made_or_shipped() -> None:
    made = risk_of(sales_order(order_line()), [work_order(100)])
    assert (made.level, made.reason) == (RiskLevel.DONE, "all made, 0 of 100 pcs shipped")
    shipment = Shipment(id="SH1", order_id="O1", line_no=1, customer_id="C1", quantity=D(100),
                        unit="pcs", shipped_at=NOW)
    shipped = risk_of(sales_order(order_line()), [work_order(100)], shipments=[shipment])
    assert shipped.reason == "all 100 pcs shipped"
    cancelled = risk_of(sales_order(order_line(), status=OrderStatus.CANCELLED), [])
    assert (cancelled.level, cancelled.reason) == (RiskLevel.DONE, "order cancelled")


def test_without_a_plan_a_linked_line_has_no_prediction() -> None:
    risk = risk_of(sales_order(order_line()), [work_order()])
    assert (risk.level, risk.reason, risk.predicted) == (
        RiskLevel.ON_TRACK, "no predicted completion yet", None)


def test_durations_in_words() -> None:
    assert [english_duration(timedelta(minutes=m)) for m in (40, 300, 320, 2880, 3120)] == [
        "40 min", "5 h", "5 h 20 min", "2 d", "2 d 4 h"]


def test_a_work_order_serving_two_lines_puts_both_at_risk_when_its_machine_is_down() -> None:
    order = sales_order(order_line(1, qty=50), order_line(2, qty=50))
    wo = WorkOrder(id="W1", number="MO-2012", product_id="P-300", quantity=D(100), unit="pcs",
                   status=WorkOrderStatus.RUNNING, operations=[op(10, "WC-210", "M-212")],
                   links=[FulfilmentLink(order_id="O1", line_no=n, work_order_id="W1",
                                         quantity=D(50), unit="pcs") for n in (1, 2)])
    plan = Plan(made_at=NOW, zone=TAIPEI, jobs={},
                line_finish={("O1", 1): local(9, 20), ("O1", 2): local(9, 12)})
    fulfilment = link_orders([order], [wo], LinkingRules())
    progress = progress_by_line([order], [wo], [], fulfilment)
    statuses = [down_since("M-212", NOW - timedelta(hours=9)),
                MachineStatus(id="M-211", state=MachineState.RUNNING, since=NOW)]
    ctx = risk_context(NOW, TAIPEI, plan=plan, work_orders=[wo], statuses=statuses,
                       equipment=EQUIPMENT)
    risks = [line_risk(order, line, fulfilment.by_line[("O1", line.line_no)],
                       progress[("O1", line.line_no)], ctx) for line in order.lines]
    # Slack to the end of 9 Mar: 4 h for line 1, 12 h for line 2; M-212 has been down 9 h.
    assert [r.level for r in risks] == [RiskLevel.AT_RISK, RiskLevel.ON_TRACK]
    assert risks[0].reason == "M-212 down 9 h, slack 4 h"
    assert ctx.down == frozenset({"M-212"})
