"""Health of one backend source, as the status bar shows it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum


class SourceState(StrEnum):
    CONNECTING = "connecting"  # nothing heard yet
    CONNECTED = "connected"
    DEGRADED = "degraded"  # answering, but with errors or slowly
    DOWN = "down"  # not answering


# After this many failures in a row a source is down; fewer make it degraded.
DOWN_AFTER_FAILURES = 3


@dataclass(frozen=True, slots=True)
class SourceHealth:
    source: str  # the source's name, e.g. "demo-crm"
    kind: str  # "crm" or "mes"
    url: str
    state: SourceState = SourceState.CONNECTING
    last_success: datetime | None = None
    last_error: str = ""
    last_error_at: datetime | None = None
    consecutive_failures: int = 0
    details: dict[str, str] = field(default_factory=dict)

    def succeeded(self, at: datetime, *, slow: bool = False, warning: str = "") -> SourceHealth:
        if slow or warning:
            state, error = SourceState.DEGRADED, warning or "answering slowly"
        else:
            state, error = SourceState.CONNECTED, ""
        return replace(
            self, state=state, last_success=at, consecutive_failures=0, last_error=error
        )

    def failed(self, at: datetime, error: str) -> SourceHealth:
        failures = self.consecutive_failures + 1
        state = SourceState.DOWN if failures >= DOWN_AFTER_FAILURES else SourceState.DEGRADED
        return replace(
            self, state=state, last_error=error, last_error_at=at, consecutive_failures=failures
        )
