"""Python's cyclic garbage collection on the GUI thread only, and without full passes over a
large plant's data every minute or two.

The cyclic collector runs in whichever thread happens to allocate when a threshold is crossed.
When that is the cache-read worker and the garbage holds a Qt wrapper (a closed view kept by a
lambda cycle, a parentless QObject it owned), Qt destroys the object from the wrong thread while
the GUI thread may be using it, and the process crashes at random. So automatic collection is
off and the same thresholds are checked on a GUI-thread timer.

A pass over the oldest generation walks every object the console holds: at plant size (a
hundred thousand order lines, a plan, a year of history) that is a stall of a second or more.
So once such a pass takes long, what survived it is frozen (gc.freeze): later passes walk only
what is newer, and objects frozen are still freed when their last reference goes. Garbage
cycles among frozen objects wait for a deep pass (everything unfrozen, collected, frozen
again), done only when the frozen set has grown by a quarter, as CPython itself does, and at
most every few minutes. A small console (the demo plant, a test) never freezes anything.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

FREEZE_AFTER_SECONDS = 0.05  # a pass over the oldest generation longer than this: freeze
DEEP_GROWTH = 1.25  # frozen objects grown by a quarter since the last deep pass ...
DEEP_MIN_SECONDS = 600.0  # ... and at least this long since it

_COLLECTOR: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    def __init__(self, interval_seconds: float) -> None:
        super().__init__()
        self.thresholds = gc.get_threshold()
        gc.disable()
        self._deep_at = time.monotonic()  # of the last deep pass (or the start)
        self._frozen_after_deep = 0  # frozen objects then (or at the first freeze)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(int(interval_seconds * 1000))

    def check(self) -> None:
        """What automatic collection would have done since the last check, on this thread."""
        (t0, t1, t2), (c0, c1, c2) = self.thresholds, gc.get_count()
        if c0 <= t0:
            return
        gc.collect(0)
        if c1 <= t1:
            return
        gc.collect(1)
        if c2 <= t2:
            return
        if gc.get_freeze_count() and self._deep_due():
            gc.unfreeze()
            gc.collect(2)
            self._deep_at = time.monotonic()
            gc.freeze()
            self._frozen_after_deep = gc.get_freeze_count()
        else:
            began = time.perf_counter()
            gc.collect(2)  # walks only what is not frozen
            if time.perf_counter() - began > FREEZE_AFTER_SECONDS:
                gc.freeze()
            if not self._frozen_after_deep:
                self._frozen_after_deep = gc.get_freeze_count()

    def _deep_due(self) -> bool:
        return (gc.get_freeze_count() > DEEP_GROWTH * self._frozen_after_deep
                and time.monotonic() - self._deep_at >= DEEP_MIN_SECONDS)


def collect_on_gui_thread(interval_seconds: float = 1.0) -> GuiThreadCollector:
    """Start (once) collecting on the GUI thread; call with the QApplication running."""
    global _COLLECTOR
    if _COLLECTOR is None:
        _COLLECTOR = GuiThreadCollector(interval_seconds)
    return _COLLECTOR
