"""The period the tiles' OEE covers (this shift, today, last 24 h) and computing it.

`compute_oee` blocks on the cache and the analytics: it runs in the background worker.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QCoreApplication

from app.cache.store import CacheStore
from widgets.machines.plant_snapshot import MachineKey

# Between shifts "this shift" falls back to the last hours: a number, not an empty tile.
NO_SHIFT_HOURS = 8


class Period(IntEnum):
    SHIFT = 0
    TODAY = 1
    LAST_24_HOURS = 2


def period_label(period: Period) -> str:
    return {
        Period.SHIFT: QCoreApplication.translate("OeePeriod", "This shift"),
        Period.TODAY: QCoreApplication.translate("OeePeriod", "Today"),
        Period.LAST_24_HOURS: QCoreApplication.translate("OeePeriod", "Last 24 h"),
    }[period]


def _zone(name: str | None) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def period_window(store: CacheStore, source: str, period: Period, now: datetime,
                  time_zone: str | None) -> tuple[datetime, datetime]:
    """[start, end) in UTC; shifts and "today" in the site's time zone."""
    if period == Period.LAST_24_HOURS:
        return now - timedelta(hours=24), now
    if period == Period.TODAY:
        zone = _zone(time_zone) or now.tzinfo
        local = now.astimezone(zone)
        midnight = datetime.combine(local.date(), time(0), tzinfo=zone)
        return midnight.astimezone(now.tzinfo), now
    from app.runtime.oee_from_cache import shift_window  # lazily: start-up stays light

    shift = shift_window(store, source, now)
    if shift is None:
        return now - timedelta(hours=NO_SHIFT_HOURS), now
    _, start, _ = shift
    return start, now


def compute_oee(store: CacheStore, sources: list[str], period: Period, now: datetime,
                time_zones: dict[str, str]) -> dict[MachineKey, Any]:
    from app.runtime.oee_from_cache import oee_by_machine

    figures: dict[MachineKey, Any] = {}
    for source in sources:
        start, end = period_window(store, source, period, now, time_zones.get(source))
        if end <= start:
            continue
        for machine_id, value in oee_by_machine(store, source, start, end).items():
            figures[(source, machine_id)] = value
    return figures
