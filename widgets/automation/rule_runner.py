"""Carries out what the automation rules fire, on the desk.

The rounds themselves run in the plant runtime (app.runtime.plant_runtime), the same code the
sync agent runs: on the plan being ready and on changes to the feeds the rules read, at most
one round every 15 s, each rule firing once per occurrence across polls and restarts. The
round decides each firing's action and stores the states it knows; its alerts are put into
words there (`alert_for`, given to the runtime) and shown by the alert centre. Here, on the
GUI thread: one task queues the round's outbox actions one after another (state "offline"
without a sync engine), and `fired`/`changed` tell the event log.

    window.rule_runner = RuleRunner(window.runtime, engine, parent=window)
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal

from app.automation.alerts import Alert
from app.automation.rules.model import ActionState, Firing, Rule
from app.automation.rules.round import Queued, firing_alert, queue_actions
from app.runtime.plant_runtime import RuntimeUpdate
from widgets.automation.firing_text import rule_name, what_happened
from widgets.common.engine_control import EngineControl, start_task

if TYPE_CHECKING:
    from app.sync.actions import Action
    from widgets.common.runtime_link import RuntimeLink


class AlertSink(Protocol):
    def raise_alert(self, alert: Alert) -> bool: ...

    def raise_alerts(self, alerts: Iterable[Alert]) -> list[Alert]: ...


def alert_for(firing: Firing, rule: Rule | None, now: datetime) -> Alert:
    """The alert a firing raises, in the person's language (the words are the desk's; the
    layout is app.automation.rules.round's). Called on the runtime's thread."""
    return firing_alert(firing, now, rule_name(firing.rule_id, rule.name if rule else ""),
                        what_happened(firing))


class RuleRunner(QObject):
    # list[Firing]: the new firings of a round. `object`, not `list`: Qt would convert
    # a list of 30,000 firings element by element on every emit.
    fired = Signal(object)
    changed = Signal()  # firings were stored or their action state changed
    failed = Signal(str)
    round_done = Signal(int)  # a round finished: how many new firings it stored

    def __init__(self, runtime: RuntimeLink, engine: EngineControl | None,
                 parent: QObject | None = None) -> None:
        """`runtime`: the window's, running the rules; `engine` None: offline."""
        super().__init__(parent)
        self.runtime = runtime
        self.engine = engine
        runtime.updated.connect(self._on_update)

    def run_now(self) -> None:
        """A round now, whatever the interval (a person changed the rules)."""
        self.runtime.runtime.request_round(now=True)

    request = run_now

    def _on_update(self, update: RuntimeUpdate) -> None:
        if update.failed == "rules":
            self.failed.emit(update.error)
        elif update.round is not None:
            self._on_round(update)

    # -- what -----------------------------------------------------------------------------
    def _on_round(self, update: RuntimeUpdate) -> None:
        """On the GUI thread: no work per firing here but for the outbox actions' task."""
        done = update.round
        assert done is not None
        if not done.firings:
            self.round_done.emit(0)
            return
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
        if not queued.states:
            return
        store = self.runtime.runtime.store
        self.runtime.submit(lambda _plan: queued.store(store), lambda _none: self.changed.emit())
