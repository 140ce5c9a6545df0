"""A time as a person reads it: in a given zone, with that zone named when it is not the
workstation's ("02:36 CST" for a site in Taipei read from Berlin; "18:36" read in Taipei).

Module-level texts name their context ("ZoneTime") literally, so lupdate finds them.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QCoreApplication


def offset_text(offset: timedelta) -> str:
    """"UTC+8", "UTC-3:30", "UTC": for zones whose abbreviation is only a number."""
    minutes = round(offset.total_seconds() / 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_abbreviation(moment: datetime, zone: tzinfo) -> str:
    """The zone's name at `moment` ("CST", "CET", "CEST"); tz data has no letters for many
    zones and gives "+08" instead, which reads better as "UTC+8"."""
    shown = moment.astimezone(zone)
    name = shown.tzname() or ""
    if not name or name[0] in "+-" or name[0].isdigit():
        return offset_text(shown.utcoffset() or timedelta(0))
    return name


def is_local(moment: datetime, zone: tzinfo, local: tzinfo | None = None) -> bool:
    """Whether `zone` shows the same wall-clock time as the workstation at `moment`: then the
    time needs no zone beside it (a site in Shanghai read in Taipei is the same clock)."""
    here = moment.astimezone(local) if local is not None else moment.astimezone()
    return moment.astimezone(zone).utcoffset() == here.utcoffset()


def zoned_time(moment: datetime, zone: tzinfo, time_format: str = "%H:%M",
               local: tzinfo | None = None) -> str:
    """`moment` in `zone`, followed by the zone's abbreviation unless it is the workstation's
    (`local`; None: the machine's own zone)."""
    text = moment.astimezone(zone).strftime(time_format)
    if is_local(moment, zone, local):
        return text
    return QCoreApplication.translate("ZoneTime", "{time} {zone}").format(
        time=text, zone=zone_abbreviation(moment, zone))
