"""Event-loop lag with the Machines view shown while 500 machines change every second.

    python -m tests.benchmarks.bench_machines_lag [--seconds 20] [--machines 500]

As bench_event_loop_lag, but the window shows the Machines view and the plant is the
BenchPlant with few orders, so the figure is what the view costs: 500 status changes a second
read in the background, applied to the tiles in place and repainted. BenchPlant serves no
equipment, so every machine lands in the Unassigned group. A task on the loop asks to wake every
5 ms and records how late it wakes; the figure is the 99th percentile over the run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.benchmarks.bench_event_loop_lag import (  # noqa: E402
    measure_lag,
    percentile,
    start_plant,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=100)
    parser.add_argument("--machines", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication
    from qasync import QEventLoop

    from app.cache.store import CacheStore
    from app.sync.bridge import SyncBridge
    from app.sync.engine import SyncEngine
    from app.sync.sources import demo_sources
    from widgets.main_window import MainWindow

    plant, url = start_plant(args.orders, args.machines)
    app = QApplication.instance() or QApplication([])
    loop = QEventLoop(app)
    asyncio.set_event_loop(loop)
    folder = tempfile.TemporaryDirectory()
    store = CacheStore.open(f"sqlite:///{Path(folder.name) / 'cache.sqlite3'}")
    bridge = SyncBridge()
    window = MainWindow(bridge=bridge, store=store)
    window.switch_view("machines")
    window.show()
    view = window.views["machines"]
    engine = SyncEngine.for_sources(demo_sources(url), store, events=bridge, intervals={
        **{feed: 3600.0 for feed in ("mes.machine_events", "mes.production_counts")},
        "mes.machine_status": 1.0})
    lags: list[float] = []

    async def run() -> tuple[int, int]:
        await engine.start()
        await measure_lag(args.seconds, lags)
        shown = view.model.rowCount()
        await engine.stop()
        return shown, store.count("demo-mes", "mes.machine_status")

    try:
        with loop:
            tiles, held = loop.run_until_complete(run())
    finally:
        plant.terminate()
        plant.wait()
        store.close()
        folder.cleanup()
    print(f"machines_view_lag_p99: {percentile(lags, 0.99):.1f} ms (target: < 16 ms)")
    print(f"machines_view_lag_p50: {statistics.median(lags):.1f} ms (target: none, for context)")
    print(f"machines_view_lag_max: {max(lags):.1f} ms (target: none, for context)")
    print(f"machines_view_tiles: {tiles} tiles (target: {args.machines})")
    print(f"machines_view_statuses_held: {held} machines (target: {args.machines})")


if __name__ == "__main__":
    main()
