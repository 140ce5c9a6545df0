"""What the widgets may ask of the sync engine, and running its coroutines from a Qt slot."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from app.cache.outbox import OutboxItem
    from app.sync.actions import Action

log = logging.getLogger(__name__)


class OutboxControl(Protocol):
    async def retry(self, item_id: int) -> None: ...
    async def drop(self, item_id: int) -> None: ...


class EngineControl(Protocol):
    """The part of app.sync.engine.SyncEngine the console's widgets use."""

    @property
    def outbox(self) -> OutboxControl: ...

    def sync_now(self) -> None: ...

    async def queue_action(self, action: Action) -> OutboxItem: ...


# The loop keeps only weak references to tasks; a task nobody holds can vanish mid-way.
_running: set[asyncio.Task[Any]] = set()


def start_task(
    coro: Coroutine[Any, Any, Any], what: str,
    on_error: Callable[[BaseException], None] | None = None,
) -> asyncio.Task[Any]:
    """Run `coro` on the running loop (qasync's, shared with Qt); errors are logged and passed
    to `on_error`, never lost."""
    task = asyncio.ensure_future(coro)
    _running.add(task)

    def done(finished: asyncio.Task[Any]) -> None:
        _running.discard(finished)
        if finished.cancelled():
            return
        error = finished.exception()
        if error is not None:
            log.error("%s failed", what, exc_info=error)
            if on_error is not None:
                on_error(error)

    task.add_done_callback(done)
    return task
