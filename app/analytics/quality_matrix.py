"""Quality by line: one row per characteristic of a line or work center, with its capability
over the window, its rule violations, where its recent points head, and whether it is critical.

Pure: takes characteristics, their measurements and where each is made; returns rows, worst
first. The chart, the violations and the capability are computed exactly as the Quality view's
chart computes them (the same functions), so a row and the chart it opens agree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

import numpy as np

from app.analytics.quality_watch import (
    BASELINE_SUBGROUPS,
    PointGroup,
    build_chart,
    default_chart,
    group_points,
    occurrences,
    values_of,
)
from app.analytics.spc import Capability, ChartKind, ControlChart, capability, violations
from app.domain import Characteristic, Measurement, Product

CAPABLE_CPK = 1.33  # the usual demand on a running process; below it a row counts as weak
TREND_POINTS = 20  # chart points in a row's sparkline
TREND_TAIL = 5  # the newest points whose mean says where the process heads
TREND_SIGMAS = 1.0  # a tail mean this many sigmas off the centre line is a drift up or down


# --- what the chart and the Quality view share -------------------------------------------


@dataclass(frozen=True, slots=True)
class ChartViolation:
    """One rule occurrence on one panel of a chart, as chart points."""

    panel: str  # "primary" or "secondary"
    rule: str
    description: str  # the analytics' English wording, for logs
    points: tuple[int, ...]  # chart points involved, sorted


def chart_violations(chart: ControlChart) -> list[ChartViolation]:
    """Every Nelson rule occurrence on the chart's values, and points beyond the limits on its
    spread."""
    found: list[ChartViolation] = []
    panels = [("primary", chart.primary, None)]
    if chart.secondary is not None:
        # Run rules assume a normal, independent series: on a range chart only points beyond
        # the limits mean something.
        panels.append(("secondary", chart.secondary, "nelson-1"))
    for panel, series, only in panels:
        for o in occurrences(violations(series, rule_set="nelson")):
            if only is not None and o.rule != only:
                continue
            # The series may be shorter (a moving range): map back to chart points.
            points = tuple(sorted({int(series.point_index[p]) for p in o.points}))
            found.append(ChartViolation(panel, o.rule, o.description, points))
    return found


def window_capability(values: np.ndarray, ch: Characteristic, choice: ChartKind
                      ) -> Capability | None:
    """Capability of the charted values (in time order); the within sigma from subgroups of
    the characteristic's size, or moving ranges on an individuals chart."""
    if len(values) < 2:
        return None
    size = 1 if choice is ChartKind.I_MR else ch.subgroup_size
    lsl = float(ch.lsl) if ch.lsl is not None else None
    usl = float(ch.usl) if ch.usl is not None else None
    usable = len(values) - len(values) % size
    return capability(values[:usable], lsl, usl, subgroup_size=size)


def charted_values(values: np.ndarray, groups: Sequence[PointGroup]) -> np.ndarray:
    """The values behind the chart's points, in measurement order."""
    charted = sorted(i for g in groups for i in g.members)
    return values[charted] if charted else values


# --- the matrix --------------------------------------------------------------------------


class Status(IntEnum):
    """How a row stands, worst first (the value is the sort rank)."""

    OUT_OF_CONTROL_AND_WEAK = 0  # rule violations, and Cpk below CAPABLE_CPK
    OUT_OF_CONTROL = 1
    WEAK = 2  # in control, but Cpk below CAPABLE_CPK
    OK = 3
    NO_DATA = 4  # too few points in the window to chart


class Trend(IntEnum):
    DOWN = -1
    LEVEL = 0
    UP = 1


@dataclass(frozen=True, slots=True)
class MatrixRow:
    source: str
    characteristic: Characteristic
    work_center_id: str | None  # where its operation runs, from the product's routing
    line_id: str | None
    chart: ChartKind
    points: int  # chart points in the window (subgroups or measurements)
    measurements: int  # in the window
    cpk: float | None  # over the window, within-subgroup sigma (as the capability panel)
    ppk: float | None  # over the window, overall sigma
    violations: int  # rule occurrences in the window, as the chart lists them
    last_violation_at: datetime | None  # the newest point of any occurrence
    recent: tuple[float, ...]  # the newest chart values, oldest first
    centre: float | None
    ucl: float | None
    lcl: float | None
    trend: Trend
    status: Status

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.characteristic.id)

    @property
    def critical(self) -> bool:
        return self.characteristic.critical

    def sort_key(self) -> tuple:
        """Worst first: status, then critical before not, more violations, lower Cpk."""
        cpk = self.cpk if self.cpk is not None and math.isfinite(self.cpk) else math.inf
        return (int(self.status), not self.critical, -self.violations, cpk,
                self.characteristic.name, self.characteristic.id)


def work_centers_by_operation(products: Sequence[Product]) -> dict[tuple[str, int], str]:
    """(product id, operation sequence) -> work center, from the routings."""
    return {(p.id, op.sequence): op.work_center_id
            for p in products for op in p.routing.operations}


def matrix_rows(source: str, characteristics: Sequence[Characteristic],
                measurements: Mapping[str, Sequence[Measurement]],
                work_center_of: Mapping[tuple[str, int], str],
                line_of: Mapping[str, str],
                baseline_points: int = BASELINE_SUBGROUPS) -> list[MatrixRow]:
    """A row per characteristic, worst first. `measurements` holds each characteristic's
    measurements in the window, in time order (missing: none)."""
    rows = []
    for ch in characteristics:
        wc = work_center_of.get((ch.product_id, ch.operation_sequence))
        rows.append(_row(source, ch, list(measurements.get(ch.id, ())), wc,
                         line_of.get(wc) if wc is not None else None, baseline_points))
    rows.sort(key=MatrixRow.sort_key)
    return rows


def _row(source: str, ch: Characteristic, taken: list[Measurement], wc: str | None,
         line: str | None, baseline_points: int) -> MatrixRow:
    choice = default_chart(ch.subgroup_size)
    values = values_of(taken)
    groups = group_points(taken, choice, ch.subgroup_size)
    chart = build_chart(values, groups, choice, baseline_points) if taken else None
    cap = window_capability(charted_values(values, groups), ch, choice) if taken else None
    cpk = cap.cpk if cap is not None else None
    ppk = cap.ppk if cap is not None else None
    if chart is None:
        return MatrixRow(source, ch, wc, line, choice, len(groups), len(taken), cpk, ppk, 0,
                         None, (), None, None, None, Trend.LEVEL, Status.NO_DATA)
    found = chart_violations(chart)
    last = max((groups[v.points[-1]].at for v in found), default=None)
    series = chart.primary
    limits = series.limits
    recent = tuple(float(v) for v in series.values[-TREND_POINTS:])
    weak = cpk is not None and math.isfinite(cpk) and cpk < CAPABLE_CPK
    if found:
        status = Status.OUT_OF_CONTROL_AND_WEAK if weak else Status.OUT_OF_CONTROL
    else:
        status = Status.WEAK if weak else Status.OK
    return MatrixRow(source, ch, wc, line, choice, len(groups), len(taken), cpk, ppk,
                     len(found), last, recent, _finite(limits.center), _finite(limits.ucl),
                     _finite(limits.lcl), _trend(series.values, limits.center, limits.sigma),
                     status)


def _finite(value: float | np.ndarray | None) -> float | None:
    """A limit as one number: the newest point's where limits vary by point."""
    if value is None:
        return None
    last = float(np.asarray(value, dtype=float).ravel()[-1])
    return last if math.isfinite(last) else None


def _trend(values: np.ndarray, centre: float, sigma: float) -> Trend:
    """Where the newest points sit against the centre line, in the chart's sigmas."""
    tail = np.asarray(values[-TREND_TAIL:], dtype=float)
    tail = tail[np.isfinite(tail)]
    if not tail.size or not (math.isfinite(centre) and math.isfinite(sigma) and sigma > 0):
        return Trend.LEVEL
    shift = (float(tail.mean()) - centre) / sigma
    if shift >= TREND_SIGMAS:
        return Trend.UP
    if shift <= -TREND_SIGMAS:
        return Trend.DOWN
    return Trend.LEVEL
