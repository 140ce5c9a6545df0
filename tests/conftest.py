"""Settings every test shares: no display, no user's files."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator

import pytest

# Headless Qt everywhere, set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session", autouse=True)
def gui_thread_gc(qapp):
    """As in the console: no cyclic collection on worker threads (widgets.common.gui_thread_gc).
    Without it a collection set off in the cache-read worker could destroy a previous test's
    Qt objects from that thread."""
    from widgets.common.gui_thread_gc import collect_on_gui_thread

    return collect_on_gui_thread()


@pytest.fixture(autouse=True)
def collect_between_tests(gui_thread_gc):
    yield
    gui_thread_gc.check()  # what automatic collection would have done, on this thread


@pytest.fixture
def qloop(qapp) -> Iterator[asyncio.AbstractEventLoop]:
    """qasync's loop, as the console runs it: coroutines the widgets start run on Qt's loop."""
    from widgets.common.qt_event_loop import close_qt_event_loop, open_qt_event_loop

    loop = open_qt_event_loop(qapp)
    try:
        yield loop
    finally:
        close_qt_event_loop(loop)
