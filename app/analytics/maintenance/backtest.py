"""Backtest: each day, for each machine, predict from the history before that moment whether
it fails within the next 7 days; then look at what happened.

- Moments: every day at 00:00 UTC from `warm_up` after the first event to `horizon` before the
  last one; at each, every machine with at least one failure so far.
- Model: what the console shows (`machine_risk`: Weibull in operating hours conditional on the
  age since the last failure, Kaplan-Meier with few failures), fitted afresh at each moment on
  the failures before it. Where the model cannot say (Kaplan-Meier beyond its data) the
  baseline's figure stands in, and those moments are counted.
- Baseline: a constant failure rate, 1 / MTBF (operating hours per failure so far, from
  `figures_of`), so P = 1 - exp(-h / MTBF): no memory of the time since the last failure.
- Both turn the 7 calendar days into the same operating hours h (the machine's operating share
  of the two weeks before the moment).
- Hit rate: the share of (machine, moment) predictions whose call, "fails within 7 days" when
  P >= 0.5, matches what happened. Brier score: the mean of (P - outcome)^2, lower is better.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from app.analytics.maintenance.figures import figures_of
from app.analytics.maintenance.history import failure_histories
from app.analytics.maintenance.risk import WEEK, machine_risk, probability_within
from app.domain import MachineState, StateEvent

CALL_AT = 0.5


@dataclass(frozen=True, slots=True)
class BacktestResult:
    predictions: int
    failures_ahead: int  # predictions whose machine did fail within the horizon
    hit_rate: float
    baseline_hit_rate: float
    brier: float
    baseline_brier: float
    stood_in: int  # predictions where the model could not say and the baseline stood in


@dataclass(slots=True)
class _Tally:
    n: int = 0
    positives: int = 0
    hits: int = 0
    base_hits: int = 0
    brier: float = 0.0
    base_brier: float = 0.0
    stood_in: int = 0

    def add(self, p: float, base: float, failed: bool) -> None:
        y = 1.0 if failed else 0.0
        self.n += 1
        self.positives += int(failed)
        self.hits += int((p >= CALL_AT) == failed)
        self.base_hits += int((base >= CALL_AT) == failed)
        self.brier += (p - y) ** 2
        self.base_brier += (base - y) ** 2


def backtest(events: Iterable[StateEvent], *, warm_up: timedelta = timedelta(days=60),
             horizon: timedelta = WEEK, step: timedelta = timedelta(days=1)) -> BacktestResult:
    by_machine: dict[str, list[StateEvent]] = defaultdict(list)
    for e in events:
        by_machine[e.machine_id].append(e)
    if not by_machine:
        raise ValueError("no machine state events to backtest on")
    for rows in by_machine.values():
        rows.sort(key=lambda e: e.start)
    first = min(rows[0].start for rows in by_machine.values())
    last = max(rows[-1].start for rows in by_machine.values())
    moment = (first + warm_up).replace(hour=0, minute=0, second=0, microsecond=0)
    tally = _Tally()
    failure_starts = {m: [e.start for e in rows if e.state is MachineState.DOWN]
                      for m, rows in by_machine.items()}
    starts = {m: [e.start for e in rows] for m, rows in by_machine.items()}
    while moment + horizon <= last:
        for machine_id, rows in by_machine.items():
            before = rows[:bisect.bisect_left(starts[machine_id], moment)]
            history = failure_histories(before, moment).get(machine_id)
            if history is None or not history.failures:
                continue
            hours = history.operating_share * horizon.total_seconds() / 3600.0
            mtbf = figures_of(machine_id, [history]).mtbf_hours
            base = -math.expm1(-hours / mtbf) if mtbf else 0.0
            p = probability_within(machine_risk(history, moment, intervals=False), horizon)
            if p is None:
                p = base
                tally.stood_in += 1
            downs = failure_starts[machine_id]
            failed = bisect.bisect_right(downs, moment + horizon) > bisect.bisect_right(downs,
                                                                                        moment)
            tally.add(p, base, failed)
        moment += step
    if tally.n == 0:
        raise ValueError("the history is too short for a backtest")
    return BacktestResult(tally.n, tally.positives, tally.hits / tally.n,
                          tally.base_hits / tally.n, tally.brier / tally.n,
                          tally.base_brier / tally.n, tally.stood_in)
