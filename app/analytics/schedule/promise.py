"""Capable-to-promise and expedite: ask the scheduler "what if", reserving nothing.

A request is planned as one more job under the dispatch rule, with its priority and requested
date. Its finish is the earliest date the quantity can be complete; the bottleneck is the work
center where it waited longest for a machine (or, when it never waited, the one most loaded in
the week it runs there); what slips is every existing order line the request pushes past, or
further past, its promised date.

An open order line asked about (`order_line` names one the plan already counts as demand) is
not a new request: the question is "when will this line be complete?". Left as it stands
(its product, its quantity, its order's priority and a date it already carries: requested,
promised or a promise waiting in the outbox) the answer is the plan's own predicted date for
it, the one the Orders view shows, and nothing slips. Changed, the line is planned as if it were
so (its demand replaced, never added to; a new date counts as promised), giving the date the
Orders view would show once the change is made. Either way it is made the way the plan makes
it, by its work orders and the rest planned: the plan hands finished stock to no line, and what
is on hand is mostly goods made for other lines, waiting to ship (not reserved, yet not free).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from app.analytics.schedule.compare import LineShift, line_shifts, newly_late
from app.analytics.schedule.demand import (
    Job,
    Step,
    bill_of_materials,
    jobs_of,
    open_lines,
    to_product_unit,
)
from app.analytics.schedule.dispatch import (
    Schedule,
    dispatch_order,
    new_schedule,
    ordered_jobs,
    run,
    with_job,
)
from app.analytics.schedule.floor_model import floor_model
from app.analytics.schedule.holds import HOLD_PREFIX
from app.analytics.schedule.materials import AvailableToPromise, Shortage, available_to_promise
from app.analytics.schedule.plan import JobPlan, LineKey, Plan
from app.analytics.schedule.snapshot import PlantSnapshot
from app.collector import collector_paused
from app.domain import OrderLine, SalesOrder

REQUEST_JOB = "request"
LOAD_WEEKS = 8
WAITED = 60.0  # seconds: shorter waits are the clock's noise, not a queue


@dataclass(frozen=True, slots=True)
class PromiseRequest:
    product_id: str
    quantity: Decimal
    requested_date: date
    priority: int = 3
    unit: str | None = None  # None: the product's unit
    order_line: LineKey | None = None  # the quote line a promise would be written on


@dataclass(frozen=True, slots=True)
class WeekLoad:
    week_start: date  # Monday, local date at the site
    booked_hours: float
    available_hours: float

    @property
    def load(self) -> float:
        return self.booked_hours / self.available_hours if self.available_hours else 0.0


@dataclass(frozen=True, slots=True)
class PromiseAnswer:
    request: PromiseRequest
    feasible: bool
    finish: datetime | None
    earliest: date | None  # local date at the site
    bottleneck: str | None = None  # work center id
    bottleneck_week: WeekLoad | None = None
    weekly_load: tuple[WeekLoad, ...] = ()
    slips: tuple[LineShift, ...] = ()
    problem: str = ""
    plan: Plan | None = field(default=None, compare=False, repr=False)
    # From finished stock first (None: the source keeps no stock); only the rest is made.
    atp: AvailableToPromise | None = None
    # Set when a material, not a machine, is what holds the request back.
    material: Shortage | None = None
    # An open order line, answered as the plan makes it (see the module docstring).
    planned_line: bool = False
    # The local date it is 90 % likely complete by (the P90; `earliest` is the P50): from
    # the line's own range, or for a new request the baseline's spread. None: no range.
    confident: date | None = None
    # New demand: the hours it takes of each work center (what a quote holds), and the newest
    # quote the plan holds capacity for (app.analytics.schedule.holds).
    hours: tuple[tuple[str, float], ...] = ()
    seen_hold: int = 0
    # Alternatives when the wanted date cannot be met (app.analytics.schedule.alternatives):
    # how much can be complete by the wanted date (None: not worked out).
    by_wanted: Decimal | None = None


def plan_of(snapshot: PlantSnapshot) -> tuple[Schedule, list[Job]]:
    jobs = ordered_jobs(snapshot)
    return run(new_schedule(snapshot), jobs, ordered=True), jobs


def promised_dates(snapshot: PlantSnapshot, lines: Container[LineKey] | None = None
                   ) -> dict[LineKey, date | None]:
    """The promised date of every order line (a pending promise first), or of `lines` only."""
    dates: dict[LineKey, date | None] = {}
    for order in snapshot.orders:
        for line in order.lines:
            key = (order.id, line.line_no)
            if lines is None or key in lines:
                dates[key] = snapshot.pending_promises.get(key, line.promised_date)
    return dates


def moved_lines(snapshot: PlantSnapshot, before: Plan, after: Plan) -> list[LineShift]:
    """line_shifts(before, after, promised_dates(snapshot)), with the promised dates of the
    lines that move only: a what-if moves hundreds of lines of thousands, and a dict of every
    line's date was as many keys made and collected for nothing."""
    shifts = line_shifts(before, after, {})
    if not shifts:
        return shifts
    promised = promised_dates(snapshot, {s.line for s in shifts})
    return [LineShift(s.line, s.before, s.after, promised.get(s.line)) for s in shifts]


def capable_to_promise(snapshot: PlantSnapshot, request: PromiseRequest,
                       baseline: Plan | None = None) -> PromiseAnswer:
    with collector_paused():
        return _capable_to_promise(snapshot, request, baseline)


def _capable_to_promise(snapshot: PlantSnapshot, request: PromiseRequest,
                        baseline: Plan | None) -> PromiseAnswer:
    if baseline is None:
        baseline = plan_of(snapshot)[0].plan()
    product = snapshot.products.get(request.product_id)
    if product is None:
        return PromiseAnswer(request, False, None, None,
                             problem=f"unknown product {request.product_id}")
    quantity = to_product_unit(product, request.quantity, request.unit or product.unit)
    if quantity is None:
        return PromiseAnswer(request, False, None, None,
                             problem=f"no conversion from {request.unit} to {product.unit}")
    if not product.routing.operations:
        return PromiseAnswer(request, False, None, None,
                             problem=f"product {request.product_id} has no routing")
    line_answer = _open_line_answer(snapshot, request, baseline, quantity)
    if line_answer is not None:
        return line_answer
    atp = None
    make = quantity
    if snapshot.stock or snapshot.receipts:
        atp = available_to_promise(request.product_id, quantity, product.unit, snapshot.stock,
                                   snapshot.receipts, baseline.local_date)
        make = atp.to_make
    received = max((day for day, _ in atp.receipts), default=None) if atp else None
    if make <= 0:  # stock and receipts cover it: no capacity needed
        earliest = max(received or baseline.local_date(snapshot.now),
                       baseline.local_date(snapshot.now))
        return PromiseAnswer(request, earliest <= request.requested_date, None, earliest,
                             plan=baseline, atp=atp, confident=earliest,
                             seen_hold=snapshot.seen_hold)
    jobs = ordered_jobs(snapshot)
    if request.order_line:  # the quote line is the request itself: not planned twice
        jobs = [j for j in jobs if j.order_line != request.order_line]
    number = _request_number(snapshot, request.order_line)
    efficiency = snapshot.settings.efficiency
    model = floor_model(snapshot)
    steps = [Step(t.sequence, t.work_center_id,
                  model.seconds(t.work_center_id, None, float(t.setup_minutes) * 60,
                                float(make) * float(t.run_seconds_per_unit)) / efficiency)
             for t in sorted(product.routing.operations, key=lambda t: t.sequence)]
    job = Job(REQUEST_JOB, request.product_id, float(make), request.priority,
              request.requested_date, number, steps=steps,
              materials=bill_of_materials(snapshot, request.product_id, float(make)))
    schedule = run(new_schedule(snapshot), _after_holds(snapshot, jobs, job), ordered=True)
    plan = schedule.plan()
    placed = plan.jobs[REQUEST_JOB]
    if placed.finish is None:
        return PromiseAnswer(request, False, None, None, problem=placed.problem, plan=plan,
                             atp=atp)
    earliest = max(plan.local_date(placed.finish), received or date.min)
    material = _binding_material(schedule, placed)
    bottleneck, week = _bottleneck(schedule, placed)
    loads = weekly_load(schedule, bottleneck, LOAD_WEEKS) if bottleneck else ()
    slips = newly_late(moved_lines(snapshot, baseline, plan))
    confident = _confident(snapshot, baseline, placed.finish, None)
    return PromiseAnswer(request, earliest <= request.requested_date, placed.finish, earliest,
                         bottleneck, week, loads, tuple(slips), plan=plan, atp=atp,
                         material=material,
                         confident=max(confident, earliest) if confident else None,
                         hours=_hours(placed), seen_hold=snapshot.seen_hold)


def _after_holds(snapshot: PlantSnapshot, jobs: list[Job], job: Job) -> list[Job]:
    """`jobs` with the request where the dispatch rule puts it, but never before the work of
    a quote holding capacity (app.analytics.schedule.holds): held hours were promised to a
    customer deciding, and are not on offer to new demand, whatever its priority or date."""
    placed = with_job(jobs, job)
    held = {HOLD_PREFIX + h.hold_id for h in snapshot.holds if h.active}
    held |= {h.order_id for h in snapshot.holds if h.active and h.order_id}
    if not held:
        return placed
    last = max((i for i, j in enumerate(jobs) if any(key[0] in held for key in j.lines)),
               default=-1)
    at = next(i for i, j in enumerate(placed) if j is job)
    if last < at:
        return placed
    return [*jobs[:last + 1], job, *jobs[last + 1:]]


def _hours(placed: JobPlan) -> tuple[tuple[str, float], ...]:
    """Hours the request takes of each work center, as planned (machine time, start to
    finish of each operation)."""
    hours: dict[str, float] = {}
    for op in placed.operations:
        hours[op.work_center_id] = hours.get(op.work_center_id, 0.0) + (
            op.finish - op.start).total_seconds() / 3600
    return tuple(sorted(hours.items()))


def _open_line_answer(snapshot: PlantSnapshot, request: PromiseRequest, baseline: Plan,
                      quantity: Decimal) -> PromiseAnswer | None:
    """The answer for an open order line (None: the request is no such line)."""
    key = request.order_line
    found = _order_line(snapshot, key) if key is not None else None
    if key is None or found is None or key not in open_lines(snapshot):
        return None  # a new request, or a quote nobody promised yet: not in the plan
    order, line = found
    product = snapshot.products[request.product_id]
    per_line_unit = to_product_unit(product, Decimal(1), line.unit)
    if line.product_id != request.product_id or not per_line_unit:
        return None  # not this line's product, or a unit it cannot convert: a new request
    # In the line's unit, as its links count (no round trip when the units agree).
    same_unit = (request.unit or product.unit) == line.unit
    asked = _as_asked(snapshot, order, line, request,
                      request.quantity if same_unit else quantity / per_line_unit)
    if asked is None:  # as it stands: the plan's own date (only the bottleneck is worked out)
        schedule, plan = plan_of(snapshot)[0], baseline
    else:
        priority = request.priority if request.priority != order.priority else None
        schedule = run(new_schedule(asked), _jobs_as_asked(asked, key, priority), ordered=True)
        plan = schedule.plan()
    if key not in plan.line_finish:
        if not snapshot.settings.plan_uncovered_lines:
            return None  # its uncovered part is not planned: the plan has no date to give
        # Nothing left to make: its work orders are done, the goods wait to ship.
        today = plan.local_date(snapshot.now)
        return PromiseAnswer(request, today <= request.requested_date, snapshot.now, today,
                             plan=plan, planned_line=True, confident=today)
    finish = plan.line_finish[key]
    placed = [schedule.placed[j] for j in plan.line_jobs.get(key, ()) if j in schedule.placed]
    if finish is None:
        problem = next((p.problem for p in placed if p.problem), "")
        return PromiseAnswer(request, False, None, None, problem=problem, plan=plan,
                             planned_line=True)
    earliest = plan.local_date(finish)
    last = max(placed, key=lambda p: p.finish or finish) if placed else None
    material = _binding_material(schedule, last) if last is not None else None
    bottleneck, week = _bottleneck(schedule, last) if last is not None else (None, None)
    loads = weekly_load(schedule, bottleneck, LOAD_WEEKS) if bottleneck else ()
    slips: tuple[LineShift, ...] = ()
    if asked is not None:  # the line itself moving is the answer, not a slip
        slips = tuple(s for s in newly_late(moved_lines(snapshot, baseline, plan))
                      if s.line != key)
    confident = _confident(snapshot, baseline, finish, key if asked is None else None)
    return PromiseAnswer(request, earliest <= request.requested_date, finish, earliest,
                         bottleneck, week, loads, slips, plan=plan, material=material,
                         planned_line=True, confident=confident)


def _confident(snapshot: PlantSnapshot, baseline: Plan, finish: datetime,
               line: LineKey | None) -> date | None:
    """The local date `finish` is 90 % likely met by: the plan's own range of `line` (an open
    line asked about as it stands), else the baseline's spread around `finish`."""
    span = baseline.line_range(line) if line is not None else None
    if span is None or span.p50 != finish:
        spread = baseline.spread
        if spread is None:
            return None
        span = spread.range(snapshot.now, finish)
    return baseline.local_date(span.p90)


def _order_line(snapshot: PlantSnapshot, key: LineKey) -> tuple[SalesOrder, OrderLine] | None:
    for order in snapshot.orders:
        if order.id == key[0]:
            for line in order.lines:
                if line.line_no == key[1]:
                    return order, line
    return None


def _as_asked(snapshot: PlantSnapshot, order: SalesOrder, line: OrderLine,
              request: PromiseRequest, asked_quantity: Decimal) -> PlantSnapshot | None:
    """The snapshot with the line as asked (quantity in the line's unit); None when that is
    the line as it stands."""
    key = (order.id, line.line_no)
    promised = snapshot.pending_promises.get(key, line.promised_date)
    new_date = request.requested_date not in {line.requested_date, promised}
    new_priority = request.priority != order.priority
    if asked_quantity == line.quantity and not new_date and not new_priority:
        return None
    changed = replace(order, lines=[replace(x, quantity=asked_quantity)
                                    if x.line_no == line.line_no else x for x in order.lines])
    promises = snapshot.pending_promises
    if new_date:  # the customer's new date, as it would be promised
        promises = {**promises, key: request.requested_date}
    return replace(snapshot, orders=[changed if o.id == order.id else o
                                     for o in snapshot.orders], pending_promises=promises)


def _jobs_as_asked(asked: PlantSnapshot, key: LineKey, priority: int | None) -> list[Job]:
    """The demand of the changed snapshot in dispatch order; a priority asked for goes to the
    work serving the line (not to its order's other lines, as the order's priority would)."""
    jobs = jobs_of(asked)
    if priority is not None:
        jobs = [replace(j, priority=priority) if key in j.lines else j for j in jobs]
    return dispatch_order(jobs)


def _binding_material(schedule: Schedule, placed: JobPlan) -> Shortage | None:
    """The shortage that decided the start: the request began at the first working moment
    after its material came (not later, which would mean it then waited for a machine)."""
    if not placed.shortages or placed.material_ready is None or not placed.operations:
        return None
    first = placed.operations[0]
    book = schedule.books[first.machine_id]
    if book.time.between(placed.material_ready.timestamp(), first.start.timestamp()) > WAITED:
        return None
    return max(placed.shortages, key=lambda s: (s.resolved_at is None,
                                                s.resolved_at or placed.material_ready))


def _request_number(snapshot: PlantSnapshot, key: LineKey | None) -> str:
    # Among equals, a request goes after the orders already there (its own number if it has
    # one); "~" sorts after every letter and digit.
    if key is not None:
        for order in snapshot.orders:
            if order.id == key[0]:
                return order.number
    return "~"


def _bottleneck(schedule: Schedule, placed: JobPlan) -> tuple[str | None, WeekLoad | None]:
    # Waiting for material is not waiting for a machine.
    ready = max(schedule.snapshot.now, placed.material_ready or schedule.snapshot.now)
    waits: list[tuple[float, str, datetime]] = []
    for op in placed.operations:
        waits.append(((op.start - ready).total_seconds(), op.work_center_id, op.start))
        ready = op.finish
    if not waits:
        return None, None
    longest = max(waits, key=lambda w: w[0])
    if longest[0] >= WAITED:
        center, at = longest[1], longest[2]
        return center, _week_load(schedule, center, _monday(schedule, at))
    # It never queued: name the busiest of its work centers in the week it was there.
    best: tuple[float, str, WeekLoad] | None = None
    for _, center, at in waits:
        load = _week_load(schedule, center, _monday(schedule, at))
        if best is None or load.load > best[0]:
            best = (load.load, center, load)
    assert best is not None
    return best[1], best[2]


def _monday(schedule: Schedule, at: datetime) -> date:
    local = at.astimezone(schedule.snapshot.zone).date()
    return local - timedelta(days=local.weekday())


def _week_load(schedule: Schedule, center: str, monday: date) -> WeekLoad:
    zone = schedule.snapshot.zone
    a = datetime.combine(monday, time(0), tzinfo=zone).timestamp()
    b = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=zone).timestamp()
    available = booked = 0.0
    for working, members in schedule.groups.get(center, ()):
        a_w, b_w = working.to_work(a), working.to_work(b)
        for _, book in members:
            available += b_w - a_w
            booked += book.busy_between(a_w, b_w)
    return WeekLoad(monday, booked / 3600, available / 3600)


def weekly_load(schedule: Schedule, center: str, weeks: int) -> tuple[WeekLoad, ...]:
    first = _monday(schedule, schedule.snapshot.now)
    return tuple(_week_load(schedule, center, first + timedelta(weeks=i)) for i in range(weeks))


@dataclass(frozen=True, slots=True)
class ExpediteEffect:
    work_order_id: str
    priority: int
    plan: Plan
    gains: tuple[LineShift, ...]  # lines that finish earlier
    losses: tuple[LineShift, ...]  # lines that finish later


def expedite_effect(snapshot: PlantSnapshot, work_order_id: str, priority: int,
                    baseline: Plan | None = None) -> ExpediteEffect:
    if baseline is None:
        baseline = plan_of(snapshot)[0].plan()
    changed = replace(snapshot, pending_priorities={**snapshot.pending_priorities,
                                                    work_order_id: priority})
    plan = plan_of(changed)[0].plan()
    shifts = moved_lines(snapshot, baseline, plan)
    return ExpediteEffect(work_order_id, priority, plan,
                          tuple(s for s in shifts if s.days < 0),
                          tuple(s for s in shifts if s.days > 0))
