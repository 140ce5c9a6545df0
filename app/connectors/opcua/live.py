"""What the subscription has seen: the latest status per machine, its state events, counters.

Filled on the OPC UA thread, read on the console's loop; one lock guards it all.

Two numbers per record: `seq`, a change counter of this run that sync tokens ("<run>.<seq>")
refer to, and the record's `version`, given when a changed record is read: one more than
before, and at least the seconds since VERSION_EPOCH. Reads come seconds apart, so versions
stay near the clock: after a console restart they still exceed what the cache holds (the
cache ignores lower versions), and they fit the cache's 32-bit version column for decades.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from app.connectors.opcua.mapping import Mapping
from app.domain.machines import MachineState, MachineStatus, StateEvent

# How far an integer counter counts before it starts again at 0, by OPC UA variant type name.
WRAP_BY_TYPE: dict[str, int] = {
    "Byte": 2**8, "UInt16": 2**16, "UInt32": 2**32, "UInt64": 2**64,
    "SByte": 2**7, "Int16": 2**15, "Int32": 2**31, "Int64": 2**63,
}


VERSION_EPOCH = datetime(2024, 1, 1, tzinfo=UTC).timestamp()


def clock_version() -> int:
    return int(time.time() - VERSION_EPOCH)


@dataclass(slots=True)
class Counter:
    """A device counter made monotonic: wraps and resets add on instead of going back."""

    wrap: int | None = None  # from the mapping; else from the value's data type
    last: int | None = None
    total: int = 0

    def feed(self, raw: Any, type_name: str = "") -> int:
        value = int(raw)
        if self.last is None:
            self.total = value
        elif value >= self.last:
            self.total += value - self.last
        else:
            wrap = self.wrap or WRAP_BY_TYPE.get(type_name)
            # Went back from the upper half: it wrapped. From low down: it was reset to 0
            # (new shift, PLC restart), so everything it shows now is new.
            if wrap and self.last >= wrap // 2:
                self.total += wrap - self.last + value
            else:
                self.total += value
        self.last = value
        return self.total


@dataclass(slots=True)
class _Machine:
    machine_id: str
    state: MachineState | None = None
    since: datetime | None = None
    reason: str = ""
    state_reason: str = ""  # e.g. an unknown state value
    work_order_id: str | None = None
    counters: dict[str, Counter] = field(default_factory=dict)
    signals: dict[str, float] = field(default_factory=dict)
    status: MachineStatus | None = None
    seq: int = 0  # change number of `status`
    read_seq: int = 0  # the change number its version was given for
    event: StateEvent | None = None  # the open one


@dataclass(slots=True)
class _Event:
    event: StateEvent
    seq: int
    read_seq: int = 0


class LiveData:
    def __init__(self, mapping: Mapping) -> None:
        self.mapping = mapping
        self._lock = threading.Lock()
        self.run = uuid.uuid4().hex[:8]  # tokens of another run (before a restart) mean "all"
        self._seq = 0
        self._machines = {m.machine_id: _Machine(m.machine_id) for m in mapping.machines}
        for m in mapping.machines:
            for name in ("good", "scrap"):
                self._machines[m.machine_id].counters[name] = Counter(wrap=m.counter_wrap)
        self._events: dict[str, _Event] = {}  # open, or closed but not yet read
        # Called on the OPC UA thread after each change (e.g. to wake a reader).
        self.listeners: list[Callable[[], object]] = []

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    # -- the OPC UA thread -------------------------------------------------------------------
    def update(self, machine_id: str, what: str, value: Any, type_name: str = "",
               at: datetime | None = None) -> None:
        """One node's new value: `what` is "state", "good", "signal:<name>", ..."""
        at = at or datetime.now(UTC)
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        with self._lock:
            before = self._seq
            self._apply(self._machines[machine_id], what, value, type_name, at)
            changed = self._seq != before
        if changed:
            for listener in list(self.listeners):
                listener()

    def _apply(self, machine: _Machine, what: str, value: Any, type_name: str,
               at: datetime) -> None:
        if what == "state":
            self._set_state(machine, value, at)
        elif what in ("good", "scrap"):
            if value is None:
                return
            machine.counters[what].feed(value, type_name)
        elif what == "rate" or what.startswith("signal:"):
            name = what.removeprefix("signal:")
            if isinstance(value, int | float):
                machine.signals[name] = float(value)
            else:
                machine.signals.pop(name, None)
        elif what == "work_order":
            machine.work_order_id = str(value) if value not in (None, "") else None
        elif what == "reason":
            machine.reason = "" if value is None else str(value)
        self._refresh(machine)

    def _set_state(self, machine: _Machine, value: Any, at: datetime) -> None:
        state = self.mapping.state_of(value)
        machine.state_reason = ""
        if value is None:  # the server has no good value for it (bad quality)
            state = MachineState.OFFLINE
            machine.state_reason = "the state node has no value"
        elif state is None:
            shown = getattr(value, "Text", value)
            state = MachineState.OFFLINE
            machine.state_reason = f"state value {shown!r} is not in the mapping's state table"
        if state == machine.state:
            return
        machine.state, machine.since = state, at
        if machine.event is not None:
            closed = replace(machine.event, end=at)
            held = self._events.get(closed.id)
            self._events[closed.id] = _Event(closed, self._next_seq(),
                                             held.read_seq if held else 0)
        opened = StateEvent(id=f"{machine.machine_id}:{at.isoformat()}",
                            version=0, machine_id=machine.machine_id, state=state, start=at)
        machine.event = opened
        self._events[opened.id] = _Event(opened, self._next_seq())

    def _refresh(self, machine: _Machine) -> None:
        if machine.state is None or machine.since is None:
            return  # a status needs a state; it comes in the same batch as the counters
        status = MachineStatus(
            id=machine.machine_id, state=machine.state, since=machine.since,
            work_order_id=machine.work_order_id,
            good_count=Decimal(machine.counters["good"].total),
            scrap_count=Decimal(machine.counters["scrap"].total),
            signals=dict(machine.signals), reason=machine.state_reason or machine.reason)
        old = machine.status
        if old is not None:
            status.version = old.version
            if old == status:
                return  # the same again (a resubscription sends every current value)
        machine.status = status
        machine.seq = self._next_seq()

    # -- the console's loop ------------------------------------------------------------------
    def _after(self, token: str | None) -> int | None:
        """The change number a token stands for; None (everything) for no token, or one of
        an earlier run."""
        run, _, seq = (token or "").partition(".")
        return int(seq) if run == self.run and seq.isdigit() else None

    def knows(self, token: str) -> bool:
        """Whether `token` is one of this run's (else it means "everything")."""
        return self._after(token) is not None

    def _token(self) -> str:
        return f"{self.run}.{self._seq}"

    def statuses_after(self, token: str | None) -> tuple[list[MachineStatus], str]:
        """Machines changed after `token` (all of them when None), and the token for next."""
        after = self._after(token)
        with self._lock:
            found = []
            for m in self._machines.values():
                if m.status is None or (after is not None and m.seq <= after):
                    continue
                if m.read_seq != m.seq:  # changed since it was last given out
                    m.status.version = max(m.status.version + 1, clock_version())
                    m.read_seq = m.seq
                found.append(replace(m.status, signals=dict(m.status.signals)))
            return found, self._token()

    def events_after(self, token: str | None) -> tuple[list[StateEvent], str]:
        """State events opened or closed after `token` (when None, all that are held)."""
        after = self._after(token)
        with self._lock:
            if after is not None:
                # The cache holds what was given up to `token`: forget the closed ones.
                for key in [k for k, e in self._events.items()
                            if e.event.end is not None and e.seq <= after]:
                    del self._events[key]
            found = []
            for held in self._events.values():
                if after is not None and held.seq <= after:
                    continue
                if held.read_seq != held.seq:
                    held.event.version = max(held.event.version + 1, clock_version())
                    held.read_seq = held.seq
                found.append(replace(held.event))
            return found, self._token()
