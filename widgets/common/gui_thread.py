"""The GUI thread's turn at Python's lock.

The console's workers (cache writes, the views' reads, page parsing) run Python code too. When
another thread asks for the lock, CPython lets the holder keep it for up to the switch interval
(5 ms by default); with two busy workers the GUI thread can wait two turns at every step, and
the window's frames come late. A 1 ms interval hands the lock over sooner, at a small cost in
the workers' throughput. Measured with tests.benchmarks.bench_event_loop_lag on the Orders view
at plant size: p99 22-28 ms at 5 ms, 12-14 ms at 1 ms.
"""

from __future__ import annotations

import sys

SWITCH_INTERVAL_SECONDS = 0.001


def favour_gui_thread() -> None:
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
