"""Live machine data over MQTT Sparkplug B: event-loop lag and change-to-screen latency.

    python -m tests.benchmarks.bench_live_machines [--seconds 20] [--machines 500]

A real mosquitto on loopback; a SparkplugPlant in another process publishes 500 machines with
10 signals each, every signal changing every second (DDATA with aliases). The console's parts
run as in `gemba`: QApplication (offscreen), the qasync loop, the main window showing the
Machines view, the SyncEngine with the Sparkplug connector into a real SQLite cache.

One probe machine flips between running and down every 2 s and carries the publish time
(wall clock, ms) in the same message; the figures are the time from that publish to the status
being in the cache (the poller's change announcement) and to the probe's tile showing the new
state (its colour). Both include the wait for the next read of mes.machine_status (--interval).
A task on the loop asks to wake every 5 ms and records how late it wakes (p99).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.benchmarks.bench_event_loop_lag import measure_lag, percentile  # noqa: E402

GROUP = "bench"
PROBE = "M-000"
SOURCE = "floor-mqtt"


def publish(url: str, machines: int, signals: int, seconds: float) -> None:
    """The publisher process: one edge node, every machine's signals changing each second."""
    from app.connectors.sparkplug.payload import DataType
    from app.domain.machines import MachineState, MachineStatus
    from app.sim.sparkplug_plant import SparkplugPlant

    rng = random.Random(7)
    names = [f"signal_{i:02d}" for i in range(signals)]
    ids = [f"M-{i:03d}" for i in range(machines)]
    now = datetime.now(UTC)
    plant = SparkplugPlant(url, GROUP, "edge-bench").start()
    plant.publish_status([MachineStatus(id=m, state=MachineState.RUNNING, since=now,
                                        good_count=Decimal(0), work_order_id="WO-1",
                                        signals={n: 0.0 for n in names}) for m in ids])
    plant.publish_metrics(PROBE, {"Signals/sent_at_ms": (DataType.DOUBLE, 0.0)})
    print("ready", flush=True)
    start = time.monotonic()
    tick = 0
    while time.monotonic() - start < seconds:
        tick += 1
        for machine in ids:
            plant.publish_metrics(machine, {f"Signals/{n}": (DataType.DOUBLE, rng.random())
                                            for n in names})
        if tick % 2 == 0:
            state = MachineState.DOWN if tick % 4 == 0 else MachineState.RUNNING
            plant.publish_metrics(PROBE, {
                "State": (DataType.STRING, state.value),
                "Signals/sent_at_ms": (DataType.DOUBLE, time.time() * 1000)})
        # Each second's batch starts on the second, whatever publishing it took.
        time.sleep(max(0.0, start + tick - time.monotonic()))
    plant.stop()


class _ProbedConnector:
    """The Sparkplug connector, noting when a page carries a new probe status."""

    def __init__(self, inner, seen: list) -> None:
        self.inner, self.source, self._seen = inner, inner.source, seen

    def feeds(self):
        return self.inner.feeds()

    async def read_changes(self, feed, token):
        async for page in self.inner.read_changes(feed, token):
            for record in page.records:
                if record.id == PROBE and record.signals.get("sent_at_ms"):
                    self._seen.append(record)
            yield page

    async def write(self, *args, **kwargs):
        return await self.inner.write(*args, **kwargs)

    async def aclose(self) -> None:
        await self.inner.aclose()


def run(machines: int, signals: int, seconds: float, interval: float, show_window: bool
        ) -> dict[str, list[float]]:
    from PySide6.QtWidgets import QApplication

    from app.cache.store import CacheStore
    from app.connectors.sparkplug import from_profile
    from app.runtime.plant_runtime import PlantRuntime
    from app.sim.mosquitto import MosquittoBroker
    from app.sync.bridge import SyncBridge
    from app.sync.engine import SyncEngine
    from app.sync.profiles import MemorySecrets, SourceProfile
    from widgets.common.qt_event_loop import open_qt_event_loop
    from widgets.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    loop = open_qt_event_loop(app)  # as gemba runs it
    folder = tempfile.TemporaryDirectory()
    store = CacheStore.open(f"sqlite:///{Path(folder.name) / 'cache.sqlite3'}")
    bridge = SyncBridge()
    model = None
    if show_window:
        window = MainWindow(bridge=bridge, store=store)
        window.switch_view("machines")
        window.show()
        model = window.views["machines"].model
    broker = MosquittoBroker().start()
    publisher = subprocess.Popen(
        [sys.executable, "-m", "tests.benchmarks.bench_live_machines", "--publish", broker.url,
         "--machines", str(machines), "--signals", str(signals),
         "--seconds", str(seconds + 10)], stdout=subprocess.PIPE, text=True)
    profile = SourceProfile(name=SOURCE, role="mes", backend="sparkplug", url=broker.url,
                            instance=GROUP)
    probes: list = []
    connector = _ProbedConnector(from_profile(profile, MemorySecrets()), probes)
    figures: dict[str, list[float]] = {"cache": [], "tile": [], "lag": []}
    last_cached: dict[str, float] = {}  # the probe's latest state and send time in the cache
    tile_state: list = [None]

    def on_changes(changes) -> None:
        while probes:
            record = probes.pop(0)
            sent = record.signals["sent_at_ms"]
            if sent != last_cached.get("sent"):
                figures["cache"].append(time.time() * 1000 - sent)
                last_cached.update(sent=sent, state=record.state)

    def on_tiles(*_args) -> None:
        tile = model.tile((SOURCE, PROBE))
        if tile is None or tile.state == tile_state[0]:
            return
        tile_state[0] = tile.state
        if last_cached.get("state") == tile.state and last_cached.get("sent"):
            figures["tile"].append(time.time() * 1000 - last_cached["sent"])

    bridge.cache_changed.connect(on_changes)
    if model is not None:
        model.dataChanged.connect(on_tiles)
        model.rowsInserted.connect(on_tiles)
    engine = SyncEngine(store, [connector], events=bridge,
                        intervals={"mes.machine_status": interval, "mes.machine_events": 5.0})

    async def main() -> None:
        await engine.start()
        # Wait for the publisher's births to be under way before measuring.
        await asyncio.to_thread(publisher.stdout.readline)
        await measure_lag(seconds, figures["lag"])
        figures["held"] = [store.count(SOURCE, "mes.machine_status")]
        figures["messages"] = [connector.inner.messages_received]
        await engine.stop()

    try:
        with loop:
            loop.run_until_complete(main())
    finally:
        publisher.terminate()
        publisher.wait()
        broker.close()
        PlantRuntime.stop_all_on(store)  # its work in hand reads the store
        store.close()
        folder.cleanup()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--machines", type=int, default=500)
    parser.add_argument("--signals", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--interval", type=float, default=1.0,
                        help="seconds between reads of mes.machine_status")
    parser.add_argument("--no-window", action="store_true",
                        help="without the Machines view: the connector and the cache only")
    parser.add_argument("--publish", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.publish:
        publish(args.publish, args.machines, args.signals, args.seconds)
        return
    figures = run(args.machines, args.signals, args.seconds, args.interval,
                  show_window=not args.no_window)
    lags, cache, tile = figures["lag"], figures["cache"], figures["tile"]
    print(f"live_machines_lag_p99: {percentile(lags, 0.99):.1f} ms (target: < 16 ms)")
    print(f"live_machines_lag_p50: {statistics.median(lags):.1f} ms (target: none, for context)")
    if cache:
        print(f"live_change_to_cache_p50: {statistics.median(cache):.0f} ms "
              f"(target: none, read every {args.interval:g} s)")
        print(f"live_change_to_cache_max: {max(cache):.0f} ms "
              f"(target: < {args.interval * 1000 + 500:.0f} ms)")
    if tile:
        print(f"live_change_to_tile_p50: {statistics.median(tile):.0f} ms "
              f"(target: none, read every {args.interval:g} s)")
        print(f"live_change_to_tile_max: {max(tile):.0f} ms "
              f"(target: < {args.interval * 1000 + 1000:.0f} ms)")
    print(f"live_machines_held: {figures['held'][0]} machines (target: {args.machines})")
    print(f"live_mqtt_messages: {figures['messages'][0]} messages (target: none, for context)")


if __name__ == "__main__":
    main()
