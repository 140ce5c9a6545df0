"""Python's cyclic garbage collection on the GUI thread only, in passes short enough not to
stall the window.

The cyclic collector runs in whichever thread happens to allocate when a threshold is crossed.
When that is the cache-read worker and the garbage holds a Qt wrapper (a closed view kept by a
lambda cycle, a parentless QObject it owned), Qt destroys the object from the wrong thread while
the GUI thread may be using it, and the process crashes at random. So automatic collection is
off and the same thresholds are checked on a GUI-thread timer, every CHECK_SECONDS.

A pass walks every object of the generations it collects, and at plant size the views' worker
builds hundreds of thousands of them between two checks (a plan, the figures and the rows
behind them): walking those is a stall of a tenth of a second or more. So once a pass has
taken longer than PASS_BUDGET, the collector freezes instead of walking: a young generation
larger than YOUNG_PASS_LIMIT, and whatever survives a young pass into the older ones
(gc.freeze costs nothing; frozen objects are still freed when their last reference goes).
Garbage cycles among frozen objects wait for a deep pass (everything unfrozen, collected,
frozen again), done only when the frozen set has grown by a quarter, as CPython itself does,
and at most every DEEP_MIN_SECONDS. In practice the first pass after start, over everything
the start made, is already long enough, and what the start made is frozen, as gc.freeze is
meant for.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

CHECK_SECONDS = 1.0
PASS_BUDGET = 0.008  # a pass longer than this: freeze from then on, as below
YOUNG_PASS_LIMIT = 20_000  # when freezing, a young generation larger than this is frozen
DEEP_GROWTH = 1.25  # frozen objects grown by a quarter since the last deep pass ...
DEEP_MIN_SECONDS = 600.0  # ... and at least this long since it
COUNT_SECONDS = 60.0  # how often the frozen set is counted once a deep pass may be due

_COLLECTOR: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    def __init__(self, interval_seconds: float) -> None:
        super().__init__()
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.freezing = False  # large young generations and survivors frozen, not walked
        self._deep_at = time.monotonic()  # of the last deep pass (or the start)
        self._frozen_after_deep = 0  # frozen objects then (or at the first freeze)
        self._count_after = 0.0  # monotonic time before which the frozen set is not counted
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(max(1, round(interval_seconds * 1000)))

    def check(self) -> None:
        """What automatic collection would have done since the last check, on this thread."""
        (t0, t1, t2), (c0, c1, c2) = self.thresholds, gc.get_count()
        if c0 <= t0:
            return
        if self.freezing and c0 > YOUNG_PASS_LIMIT:
            self._freeze()
            return
        if not self._timed_pass(0):
            return
        if c1 <= t1:
            return
        if self.freezing:
            self._freeze()
            return
        self._timed_pass(2 if c2 > t2 else 1)

    def _timed_pass(self, generation: int) -> bool:
        """Collect `generation`; False (and frozen from now on) if that took too long."""
        began = time.perf_counter()
        gc.collect(generation)
        if time.perf_counter() - began > PASS_BUDGET:
            self._freeze()
            return False
        return True

    def _freeze(self) -> None:
        gc.freeze()
        self.freezing = True
        if not self._frozen_after_deep:
            self._frozen_after_deep = gc.get_freeze_count()
        elif self._deep_due():
            gc.unfreeze()
            gc.collect(2)
            gc.freeze()
            self._deep_at = time.monotonic()
            self._frozen_after_deep = gc.get_freeze_count()

    def _deep_due(self) -> bool:
        # gc.get_freeze_count() walks every frozen object (28 ms for 3 million): the clock is
        # asked first, and the count at most once every COUNT_SECONDS.
        now = time.monotonic()
        if now - self._deep_at < DEEP_MIN_SECONDS or now < self._count_after:
            return False
        self._count_after = now + COUNT_SECONDS
        return gc.get_freeze_count() > DEEP_GROWTH * self._frozen_after_deep


def collect_on_gui_thread(interval_seconds: float = CHECK_SECONDS) -> GuiThreadCollector:
    """Start (once) collecting on the GUI thread; call with the QApplication running."""
    global _COLLECTOR
    if _COLLECTOR is None:
        _COLLECTOR = GuiThreadCollector(interval_seconds)
    return _COLLECTOR
