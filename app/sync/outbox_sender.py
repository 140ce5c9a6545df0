"""Sends the outbox: user actions stored first, then delivered with their idempotency key.

A 5xx, a timeout or no connection leaves the action queued for a later try (with backoff); a
4xx is final, so the action is parked with the source's reason and the person who made it is
told. A repeat of an action the backend already applied is answered from its idempotency store,
so nothing is applied twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import TypeAdapter, ValidationError

from app.cache.changes import ChangeSet
from app.cache.outbox import OutboxItem
from app.connectors.base import Connector, SourceError, SourceRefused
from app.contract import FEEDS_BY_NAME
from app.sync.actions import Action, http_request
from app.sync.cache_worker import CacheWorker
from app.sync.poller import backoff_seconds

log = logging.getLogger(__name__)

IDLE_CHECK_SECONDS = 5.0  # also picks up actions another process queued in a shared cache


class OutboxSender:
    def __init__(
        self,
        cache: CacheWorker,
        connector_for: Callable[[str], Connector | None],
        on_outbox: Callable[[list[OutboxItem]], Any] | None = None,
        on_changes: Callable[[ChangeSet], Any] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.cache = cache
        self.connector_for = connector_for
        self.on_outbox = on_outbox or (lambda items: None)
        self.on_changes = on_changes or (lambda changes: None)
        self.rng = rng or random.Random()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    # -- what people do ----------------------------------------------------------------------
    async def queue(self, action: Action) -> OutboxItem:
        """Store the action (it survives a restart), then wake the sender."""
        item = await self.cache.call(
            self.cache.store.outbox_add, source=action.source, action=action.kind.value,
            target_feed=action.target_feed, target_id=action.target_id,
            payload=action.payload, record_version=action.version, made_by=action.made_by)
        await self._announce()
        self._wake.set()
        return item

    async def retry(self, item_id: int) -> None:
        await self.cache.call(self.cache.store.outbox_retry, item_id)
        await self._announce()
        self._wake.set()

    async def drop(self, item_id: int) -> None:
        await self.cache.call(self.cache.store.outbox_drop, item_id)
        await self._announce()

    # -- sending -----------------------------------------------------------------------------
    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        await self._announce()
        while True:
            try:
                await self.send_due()
            except Exception:  # the sender must outlive a bug in one action
                log.exception("outbox: unexpected error")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), IDLE_CHECK_SECONDS)

    async def send_due(self) -> int:
        """Send every action due now; returns how many were delivered."""
        delivered = 0
        items = await self.cache.call(self.cache.store.outbox_next_due)
        for item in items:
            delivered += await self._send(item)
        if items:
            await self._announce()
        return delivered

    async def _send(self, item: OutboxItem) -> int:
        store = self.cache.store
        connector = self.connector_for(item.source)
        if connector is None:
            await self.cache.call(store.outbox_mark_parked, item.id,
                                  f"source {item.source!r} is not configured any more")
            return 0
        method, path, body = http_request(item.action, item.target_id, item.payload)
        try:
            result = await connector.write(method, path, body, item.idempotency_key,
                                           item.record_version)
        except SourceRefused as exc:
            reason = f"{item.source} refused it (HTTP {exc.status}): {exc}"
            await self.cache.call(store.outbox_mark_parked, item.id, reason)
            log.warning("outbox %s parked: %s", item.idempotency_key, reason)
            return 0
        except SourceError as exc:
            pause = backoff_seconds(item.attempts, self.rng)
            await self.cache.call(store.outbox_retry, item.id, error=str(exc),
                                  at=datetime.now(UTC) + timedelta(seconds=pause))
            return 0
        await self.cache.call(store.outbox_mark_delivered, item.id)
        await self._store_answer(item, result.record)
        return 1

    async def _store_answer(self, item: OutboxItem, record: dict[str, Any]) -> None:
        """The backend answers with the changed record: cache it so views show it at once."""
        # An activity answers with the new activity; the other writes with the changed target.
        feed = "crm.activities" if item.action == "activity" else item.target_feed
        spec = FEEDS_BY_NAME[feed]
        try:
            parsed = TypeAdapter(spec.record).validate_python(record)
        except ValidationError:
            return  # the next poll brings it
        changes = await self.cache.call(self.cache.store.upsert, item.source, spec.name,
                                        [parsed])
        if changes:
            self.on_changes(changes)

    async def _announce(self) -> None:
        items = await self.cache.call(self.cache.store.outbox_items)
        self.on_outbox(items)
