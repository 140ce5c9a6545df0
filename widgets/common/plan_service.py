"""The console's plan: recomputed off the UI thread whenever the cache or the outbox changes,
shared by the views that show predicted completion; and "what if" questions (capable-to-promise,
expedite) answered from the cache as it is now, pending outbox actions included."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from app.analytics.schedule import (
    ExpediteEffect,
    Plan,
    PromiseAnswer,
    PromiseRequest,
    capable_to_promise,
    expedite_effect,
)
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.runtime.pacing import Pacing
from app.runtime.plan_inputs import PlanResult, plan_from_cache
from app.sync.bridge import SyncBridge
from widgets.common.background import Background

# The feeds a plan is made of.
PLAN_FEEDS = frozenset({"crm.orders", "mes.work_orders", "mes.calendars", "mes.products",
                        "mes.equipment", "mes.machine_status", "mes.sites", "mes.stock",
                        "mes.receipts", "crm.opportunities"})  # the last for the forecast
SETTLE_MS = 400  # a poll writes several feeds one after another: plan once they settle
# Machine states change every second on a live floor; they move the plan only a little, so
# they replan at most this often.
LIVE_STATE_MS = 15_000
LIVE_STATE_FEED = "mes.machine_status"
PLAN_SHARE = 0.05  # of a core for replanning: at plant size a plan every half minute or so


class PlanService(QObject):
    plan_ready = Signal(object)  # Plan
    answer_ready = Signal(object)  # PromiseAnswer
    expedite_ready = Signal(object)  # ExpediteEffect
    failed = Signal(str)  # what went wrong, in words

    def __init__(self, bridge: SyncBridge | None, store: CacheStore | None,
                 clock: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.result: PlanResult | None = None
        self._worker = Background(self)
        self._running = False
        self._again = False
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self.replan)
        self._live = QTimer(self, singleShot=True, interval=LIVE_STATE_MS)
        self._live.timeout.connect(self.request)
        self.pacing = Pacing(PLAN_SHARE)
        self._paced = QTimer(self, singleShot=True)
        self._paced.timeout.connect(self.replan)
        if bridge is not None:
            bridge.cache_changed.connect(self._on_cache_changed)
            bridge.outbox_changed.connect(lambda _items: self.request())

    @property
    def plan(self) -> Plan | None:
        return self.result.plan if self.result is not None else None

    def request(self) -> None:
        """Plan again soon (changes arriving together give one plan)."""
        self._settle.start()

    def _on_cache_changed(self, changes: ChangeSet) -> None:
        kinds = changes.kinds & PLAN_FEEDS
        if kinds - {LIVE_STATE_FEED}:
            self.request()
        elif kinds and not self._live.isActive():
            self._live.start()

    def replan(self) -> None:
        if self.store is None:
            return
        if self._running:
            self._again = True
            return
        wait = self.pacing.wait_seconds()
        if wait > 0:
            if not self._paced.isActive():
                self._paced.start(math.ceil(wait * 1000))
            return
        self._running = True
        self.pacing.started()
        store, now = self.store, self.clock()
        self._worker.run(lambda: plan_from_cache(store, now), self._on_plan, self._on_failed)

    def _on_plan(self, result: PlanResult | None) -> None:
        self._finish_run()
        if result is not None:
            self.result = result
            self.plan_ready.emit(result.plan)

    def _on_failed(self, error: BaseException) -> None:
        self._finish_run()
        self.failed.emit(str(error) or type(error).__name__)

    def _finish_run(self) -> None:
        self.pacing.finished()
        self._running = False
        if self._again:
            self._again = False
            self.replan()

    # -- what if -------------------------------------------------------------------------
    def ask(self, request: PromiseRequest) -> None:
        """Answer on `answer_ready`, from the cache as it is now: reserves nothing.

        With no replan waiting, the cache is what the shared plan was made of: the answer
        starts from that plan and its "now", so an open line gets the very date the other
        views show for it. Otherwise (a change not planned yet) it reads the cache afresh."""
        store, now = self.store, self.clock()
        if store is None:
            return
        waiting = self._running or self._settle.isActive() or self._paced.isActive()
        shared = self.result if not waiting else None

        def work() -> PromiseAnswer | None:
            result = shared or plan_from_cache(store, now)
            if result is None:
                return None
            return capable_to_promise(result.snapshot, request, result.plan)

        self._worker.run(work, self._answered, self._on_failed)

    def _answered(self, answer: PromiseAnswer | None) -> None:
        if answer is None:
            self.failed.emit(self.tr("Nothing to plan yet: no MES data in the cache."))
            return
        self.answer_ready.emit(answer)

    def preview_expedite(self, work_order_id: str, priority: int) -> None:
        store, now = self.store, self.clock()
        if store is None:
            return

        def work() -> ExpediteEffect | None:
            result = plan_from_cache(store, now)
            if result is None:
                return None
            return expedite_effect(result.snapshot, work_order_id, priority, result.plan)

        self._worker.run(work, self._expedite_previewed, self._on_failed)

    def _expedite_previewed(self, effect: ExpediteEffect | None) -> None:
        if effect is not None:
            self.expedite_ready.emit(effect)
