"""Blocking cache reads off the GUI thread, their results handed back on it.

A plain thread pool plus a queued signal works with or without a running asyncio loop (the
console runs qasync; widget tests often do not), and keeps one worker thread so reads never
race each other for SQLite.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)

_EXECUTOR: ThreadPoolExecutor | None = None


def executor() -> ThreadPoolExecutor:
    global _EXECUTOR
    if _EXECUTOR is None:
        _EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gemba-views")
    return _EXECUTOR


class Background(QObject):
    """`run(fn, done)`: fn() in the worker, done(result) on the GUI thread.

    An error is logged and handed to `failed` (if given) so nothing fails silently; a result
    that arrives after this object is gone is dropped by Qt with the connection.
    """

    _finished = Signal(object, object, object)  # callback, result, error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.pending = 0

    def run(self, fn: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None] | None = None) -> None:
        self.pending += 1

        def finished(future: Future[Any]) -> None:
            error = future.exception()
            result = None if error is not None else future.result()
            # RuntimeError: the receiver was deleted meanwhile, and nobody waits for it.
            with contextlib.suppress(RuntimeError):
                self._finished.emit((done, failed), result, error)

        executor().submit(fn).add_done_callback(finished)

    def _deliver(self, callbacks: tuple[Callable[[Any], None], Any], result: Any,
                 error: BaseException | None) -> None:
        self.pending -= 1
        done, failed = callbacks
        if error is None:
            done(result)
            return
        log.error("background read failed", exc_info=error)
        if failed is not None:
            failed(error)
