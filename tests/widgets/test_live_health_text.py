"""A live source waiting for an edge node's rebirth says so in words on its status."""

from __future__ import annotations

from datetime import UTC, datetime

from app.connectors.http_errors import ErrorKind
from app.sync.health import HealthError, SourceHealth, SourceState
from widgets.status.health_text import error_text, tooltip_text


def test_an_awaited_rebirth_reads_as_such_not_as_no_errors(qapp) -> None:
    why = "node edge1: sequence gap (expected 2, got 3); messages were lost; rebirth requested"
    error = HealthError(ErrorKind.REBIRTH_AWAITED, {"nodes": "edge1", "why": why}, "")
    assert error_text(error) == (
        "waiting for edge node edge1 to publish its births again; until then its machines' "
        f"values may be out of date ({why})")
    health = SourceHealth("floor-mqtt", "mes", "mqtt://127.0.0.1:1883").succeeded(
        datetime(2026, 12, 5, 4, 0, tzinfo=UTC), warning=error)
    assert health.state == SourceState.DEGRADED
    tip = tooltip_text(health)
    assert "No errors" not in tip and "waiting for edge node edge1" in tip
