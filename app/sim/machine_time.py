"""One machine's time in the history generator: when it can work, and what it did.

A machine works inside its calendar's shift windows, outside its planned maintenance. Work is
booked operation by operation, each after the previous one (`plan`, then `commit`, so a work
order whose last operation would end too late can be dropped without a trace); an operation
pauses at the end of a window and carries on in the next, as on the shop floor. Breakdowns come
from the machine type's failure pattern, counted in operating hours, and stop the work for the
repair time.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain import MachineState, WorkOrder
from app.sim.reliability import FailurePattern

S = MachineState
Window = tuple[datetime, datetime]


@dataclass(slots=True)
class Span:
    """A stretch of one state: setup or running on a work order, or down for a repair."""

    state: MachineState
    start: datetime
    end: datetime
    reason: str = ""
    wo: WorkOrder | None = None
    good: int = 0
    scrap: int = 0


@dataclass(slots=True)
class Plan:
    machine: MachineTime
    start: datetime
    end: datetime
    spans: list[Span]
    draws_used: int
    to_fail_s: int


def subtract(windows: list[Window], holes: list[Window]) -> list[Window]:
    """`windows` without `holes` (both sorted by start)."""
    out: list[Window] = []
    j = 0
    for start, end in windows:
        while j < len(holes) and holes[j][1] <= start:
            j += 1
        k, s = j, start
        while k < len(holes) and holes[k][0] < end:
            if holes[k][0] > s:
                out.append((s, holes[k][0]))
            s = max(s, holes[k][1])
            k += 1
        if s < end:
            out.append((s, end))
    return out


class MachineTime:
    def __init__(self, machine_id: str, work_center_id: str, available: list[Window],
                 pattern: FailurePattern, rng: random.Random, speed_factor: float) -> None:
        self.id = machine_id
        self.work_center_id = work_center_id
        self.available = available
        self._ends = [e for _, e in available]
        self.pattern = pattern
        self.rng = rng
        self.speed_factor = speed_factor
        self.spans: list[Span] = []
        self.last_product: str | None = None
        # Booked stretches (start, end), sorted: an operation takes a free gap between them
        # that is long enough, so work released later can use time an earlier booking left.
        self._booked: list[Window] = []
        self.busy_until = available[0][0] if available else datetime.max
        # Failures drawn ahead as needed: (repair seconds, reason, operating seconds to the next)
        self._draws: list[tuple[int, str, int]] = []
        self._next = 0
        self.to_fail_s = self._ttf()

    def _ttf(self) -> int:
        return max(60, round(self.pattern.hours_to_failure(self.rng) * 3600))

    def _draw(self, k: int) -> tuple[int, str, int]:
        while len(self._draws) <= k:
            repair = round(self.pattern.repair_minutes(self.rng) * 60)
            reason = self.rng.choice(self.pattern.faults)
            self._draws.append((repair, reason, self._ttf()))
        return self._draws[k]

    def plan(self, earliest: datetime, setup_s: int, run_s: int, wo: WorkOrder) -> Plan | None:
        """Book setup then run time in the first free gap from `earliest` on that holds it;
        None when the calendar runs out first."""
        booked = self._booked
        t = earliest
        j = bisect.bisect_right(booked, (t, t))
        if j > 0 and booked[j - 1][1] > t:
            j -= 1
        need = timedelta(seconds=setup_s + run_s)
        while True:
            if j < len(booked) and booked[j][0] <= t:
                t = max(t, booked[j][1])
                j += 1
                continue
            limit = booked[j][0] if j < len(booked) else None
            if limit is None or limit - t >= need:
                plan = self._fill(t, limit, setup_s, run_s, wo)
                if plan is not None or limit is None:
                    return plan
            t = booked[j][1]
            j += 1

    def _fill(self, t: datetime, limit: datetime | None, setup_s: int, run_s: int,
              wo: WorkOrder) -> Plan | None:
        """The work from `t` on, pausing outside the available windows; None if it does not
        end by `limit`."""
        i = bisect.bisect_right(self._ends, t)
        spans: list[Span] = []
        k, to_fail = self._next, self.to_fail_s
        left = {S.SETUP: setup_s, S.RUNNING: run_s}
        start: datetime | None = None
        while left[S.SETUP] > 0 or left[S.RUNNING] > 0:
            if limit is not None and t >= limit:
                return None
            if to_fail <= 0:
                repair, reason, to_fail = self._draw(k)
                k += 1
                spans.append(Span(S.DOWN, t, t + timedelta(seconds=repair), reason))
                t = spans[-1].end
                i = bisect.bisect_right(self._ends, t)
                continue
            if i >= len(self.available):
                return None
            ws, we = self.available[i]
            t = max(t, ws)
            if t >= we:
                i += 1
                continue
            state = S.SETUP if left[S.SETUP] > 0 else S.RUNNING
            step = min(int((we - t).total_seconds()), left[state], to_fail)
            if step <= 0:
                i += 1
                continue
            end = t + timedelta(seconds=step)
            start = start or t
            last = spans[-1] if spans else None
            if last is not None and last.state is state and last.end == t:
                last.end = end
            else:
                reason = f"changeover to {wo.number}" if state is S.SETUP else ""
                spans.append(Span(state, t, end, reason, wo))
            left[state] -= step
            to_fail -= step
            t = end
        if start is None or (limit is not None and t > limit):
            return None
        return Plan(self, start, t, spans, k, to_fail)

    def commit(self, plan: Plan) -> None:
        self.spans.extend(plan.spans)
        bisect.insort(self._booked, (plan.spans[0].start, plan.end))
        self.busy_until = max(self.busy_until, plan.end)
        self._next = plan.draws_used
        self.to_fail_s = plan.to_fail_s
