"""Runs the automation rules in the background worker and carries out what they fire.

On the plan being ready and on cache changes (at most once every 15 s; one round at a time)
it evaluates the rules against the cache, stores the new firings (each rule fires once per
occurrence, across polls and restarts), then on the GUI thread: raises an alert through the
alert centre, queues a CRM activity or webhook call through the sync engine (state "offline"
without one), or marks a notice firing as waiting for "Draft notice…" in the event log.

    window.rule_runner = RuleRunner(bridge, store, window.planner, window.alert_center,
                                    engine, clock, parent=window)
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from app.automation.alerts import Alert, AlertKind
from app.automation.rules.actions import outbox_action
from app.automation.rules.cycle import RULE_FEEDS, run_rules
from app.automation.rules.model import ActionState, Firing, Rule, RuleAction, RuleEvent
from app.automation.rules.store import set_action_state
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from widgets.automation.firing_text import rule_name, what_happened
from widgets.common.background import Background
from widgets.common.engine_control import EngineControl, start_task

log = logging.getLogger(__name__)

MIN_INTERVAL_S = 15.0  # at most one round of the rules this often


class AlertSink(Protocol):
    def raise_alert(self, alert: Alert) -> bool: ...


def alert_for(firing: Firing, rule: Rule | None, now: datetime) -> Alert:
    """The alert a firing raises. The alert centre knows two kinds: a machine-down firing
    shows as the machine's alert, every other firing as a rule on its subject, in words."""
    key = f"rule:{firing.rule_id}:{firing.occurrence_key}"
    if firing.event == RuleEvent.MACHINE_DOWN_SLACK:
        return Alert(key=key, kind=AlertKind.MACHINE_DOWN, source=firing.order_source,
                     subject_id=str(firing.facts.get("machine", firing.subject)),
                     subject_name=firing.subject, since=firing.fired_at, raised_at=now,
                     reason=what_happened(firing))
    if firing.event == RuleEvent.SPC_KEY_CUSTOMER:
        return Alert(key=key, kind=AlertKind.SPC_RULE, source=firing.order_source,
                     subject_id=str(firing.facts.get("characteristic", "")),
                     subject_name=firing.subject, since=firing.fired_at, raised_at=now,
                     rule=str(firing.facts.get("rule", "")),
                     reason=rule_name(firing.rule_id, rule.name if rule else ""))
    return Alert(key=key, kind=AlertKind.SPC_RULE, source=firing.order_source,
                 subject_id=firing.order_id or firing.subject,
                 subject_name=rule_name(firing.rule_id, rule.name if rule else ""),
                 since=firing.fired_at, raised_at=now, rule=what_happened(firing))


class RuleRunner(QObject):
    fired = Signal(list)  # the new firings of a round (list[Firing])
    changed = Signal()  # firings were stored or their action state changed
    failed = Signal(str)
    round_done = Signal(int)  # a round finished: how many new firings it stored

    def __init__(self, bridge: Any | None, store: CacheStore | None, planner: Any | None,
                 alerts: AlertSink | None, engine: EngineControl | None,
                 clock: Callable[[], datetime] | None = None,
                 parent: QObject | None = None) -> None:
        """`bridge`: its cache_changed starts a round; `planner` (PlanService): its plan is
        used and plan_ready starts a round; `engine` None: offline."""
        super().__init__(parent)
        self.store = store
        self.planner = planner
        self.alerts = alerts
        self.engine = engine
        self.clock = clock or (lambda: datetime.now(UTC))
        self.background = Background(self)
        self._running = False
        self._again = False
        self._last_run: float | None = None
        self._later = QTimer(self, singleShot=True)
        self._later.timeout.connect(self.run_now)
        if bridge is not None:
            bridge.cache_changed.connect(self._on_cache_changed)
        if planner is not None:
            planner.plan_ready.connect(lambda _plan: self.request())

    # -- when -----------------------------------------------------------------------------
    def _on_cache_changed(self, changes: ChangeSet) -> None:
        if changes.kinds & RULE_FEEDS:
            self.request()

    def request(self) -> None:
        """A round now, or as soon as 15 s have passed since the last one."""
        if self._running:
            self._again = True
            return
        if self._later.isActive():
            return
        waited = None if self._last_run is None else time.monotonic() - self._last_run
        if waited is None or waited >= MIN_INTERVAL_S:
            self.run_now()
        else:
            self._later.start(int((MIN_INTERVAL_S - waited) * 1000) + 1)

    def run_now(self) -> None:
        if self.store is None:
            return
        if self._running:
            self._again = True
            return
        self._running = True
        self._last_run = time.monotonic()
        store, now = self.store, self.clock()
        plan = self.planner.plan if self.planner is not None else None
        self.background.run(lambda: run_rules(store, now, plan), self._on_round,
                            self._on_failed)

    def _on_failed(self, error: BaseException) -> None:
        self._finish()
        self.failed.emit(str(error) or type(error).__name__)

    def _finish(self) -> None:
        self._running = False
        if self._again:
            self._again = False
            self.request()

    # -- what -----------------------------------------------------------------------------
    def _on_round(self, result: tuple[list[Firing], dict[str, Rule]]) -> None:
        firings, rules = result
        self._finish()
        if not firings:
            self.round_done.emit(0)
            return
        now = self.clock()
        states: dict[int, str] = {}
        for firing in firings:
            rule = rules.get(firing.rule_id)
            state = self._act(firing, rule, now)
            if state:
                states[firing.id] = state
        self.fired.emit(firings)
        self.changed.emit()
        if states:
            self._store_states(states)
        self.round_done.emit(len(firings))

    def _act(self, firing: Firing, rule: Rule | None, now: datetime) -> str:
        """Carry out the firing's action; the state to store now ("" : set later)."""
        if firing.action == RuleAction.ALERT:
            if self.alerts is not None:
                self.alerts.raise_alert(alert_for(firing, rule, now))
            return ActionState.RAISED
        if firing.action == RuleAction.NOTICE:
            return ActionState.NOTICE_OFFERED
        target = str(rule.params.get("webhook_target", "")) if rule is not None else ""
        action, state = outbox_action(firing, target)
        if action is None:
            return state
        if self.engine is None:
            return ActionState.OFFLINE
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return ActionState.OFFLINE  # no event loop to queue it on (no sync running)

        async def queue() -> None:
            await self.engine.queue_action(action)  # type: ignore[union-attr]
            self._store_states({firing.id: ActionState.QUEUED})

        start_task(queue(), f"queue the action of rule firing {firing.id}",
                   lambda _error: self._store_states({firing.id: ActionState.FAILED}))
        return ""

    def _store_states(self, states: dict[int, str]) -> None:
        store = self.store
        if store is None:
            return

        def write() -> None:
            for firing_id, state in states.items():
                set_action_state(store, firing_id, state)

        self.background.run(write, lambda _none: self.changed.emit())
