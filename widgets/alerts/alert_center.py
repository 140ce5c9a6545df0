"""The alert centre: alerts that need a person, raised once per occurrence, until dismissed.

It shows the alerts the plant runtime raises (machines that go down, with the orders and
customers each puts at risk, key accounts first; SPC rule violations; rule firings), and other
parts of the console raise their own alerts through it:

    window.alert_center.raise_alert(alert)   # app.automation.alerts.Alert
    window.alert_center.raise_alerts(alerts)  # many at once: `changed` fires once

`raise_alert` returns False for a key it has seen before (open or dismissed), so a caller may
raise the same occurrence on every poll without repeating it. An alert's `key` must identify
the occurrence, e.g. f"spc_rule:{source}:{characteristic}:{rule}:{first_point_time}".
Must be called on the GUI thread. `changed` fires after any raise or dismissal; `raised`
carries each new alert.

Thousands of alerts may arrive in one round (a plant whose MES is not linked fires a rule for
every order line), so raising and showing the newest cost no sort of all open alerts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QMetaMethod, QObject, Signal

from app.automation.alerts import Alert

if TYPE_CHECKING:
    from app.runtime.plant_runtime import RuntimeUpdate
    from widgets.common.runtime_link import RuntimeLink


class AlertCenter(QObject):
    raised = Signal(object)  # Alert
    changed = Signal()

    def __init__(self, runtime: RuntimeLink | None = None,
                 parent: QObject | None = None) -> None:
        """`runtime`: the window's; the alerts it raises show here."""
        super().__init__(parent)
        self._open: dict[str, Alert] = {}
        # The order shown: newest `since` first, ties by raise order (the later first).
        self._rank: dict[str, tuple[datetime, int]] = {}
        self._newest: str | None = None  # the key of the first open alert in that order
        self._sorted: list[Alert] | None = None  # open_alerts(), until the next change
        self._seen: set[str] = set()
        if runtime is not None:
            runtime.updated.connect(self._on_update)

    def _on_update(self, update: RuntimeUpdate) -> None:
        if update.alerts:
            self.raise_alerts(update.alerts)

    # -- the interface for others ------------------------------------------------------------
    def raise_alert(self, alert: Alert) -> bool:
        """Show `alert` unless its key was raised before; True when it is new."""
        return bool(self.raise_alerts((alert,)))

    def raise_alerts(self, alerts: Iterable[Alert]) -> list[Alert]:
        """Show the alerts whose keys were not raised before, in the order given; the new
        ones. `changed` fires once (if any is new)."""
        # Plain locals and one comparison of `since` per alert: this loop may run 30,000 times
        # on the GUI thread.
        seen, opened, ranks = self._seen, self._open, self._rank
        newest = self._newest
        top = ranks[newest] if newest is not None else None
        new: list[Alert] = []
        for alert in alerts:
            key = alert.key
            if key in seen:
                continue
            seen.add(key)
            rank = ranks[key] = (alert.since, len(seen))
            opened[key] = alert
            new.append(alert)
            if top is None or alert.since >= top[0]:  # a tie: the later raise shows first
                newest, top = key, rank
        self._newest = newest
        if not new:
            return new
        self._sorted = None
        # One `raised` per alert only for someone listening: 30,000 idle emits take ~30 ms.
        if self.isSignalConnected(QMetaMethod.fromSignal(self.raised)):
            for alert in new:
                self.raised.emit(alert)
        self.changed.emit()
        return new

    def dismiss(self, key: str) -> None:
        if self._open.pop(key, None) is not None:
            self._sorted = None
            if key == self._newest:
                self._newest = max(self._open, key=self._rank.__getitem__, default=None)
            self.changed.emit()

    def dismiss_all(self) -> None:
        if self._open:
            self._open.clear()
            self._sorted, self._newest = None, None
            self.changed.emit()

    def open_alerts(self) -> list[Alert]:
        """Open alerts, newest occurrence first (sorted once per change, not per call)."""
        if self._sorted is None:
            keys = sorted(self._open, key=self._rank.__getitem__, reverse=True)
            self._sorted = [self._open[key] for key in keys]
        return list(self._sorted)

    def newest(self) -> Alert | None:
        """The first of open_alerts(), without sorting them."""
        return None if self._newest is None else self._open[self._newest]

    def open_count(self) -> int:
        return len(self._open)
