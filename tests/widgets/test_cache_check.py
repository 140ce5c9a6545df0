"""The full check of the cache runs in the background once the window is up (and again every
few hours), and views' reads are watched too; damage is told at once, once, and marked for
repair at the next start."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.cache.integrity import MARKER_SUFFIX
from app.cache.store import CacheStore
from tests.unit.test_cache_integrity import damage_near_the_end, filled_cache
from widgets.common.cache_check import RECHECK_MS, CacheWatch, check_cache_later


def boxes(window: QWidget) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.isVisible()]


def open_with_window(qtbot, tmp_path: Path, damaged: bool) -> tuple[Path, CacheStore, QWidget]:
    """A filled cache (damaged near its end, or sound), open, and a shown window over it."""
    path = tmp_path / "cache.sqlite3"
    filled_cache(path)
    if damaged:
        damage_near_the_end(path)
    store = CacheStore.open(f"sqlite:///{path}")
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    return path, store, window


def test_damage_is_told_while_work_goes_on(qtbot, tmp_path: Path) -> None:
    _, store, window = open_with_window(qtbot, tmp_path, damaged=True)
    try:
        check_cache_later(store, window)
        qtbot.waitUntil(lambda: bool(boxes(window)), timeout=20_000)
        box = boxes(window)[0]
        assert box.text().startswith("The local cache is damaged (")
        assert "rebuilt from the sources when the console next starts" in box.text()
        assert (tmp_path / f"cache.sqlite3{MARKER_SUFFIX}").is_file()
    finally:
        store.close()


def test_a_sound_cache_says_nothing(qtbot, tmp_path: Path) -> None:
    _, store, window = open_with_window(qtbot, tmp_path, damaged=False)
    try:
        watch = check_cache_later(store, window)
        qtbot.waitUntil(lambda: watch.background.pending == 0, timeout=20_000)
        assert boxes(window) == []
        assert not (tmp_path / f"cache.sqlite3{MARKER_SUFFIX}").exists()
    finally:
        store.close()


def test_damage_a_view_reads_into_is_told_once(qtbot, tmp_path: Path) -> None:
    _, store, window = open_with_window(qtbot, tmp_path, damaged=True)
    CacheWatch(store, window)  # not started: only the reads can find the damage

    def read_orders() -> None:  # as a view's read does, on a worker thread
        with contextlib.suppress(Exception):  # the read fails; the view keeps what it showed
            store.all("crm", "crm.orders")

    try:
        for _ in range(2):
            worker = threading.Thread(target=read_orders)
            worker.start()
            worker.join()
        qtbot.waitUntil(lambda: bool(boxes(window)), timeout=5_000)
        assert len(boxes(window)) == 1
        assert "malformed" in boxes(window)[0].text()
        assert (tmp_path / f"cache.sqlite3{MARKER_SUFFIX}").is_file()
    finally:
        store.close()


def test_the_check_runs_again_while_the_console_stays_open(qtbot, tmp_path: Path) -> None:
    path, store, window = open_with_window(qtbot, tmp_path, damaged=False)
    try:
        watch = check_cache_later(store, window)
        qtbot.waitUntil(lambda: watch.background.pending == 0, timeout=20_000)
        assert boxes(window) == [] and RECHECK_MS <= 6 * 3600 * 1000
        damage_near_the_end(path)  # later, while the window stays open
        watch._timer.timeout.emit()  # the schedule's next turn, without waiting hours
        qtbot.waitUntil(lambda: bool(boxes(window)), timeout=20_000)
        assert (tmp_path / f"cache.sqlite3{MARKER_SUFFIX}").is_file()
    finally:
        store.close()
