"""Demand against capacity, per work center and week, over the weeks ahead.

Demand comes in three kinds, kept apart so a planner sees how firm each hour is:
- firm: what the scheduler plans now (remaining work of open work orders, and the open order
  lines no work order covers yet), in the week of the date it works to (promised, else
  requested, else the work order's due date); overdue or undated work counts in this week;
- forecast: order intake forecast per product (history.py, model.py) from this week on, less
  what has been ordered already this week, moved by the product's lead time to the week its
  work is due;
- opportunities: open ones (not won, not lost), quantity × probability, in the week of
  their expected close (this week if that has passed).
Forecast and opportunity quantities become hours through the routing: setup once per product
and week, plus quantity × run time, over the run-time efficiency of the plan settings; made
components in the bill of materials are added as their own routings (gross: component stock is
not netted). Capacity is the machines' working time per week from the shift calendars, less
maintenance and the current downtime (app/analytics/schedule/supply.py), counted from now."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.analytics.forecast.history import DemandHistory, monday, week_of, weekly_demand
from app.analytics.forecast.model import (
    BAND_Z,
    FALLBACK_WEEKS,
    SEASON_WEEKS,
    SeriesForecast,
    forecast_series,
)
from app.analytics.schedule.demand import jobs_of, to_product_unit
from app.analytics.schedule.snapshot import PlantSnapshot
from app.analytics.schedule.supply import machine_working_time
from app.domain import Opportunity, OpportunityStage, Product

CLOSED_STAGES = frozenset({OpportunityStage.WON, OpportunityStage.LOST})
BOM_DEPTH = 6  # deeper than any real bill; stops a bill that names itself
EPSILON_HOURS = 1e-6


@dataclass(frozen=True, slots=True)
class WeekCapacity:
    week_start: date  # Monday, local date at the site
    firm_hours: float
    forecast_hours: float
    opportunity_hours: float
    available_hours: float

    @property
    def demand_hours(self) -> float:
        return self.firm_hours + self.forecast_hours + self.opportunity_hours

    @property
    def gap_hours(self) -> float:
        """Hours of demand beyond capacity (0 when it fits)."""
        gap = self.demand_hours - self.available_hours
        return gap if gap > EPSILON_HOURS else 0.0

    @property
    def short(self) -> bool:
        return self.gap_hours > 0


@dataclass(frozen=True, slots=True)
class Shortfall:
    work_center_id: str
    week_start: date
    demand_hours: float
    available_hours: float
    gap_hours: float


@dataclass(frozen=True, slots=True)
class ProductForecast:
    product_id: str
    history_weeks: tuple[date, ...]
    history: tuple[float, ...]
    weeks: tuple[date, ...]  # intake weeks forecast: this week on
    forecast: SeriesForecast
    lead_weeks: int  # intake in week w is work due in week w + lead_weeks
    ordered_this_week: float


@dataclass(frozen=True, slots=True)
class CapacityOutlook:
    weeks: tuple[date, ...]  # Mondays: this week, then the weeks ahead
    centers: dict[str, tuple[WeekCapacity, ...]]  # work center id -> one per week
    forecasts: dict[str, ProductForecast]  # product id -> its forecast
    history: DemandHistory
    problems: tuple[str, ...] = ()

    @property
    def shortfalls(self) -> tuple[Shortfall, ...]:
        found = [Shortfall(center, w.week_start, w.demand_hours, w.available_hours, w.gap_hours)
                 for center, weeks in self.centers.items() for w in weeks if w.short]
        return tuple(sorted(found, key=lambda s: (s.week_start, s.work_center_id)))

    def center_shortfalls(self, center: str) -> tuple[Shortfall, ...]:
        return tuple(s for s in self.shortfalls if s.work_center_id == center)


def routing_hours(products: dict[str, Product], product_id: str, quantity: float,
                  efficiency: float = 1.0, _depth: int = 0) -> dict[str, float]:
    """Hours per work center to make `quantity` (product unit) in one batch: setup plus
    quantity × run time per operation, and the same for made components of its bill."""
    hours: dict[str, float] = defaultdict(float)
    product = products.get(product_id)
    if product is None or quantity <= 0 or _depth > BOM_DEPTH:
        return hours
    for op in product.routing.operations:
        seconds = float(op.setup_minutes) * 60 + quantity * float(op.run_seconds_per_unit)
        hours[op.work_center_id] += seconds / efficiency / 3600
    for item in product.bom:
        component = products.get(item.component_id)
        if component is None or not component.routing.operations:
            continue  # bought, not made
        per_unit = to_product_unit(component, item.quantity_per_unit, item.unit)
        if per_unit is None:
            per_unit = item.quantity_per_unit
        for center, h in routing_hours(products, component.id, quantity * float(per_unit),
                                       efficiency, _depth + 1).items():
            hours[center] += h
    return hours


def available_hours(snapshot: PlantSnapshot, weeks: Iterable[date]
                    ) -> tuple[dict[str, list[float]], list[str]]:
    """Working hours per work center per week: the sum over its machines."""
    weeks = list(weeks)
    times, problems = snapshot.cached("supply", lambda: machine_working_time(snapshot))
    zone = snapshot.zone
    bounds = [datetime.combine(w, time(0), tzinfo=zone).timestamp() for w in weeks]
    bounds.append(datetime.combine(weeks[-1] + timedelta(weeks=1), time(0),
                                   tzinfo=zone).timestamp() if weeks else 0.0)
    hours: dict[str, list[float]] = {}
    for machine_id, center in sorted(snapshot.machines.items()):
        working = times.get(machine_id)
        row = hours.setdefault(center, [0.0] * len(weeks))
        if working is None:
            continue
        for i in range(len(weeks)):
            row[i] += working.between(bounds[i], bounds[i + 1]) / 3600
    return hours, list(problems)


def capacity_outlook(snapshot: PlantSnapshot, opportunities: Iterable[Opportunity] = (), *,
                     weeks: int = 12, season_length: int = SEASON_WEEKS,
                     fallback_weeks: int = FALLBACK_WEEKS, z: float = BAND_Z
                     ) -> CapacityOutlook:
    zone, products = snapshot.zone, snapshot.products
    efficiency = snapshot.settings.efficiency
    first = week_of(snapshot.now, zone)
    mondays = tuple(first + timedelta(weeks=i) for i in range(weeks))
    problems: list[str] = []

    def index(day: date | None) -> int | None:
        if day is None:
            return 0
        i = max((monday(day) - first).days // 7, 0)
        return i if i < weeks else None

    firm: dict[str, list[float]] = defaultdict(lambda: [0.0] * weeks)
    fore: dict[str, list[float]] = defaultdict(lambda: [0.0] * weeks)
    opp: dict[str, list[float]] = defaultdict(lambda: [0.0] * weeks)

    for job in jobs_of(snapshot):
        if job.problem:
            problems.append(job.problem)
        i = index(job.need_date)
        if i is None:
            continue
        for step in job.steps:
            firm[step.work_center_id][i] += step.seconds / 3600

    history = weekly_demand(snapshot.orders, products, zone, snapshot.now)
    problems.extend(history.problems)
    forecasts: dict[str, ProductForecast] = {}
    for pid, series in history.series.items():
        fc = forecast_series(series, weeks, season_length=season_length,
                             fallback_weeks=fallback_weeks, z=z)
        if fc is None:
            continue
        lead = history.lead_weeks.get(pid, 0)
        ordered = history.current.get(pid, 0.0)
        forecasts[pid] = ProductForecast(pid, history.weeks, series, mondays, fc, lead, ordered)
        if pid not in products:
            problems.append(f"product {pid} is not in the MES: its forecast has no routing")
            continue
        for j, quantity in enumerate(fc.mean):
            if j == 0:
                quantity = max(quantity - ordered, 0.0)  # the rest of it is firm already
            if j + lead >= weeks or quantity <= 0:
                continue
            for center, h in routing_hours(products, pid, quantity, efficiency).items():
                fore[center][j + lead] += h

    for o in opportunities:
        if o.stage in CLOSED_STAGES or o.probability <= 0:
            continue
        i = index(o.expected_close)
        product = products.get(o.product_id)
        if i is None or product is None:
            continue
        quantity = to_product_unit(product, o.quantity, o.unit)
        if quantity is None:
            problems.append(f"opportunity {o.name}: no conversion from {o.unit} for "
                            f"{o.product_id}")
            continue
        share = float(o.probability)
        for center, h in routing_hours(products, o.product_id, float(quantity),
                                       efficiency).items():
            opp[center][i] += h * share  # expected hours: probability × the order's hours

    available, supply_problems = available_hours(snapshot, mondays)
    problems.extend(supply_problems)
    centers: dict[str, tuple[WeekCapacity, ...]] = {}
    for center in sorted(set(available) | set(firm) | set(fore) | set(opp)):
        cap = available.get(center, [0.0] * weeks)
        f, g, o_ = firm.get(center), fore.get(center), opp.get(center)
        centers[center] = tuple(
            WeekCapacity(mondays[i], f[i] if f else 0.0, g[i] if g else 0.0,
                         o_[i] if o_ else 0.0, cap[i])
            for i in range(weeks))
    return CapacityOutlook(mondays, centers, forecasts, history,
                           tuple(dict.fromkeys(problems)))
