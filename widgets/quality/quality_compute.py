"""Everything the Quality view shows for one selection, computed in a worker from the cache:
the control chart, its violations with the measurements behind them, capability, histogram
values and the defect Pareto. No Qt here.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

import numpy as np

from app.analytics.order_risk import site_zone
from app.analytics.pareto import ParetoBar, pareto
from app.analytics.quality_matrix import chart_violations, charted_values, window_capability
from app.analytics.quality_watch import (
    BASELINE_SUBGROUPS,
    PointGroup,
    build_chart,
    group_points,
    values_of,
)
from app.analytics.spc import Capability, ChartKind, ControlChart, Limits
from app.cache.queries import defects, measurements
from app.cache.store import CacheStore
from app.domain import Characteristic, Measurement


class Window(StrEnum):
    LAST_8H = "8h"
    LAST_24H = "24h"
    LAST_7D = "7d"
    ALL = "all"


WINDOW_SPANS: dict[Window, timedelta | None] = {
    Window.LAST_8H: timedelta(hours=8),
    Window.LAST_24H: timedelta(hours=24),
    Window.LAST_7D: timedelta(days=7),
    Window.ALL: None,
}


@dataclass(frozen=True, slots=True)
class Selection:
    source: str
    characteristic_id: str
    machine_id: str | None  # None: every machine
    window: Window
    chart: ChartKind


@dataclass(frozen=True, slots=True)
class FrozenLimits:
    """Limits held until the person presses "Recompute limits", and what they came from."""

    selection: Selection
    primary: Limits
    secondary: Limits | None
    baseline_points: int


@dataclass(frozen=True, slots=True)
class PointDetail:
    measured_at: datetime
    value: float
    lot: str  # lot number where the cache knows the lot, else its id
    work_order: str
    machine: str


@dataclass(frozen=True, slots=True)
class ViolationItem:
    panel: str  # "primary" or "secondary"
    rule: str  # "nelson-2": its words come from the view, in the person's language
    description: str  # the analytics' English wording, for logs
    points: tuple[int, ...]  # chart points involved, the triggering one included
    first_at: datetime


@dataclass(slots=True)
class QualityResult:
    selection: Selection
    characteristic: Characteristic
    machines: list[tuple[str, str]]  # (id, name) of machines with data in the window
    measurement_count: int  # in the window, for the chosen machine(s)
    chart: ControlChart | None = None  # None: too few points to chart
    groups: list[PointGroup] = field(default_factory=list)
    details: list[PointDetail] = field(default_factory=list)  # per measurement charted
    violations: list[ViolationItem] = field(default_factory=list)
    values: np.ndarray = field(default_factory=lambda: np.empty(0))
    capability: Capability | None = None
    pareto: list[ParetoBar] = field(default_factory=list)
    limits: FrozenLimits | None = None
    zone: str = "UTC"  # the site's time zone (IANA name), for a time axis

    def point_times(self) -> np.ndarray:
        """Seconds since the epoch of each chart point (its first measurement)."""
        return np.fromiter((g.at.timestamp() for g in self.groups), dtype=float,
                           count=len(self.groups))

    def points_behind(self, chart_points: tuple[int, ...]) -> list[PointDetail]:
        """The measurements behind these chart points, in time order."""
        rows = [self.details[i] for p in sorted(set(chart_points))
                for i in self.groups[p].members]
        return sorted(rows, key=lambda d: d.measured_at)


def compute(store: CacheStore, selection: Selection, characteristic: Characteristic,
            product_id: str, now: datetime, frozen: FrozenLimits | None,
            baseline_points: int = BASELINE_SUBGROUPS) -> QualityResult:
    """The view's data for `selection`. With `frozen` limits of the same selection, the chart
    keeps them (new data is judged against the limits the person accepted)."""
    span = WINDOW_SPANS[selection.window]
    start = None if span is None else now - span
    source = selection.source
    every = measurements(store, source, selection.characteristic_id, start=start)
    names = _names(store, source, "mes.equipment",
                   {m.machine_id for m in every if m.machine_id}, "name")
    machines = sorted(((mid, names.get(mid, mid)) for mid in
                       {m.machine_id for m in every if m.machine_id}), key=lambda x: x[1])
    rows = [m for m in every
            if selection.machine_id is None or m.machine_id == selection.machine_id]
    result = QualityResult(selection, characteristic, machines, len(rows))
    sites = sorted(store.all(source, "mes.sites"), key=lambda site: site.id)
    result.zone = site_zone(sites[0].time_zone if sites else None).key
    result.pareto = defect_pareto(store, source, start, product_id, selection.machine_id)
    if not rows:
        return result

    values = values_of(rows)
    groups = group_points(rows, selection.chart, characteristic.subgroup_size)
    chart = build_chart(values, groups, selection.chart, baseline_points)
    result.details = _details(store, source, rows, names)
    result.groups = groups
    result.values = charted_values(values, groups)
    result.capability = window_capability(result.values, characteristic, selection.chart)
    if chart is None:
        return result
    if frozen is not None and frozen.selection == selection:
        chart = _with_limits(chart, frozen)
        result.limits = frozen
    else:
        result.limits = FrozenLimits(
            selection, chart.primary.limits,
            chart.secondary.limits if chart.secondary is not None else None,
            min(baseline_points, len(groups)))
    result.chart = chart
    result.violations = _violations(chart, groups)
    return result


def _with_limits(chart: ControlChart, frozen: FrozenLimits) -> ControlChart:
    primary = dataclasses.replace(chart.primary, limits=frozen.primary)
    secondary = chart.secondary
    if secondary is not None and frozen.secondary is not None:
        secondary = dataclasses.replace(secondary, limits=frozen.secondary)
    return dataclasses.replace(chart, primary=primary, secondary=secondary)


def _violations(chart: ControlChart, groups: list[PointGroup]) -> list[ViolationItem]:
    # The same occurrences the quality matrix counts for this characteristic.
    items = [ViolationItem(v.panel, v.rule, v.description, v.points, groups[v.points[0]].at)
             for v in chart_violations(chart)]
    items.sort(key=lambda item: (item.first_at, item.panel, item.rule))
    return items


def defect_pareto(store: CacheStore, source: str, start: datetime | None, product_id: str,
                  machine_id: str | None) -> list[ParetoBar]:
    totals: dict[str, tuple[float, int]] = defaultdict(lambda: (0.0, 0))
    for record in defects(store, source, start=start, product_id=product_id,
                          machine_id=machine_id):
        value, count = totals[record.code]
        totals[record.code] = (value + float(record.quantity), count + 1)
    return pareto(dict(totals))


def _names(store: CacheStore, source: str, feed: str, ids: set[str], attribute: str
           ) -> dict[str, str]:
    if not ids:
        return {}
    return {r.id: getattr(r, attribute) for r in store.get_many(source, feed, sorted(ids))}


def _details(store: CacheStore, source: str, rows: list[Measurement],
             machines: dict[str, str]) -> list[PointDetail]:
    lots = _names(store, source, "mes.lots", {m.lot_id for m in rows if m.lot_id}, "number")
    orders = _names(store, source, "mes.work_orders",
                    {m.work_order_id for m in rows if m.work_order_id}, "number")
    return [PointDetail(
        m.measured_at, float(m.value),
        lots.get(m.lot_id, m.lot_id) if m.lot_id else "",
        orders.get(m.work_order_id, m.work_order_id) if m.work_order_id else "",
        machines.get(m.machine_id, m.machine_id) if m.machine_id else "",
    ) for m in rows]
