"""Blocking cache reads off the GUI thread, their results handed back on it.

A plain thread pool plus a queued signal works with or without a running asyncio loop (the
console runs qasync; widget tests often do not), and keeps one worker thread so reads never
race each other for SQLite.
"""

from __future__ import annotations

import itertools
import logging
import weakref
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from app.runtime.worker_lane import in_lane

log = logging.getLogger(__name__)

_EXECUTOR: ThreadPoolExecutor | None = None


def executor() -> ThreadPoolExecutor:
    global _EXECUTOR
    if _EXECUTOR is None:
        _EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gemba-views")
    return _EXECUTOR


class _Relay(QObject):
    """Carries finished work back to the GUI thread. The worker's side holds nothing but a
    ticket number: a widget (or its callbacks) must never be released on the worker thread,
    where Qt would delete it from the wrong thread."""

    finished = Signal(int, object, object)  # ticket, result, error

    def __init__(self) -> None:
        super().__init__()
        self.waiting: dict[int, tuple[weakref.ref[Background], Callable, Callable | None]] = {}
        self.tickets = itertools.count(1)
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def _deliver(self, ticket: int, result: Any, error: BaseException | None) -> None:
        entry = self.waiting.pop(ticket, None)
        if entry is None:
            return
        owner_ref, done, failed = entry
        owner = owner_ref()
        if owner is None or not shiboken6.isValid(owner):
            return  # its view is gone (or being deleted): nobody waits for this any more
        owner.deliver(done, failed, result, error)


_RELAY: _Relay | None = None


def _relay() -> _Relay:
    global _RELAY
    if _RELAY is None:
        _RELAY = _Relay()
        app = QCoreApplication.instance()
        if app is not None:
            _RELAY.moveToThread(app.thread())
    return _RELAY


def reads_in_flight() -> int:
    """Reads handed to the worker whose results have not reached their view yet."""
    return len(_RELAY.waiting) if _RELAY is not None else 0


class Background(QObject):
    """`run(fn, done)`: fn() in the worker, done(result) on the GUI thread.

    An error is logged and handed to `failed` (if given) so nothing fails silently; a result
    that arrives after this object is gone is dropped.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pending = 0

    def run(self, fn: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None] | None = None, *,
            pool: Executor | None = None) -> None:
        """`pool`: another executor than the views' one worker, for work that must not hold
        up the views' reads (it must not write to the cache either)."""
        self.pending += 1
        relay = _relay()
        ticket = next(relay.tickets)
        relay.waiting[ticket] = (weakref.ref(self), done, failed)

        def finished(future: Future[Any]) -> None:
            error = future.exception()
            result = None if error is not None else future.result()
            relay.finished.emit(ticket, result, error)

        if pool is None:  # the views' reads take turns with the plant runtime's work
            pool, work = executor(), partial(in_lane, fn)
        else:
            work = fn
        pool.submit(work).add_done_callback(finished)

    def deliver(self, done: Callable[[Any], None], failed: Callable[[BaseException], None] | None,
                result: Any, error: BaseException | None) -> None:
        self.pending -= 1
        if error is None:
            done(result)
            return
        log.error("background read failed", exc_info=error)
        if failed is not None:
            failed(error)
