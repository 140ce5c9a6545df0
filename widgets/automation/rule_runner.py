"""Runs the automation rules in the background worker and carries out what they fire.

On the plan being ready and on cache changes (at most once every 15 s; one round at a time)
it evaluates the rules against the cache, stores the new firings (each rule fires once per
occurrence, across polls and restarts), then on the GUI thread: raises an alert through the
alert centre, queues a CRM activity or webhook call through the sync engine (state "offline"
without one), or marks a notice firing as waiting for "Draft notice…" in the event log.

The round itself is app.automation.rules.round's, the very one the sync agent runs. A round
may bring tens of thousands of firings (a plant whose MES is not linked fires "no work order"
for every line), so the worker does the per-firing work: the round decides each firing's action
and stores the states it knows, then the alerts are put into words there. The GUI thread hands
the alerts over in one call and starts one task that queues the outbox actions one after
another.

    window.rule_runner = RuleRunner(bridge, store, window.planner, window.alert_center,
                                    engine, clock, parent=window)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from app.automation.alerts import Alert
from app.automation.rules.cycle import RULE_FEEDS
from app.automation.rules.model import ActionState, Firing, Rule
from app.automation.rules.round import Queued, RuleRound, firing_alert, queue_actions, run_round
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from widgets.automation.firing_text import rule_name, what_happened
from widgets.common.background import Background
from widgets.common.engine_control import EngineControl, start_task

if TYPE_CHECKING:
    from app.analytics.schedule.plan import Plan
    from app.sync.actions import Action

MIN_INTERVAL_S = 15.0  # at most one round of the rules this often


class AlertSink(Protocol):
    def raise_alert(self, alert: Alert) -> bool: ...

    def raise_alerts(self, alerts: Iterable[Alert]) -> list[Alert]: ...


def alert_for(firing: Firing, rule: Rule | None, now: datetime) -> Alert:
    """The alert a firing raises, in the person's language (the words are the desk's; the
    layout is app.automation.rules.round's)."""
    return firing_alert(firing, now, rule_name(firing.rule_id, rule.name if rule else ""),
                        what_happened(firing))


def round_with_alerts(store: CacheStore, now: datetime, plan: Plan | None, with_alerts: bool
                      ) -> tuple[RuleRound, list[Alert]]:
    """In the worker: the round (the same as the agent's), and the alerts of its alert
    firings in words (when `with_alerts`), so the GUI thread only hands them over."""
    done = run_round(store, now, plan)
    alerts = ([alert_for(f, done.rules.get(f.rule_id), now) for f in done.alerts]
              if with_alerts else [])
    return done, alerts


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
        self.background.run(lambda: round_with_alerts(store, now, plan, with_alerts),
                            self._on_round, self._on_failed)

    def _on_failed(self, error: BaseException) -> None:
        self._finish()
        self.failed.emit(str(error) or type(error).__name__)

    def _finish(self) -> None:
        self._running = False
        if self._again:
            self._again = False
            self.request()

    # -- what -----------------------------------------------------------------------------
    def _on_round(self, result: tuple[RuleRound, list[Alert]]) -> None:
        """On the GUI thread: no work per firing here but for the outbox actions' task."""
        self._finish()
        done, alerts = result
        if not done.firings:
            self.round_done.emit(0)
            return
        if alerts and self.alerts is not None:
            self.alerts.raise_alerts(alerts)
        if done.to_queue:
            self._queue(done.to_queue)
        self.fired.emit(done.firings)
        self.changed.emit()  # the worker stored the states it knew: the log shows them
        self.round_done.emit(len(done.firings))

    def _queue(self, to_queue: list[tuple[int, Action]]) -> None:
        """Queue each action once, one after another in one task (not a task per firing)."""
        engine = self.engine
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            engine = None  # no event loop to queue them on (no sync running)
        if engine is None:
            self._store(Queued(dict.fromkeys((firing_id for firing_id, _ in to_queue),
                                             ActionState.OFFLINE)))
            return

        async def queue_all(engine: EngineControl) -> None:
            queued = Queued()
            try:
                await queue_actions(engine, to_queue, queued)
            finally:  # cancelled half-way (closing): keep the states of those done
                self._store(queued)

        start_task(queue_all(engine), f"queue the actions of {len(to_queue)} rule firing(s)")

    def _store(self, queued: Queued) -> None:
        store = self.store
        if store is None or not queued.states:
            return
        self.background.run(lambda: queued.store(store), lambda _none: self.changed.emit())
