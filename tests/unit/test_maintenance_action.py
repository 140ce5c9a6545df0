"""The maintenance write as an action: its contract request, its target feed, who may queue it,
and its place in the published OpenAPI document."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from app.cache.shared_roles import ACTION_WORDS, may_queue
from app.domain import ActionKind
from app.sim.openapi import DOCUMENT_PATH
from app.sync import actions


def test_plan_maintenance_becomes_a_calendar_write() -> None:
    taipei = timezone(timedelta(hours=8))
    start = datetime(2026, 12, 7, 9, 0, tzinfo=taipei)
    action = actions.plan_maintenance("demo-mes", "CAL-MACH", "M-212", start,
                                      start + timedelta(hours=2), "Spindle bearing", "pat")
    assert action.kind is ActionKind.MAINTENANCE and action.target_feed == "mes.calendars"
    assert action.version is None  # adds a window: nothing to conflict with
    method, path, body = actions.http_request(action.kind.value, action.target_id,
                                              action.payload)
    assert (method, path) == ("POST", "/mes/v1/calendars/CAL-MACH/maintenance")
    assert body == {"machine_id": "M-212", "start": "2026-12-07T01:00:00Z",
                    "end": "2026-12-07T03:00:00Z", "reason": "Spindle bearing"}
    assert datetime.fromisoformat(body["start"]) == start.astimezone(UTC)


def test_plant_managers_may_plan_maintenance_account_managers_may_not() -> None:
    assert ACTION_WORDS[ActionKind.MAINTENANCE] == "plan machine maintenance"
    assert may_queue("plant_manager", ActionKind.MAINTENANCE)
    assert may_queue("administrator", ActionKind.MAINTENANCE)
    assert not may_queue("account_manager", ActionKind.MAINTENANCE)


def test_the_published_contract_has_the_write() -> None:
    document = json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))
    operation = document["paths"]["/mes/v1/calendars/{calendar_id}/maintenance"]["post"]
    assert "201" in operation["responses"]
    body = document["components"]["schemas"]["MaintenanceCreate"]
    assert set(body["required"]) >= {"machine_id", "start", "end"}
