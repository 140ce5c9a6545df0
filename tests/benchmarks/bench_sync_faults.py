"""Seconds until every feed of the demo plant has been read once, with 10 % of requests failing.

    python -m tests.benchmarks.bench_sync_faults [--rate 0.1] [--limit 300]

The demo plant as `gemba --demo` starts it (seed 7, three days of history: production counts
are about 80 pages), paused so every run reads the same data, with a fault that answers HTTP
500 to that share of the contract's requests (seeded: the same requests in the same order
fail). The console's sync engine reads it with its default intervals into a real SQLite cache,
without a window. The figure runs from the engine's start until the last feed was read to its
end once; a run that has not got there after `--limit` seconds prints "> limit".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from app.cache.store import CacheStore
from app.contract import FEEDS
from app.sim.launcher import start_demo_plant
from app.sync.engine import NoEvents, SyncEngine
from app.sync.health import SourceHealth
from app.sync.sources import demo_sources

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
SEED = 7  # the demo plant's


class Progress(NoEvents):
    """Which feeds were read to their end, and how many failed reads the sources reported."""

    def __init__(self) -> None:
        self.synced: set[str] = set()
        self.failures = 0
        self.news = asyncio.Event()
        self._last_error: dict[str, datetime | None] = {}

    def publish_synced(self, source: str, feed: str, at: datetime) -> None:
        self.synced.add(feed)
        self.news.set()

    def publish_health(self, health: SourceHealth) -> None:
        if health.last_error_at not in (None, self._last_error.get(health.source)):
            self.failures += 1
        self._last_error[health.source] = health.last_error_at


async def read_everything(url: str, store: CacheStore, limit: float) -> tuple[float | None, int]:
    """Seconds until every served feed was read once (None: not within `limit`), and the
    failures reported meanwhile."""
    progress = Progress()
    engine = SyncEngine.for_sources(demo_sources(url), store, events=progress)
    feeds = {spec.name for spec in FEEDS}  # the demo plant serves every one
    started = time.perf_counter()
    await engine.start()
    deadline = started + limit
    try:
        while progress.synced != feeds:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None, progress.failures
            progress.news.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(progress.news.wait(), left)
        return time.perf_counter() - started, progress.failures
    finally:
        await engine.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=0.1, help="share of requests failing")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds to give up after")
    args = parser.parse_args()
    with start_demo_plant(seed=SEED, start=START, extra_args=["--paused"]) as plant, \
            tempfile.TemporaryDirectory() as folder:
        with httpx.Client(base_url=plant.url, timeout=30) as control:
            control.post("/sim/v1/faults", json={"path": "/", "kind": "http_500",
                                                 "rate": args.rate, "seed": 1}
                         ).raise_for_status()
        store = CacheStore.open(f"sqlite:///{Path(folder) / 'cache.sqlite3'}")
        try:
            seconds, failures = asyncio.run(read_everything(plant.url, store, args.limit))
        finally:
            store.close()
    percent = f"{args.rate * 100:g}"
    value = f"{seconds:.1f}" if seconds is not None else f">{args.limit:g}"
    print(f"({failures} failed reads of a feed at {percent} % of requests failing)", flush=True)
    print(f"sync_complete_at_{percent}pct_faults: {value} s (target: < 120 s)", flush=True)


if __name__ == "__main__":
    main()
