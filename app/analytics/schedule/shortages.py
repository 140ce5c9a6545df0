"""Items running short within the planning horizon: for each, what is on hand and expected,
what the plan takes, the first day it runs out (or below safety stock), and the order lines
whose work waits for it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from app.analytics.schedule.demand import jobs_of
from app.analytics.schedule.plan import LineKey, Plan
from app.analytics.schedule.snapshot import PlantSnapshot


@dataclass(frozen=True, slots=True)
class Receipt:
    purchase_order: str
    supplier: str
    quantity: float
    expected: date  # local date at the site


@dataclass(frozen=True, slots=True)
class ItemOutlook:
    item_id: str
    unit: str
    on_hand: float
    reserved: float
    safety_stock: float
    demand: float  # what the plan's jobs take over the horizon
    receipts: tuple[Receipt, ...]
    short_by: float  # demand not covered by stock and receipts (0: covered)
    below_safety_on: date | None  # first day the projected balance drops below safety stock
    waiting_lines: tuple[LineKey, ...]  # order lines whose work waits for this item
    waiting_jobs: tuple[str, ...]
    resolved_on: date | None  # when the last waiting job gets its material (None: never)

    @property
    def short(self) -> bool:
        return self.short_by > 0 or bool(self.waiting_jobs)


def item_outlook(snapshot: PlantSnapshot, plan: Plan) -> list[ItemOutlook]:
    """Every stocked item the plan uses or that has stock data, shortest first."""
    on_hand: dict[str, float] = defaultdict(float)
    reserved: dict[str, float] = defaultdict(float)
    safety: dict[str, float] = defaultdict(float)
    units: dict[str, str] = {}
    for level in snapshot.stock:
        on_hand[level.item_id] += float(level.on_hand)
        reserved[level.item_id] += float(level.reserved)
        safety[level.item_id] += float(level.safety_stock)
        units.setdefault(level.item_id, level.unit)
    receipts: dict[str, list[Receipt]] = defaultdict(list)
    for r in snapshot.receipts:
        if r.status == "open":
            receipts[r.item_id].append(Receipt(r.purchase_order, r.supplier, float(r.quantity),
                                               plan.local_date(r.expected_at)))
            units.setdefault(r.item_id, r.unit)
    # What each job takes and when (its first operation's start, or now).
    takes: dict[str, list[tuple[datetime, float]]] = defaultdict(list)
    for job in jobs_of(snapshot):
        placed = plan.jobs.get(job.job_id)
        when = placed.start if placed is not None and placed.start else plan.made_at
        for item, quantity in job.materials:
            takes[item].append((when, quantity))
    waiting: dict[str, list[tuple[str, datetime | None]]] = defaultdict(list)
    lines_of: dict[str, list[LineKey]] = defaultdict(list)
    for key, job_ids in plan.line_jobs.items():
        for job_id in job_ids:
            lines_of[job_id].append(key)
    for job_id, placed in plan.jobs.items():
        for short in placed.shortages:
            waiting[short.item_id].append((job_id, short.resolved_at))
    outlooks = []
    for item in sorted(set(on_hand) | set(receipts) | set(takes)):
        demand = sum(q for _, q in takes.get(item, ()))
        coming = sorted(receipts.get(item, ()), key=lambda r: r.expected)
        supply = on_hand.get(item, 0.0) + sum(r.quantity for r in coming)
        below = _first_below(on_hand.get(item, 0.0), safety.get(item, 0.0), coming,
                             takes.get(item, []), plan)
        jobs = waiting.get(item, [])
        resolved = [r for _, r in jobs]
        outlooks.append(ItemOutlook(
            item, units.get(item, ""), on_hand.get(item, 0.0), reserved.get(item, 0.0),
            safety.get(item, 0.0), demand, tuple(coming), max(demand - supply, 0.0), below,
            tuple(sorted({k for j, _ in jobs for k in lines_of.get(j, ())})),
            tuple(sorted({j for j, _ in jobs})),
            None if any(r is None for r in resolved) or not resolved
            else plan.local_date(max(r for r in resolved if r is not None))))
    outlooks.sort(key=lambda o: (not o.short, o.below_safety_on is None,
                                 o.below_safety_on or date.max, o.item_id))
    return outlooks


def _first_below(on_hand: float, safety: float, coming: list[Receipt],
                 takes: list[tuple[datetime, float]], plan: Plan) -> date | None:
    events = [(plan.local_date(t), -q) for t, q in takes]
    events += [(r.expected, r.quantity) for r in coming]
    balance = on_hand
    if balance < safety:
        return plan.local_date(plan.made_at)
    # Receipts of a day count before that day's issues: the truck comes in the morning.
    for day, change in sorted(events, key=lambda e: (e[0], -e[1])):
        balance += change
        if balance < safety - 1e-9:
            return day
    return None
