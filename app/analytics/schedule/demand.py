"""Demand: every open work order, plus the part of every open order line that no work order
covers yet (planned from its product's routing), with the outbox's pending promises and
expedites applied. Each becomes a Job: a chain of operations with their remaining work time."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import itemgetter

from app.analytics.schedule.floor_model import floor_model
from app.analytics.schedule.snapshot import LineKey, PlantSnapshot
from app.domain import (
    OperationStatus,
    OrderStatus,
    Product,
    SalesOrder,
    WorkOrder,
    WorkOrderStatus,
)

OPEN_WORK_ORDER = frozenset({WorkOrderStatus.PLANNED, WorkOrderStatus.RELEASED,
                             WorkOrderStatus.RUNNING})
PLANNED_ORDER = frozenset({OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION})
UNDER_WAY = frozenset({OperationStatus.RUNNING, OperationStatus.SETUP})
NO_DATE = date.max


@dataclass(slots=True)
class Step:
    sequence: int
    work_center_id: str
    seconds: float  # remaining work time at full efficiency
    machine_id: str | None = None  # fixed when the operation is under way
    running: bool = False


@dataclass(slots=True)
class Job:
    job_id: str
    product_id: str
    quantity: float
    priority: int
    need_date: date | None
    number: str  # order (or work order) number: the last tie-breaker people can read
    steps: list[Step] = field(default_factory=list)
    work_order_id: str | None = None
    order_line: LineKey | None = None
    lines: tuple[LineKey, ...] = ()  # the order lines it serves
    # (job_id,): a plan's line_jobs entry for a line only it serves, made once for every plan
    # of the snapshot rather than once per plan.
    alone: tuple[str, ...] = ()
    problem: str = ""
    # (item, quantity in the item's unit) issued when its first operation starts; empty once
    # started (the materials are already taken).
    materials: tuple[tuple[str, float], ...] = ()

    # The date the floor dispatches it by: the work order's own due date, as the MES queues
    # it (a line promised later than its work order is due is still made by that due date);
    # None: the need date.
    due: date | None = None

    def dispatch_key(self) -> tuple:
        """The dispatch rule, as the floor's: priority (1 first), then the work order's due
        date (else the promised date), then order number."""
        return (self.priority, self.due or self.need_date or NO_DATE, self.number, self.job_id)

    @property
    def under_way(self) -> bool:
        """An operation of it is running now (its machine is held before anything else)."""
        return self._under_way

    _under_way: bool = False


def open_lines(snapshot: PlantSnapshot) -> dict[LineKey, tuple[SalesOrder, date | None]]:
    """Order lines that are demand, with the date they work to: the pending promise, else the
    promised date, else (confirmed orders only) the requested date."""
    lines: dict[LineKey, tuple[SalesOrder, date | None]] = {}
    for order in snapshot.orders:
        for line in order.lines:
            key = (order.id, line.line_no)
            promised = snapshot.pending_promises.get(key, line.promised_date)
            if order.status in PLANNED_ORDER:
                lines[key] = (order, promised or line.requested_date)
            elif order.status is OrderStatus.DRAFT and promised is not None:
                # A promised quote holds its capacity: the customer was given that date.
                lines[key] = (order, promised)
    return lines


def jobs_of(snapshot: PlantSnapshot) -> list[Job]:
    """The snapshot's demand, built once (jobs are not changed by planning): open work orders
    by id, then the order lines they leave uncovered."""
    return snapshot.cached("jobs", lambda: _build_jobs(snapshot))[0]


def jobs_in_dispatch_order(snapshot: PlantSnapshot) -> list[Job]:
    """The same jobs sorted by Job.dispatch_key (a stable sort), built with them."""
    return snapshot.cached("jobs", lambda: _build_jobs(snapshot))[1]


def _build_jobs(snapshot: PlantSnapshot) -> tuple[list[Job], list[Job]]:
    """The jobs in jobs_of order and in dispatch order. Each job and its steps are made in
    dispatch order, the order every planning run walks them: made by work order id, thousands
    of jobs lay scattered in memory for those walks, each step to the next a cache miss."""
    lines = open_lines(snapshot)
    covered: dict[LineKey, Decimal] = defaultdict(Decimal)
    routings = {pid: {t.sequence: (t.work_center_id, float(t.setup_minutes) * 60,
                                   float(t.run_seconds_per_unit))
                      for t in p.routing.operations}
                for pid, p in snapshot.products.items()}
    keys: list[tuple] = []  # Job.dispatch_key of each job, in jobs_of order
    works: list[tuple] = []  # what makes a work order's job, the first len(works) of them
    for wo in sorted(snapshot.work_orders, key=lambda w: w.id):
        if wo.status is WorkOrderStatus.CANCELLED:
            continue
        for link in wo.links:
            covered[(link.order_id, link.line_no)] += link.quantity
        if wo.status in OPEN_WORK_ORDER:
            served, need, number, priority = _work_order_head(snapshot, wo, lines)
            keys.append((priority, wo.due_date or need or NO_DATE, number, wo.id))
            works.append((wo, served, need, number, priority))
    uncovered: list[tuple] = []  # what makes a line's job, the rest
    if snapshot.settings.plan_uncovered_lines:
        # What work orders leave of a line, by line. Sorted once found: there are few, and
        # sorting every open line compared thousands of order ids far apart in memory.
        short = []
        for key, (order, need) in lines.items():
            for line in order.lines:
                if line.line_no == key[1]:
                    break
            left = line.quantity - covered[key]
            if left > 0:
                short.append((key, order, line, left, need))
        for key, order, line, left, need in sorted(short, key=itemgetter(0)):
            job_id = f"line:{key[0]}:{key[1]}"
            keys.append((order.priority, need or NO_DATE, order.number, job_id))
            uncovered.append((job_id, order, key, line.product_id, left, line.unit, need))
    jobs: list[Job] = [None] * len(keys)  # type: ignore[list-item]
    ordered: list[Job] = []
    for at in sorted(range(len(keys)), key=keys.__getitem__):  # stable, as dispatch_order
        if at < len(works):
            wo, served, need, number, priority = works[at]
            job = _work_order_job(snapshot, wo, served, need, number, priority,
                                  routings.get(wo.product_id))
        else:
            job = _line_job(snapshot, *uncovered[at - len(works)])
        jobs[at] = job
        ordered.append(job)
    return jobs, ordered


def _work_order_head(snapshot: PlantSnapshot, wo: WorkOrder,
                     lines: dict[LineKey, tuple[SalesOrder, date | None]]
                     ) -> tuple[tuple[LineKey, ...], date | None, str, int]:
    """The lines a work order serves, the date and order number it works to, its priority."""
    served = [(link.order_id, link.line_no) for link in wo.links
              if (link.order_id, link.line_no) in lines]
    if len(served) > 1:
        served = sorted(set(served), key=lambda k: (lines[k][1] or NO_DATE, lines[k][0].number, k))
    need, number = wo.due_date, wo.number
    if served:  # the earliest promise it serves, and that order's number
        first_order, first_date = lines[served[0]]
        need = first_date if first_date is not None else need
        number = first_order.number
    priority = snapshot.pending_priorities.get(wo.id, wo.priority)
    return tuple(served), need, number, priority


def _work_order_job(snapshot: PlantSnapshot, wo: WorkOrder, served: tuple[LineKey, ...],
                    need: date | None, number: str, priority: int,
                    routing: dict[int, tuple[str, float, float]] | None) -> Job:
    quantity = float(wo.quantity)
    remaining = max(quantity - float(wo.good), 0.0)
    job = Job(wo.id, wo.product_id, remaining, priority, need, number,
              work_order_id=wo.id, lines=served, alone=(wo.id,), due=wo.due_date)
    if not routing and not wo.operations:
        job.problem = f"product {wo.product_id} has no routing"
        return job
    routing = routing or {}
    efficiency = snapshot.settings.efficiency
    model = floor_model(snapshot)
    if _not_started(wo):
        job.materials = bill_of_materials(snapshot, wo.product_id, quantity)
    if not wo.operations:
        job.steps = [Step(seq, center, model.seconds(center, None, setup, remaining * run)
                          / efficiency)
                     for seq, (center, setup, run) in sorted(routing.items())]
        return job
    given = wo.units_given()
    for op in sorted(wo.operations, key=lambda o: o.sequence):
        if op.status is OperationStatus.DONE:
            continue
        template = routing.get(op.sequence)
        if template is None:
            job.problem = (f"operation {op.sequence} of {wo.number} is not in the routing of "
                           f"{wo.product_id}")
            return job
        _, setup, run = template
        left = max(float(given[op.sequence] - op.good - op.scrap), 0.0)  # units to process
        running = op.status in UNDER_WAY
        if op.status is OperationStatus.RUNNING:
            setup = 0.0
        elif op.status is OperationStatus.SETUP and op.actual_start is not None:
            setup = max(setup - (snapshot.now - op.actual_start).total_seconds(), 0.0)
        machine = op.machine_id if running else None
        if running and machine is None:
            machine = _machine_running(snapshot, wo.id, op.work_center_id)
        seconds = model.seconds(op.work_center_id, machine, setup, left * run) / efficiency
        job.steps.append(Step(op.sequence, op.work_center_id, seconds, machine,
                              running and machine is not None))
    job._under_way = any(step.running for step in job.steps)
    return job


def _not_started(wo: WorkOrder) -> bool:
    return wo.status is not WorkOrderStatus.RUNNING and wo.good == 0 and all(
        op.status is OperationStatus.PENDING and op.good == 0 for op in wo.operations)


def bill_of_materials(snapshot: PlantSnapshot, product_id: str, quantity: float
                      ) -> tuple[tuple[str, float], ...]:
    """What making `quantity` of the product takes of bought items, in each item's stock unit.

    Components the plant makes itself (they have a routing) are left out: their own work
    orders are in the plan, and one level of materials is what this scheduler checks."""
    if not snapshot.stock and not snapshot.receipts:
        return ()  # materials are not tracked by the source
    product = snapshot.products.get(product_id)
    if product is None:
        return ()
    needs = []
    for item in product.bom:
        component = snapshot.products.get(item.component_id)
        if component is not None and component.routing.operations:
            continue
        per_unit = item.quantity_per_unit
        if component is not None and item.unit != component.unit:
            per_unit = to_product_unit(component, per_unit, item.unit) or per_unit
        needs.append((item.component_id, float(per_unit) * quantity))
    return tuple(needs)


def _machine_running(snapshot: PlantSnapshot, work_order_id: str, center: str) -> str | None:
    for machine_id, status in sorted(snapshot.statuses.items()):
        if status.work_order_id == work_order_id and snapshot.machines.get(machine_id) == center:
            return machine_id
    return None


def _line_job(snapshot: PlantSnapshot, job_id: str, order: SalesOrder, key: LineKey,
              product_id: str, left: Decimal, unit: str, need: date | None) -> Job:
    job = Job(job_id, product_id, 0.0, order.priority, need, order.number,
              order_line=key, lines=(key,), alone=(job_id,))
    product = snapshot.products.get(product_id)
    if product is None or not product.routing.operations:
        job.problem = f"product {product_id} has no routing"
        return job
    quantity = to_product_unit(product, left, unit)
    if quantity is None:
        job.problem = f"no conversion from {unit} to {product.unit} for {product_id}"
        return job
    job.quantity = float(quantity)
    job.materials = bill_of_materials(snapshot, product_id, job.quantity)
    job.steps = [Step(t.sequence, t.work_center_id, _seconds(t, job.quantity, snapshot))
                 for t in sorted(product.routing.operations, key=lambda t: t.sequence)]
    return job


def _seconds(template, quantity: float, snapshot: PlantSnapshot) -> float:
    work = floor_model(snapshot).seconds(template.work_center_id, None,
                                         float(template.setup_minutes) * 60,
                                         quantity * float(template.run_seconds_per_unit))
    return work / snapshot.settings.efficiency


def to_product_unit(product: Product, quantity: Decimal, unit: str) -> Decimal | None:
    if unit == product.unit:
        return quantity
    for c in product.conversions:
        if c.from_unit == unit and c.to_unit == product.unit:
            return quantity * c.factor
        if c.from_unit == product.unit and c.to_unit == unit and c.factor:
            return quantity / c.factor
    return None
