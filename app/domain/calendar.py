"""Working time per work center, in the site's local time (daylight saving included)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from app.domain.common import Record


@dataclass(slots=True, kw_only=True)
class Shift:
    name: str
    weekdays: list[int]  # 0 = Monday, as in date.weekday()
    start: time  # local wall-clock time at the site
    end: time  # may be earlier than start: the shift ends the next day


@dataclass(slots=True, kw_only=True)
class Holiday:
    day: date
    name: str = ""


@dataclass(slots=True, kw_only=True)
class PlannedMaintenance:
    machine_id: str
    start: datetime
    end: datetime
    reason: str = ""


@dataclass(slots=True, kw_only=True)
class Calendar(Record):
    site_id: str
    work_center_ids: list[str]
    shifts: list[Shift] = field(default_factory=list)
    holidays: list[Holiday] = field(default_factory=list)
    maintenance: list[PlannedMaintenance] = field(default_factory=list)
