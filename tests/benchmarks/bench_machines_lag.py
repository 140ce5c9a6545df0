"""Event-loop lag with the Machines view shown while 500 machines change every second.

    python -m tests.benchmarks.bench_machines_lag [--seconds 20] [--machines 500]

As bench_event_loop_lag, but the window shows the Machines view and the plant (the scaled demo
plant, bench_plant) has few orders, so the figure is what the view costs: hundreds of status
changes a second read in the background, applied to the tiles in place and repainted. A task on
the loop asks to wake every 5 ms and records how late it wakes; the figure is the 99th
percentile over the run.
"""

from __future__ import annotations

import argparse
import os
import statistics

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.benchmarks.bench_event_loop_lag import (  # noqa: E402
    percentile,
    run_console_under_load,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=100)
    parser.add_argument("--machines", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    result = run_console_under_load(args.orders, args.machines, args.seconds, "machines",
                                    {"mes.machine_status": 1.0})
    lags = result.lags
    print(f"machines_view_lag_p99: {percentile(lags, 0.99):.1f} ms (target: < 16 ms)")
    print(f"machines_view_lag_p50: {statistics.median(lags):.1f} ms (target: none, for context)")
    print(f"machines_view_lag_max: {max(lags):.1f} ms (target: none, for context)")
    print(f"machines_view_tiles: {result.tiles_shown} tiles (target: {args.machines})")
    print(f"machines_view_statuses_held: {result.machines_held} machines "
          f"(target: {args.machines})")


if __name__ == "__main__":
    main()
