"""Holding Python's cyclic garbage collector off while plain data is built.

Building hundreds of thousands of records, rows or tuples sets off the cyclic collector again
and again, and each pass walks every object alive: most of the time of a large build, and a
stall for every thread, since a pass holds the interpreter. Such data makes no reference
cycles, so collecting can wait until it is built.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collection inside; restored as found. The console keeps automatic
    collection off anyway (widgets.common.gui_thread_gc): then this changes nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
