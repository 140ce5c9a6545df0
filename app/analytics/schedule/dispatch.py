"""The finite-capacity forward scheduler.

Rule: operations already under way stay on their machine and go first (no pre-emption). Then
jobs are taken in dispatch order — priority (1 first), then the promised date, then the order
number — and each operation, in routing sequence, goes to the machine of its work center where
it finishes earliest (ties: machine id), into the earliest free stretch of that machine's
working time that is long enough and starts after the previous operation finished. A job later
in the order may fill a gap left earlier, but never moves one placed before it. Same snapshot,
same plan.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime
from math import isqrt

from app.analytics.schedule.demand import Job, Step, jobs_in_dispatch_order
from app.analytics.schedule.floor_model import NO_HISTORY, FloorModel, floor_model
from app.analytics.schedule.materials import MaterialLedger, Shortage, SupplyBook
from app.analytics.schedule.plan import JobPlan, LineKey, Plan, PlannedOperation
from app.analytics.schedule.snapshot import PlantSnapshot
from app.analytics.schedule.supply import machine_working_time
from app.analytics.schedule.working_time import WorkingTime
from app.collector import collector_paused

BEYOND_HORIZON = "cannot be finished within the planning horizon"
# Working seconds: bookings closer than this are one busy stretch. Nobody plans work into a
# quarter of an hour left between two jobs, and the search for a free stretch then steps
# over real gaps only.
TOUCH = 15 * 60.0
# Size class c holds the needs n with 2**(c-1) <= int(n)**2 < 2**c, and every such need is at
# least SIZE_FLOOR[c] = isqrt(2**(c-1)) (exact integers: never above the need). Half-octave
# classes: the search then steps past gaps in [0.7 n, n) only, where whole octaves left every
# gap in [n / 2, n) to step over, more of them the more bookings a machine holds.
SIZE_FLOOR = tuple(float(isqrt(1 << (c - 1))) if c else 0.0 for c in range(256))


@dataclass(slots=True)
class MachineBook:
    """One machine's bookings, in its working seconds: sorted, non-overlapping."""

    time: WorkingTime
    starts: list[float] = field(default_factory=list)
    ends: list[float] = field(default_factory=list)
    # Size class c -> a working second before which every gap (after a booking ending
    # there) is shorter than SIZE_FLOOR[c]. Bookings only ever shrink gaps, so it stays true and
    # only moves forward: a late job's search skips the full stretch others already crossed.
    short_before: dict[int, float] = field(default_factory=dict)
    # The finish of the operation booked last here (POSIX seconds) and the datetime made for
    # it: the next one booked here often starts right then, and shares that datetime.
    last_finish: float = float("-inf")
    last_finish_dt: datetime | None = None

    def earliest(self, ready_w: float, need: float) -> float:
        """Earliest working second >= ready_w with `need` free working seconds after it."""
        starts, ends = self.starts, self.ends
        if not ends or ready_w >= ends[-1]:
            return ready_w  # the common case: after everything booked so far
        i = bisect_right(starts, ready_w)
        at = ready_w
        if i > 0 and ends[i - 1] > at:
            at = ends[i - 1]
        if i == len(starts) or at + need <= starts[i]:
            return at
        # Otherwise it starts at the end of the first booking j >= i followed by a gap long
        # enough. Gaps too short for need's size class are too short for need as well.
        # Plain loops: nearly every search ends at its first or second booking, where setting
        # up a C pipeline cost more than the search; islice(list, i, ...) also stepped through
        # the first i bookings each time, a cost that grew with the bookings, not the search.
        last = len(ends) - 1
        whole = int(need)
        if whole:
            size = (whole * whole).bit_length()
            shorter = SIZE_FLOOR[size]
            j = bisect_left(ends, self.short_before.get(size, -1.0))
            while j < last and ends[j] + shorter > starts[j + 1]:
                j += 1
            j = min(j, last)
            self.short_before[size] = ends[j]
            i = max(i, j)
        while i < last and ends[i] + need > starts[i + 1]:
            i += 1
        return ends[i]

    def busy_between(self, a_w: float, b_w: float) -> float:
        """Booked working seconds in [a_w, b_w) (working seconds too)."""
        busy = 0.0
        for i in range(bisect_right(self.ends, a_w), len(self.starts)):
            start, end = self.starts[i], self.ends[i]
            if start >= b_w:
                break
            busy += min(end, b_w) - max(start, a_w)
        return busy

    def book(self, start_w: float, end_w: float) -> None:
        starts, ends = self.starts, self.ends
        i = bisect_right(starts, start_w)
        joins_before = i > 0 and ends[i - 1] >= start_w - TOUCH
        joins_after = i < len(starts) and starts[i] <= end_w + TOUCH
        if joins_before and joins_after:
            ends[i - 1] = ends[i]
            del starts[i], ends[i]
        elif joins_before:
            ends[i - 1] = max(ends[i - 1], end_w)
        elif joins_after:
            starts[i] = start_w
        else:
            if i == 0:  # the free stretch before the first booking is no gap anyone checked
                self.short_before.clear()
            starts.insert(i, start_w)
            ends.insert(i, end_w)


@dataclass(slots=True)
class Schedule:
    """The state of a planning run; `plan()`, once every job is placed, freezes it."""

    snapshot: PlantSnapshot
    books: dict[str, MachineBook]
    # Work center id (or machine id, for an operation tied to its machine) -> machines to
    # choose from, grouped by shared working time.
    groups: dict[str, list[tuple[WorkingTime, list[tuple[str, MachineBook]]]]]
    problems: list[str]
    model: FloorModel = NO_HISTORY
    placed: dict[str, JobPlan] = field(default_factory=dict)
    line_jobs: dict[LineKey, tuple[str, ...]] = field(default_factory=dict)
    line_finish: dict[LineKey, datetime | None] = field(default_factory=dict)
    held: dict[tuple[str, int], PlannedOperation] = field(default_factory=dict)
    # Job id -> (when its materials are there, POSIX seconds; shortages on the way).
    materials: dict[str, tuple[float, list[Shortage]]] = field(default_factory=dict)

    def hold_running(self, job: Job) -> None:
        """Book the operations already under way, on their machine, from now."""
        now = self.snapshot.now.timestamp()
        for step in job.steps:
            if step.running:
                slot = self._slot(step.work_center_id, step.machine_id, now, step.seconds)
                if not isinstance(slot, str):
                    self.held[(job.job_id, step.sequence)] = self._book(job, step, slot)

    def place(self, job: Job) -> JobPlan:
        ready = self.snapshot.now.timestamp()
        material_ready, shortages = self.materials.get(job.job_id, (None, ()))
        if material_ready is not None:
            ready = max(ready, material_ready)
        operations: list[PlannedOperation] = []
        # `ready` as a datetime when the last operation booked here finished then: the next
        # operation often starts at that moment and the job finishes at it, and one shared
        # object is fewer to allocate and for the collector to walk at 8,000 work orders.
        ready_dt: datetime | None = None
        problem = job.problem
        under_way = job.under_way
        for step in job.steps if not problem else ():
            held = self.held.get((job.job_id, step.sequence)) if under_way else None
            if held is not None:
                operations.append(held)
                ready = max(ready, held.finish.timestamp())
                ready_dt = None
                continue
            slot = self._slot(step.work_center_id, None, ready, step.seconds)
            if isinstance(slot, str):
                problem = slot
                break
            operation = self._book(job, step, slot, ready_dt if slot[1] == ready else None)
            operations.append(operation)
            ready, ready_dt = slot[2], operation.finish
        if ready_dt is None and operations:
            ready_dt = _dt(ready)
        if self.model.urgent and operations and not problem:
            operations = self._stretched(job, operations)
            ready_dt = operations[-1].finish
        plan = JobPlan(
            job.job_id, job.product_id, job.quantity, job.priority, job.need_date,
            work_order_id=job.work_order_id, order_line=job.order_line,
            operations=tuple(operations),
            finish=None if problem else ready_dt if ready_dt is not None else self.snapshot.now,
            problem=problem,
            material_ready=_dt(material_ready) if material_ready is not None else None,
            shortages=tuple(shortages))
        self.placed[job.job_id] = plan
        # Each line's jobs and finish, kept up as its jobs are placed (not in a pass over all
        # lines at the end): nearly always one job per line, so a tuple, not a list per line.
        # A line with a job that could not be planned has no finish (None).
        line_jobs, line_finish = self.line_jobs, self.line_finish
        finish = plan.finish
        for key in job.lines:
            before = line_jobs.get(key)
            if before is None:
                line_jobs[key] = job.alone or (job.job_id,)
                line_finish[key] = finish
            else:
                line_jobs[key] = (*before, job.job_id)
                last = line_finish[key]
                line_finish[key] = None if last is None or finish is None else max(last, finish)
        return plan

    def _stretched(self, job: Job, operations: list[PlannedOperation]
                   ) -> list[PlannedOperation]:
        """The job's operations with each one's wait from now drawn out by the capacity more
        urgent orders, not placed yet, will take meanwhile (FloorModel.stretch: the longer the
        wait, the more of them reach the floor); its working time stays. Bookings are not
        moved: the jobs after it wait for those orders too, and are drawn out by their own
        priority."""
        now = self.snapshot.now.timestamp()
        ready = now
        out: list[PlannedOperation] = []
        for op in operations:
            start, finish = op.start.timestamp(), op.finish.timestamp()
            factor = self.model.stretch(op.work_center_id, job.priority, start - now)
            if op.running or factor == 1.0:
                out.append(op)
                ready = max(ready, finish)
                continue
            time = self.books[op.machine_id].time
            origin = time.to_work(now)
            work = time.between(start, finish)
            at = max(origin + (time.to_work(start) - origin) * factor, time.to_work(ready))
            new_start, new_finish = time.start_at(at), time.end_at(at + work)
            if new_start is None or new_finish is None:  # beyond the horizon: as planned
                out.append(op)
                ready = max(ready, finish)
                continue
            out.append(PlannedOperation(op.job_id, op.sequence, op.work_center_id,
                                        op.machine_id, _dt(new_start), _dt(new_finish)))
            ready = new_finish
        return out

    def _book(self, job: Job, step: Step, slot: tuple[str, float, float, float, float],
              start_dt: datetime | None = None) -> PlannedOperation:
        """`start_dt`: the start as a datetime, when the caller already has it."""
        machine_id, start, finish, start_w, end_w = slot
        book = self.books[machine_id]
        book.book(start_w, end_w)
        if start_dt is None:
            start_dt = (book.last_finish_dt if start == book.last_finish
                        else datetime.fromtimestamp(start, UTC))
        finish_dt = start_dt if finish == start else datetime.fromtimestamp(finish, UTC)
        book.last_finish, book.last_finish_dt = finish, finish_dt
        return PlannedOperation(job.job_id, step.sequence, step.work_center_id, machine_id,
                                start_dt, finish_dt, step.running)

    def _slot(self, center: str, fixed: str | None, ready: float, seconds: float
              ) -> tuple[str, float, float, float, float] | str:
        groups = self.groups.get(fixed if fixed is not None else center)
        if not groups:
            return f"no machine with working time in work center {center}"
        best: tuple[str, float, float, float, float] | None = None
        # Machines sharing one working time (same calendar, no maintenance of their own)
        # share the conversions; only their bookings differ.
        for time, members in groups:
            ready_w = time.to_work(ready)
            start_w = machine_id = None
            for m, book in members:
                ends = book.ends  # inlined common case: free after everything booked so far
                w = ready_w if not ends or ready_w >= ends[-1] else book.earliest(ready_w, seconds)
                if start_w is None or w < start_w:
                    start_w, machine_id = w, m
                    if w == ready_w:
                        break  # free at once: no machine of the group can start earlier
            finish = time.end_at(start_w + seconds)
            if finish is None:
                continue
            if best is None or (finish, machine_id) < (best[2], best[0]):
                start = time.start_at(start_w) if seconds > 0 else finish
                best = (machine_id, start if start is not None else finish, finish,
                        start_w, start_w + seconds)
        return best if best is not None else BEYOND_HORIZON

    def plan(self) -> Plan:
        """The plan of the run. It takes the schedule's own dicts, not copies (copying them
        touched thousands of entries again): nothing is placed after it."""
        return Plan(self.snapshot.now, self.snapshot.zone, self.placed, self.line_finish,
                    self.line_jobs)


def _dt(t: float) -> datetime:
    return datetime.fromtimestamp(t, UTC)


def new_schedule(snapshot: PlantSnapshot) -> Schedule:
    times, problems = snapshot.cached("supply", lambda: machine_working_time(snapshot))
    books = {m: MachineBook(t) for m, t in times.items()}
    groups: dict[str, list[tuple[WorkingTime, list[tuple[str, MachineBook]]]]] = {}
    for machine_id, center in sorted(snapshot.machines.items()):
        book = books.get(machine_id)
        if book is None:
            continue
        groups[machine_id] = [(book.time, [(machine_id, book)])]
        center_groups = groups.setdefault(center, [])
        for time, members in center_groups:
            if time is book.time:
                members.append((machine_id, book))
                break
        else:
            center_groups.append((book.time, [(machine_id, book)]))
    return Schedule(snapshot, books, groups, problems, floor_model(snapshot))


def dispatch_order(jobs: list[Job]) -> list[Job]:
    return sorted(jobs, key=Job.dispatch_key)


def ordered_jobs(snapshot: PlantSnapshot) -> list[Job]:
    """The snapshot's demand in dispatch order, made once (a what-if inserts into it)."""
    return jobs_in_dispatch_order(snapshot)


def with_job(ordered: list[Job], job: Job) -> list[Job]:
    """`ordered` with one more job where sorting would put it (after its equals)."""
    at = bisect_right(ordered, job.dispatch_key(), key=Job.dispatch_key)
    return [*ordered[:at], job, *ordered[at:]]


def run(schedule: Schedule, jobs: list[Job], ordered: bool = False) -> Schedule:
    """Plan `jobs` (already in dispatch order when `ordered`)."""
    ordered_list = jobs if ordered else dispatch_order(jobs)
    with collector_paused():
        return _run(schedule, ordered_list)


def _run(schedule: Schedule, ordered: list[Job]) -> Schedule:
    for job in ordered:  # operations under way keep their machine: booked before anything
        if job.under_way:
            schedule.hold_running(job)
    snapshot = schedule.snapshot
    ledger = MaterialLedger(snapshot.cached("materials", lambda: SupplyBook(
        snapshot.now, snapshot.stock, snapshot.receipts,
        {p.id: p.lead_time_days for p in snapshot.products.values()
         if p.lead_time_days is not None})))
    uncovered = snapshot.now.timestamp() + snapshot.settings.uncovered_material_days * 86400
    for job in ordered:
        if job.materials and ledger.tracked:  # handed out in dispatch order
            ready, shortages = ledger.allocate(job.materials)
            schedule.materials[job.job_id] = (ready if ready is not None else uncovered,
                                              shortages)
        schedule.place(job)
    return schedule


def make_plan(snapshot: PlantSnapshot) -> Plan:
    with collector_paused():
        return run(new_schedule(snapshot), ordered_jobs(snapshot), ordered=True).plan()
