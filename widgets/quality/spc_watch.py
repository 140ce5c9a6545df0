"""Raising an SPC_RULE alert for each new rule violation on a critical characteristic.

Checks in the worker when measurements or characteristics change (once per change, however
many arrive while a check runs); alerts are raised on the UI thread through the alert centre,
which shows each occurrence once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal

from app.automation.alerts import Alert
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge
from widgets.common.background import Background

if TYPE_CHECKING:
    from app.analytics.quality_watch import WatchState

log = logging.getLogger(__name__)

WATCHED_FEEDS = frozenset({"mes.measurements", "mes.characteristics"})


class AlertSink(Protocol):
    def raise_alert(self, alert: Alert) -> bool: ...


class SpcWatch(QObject):
    checked = Signal(int)  # how many new alerts the check raised

    def __init__(self, bridge: SyncBridge, store: CacheStore, alerts: AlertSink,
                 clock: Callable[[], datetime] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._alerts = alerts
        self._clock = clock or (lambda: datetime.now(UTC))
        # Only the worker touches the state, one check at a time; made at the first check, so
        # numpy and the analytics load then rather than at start-up.
        self._state: WatchState | None = None
        self._running = False
        self._again = False
        self.background = Background(self)
        bridge.cache_changed.connect(self._on_cache_changed)


    def _run(self, tag: str, fn) -> None:
        """`fn` in the worker; its result or error comes back to _on_finished / _on_failed."""
        self.background.run(fn, lambda result: self._on_finished(tag, result),
                            lambda error: self._on_failed(tag, error))
    def _on_cache_changed(self, changes: ChangeSet) -> None:
        if changes.kinds & WATCHED_FEEDS:
            self.check()

    def check(self) -> None:
        if self._running:
            self._again = True
            return
        from app.analytics.quality_watch import WatchState
        from app.runtime.spc_watch import spc_alerts

        self._running = True
        if self._state is None:
            self._state = WatchState()
        store, state, now = self._store, self._state, self._clock()
        self._run("spc", lambda: spc_alerts(store, state, now))

    def _on_finished(self, _tag: str, alerts: Any) -> None:
        raised = sum(self._alerts.raise_alert(alert) for alert in alerts)
        self._done()
        self.checked.emit(raised)

    def _on_failed(self, _tag: str, error: BaseException) -> None:
        log.error("SPC watch failed", exc_info=error)
        self._done()

    def _done(self) -> None:
        self._running = False
        if self._again:
            self._again = False
            self.check()
