"""A plant of benchmark size: the demo plant itself, scaled (`gemba-sim --machines --orders`).

    python -m tests.benchmarks.bench_plant --orders 10000 --machines 500 [--speed 1800]

The same generator as `gemba-sim` and `gemba --demo`: a history of as many machine-days as the
standard plant's year (about 17 days for 500 machines), then the detailed simulation, with
`--orders` open orders at the start. The clock runs fast (default 1800 simulated seconds a
second), so a console polling at 1 Hz sees hundreds of machine status changes and work-order
updates a second, on top of a first sync of every order.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from app.sim.launcher import DemoPlant, demo_plant_command

SPEED = 1800.0
SEED = 7


def plant_args(orders: int, machines: int, speed: float = SPEED, port: int = 0) -> list[str]:
    return ["--port", str(port), "--seed", str(SEED), "--speed", str(speed),
            "--machines", str(machines), "--orders", str(orders)]


def start_bench_plant(orders: int, machines: int, speed: float = SPEED) -> DemoPlant:
    """The scaled demo plant in another process; its URL is known at once, its first answers
    come once the history is generated (a few seconds)."""
    process = subprocess.Popen(demo_plant_command(plant_args(orders, machines, speed)),
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url.startswith("http"):
        process.kill()
        raise RuntimeError(f"bench plant did not start (printed {url!r})")
    return DemoPlant(url=url, process=process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--machines", type=int, default=500)
    parser.add_argument("--speed", type=float, default=SPEED)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    from app.sim.cli import main as serve_plant

    sys.exit(serve_plant(plant_args(args.orders, args.machines, args.speed, args.port)))


if __name__ == "__main__":
    main()
