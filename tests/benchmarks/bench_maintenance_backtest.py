"""Predictive maintenance backtest on the demo plant's year (seed 7 by default).

    .venv/bin/python -m tests.benchmarks.bench_maintenance_backtest [--seed 7] [--days 365]

Every day at 00:00 UTC after a 60-day warm-up, for every machine that has failed at least once
so far, the console's model (app.analytics.maintenance: a Weibull in operating hours, conditional
on the time since the last failure, refitted on the history before that day; Kaplan-Meier with
fewer than 10 failures) gives P(the machine fails within the next 7 days). A constant-rate
baseline computed in the same run gives 1 - exp(-h / MTBF), MTBF from the same history, h the
same operating hours ahead.

Definitions (app/analytics/maintenance/backtest.py):
- hit rate: the share of (machine, day) predictions whose call, "fails within 7 days" when
  P >= 0.5, matches whether a failure (a new stretch of down state) started in those 7 days;
- Brier score: the mean of (P - outcome)^2 over the same predictions; lower is better.

The same is printed for the next day (`_1d`) for context. The figures are reported as
measured; nothing is tuned to them.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime, timedelta

from pydantic import TypeAdapter

from app.analytics.maintenance.backtest import backtest
from app.domain import StateEvent
from app.sim.plant import Plant

START = datetime(2026, 3, 2, tzinfo=UTC)


def demo_events(seed: int, days: int) -> list[StateEvent]:
    plant = Plant(seed=seed, start=START, history=timedelta(days=days))
    feed = plant.feeds["mes.machine_events"]
    adapter = TypeAdapter(StateEvent)
    return [adapter.validate_python(change.body) for change in feed._current.values()
            if not change.deleted]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    events = demo_events(args.seed, args.days)
    began = time.perf_counter()
    result = backtest(events)
    seconds = time.perf_counter() - began
    print(f"maintenance_backtest_hit_rate_7d: {result.hit_rate:.3f} share "
          "(target: reported, above baseline)")
    print(f"maintenance_backtest_baseline_hit_rate_7d: {result.baseline_hit_rate:.3f} share "
          "(target: reported, constant-rate baseline)")
    print(f"maintenance_backtest_brier_7d: {result.brier:.3f} score "
          "(target: reported, below baseline)")
    print(f"maintenance_backtest_baseline_brier_7d: {result.baseline_brier:.3f} score "
          "(target: reported, constant-rate baseline)")
    print(f"maintenance_backtest_predictions: {result.predictions} count "
          f"(target: reported; {result.failures_ahead} followed by a failure, "
          f"{result.stood_in} where the baseline stood in)")
    print(f"maintenance_backtest_seconds: {seconds:.1f} s (target: reported)")
    # The same for the next day, for context: where the time since the last failure weighs
    # more against the hours the machine will run.
    day = backtest(events, horizon=timedelta(days=1))
    print(f"maintenance_backtest_hit_rate_1d: {day.hit_rate:.3f} share "
          "(target: reported, above baseline)")
    print(f"maintenance_backtest_baseline_hit_rate_1d: {day.baseline_hit_rate:.3f} share "
          "(target: reported, constant-rate baseline)")
    print(f"maintenance_backtest_brier_1d: {day.brier:.3f} score "
          "(target: reported, below baseline)")
    print(f"maintenance_backtest_baseline_brier_1d: {day.baseline_brier:.3f} score "
          "(target: reported, constant-rate baseline)")


if __name__ == "__main__":
    main()
