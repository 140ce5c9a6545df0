"""The window's end of the plant runtime (app.runtime.plant_runtime): cache changes go in,
updates come out on the GUI thread as `updated(RuntimeUpdate)`.

    link = RuntimeLink(bridge, store, clock, rules=True, describe=alert_for, parent=window)
    link.updated.connect(...)                     # a new plan, new alerts, a rules round
    link.submit(work, done, failed)               # a "what if", answered on the GUI thread

The runtime's thread never holds a Qt object: it hands updates to one carrier that lives as
long as the application, which passes them to the links still alive. A link stops its runtime
when it is destroyed.
"""

from __future__ import annotations

import itertools
import logging
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal

from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.runtime.plant_runtime import Describe, PlantRuntime, RuntimeUpdate

log = logging.getLogger(__name__)


class _Carrier(QObject):
    """Moves results from the runtime's thread to the GUI thread (a queued signal)."""

    carried = Signal(int, object)  # link id, update or (callbacks, future)

    def __init__(self) -> None:
        super().__init__()
        self.links: weakref.WeakValueDictionary[int, RuntimeLink] = weakref.WeakValueDictionary()
        self.ids = itertools.count(1)
        self.carried.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def _deliver(self, link_id: int, item: Any) -> None:
        link = self.links.get(link_id)
        if link is None or not shiboken6.isValid(link):
            return  # its window is gone
        link.receive(item)


_CARRIER: _Carrier | None = None


def _carrier() -> _Carrier:
    global _CARRIER
    if _CARRIER is None:  # made on the GUI thread, with the first link
        _CARRIER = _Carrier()
    return _CARRIER


class _Answer:
    """A submitted question's finished future and its ticket: the callbacks stay with the
    link, on the GUI thread (a widget must never be released on another thread)."""

    __slots__ = ("future", "ticket")

    def __init__(self, ticket: int, future: Future) -> None:
        self.ticket, self.future = ticket, future


class RuntimeLink(QObject):
    updated = Signal(object)  # RuntimeUpdate

    def __init__(self, bridge: Any | None, store: CacheStore, clock: Callable[[], datetime],
                 *, rules: bool = False, watch: bool = True, describe: Describe | None = None,
                 start: bool = True, parent: QObject | None = None) -> None:
        """`bridge`: its cache_changed and outbox_changed feed the runtime; `rules`, `watch`,
        `describe`: as PlantRuntime's; `start` False: it does only what it is asked (tests)."""
        super().__init__(parent)
        carrier = _carrier()
        self._id = next(carrier.ids)
        carrier.links[self._id] = self
        link_id, carried = self._id, carrier.carried
        self.runtime = PlantRuntime(store, clock, lambda update: carried.emit(link_id, update),
                                    rules=rules, watch=watch, describe=describe)
        self.latest: RuntimeUpdate | None = None
        self._tickets = itertools.count(1)
        self._waiting: dict[int, tuple[Callable[[Any], None],
                                       Callable[[BaseException], None] | None]] = {}
        if bridge is not None:
            bridge.cache_changed.connect(self._on_cache_changed)
            bridge.outbox_changed.connect(lambda _items: self.runtime.replan())
        # Stopping needs no Qt object, so the runtime is stopped even as the link goes.
        self.destroyed.connect(lambda _obj=None, runtime=self.runtime: runtime.stop(0))
        if start:
            self.runtime.start()

    def _on_cache_changed(self, changes: ChangeSet) -> None:
        self.runtime.changed(changes)

    def submit(self, work: Callable[[Any], Any], done: Callable[[Any], None],
               failed: Callable[[BaseException], None] | None = None, *,
               latest: bool = False) -> None:
        """`work(plan)` on the runtime's thread (see PlantRuntime.submit); its result to
        `done`, or its error to `failed`, on the GUI thread."""
        ticket = next(self._tickets)
        self._waiting[ticket] = (done, failed)
        carried, link_id = _carrier().carried, self._id
        self.runtime.submit(work, latest).add_done_callback(
            lambda f: carried.emit(link_id, _Answer(ticket, f)))

    def receive(self, item: RuntimeUpdate | _Answer) -> None:
        """On the GUI thread: an update for whoever listens, or an answer for who asked."""
        if isinstance(item, RuntimeUpdate):
            self.latest = item
            self.updated.emit(item)
            return
        done, failed = self._waiting.pop(item.ticket, (None, None))
        future = item.future
        if done is None or future.cancelled():
            return
        error = future.exception()
        if error is None:
            done(future.result())
        elif failed is not None:
            failed(error)
        else:
            log.error("runtime: a question failed", exc_info=error)

    def stop(self, wait: float = 0.0) -> None:
        """Stop the runtime; `wait` seconds at most for the work in hand (a plan at plant size
        takes seconds: a closing window does not wait, whoever closes the store does)."""
        self.runtime.stop(wait)
