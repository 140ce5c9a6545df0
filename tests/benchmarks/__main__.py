"""Runs every benchmark and prints one line per figure: `name: value unit (target: ...)`.

    python -m tests.benchmarks        (or: make bench)

Each benchmark runs in its own process, so one's memory and threads do not colour another's
figures. Benchmarks never fail a build: they print what they measured.
"""

from __future__ import annotations

import re
import subprocess
import sys

FIGURE = re.compile(r"^\w+: \S+ .*\(target: .*\)$")

BENCHMARKS = (
    "tests.benchmarks.bench_cache_ingest",
    "tests.benchmarks.bench_event_loop_lag",
    "tests.benchmarks.bench_spc",
    "tests.benchmarks.bench_chart_pan",
    "tests.benchmarks.bench_machines_lag",
    "tests.benchmarks.bench_trace",
    "tests.benchmarks.bench_startup",
    "tests.benchmarks.bench_orders_view",
    "tests.benchmarks.bench_schedule",
    "tests.benchmarks.bench_live_machines",
    "tests.benchmarks.bench_shared_desks",
    "tests.benchmarks.bench_page_parse",
    "tests.benchmarks.bench_sync_faults",
    "tests.benchmarks.bench_maintenance_backtest",
    "tests.benchmarks.bench_prediction_backtest",
)


def main() -> int:
    for module in BENCHMARKS:
        result = subprocess.run([sys.executable, "-m", module], capture_output=True, text=True)
        figures = [line for line in result.stdout.splitlines() if FIGURE.match(line)]
        for line in figures:
            print(line, flush=True)
        if result.returncode != 0 or not figures:
            print(f"{module.rsplit('.', 1)[-1]}: failed (exit {result.returncode}): "
                  f"{result.stderr.strip().splitlines()[-1:] or ''}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
