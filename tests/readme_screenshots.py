"""The README's screenshots that need a click first: a machine's detail, the quality view, a
lot's backward trace, the complaints, the capacity tab, a customer's page, the alarm list and
the offline start.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.readme_screenshots docs/screenshots
    ... docs/screenshots quality.png offline.png     # only these

(`make screenshots` runs it.) The console runs on a demo plant that starts now and keeps the
wall clock's time, as `gemba --demo` does, and each picture is taken once the view shows what
the README's caption says. Not a test: it waits on the clock where a test would wait on a
signal, since it only has to take a picture.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.cache.store import CacheStore
from app.runtime.plant_runtime import PlantRuntime
from app.sim.launcher import start_demo_plant
from app.sync.sources import demo_sources
from widgets.alerts.alert_list import KEY_ROLE as ALARM_KEY
from widgets.console_run import run_console
from widgets.main_window import MainWindow
from widgets.style import apply_style

SETTLE_SECONDS = 4.0  # after the click, for the view's background reads and its charts
GIVE_UP_SECONDS = 300.0


def _window() -> MainWindow | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, MainWindow) and w.isVisible()), None)


Step = Callable[[MainWindow, CacheStore], QWidget | bool | None]


def drive(step: Step, store: CacheStore, grab: Path | None) -> None:
    """Call `step(window, store)` every 100 ms until it returns what to wait for (True: the main
    window, a widget: that one); SETTLE_SECONDS later, grab that widget into `grab` (unless it
    is the main window, which run_console saves) and close the console."""
    began = time.monotonic()
    state: dict = {}

    def tick() -> None:
        window = _window()
        if window is None or time.monotonic() - began > GIVE_UP_SECONDS:
            if window is not None:
                print(f"readme_screenshots: gave up on {grab}", file=sys.stderr)
                window.close()
                return
            QTimer.singleShot(100, tick)
            return
        if "target" not in state:
            target = step(window, store)
            if target:
                state["target"], state["at"] = target, time.monotonic()
        elif time.monotonic() - state["at"] >= SETTLE_SECONDS:
            target = state["target"]
            if isinstance(target, QWidget) and target is not window and grab is not None:
                target.grab().save(str(grab))
                target.close()
            window.close()
            return
        QTimer.singleShot(100, tick)

    QTimer.singleShot(100, tick)


SIGNALS_SECONDS = 150.0  # of live samples behind the detail's signal chart
_first_tiles: list[float] = []


def machine_detail(window: MainWindow, _store: CacheStore) -> QWidget | None:
    view = window.views["machines"]
    if view.proxy.rowCount() == 0:
        return None
    if not _first_tiles:
        _first_tiles.append(time.monotonic())
    if time.monotonic() - _first_tiles[0] < SIGNALS_SECONDS:
        return None
    tiles = [view.tile_at(row) for row in range(view.proxy.rowCount())]
    running = [t for t in tiles if t.state is not None and t.state.value == "running"]
    return view.open_detail((running or tiles)[0].key)


def quality(window: MainWindow, store: CacheStore) -> bool:
    view = window.views["quality"]
    # The chart, once the measurements are in (the first sync brings them last).
    return view.content is not None and view.stack.currentWidget() is view.content \
        and store.count("demo-mes", "mes.measurements") > 0


def quality_matrix(window: MainWindow, store: CacheStore) -> bool:
    """The "By line" tab at 1280 × 720, once its rows hold the measurements."""
    view = window.views["quality"]
    if view.matrix is None or store.count("demo-mes", "mes.measurements") == 0:
        return False
    window.resize(1280, 720)
    view.show_matrix()
    matrix = view.matrix.matrix
    return matrix is not None and any(row.measurements for row in matrix.rows)


def trace(window: MainWindow, store: CacheStore) -> bool:
    view = window.views["traceability"]
    lots = [lot for lot in store.all("demo-mes", "mes.lots") if lot.kind.value == "finished"]
    if not lots:
        return False
    view.open_lot(max(lots, key=lambda lot: lot.created_at).id)
    return True


def complaints(window: MainWindow, _store: CacheStore) -> bool:
    view = window.views["complaints"]
    if view.proxy.rowCount() == 0:
        return False
    view.table.selectRow(0)  # the newest, as a click would
    return True


def capacity(window: MainWindow, _store: CacheStore) -> bool:
    view = window.views["planning"]
    if window.planner.plan is None:
        return False
    view.tabs.setCurrentWidget(view.capacity)
    return True


def customer_page(window: MainWindow, store: CacheStore) -> QWidget | None:
    orders = store.all("demo-crm", "crm.orders")
    if not orders or window.planner.plan is None:
        return None
    # The customer with the most open order lines: the fullest page.
    counts: dict[str, int] = {}
    for order in orders:
        if order.status.value in ("confirmed", "in_production"):
            counts[order.customer_id] = counts.get(order.customer_id, 0) + len(order.lines)
    if not counts:
        return None
    page = window.open_customer("demo-crm", max(counts, key=counts.__getitem__))
    if page is not None:
        page.resize(1100, 760)
    return page


def alarms(window: MainWindow, _store: CacheStore) -> QWidget | None:
    """The alarm list at 1280 × 720, the most urgent alarm being worked as a plant manager
    would: assigned and commented on, its journal beside the list."""
    center = window.alert_center
    if center.open_count() < 2:
        return None
    window.resize(1280, 720)
    window.alert_bar.open_list()
    dialog = window.alert_bar.dialog
    dialog.resize(1240, 680)
    first = center.alarms()[0]
    center.assign(first.key, "Lin Wei-ting")
    center.comment(first.key, "Gauge checked; watching the next lots.")
    for row in range(dialog.tree.topLevelItemCount()):
        item = dialog.tree.topLevelItem(row)
        if item.data(0, ALARM_KEY) == first.key:
            dialog.tree.setCurrentItem(item)
    return dialog


SHOTS: list[tuple[str, str, Step]] = [
    ("machine-detail.png", "machines", machine_detail),
    ("quality.png", "quality", quality),
    ("quality-matrix.png", "quality", quality_matrix),
    ("traceability.png", "traceability", trace),
    ("complaints.png", "complaints", complaints),
    ("capacity.png", "planning", capacity),
    ("customer-page.png", "overview", customer_page),
    ("alarms.png", "machines", alarms),
]


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path("docs/screenshots")
    wanted = set(argv[1:]) or {name for name, _, _ in SHOTS} | {"offline.png"}
    app = QApplication.instance() or QApplication([])
    apply_style(app)
    start = datetime.now(UTC).replace(second=0, microsecond=0)
    with tempfile.TemporaryDirectory(prefix="gemba-shots-") as tmp, \
            start_demo_plant(seed=7, speed=1.0, start=start) as plant:
        store = CacheStore.open(f"sqlite:///{Path(tmp) / 'cache.sqlite3'}")
        try:
            for name, view, step in [shot for shot in SHOTS if shot[0] in wanted]:
                main_window_shot = name if step not in (customer_page, machine_detail,
                                                        alarms) else None
                drive(step, store, folder / name)
                run_console(app, demo_sources(plant.url), view, GIVE_UP_SECONDS,
                            folder / main_window_shot if main_window_shot else None, store)
                print(f"readme_screenshots: {name}")
            plant.stop()
            if "offline.png" not in wanted:
                return 0
            # The offline start: the same cache, the plant gone.
            drive(lambda window, _store: window.views["overview"].isVisible(), store, None)
            run_console(app, demo_sources(plant.url), "overview", GIVE_UP_SECONDS,
                        folder / "offline.png", store)
            print("readme_screenshots: offline.png")
        finally:
            PlantRuntime.stop_all_on(store)  # its work in hand reads the store
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
