"""Control charts of a characteristic from cached measurements, and the watch that finds new
rule violations on critical characteristics so the console can raise an alert for each.

The chart building is shared with the Quality view, so the alert and the chart a person opens
agree point for point. Pure: `app.runtime.spc_watch` reads the measurements and runs the
watch over the cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from app.analytics.impact import importance
from app.analytics.spc import ChartKind, ControlChart, Violation, i_mr, violations, xbar_r, xbar_s
from app.automation.alerts import AffectedOrder, Alert, AlertKind
from app.domain import Characteristic, Measurement

BASELINE_SUBGROUPS = 25
WATCH_SPAN = timedelta(days=7)
# On its first check the watch looks back this far: older violations were someone else's news.
FIRST_CHECK_LOOKBACK = timedelta(hours=2)  # older firings were seen before: no flood at start
MIN_POINTS = 2  # fewer cannot give a moving range or a spread


def default_chart(subgroup_size: int) -> ChartKind:
    return ChartKind.I_MR if subgroup_size <= 1 else ChartKind.XBAR_R


@dataclass(frozen=True, slots=True)
class PointGroup:
    """The measurements behind one chart point (indices into the list charted)."""

    members: tuple[int, ...]
    at: datetime  # when its first measurement was taken


def group_points(rows: Sequence[Measurement], choice: ChartKind,
                 subgroup_size: int) -> list[PointGroup]:
    """One point per measurement (I-MR) or per complete subgroup, in time order.

    Subgroups are the MES's subgroup numbers per machine; without numbers, consecutive runs of
    `subgroup_size`. Incomplete subgroups are left out: a subgroup still being measured (or cut
    by the window's start) would distort its range.
    """
    if choice is ChartKind.I_MR or subgroup_size <= 1:
        return [PointGroup((i,), m.measured_at) for i, m in enumerate(rows)]
    groups: dict[tuple[str | None, int], list[int]] = {}
    unnumbered: list[int] = []
    for i, m in enumerate(rows):
        if m.subgroup is None:
            unnumbered.append(i)
        else:
            groups.setdefault((m.machine_id, m.subgroup), []).append(i)
    chunks = list(groups.values())
    chunks += [unnumbered[s:s + subgroup_size]
               for s in range(0, len(unnumbered), subgroup_size)]
    complete = [c[:subgroup_size] for c in chunks if len(c) >= subgroup_size]
    complete.sort(key=lambda c: (rows[c[0]].measured_at, c[0]))
    return [PointGroup(tuple(c), rows[c[0]].measured_at) for c in complete]


def build_chart(values: np.ndarray, groups: Sequence[PointGroup], choice: ChartKind,
                baseline_points: int = BASELINE_SUBGROUPS) -> ControlChart | None:
    """The chart over `groups` of `values`, limits from its first `baseline_points` points;
    None with too few points."""
    if len(groups) < MIN_POINTS:
        return None
    baseline = slice(0, max(MIN_POINTS, min(baseline_points, len(groups))))
    if choice is ChartKind.I_MR:
        return i_mr(values[[g.members[0] for g in groups]], baseline)
    matrix = values[np.array([g.members for g in groups])]
    build = xbar_s if choice is ChartKind.XBAR_S else xbar_r
    return build(matrix, baseline)


def values_of(rows: Sequence[Measurement]) -> np.ndarray:
    return np.fromiter((float(m.value) for m in rows), dtype=float, count=len(rows))


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One pattern on the chart: the rule's firings merged while their windows overlap (the
    analytics report a run of 12 beyond a run-of-9 rule as four firings; a person sees one)."""

    rule: str
    description: str
    points: tuple[int, ...]  # positions in the series, sorted


def occurrences(found: Sequence[Violation]) -> list[Occurrence]:
    by_rule: dict[str, list[Violation]] = {}
    for v in found:
        by_rule.setdefault(v.rule, []).append(v)
    merged: list[Occurrence] = []
    for rule, hits in by_rule.items():
        current: set[int] = set()
        for v in sorted(hits, key=lambda h: h.index):
            points = set(v.points) | {v.index}
            if current and min(points) > max(current) + 1:
                merged.append(Occurrence(rule, hits[0].description, tuple(sorted(current))))
                current = set()
            current |= points
        if current:
            merged.append(Occurrence(rule, hits[0].description, tuple(sorted(current))))
    merged.sort(key=lambda o: (o.points[0], o.rule))
    return merged


# --- the watch ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpcFinding:
    """A new occurrence of a rule on a critical characteristic."""

    key: str  # characteristic + rule + first point time: the same occurrence, the same key
    source: str
    characteristic: Characteristic
    rule: str
    description: str
    since: datetime  # the first point of the violation
    machine_id: str | None  # where most of its points came from
    work_order_ids: tuple[str, ...]
    lot_ids: tuple[str, ...]


@dataclass(slots=True)
class WatchState:
    """What the watch has seen: keep it between checks."""

    checked_until: datetime | None = None  # the newest measurement looked at so far
    # (source, characteristic, rule) -> time of the last point of its latest occurrence: a
    # violation that starts at or before it continues that occurrence (a run growing longer).
    last_point: dict[tuple[str, str, str], datetime] = field(default_factory=dict)


def findings(source: str, ch: Characteristic, rows: list[Measurement], horizon: datetime,
             state: WatchState, rule_set: str) -> list[SpcFinding]:
    """New occurrences in `rows` (one characteristic's measurements, in time order) that end
    after `horizon`; `state` learns every occurrence seen."""
    choice = default_chart(ch.subgroup_size)
    groups = group_points(rows, choice, ch.subgroup_size)
    chart = build_chart(values_of(rows), groups, choice)
    if chart is None:
        return []
    found: list[SpcFinding] = []
    for occurrence in occurrences(violations(chart.primary, rule_set=rule_set)):
        # The chart may skip points (a missing value): map back to the groups charted.
        points = [int(chart.primary.point_index[p]) for p in occurrence.points]
        first, last = groups[points[0]].at, groups[points[-1]].at
        run = (source, ch.id, occurrence.rule)
        previous = state.last_point.get(run)
        if previous is not None and first <= previous:
            state.last_point[run] = max(previous, last)  # the same occurrence, grown
            continue
        state.last_point[run] = last
        if last <= horizon:
            continue  # it happened before the watch's position: known already
        found.append(_finding(source, ch, rows, groups, occurrence, points, first))
    return found


def _finding(source: str, ch: Characteristic, rows: list[Measurement],
             groups: list[PointGroup], occurrence: Occurrence, points: list[int],
             first: datetime) -> SpcFinding:
    behind = [rows[i] for p in points for i in groups[p].members]
    machines = [m.machine_id for m in behind if m.machine_id]
    machine = max(set(machines), key=machines.count) if machines else None
    return SpcFinding(
        key=f"{AlertKind.SPC_RULE}:{source}:{ch.id}:{occurrence.rule}:{first.isoformat()}",
        source=source, characteristic=ch, rule=occurrence.rule,
        description=occurrence.description, since=first, machine_id=machine,
        work_order_ids=tuple(sorted({m.work_order_id for m in behind if m.work_order_id})),
        lot_ids=tuple(sorted({m.lot_id for m in behind if m.lot_id})),
    )


def spc_alert(finding: SpcFinding, affected: Sequence[AffectedOrder], now: datetime
              ) -> Alert:
    """The SPC_RULE alert of a finding, with the open orders it affects (key accounts
    first)."""
    return Alert(
        key=finding.key, kind=AlertKind.SPC_RULE, source=finding.source,
        subject_id=finding.characteristic.id, subject_name=finding.characteristic.name,
        since=finding.since, raised_at=now, rule=finding.rule, machine_id=finding.machine_id,
        affected=tuple(sorted(affected, key=importance)))
