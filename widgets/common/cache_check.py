"""The cache's full check, in the background once the window is up and again every few hours,
and any read that meets damage on the way: the person is told at once, and the cache is
repaired at the next start (app.cache.integrity)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.cache.integrity import check_and_mark, mark_damaged
from app.cache.store import CacheStore
from widgets.common.background import Background

# Its own thread: reading a large cache whole takes seconds, which the views' reads must not
# wait for. SQLite leaves Python's lock while it reads, so the window does not wait either.
_POOL: ThreadPoolExecutor | None = None
RECHECK_MS = 4 * 3600 * 1000  # a console left open for days still notices damage the same day


def damage_text(problem: str) -> str:
    return QCoreApplication.translate(
        "CacheCheck", "The local cache is damaged ({problem}). Keep working: it will be "
        "rebuilt from the sources when the console next starts, and the actions waiting to "
        "be sent will be kept.").format(problem=problem)


class CacheWatch(QObject):
    """Tells the person, once, that the cache is damaged: found by the full check, or by a
    read on any thread (CacheStore.damage_found)."""

    _found = Signal(str)

    def __init__(self, store: CacheStore, window: QWidget, show_dialog: bool = True) -> None:
        super().__init__(window)
        self._store = store
        self._window = window
        self._show_dialog = show_dialog
        self._told = False
        self.url = store.engine.url.render_as_string(hide_password=False)
        self.background = Background(window)
        self._found.connect(self._tell, Qt.ConnectionType.QueuedConnection)
        store.damage_found.append(self._found.emit)  # emitted from the reading thread
        self._timer = QTimer(self)
        self._timer.setInterval(RECHECK_MS)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self.check()
        self._timer.start()

    def check(self) -> None:
        global _POOL
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gemba-cache-check")
        url = self.url
        self.background.run(lambda: check_and_mark(url), self._checked, pool=_POOL)

    def _checked(self, problem: str | None) -> None:
        if problem is not None:
            self._tell(problem, marked=True)

    def _tell(self, problem: str, marked: bool = False) -> None:
        if self._told:
            return
        self._told = True
        self._timer.stop()  # one repair at the next start is enough
        if not marked:
            mark_damaged(self.url, problem)
        if not self._show_dialog:
            return
        box = QMessageBox(QMessageBox.Icon.Warning,
                          QCoreApplication.translate("CacheCheck", "Local cache"),
                          damage_text(problem), QMessageBox.StandardButton.Ok, self._window)
        box.open()  # not modal to the whole console: work goes on


def check_cache_later(store: CacheStore, window: QWidget, show_dialog: bool = True
                      ) -> CacheWatch:
    """Start watching; a damaged cache is told in a dialog over `window` (or only logged)."""
    watch = CacheWatch(store, window, show_dialog)
    watch.start()
    return watch
