"""The sync agent: the console's sync engine without Qt, writing into one shared cache.

It alone migrates the shared database, polls every source, sends the outbox (claiming items, so
several agents may share it), NOTIFIES the consoles of what changed (app.agent.notify), keeps the
audit anchor file up to date and reports its health on a loopback endpoint.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from app.agent.config import AgentConfig
from app.agent.health import HealthServer, agent_version, source_json
from app.agent.notify import notify_changes
from app.agent.rules import AgentRules
from app.audit.anchor import AnchorError, AnchorKeeper
from app.cache.changes import ChangeSet
from app.cache.database import create_cache_engine, upgrade_schema
from app.cache.outbox import OutboxItem, OutboxState
from app.cache.schema_local import outbox
from app.cache.shared_mode import FIRINGS_KEY, OUTBOX_KEY
from app.cache.shared_roles import apply_roles
from app.cache.store import CacheStore
from app.sync.engine import SyncEngine
from app.sync.health import SourceHealth
from app.sync.profiles import SecretStore

log = logging.getLogger(__name__)

ANCHOR_CHECK_SECONDS = 5.0  # consoles of a shared cache queue actions (and audit them) too


@dataclass
class PassResult:
    """What a `--once` pass did."""

    failed: dict[str, str] = field(default_factory=dict)  # source -> why
    changed: int = 0  # records written or deleted
    delivered: int = 0  # outbox actions delivered
    fired: int = 0  # new firings of the automation rules

    @property
    def ok(self) -> bool:
        return not self.failed


class AgentEvents:
    """The engine's SyncEvents: health kept for the endpoint, changes NOTIFIED in order, the
    anchor file updated when the outbox moved."""

    def __init__(self, store: CacheStore, anchor: AnchorKeeper | None) -> None:
        self.store = store
        self.anchor = anchor
        self.health: dict[str, SourceHealth] = {}
        self._pending = ChangeSet()
        self._also: set[str] = set()  # OUTBOX_KEY, FIRINGS_KEY: told with the next NOTIFY
        self._changed = asyncio.Event()
        self._outbox_moved = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.rules: AgentRules | None = None  # told of changes to the feeds rules read
        self.anchor_problem = ""  # why the latest entries are not anchored (health says it)

    # -- SyncEvents --------------------------------------------------------------------------
    def publish_served(self, feeds: set[str]) -> None:
        pass

    def publish_health(self, health: SourceHealth) -> None:
        self.health[health.source] = health

    def publish_changes(self, changes: ChangeSet) -> None:
        self._pending.merge(changes)
        self._changed.set()
        if self.rules is not None:
            self.rules.changed(changes)

    def publish_synced(self, source: str, feed: str, at: datetime) -> None:
        pass

    def publish_outbox(self, items: list[OutboxItem]) -> None:
        self._outbox_moved.set()
        self._also.add(OUTBOX_KEY)  # the desks show each action's state
        self._changed.set()

    def firings_stored(self) -> None:
        """AgentRules stored new firings: the desks raise their alerts."""
        self._also.add(FIRINGS_KEY)
        self._changed.set()

    # -- background work ---------------------------------------------------------------------
    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._tasks = [loop.create_task(self._notify_loop())]
        if self.anchor is not None:
            self._tasks.append(loop.create_task(self._anchor_loop()))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        await self.flush()

    async def flush(self) -> None:
        """NOTIFY what is still pending and bring the anchor file up to date."""
        await self._notify_pending()
        await self.update_anchor()

    async def _notify_pending(self) -> None:
        changes, self._pending = self._pending, ChangeSet()
        also, self._also = self._also, set()
        self._changed.clear()
        if changes or also:
            try:
                await notify_changes(self.store, changes, also)
            except Exception:  # the consoles also reload on their own now and then
                log.exception("NOTIFY failed")

    async def _notify_loop(self) -> None:
        while True:
            await self._changed.wait()
            await self._notify_pending()  # everything merged meanwhile goes in one NOTIFY

    async def update_anchor(self) -> None:
        if self.anchor is None:
            return
        try:
            await asyncio.to_thread(self.anchor.update, self.store.engine)
        except AnchorError as exc:  # said once, in words; syncing goes on
            if str(exc) != self.anchor_problem:
                log.error("%s", exc)
            self.anchor_problem = str(exc)
            return
        except Exception:
            log.exception("cannot update the audit anchor file %s", self.anchor.path)
            return
        self.anchor_problem = ""

    async def _anchor_loop(self) -> None:
        while True:
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow the cancel of stop()
            # when the event is set at the same moment.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(ANCHOR_CHECK_SECONDS):
                    await self._outbox_moved.wait()
            self._outbox_moved.clear()
            await self.update_anchor()


class Agent:
    def __init__(self, config: AgentConfig, secrets: SecretStore | None = None) -> None:
        self.config = config
        self.secrets = secrets or SecretStore()
        self.store: CacheStore | None = None
        self.engine: SyncEngine | None = None
        self.events: AgentEvents | None = None
        self.health_server: HealthServer | None = None
        self.health_address: tuple[str, int] | None = None
        self._engine_stopped = False
        self.rules: AgentRules | None = None

    # -- setting up --------------------------------------------------------------------------
    def migrate(self) -> None:
        """Open the cache and bring its schema to head (blocking: run it in a thread). Only
        the agent migrates a shared cache; consoles refuse a schema they do not know."""
        database = create_cache_engine(self.config.database)
        try:
            upgrade_schema(database)
            if database.dialect.name == "postgresql":
                apply_roles(database)  # the desks' roles, grants and outbox policies
        except Exception:
            database.dispose()
            raise
        self.store = CacheStore(database)

    def build(self) -> None:
        """The engine, its events and the anchor keeper (on the loop, after `migrate`)."""
        from app.sync.webhooks import load_webhook_targets

        assert self.store is not None
        anchor = (AnchorKeeper(self.config.audit_anchor)
                  if self.config.audit_anchor is not None else None)
        self.events = AgentEvents(self.store, anchor)
        targets = (load_webhook_targets(self.config.webhooks)
                   if self.config.webhooks is not None else [])
        self.engine = SyncEngine.for_profiles(
            self.config.profiles, self.secrets, self.store, events=self.events,
            webhooks=targets, intervals=self.config.intervals)
        # Rules run here, once for every desk of a shared cache.
        self.rules = self.events.rules = AgentRules(self.store, self.engine,
                                                    on_stored=self.events.firings_stored)

    def check_anchor(self) -> None:
        """Raise AnchorMismatch when the audit log no longer holds what the anchor file last
        recorded (blocking: run it in a thread, after `build`)."""
        assert self.events is not None and self.store is not None
        if self.events.anchor is not None:
            self.events.anchor.check(self.store.engine)

    @property
    def source_names(self) -> list[str]:
        assert self.engine is not None
        return [health.source for health in self.engine.poller.health()]

    async def start_health(self) -> tuple[str, int] | None:
        if self.config.health is None:
            return None
        self.health_server = HealthServer(self.health_report)
        self.health_address = await self.health_server.start(*self.config.health)
        return self.health_address

    async def health_report(self) -> dict[str, Any]:
        assert self.engine is not None and self.events is not None and self.store is not None
        known = self.events.health
        sources = [source_json(known.get(h.source, h)) for h in self.engine.poller.health()]
        counts = await asyncio.to_thread(self._outbox_counts)
        audit = None
        if self.events.anchor is not None and self.events.anchor.last is not None:
            seq, entry_hash = self.events.anchor.last
            audit = {"seq": seq, "hash": entry_hash}
            if self.events.anchor_problem:
                audit["problem"] = self.events.anchor_problem
        return {"sources": sources,
                "outbox_pending": counts.get(OutboxState.QUEUED.value, 0)
                + counts.get(OutboxState.SENDING.value, 0),
                "outbox_parked": counts.get(OutboxState.PARKED.value, 0),
                "audit": audit, "version": agent_version()}

    def _outbox_counts(self) -> dict[str, int]:
        assert self.store is not None
        query = select(outbox.c.state, func.count()).group_by(outbox.c.state)
        with self.store.engine.connect() as conn:
            return {state: int(count) for state, count in conn.execute(query)}

    # -- running -----------------------------------------------------------------------------
    async def run_once(self) -> PassResult:
        """One full read of every source, then one pass of the outbox."""
        assert self.engine is not None and self.events is not None
        result = PassResult()
        self.events.start()
        try:
            for name in self.source_names:
                try:
                    changes = await self.engine.poller.sync_source_once(name)
                except Exception as exc:  # SourceError, or a bug: say which source and why
                    result.failed[name] = str(exc) or type(exc).__name__
                    log.warning("%s: %s", name, result.failed[name])
                    continue
                result.changed += sum(len(changes.ids(feed)) for feed in changes.kinds)
            if self.rules is not None:
                result.fired = len(await self.rules.round())  # their actions go out below
            result.delivered = await self.engine.outbox.send_due()
        finally:
            await self.events.stop()
        return result

    async def run_until(self, stop: asyncio.Event) -> None:
        """Sync until `stop` is set, then stop cleanly."""
        assert self.engine is not None and self.events is not None
        self.events.start()
        await self.engine.start()
        if self.rules is not None:
            self.rules.start()
        try:
            await stop.wait()
        finally:
            self._engine_stopped = True
            if self.rules is not None:
                await self.rules.stop()
            await self.engine.stop()
            await self.events.stop()

    async def close(self) -> None:
        if self.health_server is not None:
            await self.health_server.stop()
        if self.engine is not None and not self._engine_stopped:
            self._engine_stopped = True
            await self.engine.stop()  # closes the connectors and the cache worker
        if self.store is not None:
            self.store.close()
