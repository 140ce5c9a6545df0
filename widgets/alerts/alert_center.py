"""The alarm centre: the runtime's alerts as alarms a person can work (app.automation.alarms).

Occurrences come from the plant runtime (machines down, SPC rule violations, rule firings) or
from other parts of the console:

    window.alert_center.raise_alerts(alerts)   # app.automation.alerts.Alert occurrences

An occurrence whose key was raised before is ignored, so a caller may raise the same one on
every poll. Occurrences of one subject and rule collapse into one alarm with a count. A person
acknowledges, shelves, assigns or comments on an alarm; each is applied at once and appended to
the alarm journal in the cache, which this desk re-reads every few seconds, so the desks of a
shared cache show the same states. Must be used on the GUI thread. `changed` fires after any
change; `raised` carries each new occurrence; `journaled` each entry made here.

Thousands of occurrences may arrive in one round (a plant whose MES is not linked fires a rule
for every order line): they are folded in one pass and the order is sorted once per change.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QMetaMethod, QObject, QTimer, Signal

from app.automation.alarms import (
    Alarm,
    JournalAction,
    JournalEntry,
    alarm_key,
    apply,
    clear,
    in_order,
    occur,
)
from app.automation.alerts import Alert

if TYPE_CHECKING:
    from app.runtime.plant_runtime import RuntimeUpdate
    from widgets.common.runtime_link import RuntimeLink

JOURNAL_POLL_MS = 5_000  # other desks' acknowledgements show within this


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): the entry is still worth keeping
        return ""


class AlertCenter(QObject):
    raised = Signal(object)  # Alert: a new occurrence
    changed = Signal()
    journaled = Signal(object)  # JournalEntry made on this desk

    def __init__(self, runtime: RuntimeLink | None = None, parent: QObject | None = None,
                 clock: Callable[[], datetime] | None = None, person: str | None = None
                 ) -> None:
        """`runtime`: the window's; its alerts show here and the journal is kept in its
        store (None: no journal, states last as long as the window)."""
        super().__init__(parent)
        self._runtime = runtime
        self._clock = clock or (runtime.runtime.clock if runtime is not None
                                else (lambda: datetime.now(UTC)))
        self.person = _login() if person is None else person
        self._alarms: dict[str, Alarm] = {}
        self._by_occurrence: dict[str, str] = {}  # occurrence key -> alarm key
        self._journal: dict[str, list[JournalEntry]] = {}  # read, for alarms raised later
        self._journal_after = 0  # the last journal row read
        self._own: set[int] = set()  # rows written here (applied when made)
        self._sorted: list[Alarm] | None = None
        self._reading = False
        if runtime is not None:
            runtime.updated.connect(self._on_update)
            self._poll = QTimer(self, interval=JOURNAL_POLL_MS)
            self._poll.timeout.connect(self.read_journal)
            self._poll.start()
            self.read_journal()

    # -- occurrences -----------------------------------------------------------------------
    def _on_update(self, update: RuntimeUpdate) -> None:
        if update.alerts:
            self.raise_alerts(update.alerts)
        if update.cleared:
            self.clear_alarms(update.cleared)

    def raise_alert(self, alert: Alert) -> bool:
        """`alert` unless its occurrence was raised before; True when it is new."""
        return bool(self.raise_alerts((alert,)))

    def raise_alerts(self, alerts: Iterable[Alert]) -> list[Alert]:
        """The occurrences not raised before, folded into their alarms; `changed` fires once
        (if any is new)."""
        seen, alarms = self._by_occurrence, self._alarms
        new: list[Alert] = []
        for alert in alerts:
            if alert.key in seen:
                continue
            key = alarm_key(alert)
            seen[alert.key] = key
            before = alarms.get(key)
            alarm = occur(before, alert)
            if before is None:
                for entry in self._journal.get(key, ()):
                    alarm = apply(alarm, entry)
            alarms[key] = alarm
            new.append(alert)
        if not new:
            return new
        self._sorted = None
        # One `raised` per alert only for someone listening: 30,000 idle emits take ~30 ms.
        if self.isSignalConnected(QMetaMethod.fromSignal(self.raised)):
            for alert in new:
                self.raised.emit(alert)
        self.changed.emit()
        return new

    def clear_alarms(self, keys: Iterable[str]) -> None:
        """Their conditions are over (machines running again)."""
        changed = False
        for key in keys:
            alarm = self._alarms.get(key)
            if alarm is not None and alarm.active:
                self._alarms[key] = clear(alarm)
                changed = True
        if changed:
            self._sorted = None
            self.changed.emit()

    # -- what a person sees ----------------------------------------------------------------
    def alarms(self, shelved: bool = False) -> list[Alarm]:
        """The alarms that need attention, most urgent first (`shelved`: those shelved now
        instead)."""
        if self._sorted is None:
            self._sorted = in_order(a for a in self._alarms.values() if a.needs_attention())
        now = self._clock()
        return [a for a in self._sorted if a.shelved(now) == shelved]

    def alarm(self, key: str) -> Alarm | None:
        return self._alarms.get(self._by_occurrence.get(key, key))

    def open_alerts(self) -> list[Alert]:
        """The latest occurrence of each alarm that needs attention, most urgent first."""
        return [a.alert for a in self.alarms()]

    def newest(self) -> Alert | None:
        """The most urgent alarm not yet acknowledged (the bar shows it)."""
        first = next((a for a in self.alarms() if not a.acknowledged), None)
        return first.alert if first is not None else None

    def open_count(self) -> int:
        return len(self.alarms())

    def unacknowledged_count(self) -> int:
        return sum(not a.acknowledged for a in self.alarms())

    # -- what a person does ----------------------------------------------------------------
    def acknowledge(self, key: str) -> None:
        alarm = self.alarm(key)
        if alarm is not None:
            self._act(key, JournalAction.ACKNOWLEDGED, {"since": alarm.since.isoformat()})

    dismiss = acknowledge  # the bar's word before alarms had states

    def acknowledge_all(self) -> None:
        for alarm in self.alarms():
            if not alarm.acknowledged:
                self.acknowledge(alarm.key)

    dismiss_all = acknowledge_all

    def shelve(self, key: str, until: datetime, reason: str) -> None:
        self._act(key, JournalAction.SHELVED, {"until": until.isoformat(), "reason": reason})

    def unshelve(self, key: str) -> None:
        self._act(key, JournalAction.UNSHELVED)

    def assign(self, key: str, person: str) -> None:
        self._act(key, JournalAction.ASSIGNED, {"to": person})

    def comment(self, key: str, text: str) -> None:
        self._act(key, JournalAction.COMMENTED, {"text": text})

    def _act(self, key: str, action: JournalAction, detail: dict | None = None) -> None:
        key = self._by_occurrence.get(key, key)
        alarm = self._alarms.get(key)
        if alarm is None:
            return
        entry = JournalEntry(key, action, self.person, self._clock(), detail or {})
        after = apply(alarm, entry)
        if after == alarm:
            return  # nothing to record (acknowledged already)
        self._alarms[key] = after
        self._journal.setdefault(key, []).append(entry)
        self._sorted = None
        self.changed.emit()
        self.journaled.emit(entry)
        if self._runtime is not None:
            from app.cache.alarm_journal import append

            store = self._runtime.runtime.store
            self._runtime.submit(lambda _plan: append(store, entry),
                                 lambda stored: self._own.add(stored.id))

    # -- the journal -----------------------------------------------------------------------
    def read_journal(self) -> None:
        """Entries other desks (or earlier runs) made: applied to the alarms they name."""
        if self._runtime is None or self._reading:
            return
        from app.cache.alarm_journal import entries_after

        self._reading = True
        store, after = self._runtime.runtime.store, self._journal_after
        self._runtime.submit(lambda _plan: entries_after(store, after), self._on_journal,
                             lambda _error: setattr(self, "_reading", False))

    def _on_journal(self, entries: list[JournalEntry]) -> None:
        self._reading = False
        changed = False
        for entry in entries:
            self._journal_after = max(self._journal_after, entry.id or 0)
            if entry.id in self._own:
                continue  # made here: applied and kept when made
            self._journal.setdefault(entry.alarm_key, []).append(entry)
            alarm = self._alarms.get(entry.alarm_key)
            if alarm is not None:
                after = apply(alarm, entry)
                if after != alarm:
                    self._alarms[entry.alarm_key] = after
                    changed = True
        if changed:
            self._sorted = None
            self.changed.emit()

    def journal_of(self, key: str) -> list[JournalEntry]:
        """What people did with the alarm, as read and made here, oldest first."""
        key = self._by_occurrence.get(key, key)
        return sorted(self._journal.get(key, ()), key=lambda e: (e.made_at, e.id or 0))
