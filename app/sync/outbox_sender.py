"""Sends the outbox: user actions stored first, then delivered with their idempotency key.

A 5xx, a timeout or no connection leaves the action queued for a later try (with backoff); a
4xx is final, so the action is parked with the source's reason and the person who made it is
told. A repeat of an action the backend already applied is answered from its idempotency store,
so nothing is applied twice.

Webhook events (ActionKind.WEBHOOK) go the same way to a WebhookTarget (app.sync.webhooks) found
by `webhook_for`; their answer is not a record, so nothing is cached from it.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
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
from app.sync.actions import Action, ActionKind, http_request
from app.sync.cache_worker import CacheWorker
from app.sync.outbox_reasons import OutboxReason
from app.sync.poller import backoff_seconds

log = logging.getLogger(__name__)

CLAIM_BATCH = 10  # items claimed at a time
IDLE_CHECK_SECONDS = 5.0  # also picks up actions another process queued in a shared cache
RETRY_MARGIN_SECONDS = 0.01  # wake just after a retry is due, not just before


ANSWER_KEYS = ("id", "number", "status", "version", "stored_in", "promised_date", "name")


def answer_summary(record: Any) -> dict[str, Any] | None:
    """What the backend answered, in a few words kept with the delivered item: the id and
    number of what it made or changed (the order a quote created, for instance)."""
    if not isinstance(record, dict):
        return None
    summary = {k: record[k] for k in ANSWER_KEYS
               if isinstance(record.get(k), str | int | float | bool)}
    return summary or None


class OutboxSender:
    def __init__(
        self,
        cache: CacheWorker,
        connector_for: Callable[[str], Connector | None],
        on_outbox: Callable[[list[OutboxItem]], Any] | None = None,
        on_changes: Callable[[ChangeSet], Any] | None = None,
        rng: random.Random | None = None,
        webhook_for: Callable[[str], Connector | None] | None = None,
    ) -> None:
        self.cache = cache
        self.connector_for = connector_for
        self.webhook_for = webhook_for or (lambda name: None)
        self.on_outbox = on_outbox or (lambda items: None)
        self.on_changes = on_changes or (lambda changes: None)
        self.rng = rng or random.Random()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._retries: list[datetime] = []  # heap: when the retries this sender set are due

    # -- what people do ----------------------------------------------------------------------
    async def queue(self, action: Action) -> OutboxItem:
        """Store the action (it survives a restart), then wake the sender."""
        item = await self.cache.call(
            self.cache.store.outbox_add, source=action.source, action=action.kind.value,
            target_feed=action.target_feed, target_id=action.target_id,
            payload=action.payload, record_version=action.version, made_by=action.made_by,
            idempotency_key=action.key or None)
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
                await asyncio.wait_for(self._wake.wait(), self._idle_seconds())

    def _idle_seconds(self) -> float:
        """Until the next check: the idle step, or sooner when a retry is due before it."""
        if not self._retries:
            return IDLE_CHECK_SECONDS
        until = (self._retries[0] - datetime.now(UTC)).total_seconds()
        return min(IDLE_CHECK_SECONDS, max(0.0, until) + RETRY_MARGIN_SECONDS)

    async def send_due(self) -> int:
        """Send every action due now; returns how many were delivered."""
        delivered = 0
        now = datetime.now(UTC)  # the claims below come later, so they take every retry due
        while self._retries and self._retries[0] <= now:
            heapq.heappop(self._retries)
        while True:
            items = await self.cache.call(self.cache.store.outbox_next_due,
                                          limit=CLAIM_BATCH)
            for item in items:
                delivered += await self._send(item)
            if items:
                await self._announce()
            if len(items) < CLAIM_BATCH:  # a full batch means more may be due now
                return delivered

    async def _send(self, item: OutboxItem) -> int:
        store = self.cache.store
        webhook = item.action == ActionKind.WEBHOOK.value
        connector = (self.webhook_for if webhook else self.connector_for)(item.source)
        if connector is None:
            what = "webhook" if webhook else "source"
            await self.cache.call(store.outbox_mark_parked, item.id,
                                  OutboxReason.not_configured(what, item.source).text)
            return 0
        method, path, body = http_request(item.action, item.target_id, item.payload)
        try:
            result = await connector.write(method, path, body, item.idempotency_key,
                                           item.record_version)
        except SourceRefused as exc:
            reason = OutboxReason.refused(item.source, exc.status, str(exc)).text
            await self.cache.call(store.outbox_mark_parked, item.id, reason)
            log.warning("outbox %s parked: %s", item.idempotency_key, reason)
            return 0
        except SourceError as exc:
            pause = backoff_seconds(item.attempts, self.rng)
            at = datetime.now(UTC) + timedelta(seconds=pause)
            await self.cache.call(store.outbox_retry, item.id, error=str(exc), at=at)
            heapq.heappush(self._retries, at)
            return 0
        await self.cache.call(store.outbox_mark_delivered, item.id,
                              answer=answer_summary(result.record))
        if not webhook:  # a webhook's answer is the receiver's, not a record of ours
            await self._store_answer(item, result.record)
        return 1

    async def _store_answer(self, item: OutboxItem, record: dict[str, Any]) -> None:
        """The backend answers with the changed record: cache it so views show it at once."""
        # An activity answers with the new activity; the other writes with the changed target
        # (a quote with the order it created).
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
