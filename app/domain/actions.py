"""User actions that change a backend, as data: what kind, on which record, with what payload.

Plain vocabulary (no I/O) so that the cache (outbox, shared-mode roles), the sync layer that
sends them and the widgets that make them all speak it without importing one another; the
constructors and the contract request each action becomes stay in `app.sync.actions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class ActionKind(StrEnum):
    PROMISE_DATE = "promise_date"  # change a line's promised date
    ACTIVITY = "activity"  # note or customer notice on an order
    FINDING = "finding"  # finding on a complaint
    LINK_LOT = "link_lot"  # the lot a complaint is about
    PRIORITY = "priority"  # expedite a work order
    MAINTENANCE = "maintenance"  # plan maintenance of a machine on its MES calendar
    WEBHOOK = "webhook"  # an event POSTed to a webhook target (app.sync.webhooks)
    RELEASE = "release"  # create the work order of a confirmed order line in the MES
    PROGRESS = "progress"  # write a line's production progress back to the CRM
    # A draft order or quotation for new demand, holding the capacity it needs until it
    # expires or is confirmed (app.analytics.schedule.holds).
    QUOTE = "quote"


# Which feed each action's target lives in (the verb and path: app.sync.actions.http_request).
TARGET_FEED = {
    ActionKind.PROMISE_DATE: "crm.orders",
    ActionKind.ACTIVITY: "crm.orders",
    ActionKind.FINDING: "crm.complaints",
    ActionKind.LINK_LOT: "crm.complaints",
    ActionKind.PRIORITY: "mes.work_orders",
    ActionKind.MAINTENANCE: "mes.calendars",
    ActionKind.QUOTE: "crm.orders",  # the target is the hold's id; the order is new
    ActionKind.WEBHOOK: "webhook",  # not a feed: the target is a receiver outside the plant
    ActionKind.RELEASE: "mes.work_orders",  # the answer is the new work order
    ActionKind.PROGRESS: "crm.orders",
}


@dataclass(frozen=True, slots=True)
class Action:
    kind: ActionKind
    source: str
    target_id: str
    payload: dict[str, Any]
    version: int | None = None  # the record version the person saw: If-Match
    made_by: str = ""
    # The outbox's idempotency key when the action names itself (a release: one per order
    # line, so a second release of the same line is refused by the outbox); "" for a new one.
    key: str = ""

    @property
    def target_feed(self) -> str:
        return TARGET_FEED[self.kind]
