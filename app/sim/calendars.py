"""Shift windows and planned maintenance, computed in the site's local time.

Shifts are wall-clock times at the site; zoneinfo turns each shift instance into UTC, so a shift
across a daylight-saving change is an hour shorter or longer, as it is on the shop floor.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.domain import Holiday, PlannedMaintenance, Shift


def shift_instances(zone: ZoneInfo, shifts: Sequence[Shift], holidays: Sequence[Holiday],
                    first: date, last: date) -> list[tuple[datetime, datetime]]:
    """UTC (start, end) of every shift that starts on a local day in [first, last]."""
    off = {h.day for h in holidays}
    out = []
    day = first
    while day <= last:
        if day not in off:
            for s in shifts:
                if day.weekday() not in s.weekdays:
                    continue
                end_day = day if s.end > s.start else day + timedelta(days=1)
                start = datetime.combine(day, s.start, tzinfo=zone).astimezone(UTC)
                end = datetime.combine(end_day, s.end, tzinfo=zone).astimezone(UTC)
                out.append((start, end))
        day += timedelta(days=1)
    out.sort()
    return out


def working_windows(zone: ZoneInfo, shifts: Sequence[Shift], holidays: Sequence[Holiday],
                    t: datetime, days: int = 10) -> list[tuple[datetime, datetime]]:
    """Merged working windows (back-to-back shifts joined) that end after `t`."""
    local = t.astimezone(zone).date()
    merged = merge_windows(shift_instances(zone, shifts, holidays, local - timedelta(days=1),
                                           local + timedelta(days=days)))
    return [(s, e) for s, e in merged if e > t]


def merge_windows(windows: Sequence[tuple[datetime, datetime]]
                  ) -> list[tuple[datetime, datetime]]:
    """Sorted windows with back-to-back and overlapping ones joined."""
    merged: list[tuple[datetime, datetime]] = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def next_window(zone: ZoneInfo, shifts: Sequence[Shift], holidays: Sequence[Holiday],
                t: datetime) -> tuple[datetime, datetime] | None:
    """The working window that contains `t` or comes next; None if none within weeks."""
    for days in (10, 40):
        windows = working_windows(zone, shifts, holidays, t, days)
        # The last merged window may continue past the horizon; only trust it if another follows.
        if len(windows) >= 2 or (windows and days == 40):
            return windows[0]
    return None


def maintenance_windows(zone: ZoneInfo, machine_ids: Sequence[str], rng: random.Random,
                        first_monday: date, weeks: int) -> list[PlannedMaintenance]:
    """One planned stop per machine and week, on a weekday morning, staggered over the week."""
    reasons = ("Preventive maintenance", "Lubrication and inspection", "Spindle check",
               "Filter and coolant change", "Calibration")
    out = []
    for w in range(weeks):
        monday = first_monday + timedelta(weeks=w)
        for i, mid in enumerate(machine_ids):
            day = monday + timedelta(days=(i + w) % 5)
            hour = 8 + rng.randrange(0, 5)
            hours = rng.choice((2, 2, 3, 4))
            start = datetime.combine(day, datetime.min.time(), tzinfo=zone).replace(hour=hour)
            start_utc = start.astimezone(UTC)
            out.append(PlannedMaintenance(machine_id=mid, start=start_utc,
                                          end=start_utc + timedelta(hours=hours),
                                          reason=rng.choice(reasons)))
    return out


def monday_of(t: datetime, zone: ZoneInfo) -> date:
    local = t.astimezone(zone).date()
    return local - timedelta(days=local.weekday())
