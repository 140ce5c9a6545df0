"""Health of one backend source, as the status bar shows it.

An error is a kind and its parameters (HealthError), so the console words it in the person's
language; its English `text` is what logs, the agent's health file and tests read. A notice
(HealthNotice) is the same for something a person should know that is not an error, such as a
full re-read that replaced the cached data of a feed; it does not change the source's state.
A FirstRead is a feed not yet read to its end once: what the cache holds of it is partial.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from app.connectors.http_errors import ErrorKind, error_kind, text_kind

__all__ = ["DOWN_AFTER_FAILURES", "SLOW", "ErrorKind", "FirstRead", "HealthError",
           "HealthNotice", "SourceHealth", "SourceState", "SyncErrorKind", "SyncNoticeKind"]


class SourceState(StrEnum):
    CONNECTING = "connecting"  # nothing heard yet
    CONNECTED = "connected"
    DEGRADED = "degraded"  # answering, but with errors or slowly
    DOWN = "down"  # not answering


class SyncErrorKind(StrEnum):
    """Errors the sync layer itself finds, beside the connectors' (ErrorKind)."""

    SLOW = "slow"  # no parameters
    REJECTED_ITEMS = "rejected_items"  # count, feed, first (a backend's words, may be "")
    INTERNAL = "internal"  # text: the exception, for a bug report


@dataclass(frozen=True, slots=True)
class HealthError:
    kind: ErrorKind | SyncErrorKind
    params: Mapping[str, str] = field(default_factory=dict)
    text: str = ""  # in English, for logs

    @classmethod
    def of(cls, exc: BaseException) -> HealthError:
        kind, params = error_kind(exc)
        return cls(kind, params, str(exc))

    @classmethod
    def from_text(cls, text: str) -> HealthError:
        """An error known only by its English words: its kind when they say a known one."""
        kind, params = text_kind(text)
        return cls(kind, params, text)


SLOW = HealthError(SyncErrorKind.SLOW, {}, "answering slowly")


class SyncNoticeKind(StrEnum):
    """What the sync layer tells a person that is not an error."""

    # feed; replaced (records taken back to an older version), removed (records gone), both
    # counts as decimal strings. The source refused the stored sync token as from another run
    # (HTTP 410: restored from a backup, restarted with older data): the feed was read again
    # in full and what it says now replaced what the cache held, versions included.
    DATA_REPLACED = "data_replaced"


@dataclass(frozen=True, slots=True)
class HealthNotice:
    kind: SyncNoticeKind
    params: Mapping[str, str] = field(default_factory=dict)
    text: str = ""  # in English, for logs
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class FirstRead:
    """A feed never read to its end yet, and how far its read got (0 pages: not begun)."""

    feed: str
    pages: int = 0
    records: int = 0  # records and deletions stored so far


# After this many failures in a row a source is down; fewer make it degraded.
DOWN_AFTER_FAILURES = 3


@dataclass(frozen=True, slots=True)
class SourceHealth:
    source: str  # the source's name, e.g. "demo-crm"
    kind: str  # "crm" or "mes"
    url: str
    backend: str = "reference"  # what the source is (app.connectors.config.BACKENDS)
    state: SourceState = SourceState.CONNECTING
    last_success: datetime | None = None
    last_error: str = ""  # the error's English text
    error: HealthError | None = None  # the same, as kind and parameters
    last_error_at: datetime | None = None
    consecutive_failures: int = 0
    details: dict[str, str] = field(default_factory=dict)
    # The latest notice of each kind per feed, oldest first; they stay until a newer one of
    # the same kind and feed replaces them (a person may look long after it happened).
    notices: tuple[HealthNotice, ...] = ()
    # The source's feeds not yet read to their end once, in its order: views that show them
    # would otherwise present partial data as whole.
    first_reads: tuple[FirstRead, ...] = ()

    def noted(self, notice: HealthNotice) -> SourceHealth:
        key = (notice.kind, notice.params.get("feed", ""))
        kept = tuple(n for n in self.notices if (n.kind, n.params.get("feed", "")) != key)
        return replace(self, notices=(*kept, notice))

    def succeeded(
        self, at: datetime, *, slow: bool = False, warning: str | HealthError = ""
    ) -> SourceHealth:
        if isinstance(warning, str):  # words from a caller that knows no kinds
            error = HealthError.from_text(warning) if warning else None
        else:
            error = warning
        error = error or (SLOW if slow else None)
        state = SourceState.DEGRADED if error else SourceState.CONNECTED
        return replace(
            self, state=state, last_success=at, consecutive_failures=0,
            last_error=error.text if error else "", error=error,
        )

    def failed(self, at: datetime, error: str | HealthError) -> SourceHealth:
        if isinstance(error, str):
            error = HealthError.from_text(error)
        failures = self.consecutive_failures + 1
        state = SourceState.DOWN if failures >= DOWN_AFTER_FAILURES else SourceState.DEGRADED
        return replace(
            self, state=state, last_error=error.text, error=error, last_error_at=at,
            consecutive_failures=failures,
        )
