"""How old something is: the one computation behind every age the console shows (a
complaint's age, how old a view's data is, the age buckets of the open-complaints KPI).

Pure, no Qt. An age is the time elapsed between two aware datetimes on the one clock the caller
passes (the console's `now`), not a count of calendar days: a complaint opened at 23:00 is
"1 h" old at midnight, never "1 d". It is rounded down to the largest unit that fits, as a
unit and a whole number that the views put into words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
JUST_NOW = timedelta(seconds=10)  # younger than this is "just now" when seconds are shown


class AgeUnit(StrEnum):
    NOW = "now"  # count is 0
    SECONDS = "seconds"
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"


@dataclass(frozen=True, slots=True)
class Age:
    unit: AgeUnit
    count: int  # whole units, rounded down
    elapsed: timedelta  # never negative; sorts finer than `count`


def elapsed(since: datetime, now: datetime) -> timedelta:
    """`now - since`, never negative: a clock stepped back (NTP) or a record stamped ahead of
    this desk's clock is shown as new, not as "-3 min"."""
    if since.tzinfo is None or now.tzinfo is None:
        raise ValueError("ages need aware datetimes")
    # In UTC: two datetimes sharing one ZoneInfo subtract as wall-clock times, which is an
    # hour off across a daylight-saving change.
    return max(timedelta(0), now.astimezone(UTC) - since.astimezone(UTC))


def bucket(span: timedelta, finest: AgeUnit = AgeUnit.MINUTES) -> Age:
    """`span` (clamped at zero) as days from a day on, hours from an hour, minutes from a
    minute; below that in `finest` units: MINUTES gives "0 min", SECONDS gives "just now"
    under `JUST_NOW`, then seconds."""
    span = max(timedelta(0), span)
    if span >= DAY:
        return Age(AgeUnit.DAYS, span // DAY, span)
    if span >= HOUR:
        return Age(AgeUnit.HOURS, span // HOUR, span)
    if span >= MINUTE or finest != AgeUnit.SECONDS:
        return Age(AgeUnit.MINUTES, span // MINUTE, span)
    if span < JUST_NOW:
        return Age(AgeUnit.NOW, 0, span)
    return Age(AgeUnit.SECONDS, int(span.total_seconds()), span)


def age(since: datetime, now: datetime, finest: AgeUnit = AgeUnit.MINUTES) -> Age:
    """How old something dated `since` is at `now`."""
    return bucket(elapsed(since, now), finest)


def whole_days(since: datetime, now: datetime) -> int:
    """Full days elapsed: the number an age in days shows ("1 d" from 24 h to 47 h 59 min)."""
    return elapsed(since, now) // DAY
