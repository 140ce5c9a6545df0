"""What the scheduler predicts: start and finish of every open operation, hence a predicted
completion for every work order and order line. Plain frozen data; safe to hand across threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.analytics.schedule.materials import Shortage

LineKey = tuple[str, int]  # (order id, line number)


@dataclass(frozen=True, slots=True)
class PlannedOperation:
    job_id: str
    sequence: int
    work_center_id: str
    machine_id: str
    start: datetime
    finish: datetime
    running: bool = False  # already under way when the plan was made: never pre-empted


@dataclass(frozen=True, slots=True)
class JobPlan:
    """One unit of demand: an open work order, or the part of a confirmed order line that no
    work order covers yet (planned from its product's routing)."""

    job_id: str  # the work order id, or "line:<order id>:<line no>"
    product_id: str
    quantity: float  # still to make, in the product's unit
    priority: int
    need_date: date | None  # the promised date it works to (or due / requested date)
    work_order_id: str | None = None
    order_line: LineKey | None = None  # set for a planned line
    operations: tuple[PlannedOperation, ...] = ()
    finish: datetime | None = None  # None: could not be planned, see `problem`
    problem: str = ""
    # When its materials are all there (None: it needs none, or they are not tracked), and
    # what it waited for.
    material_ready: datetime | None = None
    shortages: tuple[Shortage, ...] = ()

    @property
    def start(self) -> datetime | None:
        return self.operations[0].start if self.operations else None


@dataclass(frozen=True, slots=True)
class DateRange:
    """A predicted completion with its uncertainty: 80 % of outcomes fall in [p10, p90]."""

    p10: datetime
    p50: datetime
    p90: datetime


@dataclass(frozen=True, slots=True)
class Spread:
    """How far P10 and P90 lie from now, as multiples of the P50's distance (the median over
    the plan's jobs): the range of a date the simulation did not plan (a what-if)."""

    low: float = 1.0
    high: float = 1.0

    def range(self, now: datetime, p50: datetime) -> DateRange:
        lead = p50 - now
        return DateRange(min(now + lead * self.low, p50), p50, max(now + lead * self.high, p50))


@dataclass(frozen=True, slots=True)
class Plan:
    made_at: datetime  # the "now" it starts from
    zone: ZoneInfo  # the site's time zone: completion dates are local dates there
    jobs: dict[str, JobPlan]
    # Every open order line that still needs production: when its last unit is predicted
    # done (None: some of it could not be planned). A line absent from it has nothing left to
    # make (its work orders are complete) or is not demand (cancelled, shipped, unpromised draft).
    line_finish: dict[LineKey, datetime | None]
    line_jobs: dict[LineKey, tuple[str, ...]] = field(default_factory=dict)
    # P10 and P90 of each job's and line's finish (app.analytics.schedule.completion_range);
    # empty: the plan was made without them (a what-if), and the P50 is all there is.
    job_ranges: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)
    line_ranges: dict[LineKey, tuple[datetime, datetime]] = field(default_factory=dict)
    spread: Spread | None = None

    def job_range(self, job_id: str) -> DateRange | None:
        job = self.jobs.get(job_id)
        if job is None or job.finish is None:
            return None
        low, high = self.job_ranges.get(job_id, (job.finish, job.finish))
        return DateRange(low, job.finish, high)

    def line_range(self, key: LineKey) -> DateRange | None:
        """The line's predicted completion with its range (None: no prediction)."""
        finish = self.line_finish.get(key)
        if finish is None:
            return None
        low, high = self.line_ranges.get(key, (finish, finish))
        return DateRange(low, finish, high)

    def work_order(self, work_order_id: str) -> JobPlan | None:
        return self.jobs.get(work_order_id)

    def line_completion_date(self, key: LineKey) -> date | None:
        """Local date at the site on which the line is predicted to be complete."""
        finish = self.line_finish.get(key)
        return finish.astimezone(self.zone).date() if finish is not None else None

    def local_date(self, t: datetime) -> date:
        return t.astimezone(self.zone).date()
