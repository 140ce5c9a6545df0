"""Automation rules: "when EVENT and CONDITION then ACTION". Plain data, no Qt, no cache.

A rule is a row of the `automation_rules` table: id, name, event, the condition's parameters
(JSON), the action and whether it is on. Evaluating the rules (app.automation.rules.evaluate)
gives occurrences, each with a key that names the same occurrence the same way every time; a
rule fires once per (rule id, occurrence key) (app.automation.rules.store).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class RuleEvent(StrEnum):
    ORDER_WITHOUT_WORK_ORDER = "order_without_wo"  # confirmed line, no work order after N hours
    MACHINE_DOWN_SLACK = "machine_down_slack"  # a machine down longer than a line's slack
    COMPLETION_SLIP = "slip"  # predicted completion after the promised date
    SPC_KEY_CUSTOMER = "spc"  # a control-chart rule on a product shipped to a key customer
    COMPLAINT_SEVERE = "complaint"  # a complaint of high (or chosen) severity or worse
    # Not an event: the switch and interval of the progress write-back to the CRM
    # (app.runtime.progress_writeback), kept with the rules so it is edited with them.
    PROGRESS_WRITEBACK = "progress"


class RuleAction(StrEnum):
    ALERT = "alert"  # raise an alert in the console
    ACTIVITY = "activity"  # add an activity on the CRM order (through the outbox)
    NOTICE = "notice"  # offer to draft a customer notice (app.automation.notices)
    WEBHOOK = "webhook"  # call a webhook (app.sync.actions.webhook, when there is one)
    RELEASE = "release"  # release the line to production (app.automation.release): order lines
    WRITE_PROGRESS = "write_progress"  # the progress write-back's only action


class ActionState(StrEnum):
    RAISED = "raised"  # alert shown
    PENDING = "pending"  # not handled yet (e.g. the console was closed before)
    QUEUED = "queued"  # in the outbox
    OFFLINE = "offline"  # no sync engine: nothing queued
    NO_RECORD = "no record"  # nothing in the CRM to add an activity to
    NOTICE_OFFERED = "notice offered"  # "Draft notice…" in the event log
    WEBHOOK_NOT_CONFIGURED = "webhook not configured"
    FAILED = "failed"
    ALREADY_QUEUED = "already queued"  # the same release is in the outbox already
    REFUSED = "refused"  # a release its options refuse: stored as "refused: <reason>"


SEVERITIES = ("low", "medium", "high", "critical")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str  # English source text; the widgets translate the default names
    event: RuleEvent
    params: dict[str, Any] = field(default_factory=dict)
    action: RuleAction = RuleAction.ALERT
    enabled: bool = True
    position: int = 0

    def param(self, name: str) -> Any:
        return self.params.get(name, DEFAULT_PARAMS.get(self.event, {}).get(name))


# The condition's parameters per event, with their defaults.
DEFAULT_PARAMS: dict[RuleEvent, dict[str, Any]] = {
    RuleEvent.ORDER_WITHOUT_WORK_ORDER: {"hours": 4, "family": ""},
    RuleEvent.MACHINE_DOWN_SLACK: {},
    RuleEvent.COMPLETION_SLIP: {"min_days": 1},
    RuleEvent.SPC_KEY_CUSTOMER: {"lookback_hours": 24},
    RuleEvent.COMPLAINT_SEVERE: {"min_severity": "high"},
    RuleEvent.PROGRESS_WRITEBACK: {"minutes": 15},
}

DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("order_without_wo", "New confirmed order line without a work order",
         RuleEvent.ORDER_WITHOUT_WORK_ORDER, {"hours": 4}, RuleAction.ALERT, True, 1),
    Rule("machine_down_slack", "Machine down longer than an order's slack",
         RuleEvent.MACHINE_DOWN_SLACK, {}, RuleAction.ALERT, True, 2),
    Rule("slip", "Predicted completion slips past the promised date",
         RuleEvent.COMPLETION_SLIP, {"min_days": 1}, RuleAction.NOTICE, True, 3),
    Rule("spc_key_customer", "Control-chart rule on a product shipped to a key customer",
         RuleEvent.SPC_KEY_CUSTOMER, {"lookback_hours": 24}, RuleAction.ALERT, True, 4),
    Rule("complaint_severe", "Complaint of high or critical severity",
         RuleEvent.COMPLAINT_SEVERE, {"min_severity": "high"}, RuleAction.ACTIVITY, True, 5),
    # Off until the plant names the family and maps its options (Settings → Option mapping).
    Rule("release_family", "Release confirmed lines of a product family after N hours",
         RuleEvent.ORDER_WITHOUT_WORK_ORDER, {"hours": 4, "family": ""}, RuleAction.RELEASE,
         False, 6),
    Rule("progress_writeback", "Write production progress back to the CRM when it changes",
         RuleEvent.PROGRESS_WRITEBACK, {"minutes": 15}, RuleAction.WRITE_PROGRESS, True, 7),
)

# The actions that need an order line (a release): offered only for these events.
LINE_ACTIONS = frozenset({RuleAction.RELEASE})
# Events that are no event but a setting, with the one action each has.
SETTING_ACTIONS = {RuleEvent.PROGRESS_WRITEBACK: RuleAction.WRITE_PROGRESS}
LINE_EVENTS = frozenset({RuleEvent.ORDER_WITHOUT_WORK_ORDER})


def check_param(event: RuleEvent, name: str, value: Any) -> str:
    """"" when `value` is a valid `name` of `event`'s condition, else why not (English; the
    rules page shows its own translated words for the same checks)."""
    if name in ("hours", "lookback_hours"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number of hours"
        if not 0 < value <= 24 * 30:
            return "must be more than 0 and at most 720 hours"
    elif name == "min_days":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 365:
            return "must be a whole number of days from 1 to 365"
    elif name == "minutes":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1440:
            return "must be a whole number of minutes from 1 to 1440"
    elif name == "min_severity":
        if value not in SEVERITIES:
            return f"must be one of {', '.join(SEVERITIES)}"
    elif name in ("webhook_target", "family") and not isinstance(value, str):
        return "must be text"
    return ""


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One thing a rule found: `key` is the same for the same occurrence on every evaluation."""

    rule_id: str
    event: RuleEvent
    key: str
    at: datetime  # when it happened (or became true)
    subject: str  # "SO-1042/1", "CNC 2-1", "Bore diameter", "CP-0007"
    facts: dict[str, Any] = field(default_factory=dict)  # JSON-safe values only
    order_source: str = ""
    order_id: str = ""


@dataclass(frozen=True, slots=True)
class Firing:
    """A stored firing: one row of `rule_firings`."""

    id: int
    rule_id: str
    occurrence_key: str
    fired_at: datetime
    event: RuleEvent
    subject: str
    facts: dict[str, Any]
    order_source: str
    order_id: str
    action: RuleAction
    action_state: str  # how the firing was handled; "queued" once its action is in the outbox
    # The outbox item the action went out as (None: none). From then on that item's state is
    # the action's state: `firings()` reads it with the firing ("" when the item is gone,
    # None when not read or there is no item).
    outbox_id: int | None = None
    outbox_state: str | None = None
