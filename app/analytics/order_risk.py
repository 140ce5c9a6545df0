"""Will an order line ship on time? Its risk level and the reasons, in words.

Levels, worst first:

- late: (a) the scheduler predicts completion (a local date at the site) after the promised
  date — "predicted 12 Mar, 3 days after the promised 9 Mar"; or the promised (else requested)
  date has passed and the line is not complete.
- at risk: (a') predicted on time, but the prediction's P90 (the date it is 90 % likely to be
  complete by) is after the promised date — "90 % likely by 14 Mar, after the promised 12
  Mar"; (b) a machine the line needs is down for longer than its slack — "M-212 down 5 h,
  slack 3 h" — where slack = end of the promised (else requested) day at the site minus
  predicted completion (none left when the line is predicted late), and the machines needed
  are those its linked open work orders wait on, as `app.analytics.impact` decides for the
  machine-down alert and the machine detail (the operation's machine, else the plan's, else
  every machine of its work center), so every view names the same lines; (c) no work order is linked
  and the promised (else requested) date is within `due_within_days` (default 3) —
  "no work order, due in 2 days"; (d) its work waits for a material not in stock —
  "waiting for RM-BRG until 29 Nov"; or the scheduler could not plan it.
- on track: none of those.
- done: everything made or shipped, or the order shipped, closed or cancelled.

Pure: takes the records and the Plan; "now" is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from app.analytics.fulfilment import (
    LineKey,
    LineProgress,
    Link,
    Reason,
    Value,
    reasons_text,
)
from app.analytics.impact import machines_by_center, machines_waited_on, planned_machines
from app.analytics.schedule.plan import Plan
from app.domain import (
    Equipment,
    MachineState,
    MachineStatus,
    OrderLine,
    OrderStatus,
    SalesOrder,
    WorkOrder,
)

DUE_WITHIN_DAYS = 3
_NO_TIME = timedelta(0)


class RiskLevel(StrEnum):
    LATE = "late"
    AT_RISK = "at_risk"
    ON_TRACK = "on_track"
    DONE = "done"


# Worst first: sorting by rank puts what needs attention on top.
RISK_RANK: dict[RiskLevel, int] = {level: n for n, level in enumerate(RiskLevel)}

TEMPLATES: dict[str, str] = {
    "predicted_late_1": "predicted {predicted}, 1 day after the promised {promised}",
    "predicted_late": "predicted {predicted}, {days} days after the promised {promised}",
    "past_due_1": "1 day past due ({due}), {done} of {ordered} {unit} done",
    "past_due": "{days} days past due ({due}), {done} of {ordered} {unit} done",
    "machine_down": "{machine} down {down}, slack {slack}",
    "no_work_order_today": "no work order, due today",
    "no_work_order_1": "no work order, due tomorrow",
    "no_work_order": "no work order, due in {days} days",
    "waiting_material": "waiting for {item} until {until}",
    "waiting_material_none": "waiting for {item}: no receipt expected",
    "unplanned": "the scheduler could not plan it",
    "unplanned_because": "the scheduler could not plan it: {problem}",
    "predicted_on_time": "predicted {predicted}, promised {promised}",
    "likely_late": "90 % likely by {latest}, after the promised {promised}",
    "predicted_range": "predicted {predicted}, 90 % likely by {latest}, promised {promised}",
    "no_prediction": "no predicted completion yet",
    "no_work_order_yet": "no work order yet, due {due}",
    "draft": "draft without a promised date",
    "shipped": "all {ordered} {unit} shipped",
    "made": "all made, {shipped} of {ordered} {unit} shipped",
    "order_shipped": "order shipped",
    "order_closed": "order closed",
    "order_cancelled": "order cancelled",
}


# Reasons without values are the same every time: one shared object each ("order shipped"
# is the reason of tens of thousands of lines).
_PLAIN: dict[str, Reason] = {code: Reason(code, text) for code, text in TEMPLATES.items()}


def _reason(code: str, **values: Value) -> Reason:
    if not values:
        return _PLAIN[code]
    return _shared(code, tuple(values.items()))


@lru_cache(maxsize=8192)
def _shared(code: str, values: tuple[tuple[str, Value], ...]) -> Reason:
    """Equal reasons are one object: most lines' reasons repeat (the same predicted and
    promised dates, "no work order yet, due 9 Mar"), which saves making and holding them."""
    return Reason(code, TEMPLATES[code], values)


class LineRisk(NamedTuple):  # a NamedTuple, like LineProgress: one per line
    level: RiskLevel
    reasons: tuple[Reason, ...]
    predicted: datetime | None = None  # predicted completion (UTC), from the plan
    predicted_date: date | None = None  # its local date at the site
    # The local dates of the prediction's P10 and P90 (the plan's range; the P50's date when
    # the plan has none): 80 % of outcomes fall between them.
    earliest_date: date | None = None
    latest_date: date | None = None

    @property
    def reason(self) -> str:
        return reasons_text(self.reasons)


@dataclass(frozen=True, slots=True)
class RiskContext:
    """What every line's risk is weighed against."""

    now: datetime
    zone: ZoneInfo  # the site's: "today" and the end of a promised day are local there
    plan: Plan | None = None
    work_orders: Mapping[str, WorkOrder] = field(default_factory=dict)
    statuses: Mapping[str, MachineStatus] = field(default_factory=dict)  # by machine id
    machines_of_center: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    due_within_days: int = DUE_WITHIN_DAYS
    # Worked out once, not once per line: a risk pass weighs 100,000 lines against the same
    # clock, machines and work orders.
    today: date = field(init=False, compare=False)
    down: frozenset[str] = field(init=False, compare=False)  # machines down now
    # How long the machine down longest has been down: a line with more slack than this
    # cannot be at risk for (b), and most lines are passed without looking at their machines.
    longest_down: timedelta = field(init=False, compare=False, repr=False)
    _day_ends: dict[date, datetime] = field(init=False, compare=False, repr=False)
    _wo_machines: dict[str, tuple[str, ...]] = field(init=False, compare=False, repr=False)
    _wo_down: dict[str, tuple[str, ...]] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: the derived fields are set once, here
        set_(self, "today", self.now.astimezone(self.zone).date())
        set_(self, "down", frozenset(m for m, s in self.statuses.items()
                                     if s.state == MachineState.DOWN))
        set_(self, "longest_down", max((self.now - self.statuses[m].since for m in self.down),
                                       default=_NO_TIME))
        set_(self, "_day_ends", {})
        set_(self, "_wo_machines", {})
        set_(self, "_wo_down", {})

    def end_of_day(self, day: date) -> datetime:
        end = self._day_ends.get(day)
        if end is None:
            end = self._day_ends[day] = datetime.combine(day + timedelta(days=1), time(0),
                                                         tzinfo=self.zone)
        return end

    def work_order_machines(self, work_order_id: str) -> tuple[str, ...]:
        """Machines of the operations still to do of an open work order (none when it is not
        open or not known), in operation order; worked out once per work order."""
        found = self._wo_machines.get(work_order_id)
        if found is None:
            found = self._wo_machines[work_order_id] = self._machines_of(work_order_id)
        return found

    def work_order_down(self, work_order_id: str) -> tuple[str, ...]:
        """work_order_machines that are down now; worked out once per work order."""
        found = self._wo_down.get(work_order_id)
        if found is None:
            found = self._wo_down[work_order_id] = tuple(
                m for m in self.work_order_machines(work_order_id) if m in self.down)
        return found

    def _machines_of(self, work_order_id: str) -> tuple[str, ...]:
        wo = self.work_orders.get(work_order_id)
        if wo is None:
            return ()
        return machines_waited_on(wo, planned_machines(self.plan, wo.id),
                                  self.machines_of_center)


def risk_context(now: datetime, zone: ZoneInfo, *, plan: Plan | None = None,
                 work_orders: Sequence[WorkOrder] | Mapping[str, WorkOrder] = (),
                 statuses: Sequence[MachineStatus] = (),
                 equipment: Sequence[Equipment] = (),
                 due_within_days: int = DUE_WITHIN_DAYS) -> RiskContext:
    return RiskContext(
        now=now, zone=zone, plan=plan,
        work_orders=work_orders if isinstance(work_orders, Mapping)  # already by id
        else {wo.id: wo for wo in work_orders},
        statuses={s.id: s for s in statuses},
        machines_of_center=machines_by_center(equipment),
        due_within_days=due_within_days)


def machines_needed(key: LineKey, links: Sequence[Link], ctx: RiskContext) -> list[str]:
    """Machines the line's linked open work orders wait on (`app.analytics.impact`); `key` is
    the line's, kept for callers."""
    needed: dict[str, None] = {}
    for link in links:
        needed.update(dict.fromkeys(ctx.work_order_machines(link.work_order_id)))
    return list(needed)


def _down_needed(links: Sequence[Link], ctx: RiskContext) -> list[str]:
    """The machines of machines_needed() that are down now, sorted; without building the
    whole list for each line."""
    down: set[str] = set()
    for link in links:
        down.update(ctx.work_order_down(link.work_order_id))
    return sorted(down)


def material_waits(plan: Plan, key: LineKey) -> list[tuple[str, date | None]]:
    """Items the line's work waits for, each with the local date the wait ends (None: no
    expected receipt covers it)."""
    waits: dict[str, date | None] = {}
    for job_id in plan.line_jobs.get(key, ()):
        job = plan.jobs.get(job_id)
        for short in job.shortages if job is not None else ():
            until = plan.local_date(short.resolved_at) if short.resolved_at else None
            if short.item_id not in waits or until is None:
                waits[short.item_id] = until
            elif waits[short.item_id] is not None:
                waits[short.item_id] = max(waits[short.item_id], until)
    return sorted(waits.items())


def line_risk(order: SalesOrder, line: OrderLine, links: Sequence[Link],
              progress: LineProgress, ctx: RiskContext) -> LineRisk:
    key = (order.id, line.line_no)
    done = _done(order, progress)
    if done is not None:
        return done
    if order.status == OrderStatus.DRAFT and line.promised_date is None:
        return LineRisk(RiskLevel.ON_TRACK, (_reason("draft"),))

    plan = ctx.plan
    span = plan.line_range(key) if plan is not None else None
    predicted = span.p50 if span is not None else None
    predicted_date = predicted.astimezone(ctx.zone).date() if predicted is not None else None
    earliest = span.p10.astimezone(ctx.zone).date() if span is not None else None
    latest = span.p90.astimezone(ctx.zone).date() if span is not None else None
    promised = line.promised_date
    due = promised or line.requested_date
    today = ctx.today
    late: list[Reason] = []
    risky: list[Reason] = []
    fine: list[Reason] = []

    # (a) predicted after the promised date
    if predicted_date is not None and promised is not None:
        days = (predicted_date - promised).days
        if days > 0:
            late.append(_reason("predicted_late_1" if days == 1 else "predicted_late",
                                predicted=predicted_date, days=days, promised=promised))
        elif latest is not None and latest > promised:
            # (a') likely on time, but one outcome in ten or more is later than the promise:
            # flagged now, while there is time to act.
            risky.append(_reason("likely_late", latest=latest, promised=promised))
        elif latest is not None and latest > predicted_date:
            fine.append(_reason("predicted_range", predicted=predicted_date, latest=latest,
                                promised=promised))
        else:
            fine.append(_reason("predicted_on_time", predicted=predicted_date,
                                promised=promised))
    # past the date, not complete
    overdue = (today - due).days
    if overdue > 0 and not late:
        late.append(_reason("past_due_1" if overdue == 1 else "past_due", days=overdue, due=due,
                            done=progress.done, ordered=progress.ordered, unit=progress.unit))
    # (b) a machine it needs is down for longer than the slack; a line predicted late has
    # none left, and its down machine is named too (only worked out when some machine is
    # down at all: usually none is)
    if predicted is not None and ctx.down:
        slack = max(ctx.end_of_day(due) - predicted, _NO_TIME)
        if slack < ctx.longest_down:
            for machine in _down_needed(links, ctx):
                down = ctx.now - ctx.statuses[machine].since
                if down > slack:
                    risky.append(_reason("machine_down", machine=machine, down=down,
                                         slack=slack))
    # (c) nothing makes it, and it is due soon
    if not links:
        until = (due - today).days
        if 0 <= until <= ctx.due_within_days:
            code = {0: "no_work_order_today", 1: "no_work_order_1"}.get(until, "no_work_order")
            risky.append(_reason(code, days=until))
        elif until > ctx.due_within_days:
            fine.append(_reason("no_work_order_yet", due=due))
    # (d) its work waits for material
    if plan is not None and key in plan.line_jobs:
        for item, until in material_waits(plan, key):
            risky.append(_reason("waiting_material", item=item, until=until) if until
                         else _reason("waiting_material_none", item=item))
    # the scheduler gave up on it
    if predicted is None and plan is not None and key in plan.line_finish:
        problem = next((plan.jobs[j].problem for j in plan.line_jobs.get(key, ())
                        if j in plan.jobs and plan.jobs[j].problem), "")
        risky.append(_reason("unplanned_because", problem=problem) if problem
                     else _reason("unplanned"))

    if late:
        level, reasons = RiskLevel.LATE, late + risky
    elif risky:
        level, reasons = RiskLevel.AT_RISK, risky
    else:
        level, reasons = RiskLevel.ON_TRACK, fine or [_reason("no_prediction")]
    return LineRisk(level, tuple(reasons), predicted, predicted_date, earliest, latest)


def _done(order: SalesOrder, progress: LineProgress) -> LineRisk | None:
    if order.status == OrderStatus.CANCELLED:
        return _DONE_PLAIN["order_cancelled"]
    ordered = progress.ordered
    if ordered > 0 and progress.shipped >= ordered:
        return _done_risk("shipped", (("ordered", ordered), ("unit", progress.unit)))
    if order.status == OrderStatus.SHIPPED:
        return _DONE_PLAIN["order_shipped"]
    if order.status == OrderStatus.CLOSED:
        return _DONE_PLAIN["order_closed"]
    if progress.complete:
        return _done_risk("made", (("shipped", progress.shipped), ("ordered", ordered),
                                   ("unit", progress.unit)))
    return None


# A third of a plant's lines are usually done, with one of few reasons each: their risks are
# shared objects too, like the reasons.
_DONE_PLAIN = {code: LineRisk(RiskLevel.DONE, (_PLAIN[code],))
               for code in ("order_cancelled", "order_shipped", "order_closed")}


@lru_cache(maxsize=8192)
def _done_risk(code: str, values: tuple[tuple[str, Value], ...]) -> LineRisk:
    return LineRisk(RiskLevel.DONE, (_shared(code, values),))


def site_zone(time_zone: str | None) -> ZoneInfo:
    """The site's zone; UTC when the MES names none (or one this machine does not know)."""
    if time_zone:
        try:
            return ZoneInfo(time_zone)
        except (KeyError, ValueError):
            pass
    return ZoneInfo("UTC")

