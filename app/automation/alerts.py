"""Alerts the console raises for a person: what happened, and which orders and customers it
touches (key accounts first). Raised by the analytics, shown by the widgets' alert centre."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class AlertKind(StrEnum):
    MACHINE_DOWN = "machine_down"
    SPC_RULE = "spc_rule"  # a control-chart rule fired on a critical characteristic


@dataclass(frozen=True, slots=True)
class AffectedOrder:
    order_source: str
    order_id: str
    order_number: str  # SO-1042: what people say
    customer_id: str
    customer_name: str
    key_account: bool
    promised_date: date | None  # the earliest promised date among the order's affected lines
    work_order_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Alert:
    """Facts, not sentences: the widgets put them into words in the person's language."""

    key: str  # the same occurrence always has the same key: raised once, not once per poll
    kind: AlertKind
    source: str  # the MES source the subject belongs to
    subject_id: str  # machine id, or characteristic id
    subject_name: str  # as the backend names it: "CNC 2-1", "Bore diameter"
    since: datetime  # when it started: the state change, or the first point of the violation
    raised_at: datetime
    reason: str = ""  # the backend's downtime reason, if any
    rule: str = ""  # SPC rule id, e.g. "nelson-1" (app.analytics.spc names them)
    machine_id: str | None = None  # for an SPC alert: the machine the points came from
    affected: tuple[AffectedOrder, ...] = field(default_factory=tuple)

    def affected_by_importance(self) -> list[AffectedOrder]:
        """Key accounts first, then the most urgent promise."""
        return sorted(self.affected, key=lambda a: (not a.key_account,
                                                     a.promised_date or date.max,
                                                     a.order_number))
