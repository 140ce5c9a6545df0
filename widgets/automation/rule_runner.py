"""Runs the automation rules in the background worker and carries out what they fire.

On the plan being ready and on cache changes (at most once every 15 s; one round at a time)
it evaluates the rules against the cache, stores the new firings (each rule fires once per
occurrence, across polls and restarts), then on the GUI thread: raises an alert through the
alert centre, queues a CRM activity or webhook call through the sync engine (state "offline"
without one), or marks a notice firing as waiting for "Draft notice…" in the event log.

A round may bring tens of thousands of firings (a plant whose MES is not linked fires "no work
order" for every line), so the worker does the per-firing work: it builds the alerts, works out
the outbox actions and stores the states it already knows. The GUI thread hands the alerts
over in one call and starts one task that queues the outbox actions one after another.

    window.rule_runner = RuleRunner(bridge, store, window.planner, window.alert_center,
                                    engine, clock, parent=window)
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from app.automation.alerts import Alert, AlertKind
from app.automation.rules.actions import outbox_action
from app.automation.rules.cycle import RULE_FEEDS
from app.automation.rules.model import ActionState, Firing, Rule, RuleAction, RuleEvent
from app.automation.rules.store import set_action_states
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from widgets.automation.firing_text import rule_name, what_happened
from widgets.common.background import Background
from widgets.common.engine_control import EngineControl, start_task

if TYPE_CHECKING:
    from app.analytics.schedule.plan import Plan
    from app.sync.actions import Action

log = logging.getLogger(__name__)

MIN_INTERVAL_S = 15.0  # at most one round of the rules this often


class AlertSink(Protocol):
    def raise_alert(self, alert: Alert) -> bool: ...

    def raise_alerts(self, alerts: Iterable[Alert]) -> list[Alert]: ...


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


@dataclass(frozen=True, slots=True)
class Round:
    """A round's outcome, ready for the GUI thread."""

    firings: list[Firing]  # the new firings, as stored (state "pending")
    alerts: list[Alert]  # the alerts of the alert firings, in firing order
    to_queue: list[tuple[int, Action]]  # (firing id, outbox action) still to queue


def run_round(store: CacheStore, now: datetime, plan: Plan | None, with_alerts: bool
              ) -> Round:
    """In the worker: run the rules, build the alerts (when `with_alerts`), store every action
    state known without the sync engine, and list the outbox actions to queue."""
    # Imported here: the rules' evaluation pulls in numpy and the SPC analytics, which the
    # window does not need to start.
    from app.automation.rules.cycle import run_rules

    firings, rules = run_rules(store, now, plan)
    alerts: list[Alert] = []
    states: dict[int, str] = {}
    to_queue: list[tuple[int, Action]] = []
    for firing in firings:
        rule = rules.get(firing.rule_id)
        if firing.action == RuleAction.ALERT:
            if with_alerts:
                alerts.append(alert_for(firing, rule, now))
            states[firing.id] = ActionState.RAISED
        elif firing.action == RuleAction.NOTICE:
            states[firing.id] = ActionState.NOTICE_OFFERED
        else:
            target = str(rule.params.get("webhook_target", "")) if rule is not None else ""
            action, state = outbox_action(firing, target)
            if action is not None:
                to_queue.append((firing.id, action))
            elif state:
                states[firing.id] = state
    if states:
        set_action_states(store, states)
    return Round(firings, alerts, to_queue)


class RuleRunner(QObject):
    # list[Firing]: the new firings of a round. `object`, not `list`: Qt would convert
    # a list of 30,000 firings element by element on every emit.
    fired = Signal(object)
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
        with_alerts = self.alerts is not None
        self.background.run(lambda: run_round(store, now, plan, with_alerts), self._on_round,
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
    def _on_round(self, result: Round) -> None:
        """On the GUI thread: no work per firing here but for the outbox actions' task."""
        self._finish()
        if not result.firings:
            self.round_done.emit(0)
            return
        if result.alerts and self.alerts is not None:
            self.alerts.raise_alerts(result.alerts)
        if result.to_queue:
            self._queue(result.to_queue)
        self.fired.emit(result.firings)
        self.changed.emit()  # the worker stored the states it knew: the log shows them
        self.round_done.emit(len(result.firings))

    def _queue(self, to_queue: list[tuple[int, Action]]) -> None:
        """Queue each action once, one after another in one task (not a task per firing)."""
        engine = self.engine
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            engine = None  # no event loop to queue them on (no sync running)
        if engine is None:
            self._store_states(dict.fromkeys((firing_id for firing_id, _ in to_queue),
                                             ActionState.OFFLINE))
            return

        async def queue_all(engine: EngineControl) -> None:
            states: dict[int, str] = {}
            try:
                for firing_id, action in to_queue:
                    try:
                        await engine.queue_action(action)
                        states[firing_id] = ActionState.QUEUED
                    except Exception:  # this one failed; the others still go
                        log.exception("rule firing %s: its action could not be queued",
                                      firing_id)
                        states[firing_id] = ActionState.FAILED
            finally:  # cancelled half-way (closing): keep the states of those done
                self._store_states(states)

        start_task(queue_all(engine), f"queue the actions of {len(to_queue)} rule firing(s)")

    def _store_states(self, states: dict[int, str]) -> None:
        store = self.store
        if store is None or not states:
            return
        self.background.run(lambda: set_action_states(store, states),
                            lambda _none: self.changed.emit())
