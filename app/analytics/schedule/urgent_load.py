"""Capacity that orders not yet placed will take ahead of a job: the floor takes the most
urgent work first, so while a priority-3 job waits, every priority-1 and -2 order that arrives
meanwhile goes before it. How much of each work center's capacity such work took over the last
weeks is the share it is expected to take again; a job of priority p waits
1 / (1 - that share of priorities < p) as long as the plan of today's orders alone says."""

from __future__ import annotations

from collections import defaultdict

from app.analytics.schedule.floor_history import FloorHistory

# However busy the history, a job is assumed to get at least this share of its work center:
# the floor does not starve a job for ever (planners expedite it).
MAX_SHARE = 0.85
PRIORITIES = range(1, 6)


def urgent_shares(history: FloorHistory, window: tuple[float, float] | None = None
                  ) -> dict[tuple[str, int], float]:
    """(work center id, priority p) -> share of the center's working time that work of a
    priority more urgent than p took: over the whole history, or the operations that started
    within `window` (POSIX seconds)."""
    start, end = window if window is not None else (history.start, history.end)
    machines: dict[str, int] = defaultdict(int)
    for center in history.machines.values():
        machines[center] += 1
    load: dict[tuple[str, int], float] = defaultdict(float)
    for op in history.operations:
        if start <= op.start < end:
            load[(op.work_center_id, op.priority)] += op.working_seconds
    shares: dict[tuple[str, int], float] = {}
    for center, count in machines.items():
        time = history.center_time.get(center)
        capacity = count * time.between(start, end) if time is not None else 0.0
        if capacity <= 0:
            continue
        ahead = 0.0
        for p in PRIORITIES:
            if ahead > 0:
                shares[(center, p)] = min(ahead / capacity, MAX_SHARE)
            ahead += load.get((center, p), 0.0)
    return shares


def weekly_urgent_shares(history: FloorHistory) -> tuple[dict[tuple[str, int], float], ...]:
    """urgent_shares of each whole week of the history: how much the load of more urgent
    orders varies from one week to the next (for the range of a predicted date)."""
    week = 7 * 86400.0
    weeks = int((history.end - history.start) // week)
    return tuple(urgent_shares(history, (history.end - (k + 1) * week, history.end - k * week))
                 for k in range(weeks))
