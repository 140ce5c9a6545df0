"""Outbox items in words: what the action does, its state, and why a source refused it.

Module-level functions name their context ("Outbox") literally, so lupdate finds them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.cache.outbox import OutboxItem, OutboxState
from app.sync.outbox_reasons import OutboxReason, ReasonKind
from widgets.common.date_text import day_text
from widgets.status.health_text import error_text

translate = QCoreApplication.translate

# (source, feed, id) -> what people call the record, e.g. an order's number.
DisplayId = Callable[[str, str, str], str]

REASON_MAX_CHARS = 90
WAITING = frozenset({OutboxState.QUEUED, OutboxState.SENDING})

_STATE_WORDS: dict[OutboxState, str] = {
    OutboxState.QUEUED: QT_TRANSLATE_NOOP("Outbox", "waiting"),
    OutboxState.SENDING: QT_TRANSLATE_NOOP("Outbox", "sending"),
    OutboxState.DELIVERED: QT_TRANSLATE_NOOP("Outbox", "sent"),
    OutboxState.PARKED: QT_TRANSLATE_NOOP("Outbox", "refused"),
}

_NOT_CONFIGURED: dict[str, str] = {
    "source": QT_TRANSLATE_NOOP("Outbox", "source {source} is not configured any more"),
    "webhook": QT_TRANSLATE_NOOP("Outbox", "webhook {source} is not configured any more"),
}


def raw_id(source: str, feed: str, record_id: str) -> str:
    return record_id


def state_word(state: OutboxState) -> str:
    return translate("Outbox", _STATE_WORDS[state])


def describe(item: OutboxItem, display_id: DisplayId = raw_id) -> str:
    """E.g. "Promised date of O-000012 line 1 → 2026-04-30"."""
    target = display_id(item.source, item.target_feed, item.target_id)
    payload = item.payload
    match item.action:
        case "promise_date":
            return translate("Outbox", "Promised date of {order} line {line} → {date}").format(
                order=target, line=payload.get("line_no", "?"),
                date=_day(payload.get("promised_date")))
        case "activity" if payload.get("kind") == "customer_notice":
            return translate("Outbox", "Customer notice on {order}: {subject}").format(
                order=target, subject=payload.get("subject", ""))
        case "activity" if payload.get("kind") == "note":
            return translate("Outbox", "Note on {order}: {subject}").format(
                order=target, subject=payload.get("subject", ""))
        case "activity":
            return translate("Outbox", "Activity on {order}: {subject}").format(
                order=target, subject=payload.get("subject", ""))
        case "finding":
            return translate("Outbox", "Finding on complaint {complaint}: {text}").format(
                complaint=target, text=shorten(str(payload.get("text", ""))))
        case "link_lot":
            return translate("Outbox", "Complaint {complaint} linked to lot {lot}").format(
                complaint=target, lot=payload.get("lot_id", "?"))
        case "priority":
            return translate("Outbox", "Priority of work order {work_order} → {priority}").format(
                work_order=target, priority=payload.get("priority", "?"))
        case "webhook":
            return translate("Outbox", "Event {event} to webhook {target}").format(
                event=payload.get("event", "?"), target=item.source)
        case "quote":
            return translate("Outbox", "Quote: {quantity} {unit} {product} for {customer}, "
                                       "{date}").format(
                quantity=payload.get("quantity", "?"), unit=payload.get("unit", ""),
                product=payload.get("product_id", "?"),
                customer=display_id(item.source, "crm.customers",
                                    str(payload.get("customer_id", "?"))),
                date=_day(payload.get("quoted_date")))
    # An action kind newer than this console: still say what it is about.
    return translate("Outbox", "{action} on {target}").format(action=item.action, target=target)


def done_today(items: list[OutboxItem], today: date | None = None) -> list[OutboxItem]:
    """The actions delivered today (local date), the latest first."""
    today = today or datetime.now().astimezone().date()
    done = [i for i in items if i.state == OutboxState.DELIVERED and i.delivered_at is not None
            and i.delivered_at.astimezone().date() == today]
    return sorted(done, key=lambda i: i.delivered_at or i.created_at, reverse=True)


def answer_text(item: OutboxItem) -> str:
    """What the source answered to a delivered action, in words: the order a quote created,
    the record it changed."""
    answer = item.answer or {}
    number, record = answer.get("number"), answer.get("id")
    if item.action == "quote" and (number or record):
        return translate("Outbox", "created order {number}").format(number=number or record)
    if number:
        return translate("Outbox", "accepted: {number}").format(number=number)
    if record:
        return translate("Outbox", "accepted: {id}").format(id=record)
    return translate("Outbox", "accepted")


def shorten(text: str, limit: int = REASON_MAX_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _day(value: object) -> str:
    # The payload holds an ISO day; shown in the person's order ("2026/04/30" in zh_TW).
    try:
        return day_text(date.fromisoformat(str(value)))
    except ValueError:
        return "?" if value is None else str(value)


def reason_text(item: OutboxItem) -> str:
    """Why the action is not delivered: a source's own words as sent, the console's own
    reasons (not configured, cannot connect …) in the person's language."""
    if not item.last_error:
        return ""
    reason = OutboxReason.parse(item.last_error)
    match reason.kind:
        case ReasonKind.REFUSED:
            return reason.params["words"].strip()
        case ReasonKind.NOT_CONFIGURED:
            return translate("Outbox", _NOT_CONFIGURED.get(reason.params["what"],
                                                           _NOT_CONFIGURED["source"])).format(
                source=reason.params["source"])
    return error_text(reason.error) if reason.error is not None else item.last_error


def source_name(source: str, kind: str | None) -> str:
    if kind == "crm":
        return translate("Outbox", "The CRM")
    if kind == "mes":
        return translate("Outbox", "The MES")
    return translate("Outbox", "Source {source}").format(source=source)


def refusal_notice(item: OutboxItem, kind: str | None, display_id: DisplayId = raw_id) -> str:
    """E.g. "The CRM refused your change to O-000012: record has changed…"."""
    target = display_id(item.source, item.target_feed, item.target_id)
    reason = shorten(reason_text(item)) or translate("Outbox", "no reason given")
    if OutboxReason.parse(item.last_error).kind is ReasonKind.NOT_CONFIGURED:
        # Nobody refused it: the console has nowhere to send it.
        return translate("Outbox", "Your change to {target} cannot be sent: {reason}").format(
            target=target, reason=reason)
    return translate("Outbox", "{who} refused your change to {target}: {reason}").format(
        who=source_name(item.source, kind), target=target, reason=reason)


def indicator_text(items: list[OutboxItem]) -> tuple[str, bool]:
    """The status bar's words for the outbox, and whether it needs a person (something refused).

    Empty text: nothing is waiting, so the indicator hides.
    """
    waiting = sum(1 for i in items if i.state in WAITING)
    parked = sum(1 for i in items if i.state == OutboxState.PARKED)
    parts: list[str] = []
    if parked == 1:
        parts.append(translate("Outbox", "1 action refused — review"))
    elif parked:
        parts.append(translate("Outbox", "{count} actions refused — review").format(count=parked))
    if waiting == 1:
        parts.append(translate("Outbox", "1 action waiting to be sent"))
    elif waiting:
        parts.append(
            translate("Outbox", "{count} actions waiting to be sent").format(count=waiting))
    return " · ".join(parts), parked > 0
