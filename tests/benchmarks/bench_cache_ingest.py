"""Cache ingest benchmark: CacheStore.upsert against raw sqlite3 executemany upserts.

    .venv/bin/python -m tests.benchmarks.bench_cache_ingest [--orders 100000] [--page-size 5000]

Both sides write the same 100,000 orders with three lines each into a fresh SQLite file with the
same tables, indexes and pragmas. The raw side gets its rows ready-made as tuples of stored
values (only executemany and the commit are timed), so it is the strictest baseline; the cache
side starts from domain objects, as the sync layer does, and writes them page by page.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from app import domain as d
from app.cache.schema import crm
from app.cache.store import CacheStore

LINES_PER_ORDER = 3
T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def make_orders(count: int) -> list[d.SalesOrder]:
    statuses = list(d.OrderStatus)
    orders = []
    for i in range(count):
        lines = [d.OrderLine(
            line_no=n, product_id=f"P-{(i + n) % 400}", quantity=Decimal(f"{(i % 97) + n}.25"),
            unit="pcs", requested_date=date(2026, 3, 1) + timedelta(days=i % 90),
            promised_date=date(2026, 3, 5) + timedelta(days=i % 90) if n != 3 else None,
            options={"colour": "red"} if i % 5 == 0 else {},
        ) for n in range(1, LINES_PER_ORDER + 1)]
        orders.append(d.SalesOrder(
            id=f"O{i}", version=1 + i % 3, number=f"SO-{100000 + i}",
            customer_id=f"C{i % 2000}", status=statuses[i % len(statuses)], priority=1 + i % 5,
            customer_po=f"PO-{i}", created_at=T0 + timedelta(seconds=37 * i), lines=lines))
    return orders


def _stored_time(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def raw_rows(orders: list[d.SalesOrder], source: str) -> tuple[list[tuple], list[tuple]]:
    """The values exactly as the cache stores them on SQLite."""
    order_rows = [(source, o.id, o.version, o.number, o.customer_id, o.status.value, o.priority,
                   o.customer_po, _stored_time(o.created_at)) for o in orders]
    line_rows = [(source, o.id, line.line_no, line.product_id, str(line.quantity), line.unit,
                  line.requested_date.isoformat(),
                  line.promised_date.isoformat() if line.promised_date else None,
                  json.dumps(line.options, separators=(",", ":")))
                 for o in orders for line in o.lines]
    return order_rows, line_rows


def _upsert_sql(table: str, columns: list[str], key: list[str]) -> str:
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    return (f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)}) "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}")


def ingest_raw(path: Path, orders: list[d.SalesOrder]) -> float:
    """Seconds for raw executemany upserts of the orders and their lines."""
    connection = sqlite3.connect(path)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
        connection.execute(f"PRAGMA {pragma}")
    dialect = sqlite.dialect()
    for table in (crm.sales_orders, crm.order_lines):  # the cache's own DDL: same indexes
        connection.execute(str(CreateTable(table).compile(dialect=dialect)))
        for index in table.indexes:
            connection.execute(str(CreateIndex(index).compile(dialect=dialect)))
    connection.commit()
    order_rows, line_rows = raw_rows(orders, "bench")
    order_sql = _upsert_sql("sales_orders", [
        "source", "id", "version", "number", "customer_id", "status", "priority", "customer_po",
        "created_at"], ["source", "id"])
    line_sql = _upsert_sql("order_lines", [
        "source", "order_id", "line_no", "product_id", "quantity", "unit", "requested_date",
        "promised_date", "options"], ["source", "order_id", "line_no"])
    start = time.perf_counter()
    connection.executemany(order_sql, order_rows)
    connection.executemany(line_sql, line_rows)
    connection.commit()
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def ingest_cache(path: Path, orders: list[d.SalesOrder], page_size: int) -> float:
    """Seconds for CacheStore.upsert of the orders, one transaction per page as sync does."""
    store = CacheStore.open(f"sqlite:///{path}")
    start = time.perf_counter()
    for first in range(0, len(orders), page_size):
        store.upsert("bench", "crm.orders", orders[first:first + page_size])
    elapsed = time.perf_counter() - start
    held = store.count("bench", "crm.orders")
    store.close()
    if held != len(orders):
        raise SystemExit(f"cache holds {held} orders, expected {len(orders)}")
    return elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=5000)
    args = parser.parse_args(argv)
    orders = make_orders(args.orders)
    with tempfile.TemporaryDirectory(prefix="gemba-bench-") as folder:
        raw = ingest_raw(Path(folder) / "raw.sqlite3", orders)
        cache = ingest_cache(Path(folder) / "cache.sqlite3", orders, args.page_size)
    cache_rate, raw_rate = args.orders / cache, args.orders / raw
    print(f"cache_ingest_orders: {cache_rate:.0f} orders/s (target: >= 0.5x raw sqlite3)")
    print(f"raw_sqlite3_orders: {raw_rate:.0f} orders/s (target: none, the baseline)")
    print(f"cache_ingest_ratio: {cache_rate / raw_rate:.2f} x (target: >= 0.5)")


if __name__ == "__main__":
    main()
