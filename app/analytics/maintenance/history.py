"""Each machine's failures, read from its state events.

A failure is the start of a stretch of `down` state (back-to-back down events are one
failure). Planned maintenance is not a failure and its time is neither repair nor operation.
Time to failure is counted in operating hours (running or setup), because that is what wears a
machine: a machine idle over the weekend has not aged. The interval before the first failure
in the history is dropped (its start, hence the machine's age then, is unknown); the interval
since the last failure is right-censored: the machine has survived it so far.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.domain import MachineState, StateEvent

OPERATING = frozenset({MachineState.RUNNING, MachineState.SETUP})
# How far back the operating share (operating hours per calendar hour) is measured: turns a
# calendar horizon (the next shift, day, week) into operating hours ahead.
SHARE_WINDOW = timedelta(days=14)


@dataclass(frozen=True, slots=True)
class Failure:
    start: datetime
    repair_hours: float  # until the machine left the down state (up to now, if still down)
    reason: str
    hours_before: float | None  # operating hours since the previous failure; None: the first
    ongoing: bool = False


@dataclass(frozen=True, slots=True)
class FailureHistory:
    machine_id: str
    first_event: datetime
    failures: tuple[Failure, ...]
    operating_hours: float  # over the whole history
    age_hours: float  # operating hours since the last failure: the censored interval
    operating_share: float  # operating hours per calendar hour over SHARE_WINDOW
    maintenance_stops: int  # planned maintenance stretches (not failures)
    down_now: bool = False

    @property
    def times_between(self) -> list[float]:
        """Observed operating hours between consecutive failures."""
        return [f.hours_before for f in self.failures if f.hours_before is not None]

    def survival_data(self) -> tuple[list[float], list[bool]]:
        """(durations, observed): the intervals between failures, then the censored age (when
        the machine has run since its last failure)."""
        durations = list(self.times_between)
        observed = [True] * len(durations)
        if self.failures and self.age_hours > 0 and not self.down_now:
            durations.append(self.age_hours)
            observed.append(False)
        return durations, observed

    def interval_spans(self, now: datetime) -> list[tuple[datetime, datetime]]:
        """Calendar (from, to) of each interval of `survival_data()`, in the same order: from
        the end of one repair to the next failure, and from the last repair to now."""
        spans = []
        for before, failure in zip(self.failures, self.failures[1:], strict=False):
            spans.append((before.start + timedelta(hours=before.repair_hours), failure.start))
        _durations, observed = self.survival_data()
        if len(observed) > len(spans) and self.failures:
            last = self.failures[-1]
            spans.append((last.start + timedelta(hours=last.repair_hours), now))
        return spans


@dataclass(slots=True)
class _Walk:
    failures: list[Failure] = field(default_factory=list)
    operating_hours: float = 0.0
    since_failure: float = 0.0
    recent_operating: float = 0.0
    maintenance: int = 0
    seen_failure: bool = False
    last_state: MachineState | None = None


def _hours(start: datetime, end: datetime) -> float:
    return max((end - start).total_seconds(), 0.0) / 3600.0


def failure_histories(events: Iterable[StateEvent], now: datetime) -> dict[str, FailureHistory]:
    """Per machine id, from every state event up to `now` (later ones are ignored)."""
    by_machine: dict[str, list[StateEvent]] = defaultdict(list)
    for event in events:
        if event.start < now:
            by_machine[event.machine_id].append(event)
    return {machine_id: _history(machine_id, sorted(rows, key=lambda e: e.start), now)
            for machine_id, rows in sorted(by_machine.items())}


def _history(machine_id: str, events: list[StateEvent], now: datetime) -> FailureHistory:
    walk = _Walk()
    recent_from = now - SHARE_WINDOW
    for event in events:
        end = min(event.end or now, now)
        hours = _hours(event.start, end)
        if event.state in OPERATING:
            walk.operating_hours += hours
            walk.since_failure += hours
            if end > recent_from:
                walk.recent_operating += _hours(max(event.start, recent_from), end)
        elif event.state is MachineState.DOWN:
            if walk.last_state is MachineState.DOWN and walk.failures:
                _extend_repair(walk, hours, ongoing=event.end is None)
            else:
                walk.failures.append(Failure(
                    start=event.start, repair_hours=hours, reason=event.reason or "down",
                    hours_before=walk.since_failure if walk.seen_failure else None,
                    ongoing=event.end is None))
                walk.seen_failure = True
                walk.since_failure = 0.0
        elif event.state is MachineState.MAINTENANCE and walk.last_state is not event.state:
            walk.maintenance += 1
        walk.last_state = event.state
    span = _hours(max(events[0].start, recent_from), now) if events else 0.0
    return FailureHistory(
        machine_id=machine_id, first_event=events[0].start if events else now,
        failures=tuple(walk.failures), operating_hours=walk.operating_hours,
        age_hours=walk.since_failure,
        operating_share=min(walk.recent_operating / span, 1.0) if span > 0 else 0.0,
        maintenance_stops=walk.maintenance,
        down_now=bool(events) and events[-1].state is MachineState.DOWN
        and events[-1].end is None)


def _extend_repair(walk: _Walk, hours: float, ongoing: bool) -> None:
    last = walk.failures[-1]
    walk.failures[-1] = Failure(start=last.start, repair_hours=last.repair_hours + hours,
                                reason=last.reason, hours_before=last.hours_before,
                                ongoing=ongoing)
