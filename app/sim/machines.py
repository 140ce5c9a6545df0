"""One machine on the simulated floor: its state, the job on it, and what it produces.

A machine's state is derived, never set directly: a forced state beats a breakdown, which beats
planned maintenance, which beats the shift calendar, which beats the job. `refresh()` settles
production up to now, works out the state and, if it changed, closes the open state event and
opens the next one, so state events never overlap.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from app.domain import Downtime, MachineState, MachineStatus, StateEvent, WorkOrder
from app.sim.core import SimCore, micros

if TYPE_CHECKING:
    from app.domain import OperationTemplate

S = MachineState


@dataclass(slots=True)
class Job:
    """One operation of a work order on one machine."""

    wo: WorkOrder
    op_index: int
    template: OperationTemplate
    cycle_us: int  # actual cycle time on this machine (ideal from the routing, plus losses)
    units_left: int  # units still to process (good or scrap)
    setup_left_us: int
    scrap_rate: float
    run_acc_us: int = 0  # running time not yet turned into whole units


class JobSource(Protocol):
    def take_job(self, machine: Machine) -> Job | None: ...
    def job_running(self, machine: Machine, job: Job) -> None: ...
    def units(self, machine: Machine, job: Job, good: int, scrap: int) -> None: ...
    def job_done(self, machine: Machine, job: Job) -> None: ...


class ScrapSource(Protocol):
    def scrap_boost(self, machine: Machine) -> float: ...


class Machine:
    def __init__(self, core: SimCore, machine_id: str, work_center_id: str, line_id: str,
                 rng: random.Random) -> None:
        self.core = core
        self.id = machine_id
        self.work_center_id = work_center_id
        self.line_id = line_id
        self.rng = rng
        # Seeded character of the machine: how fast it really is, how often it breaks, how warm.
        self.speed_factor = rng.uniform(1.02, 1.15)
        self.mtbf_hours = rng.uniform(18.0, 60.0)
        self.base_temp = rng.uniform(22.0, 27.0)
        self.jobs: JobSource | None = None
        self.quality: ScrapSource | None = None
        self.status = MachineStatus(id=machine_id, state=S.IDLE, since=core.now, reason="no shift")
        self.event: StateEvent | None = None
        self.downtime: Downtime | None = None
        self.job: Job | None = None
        self.last_product: str | None = None
        self.on_shift = False
        self.forced: MachineState | None = None
        self.forced_reason = ""
        self.failure: tuple[MachineState, str] | None = None
        self.failure_token = 0
        self.maintenance: str | None = None
        self.epoch = 0  # bumped on every refresh: older job events are stale
        self.productive = False  # time counts toward the job (setup or run)
        self.last_settle = core.now
        self.interval_good = 0
        self.interval_scrap = 0
        # The job whose units this interval counted: the job may end (and be cleared) before
        # the interval's count is written.
        self.interval_job: Job | None = None
        self.interval_run_us = 0
        self.good_total = 0
        self.scrap_total = 0

    def open(self) -> None:
        """The first state event and status, when the simulated history begins."""
        self._transition(self.status.state, self.status.reason)

    # --- what the machine should be doing --------------------------------------------------
    def can_work(self) -> bool:
        return (self.forced is None and self.failure is None and self.maintenance is None
                and self.on_shift)

    def _desired(self) -> tuple[MachineState, str]:
        if self.forced is not None:
            return self.forced, self.forced_reason
        if self.failure is not None:
            return self.failure
        if self.maintenance is not None:
            return S.MAINTENANCE, self.maintenance
        if not self.on_shift:
            return S.IDLE, "no shift"
        if self.job is None:
            return S.IDLE, "starved: no work queued"
        if self.job.setup_left_us > 0:
            return S.SETUP, f"changeover to {self.job.wo.number}"
        return S.RUNNING, ""

    def refresh(self) -> None:
        self.settle()
        if self.job is None and self.can_work() and self.jobs is not None:
            self.job = self.jobs.take_job(self)
        state, reason = self._desired()
        if state != self.status.state or reason != self.status.reason:
            self._transition(state, reason)
        elif (self.job.wo.id if self.job else None) != self.status.work_order_id:
            self.publish_status()  # next job without a changeover: same state, new order
        self.productive = self.can_work() and self.job is not None
        self.epoch += 1
        if self.productive and self.job is not None:
            job = self.job
            if job.setup_left_us > 0:
                self.core.at(self.core.now + timedelta(microseconds=job.setup_left_us),
                             self._setup_done, self.epoch)
            else:
                left = job.units_left * job.cycle_us - job.run_acc_us
                self.core.at(self.core.now + timedelta(microseconds=left), self._job_done,
                             self.epoch)

    def _setup_done(self, epoch: int) -> None:
        if epoch != self.epoch or self.job is None:
            return
        self.settle()
        self.job.setup_left_us = 0
        if self.jobs is not None:
            self.jobs.job_running(self, self.job)
        self.refresh()

    def _job_done(self, epoch: int) -> None:
        if epoch != self.epoch or self.job is None:
            return
        self.settle()
        job, self.job = self.job, None
        if self.jobs is not None:
            self.jobs.job_done(self, job)
        self.refresh()

    # --- production ------------------------------------------------------------------------
    def settle(self) -> None:
        """Turn the time since the last settlement into setup progress or units."""
        now = self.core.now
        dt = micros(now - self.last_settle)
        self.last_settle = now
        if dt <= 0:
            return
        if self.status.state is S.RUNNING:
            self.interval_run_us += dt
        job = self.job
        if job is None or not self.productive:
            return
        if job.setup_left_us > 0:
            job.setup_left_us = max(0, job.setup_left_us - dt)
            return
        job.run_acc_us += dt
        n = min(job.run_acc_us // job.cycle_us, job.units_left)
        if n <= 0:
            return
        job.run_acc_us -= n * job.cycle_us
        job.units_left -= n
        p = job.scrap_rate + (self.quality.scrap_boost(self) if self.quality else 0.0)
        rnd = self.rng.random
        scrap = sum(1 for _ in range(n) if rnd() < p)
        good = n - scrap
        self.interval_job = job
        self.interval_good += good
        self.interval_scrap += scrap
        self.good_total += good
        self.scrap_total += scrap
        if self.jobs is not None:
            self.jobs.units(self, job, good, scrap)

    # --- publishing ------------------------------------------------------------------------
    def _transition(self, state: MachineState, reason: str) -> None:
        core, now = self.core, self.core.now
        if self.event is not None:
            self.event.end = now
            core.put("mes.machine_events", self.event)
        if self.downtime is not None:
            self.downtime.end = now
            core.put("mes.downtime", self.downtime)
            self.downtime = None
        n = core.next_number("event")
        self.event = StateEvent(id=f"EV-{n:07d}", machine_id=self.id, state=state, start=now,
                                reason=reason)
        core.put("mes.machine_events", self.event)
        if state in (S.DOWN, S.MAINTENANCE):
            n = core.next_number("downtime")
            self.downtime = Downtime(id=f"DT-{n:06d}", machine_id=self.id, start=now, end=None,
                                     reason=reason or str(state), planned=state is S.MAINTENANCE)
            core.put("mes.downtime", self.downtime)
        self.status.state = state
        self.status.since = now
        self.status.reason = reason
        self.publish_status()

    def publish_status(self) -> None:
        st = self.status
        st.work_order_id = self.job.wo.id if self.job is not None else None
        st.good_count = Decimal(self.good_total)
        st.scrap_count = Decimal(self.scrap_total)
        st.signals = self._signals()
        self.core.put("mes.machine_status", st)

    def _signals(self) -> dict[str, float]:
        g = self.rng.gauss
        state = self.status.state
        if state is S.RUNNING:
            temp, load = self.base_temp + 16 + g(0, 1.2), min(99.0, max(20.0, g(62, 9)))
        elif state is S.SETUP:
            temp, load = self.base_temp + 7 + g(0, 1), max(0.0, g(8, 3))
        elif state is S.OFFLINE:
            return {}
        else:
            temp, load = self.base_temp + 2 + g(0, 0.8), 0.0
        return {"temperature_c": round(temp, 1), "spindle_load_pct": round(load, 1)}

    def take_interval(self) -> tuple[int, int, int, Job | None]:
        """Good, scrap, running time (µs) and the job that made the units since the last count
        (the current job if none were made), then start a new interval."""
        out = (self.interval_good, self.interval_scrap, self.interval_run_us,
               self.interval_job or self.job)
        self.interval_good = self.interval_scrap = self.interval_run_us = 0
        self.interval_job = None
        return out

    # --- outside influences ----------------------------------------------------------------
    def force(self, state: MachineState, reason: str) -> None:
        if state in (S.RUNNING, S.IDLE):
            # A person hands the machine back: whatever stopped it is considered fixed.
            self.forced = None
            self.failure = None
            self.failure_token += 1
            self.maintenance = None
        else:
            self.forced = state
            self.forced_reason = reason or f"set to {state} by operator"
        self.refresh()

    def fail(self, state: MachineState, reason: str, seconds: float) -> None:
        self.failure = (state, reason)
        self.failure_token += 1
        self.refresh()
        self.core.after(round(seconds), self._repaired, self.failure_token)

    def _repaired(self, token: int) -> None:
        if token == self.failure_token and self.failure is not None:
            self.failure = None
            self.refresh()
