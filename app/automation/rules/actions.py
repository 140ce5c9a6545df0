"""What a firing's action asks of the outbox: a CRM activity, or a webhook call (when the
sync layer offers `app.sync.actions.webhook`). Pure apart from looking that function up."""

from __future__ import annotations

from typing import Any

from app.automation.rules.model import ActionState, Firing, RuleAction
from app.sync import actions as sync_actions
from app.sync.actions import Action

# Words for the CRM activity (English: it is stored in the backend, read by many people).
ACTIVITY_SUBJECTS = {
    "order_without_wo": "No work order for {subject} after {hours} h",
    "machine_down_slack": "{subject} down {down_hours} h, slack {slack_hours} h ({line})",
    "slip": "{subject}: predicted {predicted}, promised {promised}",
    "spc": "Control-chart rule {rule} on {subject}",
    "complaint": "Complaint {subject}: {severity}",
}


def activity_subject(firing: Firing) -> str:
    template = ACTIVITY_SUBJECTS.get(firing.event.value, "{subject}")
    try:
        return template.format(subject=firing.subject, **firing.facts)
    except (KeyError, IndexError, ValueError):
        return firing.subject


def outbox_action(firing: Firing, webhook_target: str = "",
                  made_by: str = "automation") -> tuple[Action | None, str]:
    """(the action to queue, or None) and the firing's state if nothing is queued."""
    if firing.action == RuleAction.ACTIVITY:
        if not firing.order_id or not firing.order_source:
            return None, ActionState.NO_RECORD
        return sync_actions.activity(
            firing.order_source, firing.order_id, "note", activity_subject(firing),
            f"Automation rule {firing.rule_id} ({firing.occurrence_key})", made_by), ""
    if firing.action == RuleAction.WEBHOOK:
        webhook = getattr(sync_actions, "webhook", None)
        if webhook is None or not webhook_target:
            return None, ActionState.WEBHOOK_NOT_CONFIGURED
        data: dict[str, Any] = {"rule": firing.rule_id, "subject": firing.subject,
                                "order_id": firing.order_id, **firing.facts}
        # When it happened is the firing's time, not the moment the action is built.
        return webhook(webhook_target, firing.event.value, firing.occurrence_key, data,
                       occurred_at=firing.fired_at), ""
    return None, ""
