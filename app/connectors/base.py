"""What every connector offers the sync layer, whatever the backend's dialect."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.connectors.config import SourceConfig
from app.domain import Tombstone


class SourceError(Exception):
    """A failure talking to a source, in words a person can act on."""

    retryable = True


class SourceUnavailable(SourceError):
    """Cannot connect, timed out, connection dropped, or a 5xx: try again later."""


class BadPayload(SourceError):
    """The source answered, but not in the shape its contract promises."""


class SourceRefused(SourceError):
    """A 4xx: the request itself is wrong or not allowed; retrying will not help."""

    retryable = False

    def __init__(self, message: str, status: int, body: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body or {}


@dataclass(slots=True)
class Rejection:
    """An item of a page that failed validation; the rest of the page still lands."""

    feed: str
    item_id: str | None
    reason: str


@dataclass(slots=True)
class FeedPage:
    feed: str
    records: list[Any] = field(default_factory=list)  # domain objects
    deleted: list[Tombstone] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    # Set on the last page: store it and send it back next time for later changes only.
    sync_token: str | None = None
    not_modified: bool = False  # the source said nothing changed (ETag)
    # Where the read goes on after this page (None on the last one, or where the backend
    # cannot say): a read that stopped here starts again from it, not from page 1.
    next_cursor: str | None = None


@dataclass(slots=True)
class WriteResult:
    status: int
    record: dict[str, Any]
    replayed: bool = False  # the source had already applied this idempotency key


class Connector(Protocol):
    source: SourceConfig

    def feeds(self) -> tuple[str, ...]:
        """Feed names (app.contract) this source provides."""
        ...

    def read_changes(self, feed: str, sync_token: str | None, *, cursor: str | None = None
                     ) -> AsyncIterator[FeedPage]:
        """Pages of changes after `sync_token` (everything when None). With `cursor` (a
        page's `next_cursor`; only connectors that give one are asked), the same read goes
        on after that page."""
        ...

    async def write(
        self, method: str, path: str, body: dict[str, Any], idempotency_key: str,
        version: int | None,
    ) -> WriteResult: ...

    async def aclose(self) -> None: ...
