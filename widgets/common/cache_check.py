"""The cache's full check, in the background once the window is up; damage it finds is told
to the person at once and repaired at the next start (app.cache.integrity)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.cache.integrity import check_and_mark
from app.cache.store import CacheStore
from widgets.common.background import Background

# Its own thread: reading a large cache whole takes seconds, which the views' reads must not
# wait for. SQLite leaves Python's lock while it reads, so the window does not wait either.
_POOL: ThreadPoolExecutor | None = None


def damage_text(problem: str) -> str:
    return QCoreApplication.translate(
        "CacheCheck", "The local cache is damaged ({problem}). Keep working: it will be "
        "rebuilt from the sources when the console next starts, and the actions waiting to "
        "be sent will be kept.").format(problem=problem)


def check_cache_later(store: CacheStore, window: QWidget, show_dialog: bool = True
                      ) -> Background:
    """Start the check; a damaged cache is told in a dialog over `window` (or only logged)."""
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gemba-cache-check")
    url = store.engine.url.render_as_string(hide_password=False)
    background = Background(window)

    def found(problem: str | None) -> None:
        if problem is None or not show_dialog:
            return
        box = QMessageBox(QMessageBox.Icon.Warning,
                          QCoreApplication.translate("CacheCheck", "Local cache"),
                          damage_text(problem), QMessageBox.StandardButton.Ok, window)
        box.open()  # not modal to the whole console: work goes on

    background.run(lambda: check_and_mark(url), found, pool=_POOL)
    return background
