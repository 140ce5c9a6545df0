"""Automation rules in the sync agent: in shared mode they run here once, not on every desk.

A round (at most one every MIN_INTERVAL_SECONDS, after changes to the feeds the rules read)
plans from the shared cache and runs the round a desk runs (app.automation.rules.round): it
stores the new firings (once per occurrence) and the action states it decides in one write,
then queues the CRM activities and webhook calls they ask for in the shared outbox, each once.
Alerts and customer notices are left to the desks: they read the firings from the shared cache.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from app.automation.rules.cycle import RULE_FEEDS
from app.automation.rules.model import Firing
from app.automation.rules.round import ActionQueue, Queued, RuleRound, queue_actions, run_round
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.runtime.plan_inputs import plan_from_cache

log = logging.getLogger(__name__)

MIN_INTERVAL_SECONDS = 15.0


class AgentRules:
    def __init__(self, store: CacheStore, engine: ActionQueue,
                 clock: Callable[[], datetime] | None = None,
                 min_interval: float = MIN_INTERVAL_SECONDS,
                 on_stored: Callable[[], None] | None = None) -> None:
        """`engine`: the sync engine (a round needs only its queue_action); `on_stored()`:
        after a round stored new firings (the agent NOTIFIES the desks)."""
        self.store = store
        self.on_stored = on_stored
        self.engine = engine
        self.clock = clock or (lambda: datetime.now(UTC))
        self.min_interval = min_interval
        self.rounds = 0
        self._due = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def changed(self, changes: ChangeSet) -> None:
        if changes.kinds & RULE_FEEDS:
            self._due.set()

    async def round(self) -> list[Firing]:
        """One round now: the new firings, their actions queued."""
        now = self.clock()

        def evaluate() -> RuleRound:
            result = plan_from_cache(self.store, now)
            return run_round(self.store, now, result.plan if result is not None else None)

        done = await asyncio.to_thread(evaluate)
        self.rounds += 1
        if done.to_queue:
            queued = Queued()
            try:
                await queue_actions(self.engine, done.to_queue, queued)
            finally:  # stopped half-way: keep the states of those queued
                await asyncio.to_thread(queued.store, self.store)
        if done.firings:
            log.info("rules: %d new firing(s)", len(done.firings))
            if self.on_stored is not None:
                self.on_stored()
        return done.firings

    def start(self) -> None:
        self._due.set()  # a first round on what the cache holds
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        last = None
        while True:
            await self._due.wait()
            if last is not None and (wait := self.min_interval - (time.monotonic() - last)) > 0:
                await asyncio.sleep(wait)
            self._due.clear()
            last = time.monotonic()
            try:
                await self.round()
            except Exception:  # a bad round must not end the agent's rules for good
                log.exception("rules: the round failed")
