"""Event-loop lag of the console while it syncs 10,000 orders and 500 machines at 1 Hz.

    python -m tests.benchmarks.bench_event_loop_lag [--seconds 20] [--view overview]

The console's own parts run as in `gemba`: QApplication (offscreen), the qasync loop, the main
window, the sync engine with a real SQLite cache. The plant is the demo plant scaled to that
size (`gemba-sim --machines --orders`, tests/benchmarks/bench_plant.py), in another process.
A task on the loop asks to wake every 5 ms and records how late it wakes; the figure is the 99th
percentile over the run, which starts with the first full sync of every order; the worst
wake-up is the longest stall. Each of the Overview, Orders and Machines views is measured in a
process of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.sim.launcher import DemoPlant  # noqa: E402
from tests.benchmarks.bench_plant import start_bench_plant  # noqa: E402

TICK_SECONDS = 0.005


def start_plant(orders: int, machines: int) -> tuple[DemoPlant, str]:
    """The demo plant's own generator at this size (tests/benchmarks/bench_plant.py)."""
    plant = start_bench_plant(orders, machines)
    return plant, plant.url


async def measure_lag(seconds: float, lags: list[float]) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while loop.time() < end:
        before = time.perf_counter()
        await asyncio.sleep(TICK_SECONDS)
        lags.append((time.perf_counter() - before - TICK_SECONDS) * 1000)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class LoadRun:
    lags: list[float]  # ms late, one per wake-up
    orders_held: int
    machines_held: int
    tiles_shown: int  # machine tiles in the Machines view (0 when another view is shown)


def run_console_under_load(orders: int, machines: int, seconds: float, view: str,
                           intervals: dict[str, float], show_window: bool = True) -> LoadRun:
    """The console's real parts syncing a plant of this size while the lag is measured."""
    from PySide6.QtWidgets import QApplication

    from app.cache.store import CacheStore
    from app.runtime.plant_runtime import PlantRuntime
    from app.sync.bridge import SyncBridge
    from app.sync.engine import SyncEngine
    from app.sync.sources import demo_sources
    from widgets.common.background import executor
    from widgets.common.gui_thread import favour_gui_thread
    from widgets.common.gui_thread_gc import collect_on_gui_thread
    from widgets.common.qt_event_loop import open_qt_event_loop
    from widgets.main_window import MainWindow

    plant, url = start_plant(orders, machines)
    app = QApplication.instance() or QApplication([])
    favour_gui_thread()  # as gemba does: the GUI thread gets the lock back within 1 ms
    collect_on_gui_thread()  # as gemba does: no cyclic collection on a worker thread
    loop = open_qt_event_loop(app)  # as gemba runs it
    folder = tempfile.TemporaryDirectory()
    store = CacheStore.open(f"sqlite:///{Path(folder.name) / 'cache.sqlite3'}")
    bridge = SyncBridge()
    window = MainWindow(bridge=bridge, store=store) if show_window else None
    if window is not None:
        window.switch_view(view)
        window.show()
    engine = SyncEngine.for_sources(demo_sources(url), store, events=bridge, intervals={
        **{feed: 3600.0 for feed in ("mes.machine_events", "mes.production_counts")},
        **intervals})
    lags: list[float] = []

    async def run() -> LoadRun:
        await engine.start()
        await measure_lag(seconds, lags)
        tiles = window.views["machines"].model.rowCount() if window and view == "machines" else 0
        result = LoadRun(lags, store.count("demo-crm", "crm.orders"),
                         store.count("demo-mes", "mes.machine_status"), tiles)
        await engine.stop()
        return result

    try:
        with loop:
            return loop.run_until_complete(run())
    finally:
        plant.stop()
        if window is not None:
            window.close()
        executor().submit(lambda: None).result(timeout=120)  # the views' last reads done
        PlantRuntime.stop_all_on(store, timeout=120)  # and the runtime's
        store.close()
        folder.cleanup()


VIEWS = ("overview", "orders", "machines")
# The Overview's figures keep the names they had before the other views were measured.
PREFIX = {"overview": "event_loop_lag", "orders": "event_loop_lag_orders",
          "machines": "event_loop_lag_machines"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--machines", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--view", choices=VIEWS, help="one view (default: each, one process "
                        "apiece, so one view's memory does not weigh on the next)")
    args = parser.parse_args()
    if args.view is None:
        for view in VIEWS:
            subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_event_loop_lag",
                            "--orders", str(args.orders), "--machines", str(args.machines),
                            "--seconds", str(args.seconds), "--view", view], check=False)
        return
    result = run_console_under_load(
        args.orders, args.machines, args.seconds, args.view,
        {"crm.orders": 1.0, "mes.machine_status": 1.0},
        show_window=not os.environ.get("BENCH_NO_WINDOW"))
    lags, name = result.lags, PREFIX[args.view]
    print(f"{name}_p99: {percentile(lags, 0.99):.1f} ms (target: < 16 ms)", flush=True)
    print(f"{name}_p50: {statistics.median(lags):.1f} ms (target: none, for context)",
          flush=True)
    print(f"{name}_max: {max(lags):.1f} ms (target: < 250 ms)", flush=True)
    # The window's process only: the plant runs in another. ru_maxrss is in KiB on Linux.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"console_peak_rss_{args.view}_{args.orders // 1000}k_orders: {peak:.0f} MiB "
          "(target: none, for context)", flush=True)
    if args.view == "overview":
        print(f"sync_orders_held: {result.orders_held} orders (target: {args.orders})")
        print(f"sync_machines_held: {result.machines_held} machines "
              f"(target: {args.machines})", flush=True)


if __name__ == "__main__":
    main()
