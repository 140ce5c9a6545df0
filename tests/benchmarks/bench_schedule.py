"""Scheduling benchmark: a full plan plus one capable-to-promise answer (which plans again with
the request in it), for 50 machines and 2,000 open work orders, without and with materials
(5,000 items in stock with expected receipts); and how the time grows from 500 to 8,000 work
orders.

    .venv/bin/python -m tests.benchmarks.bench_schedule [--repeat 5]

Each figure is the median of `repeat` runs after one warm-up run; building the snapshot (the
cache read) is not included. The runs are timed as the console runs a plan: in a process whose
automatic garbage collection is off (widgets/common/gui_thread_gc.py collects on the GUI thread,
never in the planning worker), so the collection between two runs and the freeing of the last
run's plan are outside the timing. The 2,000 and 8,000 figures are also printed as a plain
Python process collecting as it allocates would see them, for context.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from dataclasses import replace
from decimal import Decimal

from app.analytics.schedule import PromiseRequest, capable_to_promise, make_plan
from tests.benchmarks.schedule_plant import plant, request_date, with_materials


def plan_and_promise_ms(work_orders: int, repeat: int, materials: bool = False,
                        automatic_gc: bool = False) -> tuple[float, float]:
    """(full plan, plan + answer) in ms. The request has priority 1, so it is planned near the
    front and everything after it is planned again: the slow case. `automatic_gc`: time it in
    a process that collects as it allocates, not as the console does."""
    template = with_materials(plant(work_orders)) if materials else plant(work_orders)
    ask = PromiseRequest("P-3", Decimal(500), request_date(), priority=1)
    plans, totals = [], []
    was_enabled = gc.isenabled()
    try:
        for run in range(repeat + 1):
            snapshot = replace(template)  # nothing derived carried over from the previous run
            gc.collect()
            (gc.enable if automatic_gc else gc.disable)()
            start = time.perf_counter()
            baseline = make_plan(snapshot)
            planned = time.perf_counter()
            answer = capable_to_promise(snapshot, ask, baseline)
            done = time.perf_counter()
            gc.disable()
            del baseline, answer, snapshot  # freed outside the timing, as the console does
            if run:  # the first run warms up
                plans.append((planned - start) * 1000.0)
                totals.append((done - start) * 1000.0)
    finally:
        (gc.enable if was_enabled else gc.disable)()
    return statistics.median(plans), statistics.median(totals)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    plan, base = plan_and_promise_ms(2000, args.repeat)
    print(f"schedule_full_plan_2000_wo: {plan:.0f} ms (target: part of the 200 ms below)",
          flush=True)
    print(f"schedule_plan_and_ctp_2000_wo: {base:.0f} ms (target: < 200 ms)", flush=True)
    _, with_items = plan_and_promise_ms(2000, args.repeat, materials=True)
    print(f"schedule_plan_and_ctp_2000_wo_5000_items: {with_items:.0f} ms (target: < 250 ms)",
          flush=True)
    for n in (500, 1000, 4000, 8000):
        _, ms = plan_and_promise_ms(n, args.repeat)
        growth = f"{ms / base:.2f} x"
        target = (f"target: <= 4.5 x the 2,000 figure; now {growth}" if n == 8000
                  else f"target: growth report; {growth} the 2,000 figure")
        print(f"schedule_plan_and_ctp_{n}_wo: {ms:.0f} ms ({target})", flush=True)
    _, base_gc = plan_and_promise_ms(2000, args.repeat, automatic_gc=True)
    _, big_gc = plan_and_promise_ms(8000, args.repeat, automatic_gc=True)
    print(f"schedule_plan_and_ctp_2000_wo_automatic_gc: {base_gc:.0f} ms (target: none, for "
          "context: collecting as it allocates)", flush=True)
    print(f"schedule_plan_and_ctp_8000_wo_automatic_gc: {big_gc:.0f} ms (target: none, for "
          f"context; {big_gc / base_gc:.2f} x the line above)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
