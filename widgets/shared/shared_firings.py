"""A desk of a shared cache and the automation rules the sync agent runs for every desk.

The agent stores each firing once, in the shared cache, and NOTIFIES "firings". A desk then
reads the firings stored since it last looked: an alert firing raises its alert here, as a
console that runs its own rules would (put into words in the worker, raised in one batch),
and the event log reloads. Firings from before the desk opened raise nothing (they were shown
when they happened); the event log lists them all.

    firings = SharedFirings(store, window.alert_center, parent=window)
    shared_console.firings_changed.connect(firings.check)
    firings.start()
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

from app.automation.alerts import Alert
from app.automation.rules.model import Firing, RuleAction
from app.automation.rules.store import firings_after, load_rules, newest_firing_id
from app.cache.store import CacheStore
from widgets.automation.rule_runner import AlertSink, alert_for
from widgets.common.background import Background


class SharedFirings(QObject):
    changed = Signal()  # firings the desk had not seen were stored (the event log reloads)
    failed = Signal(str)

    def __init__(self, store: CacheStore, alerts: AlertSink | None,
                 clock: Callable[[], datetime] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.alerts = alerts
        self.clock = clock or (lambda: datetime.now(UTC))
        self.background = Background(self)
        self.seen: int | None = None  # the newest firing id looked at; None: not started
        self._reading = False
        self._again = False

    @property
    def reading(self) -> bool:
        """A read of the cache is under way."""
        return self._reading

    def start(self) -> None:
        """Note the newest firing stored now: only later ones raise alerts."""
        if self._reading:
            return
        self._reading = True
        store = self.store
        self.background.run(lambda: newest_firing_id(store), self._started, self._failed)

    def _started(self, newest: int) -> None:
        self._reading = False
        if self.seen is None:
            self.seen = newest
        self._follow_up()

    def check(self) -> None:
        """Read the firings stored since the last look (one read at a time)."""
        if self._reading:
            self._again = True
            return
        if self.seen is None:  # not started, or the start failed: start (then look)
            self._again = True
            self.start()
            return
        self._reading = True
        store, after, now = self.store, self.seen, self.clock()
        with_alerts = self.alerts is not None

        def read() -> tuple[list[Firing], list[Alert]]:
            # In the worker: the agent may have stored thousands; the GUI thread only hands
            # their alerts to the alert centre.
            new = firings_after(store, after)
            raising = [f for f in new if f.action == RuleAction.ALERT] if with_alerts else []
            if not raising:
                return new, []
            rules = {r.id: r for r in load_rules(store)}
            return new, [alert_for(f, rules.get(f.rule_id), now) for f in raising]

        self.background.run(read, self._read, self._failed)

    def _read(self, result: tuple[list[Firing], list[Alert]]) -> None:
        self._reading = False
        new, alerts = result
        if new:
            self.seen = max(f.id for f in new)
            if alerts and self.alerts is not None:
                self.alerts.raise_alerts(alerts)
            self.changed.emit()
        self._follow_up()

    def _follow_up(self) -> None:
        if self._again:
            self._again = False
            self.check()

    def _failed(self, error: BaseException) -> None:
        self._reading = False
        self.failed.emit(str(error) or type(error).__name__)
