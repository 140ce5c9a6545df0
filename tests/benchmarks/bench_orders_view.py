"""Orders view benchmark: filtering and sorting 100,000 order lines in the table, and what it
costs to compute them.

    .venv/bin/python -m tests.benchmarks.bench_orders_view [--lines 100000] [--repeat 5]

Data: seeded orders of 1 to 4 lines (on average 2.5) for 400 customers, each line made by one
or two work orders linked by the MES (a fifth of the lines by none), a fifth of the lines
shipped, a few machines down, and a hand-built Plan that predicts every open line.

Method: the view's own model, proxy and table (offscreen, 1400 × 850) hold the rows. A filter
figure is the median time from changing one filter (customer, status, risk or a search text;
each then cleared) until the table has repainted; a sort figure is the median time from a
click on a column header (every column, both ways) until the repaint. Computing the rows
(links, progress, risk and the columns' ranks: the worker's part, off the UI thread) and
putting them in the model (the UI thread's part of a refresh) are timed for context, and so
is one full pass of Python's cyclic garbage collector over everything held: when the "worst"
filter figure is far above the median, that filter set such a pass off. (A load of this size
is frozen out of the collector when computed, see `order_rows.compute`: the pass then walks
only what was made after it.)
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app import domain as d  # noqa: E402
from app.analytics.fulfilment import LinkingRules  # noqa: E402
from app.analytics.order_risk import RiskLevel  # noqa: E402
from app.analytics.schedule.plan import Plan  # noqa: E402
from widgets.orders.order_rows import OrdersInputs, compute  # noqa: E402
from widgets.orders.orders_filter import OrdersFilter  # noqa: E402
from widgets.orders.orders_model import Column, OrdersModel  # noqa: E402
from widgets.orders.orders_table import OrdersTable  # noqa: E402

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Taipei")
STATUSES = (d.OrderStatus.CONFIRMED, d.OrderStatus.IN_PRODUCTION, d.OrderStatus.IN_PRODUCTION,
            d.OrderStatus.SHIPPED, d.OrderStatus.DRAFT, d.OrderStatus.CLOSED)


def build(lines_wanted: int, seed: int = 11) -> tuple[OrdersInputs, Plan]:
    rng = random.Random(seed)
    customers = {("crm", f"C{i:03d}"): d.Customer(id=f"C{i:03d}", name=f"Customer {i:03d}",
                                                  number=f"K-{i:03d}") for i in range(400)}
    machines = [f"M-{w}{m}" for w in range(1, 9) for m in range(1, 4)]
    equipment = [d.Equipment(id=m, site_id="S", level=d.EquipmentLevel.MACHINE, name=m,
                             parent_id=f"WC-{m[2]}") for m in machines]
    statuses = [d.MachineStatus(id=m, state=d.MachineState.DOWN if n % 9 == 0
                                else d.MachineState.RUNNING, since=NOW - timedelta(hours=n % 7))
                for n, m in enumerate(machines)]
    orders: list[tuple[str, d.SalesOrder]] = []
    work_orders: list[d.WorkOrder] = []
    shipments: list[d.Shipment] = []
    finish: dict[tuple[str, int], datetime | None] = {}
    made = 0
    n = 0
    while made < lines_wanted:
        n += 1
        order_id = f"O{n:06d}"
        status = rng.choice(STATUSES)
        lines = []
        for no in range(1, min(rng.randint(1, 4), lines_wanted - made) + 1):
            made += 1
            quantity = Decimal(rng.randint(1, 40) * 5)
            requested = NOW.date() + timedelta(days=rng.randint(-10, 30))
            promised = requested + timedelta(days=rng.randint(0, 5))
            lines.append(d.OrderLine(line_no=no, product_id=f"P-{rng.randint(100, 399)}",
                                     quantity=quantity, unit="pcs", requested_date=requested,
                                     promised_date=promised))
            key = (order_id, no)
            if rng.random() < 0.8:
                parts = 1 if rng.random() < 0.7 else 2
                for part in range(parts):
                    wid = f"W{n:06d}-{no}-{part}"
                    share = quantity / parts
                    wc = rng.randint(1, 8)
                    work_orders.append(d.WorkOrder(
                        id=wid, number=f"MO-{n:06d}{no}{part}", product_id=lines[-1].product_id,
                        quantity=share, unit="pcs", good=share * Decimal(rng.random()),
                        status=d.WorkOrderStatus.RUNNING, output_lot_id=f"L-{wid}",
                        operations=[d.Operation(sequence=10, work_center_id=f"WC-{wc}",
                                                machine_id=f"M-{wc}{rng.randint(1, 3)}")],
                        links=[d.FulfilmentLink(order_id=order_id, line_no=no,
                                                work_order_id=wid, quantity=share,
                                                unit="pcs")]))
            if status == d.OrderStatus.SHIPPED or rng.random() < 0.05:
                shipments.append(d.Shipment(
                    id=f"SH{n:06d}-{no}", order_id=order_id, line_no=no,
                    customer_id="C000", quantity=quantity, unit="pcs", shipped_at=NOW))
            local_finish = datetime.combine(promised + timedelta(days=rng.randint(-3, 2)),
                                            datetime.min.time(), tzinfo=ZONE)
            finish[key] = local_finish + timedelta(hours=rng.randint(6, 23))
        customer = f"C{rng.randrange(400):03d}"
        orders.append(("crm", d.SalesOrder(
            id=order_id, number=f"SO-{100000 + n}", customer_id=customer, status=status,
            customer_po=f"PO-{rng.randint(10000, 99999)}", created_at=NOW, lines=lines)))
    inputs = OrdersInputs(orders=orders, customers=customers, shipments=shipments,
                          work_orders=work_orders, statuses=statuses, equipment=equipment,
                          zone=ZONE)
    return inputs, Plan(made_at=NOW, zone=ZONE, jobs={}, line_finish=finish)


def median_ms(runs: list[Callable[[], object]]) -> tuple[float, float]:
    times = []
    for work in runs:
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times), max(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])

    inputs, plan = build(args.lines)
    start = time.perf_counter()
    data = compute(inputs, LinkingRules(), plan, NOW)
    compute_ms = (time.perf_counter() - start) * 1000.0
    assert len(data.rows) == args.lines

    model = OrdersModel()
    proxy = OrdersFilter()
    proxy.setSourceModel(model)
    table = OrdersTable(proxy)
    table.resize(1400, 850)
    table.show()
    app.processEvents()
    start = time.perf_counter()
    model.set_rows(data.rows, data.index)
    app.processEvents()
    reset_ms = (time.perf_counter() - start) * 1000.0

    def settle(work: Callable[[], object]) -> Callable[[], object]:
        def run() -> None:
            work()
            app.processEvents()  # the table lays out and repaints once
        return run

    customers = sorted({row.customer for row in data.rows})
    filters: list[Callable[[], object]] = []
    for n in range(args.repeat):
        for change in ({"customer": customers[n * 37 % len(customers)]},
                       {"status": d.OrderStatus.IN_PRODUCTION}, {"risk": RiskLevel.AT_RISK},
                       {"search": f"so-10{n}"}, {"search": "po-5"}):
            filters.append(settle(lambda change=change: proxy.set_filters(**change)))
            filters.append(settle(lambda: proxy.set_filters()))
    filter_ms, filter_worst = median_ms(filters)

    sorts: list[Callable[[], object]] = []
    for _ in range(max(1, args.repeat // 2)):
        for column in Column:
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                sorts.append(settle(lambda c=column, o=order: table.sortByColumn(c, o)))
    sort_ms, sort_worst = median_ms(sorts)

    lines = f"{args.lines // 1000}k"
    print(f"orders_view_filter_{lines}: {filter_ms:.0f} ms (target: < 100 ms)", flush=True)
    print(f"orders_view_filter_{lines}_worst: {filter_worst:.0f} ms (target: none, for context)",
          flush=True)
    print(f"orders_view_sort_{lines}: {sort_ms:.0f} ms (target: < 100 ms)", flush=True)
    print(f"orders_view_sort_{lines}_worst: {sort_worst:.0f} ms (target: none, for context)",
          flush=True)
    print(f"orders_view_show_{lines}: {reset_ms:.0f} ms"
          " (target: none, for context: new rows into the model, UI thread)", flush=True)
    print(f"orders_rows_compute_{lines}: {compute_ms:.0f} ms"
          " (target: < 2000 ms, links, progress and risk, in the worker)", flush=True)
    start = time.perf_counter()
    gc.collect()
    gc_ms = (time.perf_counter() - start) * 1000.0
    print(f"orders_view_gc_pass_{lines}: {gc_ms:.0f} ms (target: < 500 ms, one full pass of"
          " the cyclic collector over the records and rows held, which stalls whatever thread"
          " sets it off)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
