"""`gemba-sim`: the demo plant alone, served over HTTP in the reference contract."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta

from app.sim.paging import BadRequest, parse_rfc3339
from app.sim.scale import STANDARD_MACHINES, default_history
from app.sim.server import bind_loopback, create_app, serve
from app.sim.state import SimState

MIN_MACHINES = 12  # one per work center
MAX_MACHINES = 5000
MAX_ORDERS = 100_000


def _start_time(value: str) -> datetime:
    try:
        return parse_rfc3339(value, "--start")
    except BadRequest as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="gemba-sim", description="Run the Gemba demo plant (CRM and MES) on loopback."
    )
    parser.add_argument("--port", type=int, default=8765, help="TCP port; 0 picks a free one")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    parser.add_argument("--seed", type=int, default=7, help="same seed, same plant and history")
    parser.add_argument("--speed", type=float, default=60.0,
                        help="simulated seconds per real second (default 60)")
    parser.add_argument("--paused", action="store_true",
                        help="start with the clock paused (advance it through /sim/v1/clock)")
    parser.add_argument("--start", type=_start_time, default=None,
                        help="simulated start time, RFC 3339 (default: today 00:00 UTC)")
    parser.add_argument("--history-days", type=float, default=None,
                        help="history before the start, in days (default 365; on a plant "
                             "bigger than the standard one, as many machine-days as that)")
    parser.add_argument("--machines", type=int, default=None, metavar="N",
                        help=f"number of machines (default {STANDARD_MACHINES}, the standard "
                             "plant; more machines take more orders)")
    parser.add_argument("--orders", type=int, default=None, metavar="N",
                        help="open orders at the start: more are placed if the history leaves "
                             "fewer open")
    args = parser.parse_args(argv)
    if args.speed <= 0:
        parser.error("--speed must be above 0")
    if not 0 <= args.port <= 65535:
        parser.error("--port must be from 0 to 65535")
    if args.machines is not None and not MIN_MACHINES <= args.machines <= MAX_MACHINES:
        parser.error(f"--machines must be from {MIN_MACHINES} to {MAX_MACHINES}")
    if args.orders is not None and not 0 <= args.orders <= MAX_ORDERS:
        parser.error(f"--orders must be from 0 to {MAX_ORDERS}")
    if args.history_days is not None and args.history_days < 0:
        parser.error("--history-days must not be negative")
    return args


def history_of(args: argparse.Namespace) -> timedelta:
    if args.history_days is None:
        return default_history(args.machines)
    return timedelta(days=args.history_days)


def main(argv: list[str] | None = None) -> int:
    from app.sim.plant import Plant  # the simulation is heavy: import after the arguments

    args = parse_args(argv)
    start = args.start or datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    sock = bind_loopback(args.port, args.host)
    host, port = sock.getsockname()[:2]
    # The first line is the URL: `gemba --demo` and the tests read it. It comes before the
    # history is generated (a second or two for a year): the socket listens already, so a
    # client's first requests wait in its backlog and are answered once the plant is built,
    # while the console opens its window.
    print(f"http://{host}:{port}", flush=True)
    plant = Plant(seed=args.seed, start=start, history=history_of(args), machines=args.machines,
                  open_orders=args.orders)
    state = SimState(plant=plant, speed=args.speed, paused=args.paused)
    print(f"demo plant seed={args.seed} speed={args.speed}x start={start.isoformat()} "
          f"machines={len(plant.machine_ids)} history={history_of(args).days} days",
          file=sys.stderr, flush=True)
    serve(create_app(state), sock)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
