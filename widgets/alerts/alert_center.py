"""The alert centre: alerts that need a person, raised once per occurrence, until dismissed.

It watches the cache for machines that go down (a MACHINE_DOWN alert with the orders and
customers the machine puts at risk, key accounts first), and other parts of the console raise
their own alerts through it:

    window.alert_center.raise_alert(alert)   # app.automation.alerts.Alert

`raise_alert` returns False for a key it has seen before (open or dismissed), so a caller may
raise the same occurrence on every poll without repeating it. An alert's `key` must identify
the occurrence, e.g. f"spc_rule:{source}:{characteristic}:{rule}:{first_point_time}".
Must be called on the GUI thread. `changed` fires after any raise or dismissal; `raised`
carries each new alert.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

from app.automation.alerts import Alert
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.sync.bridge import SyncBridge
from widgets.alerts.down_watch import RecordKey, new_down_alerts
from widgets.common.background import Background


class AlertCenter(QObject):
    raised = Signal(object)  # Alert
    changed = Signal()

    def __init__(self, bridge: SyncBridge, store: CacheStore | None,
                 clock: Callable[[], datetime] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock or (lambda: datetime.now(UTC))
        self._open: dict[str, Alert] = {}
        self._order: dict[str, int] = {}  # raise order: ties on `since` show the newest first
        self._seen: set[str] = set()
        self._pending: set[RecordKey] = set()
        self._busy = False
        self.background = Background(self)
        if store is not None:
            bridge.cache_changed.connect(self._on_cache_changed)

    # -- the interface for others ------------------------------------------------------------
    def raise_alert(self, alert: Alert) -> bool:
        """Show `alert` unless its key was raised before; True when it is new."""
        if alert.key in self._seen:
            return False
        self._seen.add(alert.key)
        self._order[alert.key] = len(self._seen)
        self._open[alert.key] = alert
        self.raised.emit(alert)
        self.changed.emit()
        return True

    def dismiss(self, key: str) -> None:
        if self._open.pop(key, None) is not None:
            self.changed.emit()

    def dismiss_all(self) -> None:
        if self._open:
            self._open.clear()
            self.changed.emit()

    def open_alerts(self) -> list[Alert]:
        """Open alerts, newest occurrence first."""
        return sorted(self._open.values(), key=lambda a: (a.since, self._order[a.key]),
                      reverse=True)

    # -- machines going down -----------------------------------------------------------------
    def _on_cache_changed(self, changes: ChangeSet) -> None:
        keys = changes.upserted.get("mes.machine_status")
        if keys:
            self._pending.update(keys)
            self._check()

    def _check(self) -> None:
        if self._busy or not self._pending or self._store is None:
            return
        keys, self._pending = self._pending, set()
        self._busy = True
        store, known, now = self._store, set(self._seen), self._clock()
        self.background.run(lambda: new_down_alerts(store, keys, known, now),
                            self._on_down, lambda _: self._done())

    def _on_down(self, alerts: list[Alert]) -> None:
        for alert in alerts:
            self.raise_alert(alert)
        self._done()

    def _done(self) -> None:
        self._busy = False
        self._check()
