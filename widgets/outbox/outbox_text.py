"""Outbox items in words: what the action does, its state, and why a source refused it.

Module-level functions name their context ("Outbox") literally, so lupdate finds them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.cache.outbox import OutboxItem, OutboxState

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

# The sender writes "<source> refused it (HTTP 409): <the source's own words>".
_REFUSAL = re.compile(r"refused it \(HTTP \d{3}\):\s*(?P<words>.+)$", re.DOTALL)


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
                date=payload.get("promised_date", "?"))
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
    # An action kind newer than this console: still say what it is about.
    return translate("Outbox", "{action} on {target}").format(action=item.action, target=target)


def shorten(text: str, limit: int = REASON_MAX_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def refusal_words(item: OutboxItem) -> str:
    """The source's own reason, without the sender's prefix."""
    found = _REFUSAL.search(item.last_error)
    return (found.group("words") if found else item.last_error).strip()


def source_name(source: str, kind: str | None) -> str:
    if kind == "crm":
        return translate("Outbox", "The CRM")
    if kind == "mes":
        return translate("Outbox", "The MES")
    return translate("Outbox", "Source {source}").format(source=source)


def refusal_notice(item: OutboxItem, kind: str | None, display_id: DisplayId = raw_id) -> str:
    """E.g. "The CRM refused your change to O-000012: record has changed…"."""
    return translate("Outbox", "{who} refused your change to {target}: {reason}").format(
        who=source_name(item.source, kind),
        target=display_id(item.source, item.target_feed, item.target_id),
        reason=shorten(refusal_words(item)) or translate("Outbox", "no reason given"))


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
