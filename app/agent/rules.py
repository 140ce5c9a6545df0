"""Automation rules in the sync agent: in shared mode they run here once, not on every desk.

The rounds run in the plant runtime (app.runtime.plant_runtime), the very code a desk runs:
after changes to the feeds the rules read, at most one round every MIN_INTERVAL_SECONDS, on
the runtime's plan. Each round stores the new firings (once per occurrence) and the action
states it decides; here, on the agent's event loop, the CRM activities and webhook calls they
ask for are queued in the shared outbox, each once. Alerts and customer notices are left to the
desks: they read the firings from the shared cache.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from app.automation.rules.model import Firing
from app.automation.rules.round import ActionQueue, Queued, RuleRound, queue_actions
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.runtime.plant_runtime import PlantRuntime, RuntimeUpdate

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
        self.rounds = 0
        self.runtime = PlantRuntime(store, clock or (lambda: datetime.now(UTC)), self._published,
                                    rules=True, watch=False, rule_interval=min_interval)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._delivering: set[asyncio.Task[None]] = set()

    def changed(self, changes: ChangeSet) -> None:
        self.runtime.changed(changes)

    async def round(self) -> list[Firing]:
        """One round now: the new firings, their actions queued."""
        done = await asyncio.wrap_future(self.runtime.round_now())
        await self._deliver(done)
        return done.firings

    def start(self) -> None:
        """Rounds from now on, the first on what the cache holds."""
        self._loop = asyncio.get_running_loop()
        self.runtime.start()

    async def stop(self) -> None:
        await asyncio.to_thread(self.runtime.stop)
        self._loop = None
        for task in list(self._delivering):
            task.cancel()
        if self._delivering:
            await asyncio.gather(*self._delivering, return_exceptions=True)

    def _published(self, update: RuntimeUpdate) -> None:
        """On the runtime's thread: a round's actions go to the event loop."""
        loop = self._loop
        if update.failed:
            log.error("rules: %s failed: %s", update.failed, update.error)
        if update.round is None or loop is None:
            return
        done = update.round
        loop.call_soon_threadsafe(self._deliver_soon, done)

    def _deliver_soon(self, done: RuleRound) -> None:
        task = asyncio.get_running_loop().create_task(self._deliver(done))
        self._delivering.add(task)
        task.add_done_callback(self._delivering.discard)

    async def _deliver(self, done: RuleRound) -> None:
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
