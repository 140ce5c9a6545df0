"""Alarms a person can work, after ISA-18.2: what the alerts of the runtime become on a desk.

An alarm is one subject and one rule (a machine down; a characteristic and an SPC rule; a
rule firing's subject): a flood of occurrences collapses into it, with a count. It is active
or cleared, and unacknowledged or acknowledged; it can be shelved for a while with a reason,
assigned to a person and commented on. Machine-down alarms clear when the machine runs again.
SPC and rule alarms are latched: the condition has no "back to normal" the console can see, so
acknowledging one clears it; a new occurrence raises it again, unacknowledged.

What people did is kept in a journal (app.cache.alarm_journal): the states of a desk, and of
every desk of a shared cache, are the journal replayed over the occurrences. Pure: no Qt, no
cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Any

from app.automation.alerts import Alert, AlertKind

RULE_KEY_PREFIX = "rule:"  # the occurrence keys of rule firings (app.automation.rules.round)


class Priority(IntEnum):
    """By consequence: the lower, the more urgent."""

    KEY_ACCOUNT = 1  # an order of a key account is affected
    ORDERS = 2  # some order is affected
    NONE = 3  # no open order is affected


class JournalAction(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    SHELVED = "shelved"
    UNSHELVED = "unshelved"
    ASSIGNED = "assigned"
    COMMENTED = "commented"


@dataclass(frozen=True, slots=True)
class JournalEntry:
    alarm_key: str
    action: JournalAction
    made_by: str
    made_at: datetime
    # acknowledged: "since" (the activation's); shelved: "until" (RFC 3339) and "reason";
    # assigned: "to"; commented: "text"
    detail: dict[str, Any] = field(default_factory=dict)
    id: int | None = None  # the journal's row id, once stored


@dataclass(frozen=True, slots=True)
class Alarm:
    key: str
    alert: Alert  # the latest occurrence: its facts and the orders it affects
    since: datetime  # when the condition began: the first occurrence of this activation
    count: int  # occurrences in this activation
    active: bool
    acknowledged_at: datetime | None = None  # of this activation
    acknowledged_by: str = ""
    shelved_until: datetime | None = None
    shelve_reason: str = ""
    assignee: str = ""
    comments: tuple[tuple[datetime, str, str], ...] = ()  # (when, who, text)

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def priority(self) -> Priority:
        return priority_of(self.alert)

    @property
    def latched(self) -> bool:
        """Only a machine seen down by the runtime's watch is seen running again; a rule's
        firing about a machine is latched like any other."""
        return not (self.alert.kind == AlertKind.MACHINE_DOWN
                    and not self.alert.key.startswith(RULE_KEY_PREFIX))

    def shelved(self, now: datetime) -> bool:
        return self.shelved_until is not None and self.shelved_until > now

    def needs_attention(self) -> bool:
        """Shown until it is both cleared and acknowledged (a latched one: acknowledged)."""
        return self.active or not self.acknowledged


def alarm_key(alert: Alert) -> str:
    """One alarm per subject and rule: the occurrences of a flood share it."""
    return f"{alert.kind}:{alert.source}:{alert.subject_id}:{alert.rule}"


def priority_of(alert: Alert) -> Priority:
    if any(order.key_account for order in alert.affected):
        return Priority.KEY_ACCOUNT
    return Priority.ORDERS if alert.affected else Priority.NONE


def occur(alarm: Alarm | None, alert: Alert) -> Alarm:
    """`alert`, a new occurrence, on its alarm (None: the first)."""
    if alarm is None or not alarm.needs_attention():
        # A new activation: unacknowledged, counted afresh. Shelving, the assignee and the
        # comments stay with the alarm.
        base = alarm if alarm is not None else Alarm(alarm_key(alert), alert, alert.since, 0,
                                                      True)
        return replace(base, alert=alert, since=alert.since, count=1, active=True,
                       acknowledged_at=None, acknowledged_by="")
    # A flood: one more of the same activation.
    return replace(alarm, alert=alert, since=min(alarm.since, alert.since),
                   count=alarm.count + 1, active=True)


def clear(alarm: Alarm) -> Alarm:
    """The condition is over (the machine runs again)."""
    return replace(alarm, active=False)


def apply(alarm: Alarm, entry: JournalEntry) -> Alarm:
    """What a person did, on the alarm as it stands."""
    detail = entry.detail
    if entry.action == JournalAction.ACKNOWLEDGED:
        # Which activation it acknowledged: by when its condition began (the backend's time,
        # the same on every desk), not by the clock of the desk that acknowledged it.
        acked = detail.get("since")
        if alarm.acknowledged or (acked and datetime.fromisoformat(acked) < alarm.since):
            return alarm  # acknowledged already, or an earlier activation
        acked = replace(alarm, acknowledged_at=entry.made_at, acknowledged_by=entry.made_by)
        return replace(acked, active=False) if alarm.latched else acked
    if entry.action == JournalAction.SHELVED:
        until = detail.get("until")
        return replace(alarm, shelved_until=datetime.fromisoformat(until) if until else None,
                       shelve_reason=str(detail.get("reason", "")))
    if entry.action == JournalAction.UNSHELVED:
        return replace(alarm, shelved_until=None, shelve_reason="")
    if entry.action == JournalAction.ASSIGNED:
        return replace(alarm, assignee=str(detail.get("to", "")))
    if entry.action == JournalAction.COMMENTED:
        return replace(alarm, comments=(*alarm.comments,
                                        (entry.made_at, entry.made_by,
                                         str(detail.get("text", "")))))
    return alarm


def replay(alarm: Alarm, entries: Iterable[JournalEntry]) -> Alarm:
    for entry in sorted(entries, key=lambda e: (e.made_at, e.id or 0)):
        alarm = apply(alarm, entry)
    return alarm


def in_order(alarms: Iterable[Alarm]) -> list[Alarm]:
    """Most urgent first: unacknowledged before acknowledged, then by priority, then the
    newest condition."""
    return sorted(alarms, key=lambda a: (a.acknowledged, a.priority,
                                         -a.since.timestamp(), a.key))
