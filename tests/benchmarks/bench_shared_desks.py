"""Twenty desks on one sync agent against twenty consoles polling the demo plant themselves.

    python -m tests.benchmarks.bench_shared_desks [--seconds 60] [--desks 20]

Requests per minute to the backends: twenty sync engines (what twenty consoles run, without
their windows) each polling the plant, against one agent doing it for everyone; counted at the
HTTP client of each engine over the same stretch of time. Then the time from a change in the
plant (a machine forced down) until all twenty desks' listeners on the shared PostgreSQL cache
have heard of it, through the agent's NOTIFY.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pwd
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx

from app.agent.agent import AgentEvents
from app.cache.changes import ChangeSet
from app.cache.database import create_cache_engine, upgrade_schema
from app.cache.shared_mode import ChangeListener
from app.cache.store import CacheStore
from app.connectors.rest import RestConnector
from app.sim.launcher import start_demo_plant
from app.sync.engine import SyncEngine
from app.sync.sources import demo_sources
from tests.cache_db import PostgresCluster, _free_port, postgres_bin_dir


class CountingTransport(httpx.AsyncHTTPTransport):
    """Counts the requests one engine sends to the backends."""

    def __init__(self) -> None:
        super().__init__()
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return await super().handle_async_request(request)


def engine_for(url: str, database: str, events=None) -> tuple[SyncEngine, list[CountingTransport]]:
    transports = [CountingTransport() for _ in range(2)]
    connectors = [RestConnector(source, transport=transport)
                  for source, transport in zip(demo_sources(url), transports, strict=True)]
    return SyncEngine(CacheStore.open(database), connectors, events), transports


async def requests_per_minute(url: str, folder: Path, engines: int, seconds: float) -> float:
    """Requests per minute of `engines` engines polling the plant, over `seconds` after each
    has finished its first full sync (what a console does all day)."""
    made = [engine_for(url, f"sqlite:///{folder / f'desk{n}.sqlite3'}") for n in range(engines)]
    for engine, _ in made:
        for connector in engine._connectors:
            await engine.poller.sync_source_once(connector.source.name)
    for engine, _ in made:
        await engine.start()
    before = sum(t.requests for _, transports in made for t in transports)
    await asyncio.sleep(seconds)
    after = sum(t.requests for _, transports in made for t in transports)
    for engine, _ in made:
        await engine.stop()
    return (after - before) * 60.0 / seconds


def start_cluster() -> tuple[PostgresCluster, Path]:
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL server binaries not found (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="gemba-bench-pg-"))
    run_as = None
    if os.geteuid() == 0:
        run_as = "postgres"
        account = pwd.getpwnam(run_as)
        os.chown(folder, account.pw_uid, account.pw_gid)
    folder.chmod(0o700)
    cluster = PostgresCluster(bin_dir, folder, _free_port(), run_as)
    cluster.start()
    return cluster, folder


async def change_to_desks(url: str, database: str, desks: int) -> list[float]:
    """Seconds from forcing a machine down until each desk's listener heard of it."""
    store = CacheStore(create_cache_engine(database))
    events = AgentEvents(store, anchor=None)
    engine, _ = engine_for(url, database, events)
    for connector in engine._connectors:
        await engine.poller.sync_source_once(connector.source.name)
    with httpx.Client(base_url=url, timeout=30) as client:
        machine = client.get("/mes/v1/machines/status", params={"limit": "1"}).json()[
            "items"][0]["id"]
    reader = CacheStore(create_cache_engine(database))
    heard: dict[int, float] = {}
    everyone = threading.Event()
    lock = threading.Lock()

    def listener(n: int):
        def callback(changes: ChangeSet) -> None:
            if ("demo-mes", machine) not in changes.ids("mes.machine_status"):
                return
            # A desk shows what the cache holds: heard once the cache has the change.
            status = reader.get_many("demo-mes", "mes.machine_status", [machine])
            if status and status[0].reason == "benchmark":
                with lock:
                    heard.setdefault(n, time.perf_counter())
                    if len(heard) == desks:
                        everyone.set()
        return ChangeListener(database, callback)

    listeners = [listener(n) for n in range(desks)]
    for one in listeners:
        one.start()
    for one in listeners:
        one.connected.wait(30)
    events.start()
    await engine.start()
    with httpx.Client(base_url=url, timeout=30) as client:
        changed_at = time.perf_counter()
        client.put(f"/sim/v1/machines/{machine}/state",
                   json={"state": "down", "reason": "benchmark"}).raise_for_status()
    await asyncio.to_thread(everyone.wait, 60)
    await engine.stop()
    await events.stop()
    for one in listeners:
        one.stop()
    reader.close()
    store.close()
    return sorted(at - changed_at for at in heard.values())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--desks", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gemba-bench-desks-"))
    cluster, pg_folder = start_cluster()
    try:
        # Paused: nothing changes in the plant but the change the benchmark makes, so the
        # first notification naming that machine is the one it waits for.
        with start_demo_plant(seed=7, speed=60,
                              extra_args=["--paused", "--history-days", "1"]) as plant:
            direct = asyncio.run(requests_per_minute(plant.url, folder, args.desks,
                                                     args.seconds))
            (folder / "agent").mkdir()
            agent = asyncio.run(requests_per_minute(plant.url, folder / "agent", 1,
                                                    args.seconds))
            cluster.execute("CREATE DATABASE gemba_bench")
            database = cluster.url("gemba_bench")
            engine = create_cache_engine(database)
            upgrade_schema(engine)
            engine.dispose()
            delays = asyncio.run(change_to_desks(plant.url, database, args.desks))
    finally:
        cluster.stop()
        shutil.rmtree(pg_folder, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"# {args.desks} desks, {args.seconds:.0f} s of polling after the first full sync")
    print(f"shared_desks_direct_requests: {direct:.0f} per minute "
          f"(target: none, {args.desks} consoles polling the plant themselves)")
    print(f"shared_desks_agent_requests: {agent:.0f} per minute (target: none, one agent)")
    print(f"shared_desks_request_ratio: {direct / agent:.1f} x (target: about {args.desks} x "
          "fewer requests with the agent)")
    if len(delays) == args.desks:
        print(f"shared_desks_change_to_all: {delays[-1]:.2f} s (target: none, median "
              f"{statistics.median(delays):.2f} s; the agent reads machine status every 1.5 s)")
    else:
        print(f"shared_desks_change_to_all: timeout s (target: none, {len(delays)} of "
              f"{args.desks} desks heard within 60 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
