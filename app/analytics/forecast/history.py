"""Weekly demand per product from the CRM's order history.

A line counts in the ISO week (Monday to Sunday, local time at the site) of its order's
`created_at`: the week the demand became known. Created dates are used, not requested dates,
because
- the series is complete up to now: the requested dates of recent orders lie in the weeks
  ahead, so a requested-date series would end in weeks that are only partly known yet, and a
  model would read that as falling demand;
- `created_at` is a time the CRM stamps once, while requested dates are per line and get
  moved.
The time from order to requested date is kept as a lead time per product (`lead_weeks`), so
that forecast intake can be put in the week its work is due.

Cancelled orders are left out (the demand went away), and so are drafts (quotes: unconfirmed
demand is what the opportunities say)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from app.analytics.schedule.demand import to_product_unit
from app.domain import OrderStatus, Product, SalesOrder

NOT_DEMAND = frozenset({OrderStatus.CANCELLED, OrderStatus.DRAFT})


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_of(at: datetime, zone: ZoneInfo) -> date:
    """The Monday (local date at the site) of the ISO week `at` falls in."""
    return monday(at.astimezone(zone).date())


@dataclass(frozen=True, slots=True)
class DemandHistory:
    """Quantity ordered per product per week, in the product's unit; every week from the first
    week with any order up to the last complete week, weeks without orders as 0."""

    weeks: tuple[date, ...]  # Mondays
    series: dict[str, tuple[float, ...]]  # product id -> one value per week
    lead_weeks: dict[str, int]  # product id -> median weeks from order to requested date
    current: dict[str, float]  # product id -> ordered so far in the week of `now`
    problems: tuple[str, ...] = ()


def weekly_demand(orders: Iterable[SalesOrder], products: dict[str, Product], zone: ZoneInfo,
                  now: datetime) -> DemandHistory:
    """History up to (not including) the week of `now`: that week is not over yet."""
    this_week = week_of(now, zone)
    totals: dict[str, dict[date, float]] = defaultdict(lambda: defaultdict(float))
    leads: dict[str, list[int]] = defaultdict(list)
    current: dict[str, float] = defaultdict(float)
    problems: list[str] = []
    first: date | None = None
    for order in orders:
        if order.status in NOT_DEMAND:
            continue
        week = week_of(order.created_at, zone)
        if week > this_week:
            continue
        if week < this_week:
            first = week if first is None else min(first, week)
        for line in order.lines:
            product = products.get(line.product_id)
            quantity = (to_product_unit(product, line.quantity, line.unit)
                        if product is not None else line.quantity)
            if quantity is None:
                problems.append(f"{order.number}/{line.line_no}: no conversion from "
                                f"{line.unit} for {line.product_id}")
                continue
            if week == this_week:
                current[line.product_id] += float(quantity)
                continue
            totals[line.product_id][week] += float(quantity)
            leads[line.product_id].append((monday(line.requested_date) - week).days // 7)
    if first is None:
        return DemandHistory((), {}, {}, dict(current), tuple(problems))
    weeks = tuple(first + timedelta(weeks=i) for i in range((this_week - first).days // 7))
    series = {pid: tuple(by_week.get(w, 0.0) for w in weeks)
              for pid, by_week in sorted(totals.items())}
    lead = {pid: max(int(median(values)), 0) for pid, values in sorted(leads.items())}
    return DemandHistory(weeks, series, lead, dict(current), tuple(problems))
