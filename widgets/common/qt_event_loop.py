"""The asyncio loop the console runs on: qasync's, on Qt's event loop."""

from __future__ import annotations

import asyncio
import sys

import qasync
from PySide6.QtCore import QCoreApplication


def open_qt_event_loop(app: QCoreApplication) -> qasync.QEventLoop:
    """qasync's loop, set as the current loop, with the async-generator hooks that asyncio's
    own run_forever installs and qasync's does not. Without them an async generator left
    unfinished (an HTTP body stream read only in part) is finalized wherever the garbage
    collector runs, outside any task: its cleanup cannot await, and "Exception ignored ...
    GeneratorExit / cancel scope" lands on stderr while the connection is not given back.
    With them, asyncio closes it in a task of its own."""
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    # The loop's own hook methods: they keep the generators for shutdown_asyncgens() too.
    sys.set_asyncgen_hooks(firstiter=loop._asyncgen_firstiter_hook,
                           finalizer=loop._asyncgen_finalizer_hook)
    return loop


def close_qt_event_loop(loop: qasync.QEventLoop) -> None:
    """Close what async generators are still open, then the loop."""
    try:
        if not loop.is_closed() and not loop.is_running():
            loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        sys.set_asyncgen_hooks(firstiter=None, finalizer=None)
        loop.close()
        asyncio.set_event_loop(None)
