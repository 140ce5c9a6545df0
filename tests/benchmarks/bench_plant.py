"""A plant of benchmark size served by the demo plant's own HTTP server.

    python -m tests.benchmarks.bench_plant --orders 10000 --machines 500

Every simulated second each machine's status changes (counters and signals), and a few orders
change; the clock runs in real time (speed 1), so a console polling at 1 Hz sees 500 machine
changes a second on top of a first sync of all the orders.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from app import domain as d
from app.sim.feeds import FeedStore
from app.sim.server import bind_loopback, create_app, serve
from app.sim.state import SimState

START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
ORDERS_CHANGED_PER_SECOND = 20


class BenchPlant:
    SCENARIOS: dict[str, str] = {}

    def __init__(self, orders: int, machines: int) -> None:
        self.feeds = FeedStore()
        self._now = START
        self._second = 0
        self.orders = [self._order(i) for i in range(orders)]
        for order in self.orders:
            self.feeds.put("crm.orders", order, START)
        self.statuses = [d.MachineStatus(id=f"M-{i:04d}", state=d.MachineState.RUNNING,
                                         since=START, signals={"temperature_c": 40.0})
                         for i in range(machines)]
        for status in self.statuses:
            self.feeds.put("mes.machine_status", status, START)

    @staticmethod
    def _order(i: int) -> d.SalesOrder:
        lines = [d.OrderLine(line_no=n, product_id=f"P-{(i + n) % 300}",
                             quantity=Decimal(10 + i % 90), unit="pcs",
                             requested_date=date(2026, 3, 10) + timedelta(days=i % 60),
                             promised_date=date(2026, 3, 12) + timedelta(days=i % 60))
                 for n in (1, 2, 3)]
        return d.SalesOrder(id=f"O-{i:06d}", number=f"SO-{10000 + i}", customer_id=f"C-{i % 900}",
                            status=d.OrderStatus.CONFIRMED, created_at=START, lines=lines)

    @property
    def now(self) -> datetime:
        return self._now

    def advance_to(self, t: datetime) -> None:
        while START + timedelta(seconds=self._second + 1) <= t:
            self._second += 1
            self._tick(START + timedelta(seconds=self._second))
        self._now = t

    def _tick(self, at: datetime) -> None:
        for status in self.statuses:
            status.good_count += 1
            status.signals = {"temperature_c": 40.0 + (self._second % 7) * 0.5}
            self.feeds.put("mes.machine_status", status, at)
        for k in range(ORDERS_CHANGED_PER_SECOND):
            order = self.orders[(self._second * ORDERS_CHANGED_PER_SECOND + k) % len(self.orders)]
            order.priority = 1 + (order.priority % 5)
            self.feeds.put("crm.orders", order, at)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--machines", type=int, default=500)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    sock = bind_loopback(args.port)
    state = SimState(plant=BenchPlant(args.orders, args.machines), speed=1.0)
    print(f"http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    serve(create_app(state), sock)


if __name__ == "__main__":
    main()
