"""The full check of the cache runs in the background once the window is up; damage is told
at once, and marked for repair at the next start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.cache.integrity import MARKER_SUFFIX
from app.cache.store import CacheStore
from tests.unit.test_cache_integrity import damage_near_the_end, filled_cache
from widgets.common.cache_check import check_cache_later


def boxes(window: QWidget) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.isVisible()]


def test_damage_is_told_while_work_goes_on(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    filled_cache(path)
    damage_near_the_end(path)
    store = CacheStore.open(f"sqlite:///{path}")
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
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
    path = tmp_path / "cache.sqlite3"
    filled_cache(path)
    store = CacheStore.open(f"sqlite:///{path}")
    window = QWidget()
    qtbot.addWidget(window)
    try:
        background = check_cache_later(store, window)
        qtbot.waitUntil(lambda: background.pending == 0, timeout=20_000)
        assert boxes(window) == []
        assert not (tmp_path / f"cache.sqlite3{MARKER_SUFFIX}").exists()
    finally:
        store.close()
