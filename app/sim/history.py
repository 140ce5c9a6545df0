"""A long history for the demo plant, generated fast and coherently (`Plant(history=...)`).

The detailed simulation (app.sim.floor and friends: every machine minute by minute, counts every
five minutes) covers only the last few days before the start; it would take minutes and millions
of records for a year. The months before come from this generator, which writes the same feeds
at a coarser grain:

- orders arrive with the season, trend and month-end rhythm of app.sim.demand, from 30
  customers, and are made, shipped and closed (app.sim.history_orders); some lines are released
  late on purpose, so on-time delivery varies from month to month;
- each line becomes a work order whose operations are booked on the machines of their work
  centers, inside the shift windows, around planned maintenance and breakdowns
  (app.sim.machine_time, app.sim.reliability); components come from make-to-stock batches and
  raw materials from supplier lots (app.sim.history_material), so a lot is always made before it
  is used or shipped, and its genealogy carries the quantities its bill of materials asks for;
- quality is measured once per lot and operation, drifts now and then, and customers complain
  about the lots that drifted or came from a suspect supplier lot (app.sim.history_quality);
- machine events, downtime and per-shift production counts follow from the bookings
  (app.sim.history_floor).

Everything the generator finished before the hand-over time is published (through a Journal, in
time order); what is unfinished then (orders not yet shipped, stock on the shelf) is handed to the
detailed simulation, which carries on from there. The same seed gives the same history.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from app.domain import (
    LotKind,
    OperationStatus,
    OrderLine,
    SalesOrder,
    Serial,
    Shipment,
    WorkOrder,
    WorkOrderStatus,
)
from app.sim import demand, history_orders, layout
from app.sim.calendars import (
    maintenance_windows,
    merge_windows,
    monday_of,
    shift_instances,
)
from app.sim.core import qty
from app.sim.history_floor import calendar_timeline, publish_machine, share_units
from app.sim.history_material import Materials, StockLot
from app.sim.history_orders import LineJob
from app.sim.history_quality import HistoryQuality, Sample
from app.sim.journal import Journal
from app.sim.machine_time import MachineTime, Plan, subtract
from app.sim.reliability import pattern_of

if TYPE_CHECKING:
    from app.sim.plant import Plant

# Serials of older lots are archived (a serial per unit is the biggest feed by far); their lots
# and genealogy stay.
SERIALS_KEPT = timedelta(days=60)
CANDIDATES = 4


@dataclass(slots=True)
class Step:
    """One operation of a work order as planned: machine time, quality samples, units."""

    plan: Plan
    samples: list[Sample]
    out: float  # share of parts outside the limits
    units: int  # units that reach the operation
    scrap: int


class History:
    def __init__(self, plant: Plant, t0: datetime, t1: datetime, capacity: float) -> None:
        self.plant = plant
        self.core = core = plant.core
        self.t0, self.t1 = t0, t1
        self.capacity = capacity
        self.zone = plant.zone
        self.products = plant.products
        self.journal = Journal()
        self.rng = core.rng("history/production")
        self.machines: dict[str, list[MachineTime]] = {}
        self.line_of: dict[str, str] = {}
        self.timelines: dict[str, tuple] = {}
        self._build_machines()
        self.materials = Materials(core, plant.products, plant.lots, plant.stock, self.journal,
                                   capacity, t1, self._make_batch)
        self.quality = HistoryQuality(
            core, plant.quality, self.journal,
            {wc: [m.id for m in ms] for wc, ms in self.machines.items()}, t0, t1)
        self.shipments: list[Shipment] = []
        self.open_orders: list[tuple[SalesOrder, list[Shipment], list[OrderLine]]] = []
        self.closing: list[tuple[str, datetime]] = []  # shipped orders the simulation closes
        self.batches: dict[str, history_orders.Batch] = {}  # product -> latest stock batch
        # A bigger plant makes more units a day: keep as many serials as the standard one.
        self.serials_from = t1 - SERIALS_KEPT * min(1.0, 1 / capacity)

    # --- machines and their calendars ------------------------------------------------------
    def _build_machines(self) -> None:
        plant, zone = self.plant, self.zone
        first, last = (self.t0 - timedelta(days=1)).astimezone(zone).date(), \
            self.t1.astimezone(zone).date()
        weeks = (last - first).days // 7 + 2
        ids = [m.id for m in plant.floor.machines]
        pm_rng = self.core.rng("history/maintenance")
        by_machine: dict[str, list] = {}
        for w in maintenance_windows(zone, ids, pm_rng, monday_of(self.t0, zone), weeks):
            if self.t0 <= w.start and w.end <= self.t1:
                by_machine.setdefault(w.machine_id, []).append(w)
        for cal in plant.calendars:
            shifts = [(max(s, self.t0), min(e, self.t1))
                      for s, e in shift_instances(zone, cal.shifts, cal.holidays, first, last)
                      if e > self.t0 and s < self.t1]
            merged = merge_windows(shifts)
            counted = [(s, e) for s, e in shifts if s < self.t1 - timedelta(minutes=5)]
            for m in plant.floor.machines_of(cal):
                pm = sorted(by_machine.get(m.id, []), key=lambda w: w.start)
                available = subtract(merged, [(w.start, w.end) for w in pm])
                mt = MachineTime(m.id, m.work_center_id, available, pattern_of(m.work_center_id),
                                 self.core.rng(f"history/machine/{m.id}"), m.speed_factor)
                self.machines.setdefault(m.work_center_id, []).append(mt)
                self.line_of[m.id] = m.line_id
                self.timelines[m.id] = (calendar_timeline(self.t0, self.t1, merged, pm), counted)

    # --- booking work orders ---------------------------------------------------------------
    def book(self, wo: WorkOrder, earliest: datetime, deadline: datetime) -> datetime | None:
        """Make `wo` from `earliest` on; its completion time, or None (nothing booked) when it
        cannot end by `deadline`."""
        product = self.products[wo.product_id]
        needs = {item.component_id: qty(item.quantity_per_unit * wo.quantity)
                 for item in product.bom}
        ready = self.materials.ready_time(needs, earliest)
        if ready is None:
            return None
        t = max(earliest, ready)
        steps: list[Step] = []
        units = int(wo.quantity)  # what reaches the operation: scrap thins it along the way
        for op, tmpl in zip(wo.operations, product.routing.operations, strict=True):
            # Every machine of the work center on the standard plant; on a big one, the few
            # that are free soonest.
            candidates = sorted(self.machines[op.work_center_id],
                                key=lambda m: (max(m.busy_until, t), m.id))[:CANDIDATES]
            best = None
            for m in candidates:
                # The same product again: no changeover (the coarse grain has no tool wear).
                same = m.last_product == wo.product_id
                setup_s = 0 if same else round(float(tmpl.setup_minutes) * 60)
                run_s = max(1, round(float(tmpl.run_seconds_per_unit) * m.speed_factor * units))
                p = m.plan(t, setup_s, run_s, wo)
                if p is not None and (best is None or p.end < best.end):
                    best = p
            if best is None or best.end > deadline:
                return None
            mid = best.start + (best.end - best.start) / 2
            samples, out = self.quality.sample(wo.product_id, op.sequence, best.machine.id, mid)
            p_scrap = self.rng.uniform(0.004, 0.02) + out
            spread = math.sqrt(units * p_scrap * (1 - p_scrap))
            scrap = min(units, max(0, round(units * p_scrap + self.rng.gauss(0, spread))))
            steps.append(Step(best, samples, out, units, scrap))
            units -= scrap
            t = best.end
        self._commit(wo, steps, needs)
        return t

    def _commit(self, wo: WorkOrder, steps: list[Step], needs: dict[str, Decimal]) -> None:
        lots, product = self.plant.lots, self.products[wo.product_id]
        start = steps[0].plan.start
        kind = LotKind.FINISHED if product.kind == "finished" else LotKind.WIP
        lot = lots.make_lot(wo.product_id, kind, wo.quantity, start, work_order_id=wo.id,
                            machine_id=steps[0].plan.machine.id)
        wo.output_lot_id = lot.id
        for pid, need in needs.items():
            self.materials.consume(pid, need, lot, start)
        for op, step in zip(wo.operations, steps, strict=True):
            plan, m = step.plan, step.plan.machine
            m.commit(plan)
            m.last_product = wo.product_id
            self.quality.publish(step.samples, wo, m.id, lot)
            share_units(plan.spans, step.units - step.scrap, step.scrap)
            self.quality.defects(wo, m.id, self.line_of[m.id], step.scrap, step.out > 0.01,
                                 plan.end, lot)
            op.machine_id = m.id
            op.status = OperationStatus.DONE
            op.planned_start = op.actual_start = plan.start
            op.planned_end = op.actual_end = plan.end
            op.good, op.scrap = Decimal(step.units - step.scrap), Decimal(step.scrap)
            wo.scrap += step.scrap
        end = steps[-1].plan.end
        wo.good = steps[-1].units - steps[-1].scrap
        wo.status = WorkOrderStatus.COMPLETED
        lot.quantity = wo.good = Decimal(wo.good)
        self.journal.put("mes.work_orders", wo, end)
        self.journal.put("mes.lots", lot, end)
        if product.kind == "component":
            self.materials.add(lot, end)
        if wo.product_id in layout.SERIALIZED and end >= self.serials_from:
            self._serials(lot.id, wo.product_id, int(wo.good), end)

    def _serials(self, lot_id: str, product_id: str, count: int, at: datetime) -> None:
        code = self.products[product_id].code.replace("-", "")
        serials = []
        for _ in range(count):
            n = self.core.next_number("serial")
            serial = Serial(id=f"{code}-{n:06d}", lot_id=lot_id, product_id=product_id,
                            created_at=at)
            self.journal.put("mes.serials", serial, at)
            serials.append(serial.id)
        self.plant.lots.serials_of[lot_id] = serials

    def _make_batch(self, product_id: str, quantity: Decimal, at: datetime) -> StockLot | None:
        """A make-to-stock batch of a component, released at `at`."""
        wo = self.plant.production.build(product_id, quantity, due=None, priority=3)
        end = self.book(wo, at, self.t1)
        if end is None:
            return None
        return self.materials.queues[product_id][-1]

    def run(self) -> None:
        rng = self.core.rng("history/release")
        targets = demand.OnTimeTargets(self.core.seed)
        placed = history_orders.placed(self)
        # Work is booked in the order it is released, whatever order it was placed in.
        queue: list[tuple[datetime, int, LineJob]] = []
        jobs: list[list[LineJob]] = []
        for i, order in enumerate(placed):
            mine = []
            for line in order.lines:
                release = history_orders.release_time(self.zone, order.created_at, line, rng,
                                                      targets)
                job = LineJob(i, line, release)
                mine.append(job)
                heapq.heappush(queue, (job.release, len(queue), job))
            jobs.append(mine)
        while queue:
            release, _, job = heapq.heappop(queue)
            history_orders.make_line(self, placed[job.order_index], job, release)
        self.open_orders = history_orders.close(self, placed, jobs)
        self.quality.complaints(self.shipments, self.materials.suspect,
                                self.plant.lots.serials_of, self.plant.complaints)
        for wc_machines in self.machines.values():
            for m in wc_machines:
                base, shifts = self.timelines[m.id]
                publish_machine(self.core, self.journal, m, base, shifts, self.t1)

    # --- the hand-over ---------------------------------------------------------------------
    def hand_over(self) -> None:
        """Publish the history, then give the detailed simulation what is still open."""
        self.journal.flush(self.core)
        self.core.now = self.t1
        self.materials.hand_over(self.t1)
        for order, shipments, lines in self.open_orders:
            self.plant.orders.adopt(order, shipments, lines)
        for order_id, at in self.closing:
            self.plant.orders.close_at(order_id, at)
        for at, complaint_id, step in self.quality.follow_ups:
            self.plant.complaints.follow_up(complaint_id, step, at)


def generate(plant: Plant, t0: datetime, t1: datetime, capacity: float) -> History:
    history = History(plant, t0, t1, capacity)
    history.run()
    return history
