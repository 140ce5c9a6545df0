"""SPC benchmark: all eight Nelson rules, and an X̄-R chart, over a million points.

    .venv/bin/python -m tests.benchmarks.bench_spc [--points 1000000] [--repeat 5]

The data are seeded normal noise with a slow drift of up to ±0.75 sigma (as a wandering process
would show), and the limits come from the first 10% of it, so the rules have plenty to find: the
figure includes building a Violation for every firing, not only detecting them. Each figure is
the median of `repeat` runs after one warm-up run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

from app.analytics.spc import i_mr, nelson, subgroup, xbar_r


def make_values(points: int) -> np.ndarray:
    rng = np.random.default_rng(20260302)
    drift = 0.75 * np.sin(np.arange(points) * (2 * np.pi / 250_000))
    return 25.0 + rng.normal(0.0, 1.0, points) + drift


def median_ms(work: Callable[[], object], repeat: int) -> tuple[float, object]:
    result = work()
    times = []
    for _ in range(repeat):
        del result  # freeing the previous result is not part of the next run
        start = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    values = make_values(args.points)
    chart = i_mr(values, baseline=slice(0, args.points // 10))
    limits = chart.primary.limits
    rules_ms, found = median_ms(
        lambda: nelson(chart.primary.values, limits.center, limits.sigma), args.repeat)
    xbar_ms, _ = median_ms(lambda: xbar_r(subgroup(values, 5)), args.repeat)

    print(f"spc_rules_1m_points: {rules_ms:.0f} ms (target: < 1000 ms)", flush=True)
    print(f"spc_xbar_r_1m_points: {xbar_ms:.1f} ms (target: none, for context)", flush=True)
    assert isinstance(found, list)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
