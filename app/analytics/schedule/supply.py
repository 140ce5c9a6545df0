"""Supply: each machine's working windows from its work center's shift calendar in the site's
time zone, less holidays, planned maintenance and the downtime it is in now."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.analytics.schedule.repair_time import expected_repair_seconds
from app.analytics.schedule.snapshot import PlantSnapshot
from app.analytics.schedule.working_time import WorkingTime, subtract
from app.domain import Calendar, MachineState

UNAVAILABLE_NOW = frozenset({MachineState.DOWN, MachineState.MAINTENANCE})


def shift_windows(calendar: Calendar, zone: ZoneInfo, start: datetime,
                  end: datetime) -> list[tuple[float, float]]:
    """Every shift of the calendar overlapping [start, end), clipped to it, as POSIX seconds.
    Shifts are local wall-clock times: a daylight-saving change makes that day's shift an hour
    shorter or longer, as it is on the floor. A shift on a holiday (by its starting day) is off."""
    holidays = {h.day for h in calendar.holidays}
    lo, hi = start.timestamp(), end.timestamp()
    day = start.astimezone(zone).date() - timedelta(days=1)  # a night shift may end today
    last = end.astimezone(zone).date()
    windows: list[tuple[float, float]] = []
    while day <= last:
        if day not in holidays:
            weekday = day.weekday()
            for shift in calendar.shifts:
                if weekday not in shift.weekdays:
                    continue
                s = _local(day, shift.start, zone)
                e_day = day + timedelta(days=1) if shift.end <= shift.start else day
                e = _local(e_day, shift.end, zone)
                s, e = max(s, lo), min(e, hi)
                if e > s:
                    windows.append((s, e))
        day += timedelta(days=1)
    windows.sort()
    return windows


def _local(day: date, at: time, zone: ZoneInfo) -> float:
    return datetime.combine(day, at, tzinfo=zone).timestamp()


def machine_working_time(snapshot: PlantSnapshot) -> tuple[dict[str, WorkingTime], list[str]]:
    """Working time per machine, and what could not be determined (in words)."""
    zone, now, end = snapshot.zone, snapshot.now, snapshot.horizon_end
    by_center: dict[str, list[tuple[float, float]]] = {}
    maintenance: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for calendar in sorted(snapshot.calendars, key=lambda c: c.id):
        windows = shift_windows(calendar, zone, now, end)
        for center in calendar.work_center_ids:
            by_center.setdefault(center, windows)  # the first calendar naming it wins
        for m in calendar.maintenance:
            maintenance[m.machine_id].append((m.start.timestamp(), m.end.timestamp()))
    repair = snapshot.settings.repair_hours * 3600.0
    result: dict[str, WorkingTime] = {}
    shared: dict[str, WorkingTime] = {}
    problems: list[str] = []
    for machine_id, center in sorted(snapshot.machines.items()):
        windows = by_center.get(center)
        if windows is None:
            problems.append(f"work center {center} has no shift calendar")
            continue
        holes = list(maintenance.get(machine_id, ()))
        status = snapshot.statuses.get(machine_id)
        if status is not None and status.state in UNAVAILABLE_NOW:
            t = now.timestamp()
            # Planned maintenance under way ends when the calendar says; a breakdown, when
            # the machine's past repairs of that length ended.
            if not any(a <= t < b for a, b in holes):
                mates = {m for m, c in snapshot.machines.items() if c == center}
                mine = expected_repair_seconds(snapshot.downtime, {machine_id}, status.since,
                                               now, -1.0)
                left = mine if mine >= 0 else expected_repair_seconds(
                    snapshot.downtime, mates, status.since, now, repair)
                holes.append((t, t + left))
        if holes:
            result[machine_id] = WorkingTime(subtract(windows, holes))
        else:  # one shared object: the scheduler converts times once for all such machines
            if center not in shared:
                shared[center] = WorkingTime(windows)
            result[machine_id] = shared[center]
    return result, problems
