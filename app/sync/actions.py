"""User actions that change a backend, and the contract request each one becomes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

# The vocabulary lives in app.domain so the cache can use it without importing the sync layer;
# re-exported here for the callers that build and send actions.
from app.domain.actions import TARGET_FEED as TARGET_FEED
from app.domain.actions import Action, ActionKind


def promise_date(source: str, order_id: str, line_no: int, promised: date, version: int,
                 reason: str = "", made_by: str = "") -> Action:
    return Action(ActionKind.PROMISE_DATE, source, order_id,
                  {"line_no": line_no, "promised_date": promised.isoformat(), "reason": reason,
                   "by": made_by}, version, made_by)


def quote(source: str, hold_id: str, *, customer_id: str, product_id: str, quantity: str,
          unit: str, requested: date, quoted: date, priority: int, expires: date,
          options: dict[str, str] | None = None, hours: dict[str, float] | None = None,
          seen_hold: int = 0, customer_po: str = "", made_by: str = "") -> Action:
    """A draft order (quotation) for new demand, and the hold on the capacity it needs.

    The outbox item is the hold (app.analytics.schedule.holds): `hold_id` names it, `expires`
    ends it unless the order is confirmed, `hours` is what it takes of each work center, and
    `seen_hold` is the newest hold the answer was planned with (a later one that overlaps
    makes the quote wait for a new check: two people cannot promise the same hours)."""
    return Action(ActionKind.QUOTE, source, hold_id, {
        "customer_id": customer_id, "product_id": product_id, "quantity": quantity,
        "unit": unit, "requested_date": requested.isoformat(),
        "quoted_date": quoted.isoformat(), "priority": priority,
        "expires": expires.isoformat(), "options": dict(options or {}),
        "hours": dict(hours or {}), "seen_hold": seen_hold, "customer_po": customer_po,
        "by": made_by}, None, made_by)


def activity(source: str, order_id: str, kind: str, subject: str, body: str = "",
             made_by: str = "") -> Action:
    return Action(ActionKind.ACTIVITY, source, order_id,
                  {"kind": kind, "subject": subject, "body": body}, None, made_by)


def finding(source: str, complaint_id: str, text: str, made_by: str = "") -> Action:
    return Action(ActionKind.FINDING, source, complaint_id, {"text": text}, None, made_by)


def link_complaint_lot(source: str, complaint_id: str, lot_id: str, version: int,
                       made_by: str = "") -> Action:
    return Action(ActionKind.LINK_LOT, source, complaint_id, {"lot_id": lot_id}, version,
                  made_by)


def expedite(source: str, work_order_id: str, priority: int, version: int,
             made_by: str = "") -> Action:
    return Action(ActionKind.PRIORITY, source, work_order_id, {"priority": priority}, version,
                  made_by)


def plan_maintenance(source: str, calendar_id: str, machine_id: str, start: datetime,
                     end: datetime, reason: str = "", made_by: str = "") -> Action:
    """Planned maintenance on the MES calendar; no If-Match: adding a window to a calendar
    conflicts with nothing another person changed on it."""
    return Action(ActionKind.MAINTENANCE, source, calendar_id,
                  {"machine_id": machine_id, "start": rfc3339_utc(start),
                   "end": rfc3339_utc(end), "reason": reason}, None, made_by)


def release_key(crm_source: str, order_id: str, line_no: int) -> str:
    """The idempotency key of a line's release: the same line always gets the same key, so the
    outbox holds one release per line (a second one is refused as a duplicate) and the MES
    answers a repeat of it with the work order it made the first time."""
    return f"release:{crm_source}:{order_id}:{line_no}"


def release(mes_source: str, crm_source: str, order_id: str, line_no: int,
            request: dict[str, Any], made_by: str = "") -> Action:
    """Create the work order of an order line in the MES (`request`: the body of
    POST /mes/v1/work-orders, app.contract.WorkOrderRelease, built by app.automation.release)."""
    return Action(ActionKind.RELEASE, mes_source, f"{order_id}/{line_no}", dict(request), None,
                  made_by, key=release_key(crm_source, order_id, line_no))


def progress(crm_source: str, order_id: str, line_no: int, values: dict[str, Any],
             made_by: str = "automation") -> Action:
    """A line's production progress for the CRM (app.contract.ProgressUpdate); no If-Match:
    the progress fields are the plant's, nobody else edits them."""
    return Action(ActionKind.PROGRESS, crm_source, order_id, {"line_no": line_no, **values},
                  None, made_by)


def rfc3339_utc(moment: datetime) -> str:
    """E.g. "2026-03-02T08:15:00.250000Z"; a naive datetime is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def webhook(target: str, event: str, occurrence_id: str, data: dict[str, Any],
            occurred_at: datetime | None = None) -> Action:
    """An event for the webhook target named `target` (docs/webhooks.md has the format).

    `occurrence_id` names this occurrence of the event (e.g. "late-order:O-000012:2026-03-02"),
    so the receiver can tell a new event from one it has seen; `data` must be JSON-able.
    """
    moment = occurred_at if occurred_at is not None else datetime.now(UTC)
    return Action(ActionKind.WEBHOOK, target, occurrence_id,
                  {"event": event, "id": occurrence_id, "occurred_at": rfc3339_utc(moment),
                   "data": data})


def http_request(kind: str, target_id: str, payload: dict[str, Any]) -> tuple[str, str, dict]:
    """(method, path, body) of the reference contract for a stored action."""
    match ActionKind(kind):
        case ActionKind.PROMISE_DATE:
            body = {k: v for k, v in payload.items() if k != "line_no"}
            return "PATCH", f"/crm/v1/orders/{target_id}/lines/{payload['line_no']}", body
        case ActionKind.ACTIVITY:
            return "POST", f"/crm/v1/orders/{target_id}/activities", payload
        case ActionKind.FINDING:
            return "POST", f"/crm/v1/complaints/{target_id}/findings", payload
        case ActionKind.LINK_LOT:
            return "PATCH", f"/crm/v1/complaints/{target_id}", payload
        case ActionKind.PRIORITY:
            return "POST", f"/mes/v1/work-orders/{target_id}/priority", payload
        case ActionKind.MAINTENANCE:
            return "POST", f"/mes/v1/calendars/{target_id}/maintenance", payload
        case ActionKind.QUOTE:
            return "POST", "/crm/v1/orders", {
                "customer_id": payload["customer_id"], "status": "draft",
                "priority": payload["priority"],
                "customer_po": payload.get("customer_po") or f"quote {target_id}",
                "lines": [{"product_id": payload["product_id"],
                           "quantity": payload["quantity"],
                           "requested_date": payload["requested_date"],
                           "promised_date": payload["quoted_date"],
                           "options": payload.get("options") or {}}]}
        case ActionKind.WEBHOOK:
            return "POST", "", payload  # the target's own URL
        case ActionKind.RELEASE:
            return "POST", "/mes/v1/work-orders", payload
        case ActionKind.PROGRESS:
            body = {k: v for k, v in payload.items() if k != "line_no"}
            return ("PATCH", f"/crm/v1/orders/{target_id}/lines/{payload['line_no']}/progress",
                    body)
