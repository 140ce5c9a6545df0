"""Reliability figures per machine and per machine type (work center): MTBF, MTTR and the
failure modes by reason. The one place these figures are computed.

MTBF is operating hours per failure over the history (planned maintenance is neither a failure
nor operating time); MTTR is the mean time from a failure until the machine left the down
state, over repairs that are finished.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.analytics.maintenance.history import FailureHistory


@dataclass(frozen=True, slots=True)
class FailureMode:
    reason: str
    failures: int
    share: float  # of the failures of the machine (or type)
    repair_hours: float  # mean


@dataclass(frozen=True, slots=True)
class ReliabilityFigures:
    key: str  # machine id, or work center id for a machine type
    machines: int
    failures: int
    operating_hours: float
    mtbf_hours: float | None  # None: no failure yet
    mttr_hours: float | None  # None: no finished repair
    modes: tuple[FailureMode, ...]  # most frequent first


def figures_of(key: str, histories: Iterable[FailureHistory]) -> ReliabilityFigures:
    histories = list(histories)
    failures = [f for h in histories for f in h.failures]
    operating = sum(h.operating_hours for h in histories)
    repairs = [f.repair_hours for f in failures if not f.ongoing]
    by_reason: dict[str, list[float]] = defaultdict(list)
    for f in failures:
        by_reason[f.reason].append(f.repair_hours)
    counts = Counter({reason: len(hours) for reason, hours in by_reason.items()})
    modes = tuple(
        FailureMode(reason, n, n / len(failures), sum(by_reason[reason]) / n)
        for reason, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return ReliabilityFigures(
        key=key, machines=len(histories), failures=len(failures), operating_hours=operating,
        mtbf_hours=operating / len(failures) if failures else None,
        mttr_hours=sum(repairs) / len(repairs) if repairs else None, modes=modes)


def machine_figures(histories: Mapping[str, FailureHistory]) -> dict[str, ReliabilityFigures]:
    return {machine_id: figures_of(machine_id, [h]) for machine_id, h in histories.items()}


def type_figures(histories: Mapping[str, FailureHistory],
                 work_center_of: Mapping[str, str]) -> dict[str, ReliabilityFigures]:
    """Per work center: its machines are of one type, so their histories pool."""
    pooled: dict[str, list[FailureHistory]] = defaultdict(list)
    for machine_id, history in histories.items():
        center = work_center_of.get(machine_id)
        if center is not None:
            pooled[center].append(history)
    return {center: figures_of(center, rows) for center, rows in sorted(pooled.items())}
