"""The shop floor around the machines: shifts, breakdowns, planned maintenance, counting.

Shifts open and close working windows per calendar; breakdowns strike at random (exponential
times between failures, lognormal repair times); planned maintenance follows the calendar; every
count interval each machine reports good and scrap and, when it is working, a status snapshot.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.domain import Calendar, MachineState, PlannedMaintenance, ProductionCount
from app.sim.calendars import maintenance_windows, monday_of, next_window
from app.sim.core import SimCore
from app.sim.machines import Machine
from app.sim.reliability import FailurePattern

S = MachineState
COUNT_INTERVAL = timedelta(minutes=5)
_MACHINING_FAULTS = ("Tool breakage", "Spindle overheat", "Hydraulic pressure low",
                     "Coolant pump failure", "Chip conveyor jam", "Servo drive alarm")
_ASSEMBLY_FAULTS = ("Nutrunner torque fault", "Press-fit force alarm", "Transfer conveyor jam",
                    "Vision system fault", "Light curtain interruption")


class Floor:
    def __init__(self, core: SimCore, zone: ZoneInfo, calendars: list[Calendar],
                 machines: list[Machine], work_centers: dict[str, str]) -> None:
        self.core = core
        self.zone = zone
        self.calendars = calendars
        self.machines = machines
        self.by_id = {m.id: m for m in machines}
        self._wc_line = work_centers  # work center -> line
        self.rng = core.rng("floor")
        self.faults_enabled = True
        self.on_tick: list[Callable[[Machine, int, int], None]] = []  # (machine, good, scrap)
        self.after_tick: list[Callable[[], None]] = []
        self._pm_until: datetime = core.now
        # Failure patterns per work center (app.sim.reliability); None: every machine's own
        # exponential MTBF and one repair-time spread, as short demo histories always had.
        self.patterns: dict[str, FailurePattern] | None = None

    def machines_of(self, cal: Calendar) -> list[Machine]:
        wcs = set(cal.work_center_ids)
        return [m for m in self.machines if m.work_center_id in wcs]

    def start(self) -> None:
        now = self.core.now
        self._pm_until = now  # after a generated history, maintenance is planned from here on
        for cal in self.calendars:
            self._schedule_shift(cal, now)
        self._extend_maintenance(now + timedelta(days=28))
        for m in self.machines:
            self._schedule_failure(m)
        epoch = datetime(2000, 1, 1, tzinfo=UTC)
        step = COUNT_INTERVAL.total_seconds()
        ticks = math.floor((now - epoch).total_seconds() / step) + 1
        first = epoch + timedelta(seconds=ticks * step)
        self.core.at(first, self._tick)

    # --- shifts ----------------------------------------------------------------------------
    def _schedule_shift(self, cal: Calendar, t: datetime) -> None:
        window = next_window(self.zone, cal.shifts, cal.holidays, t)
        if window is None:
            return
        start, end = window
        if start <= t:
            self._shift_start(cal, end)
        else:
            self.core.at(start, self._shift_start, cal, end)

    def _shift_start(self, cal: Calendar, end: datetime) -> None:
        for m in self.machines_of(cal):
            m.on_shift = True
            m.refresh()
        self.core.at(end, self._shift_end, cal)

    def _shift_end(self, cal: Calendar) -> None:
        for m in self.machines_of(cal):
            m.on_shift = False
            m.refresh()
        self._schedule_shift(cal, self.core.now)

    # --- breakdowns ------------------------------------------------------------------------
    def _schedule_failure(self, m: Machine) -> None:
        pattern = self.patterns and self.patterns.get(m.work_center_id)
        hours = (pattern.hours_to_failure(self.rng) if pattern
                 else self.rng.expovariate(1.0 / m.mtbf_hours))
        self.core.after(round(hours * 3600), self._failure, m)

    def _failure(self, m: Machine) -> None:
        rng = self.rng
        pattern = self.patterns and self.patterns.get(m.work_center_id)
        # Draw everything first so the stream does not depend on whether the failure applies.
        offline = rng.random() < 0.08
        if pattern:
            minutes = pattern.repair_minutes(rng)
            reason = rng.choice(pattern.faults)
        else:
            long_repair = rng.random() < 0.1
            minutes = min(360.0, rng.lognormvariate(math.log(35), 0.7))
            if long_repair:
                minutes = rng.uniform(120, 360)
            faults = _ASSEMBLY_FAULTS if m.line_id == "LN-3" else _MACHINING_FAULTS
            reason = rng.choice(faults)
        busy = m.status.state in (S.RUNNING, S.SETUP)
        if self.faults_enabled and m.failure is None and m.forced is None and busy:
            if offline:
                m.fail(S.OFFLINE, "controller lost network connection", rng.uniform(300, 2400))
            else:
                m.fail(S.DOWN, reason, minutes * 60)
        self._schedule_failure(m)

    def breakdown(self, m: Machine, reason: str, hours: float) -> None:
        m.fail(S.DOWN, reason, hours * 3600)

    def repair_all(self) -> None:
        for m in self.machines:
            if m.failure is not None or m.forced is not None or m.maintenance is not None:
                m.force(S.RUNNING, "")

    # --- planned maintenance ---------------------------------------------------------------
    def _extend_maintenance(self, until: datetime) -> None:
        first = monday_of(self._pm_until, self.zone)
        weeks = math.ceil((until - self._pm_until).days / 7) + 1
        rng = self.core.rng(f"maintenance/{first.isoformat()}")
        ids = [m.id for m in self.machines]
        windows = [w for w in maintenance_windows(self.zone, ids, rng, first, weeks)
                   if w.start >= self._pm_until]
        last = self._pm_until
        for w in windows:
            self.core.at(w.start, self._pm_start, w)
            last = max(last, w.end)
        by_machine: dict[str, list[PlannedMaintenance]] = {}
        for w in windows:
            by_machine.setdefault(w.machine_id, []).append(w)
        for cal in self.calendars:
            for m in self.machines_of(cal):
                cal.maintenance.extend(by_machine.get(m.id, []))
            cal.maintenance.sort(key=lambda w: (w.start, w.machine_id))
            self.core.put("mes.calendars", cal)
        self._pm_until = last
        # Keep two weeks of maintenance ahead of the clock, whatever the clock does.
        self.core.at(last - timedelta(days=14), self._extend_maintenance,
                     last + timedelta(days=28))

    def plan_maintenance(self, calendar_id: str, w: PlannedMaintenance) -> Calendar:
        """A window planned from outside (the contract's maintenance write): on the calendar
        from now on, and the machine stops for it when its time comes. The same window twice
        is kept once."""
        cal = next((c for c in self.calendars if c.id == calendar_id), None)
        if cal is None:
            raise KeyError(f"unknown calendar {calendar_id!r}")
        m = self.by_id.get(w.machine_id)
        if m is None:
            raise ValueError(f"unknown machine {w.machine_id!r}")
        if m.work_center_id not in cal.work_center_ids:
            raise ValueError(f"machine {m.id} is not on calendar {calendar_id} "
                             f"(its work center {m.work_center_id} is not)")
        if w.end <= w.start:
            raise ValueError("maintenance must end after it starts")
        if w.end <= self.core.now:
            raise ValueError("maintenance must end in the future")
        if w.end - w.start > timedelta(days=7):
            raise ValueError("maintenance longer than a week is not a window")
        if not any((p.machine_id, p.start, p.end) == (w.machine_id, w.start, w.end)
                   for p in cal.maintenance):
            cal.maintenance.append(w)
            cal.maintenance.sort(key=lambda p: (p.start, p.machine_id))
            self.core.put("mes.calendars", cal)
            self.core.at(max(w.start, self.core.now), self._pm_start, w)
        return cal

    def _pm_start(self, w: PlannedMaintenance) -> None:
        m = self.by_id[w.machine_id]
        m.maintenance = w.reason
        m.refresh()
        self.core.at(w.end, self._pm_end, m)

    def _pm_end(self, m: Machine) -> None:
        if m.maintenance is not None:
            m.maintenance = None
            m.refresh()

    # --- counting --------------------------------------------------------------------------
    def _tick(self) -> None:
        core = self.core
        now = core.now
        start = now - COUNT_INTERVAL
        stamp = start.strftime("%Y%m%d%H%M")
        for m in self.machines:
            m.settle()
            good, scrap, _run, job = m.take_interval()
            core.put("mes.production_counts", ProductionCount(
                id=f"PC-{m.id[2:]}-{stamp}", machine_id=m.id,
                work_order_id=job.wo.id if job else None,
                product_id=job.wo.product_id if job else None,
                start=start, end=now, good=Decimal(good), scrap=Decimal(scrap)))
            for hook in self.on_tick:
                hook(m, good, scrap)
            if m.status.state in (S.RUNNING, S.SETUP) or good or scrap:
                m.publish_status()
        for after in self.after_tick:
            after()
        core.at(now + COUNT_INTERVAL, self._tick)
