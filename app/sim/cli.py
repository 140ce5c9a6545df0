"""`gemba-sim`: the demo plant alone, served over HTTP in the reference contract."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from app.sim.paging import BadRequest, parse_rfc3339
from app.sim.server import bind_loopback, create_app, serve
from app.sim.state import SimState


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
    parser.add_argument("--history-days", type=float, default=3.0,
                        help="simulated history before the start (default 3 days)")
    args = parser.parse_args(argv)
    if args.speed <= 0:
        parser.error("--speed must be above 0")
    if not 0 <= args.port <= 65535:
        parser.error("--port must be from 0 to 65535")
    return args


def main(argv: list[str] | None = None) -> int:
    from datetime import timedelta

    from app.sim.plant import Plant  # the simulation is heavy: import after the arguments

    args = parse_args(argv)
    start = args.start or datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    sock = bind_loopback(args.port, args.host)
    plant = Plant(seed=args.seed, start=start, history=timedelta(days=args.history_days))
    state = SimState(plant=plant, speed=args.speed, paused=args.paused)
    host, port = sock.getsockname()[:2]
    # The first line is the URL: `gemba --demo` and the tests read it.
    print(f"http://{host}:{port}", flush=True)
    print(f"demo plant seed={args.seed} speed={args.speed}x start={start.isoformat()}",
          file=sys.stderr, flush=True)
    serve(create_app(state), sock)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
