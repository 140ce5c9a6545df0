"""Rules and their firings in words, in the person's language."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.automation.rules.model import ActionState, Firing, Rule, RuleAction, RuleEvent

CONTEXT = "RuleText"

# The default rules' names (a rule renamed by a person shows its own name).
RULE_NAMES = {
    "order_without_wo": QT_TRANSLATE_NOOP(
        "RuleText", "New confirmed order line without a work order"
    ),
    "machine_down_slack": QT_TRANSLATE_NOOP(
        "RuleText", "Machine down longer than an order's slack"
    ),
    "slip": QT_TRANSLATE_NOOP("RuleText", "Predicted completion slips past the promised date"),
    "spc_key_customer": QT_TRANSLATE_NOOP(
        "RuleText", "Control-chart rule on a product shipped to a key customer"
    ),
    "complaint_severe": QT_TRANSLATE_NOOP("RuleText", "Complaint of high or critical severity"),
    "progress_writeback": QT_TRANSLATE_NOOP(
        "RuleText", "Write production progress back to the CRM when it changes"
    ),
    "release_family": QT_TRANSLATE_NOOP(
        "RuleText", "Release confirmed lines of a product family after N hours"
    ),
}

ACTION_NAMES = {
    RuleAction.ALERT: QT_TRANSLATE_NOOP("RuleText", "Raise an alert"),
    RuleAction.ACTIVITY: QT_TRANSLATE_NOOP("RuleText", "Add an activity in the CRM"),
    RuleAction.NOTICE: QT_TRANSLATE_NOOP("RuleText", "Draft a customer notice"),
    RuleAction.WEBHOOK: QT_TRANSLATE_NOOP("RuleText", "Call a webhook"),
    RuleAction.RELEASE: QT_TRANSLATE_NOOP("RuleText", "Release to production"),
    RuleAction.WRITE_PROGRESS: QT_TRANSLATE_NOOP("RuleText", "Write it to the CRM"),
}

STATE_NAMES = {
    ActionState.RAISED: QT_TRANSLATE_NOOP("RuleText", "alert raised"),
    ActionState.PENDING: QT_TRANSLATE_NOOP("RuleText", "pending"),
    ActionState.QUEUED: QT_TRANSLATE_NOOP("RuleText", "queued"),
    ActionState.OFFLINE: QT_TRANSLATE_NOOP("RuleText", "offline: not sent"),
    ActionState.NO_RECORD: QT_TRANSLATE_NOOP("RuleText", "no CRM order to add it to"),
    ActionState.NOTICE_OFFERED: QT_TRANSLATE_NOOP("RuleText", "notice to draft"),
    ActionState.WEBHOOK_NOT_CONFIGURED: QT_TRANSLATE_NOOP("RuleText", "webhook not configured"),
    ActionState.FAILED: QT_TRANSLATE_NOOP("RuleText", "failed"),
    ActionState.ALREADY_QUEUED: QT_TRANSLATE_NOOP("RuleText", "released already"),
}

SEVERITY_NAMES = {
    "low": QT_TRANSLATE_NOOP("RuleText", "low"),
    "medium": QT_TRANSLATE_NOOP("RuleText", "medium"),
    "high": QT_TRANSLATE_NOOP("RuleText", "high"),
    "critical": QT_TRANSLATE_NOOP("RuleText", "critical"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def rule_name(rule_id: str, name: str = "") -> str:
    source = RULE_NAMES.get(rule_id)
    if source is not None and (not name or name == source):
        return _tr(source)
    return name or rule_id


def action_name(action: RuleAction | str) -> str:
    source = (
        ACTION_NAMES.get(RuleAction(action)) if action in RuleAction._value2member_map_ else None
    )
    return _tr(source) if source else str(action)


def state_name(state: str) -> str:
    refused = f"{ActionState.REFUSED.value}: "
    if state.startswith(refused):  # a release its options refused, with the reason (English)
        return QCoreApplication.translate("RuleText", "refused: {reason}").format(
            reason=state.removeprefix(refused))
    source = (
        STATE_NAMES.get(ActionState(state)) if state in ActionState._value2member_map_ else None
    )
    return _tr(source) if source else state


def severity_name(severity: str) -> str:
    source = SEVERITY_NAMES.get(severity)
    return _tr(source) if source else severity


def when_text(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def what_happened(firing: Firing) -> str:
    """ "SO-1042/1 has no work order 4 h after the order came in"."""
    f = firing.facts
    try:
        match firing.event:
            case RuleEvent.ORDER_WITHOUT_WORK_ORDER:
                return QCoreApplication.translate(
                    "RuleText",
                    "{line} ({customer}) has no work order {hours} h after the order came in",
                ).format(line=firing.subject, customer=f["customer"], hours=f["hours"])
            case RuleEvent.MACHINE_DOWN_SLACK:
                return QCoreApplication.translate(
                    "RuleText",
                    "{machine} down {down} h, longer than the {slack} h slack of {line} "
                    "({customer})",
                ).format(
                    machine=firing.subject,
                    down=f["down_hours"],
                    slack=f["slack_hours"],
                    line=f["line"],
                    customer=f["customer"],
                )
            case RuleEvent.COMPLETION_SLIP:
                return QCoreApplication.translate(
                    "RuleText",
                    "{line} ({customer}) predicted {predicted}, {days} days after the "
                    "promised {promised}",
                ).format(
                    line=firing.subject,
                    customer=f["customer"],
                    predicted=f["predicted"],
                    days=f["days"],
                    promised=f["promised"],
                )
            case RuleEvent.SPC_KEY_CUSTOMER:
                return QCoreApplication.translate(
                    "RuleText", "{characteristic}: {rule} ({description}); shipped to {customers}"
                ).format(
                    characteristic=firing.subject,
                    rule=f["rule"],
                    description=f["description"],
                    customers=", ".join(f["customers"]),
                )
            case RuleEvent.COMPLAINT_SEVERE:
                return QCoreApplication.translate(
                    "RuleText", "Complaint {number} from {customer}: {severity}, {category}"
                ).format(
                    number=firing.subject,
                    customer=f["customer"],
                    severity=severity_name(f["severity"]),
                    category=f["category"],
                )
    except (KeyError, TypeError):
        pass
    return firing.subject


def rules_by_id(rules: list[Rule]) -> dict[str, Rule]:
    return {r.id: r for r in rules}
