"""Capacity that orders not yet placed will take ahead of a job: the floor takes the most
urgent work first, so while a priority-3 job waits, priority-1 and -2 orders placed meanwhile
go before it. Work already placed when the wait begins is in today's plan, so what is learned
from the history is, over every window as long as a wait, the work more urgent orders placed
within the window brought to a work center, as a share of its working time:

- for the plan's date (P50), on average over all the windows, the work of such orders that
  were wanted now: begun within two weeks of the order (WANTED_NOW), not ordered long in
  advance (`UrgentLoads.average`);
- for its range, all the work of such orders, in the windows that begin on one day
  (`UrgentLoads.days`): the rush one wait can meet. Bursts of urgent orders make late the
  longer tail.

The work such orders brought, not the work the past floor did within the window: under the
plan's dispatch rule all of it goes ahead of a waiting job, however the past floor ordered its
queue. A floor that worked first come, first served did little of it within the window (the
demo plant's generated year is one: learning from what it did put the P50 of priority-3 jobs
predicted more than three days out a median 1.8 to 3.5 days before their actual finish).

The longer the wait, the more of such work reaches the center: a job of priority p that today's
orders alone make wait W waits W' = W / (1 - share(W')) (solved by a few rounds)."""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate

from app.analytics.schedule.floor_history import FloorHistory

DAY = 86400.0
# The wait lengths the share is learned for (a wait between two is interpolated; a longer one
# takes the longest): short waits see little urgent work placed after them, long ones most.
WAITS = tuple(d * DAY for d in (1, 2, 3, 5, 7, 10, 14, 21, 28))
# However busy the history, a job is assumed to get at least this share of its work center:
# the floor does not starve a job for ever (planners expedite it).
MAX_SHARE = 0.85
PRIORITIES = range(1, 6)
# Urgent work counts if the floor began it within this long of its order: a floor that keeps
# to priorities begins it at once, one that works first come, first served after its queue;
# work begun weeks after its order was ordered in advance, and is in a plan long before it runs.
WANTED_NOW = 14 * DAY
ROUNDS = 4  # of W' = W / (1 - share(W')): the share changes little from one to the next
Sums = dict[tuple[str, int], list[float]]  # (center, priority) -> running sums over window starts


@dataclass(frozen=True, slots=True)
class UrgentLoad:
    """(work center id, priority p) -> for each wait in WAITS, the share of the center's
    working time that work more urgent than p, placed during the wait, took."""

    shares: dict[tuple[str, int], tuple[float, ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.shares)

    def share(self, center: str, priority: int, wait: float) -> float:
        """The share over a wait of `wait` seconds (wall clock)."""
        row = self.shares.get((center, priority))
        if row is None or wait <= 0:
            return 0.0
        i = bisect_left(WAITS, wait)
        if i == 0:  # shorter than the shortest: from nothing at no wait
            return row[0] * wait / WAITS[0]
        if i == len(WAITS):
            return row[-1]
        a, b = WAITS[i - 1], WAITS[i]
        return row[i - 1] + (row[i] - row[i - 1]) * (wait - a) / (b - a)

    def stretch(self, center: str, priority: int, wait: float) -> float:
        """How much longer than `wait` (seconds, today's orders alone) a job of `priority`
        waits at `center` (1.0: nothing more urgent is expected)."""
        factor = 1.0
        for _ in range(ROUNDS):
            factor = 1.0 / (1.0 - self.share(center, priority, wait * factor))
        return factor


@dataclass(frozen=True, slots=True)
class UrgentLoads:
    average: UrgentLoad
    days: tuple[tuple[float, UrgentLoad], ...]  # (start of the day, load of its windows)


def urgent_loads(history: FloorHistory) -> UrgentLoads:
    """The work of the urgent orders placed in every window starting on a day of the
    history; and in the windows of each such day. A wait too long to fit after that day, or
    over no working time, takes the whole history's share."""
    windows = _Windows(history)
    days = max(windows.starts, default=0)
    return UrgentLoads(windows.load(None, windows.wanted),
                       tuple((history.start + k * DAY, windows.load((k, k + 1), windows.placed))
                             for k in range(days)))


class _Windows:
    """Per wait in WAITS and window start k (a day of the history): the work of orders placed
    within the window (`placed`; `wanted`: of those wanted now), per (center, priority), and
    each center's capacity, as running sums over k."""

    def __init__(self, history: FloorHistory) -> None:
        self.history = history
        machines: dict[str, int] = {}
        for center in history.machines.values():
            machines[center] = machines.get(center, 0) + 1
        span = history.end - history.start
        self.starts = [int((span - wait) // DAY) + 1 for wait in WAITS]
        self.placed: list[Sums] = []
        self.wanted: list[Sums] = []
        self.capacity: list[dict[str, list[float]]] = []
        for wait, starts in zip(WAITS, self.starts, strict=True):
            placed_in: Sums = {}
            wanted: Sums = {}
            for op in history.operations if starts > 0 else ():
                # The windows that began before its order was placed and ended after (an
                # operation without a known order: placed when it started).
                placed = min(op.placed, op.start) if op.placed is not None else op.start
                last = min(starts - 1, math.floor((placed - history.start) / DAY))
                first = max(0, math.floor((placed - wait - history.start) / DAY) + 1)
                if last < first:
                    continue
                now = op.start - placed <= WANTED_NOW
                for sums in (placed_in, wanted) if now else (placed_in,):
                    diff = sums.setdefault((op.work_center_id, op.priority),
                                           [0.0] * (starts + 1))
                    diff[first] += op.working_seconds
                    diff[last + 1] -= op.working_seconds
            for sums, out in ((placed_in, self.placed), (wanted, self.wanted)):
                out.append({key: _running(list(accumulate(diff[:-1])))
                            for key, diff in sums.items()})
            capacity: dict[str, list[float]] = {}
            for center, count in machines.items():
                time = history.center_time.get(center)
                if time is not None and starts > 0:
                    capacity[center] = _running([
                        count * time.between(history.start + k * DAY,
                                             history.start + k * DAY + wait)
                        for k in range(starts)])
            self.capacity.append(capacity)

    def load(self, days: tuple[int, int] | None, work: list[Sums]) -> UrgentLoad:
        """`work` over the windows starting on the days [a, b) of the history (None: all)."""
        shares: dict[tuple[str, int], list[float]] = {}
        for w, starts in enumerate(self.starts):
            if starts <= 0:
                continue
            chosen = days if days is not None and days[1] <= starts else (0, starts)
            for center, cap in self.capacity[w].items():
                a, b = chosen
                capacity = cap[b] - cap[a]
                if capacity <= 0:
                    a, b = 0, starts
                    capacity = cap[b] - cap[a]
                if capacity <= 0:
                    continue
                ahead = 0.0
                for p in PRIORITIES:
                    if ahead > 0:
                        shares.setdefault((center, p), [0.0] * len(WAITS))[w] = min(
                            ahead / capacity, MAX_SHARE)
                    run = work[w].get((center, p))
                    ahead += run[b] - run[a] if run is not None else 0.0
        return UrgentLoad({key: tuple(row) for key, row in shares.items()})


def _running(values: list[float]) -> list[float]:
    """Running sums with a leading 0: the sum over [a, b) is out[b] - out[a]."""
    return [0.0, *accumulate(values)]
