"""The console's plan as the views see it: the plant runtime's (app.runtime.plant_runtime),
replanned there, off the UI thread, whenever the cache or the outbox changes; and "what if"
questions (capable-to-promise, expedite) answered on the runtime's thread from the cache as
it is now, pending outbox actions included."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from app.analytics.schedule import (
    ExpediteEffect,
    Plan,
    PromiseAnswer,
    PromiseRequest,
    capable_to_promise,
    expedite_effect,
)
from app.analytics.schedule.alternatives import with_alternatives
from app.cache.store import CacheStore
from app.runtime.plan_inputs import PlanResult, plan_from_cache
from app.runtime.plant_runtime import RuntimeUpdate
from widgets.common.runtime_link import RuntimeLink


class PlanService(QObject):
    plan_ready = Signal(object)  # Plan
    answer_ready = Signal(object)  # PromiseAnswer
    expedite_ready = Signal(object)  # ExpediteEffect
    failed = Signal(str)  # what went wrong, in words

    def __init__(self, bridge: object | None, store: CacheStore | None,
                 clock: Callable[[], datetime], parent: QObject | None = None, *,
                 runtime: RuntimeLink | None = None) -> None:
        """`runtime`: the window's (None: a runtime of its own that only plans, for a view
        shown on its own)."""
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.result: PlanResult | None = None
        if runtime is None and store is not None:
            runtime = RuntimeLink(bridge, store, clock, watch=False, parent=self)
        self.runtime = runtime
        if runtime is not None:
            runtime.updated.connect(self._on_update)
            if runtime.latest is not None and runtime.latest.plan is not None:
                self.result = runtime.latest.plan

    @property
    def plan(self) -> Plan | None:
        return self.result.plan if self.result is not None else None

    def request(self) -> None:
        """Plan again soon (changes arriving together give one plan). Before the first plan,
        a started runtime is making it already."""
        runtime = self.runtime.runtime if self.runtime is not None else None
        if runtime is not None and not (self.result is None and runtime.started):
            runtime.replan()

    replan = request

    def _on_update(self, update: RuntimeUpdate) -> None:
        if "plan" in update.changed and update.plan is not None:
            self.result = update.plan
            self.plan_ready.emit(update.plan.plan)
        elif update.failed == "plan":
            self.failed.emit(update.error)

    def _on_failed(self, error: BaseException) -> None:
        self.failed.emit(str(error) or type(error).__name__)

    # -- what if -------------------------------------------------------------------------
    def ask(self, request: PromiseRequest) -> None:
        """Answer on `answer_ready`, from the cache as it is now: reserves nothing.

        With no replan waiting, the cache is what the shared plan was made of: the answer
        starts from that plan and its "now", so an open line gets the very date the other
        views show for it. Otherwise (a change not planned yet) it reads the cache afresh."""
        store, now = self.store, self.clock()
        if store is None or self.runtime is None:
            return

        def work(shared: PlanResult | None) -> PromiseAnswer | None:
            result = shared or plan_from_cache(store, now)
            if result is None:
                return None
            answer = capable_to_promise(result.snapshot, request, result.plan)
            if request.order_line is None:  # new demand: what could be done instead
                answer = with_alternatives(result.snapshot, answer, result.plan)
            return answer

        self.runtime.submit(work, self._answered, self._on_failed)

    def _answered(self, answer: PromiseAnswer | None) -> None:
        if answer is None:
            self.failed.emit(self.tr("Nothing to plan yet: no MES data in the cache."))
            return
        self.answer_ready.emit(answer)

    def preview_expedite(self, work_order_id: str, priority: int) -> None:
        store, now = self.store, self.clock()
        if store is None or self.runtime is None:
            return

        def work(_shared: PlanResult | None) -> ExpediteEffect | None:
            result = plan_from_cache(store, now)
            if result is None:
                return None
            return expedite_effect(result.snapshot, work_order_id, priority, result.plan)

        self.runtime.submit(work, self._expedite_previewed, self._on_failed)

    def _expedite_previewed(self, effect: ExpediteEffect | None) -> None:
        if effect is not None:
            self.expedite_ready.emit(effect)
