"""Python's cyclic garbage collection on the GUI thread only.

The cyclic collector runs in whichever thread happens to allocate when a threshold is crossed.
When that is the cache-read worker and the garbage holds a Qt wrapper (a closed view kept by a
lambda cycle, a parentless QObject it owned), Qt destroys the object from the wrong thread while
the GUI thread may be using it, and the process crashes at random. pyqtgraph ships the usual
remedy: automatic collection off, the same thresholds checked on a GUI-thread timer.
"""

from __future__ import annotations

from pyqtgraph.util.garbage_collector import GarbageCollector

_COLLECTOR: GarbageCollector | None = None


def collect_on_gui_thread(interval_seconds: float = 1.0) -> GarbageCollector:
    """Start (once) collecting on the GUI thread; call with the QApplication running."""
    global _COLLECTOR
    if _COLLECTOR is None:
        _COLLECTOR = GarbageCollector(interval=interval_seconds)
    return _COLLECTOR
