"""One lane for the background's Python work: the plant runtime's jobs and the views' reads take
turns instead of running at once.

The GUI thread takes Python's interpreter lock back at every call from Qt into Python (each
item a view paints, each signal). With two busy Python workers besides it (and the sync
engine's cache writer), it waits for the lock at each of those calls, and a view of 10,000
rows stutters; with one at a time it stays smooth, and the work takes as long overall.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

LANE = threading.Lock()


def in_lane(work: Callable[[], T]) -> T:
    with LANE:
        return work()
