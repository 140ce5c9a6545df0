"""The one definition of which open work waits on a machine (`app.analytics.impact`): an
operation still to run on it, or on its work center when the plan puts it there."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from app import domain as d
from app.analytics.impact import machines_waited_on, planned_machines, work_orders_waiting_on
from app.analytics.schedule.plan import JobPlan, Plan, PlannedOperation

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
CENTERS = {"WC-1": ("M-1", "M-2")}


def _wo(wo_id: str, *ops: d.Operation,
        status: d.WorkOrderStatus = d.WorkOrderStatus.RELEASED) -> d.WorkOrder:
    return d.WorkOrder(id=wo_id, number=f"WO-{wo_id}", product_id="P-1", quantity=Decimal(10),
                       unit="pcs", status=status, operations=list(ops))


def _op(seq: int, machine: str | None,
        status: d.OperationStatus = d.OperationStatus.PENDING) -> d.Operation:
    return d.Operation(sequence=seq, work_center_id="WC-1", machine_id=machine, status=status)


def _plan(**machine_of: str) -> Plan:
    jobs = {wo_id: JobPlan(
        job_id=wo_id, product_id="P-1", quantity=10.0, priority=1, need_date=None,
        work_order_id=wo_id, order_line=None,
        operations=(PlannedOperation(job_id=wo_id, sequence=10, work_center_id="WC-1",
                                     machine_id=machine, start=NOW, finish=NOW),),
        finish=NOW) for wo_id, machine in machine_of.items()}
    return Plan(made_at=NOW, zone=ZoneInfo("UTC"), jobs=jobs, line_finish={})


def test_an_operation_without_a_machine_waits_where_the_plan_puts_it() -> None:
    wo = _wo("A", _op(10, None))
    assert machines_waited_on(wo, {}, CENTERS) == ("M-1", "M-2")  # no plan: any of them
    plan = _plan(A="M-2")
    assert machines_waited_on(wo, planned_machines(plan, "A"), CENTERS) == ("M-2",)
    assert work_orders_waiting_on("M-1", [wo], plan, CENTERS) == []
    assert work_orders_waiting_on("M-2", [wo], plan, CENTERS) == [wo]


def test_the_operations_own_machine_outweighs_the_plan_and_done_work_waits_on_nothing() -> None:
    plan = _plan(B="M-2")
    assert work_orders_waiting_on("M-1", [_wo("B", _op(10, "M-1"))], plan, CENTERS) != []
    done = _wo("C", _op(10, "M-1", d.OperationStatus.DONE))
    finished = _wo("D", _op(10, "M-1"), status=d.WorkOrderStatus.COMPLETED)
    assert work_orders_waiting_on("M-1", [done, finished], None, CENTERS) == []
