"""Work orders flowing through routings, and the dispatcher that feeds machines.

Each work center has a queue of ready operations; a free machine takes the most urgent one
(priority, then due date, then one of the product it is set up for). An operation processes what
the previous one delivered as good, so scrap thins the quantity along the routing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from app.domain import (
    FulfilmentLink,
    MachineState,
    Operation,
    OperationStatus,
    OperationTemplate,
    Product,
    WorkOrder,
    WorkOrderStatus,
)
from app.sim.core import SimCore
from app.sim.machines import Job, Machine

W = WorkOrderStatus
O = OperationStatus  # noqa: E741 - short alias, as for W


class Production:
    def __init__(self, core: SimCore, products: dict[str, Product],
                 machines_by_wc: dict[str, list[Machine]]) -> None:
        self.core = core
        self.products = products
        self.machines_by_wc = machines_by_wc
        self.rng = core.rng("production")
        self.work_orders: dict[str, WorkOrder] = {}
        self.ready: dict[str, list[tuple[WorkOrder, int, int]]] = {wc: [] for wc in machines_by_wc}
        self._dirty: dict[str, WorkOrder] = {}
        # Hooks the rest of the plant hangs on (lots, orders): called with the work order.
        self.on_release: list[Callable[[WorkOrder], None]] = []
        self.on_start: list[Callable[[WorkOrder, Machine], None]] = []
        self.on_complete: list[Callable[[WorkOrder], None]] = []

    # --- creating and releasing ------------------------------------------------------------
    def build(self, product_id: str, quantity: Decimal, *, due: date | None, priority: int = 3,
              links: list[FulfilmentLink] | None = None) -> WorkOrder:
        """A new work order with its next number and the routing's operations; not planned,
        not published (the history generator books it itself)."""
        n = self.core.next_number("wo", 2001)
        product = self.products[product_id]
        wo = WorkOrder(id=f"WO-{n}", number=f"MO-{n}", product_id=product_id, quantity=quantity,
                       unit=product.unit, priority=priority, due_date=due,
                       operations=[Operation(sequence=t.sequence, work_center_id=t.work_center_id)
                                   for t in product.routing.operations])
        for link in links or []:
            link.work_order_id = wo.id
            wo.links.append(link)
        return wo

    def create(self, product_id: str, quantity: Decimal, *, due: date | None, priority: int = 3,
               links: list[FulfilmentLink] | None = None) -> WorkOrder:
        wo = self.build(product_id, quantity, due=due, priority=priority, links=links)
        self.work_orders[wo.id] = wo
        self._plan(wo, self.core.now)
        self.core.put("mes.work_orders", wo)
        return wo

    def _plan(self, wo: WorkOrder, t: datetime) -> None:
        """Forward plan: each operation after the previous one, behind the queue it joins."""
        templates = self.products[wo.product_id].routing.operations
        for op, tmpl in zip(wo.operations, templates, strict=True):
            if op.status is not O.PENDING:
                t = op.planned_end or t
                continue
            machines = max(1, len(self.machines_by_wc[op.work_center_id]))
            # Only work at least as urgent as this order waits ahead of it.
            mine = (wo.priority, wo.due_date or date.max)
            queue_s = sum(float(self._template(w, i).run_seconds_per_unit) * q
                          for w, i, q in self.ready[op.work_center_id]
                          if (w.priority, w.due_date or date.max) <= mine) / machines
            work_s = float(tmpl.setup_minutes) * 60 + float(tmpl.run_seconds_per_unit) * float(
                wo.quantity) * 1.1
            op.planned_start = t + timedelta(seconds=round(queue_s))
            op.planned_end = op.planned_start + timedelta(seconds=round(work_s))
            t = op.planned_end

    def release(self, wo: WorkOrder) -> None:
        if wo.status is not W.PLANNED:
            return
        wo.status = W.RELEASED
        self._plan(wo, self.core.now)
        self.core.put("mes.work_orders", wo)
        for hook in self.on_release:
            hook(wo)
        self._make_ready(wo, 0, int(wo.quantity))

    def _make_ready(self, wo: WorkOrder, index: int, quantity: int) -> None:
        wc = wo.operations[index].work_center_id
        self.ready[wc].append((wo, index, quantity))
        for m in self.machines_by_wc[wc]:
            if not self.ready[wc]:
                break
            if m.job is None and m.can_work():
                m.refresh()

    def _template(self, wo: WorkOrder, index: int) -> OperationTemplate:
        return self.products[wo.product_id].routing.operations[index]

    def open_quantity(self, product_id: str) -> Decimal:
        return sum((wo.quantity for wo in self.work_orders.values()
                    if wo.product_id == product_id
                    and wo.status in (W.PLANNED, W.RELEASED, W.RUNNING)),
                   Decimal(0))

    # --- the machine side (JobSource) ------------------------------------------------------
    def take_job(self, machine: Machine) -> Job | None:
        queue = self.ready[machine.work_center_id]
        if not queue:
            return None

        def urgency(item: tuple[WorkOrder, int, int]) -> tuple[int, date, bool, str]:
            wo = item[0]
            return (wo.priority, wo.due_date or date.max, wo.product_id != machine.last_product,
                    wo.id)

        best = min(range(len(queue)), key=lambda i: urgency(queue[i]))
        wo, index, quantity = queue.pop(best)
        tmpl = self._template(wo, index)
        same = wo.product_id == machine.last_product
        setup_min = float(tmpl.setup_minutes) * (0.3 if same else self.rng.uniform(0.8, 1.4))
        op = wo.operations[index]
        op.machine_id = machine.id
        op.status = O.SETUP
        op.actual_start = self.core.now
        machine.last_product = wo.product_id
        if wo.status is not W.RUNNING:
            wo.status = W.RUNNING
        if index == 0:
            for hook in self.on_start:
                hook(wo, machine)
        self._dirty[wo.id] = wo
        return Job(wo=wo, op_index=index, template=tmpl,
                   cycle_us=round(float(tmpl.run_seconds_per_unit) * machine.speed_factor * 1e6),
                   units_left=quantity, setup_left_us=round(setup_min * 60) * 1_000_000,
                   scrap_rate=self.rng.uniform(0.004, 0.02))

    def job_running(self, machine: Machine, job: Job) -> None:
        job.wo.operations[job.op_index].status = O.RUNNING
        self._dirty[job.wo.id] = job.wo

    def units(self, machine: Machine, job: Job, good: int, scrap: int) -> None:
        wo = job.wo
        op = wo.operations[job.op_index]
        op.good += good
        op.scrap += scrap
        wo.scrap += scrap
        if job.op_index == len(wo.operations) - 1:
            wo.good += good
        self._dirty[wo.id] = wo

    def job_done(self, machine: Machine, job: Job) -> None:
        wo = job.wo
        op = wo.operations[job.op_index]
        op.status = O.DONE
        op.actual_end = self.core.now
        nxt = job.op_index + 1
        if nxt < len(wo.operations) and op.good > 0:
            self._make_ready(wo, nxt, int(op.good))
            self._dirty[wo.id] = wo
        else:
            for rest in wo.operations[nxt:]:
                rest.status = O.DONE  # nothing left to process: everything was scrapped
            self._complete(wo)

    def _complete(self, wo: WorkOrder) -> None:
        wo.status = W.COMPLETED
        self._dirty.pop(wo.id, None)
        self.core.put("mes.work_orders", wo)
        for hook in self.on_complete:
            hook(wo)

    def publish_dirty(self) -> None:
        """Progress is published once per count interval, not per unit."""
        for wo in self._dirty.values():
            self.core.put("mes.work_orders", wo)
        self._dirty.clear()

    def touch(self, wo: WorkOrder) -> None:
        self._dirty[wo.id] = wo

    # --- writes ----------------------------------------------------------------------------
    def set_priority(self, work_order_id: str, priority: int) -> WorkOrder:
        wo = self.work_orders.get(work_order_id)
        if wo is None:
            raise KeyError(f"unknown work order {work_order_id!r}")
        if isinstance(priority, bool) or not isinstance(priority, int) or not 1 <= priority <= 5:
            raise ValueError(f"priority must be an integer from 1 (most urgent) to 5, "
                             f"not {priority!r}")
        wo.priority = priority
        self._dirty.pop(wo.id, None)
        self.core.put("mes.work_orders", wo)
        return wo

    def busiest_machine(self) -> Machine | None:
        """The running machine whose work order serves the most order lines (for scenarios)."""
        best: tuple[int, int, str] | None = None
        choice = None
        for machines in self.machines_by_wc.values():
            for m in machines:
                if m.job is None or m.status.state is not MachineState.RUNNING:
                    continue
                key = (-len(m.job.wo.links), m.job.wo.priority, m.id)
                if best is None or key < best:
                    best, choice = key, m
        return choice
