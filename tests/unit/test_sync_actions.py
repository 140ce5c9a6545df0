"""Each user action becomes the contract request the backend expects."""

from __future__ import annotations

from datetime import date

from app.sync import actions


def _request(action: actions.Action) -> tuple[str, str, dict]:
    return actions.http_request(action.kind.value, action.target_id, action.payload)


def test_every_action_maps_to_its_contract_request() -> None:
    assert _request(actions.promise_date("crm", "O-1", 2, date(2026, 4, 30), 7, "late", "amy")) \
        == ("PATCH", "/crm/v1/orders/O-1/lines/2",
            {"promised_date": "2026-04-30", "reason": "late", "by": "amy"})
    assert _request(actions.activity("crm", "O-1", "note", "Called")) == (
        "POST", "/crm/v1/orders/O-1/activities", {"kind": "note", "subject": "Called", "body": ""})
    assert _request(actions.finding("crm", "CMP-1", "Burr on edge")) == (
        "POST", "/crm/v1/complaints/CMP-1/findings", {"text": "Burr on edge"})
    link = actions.link_complaint_lot("crm", "CMP-1", "L-000123", 4)
    assert _request(link) == ("PATCH", "/crm/v1/complaints/CMP-1", {"lot_id": "L-000123"})
    assert (link.version, link.target_feed) == (4, "crm.complaints")
    assert _request(actions.expedite("mes", "WO-1", 1, 3)) == (
        "POST", "/mes/v1/work-orders/WO-1/priority", {"priority": 1})
