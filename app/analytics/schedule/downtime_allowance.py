"""Downtime allowance from each machine's failure history: MTBF (busy working time between
breakdowns) and MTTR (working time lost per breakdown), read from the MES's unplanned
downtime records. A breakdown strikes while a machine works, so each working second of a job
costs, on average, MTTR / MTBF seconds more."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from app.analytics.schedule.floor_history import FloorHistory
from app.domain import Downtime

# Fewer breakdowns than this in the window: the machine's own figures are noise; its work
# center's are used.
MIN_FAILURES = 3


@dataclass(frozen=True, slots=True)
class Reliability:
    failures: int
    busy_seconds: float
    lost_seconds: float  # working seconds of downtime

    @property
    def mtbf_hours(self) -> float:
        return self.busy_seconds / self.failures / 3600.0 if self.failures else float("inf")

    @property
    def mttr_hours(self) -> float:
        return self.lost_seconds / self.failures / 3600.0 if self.failures else 0.0

    @property
    def allowance(self) -> float:
        """Expected downtime per busy working second (MTTR / MTBF)."""
        return self.lost_seconds / self.busy_seconds if self.busy_seconds > 0 else 0.0


def reliability(history: FloorHistory, downtime: list[Downtime]) -> dict[str, Reliability]:
    """Per machine id, and per work center id (all its machines together)."""
    busy: dict[str, float] = defaultdict(float)
    for op in history.operations:
        busy[op.machine_id] += op.working_seconds
    failures: dict[str, int] = defaultdict(int)
    lost: dict[str, float] = defaultdict(float)
    for d in downtime:
        center = history.machines.get(d.machine_id)
        time = history.center_time.get(center) if center is not None else None
        if d.planned or d.end is None or time is None:
            continue
        a, b = d.start.timestamp(), d.end.timestamp()
        if a < history.start or a >= history.end:
            continue
        failures[d.machine_id] += 1
        lost[d.machine_id] += time.between(a, min(b, history.end))
    # Downtime is outside the operation's own work: an operation interrupted by a breakdown
    # took its working time plus the repair, so the repair is taken out of busy time.
    out: dict[str, Reliability] = {}
    by_center: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for machine, center in history.machines.items():
        worked = max(busy.get(machine, 0.0) - lost.get(machine, 0.0), 0.0)
        out[machine] = Reliability(failures.get(machine, 0), worked, lost.get(machine, 0.0))
        total = by_center[center]
        total[0] += failures.get(machine, 0)
        total[1] += worked
        total[2] += lost.get(machine, 0.0)
    centers = {c: Reliability(int(f), b, x) for c, (f, b, x) in by_center.items()}
    for machine, center in history.machines.items():
        if out[machine].failures < MIN_FAILURES:
            out[machine] = centers[center]
    out.update(centers)
    return out
