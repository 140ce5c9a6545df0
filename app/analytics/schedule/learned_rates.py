"""Setup and run times as each machine really achieves them, learned from its completed
operations: working time = setup_factor x the routing's setup + run_factor x units at the
routing's ideal rate, fitted by least squares (breakdowns taken out: they are the downtime
allowance's). A machine with too little history takes its work center's factors; a work
center with none, the routing's ideal (1.0, 1.0)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from app.analytics.schedule.downtime_allowance import Reliability
from app.analytics.schedule.floor_history import FloorHistory, PastOperation

MIN_OPERATIONS = 8
# Factors outside this band come from history that does not fit the routing (a wrong
# routing, a mislabelled count): the ratio of totals is used instead.
PLAUSIBLE = (0.2, 5.0)


@dataclass(frozen=True, slots=True)
class Rate:
    setup_factor: float = 1.0
    run_factor: float = 1.0
    operations: int = 0

    def seconds(self, setup: float, run: float) -> float:
        return self.setup_factor * setup + self.run_factor * run


IDEAL = Rate()


def learned_rates(history: FloorHistory, reliability: dict[str, Reliability]
                  ) -> dict[str, Rate]:
    """Per machine id and per work center id."""
    by_key: dict[str, list[PastOperation]] = defaultdict(list)
    for op in history.operations:
        by_key[op.machine_id].append(op)
        by_key[op.work_center_id].append(op)
    rates: dict[str, Rate] = {}
    for key, ops in by_key.items():
        if len(ops) >= MIN_OPERATIONS:
            rel = reliability.get(key)
            rates[key] = _fit(ops, rel.allowance if rel is not None else 0.0)
    for machine, center in history.machines.items():
        if machine not in rates and center in rates:
            rates[machine] = rates[center]
    return rates


def _fit(ops: list[PastOperation], allowance: float) -> Rate:
    """Least squares of worked = a * setup + b * run over the operations, with each
    operation's working time less its expected share of downtime."""
    saa = sab = sbb = sya = syb = total_y = total_x = 0.0
    for op in ops:
        y = op.working_seconds / (1.0 + allowance)
        a, b = op.setup_seconds, op.nominal_seconds - op.setup_seconds
        saa += a * a
        sab += a * b
        sbb += b * b
        sya += y * a
        syb += y * b
        total_y += y
        total_x += op.nominal_seconds
    ratio = total_y / total_x if total_x > 0 else 1.0
    det = saa * sbb - sab * sab
    if det > 1e-9 * saa * sbb and saa > 0 and sbb > 0:
        setup_factor = (sya * sbb - syb * sab) / det
        run_factor = (syb * saa - sya * sab) / det
        low, high = PLAUSIBLE
        if low <= setup_factor <= high and low <= run_factor <= high:
            return Rate(setup_factor, run_factor, len(ops))
    return Rate(ratio, ratio, len(ops))
