"""The plant's derived state, computed on one worker thread and published as updates.

One runtime per process that shows or acts on the plant: the desk's window runs it (through
widgets.common.runtime_link), the sync agent runs the very same code without a window
(app.agent.rules). It owns, on one clock:

- the plan and its predicted completions (replanned when the feeds it is made of settle, at
  most a share of a core, live machine states at most every 15 s);
- machines newly down, with the orders they affect, from that plan;
- the SPC watch over critical characteristics;
- the rules' rounds (at most one every 15 s), which use that same plan.

Nothing here touches Qt. The host is told of cache changes (`changed`, from any thread) and
receives each result as an immutable `RuntimeUpdate` through `publish`, called on the runtime's
thread: the desk hands it to the GUI thread, the agent to its event loop. "What if" questions
(capable-to-promise, expedite) run on the same thread through `submit`, so they see the plan
the views show.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from app.automation.rules.cycle import RULE_FEEDS
from app.cache.changes import ChangeSet
from app.cache.store import CacheStore
from app.runtime.pacing import Pacing
from app.runtime.worker_lane import LANE

if TYPE_CHECKING:  # the plan's and the rules' modules load with the first run, not at start
    from app.analytics.quality_watch import WatchState
    from app.automation.alerts import Alert
    from app.automation.rules.model import Firing, Rule
    from app.automation.rules.round import RuleRound
    from app.domain import MachineStatus
    from app.runtime.plan_inputs import PlanResult

log = logging.getLogger(__name__)

T = TypeVar("T")

# The feeds a plan is made of.
PLAN_FEEDS = frozenset({"crm.orders", "mes.work_orders", "mes.calendars", "mes.products",
                        "mes.equipment", "mes.machine_status", "mes.sites", "mes.stock",
                        "mes.receipts", "crm.opportunities"})  # the last for the forecast
LIVE_STATE_FEED = "mes.machine_status"
SPC_FEEDS = frozenset({"mes.measurements", "mes.characteristics"})
SETTLE_S = 0.4  # a poll writes several feeds one after another: plan once they settle
# Machine states change every second on a live floor; they move the plan only a little, so
# they replan at most this often.
LIVE_STATE_S = 15.0
PLAN_SHARE = 0.05  # of a core for replanning: at plant size a plan every half minute or so
RULE_INTERVAL_S = 15.0  # at most one round of the rules this often

# The runtimes whose thread has started: a store is closed only after its runtimes stopped.
RUNNING: weakref.WeakSet[PlantRuntime] = weakref.WeakSet()

# What a firing's alert says, in the person's words: given by a desk (the agent raises none).
Describe = Callable[["Firing", "Rule | None", datetime], "Alert"]


@dataclass(frozen=True, slots=True)
class RuntimeUpdate:
    """One result of the runtime. `changed` says what it brings: "plan" (a new plan),
    "alerts" (new alerts, or alarms cleared), "rules" (a round of the rules ran), "failed"
    (`failed` names the part, `error` says why)."""

    seq: int
    at: datetime  # the runtime's clock when the work began
    changed: frozenset[str]
    plan: PlanResult | None  # the latest plan (new only when "plan" is in changed)
    alerts: tuple[Alert, ...] = ()
    cleared: tuple[str, ...] = ()  # alarm keys whose condition is over (machines running)
    round: RuleRound | None = None
    failed: str = ""
    error: str = ""


@dataclass(slots=True)
class _Task:
    work: Callable[[PlanResult | None], Any]
    latest: bool = False
    future: Future = field(default_factory=Future)


class PlantRuntime:
    def __init__(self, store: CacheStore, clock: Callable[[], datetime],
                 publish: Callable[[RuntimeUpdate], None], *, rules: bool = False,
                 watch: bool = True, describe: Describe | None = None,
                 plan_share: float = PLAN_SHARE, rule_interval: float = RULE_INTERVAL_S,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        """`rules`: run the rules' rounds (not on a desk of a shared cache: the agent runs
        them); `watch`: machines down and the SPC watch raise alerts (a desk's; the agent
        raises none); `describe`: a firing's alert in words (None: rounds raise no alert)."""
        self.store = store
        self.clock = clock
        self._publish = publish
        self.rules = rules
        self.watch = watch
        self.describe = describe
        self.rule_interval = rule_interval
        # Work is scheduled on the real clock; the pace of plans and rounds is measured on
        # `monotonic` (a test moves it).
        self._monotonic = time.monotonic
        self._pace_clock = monotonic
        self.pacing = Pacing(plan_share, monotonic)
        self._lock = threading.Condition()
        self._due: dict[str, float] = {}  # job -> monotonic time it is due
        self._tasks: deque[_Task] = deque()
        self._down_keys: set[tuple[str, str]] = set()
        self._thread: threading.Thread | None = None
        self._started = False  # scheduling its own work (not only answering questions)
        self._stopping = False
        self._working = False  # a job or question is running
        self._seq = itertools.count(1)
        # Only the runtime's thread reads and writes these.
        self.plan: PlanResult | None = None
        self._down_seen: set[str] = set()
        self._down_now: dict[tuple[str, str], str] = {}  # machine -> its alarm key, while down
        self._spc_state: WatchState | None = None
        self._last_round: float | None = None

    # -- the host's side (any thread) ------------------------------------------------------
    def start(self) -> None:
        """Run: a first plan (and round, and watch) on what the cache holds now."""
        with self._lock:
            if self._started:
                return
            self._started = True
            now = self._monotonic()
            self._due["plan"] = now
            if self.watch:
                self._due["spc"] = now
            if self.rules:
                self._due["rules"] = now
            self._ensure_thread()

    def _ensure_thread(self) -> None:
        """The runtime's thread, started once (under the lock)."""
        if self._thread is None and not self._stopping:
            self._thread = threading.Thread(target=self._run, name="gemba-runtime",
                                            daemon=True)
            self._thread.start()
            RUNNING.add(self)

    def stop(self, timeout: float | None = 5.0) -> None:
        """Stop after the work in hand; questions not yet answered are cancelled."""
        with self._lock:
            self._stopping = True
            thread, self._thread = self._thread, None
            self._lock.notify_all()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        with self._lock:
            while self._tasks:
                self._tasks.popleft().future.cancel()

    @staticmethod
    def stop_all_on(store: CacheStore, timeout: float | None = 60.0) -> None:
        """Stop every runtime that reads `store`, waiting for their work in hand (before the
        store is closed)."""
        for runtime in list(RUNNING):
            if runtime.store is store:
                runtime.stop(timeout)

    def changed(self, changes: ChangeSet) -> None:
        """The cache changed: recompute what depends on the feeds that did (once started)."""
        kinds = changes.kinds
        with self._lock:
            if not self._started:
                return
            now = self._monotonic()
            planned = kinds & PLAN_FEEDS
            if planned - {LIVE_STATE_FEED}:
                self._due["plan"] = now + SETTLE_S  # again: wait until the poll settles
            elif planned and "live" not in self._due:
                self._due["live"] = now + LIVE_STATE_S
            if self.watch:
                statuses = changes.upserted.get(LIVE_STATE_FEED)
                if statuses:
                    self._down_keys.update(statuses)
                    self._due.setdefault("down", now)
                if kinds & SPC_FEEDS:
                    self._due.setdefault("spc", now)
            if self.rules and kinds & RULE_FEEDS:
                self._request_round(now)
            self._lock.notify_all()

    def replan(self) -> None:
        """Plan again soon (the outbox changed, or a person asked)."""
        with self._lock:
            self._due["plan"] = self._monotonic() + SETTLE_S
            self._ensure_thread()
            self._lock.notify_all()

    def request_round(self, now: bool = False) -> None:
        """A round of the rules as soon as the interval has passed since the last (`now`:
        whatever the interval, e.g. after a person changed the rules)."""
        with self._lock:
            if now:
                self._due["rules"] = self._monotonic()
            else:
                self._request_round(self._monotonic())
            self._ensure_thread()
            self._lock.notify_all()

    def submit(self, work: Callable[[PlanResult | None], T], latest: bool = False
               ) -> Future[T]:
        """Run `work(plan)` on the runtime's thread before other work: `plan` is the plan the
        views show, or None while a replan is waiting (the cache has moved on from it) unless
        `latest` (figures shown beside that plan)."""
        task = _Task(work, latest)
        with self._lock:
            if self._stopping:
                task.future.cancel()
                return task.future
            self._tasks.append(task)
            self._ensure_thread()
            self._lock.notify_all()
        return task.future

    def round_now(self) -> Future[RuleRound]:
        """One round of the rules now, for the caller (not published): the agent's single
        pass. Plans first when there is no plan yet."""
        return self.submit(lambda _plan: self._round())

    @property
    def idle(self) -> bool:
        """Nothing running and nothing due now (work due later, paced or settling, may wait)."""
        with self._lock:
            now = self._monotonic()
            return (not self._working and not self._tasks
                    and all(at > now for at in self._due.values()))

    @property
    def started(self) -> bool:
        return self._started

    @property
    def replan_waiting(self) -> bool:
        with self._lock:
            return "plan" in self._due or "live" in self._due

    # -- the runtime's thread --------------------------------------------------------------
    def _request_round(self, now: float) -> None:
        last = self._last_round
        waited = None if last is None else self._pace_clock() - last
        at = now if waited is None else now + max(0.0, self.rule_interval - waited)
        self._due["rules"] = min(self._due.get("rules", at), at)

    def _next(self) -> tuple[str, Any] | None:
        """The next thing to do, waiting for it; None when stopping. Questions come first,
        then the jobs due, in the order a person notices them."""
        with self._lock:
            while not self._stopping:
                self._working = False
                if self._tasks:
                    self._working = True
                    return "task", self._tasks.popleft()
                now = self._monotonic()
                for job in ("live", "down", "plan", "spc", "rules"):
                    if self._due.get(job, now + 1) <= now:
                        del self._due[job]
                        self._working = True
                        if job == "down":
                            keys, self._down_keys = self._down_keys, set()
                            return job, keys
                        return job, None
                soonest = min(self._due.values(), default=None)
                self._lock.wait(None if soonest is None else max(0.0, soonest - now))
            return None

    def _run(self) -> None:
        while (item := self._next()) is not None:
            job, arg = item
            if job == "live":
                self.replan()
                continue
            with LANE:  # taking turns with the views' reads (app.runtime.worker_lane)
                self._work(job, arg)

    def _work(self, job: str, arg: Any) -> None:
        if job == "task":
            self._answer(arg)
            return
        try:
            if job == "down":
                self._down(arg)
            else:
                {"plan": self._plan, "spc": self._spc, "rules": self._scheduled_round}[job]()
        except Exception as exc:  # a bad run must not end the runtime
            log.exception("runtime: %s failed", job)
            self._emit(frozenset({"failed"}), self.clock(), failed=job,
                       error=str(exc) or type(exc).__name__)

    def _answer(self, task: _Task) -> None:
        if not task.future.set_running_or_notify_cancel():
            return
        waiting = self.replan_waiting and not task.latest
        try:
            task.future.set_result(task.work(None if waiting else self.plan))
        except BaseException as exc:  # handed to whoever asked
            task.future.set_exception(exc)

    def _emit(self, changed: frozenset[str], at: datetime, **parts: Any) -> None:
        update = RuntimeUpdate(next(self._seq), at, changed, self.plan, **parts)
        try:
            self._publish(update)
        except Exception:
            log.exception("runtime: publishing an update failed")

    def _plan(self, paced: bool = True) -> None:
        wait = self.pacing.wait_seconds() if paced else 0.0
        if wait > 0:
            with self._lock:
                self._due.setdefault("plan", self._monotonic() + wait)
            return
        from app.runtime.plan_inputs import plan_from_cache

        now = self.clock()
        self.pacing.started()
        try:
            result = plan_from_cache(self.store, now)
        finally:
            self.pacing.finished()
        if result is None:
            return
        self.plan = result
        self._emit(frozenset({"plan"}), now)
        if self.rules:
            self.request_round()  # the rules read the plan's risk

    def _down(self, keys: set[tuple[str, str]]) -> None:
        from app.automation.alarms import alarm_key
        from app.runtime.down_watch import down_alerts, newly_down, still_down

        now = self.clock()
        down = newly_down(self.store, keys, self._down_seen)
        alerts: list[Alert] = []
        if down:
            # Plan with the machines down (now, whatever the pace, unless the plan knows
            # already): the alarm, the machine's detail, Orders and the Overview then name
            # the same orders from this one plan.
            if not self._plan_knows_down(down):
                self._plan(paced=False)
            alerts = down_alerts(self.store, down, now, self.plan)
        for alert in alerts:
            self._down_seen.add(alert.key)
            self._down_now[(alert.source, alert.subject_id)] = alarm_key(alert)
        watched = [key for key in keys if key in self._down_now]
        still = still_down(self.store, watched) if watched else set()
        cleared = tuple(self._down_now.pop(key) for key in watched if key not in still)
        if alerts or cleared:
            self._emit(frozenset({"alerts"}), now, alerts=tuple(alerts), cleared=cleared)

    def _plan_knows_down(self, down: list[tuple[str, MachineStatus]]) -> bool:
        """Whether the plan was made with each of these machines down since then."""
        if self.plan is None:
            return False
        statuses = self.plan.snapshot.statuses
        return all((known := statuses.get(status.id)) is not None
                   and known.state == status.state and known.since == status.since
                   for _source, status in down)

    def _current_plan(self) -> PlanResult | None:
        """The shared plan; the first made here when there is none yet."""
        if self.plan is None:
            self._plan()
        return self.plan

    def _spc(self) -> None:
        from app.analytics.quality_watch import WatchState
        from app.runtime.spc_watch import spc_alerts

        if self._spc_state is None:
            self._spc_state = WatchState()
        now = self.clock()
        alerts = spc_alerts(self.store, self._spc_state, now)
        if alerts:
            self._emit(frozenset({"alerts"}), now, alerts=tuple(alerts))

    def _round(self) -> RuleRound:
        from app.automation.rules.round import run_round

        self._last_round = self._pace_clock()
        result = self._current_plan()
        return run_round(self.store, self.clock(), result.plan if result is not None else None)

    def _scheduled_round(self) -> None:
        now = self.clock()
        done = self._round()
        alerts: tuple[Alert, ...] = ()
        if self.describe is not None and done.alerts:
            describe = self.describe
            alerts = tuple(describe(f, done.rules.get(f.rule_id), now) for f in done.alerts)
        changed = {"rules", "alerts"} if alerts else {"rules"}
        self._emit(frozenset(changed), now, alerts=alerts, round=done)
