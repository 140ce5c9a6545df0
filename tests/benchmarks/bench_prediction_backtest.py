"""How often the console's predicted completions come true: the plan taken on the demo plant
(a year of history), the plant run forward three weeks, every open work order and order line
scored at 3, 7 and 21 days, on the default seed and two others (issue 28).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.benchmarks.bench_prediction_backtest \
        [--seeds 7 11 23] [--moments 3]

Per seed and horizon: the share within one 8-hour shift of the P50 (`hit`), the mean and median
error in hours, the bias (mean of actual - P50; positive: later than predicted), the share of
actuals within the predicted P10-P90 range (`range`), and the share of the misses that the
console had flagged as at risk or late beforehand (`flagged`); and the share of those made
after their promised date (a work order: its need date) that were flagged beforehand
(`broken_promises_flagged`): a miss that still meets its date needs no warning.
Then the same pooled over the seeds; and hit, range and flagged pooled over the seeds and
`--moments` plans a week apart on each (`..._all_seeds_all_moments`: more predictions, so a
steadier figure; the per-seed and `_all_seeds` lines are the first moment's); and work orders'
hit and range by priority over all of them (`..._priority<p>_all_seeds_all_moments`): a
priority-1 job can wait only behind priority-1 orders placed after the plan and due sooner, a
priority-3 one behind every priority-1 and -2 order placed meanwhile. Beside the hit shares
over all moments, what the plan's own Monte Carlo runs say a P50 can hit (`runs_at_p50`: their
mean share within a shift of the P50) and any single date (`runs_best_date`: the most that one
16-hour window holds), while the range holds. How items are chosen and scored:
tests/benchmarks/prediction_backtest.py.
"""

from __future__ import annotations

import argparse
import math
import time

from tests.benchmarks.prediction_backtest import (
    HORIZONS,
    SEEDS,
    pooled,
    pooled_runs,
    run_seed,
    score,
)

MOMENTS = 3
ITEMS = {"wo": "work orders", "line": "lines"}

TARGETS = {  # (kind, days) -> the hit share the issue asks for
    ("wo", 7): ">= 0.90", ("wo", 21): ">= 0.80",
}


def _fmt(x: float, digits: int = 2) -> str:
    return "n/a" if math.isnan(x) else f"{x:.{digits}f}"


def _print_runs(name: str, scores: list) -> None:
    at_p50, best = pooled_runs(scores)
    print(f"{name.format('runs_at_p50')}: {_fmt(at_p50)} share (target: report; the plan's "
          "Monte Carlo runs within a shift of its P50: the hit share its range implies)",
          flush=True)
    print(f"{name.format('runs_best_date')}: {_fmt(best)} share (target: report; the most "
          "of those runs one 16-hour window holds: what any single date could hit)", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    parser.add_argument("--moments", type=int, default=MOMENTS)
    args = parser.parse_args()
    started = time.perf_counter()
    by_kind: dict[tuple[str, int], list] = {}
    all_moments: dict[tuple[str, int], list] = {}
    by_priority: dict[tuple[int, int], list] = {}  # work orders, all moments
    for seed in args.seeds:
        run = run_seed(seed, moments=args.moments)
        for kind, every in (("wo", run.work_orders), ("line", run.lines)):
            items = [p for p in every if p.made_at == run.made_at]  # the first moment's
            for days in HORIZONS:
                all_moments.setdefault((kind, days), []).append(
                    score(every, run.made_at, run.ended_at, days, run.zone))
                for priority in sorted({p.priority for p in every if p.priority is not None}):
                    by_priority.setdefault((days, priority), []).append(score(
                        [p for p in every if p.priority == priority], run.made_at,
                        run.ended_at, days, run.zone))
                s = score(items, run.made_at, run.ended_at, days, run.zone)
                by_kind.setdefault((kind, days), []).append(s)
                name = f"backtest_{kind}_{{}}_{days}d_seed{seed}"
                hit_target = TARGETS.get((kind, days), "report")
                print(f"{name.format('hit')}: {_fmt(s.hit_share)} share "
                      f"(target: {hit_target}; {s.hits} of {s.scored})", flush=True)
                print(f"{name.format('error_mean')}: {_fmt(s.mean_error_h, 1)} h "
                      f"(target: report; median {_fmt(s.median_error_h, 1)} h)", flush=True)
                print(f"{name.format('bias')}: {_fmt(s.bias_h, 1)} h "
                      "(target: report; positive = later than predicted)", flush=True)
                print(f"{name.format('range')}: {_fmt(s.coverage)} share (target: 0.75-0.85; "
                      f"{s.in_range} of {s.known} actuals within P10-P90)", flush=True)
                print(f"{name.format('flagged')}: {_fmt(s.flagged_share)} share (target: "
                      f"{'>= 0.80' if days == 21 else 'report'}; {s.flagged_misses} of "
                      f"{s.misses} misses flagged at risk beforehand)", flush=True)
                print(f"{name.format('broken_promises_flagged')}: "
                      f"{_fmt(s.flagged_broken_share)} share (target: report; "
                      f"{s.flagged_broken} of {s.broken_promises} {ITEMS[kind]} made after "
                      "their promised date were flagged beforehand)", flush=True)
        print(f"backtest_lines_without_prediction_seed{seed}: {run.lines_without_prediction} "
              f"lines (target: 0; over {args.moments} moments)", flush=True)
    for (kind, days), scores in by_kind.items():
        hit, coverage, flagged, broken = pooled(scores)
        name = f"backtest_{kind}_{{}}_{days}d_all_seeds"
        print(f"{name.format('hit')}: {_fmt(hit)} share "
              f"(target: {TARGETS.get((kind, days), 'report')})", flush=True)
        print(f"{name.format('range')}: {_fmt(coverage)} share (target: 0.75-0.85)", flush=True)
        print(f"{name.format('flagged')}: {_fmt(flagged)} share "
              f"(target: {'>= 0.80' if days == 21 else 'report'})", flush=True)
        print(f"{name.format('broken_promises_flagged')}: {_fmt(broken)} share "
              "(target: report)", flush=True)
    for (kind, days), scores in all_moments.items():
        hit, coverage, flagged, broken = pooled(scores)
        name = f"backtest_{kind}_{{}}_{days}d_all_seeds_all_moments"
        scored = sum(s.scored for s in scores)
        print(f"{name.format('hit')}: {_fmt(hit)} share (target: "
              f"{TARGETS.get((kind, days), 'report')}; {scored} predictions, "
              f"{args.moments} plans a week apart per seed)", flush=True)
        print(f"{name.format('range')}: {_fmt(coverage)} share (target: 0.75-0.85)", flush=True)
        print(f"{name.format('flagged')}: {_fmt(flagged)} share "
              f"(target: {'>= 0.80' if days == 21 else 'report'})", flush=True)
        print(f"{name.format('broken_promises_flagged')}: {_fmt(broken)} share "
              f"(target: report; {sum(s.flagged_broken for s in scores)} of "
              f"{sum(s.broken_promises for s in scores)})", flush=True)
        _print_runs(name, scores)
    for (days, priority), scores in sorted(by_priority.items()):
        hit, coverage, _, _ = pooled(scores)
        name = f"backtest_wo_{{}}_{days}d_priority{priority}_all_seeds_all_moments"
        print(f"{name.format('hit')}: {_fmt(hit)} share (target: report; "
              f"{sum(s.hits for s in scores)} of {sum(s.scored for s in scores)})", flush=True)
        print(f"{name.format('range')}: {_fmt(coverage)} share (target: report)", flush=True)
        _print_runs(name, scores)
    print(f"backtest_seconds: {time.perf_counter() - started:.0f} s (target: < 180 s)",
          flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
