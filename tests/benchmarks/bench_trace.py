"""Lot trace benchmark: backward and forward traces over 1,000,000 lot links.

    .venv/bin/python -m tests.benchmarks.bench_trace [--links 1000000] [--runs 20]

Method: each trace reads what is reachable from its lot straight from the cache
(`trace_from_cache`: one recursive query over the lot links' parent and child indexes, joined
with the lots) and walks it in Python; nothing is loaded beforehand. The trace figures are the
median time of a full trace from a few lots, each returning every node with its lot details
(product, quantity, unit, work order, machine, dates) and the link quantity. The cold figure
is timed once: from opening a CacheStore on the existing cache file (as a console starting up
does, the schema check included) to the first trace's answer. The process has imported the
code already and the file may sit in the OS cache, as it would on a console opened before.
The view figure is timed the same way, on another fresh CacheStore: the Traceability view's
first worker job (`load_trace_data`: sources, names, the lot to open and its lineage both ways)
up to the data its first trees show; laying the rows out in Qt afterwards is not included.
The search figure is the median time of `lot_search.search` for a few lot numbers' prefixes
(all but their last two characters, lower case: a hundred lots each at 1M), on another fresh
CacheStore, as the view's search box runs it.
`--check` also loads the whole genealogy (`load_genealogy`, slow at 1M) and asserts every
timed trace equals its in-memory one.

Data: a seeded, layered genealogy written through CacheStore.upsert (as the sync layer does):
raw lots → WIP lots (each consumes 3 raw lots) → second WIP stage (2 each) → finished lots
(2 or 3 each), so raw lots fan out and finished lots fan in. The same links go into a plain
sqlite3 table with indexes on both ends, where a bare recursive CTE returning ids only (no
lot details, no quantities) is the baseline.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from app import domain as d
from app.analytics.trace import BACKWARD, FORWARD, TraceResult
from app.cache.store import CacheStore
from app.runtime.lineage import load_genealogy, trace_from_cache
from app.runtime.lot_search import search
from widgets.traceability.trace_load import load_trace_data

MES = "bench-mes"
T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
PAGE = 50_000
# (kind, lots per 1M links, parents per lot (avg), stage)
STAGES = ((d.LotKind.RAW, 100_000, 0), (d.LotKind.WIP, 150_000, 3),
          (d.LotKind.WIP, 150_000, 2), (d.LotKind.FINISHED, 100_000, 2.5))


def build(links_wanted: int, seed: int = 7) -> tuple[list[d.Lot], list[d.LotLink]]:
    rng = random.Random(seed)
    scale = links_wanted / 1_000_000
    lots: list[d.Lot] = []
    links: list[d.LotLink] = []
    previous: list[str] = []
    for stage, (kind, per_million, fan_in) in enumerate(STAGES):
        count = int(per_million * scale)
        current = []
        for i in range(count):
            lot_id = f"L{stage}-{i:06d}"
            made = T0 + timedelta(days=stage, seconds=i)
            lots.append(d.Lot(
                id=lot_id, number=f"{kind.value[:2].upper()}-{stage}{i:06d}",
                product_id=f"P-{stage}{i % 300:03d}", kind=kind, quantity=Decimal(100 + i % 50),
                unit="kg" if kind == d.LotKind.RAW else "pcs", created_at=made,
                work_order_id=None if kind == d.LotKind.RAW else f"WO-{stage}{i // 4:06d}",
                machine_id=None if kind == d.LotKind.RAW else f"M-{i % 40}",
                supplier=f"Supplier {i % 30}" if kind == d.LotKind.RAW else None,
                supplier_lot=f"S{i:07d}" if kind == d.LotKind.RAW else None))
            parents = int(fan_in) + (1 if rng.random() < fan_in - int(fan_in) else 0)
            for parent in rng.sample(previous, parents) if previous else ():
                links.append(d.LotLink(
                    id=f"K{len(links):07d}", parent_lot_id=parent, child_lot_id=lot_id,
                    quantity=Decimal(rng.randint(1, 40)), unit="pcs", linked_at=made))
            current.append(lot_id)
        previous = current
    return lots, links


def fill_cache(store: CacheStore, lots: list[d.Lot], links: list[d.LotLink]) -> None:
    for feed, records in (("mes.lots", lots), ("mes.genealogy", links)):
        for start in range(0, len(records), PAGE):
            store.upsert(MES, feed, records[start:start + PAGE])


def fill_plain(path: Path, links: list[d.LotLink]) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE links (parent TEXT NOT NULL, child TEXT NOT NULL, "
                 "quantity TEXT NOT NULL)")
    conn.executemany("INSERT INTO links VALUES (?, ?, ?)",
                     [(k.parent_lot_id, k.child_lot_id, str(k.quantity)) for k in links])
    conn.execute("CREATE INDEX links_parent ON links (parent)")
    conn.execute("CREATE INDEX links_child ON links (child)")
    conn.commit()
    return conn


# UNION ALL, like the trace: a lot reached along two paths is listed twice.
BACKWARD_CTE = """
WITH RECURSIVE up(id) AS (
    SELECT ? UNION ALL SELECT links.parent FROM links JOIN up ON links.child = up.id)
SELECT id FROM up"""
FORWARD_CTE = """
WITH RECURSIVE down(id) AS (
    SELECT ? UNION ALL SELECT links.child FROM links JOIN down ON links.parent = down.id)
SELECT id FROM down"""


def median_ms(call: Callable[[str], object], roots: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        for root in roots:
            start = time.perf_counter()
            call(root)
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--check", action="store_true",
                        help="compare each trace with the loaded genealogy's")
    args = parser.parse_args()

    started = time.perf_counter()
    lots, links = build(args.links)
    rng = random.Random(11)
    raw = [lot.id for lot in lots if lot.kind == d.LotKind.RAW]
    finished = [lot.id for lot in lots if lot.kind == d.LotKind.FINISHED]
    forward_roots, backward_roots = rng.sample(raw, 5), rng.sample(finished, 5)
    prefixes = [lot.number[:-2].lower() for lot in rng.sample(lots, 5)]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/cache.sqlite3"
        store = CacheStore.open(url)
        fill_cache(store, lots, links)
        store.close()
        plain = fill_plain(Path(folder) / "plain.sqlite3", links)
        print(f"# {len(links):,} links, {len(lots):,} lots written in "
              f"{time.perf_counter() - started:.0f} s", flush=True)
        del lots, links

        # A cold console: a fresh store on the existing file, nothing read yet.
        start = time.perf_counter()
        store = CacheStore.open(url)
        trace_from_cache(store, MES, backward_roots[0], BACKWARD)
        cold_s = time.perf_counter() - start
        store.close()

        # The Traceability view opening on a cold console, asked for that lot.
        start = time.perf_counter()
        store = CacheStore.open(url)
        first = load_trace_data(store, backward_roots[0]).first
        view_s = time.perf_counter() - start
        assert first is not None and first.lot() is not None

        def backward(root: str) -> TraceResult:
            return trace_from_cache(store, MES, root, BACKWARD)

        def forward(root: str) -> TraceResult:
            return trace_from_cache(store, MES, root, FORWARD)

        # Searches on a fresh store, as the view's search box runs them.
        searcher = CacheStore.open(url)
        hits = [len(search(searcher, MES, prefix)) for prefix in prefixes]
        search_ms = median_ms(lambda prefix: search(searcher, MES, prefix), prefixes,
                              max(1, args.runs // 4))
        searcher.close()

        sizes_b = [len(backward(root).nodes) for root in backward_roots]
        sizes_f = [len(forward(root).nodes) for root in forward_roots]
        if args.check:
            genealogy = load_genealogy(store, MES)
            assert all(backward(r) == genealogy.backward(r) for r in backward_roots)
            assert all(forward(r) == genealogy.forward(r) for r in forward_roots)
            print("# every trace equals the loaded genealogy's", flush=True)
            del genealogy
        backward_ms = median_ms(backward, backward_roots, args.runs)
        forward_ms = median_ms(forward, forward_roots, args.runs)

        def bare(root: str) -> None:
            plain.execute(BACKWARD_CTE, (root,)).fetchall()

        def bare_forward(root: str) -> None:
            plain.execute(FORWARD_CTE, (root,)).fetchall()

        bare_ms = statistics.median([median_ms(bare, backward_roots, args.runs),
                                     median_ms(bare_forward, forward_roots, args.runs)])
        plain.close()
        store.close()
    print(f"# nodes per trace: backward {sizes_b}, forward {sizes_f}")
    print(f"trace_backward_1m_links: {backward_ms:.3f} ms (target: < 10 ms)")
    print(f"trace_forward_1m_links: {forward_ms:.3f} ms (target: < 10 ms)")
    print(f"trace_bare_recursive_sqlite: {bare_ms:.3f} ms (target: none, the baseline)")
    print(f"trace_genealogy_load_1m_links: {cold_s:.3f} s "
          "(target: < 1 s, first answer on a cold console)")
    print(f"trace_view_first_answer_1m_links: {view_s:.3f} s "
          "(target: < 1 s, the Traceability view's first tree on a cold console)")
    print(f"# hits per search of {prefixes}: {hits}")
    print(f"trace_search_1m_links: {search_ms:.3f} ms "
          "(target: < 50 ms, a lot number's prefix)")
    print(f"# total {time.perf_counter() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
